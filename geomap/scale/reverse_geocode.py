"""Reverse geocoding a table's points in bulk.

:func:`reverse_frame` names the district, admin-1 region, country and
nearest town of a column of points (:func:`reverse_arrays` of plain arrays),
in a few vectorised calls over the gazetteer's reverse index.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from ..errors import InputError
from ..gazetteer.reverse import haversine_km, unit_vectors
from ..gazetteer.store import Gazetteer
from ..models import Kind
from .geocode import _check_columns, _points

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["INVALID", "OK", "REVERSE_COLUMNS", "reverse_arrays", "reverse_frame"]

OK = "ok"
INVALID = "invalid"  # a missing, unreadable or out-of-range coordinate

REVERSE_COLUMNS: tuple[str, ...] = (
    "status",
    "district",
    "district_id",
    "admin1",
    "admin1_id",
    "country",
    "country_code",
    "nearest",
    "nearest_id",
    "nearest_km",
    "sea",
    "sea_id",
)
# -- reverse geocoding points ----------------------------------------------------


class _BulkReverse:
    """Arrays over a gazetteer's reverse index, for queries over many points.

    The polygons are the reverse index's own layers, so the answers are
    those of :meth:`Gazetteer.reverse`; the nearest town is found on a k-d
    tree of unit vectors, where the straight-line nearest is the
    great-circle nearest, for every point at once.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        from scipy.spatial import cKDTree

        index = gazetteer.reverse_index
        self.layers: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        for layer in ("district", "admin1", "country", "sea"):
            _, places, areas = index.layers[layer]
            geoms = np.array([p.area for p in places], dtype=object)
            # Prepared once, polygons answer point-in-polygon in log time.
            shapely.prepare(geoms)
            self.layers[layer] = (
                geoms,
                np.asarray(areas, dtype=float),
                np.array([p.name for p in places] + [None], dtype=object),
                np.array([p.id for p in places] + [None], dtype=object),
            )
        codes = [p.country_code for p in index.layers["country"][1]]
        self.country_codes = np.array([*codes, None], dtype=object)
        rows = _city_rows(gazetteer.path)
        self.city_ids = np.array([r[0] for r in rows] + [None], dtype=object)
        self.city_names = np.array([r[1] for r in rows] + [None], dtype=object)
        lat = np.array([r[2] for r in rows], dtype=float)
        lon = np.array([r[3] for r in rows], dtype=float)
        self.city_lat, self.city_lon = lat, lon
        self.cities = cKDTree(unit_vectors(lat, lon)) if rows else None

    def containing(self, layer: str, points: np.ndarray, tree: shapely.STRtree) -> np.ndarray:
        """Per point, the index of the smallest polygon covering it, else -1."""
        geoms, areas, _, _ = self.layers[layer]
        out = np.full(len(points), -1, dtype=np.int64)
        if len(geoms) == 0 or len(points) == 0:
            return out
        # Polygons query the tree of points, not points a tree of polygons:
        # each polygon is then tested once against the points in its box.
        poly_idx, pt_idx = tree.query(geoms, predicate="intersects")
        # Smallest area first per point (the Green Zone inside Baghdad).
        order = np.lexsort((areas[poly_idx], pt_idx))
        pt_sorted = pt_idx[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = pt_sorted[1:] != pt_sorted[:-1]
        out[pt_sorted[first]] = poly_idx[order][first]
        return out

    def nearest(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.cities is None or len(lat) == 0:
            return np.full(len(lat), -1, dtype=np.int64), np.full(len(lat), np.nan)
        _, idx = self.cities.query(unit_vectors(lat, lon))
        idx = np.asarray(idx, dtype=np.int64)
        km = haversine_km(lat, lon, self.city_lat[idx], self.city_lon[idx])
        return idx, np.asarray(km, dtype=float)


def _city_rows(path: Path) -> list[tuple[str, str, float, float]]:
    # Our own read-only connection: one query for every town's name, rather
    # than a Place object per answer.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT id, name, latitude, longitude FROM places WHERE kind = ? ORDER BY id",
            (Kind.CITY.value,),
        ).fetchall()
    finally:
        conn.close()


_bulk: dict[int, tuple[Gazetteer, _BulkReverse]] = {}


def _bulk_reverse(gazetteer: Gazetteer) -> _BulkReverse:
    # Keyed by identity but holding the gazetteer too, so a recycled id()
    # can never hand back another gazetteer's arrays.
    held = _bulk.get(id(gazetteer))
    if held is None or held[0] is not gazetteer:
        held = _bulk[id(gazetteer)] = (gazetteer, _BulkReverse(gazetteer))
    return held[1]


def reverse_arrays(
    latitudes: Any, longitudes: Any, *, gazetteer: Gazetteer | None = None
) -> dict[str, np.ndarray]:
    """Reverse-geocode arrays of coordinates in bulk.

    Returns a dict of arrays keyed by :data:`REVERSE_COLUMNS` (object arrays
    of names and ids, None where nothing contains the point; ``nearest_km``
    float, NaN where unknown; ``status`` "ok", or "invalid" for a point
    with a missing or out-of-range coordinate, which gets None everywhere
    else).
    """
    gaz = gazetteer or Gazetteer.default()
    bulk = _bulk_reverse(gaz)
    lat = np.asarray(latitudes, dtype=float)
    lon = np.asarray(longitudes, dtype=float)
    if lat.shape != lon.shape or lat.ndim != 1:
        raise InputError(f"latitudes and longitudes differ in shape: {lat.shape} vs {lon.shape}")
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    where = np.nonzero(ok)[0]
    points = np.asarray(shapely.points(lon[where], lat[where]))
    tree = shapely.STRtree(points)
    n = len(lat)
    out: dict[str, np.ndarray] = {}
    for layer in ("district", "admin1", "country", "sea"):
        _, _, names, ids = bulk.layers[layer]
        idx = np.full(n, -1, dtype=np.int64)
        idx[where] = bulk.containing(layer, points, tree)
        out[layer] = names[idx]  # index -1 is the trailing None
        out[f"{layer}_id"] = ids[idx]
        if layer == "country":
            out["country_code"] = bulk.country_codes[idx]
    near = np.full(n, -1, dtype=np.int64)
    km = np.full(n, np.nan)
    near[where], km[where] = bulk.nearest(lat[where], lon[where])
    out["nearest"] = bulk.city_names[near]
    out["nearest_id"] = bulk.city_ids[near]
    out["nearest_km"] = np.round(km, 3)
    out["status"] = np.where(ok, OK, INVALID).astype(object)
    on_land = ~pd.isna(out["country"])  # a sea names only a point in no country
    for column in ("sea", "sea_id"):
        out[column] = out[column].copy()
        out[column][on_land] = None
    return {c: out[c] for c in REVERSE_COLUMNS}


_LAT_NAMES = ("latitude", "lat", "y")
_LON_NAMES = ("longitude", "lon", "lng", "long", "x")


def _coordinate_column(df: pd.DataFrame, given: str | None, names: tuple[str, ...]) -> str:
    if given is not None:
        if given not in df.columns:
            raise InputError(f"the table has no column {given!r}")
        return given
    lower = {str(c).lower(): str(c) for c in df.columns}
    for name in names:
        if name in lower:
            return lower[name]
    raise InputError(
        f"no {names[0]} column found (looked for {', '.join(names)}); name it explicitly"
    )


def _coordinates(
    data: pd.DataFrame, lat_column: str | None, lon_column: str | None
) -> tuple[np.ndarray, np.ndarray]:
    import geopandas as gpd

    if isinstance(data, gpd.GeoDataFrame) and lat_column is None and lon_column is None:
        geoms = data.geometry
        if geoms.crs is not None and not geoms.crs.equals("EPSG:4326"):
            geoms = geoms.to_crs("EPSG:4326")
        kinds = set(geoms.geom_type.dropna().unique())
        if kinds - {"Point"}:
            raise InputError(f"reverse geocoding needs point geometries, found {sorted(kinds)}")
        arr = geoms.to_numpy()
        return shapely.get_y(arr), shapely.get_x(arr)  # None geometries give NaN
    lat_col = _coordinate_column(data, lat_column, _LAT_NAMES)
    lon_col = _coordinate_column(data, lon_column, _LON_NAMES)
    lat = pd.to_numeric(data[lat_col], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(data[lon_column or lon_col], errors="coerce").to_numpy(dtype=float)
    return lat, lon


def reverse_frame(
    data: pd.DataFrame,
    *,
    lat_column: str | None = None,
    lon_column: str | None = None,
    prefix: str = "",
    gazetteer: Gazetteer | None = None,
) -> gpd.GeoDataFrame:
    """Name what contains each point of a table, and its nearest town.

    ``data`` is a GeoDataFrame of points (any CRS) or a DataFrame with
    latitude/longitude columns (found by name — latitude/lat, longitude/lon/
    lng — unless given). Adds :data:`REVERSE_COLUMNS`; a row with a missing
    or impossible coordinate gets status "invalid" and empty cells, not an
    error.
    """
    import geopandas as gpd

    lat, lon = _coordinates(data, lat_column, lon_column)
    _check_columns(data.columns, [], [prefix + c for c in REVERSE_COLUMNS], "the table")
    found = reverse_arrays(lat, lon, gazetteer=gazetteer)
    added = pd.DataFrame({prefix + k: v for k, v in found.items()}, index=data.index)
    out = pd.concat([data, added], axis=1)
    if isinstance(data, gpd.GeoDataFrame):
        return gpd.GeoDataFrame(out, geometry=data.geometry.name, crs=data.crs)
    return gpd.GeoDataFrame(out, geometry=_points(lat, lon), crs="EPSG:4326")
