"""Geocoding tables at scale: name columns, coordinate columns, CSV files.

>>> import pandas as pd
>>> from geomap.scale.batch import geocode_frame
>>> gdf = geocode_frame(pd.DataFrame({"town": ["Baghdad", "Springfield"]}), "town")
>>> list(gdf["status"])
['matched', 'ambiguous']

Three entry points:

* :func:`geocode_frame` adds the best place (and the runners-up, as JSON) for
  a column of names. Each distinct (name, country) is looked up once and the
  answer mapped back to every row, which is what makes long, repetitive
  lists fast: an incident table names the same few hundred towns over and
  over.
* :func:`reverse_frame` names the district, admin-1 region, country and
  nearest town of a column of points, in a few vectorised calls.
* :func:`geocode_csv` runs :func:`geocode_frame` over a CSV file in chunks,
  checkpointing after each one, so a run killed half-way resumes where it
  stopped with no row lost or written twice.

Lookups go through :meth:`Gazetteer.matches`, so a batch ranks places exactly
as ``geomap geocode`` and :class:`~geomap.LocalGeocoder` do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from ..errors import GeomapError, InputError, OutputError
from ..gazetteer.names import exact_key
from ..gazetteer.reverse import haversine_km, unit_vectors
from ..gazetteer.store import Gazetteer, Match
from ..models import Kind, precision_for_kind

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "AMBIGUITY_KM",
    "AMBIGUITY_MARGIN",
    "GEOCODE_COLUMNS",
    "OUTPUT_SUFFIXES",
    "REVERSE_COLUMNS",
    "BatchSummary",
    "geocode_csv",
    "geocode_frame",
    "reverse_arrays",
    "reverse_frame",
]

MATCHED = "matched"
AMBIGUOUS = "ambiguous"
NOT_FOUND = "not found"

# A name is ambiguous when a candidate more than 161 km (100 miles, the
# radius geoparsing evaluations count as "right") from the best one scores
# almost as well. Scores are log10(population) plus bonuses, so a margin of
# 0.5 means "within a factor of about three": Springfield, Missouri against
# Springfield, Massachusetts, but not Vienna, Austria against Vienna,
# Virginia. The same place's city and admin-1 entries lie close together and
# never make a name ambiguous.
AMBIGUITY_KM = 161.0
AMBIGUITY_MARGIN = 0.5

GEOCODE_COLUMNS: tuple[str, ...] = (
    "status",
    "place_id",
    "place_name",
    "kind",
    "country_code",
    "admin1",
    "latitude",
    "longitude",
    "precision",
    "population",
    "candidates",
)
REVERSE_COLUMNS: tuple[str, ...] = (
    "district",
    "district_id",
    "admin1",
    "admin1_id",
    "country",
    "country_code",
    "nearest",
    "nearest_id",
    "nearest_km",
)
OUTPUT_SUFFIXES = (".csv", ".gpkg", ".geojson")
_FLOAT_COLUMNS = frozenset({"latitude", "longitude", "nearest_km"})
_INT_COLUMNS = frozenset({"precision", "population"})

# Test hook: after this many checkpointed chunks, write half of the next
# chunk and SIGKILL this process, as a crash at the worst moment would.
KILL_HOOK_ENV = "GEOMAP_BATCH_KILL_AFTER_CHUNKS"


# -- geocoding names ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Answer:
    """The geocoding result for one distinct (name, country)."""

    status: str
    best: Match | None
    candidates: str  # JSON list of the top candidates


_NOT_FOUND = _Answer(NOT_FOUND, None, "[]")


class NameGeocoder:
    """Looks up distinct names once and remembers the answers.

    One instance serves a whole CSV run, so a name seen in the first chunk
    costs nothing in the later ones. The cache is bounded: past
    ``max_cache`` entries it starts again, which only costs speed.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        candidates: int = 3,
        kind: str | Iterable[str] | None = None,
        max_cache: int = 1_000_000,
    ) -> None:
        if candidates < 1:
            raise InputError(f"candidates must be at least 1, got {candidates}")
        self.gazetteer = gazetteer or Gazetteer.default()
        self.candidates = candidates
        self.kind = [kind] if isinstance(kind, str) else (list(kind) if kind else None)
        self.max_cache = max_cache
        self._answers: dict[tuple[str, str], _Answer] = {}
        self._countries: dict[str, str | None] = {}

    def country_code(self, value: str) -> str | None:
        """An ISO alpha-2 code for a country cell ("IQ", "Iraq"); "" is no filter.

        A value that names no country yields "?", which matches nothing: a
        row whose country is unknown is "not found" rather than matched
        anywhere in the world.
        """
        value = value.strip()
        if not value:
            return None
        code = self._countries.get(value)
        if code is None:
            if len(value) == 2 and value.isalpha():
                code = value.upper()
            else:
                found = self.gazetteer.matches(value, kind=Kind.COUNTRY, limit=1)
                code = (found[0].place.country_code or "?") if found else "?"
            self._countries[value] = code
        return code

    def answer(self, name: str, country: str) -> _Answer:
        # Gazetteer matches depend on a name only through its exact key, so
        # "BAGHDAD", "baghdad " and "Baghdad" are one lookup. A comma keeps
        # the raw name: it separates an address qualifier.
        if not name.isascii():
            # Lone surrogates (bytes a reader could not decode) cannot reach
            # SQLite: they become "?", which normalisation then drops.
            name = name.encode("utf-8", "replace").decode("utf-8")
            country = country.encode("utf-8", "replace").decode("utf-8")
        key = (name if "," in name else exact_key(name), country)
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) >= self.max_cache:
                self._answers.clear()
            found = self._answers[key] = self._lookup(name, self.country_code(country))
        return found

    def _lookup(self, name: str, country: str | None) -> _Answer:
        # A gazetteer name may hold a comma ("Bonaire, Sint Eustatius and
        # Saba"): the whole name first, an address-style qualifier second.
        matches = self.gazetteer.matches(name, country=country, kind=self.kind)
        if not matches and "," in name:
            matches = self._qualified(name, country)
        if not matches:
            return _NOT_FOUND
        return _Answer(_status(matches), matches[0], _candidates_json(matches[: self.candidates]))

    def _qualified(self, name: str, country: str | None) -> list[Match]:
        """ "Vienna, Virginia": the head's matches inside what the qualifier
        names, as :meth:`Gazetteer.lookup` reads addresses (with scores)."""
        head = name.partition(",")[0]
        matches = self.gazetteer.matches(head, country=country, kind=self.kind)
        if not matches:
            return []
        inside = self.gazetteer.lookup(name, country=country, kind=self.kind, limit=None)
        ids = {p.id for p in inside}
        return [m for m in matches if m.place.id in ids]


def _status(matches: list[Match]) -> str:
    best = matches[0].place
    for other in matches[1:]:
        if matches[0].score - other.score >= AMBIGUITY_MARGIN:
            break  # ranked by score: no later candidate can be close
        km = haversine_km(
            best.latitude, best.longitude, other.place.latitude, other.place.longitude
        )
        if km > AMBIGUITY_KM:
            return AMBIGUOUS
    return MATCHED


def _candidates_json(matches: list[Match]) -> str:
    return json.dumps(
        [
            {
                "id": m.place.id,
                "name": m.place.name,
                "country_code": m.place.country_code,
                "lat": round(m.place.latitude, 5),
                "lon": round(m.place.longitude, 5),
                "score": m.score,
            }
            for m in matches
        ],
        ensure_ascii=False,
    )


def _factorize(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes and distinct cells of a column, the cells as text; a missing
    cell gets the last label, "".

    The column is not converted to a string dtype first: Arrow-backed
    strings refuse what an errors="surrogateescape" reader produced.
    """
    codes, uniques = pd.factorize(series.to_numpy(dtype=object))
    labels = [u if isinstance(u, str) else str(u) for u in uniques]
    labels.append("")
    return np.where(codes < 0, len(labels) - 1, codes), labels


def _check_columns(
    columns: Iterable[Any], needed: Iterable[str | None], added: Iterable[str], where: str
) -> None:
    present = [str(c) for c in columns]
    for col in needed:
        if col is not None and col not in present:
            shown = ", ".join(present[:20]) + (" ..." if len(present) > 20 else "")
            raise InputError(f"{where} has no column {col!r} (columns: {shown})")
    clash = [c for c in added if c in present]
    if clash:
        raise InputError(
            f"{where} already has the column(s) {', '.join(map(repr, clash))} that geocoding "
            "adds; pass a prefix (e.g. prefix='geo_', or --prefix geo_) to keep both"
        )


def _answers_frame(answers: list[_Answer], codes: np.ndarray, prefix: str) -> pd.DataFrame:
    """One row per input row, from the answers of the distinct names."""
    best = [a.best.place if a.best else None for a in answers]

    def column(get: Callable[[Any], Any], dtype: str | None = None) -> Any:
        values = np.array([get(p) if p is not None else None for p in best], dtype=object)
        out = values[codes]
        return pd.array(out, dtype=dtype) if dtype else out

    cols: dict[str, Any] = {
        "status": np.array([a.status for a in answers], dtype=object)[codes],
        "place_id": column(lambda p: p.id),
        "place_name": column(lambda p: p.name),
        "kind": column(lambda p: p.kind),
        "country_code": column(lambda p: p.country_code),
        "admin1": column(lambda p: p.admin1),
        "latitude": column(lambda p: p.latitude, "Float64").astype("float64"),
        "longitude": column(lambda p: p.longitude, "Float64").astype("float64"),
        "precision": column(lambda p: precision_for_kind(p.kind), "Int64"),
        "population": column(lambda p: p.population, "Int64"),
        "candidates": np.array([a.candidates for a in answers], dtype=object)[codes],
    }
    return pd.DataFrame({prefix + k: v for k, v in cols.items()})


def _points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Point geometries, None where a coordinate is missing."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    geoms = np.full(len(lat), None, dtype=object)
    geoms[ok] = shapely.points(lon[ok], lat[ok])
    return geoms


def geocode_frame(
    df: pd.DataFrame,
    column: str,
    *,
    country_column: str | None = None,
    candidates: int = 3,
    kind: str | Iterable[str] | None = None,
    prefix: str = "",
    gazetteer: Gazetteer | None = None,
    geocoder: NameGeocoder | None = None,
) -> gpd.GeoDataFrame:
    """Geocode a column of place names.

    Parameters
    ----------
    df
        The table; it is not modified.
    column
        The column of names ("Baghdad", "Vienna, Virginia").
    country_column
        A column restricting each row to a country: ISO alpha-2 codes or
        country names. Empty cells do not restrict.
    candidates
        How many candidates the ``candidates`` JSON column lists.
    kind
        Only places of these kinds (``city``, ``admin1`` ...).
    prefix
        Prepended to every added column, to keep input columns of the same
        names (``country_code``, ``latitude``).
    gazetteer
        The gazetteer; the shared default when omitted.
    geocoder
        A :class:`NameGeocoder` to reuse (and its cache) across calls.

    Returns
    -------
    geopandas.GeoDataFrame
        The input columns and :data:`GEOCODE_COLUMNS`: ``status`` is
        "matched", "ambiguous" (a far-apart candidate scores almost as well:
        the best guess is still filled in) or "not found"; ``candidates`` is
        a JSON list of the top candidates' id, name, country_code, lat, lon
        and score. Geometry: the best place's point in EPSG:4326, empty when
        not found.

    Raises
    ------
    InputError
        A named column is missing, or an added column already exists.
    """
    import geopandas as gpd

    added = [*(prefix + c for c in GEOCODE_COLUMNS), "geometry"]
    _check_columns(df.columns, [column, country_column], added, "the table")
    coder = geocoder or NameGeocoder(gazetteer, candidates=candidates, kind=kind)
    name_codes, names = _factorize(df[column])
    if country_column:
        country_codes, countries = _factorize(df[country_column])
    else:
        country_codes, countries = np.zeros(len(df), dtype=np.int64), [""]
    # Each distinct (name, country) pair once, as one integer per row.
    pairs = name_codes.astype(np.int64) * len(countries) + country_codes
    codes, uniques = pd.factorize(pairs)
    answers = [
        coder.answer(names[p // len(countries)], countries[p % len(countries)]) for p in uniques
    ]
    found = _answers_frame(answers, np.asarray(codes), prefix)
    found.index = df.index
    out = pd.concat([df, found], axis=1)
    geometry = _points(out[prefix + "latitude"].to_numpy(), out[prefix + "longitude"].to_numpy())
    return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")


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
        for layer in ("district", "admin1", "country"):
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
    float, NaN where unknown). Points with a missing or out-of-range
    coordinate get None everywhere.
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
    for layer in ("district", "admin1", "country"):
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
    or impossible coordinate gets empty cells, not an error.
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


# -- progress ---------------------------------------------------------------------


class Progress:
    """A rich progress bar on a terminal; nothing at all elsewhere.

    Logs and pipes get only the one-line summary the caller prints at the
    end: a redrawn bar in a log file is noise.
    """

    def __init__(self, label: str, total: float | None, *, enabled: bool | None = None) -> None:
        self._bar: Any = None
        if enabled if enabled is not None else sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=True,
            )
            self._task = self._bar.add_task(label, total=total)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def advance(self, amount: float = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, amount)

    def note(self, message: str) -> None:
        """A line above the bar (on a terminal) or on stderr."""
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


# -- resumable CSV ----------------------------------------------------------------


@dataclass
class BatchSummary:
    """What a :func:`geocode_csv` run did (counts cover the whole file)."""

    output: str
    rows: int = 0
    matched: int = 0
    ambiguous: int = 0
    not_found: int = 0
    resumed_at: int = 0  # input rows already done by an earlier run
    seconds: float = 0.0
    distinct: int = 0  # distinct (name, country) pairs looked up in this run

    def line(self) -> str:
        rate = (self.rows - self.resumed_at) / self.seconds if self.seconds > 0 else 0.0
        resumed = f", resumed after row {self.resumed_at:,}" if self.resumed_at else ""
        return (
            f"geomap: geocoded {self.rows:,} rows into {self.output}: {self.matched:,} matched, "
            f"{self.ambiguous:,} ambiguous, {self.not_found:,} not found "
            f"({self.distinct:,} distinct names{resumed}; {self.seconds:.1f} s, "
            f"{rate:,.0f} rows/s)"
        )


@dataclass
class _State:
    """The checkpoint: what the partial file holds, for which input."""

    fingerprint: str
    rows_done: int = 0
    partial_bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _input_fingerprint(path: Path, options: dict[str, Any]) -> str:
    """The input's header, its size and the options: a resume is only valid
    for the same file (as far as cheaply checkable) and the same settings."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        digest.update(fh.readline(1 << 16))
    digest.update(str(path.stat().st_size).encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def _read_state(path: Path, fingerprint: str, partial: Path) -> _State:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        state = _State(**raw)
    except (OSError, ValueError, TypeError):
        return _State(fingerprint)
    if (
        state.fingerprint != fingerprint
        or not partial.exists()
        or partial.stat().st_size < state.partial_bytes
    ):
        return _State(fingerprint)
    return state


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _sidecars(output: Path) -> tuple[Path, Path]:
    return output.with_name(output.name + ".partial"), output.with_name(
        output.name + ".partial.json"
    )


def _count_rows(path: Path) -> int:
    """Lines after the header: the progress bar's total (quoted newlines
    make it an estimate, which a bar can live with)."""
    lines = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


def _lock(fh: Any, partial: Path) -> None:
    """Refuse a second run on the same output: two writers appending to one
    partial file would interleave their chunks."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        return
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise InputError(
            f"another run is writing {partial.name[: -len('.partial')]} now; wait for it to end"
        ) from None


def _kill_hook() -> int | None:
    value = os.environ.get(KILL_HOOK_ENV)
    return int(value) if value and value.isdigit() else None


def _die_mid_write(fh: Any, data: bytes) -> None:
    fh.write(data[: len(data) // 2])
    fh.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _chunks(
    path: Path, *, chunksize: int, sep: str, encoding: str, skip: int
) -> Iterator[pd.DataFrame]:
    """The input's rows as strings, chunk by chunk, after the first ``skip``.

    Every cell is read as text and written back as read: "007" stays
    "007", "NA" stays "NA", an integer column with a gap does not turn into
    floats.
    """
    seen = 0
    try:
        reader = pd.read_csv(
            path,
            chunksize=chunksize,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            sep=sep,
            encoding=encoding,
        )
        with reader:
            for chunk in reader:
                start, seen = seen, seen + len(chunk)
                if seen <= skip:
                    continue  # done by an earlier run
                yield chunk.iloc[max(skip - start, 0) :]
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"cannot read {path} after row {seen:,}: {first} (rows done so far are kept; "
            "fix the file and rerun to resume)"
        ) from exc


def _tally(state: _State, status: pd.Series) -> None:
    for key, count in status.value_counts().items():
        state.counts[str(key)] = state.counts.get(str(key), 0) + int(count)


def geocode_csv(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    column: str,
    *,
    country_column: str | None = None,
    candidates: int = 3,
    kind: str | Iterable[str] | None = None,
    prefix: str = "",
    chunksize: int = 50_000,
    sep: str = ",",
    encoding: str = "utf-8",
    gazetteer: Gazetteer | None = None,
    progress: bool | None = None,
    summary: bool = True,
) -> BatchSummary:
    """Geocode a CSV file's name column into a .csv, .gpkg or .geojson file.

    The rows are processed ``chunksize`` at a time and appended to
    ``OUTPUT.partial``; after each chunk ``OUTPUT.partial.json`` records how
    many input rows are done and how long the partial file is. A run that
    is killed resumes from that checkpoint (the partial file is cut back to
    it, so a half-written chunk disappears): no row is lost or written
    twice. The checkpoint is ignored when the input's header or size, or the
    options, changed. The output appears, atomically, only when complete:
    a .csv by renaming the partial file, a .gpkg or .geojson written from it.

    Returns a :class:`BatchSummary`; with ``summary`` its one-line form is
    also printed on stderr. ``progress`` draws a bar (default: only when
    stderr is a terminal).

    Raises
    ------
    InputError
        The input cannot be read, lacks a column, or the output's suffix is
        not .csv, .gpkg or .geojson. The message names the file.
    OutputError
        The output cannot be written.
    """
    src, dest = Path(input), Path(output)
    if dest.exists() and src.exists() and dest.resolve() == src.resolve():
        raise InputError(f"the output {dest} is the input: write the results to another file")
    suffix = dest.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise InputError(f"cannot write {dest}: the output must end in .csv, .gpkg or .geojson")
    if chunksize < 1:
        raise InputError(f"chunksize must be at least 1, got {chunksize}")
    header = _read_header(src, sep, encoding)
    added = [*(prefix + c for c in GEOCODE_COLUMNS), "geometry"]
    _check_columns(header, [column, country_column], added, str(src))
    options = {
        "column": column,
        "country": country_column,
        "candidates": candidates,
        "kind": kind,
        "prefix": prefix,
        "sep": sep,
        "gazetteer": str((gazetteer or Gazetteer.default()).path),
    }
    partial, state_path = _sidecars(dest)
    state = _read_state(state_path, _input_fingerprint(src, options), partial)
    coder = NameGeocoder(gazetteer, candidates=candidates, kind=kind)
    result = BatchSummary(str(dest), resumed_at=state.rows_done)
    started = time.perf_counter()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _run_chunks(
            src, partial, state_path, state, coder, column, country_column, prefix,
            chunksize=chunksize, sep=sep, encoding=encoding, progress=progress,
        )  # fmt: skip
        if suffix == ".csv":
            os.replace(partial, dest)
        else:
            _convert_partial(partial, dest, header, prefix)
            partial.unlink()
        state_path.unlink(missing_ok=True)
    except GeomapError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    result.rows = state.rows_done
    result.matched = state.counts.get(MATCHED, 0)
    result.ambiguous = state.counts.get(AMBIGUOUS, 0)
    result.not_found = state.counts.get(NOT_FOUND, 0)
    result.distinct = len(coder._answers)
    result.seconds = time.perf_counter() - started
    if summary:
        print(result.line(), file=sys.stderr)
    return result


def _read_header(path: Path, sep: str, encoding: str) -> list[str]:
    try:
        return [str(c) for c in pd.read_csv(path, nrows=0, sep=sep, encoding=encoding).columns]
    except FileNotFoundError:
        raise InputError(f"no such input file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a CSV file") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path} is empty: expected a CSV file with a header row") from None
    except (OSError, UnicodeDecodeError, LookupError, pd.errors.ParserError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"cannot read {path}: {first}") from exc


def _run_chunks(
    src: Path,
    partial: Path,
    state_path: Path,
    state: _State,
    coder: NameGeocoder,
    column: str,
    country_column: str | None,
    prefix: str,
    *,
    chunksize: int,
    sep: str,
    encoding: str,
    progress: bool | None,
) -> None:
    kill_after = _kill_hook()
    total = _count_rows(src) if (progress or (progress is None and sys.stderr.isatty())) else None
    with (
        Progress(f"geocoding {src.name}", total, enabled=progress) as bar,
        open(partial, "a+b") as fh,
    ):
        _lock(fh, partial)
        # Back to the last checkpoint: bytes past it are a chunk that was
        # being written when the previous run died.
        fh.truncate(state.partial_bytes)
        fh.seek(state.partial_bytes)
        bar.advance(state.rows_done)
        chunks = _chunks(src, chunksize=chunksize, sep=sep, encoding=encoding, skip=state.rows_done)
        for done_chunks, chunk in enumerate(chunks):
            frame = geocode_frame(
                chunk, column, country_column=country_column, prefix=prefix, geocoder=coder
            )
            text = pd.DataFrame(frame.drop(columns="geometry")).to_csv(
                index=False, header=state.partial_bytes == 0, lineterminator="\n"
            )
            data = text.encode("utf-8")
            if kill_after is not None and done_chunks >= kill_after:
                _die_mid_write(fh, data)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            state.rows_done += len(chunk)
            state.partial_bytes += len(data)
            _tally(state, frame[prefix + "status"])
            _write_atomic(state_path, json.dumps(asdict(state)).encode())
            bar.advance(len(chunk))
        if state.partial_bytes == 0:
            # An input with a header and no rows still gets a header.
            columns = [*_read_header(src, sep, encoding), *(prefix + c for c in GEOCODE_COLUMNS)]
            data = pd.DataFrame(columns=columns).to_csv(index=False, lineterminator="\n").encode()
            fh.write(data)
            state.partial_bytes = len(data)


def _typed_partial(chunk: pd.DataFrame, prefix: str) -> gpd.GeoDataFrame:
    """A chunk of the partial CSV (read as text) with the added columns typed."""
    import geopandas as gpd

    for name in GEOCODE_COLUMNS:
        col = prefix + name
        cells = chunk[col].replace("", None)
        if name in _FLOAT_COLUMNS:
            chunk[col] = pd.to_numeric(cells, errors="coerce").astype("float64")
        elif name in _INT_COLUMNS:
            chunk[col] = pd.to_numeric(cells, errors="coerce").astype("Int64")
        else:
            chunk[col] = cells
    lat = chunk[prefix + "latitude"].to_numpy()
    lon = chunk[prefix + "longitude"].to_numpy()
    return gpd.GeoDataFrame(chunk, geometry=_points(lat, lon), crs="EPSG:4326")


def _convert_partial(partial: Path, dest: Path, header: list[str], prefix: str) -> None:
    """Write the completed partial CSV as GeoPackage or GeoJSON, atomically:
    into a temporary file beside the output, renamed when complete."""
    tmp = dest.with_name(f".{dest.stem}.{os.getpid()}.tmp{dest.suffix}")
    try:
        reader = pd.read_csv(
            partial, chunksize=100_000, dtype=str, keep_default_na=False, na_filter=False
        )
        with reader:
            if dest.suffix.lower() == ".gpkg":
                _write_gpkg(reader, tmp, prefix, layer=dest.stem)
            else:
                _write_geojson(reader, tmp, prefix)
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _write_gpkg(chunks: Iterable[pd.DataFrame], path: Path, prefix: str, *, layer: str) -> None:
    import pyogrio

    for i, chunk in enumerate(chunks):
        # Appending chunk by chunk keeps memory flat for any input size.
        pyogrio.write_dataframe(
            _typed_partial(chunk, prefix), path, layer=layer, driver="GPKG", append=i > 0
        )


def _write_geojson(chunks: Iterable[pd.DataFrame], path: Path, prefix: str) -> None:
    # Streamed by hand, feature by feature: GDAL's GeoJSON driver cannot
    # append, and one frame for the whole file would hold it all in memory.
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        first = True
        for chunk in chunks:
            gdf = _typed_partial(chunk, prefix)
            for feature in gdf.iterfeatures(na="null", drop_id=True):
                fh.write(("" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
                first = False
        fh.write("\n]}\n")
