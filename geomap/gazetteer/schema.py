"""The gazetteer file's format: tables, name flags, place records, and writing rows.

Shared by the builder, the store and the geoparser (which reads
:class:`NameFlag`), so it holds no build logic: what a gazetteer file
contains and how a :class:`PlaceRecord` becomes rows of it.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .names import exact_key, loose_key

__all__ = [
    "BUILD_VERSION",
    "FORMAT_VERSION",
    "NameFlag",
    "PlaceRecord",
    "Progress",
    "gpkg_blob",
    "insert_places",
]

# Bump when the schema or the meaning of a column changes: an older cached
# file is then rebuilt instead of being misread.
FORMAT_VERSION = 6

# Bump when the default build's output changes for the same inputs: a change
# in how sources.py or build.py assemble places, or in the keys names.py
# computes. The cache file name hashes this number, the format version, the
# source packages' versions and the bundled data files (see
# geomap.gazetteer.store.default_path), not the source text of any module,
# so an edit that changes no data does not rebuild the ~150 MB file.
BUILD_VERSION = 6


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
    local_name: str | None = None  # the source's own spelling where ``name`` differs

    def add_name(self, name: str, flag: int) -> None:
        name = " ".join(name.split())
        if name and (name not in self.names or flag < self.names[name]):
            self.names[name] = flag


Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    pass


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
  has_area INTEGER NOT NULL, capital INTEGER NOT NULL, source TEXT, local_name TEXT);
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
        rec.local_name,
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
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", _place_row(fid, rec)
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
