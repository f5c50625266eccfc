"""Users' own places: add them to a gazetteer file, atomically."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..errors import GazetteerError, GazetteerMissingError
from .build import read_places_file
from .schema import PlaceRecord, insert_places

__all__ = ["add_places", "add_records"]


def add_records(gazetteer_path: Path, records: Iterable[PlaceRecord]) -> int:
    """Insert records in one transaction: all of them land, or none."""
    if not Path(gazetteer_path).is_file():
        raise GazetteerMissingError(f"no gazetteer at {gazetteer_path}")
    try:
        conn = sqlite3.connect(gazetteer_path)
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"cannot open the gazetteer {gazetteer_path}: {exc}") from exc
    try:
        with conn:  # commits on success, rolls back on any exception
            return insert_places(conn, records, replace=True)
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(
            f"cannot write to the gazetteer {gazetteer_path} ({exc}); "
            "if it is corrupt, rebuild it with: geomap gazetteer build"
        ) from exc
    finally:
        conn.close()


def add_places(gazetteer_path: Path, places_file: Path) -> int:
    """Add (or override by id) the places of a GeoJSON/GeoPackage/CSV file."""
    return add_records(gazetteer_path, read_places_file(places_file))
