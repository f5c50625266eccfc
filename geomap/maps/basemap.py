"""The offline basemap: countries, admin-1 regions and label candidates.

The bundled ``basemap.json.gz`` (made by ``gazetteer/scripts/basemap.py``
from Natural Earth admin-1 and GeoNames) holds every admin-1 region
simplified with shared topology (``shapely.coverage_simplify``) and the
countries dissolved from them, so country and region borders are one line at
one level of detail everywhere. Geometries are rings of delta-encoded
integers in 1/1000 degree, which the page runtime decodes.

A folder holding only ``countries.geojson.gz``/``admin1.geojson.gz`` (the
older layout, or your own boundaries) is read and encoded on the fly.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..errors import GazetteerMissingError
from ..resources import bundled_dir

BASEMAP_FILE = "basemap.json.gz"
_BOUNDARY_FILES = {"countries": "countries.geojson.gz", "admin1": "admin1.geojson.gz"}
_DIGITS = 3


def _boundary_folder(basemap: bool | str | os.PathLike[str]) -> Path | None:
    if basemap is False:
        return None
    if basemap is True:
        try:
            return bundled_dir("data")
        except GazetteerMissingError:
            return None
    return Path(basemap)


def encode(geom: BaseGeometry) -> list[list[list[int]]]:
    """Polygons as rings of delta-encoded integers (1/1000 degree)."""
    scale = 10**_DIGITS
    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings = []
        for ring in (part.exterior, *part.interiors):
            xy = np.rint(np.asarray(ring.coords)[:-1] * scale).astype(np.int64)
            if len(xy) < 3:
                continue
            deltas = np.vstack([xy[:1], np.diff(xy, axis=0)])
            rings.append([int(v) for v in deltas.ravel()])
        if rings:
            out.append(rings)
    return out


@functools.lru_cache(maxsize=4)
def _read_bundled(path: str, mtime_ns: int) -> dict[str, Any]:
    del mtime_ns  # part of the cache key, so a rebuilt file is read again
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@functools.lru_cache(maxsize=4)
def _read_folder(folder: str, mtime_ns: int) -> dict[str, Any]:
    """countries/admin1 GeoJSON files in the bundled file's shape."""
    del mtime_ns
    import pyogrio

    out: dict[str, Any] = {"countries": [], "admin1": [], "cities": []}
    for name in ("countries", "admin1"):
        path = Path(folder) / _BOUNDARY_FILES[name]
        if not path.is_file():
            continue
        frame = pyogrio.read_dataframe(f"/vsigzip/{path}" if path.suffix == ".gz" else path)
        names = frame["name"] if "name" in frame.columns else [None] * len(frame)
        geoms = np.asarray(frame.geometry.values)
        simple = shapely.simplify(geoms, 0.01, preserve_topology=True)
        for geom, label in zip(simple, names, strict=True):
            if geom is None or geom.is_empty:
                continue
            point = geom.point_on_surface()
            area = math.sqrt(max(p.area for p in shapely.get_parts(geom)))
            out[name].append(
                {
                    "n": str(label) if isinstance(label, str) else "",
                    "z": 2 if area > 10 else 4 if area > 1.5 else 6,
                    "p": [round(point.y, 3), round(point.x, 3)],
                    "b": [round(v, 3) for v in geom.bounds],
                    "g": encode(geom),
                }
            )
    return out


def load(folder: Path | None) -> dict[str, Any] | None:
    """The basemap's countries, regions and cities from a folder, or None."""
    if folder is None:
        return None
    path = folder / BASEMAP_FILE
    try:
        if path.is_file():
            return _read_bundled(str(path), path.stat().st_mtime_ns)
        stamps = [
            (folder / f).stat().st_mtime_ns
            for f in _BOUNDARY_FILES.values()
            if (folder / f).is_file()
        ]
        if not stamps:
            return None
        data = _read_folder(str(folder), max(stamps))
    except Exception as error:  # a corrupt or half-written file must not stop a map
        warnings.warn(f"basemap files in {folder} could not be read: {error}", stacklevel=3)
        return None
    return data if data["countries"] or data["admin1"] else None


def near_box(extent: BaseGeometry | None) -> BaseGeometry | None:
    """The box around the data in which regions and small towns are drawn."""
    if extent is None or extent.is_empty:
        return None
    minx, miny, maxx, maxy = extent.bounds
    pad = max(3.0, 0.5 * max(maxx - minx, maxy - miny))
    return box(
        max(-180.0, minx - pad),
        max(-90.0, miny - pad),
        min(180.0, maxx + pad),
        min(90.0, maxy + pad),
    )


def _touches(bbox: list[float], area: BaseGeometry | None) -> bool:
    if area is None:
        return True
    minx, miny, maxx, maxy = area.bounds
    return bbox[0] <= maxx and bbox[2] >= minx and bbox[1] <= maxy and bbox[3] >= miny


# Around data spread wider than this (degrees), regions are drawn only in the
# countries that hold it: a continent of region borders is megabytes.
WIDE = 30.0


def regions_near(
    data: dict[str, Any], near: BaseGeometry | None, countries: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """The admin-1 regions drawn and labelled: near the data, in its countries if it is wide."""
    if near is None:
        return []
    minx, miny, maxx, maxy = near.bounds
    wide = max(maxx - minx, maxy - miny) > WIDE and bool(countries)
    return [
        f
        for f in data["admin1"]
        if _touches(f["b"], near) and (not wide or f.get("c") in countries)
    ]


def basemap_payload(
    data: dict[str, Any],
    near: BaseGeometry | None,
    fill: bool,
    countries: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Every country (the world at one level of detail), regions near the data."""
    regions = [f["g"] for f in regions_near(data, near, countries)]
    return {"fill": fill, "countries": [f["g"] for f in data["countries"]], "admin1": regions}


def _decode_ring(ring: list[int]) -> Any:
    return np.cumsum(np.asarray(ring, dtype=np.int64).reshape(-1, 2), axis=0) / 10**_DIGITS


def basemap_shapes(
    data: dict[str, Any] | None,
    near: BaseGeometry | None,
    countries: frozenset[str] = frozenset(),
) -> dict[str, list[BaseGeometry]]:
    """Shapely polygons of the same basemap, for the static map."""
    if data is None:
        return {}

    def shapes(features: list[dict[str, Any]]) -> list[BaseGeometry]:
        out: list[BaseGeometry] = []
        for feature in features:
            polygons = []
            for rings in feature["g"]:
                coords = [
                    np.cumsum(np.asarray(r).reshape(-1, 2), axis=0) / 10**_DIGITS for r in rings
                ]
                polygons.append(shapely.Polygon(coords[0], coords[1:]))
            out.append(shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0])
        return out

    visible = [f for f in data["countries"] if _touches(f["b"], near)]
    regions = regions_near(data, near, countries)
    return {"countries": shapes(visible), "admin1": shapes(regions)}
