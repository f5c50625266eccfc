"""The offline basemap: country and admin-1 polygons from the gazetteer."""

from __future__ import annotations

import functools
import json
import os
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..errors import GazetteerMissingError
from ..resources import bundled_dir

if TYPE_CHECKING:
    import geopandas


# ---------------------------------------------------------------------------
# Basemap from the gazetteer's boundary files

_BOUNDARY_FILES = {"countries": "countries.geojson.gz", "admin1": "admin1.geojson.gz"}


def _boundary_folder(basemap: bool | str | os.PathLike[str]) -> Path | None:
    if basemap is False:
        return None
    if basemap is True:
        try:
            return bundled_dir("data")
        except GazetteerMissingError:
            return None
    return Path(basemap)


@functools.lru_cache(maxsize=8)
def _read_boundaries(path: str, mtime_ns: int) -> geopandas.GeoSeries:
    # mtime_ns is part of the cache key so a rebuilt file is read again.
    del mtime_ns
    import pyogrio

    frame = pyogrio.read_dataframe(f"/vsigzip/{path}", columns=[])
    geoms = frame.geometry
    return geoms[~(geoms.isna() | geoms.is_empty)].reset_index(drop=True)


def _boundaries(folder: Path | None, name: str) -> geopandas.GeoSeries | None:
    if folder is None:
        return None
    path = folder / _BOUNDARY_FILES[name]
    try:
        return _read_boundaries(str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    except Exception as error:  # a corrupt or half-written file must not stop a map
        warnings.warn(f"basemap file {path} could not be read: {error}", stacklevel=3)
        return None


@functools.lru_cache(maxsize=4)
def _world_outline(path: str, mtime_ns: int) -> np.ndarray[Any, Any]:
    """All countries, coarse (aligned with the file's rows): context far from the data.

    At 0.25 degree tolerance, one decimal and without islands under 0.3 square
    degrees the world costs ~100 KB, a fifth of a plain simplification.
    """
    geoms = np.asarray(_read_boundaries(path, mtime_ns).values)
    coarse = shapely.simplify(geoms, 0.25, preserve_topology=True)
    parts, owners = shapely.get_parts(coarse, return_index=True)
    keep = shapely.area(parts) >= 0.3
    rounded = shapely.transform(parts[keep], lambda xy: np.round(xy, 1))
    out = np.full(len(geoms), None, dtype=object)
    for owner in np.unique(owners[keep]):
        out[owner] = shapely.multipolygons(rounded[owners[keep] == owner])
    return out


def _feature_collection(geoms: Iterable[BaseGeometry]) -> dict[str, Any] | None:
    features = [
        {"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(g))}
        for g in geoms
        if g is not None and not g.is_empty
    ]
    return {"type": "FeatureCollection", "features": features} if features else None


def _clip_box(extent: BaseGeometry | None) -> BaseGeometry | None:
    if extent is None or extent.is_empty:
        return None
    minx, miny, maxx, maxy = extent.bounds
    pad = max(2.0, 0.5 * max(maxx - minx, maxy - miny))
    return box(
        max(-180.0, minx - pad),
        max(-90.0, miny - pad),
        min(180.0, maxx + pad),
        min(90.0, maxy + pad),
    )


def _basemap_geoms(
    folder: Path | None, extent: BaseGeometry | None
) -> dict[str, list[BaseGeometry]]:
    """Countries and admin-1 near the data in detail, the rest of the world coarse.

    Polygons are chosen whole rather than clipped to a box: a clipped polygon's
    outline would draw the box's edge as if it were a border.
    """
    out: dict[str, list[BaseGeometry]] = {}
    countries = _boundaries(folder, "countries")
    if countries is None or folder is None:
        return out
    path = folder / _BOUNDARY_FILES["countries"]
    world = _world_outline(str(path), path.stat().st_mtime_ns)
    near_box = _clip_box(extent)
    if near_box is None:
        out["world"] = [g for g in world if g is not None and not g.is_empty]
        return out
    minx, miny, maxx, maxy = near_box.bounds
    detail = max(0.003, max(maxx - minx, maxy - miny) / 1500)
    near = np.asarray(countries.intersects(near_box))
    out["world"] = [g for g in world[~near] if g is not None and not g.is_empty]
    out["countries"] = _detailed(countries[near], detail)
    admin1 = _boundaries(folder, "admin1")
    if admin1 is not None:
        out["admin1"] = _detailed(admin1[admin1.intersects(near_box)], detail)
    return out


def _detailed(series: geopandas.GeoSeries, tolerance: float) -> list[BaseGeometry]:
    simple = shapely.simplify(np.asarray(series.values), tolerance, preserve_topology=True)
    rounded = shapely.transform(simple, lambda xy: np.round(xy, 4))
    return [g for g in rounded if g is not None and not g.is_empty]


def _basemap_payload(geoms: dict[str, list[BaseGeometry]], fill: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {"fill": fill}
    for name, items in geoms.items():
        payload[name] = _feature_collection(items)
    return payload
