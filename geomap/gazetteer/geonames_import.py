"""Import GeoNames dump files that a user has downloaded.

The dump format (``allCountries.txt``, ``IQ.txt``, ``cities15000.txt``) is a
tab-separated file of 19 columns; ``alternateNamesV2.txt`` adds names. The
default gazetteer only has populated places; a full dump adds districts,
rivers, mountains, bases and more.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerError, GazetteerMissingError, InputError
from ..models import Kind
from .names import exact_key, loose_key
from .schema import NameFlag, PlaceRecord, insert_places
from .sources import _shown, _useful_alternate

__all__ = ["import_geonames", "kind_for_feature", "read_dump"]

_BATCH = 5000
# alternateNamesV2 "languages" that are not names: links, codes, postcodes.
_NOT_NAMES = {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc", "tcid"}


def kind_for_feature(feature_class: str, feature_code: str) -> str:
    """Map a GeoNames feature class/code to a geomap :class:`Kind`."""
    if feature_class == "A":
        if feature_code.startswith("PCL"):
            return Kind.COUNTRY
        if feature_code == "ADM1":
            return Kind.ADMIN1
        if feature_code == "ADM2":
            return Kind.ADMIN2
        return Kind.DISTRICT
    if feature_class == "P":
        return Kind.DISTRICT if feature_code == "PPLX" else Kind.CITY
    if feature_class == "L" and feature_code in ("RGN", "RGNE", "AREA", "ZN"):
        return Kind.REGION
    return Kind.LANDMARK


def read_dump(path: Path, admin1_names: dict[str, str]) -> Iterator[PlaceRecord]:
    """Stream the rows of a GeoNames dump file as place records."""
    try:
        fh = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed by `with` below
    except OSError as exc:
        raise InputError(f"cannot open GeoNames dump {path}: {exc.strerror}") from exc
    with fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        try:
            for lineno, row in enumerate(reader, 1):
                if not row or row[0].startswith("#"):
                    continue
                if len(row) != 19:
                    raise InputError(
                        f"{path}:{lineno}: not a GeoNames dump row (expected 19 tab-separated "
                        f"columns, got {len(row)})"
                    )
                try:
                    lat, lon = float(row[4]), float(row[5])
                except ValueError:
                    raise InputError(
                        f"{path}:{lineno}: bad coordinates {row[4]!r}, {row[5]!r}"
                    ) from None
                cc, a1 = row[8] or None, row[10]
                code = f"{cc}.{a1}" if cc and a1 else None
                rec = PlaceRecord(
                    id=f"gn:{row[0]}",
                    name=row[1],
                    kind=kind_for_feature(row[6], row[7]),
                    latitude=lat,
                    longitude=lon,
                    country_code=cc,
                    admin1=admin1_names.get(code or ""),
                    admin1_code=code,
                    population=int(row[14]) if row[14].isdigit() and int(row[14]) else None,
                    source=f"GeoNames dump {path.name} ({row[6]}.{row[7]})",
                )
                rec.add_name(row[1], NameFlag.PRIMARY)
                if row[2] and row[2] != row[1]:
                    rec.add_name(row[2], NameFlag.ALTERNATE)
                for alt in row[3].split(","):
                    if _useful_alternate(alt, row[1]):
                        rec.add_name(alt, NameFlag.ALTERNATE)
                yield _shown(rec)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def import_geonames(
    gazetteer_path: Path, dump: Path, *, alternate_names: Path | None = None
) -> int:
    """Add every feature of ``dump`` (and names from ``alternate_names``).

    Runs in one transaction, so an interrupted import leaves the gazetteer as
    it was.
    """
    if not Path(gazetteer_path).is_file():
        raise GazetteerMissingError(f"no gazetteer at {gazetteer_path}")
    conn = sqlite3.connect(gazetteer_path)
    try:
        admin1 = dict(
            conn.execute("SELECT admin1_code, name FROM places WHERE kind = 'admin1'").fetchall()
        )
        count = 0
        with conn:
            batch: list[PlaceRecord] = []
            for rec in read_dump(dump, admin1):
                if rec.kind == Kind.ADMIN1 and rec.admin1_code:
                    admin1.setdefault(rec.admin1_code, rec.name)
                batch.append(rec)
                if len(batch) >= _BATCH:
                    count += insert_places(conn, batch, replace=True)
                    batch = []
            count += insert_places(conn, batch, replace=True)
            if alternate_names is not None:
                _import_alternate_names(conn, alternate_names)
        return count
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"cannot import into {gazetteer_path}: {exc}") from exc
    finally:
        conn.close()


def _import_alternate_names(conn: sqlite3.Connection, path: Path) -> None:
    try:
        fh = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed by `with` below
    except OSError as exc:
        raise InputError(f"cannot open alternate names file {path}: {exc.strerror}") from exc
    with fh:
        rows = []
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 4 or row[2] in _NOT_NAMES or not _useful_alternate(row[3], ""):
                continue
            rows.append(
                (loose_key(row[3]), exact_key(row[3]), row[3], NameFlag.ALTERNATE, f"gn:{row[1]}")
            )
            if len(rows) >= _BATCH:
                _insert_alternates(conn, rows)
                rows = []
        _insert_alternates(conn, rows)


def _insert_alternates(
    conn: sqlite3.Connection, rows: list[tuple[str, str, str, int, str]]
) -> None:
    # Only names of places the gazetteer holds; the unique index on places.id
    # makes the join a lookup. Duplicates of existing names are skipped.
    conn.executemany(
        "INSERT INTO names (key, exact, name, place_fid, flag)"
        " SELECT ?1, ?2, ?3, p.fid, ?4 FROM places p WHERE p.id = ?5"
        " AND NOT EXISTS (SELECT 1 FROM names n WHERE n.place_fid = p.fid AND n.name = ?3)",
        rows,
    )
