"""Geocoding a CSV file's column of place names, streamed in chunks and resumable.

>>> from geomap.scale.batch import geocode_csv
>>> geocode_csv("incidents.csv", "incidents-geocoded.csv", "town")  # doctest: +SKIP

:func:`geocode_csv` runs :func:`~geomap.scale.geocode.geocode_frame` over a
CSV file in chunks, checkpointing after each one, so a run killed half-way
resumes where it stopped with no row lost or written twice. The output is
CSV, GeoPackage or GeoJSON by its suffix. Lookups go through
:meth:`Gazetteer.matches`, so a batch ranks places exactly as
``geomap geocode`` and :class:`~geomap.LocalGeocoder` do.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import GeomapError, InputError, OutputError
from ..gazetteer.store import Gazetteer
from .files import atomic_output, atomic_write, check_output_path, promote
from .geocode import (
    _FLOAT_COLUMNS,
    _INT_COLUMNS,
    AMBIGUOUS,
    FUZZY,
    GEOCODE_COLUMNS,
    MATCHED,
    NOT_FOUND,
    NameGeocoder,
    _check_columns,
    _points,
    geocode_frame,
)

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)

__all__ = ["OUTPUT_SUFFIXES", "BatchSummary", "Progress", "geocode_csv"]

OUTPUT_SUFFIXES = (".csv", ".gpkg", ".geojson")


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
    fuzzy: int = 0
    not_found: int = 0
    resumed_at: int = 0  # input rows already done by an earlier run
    seconds: float = 0.0
    distinct: int = 0  # distinct (name, country) pairs looked up in this run

    def line(self) -> str:
        rate = (self.rows - self.resumed_at) / self.seconds if self.seconds > 0 else 0.0
        resumed = f", resumed after row {self.resumed_at:,}" if self.resumed_at else ""
        return (
            f"geocoded {self.rows:,} {_rows(self.rows)} into {self.output}: "
            f"{self.matched:,} matched, "
            f"{self.ambiguous:,} ambiguous, {self.fuzzy:,} fuzzy, {self.not_found:,} not found "
            f"({self.distinct:,} distinct {'name' if self.distinct == 1 else 'names'}{resumed}; "
            f"{self.seconds:.1f} s, {rate:,.0f} rows/s)"
        )


def _rows(count: int) -> str:
    return "row" if count == 1 else "rows"


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


def _append(fh: Any, data: bytes) -> None:
    """One chunk onto the partial output, on disk before the checkpoint
    that counts it is written. (The crash tests replace this function to
    die half-way through a chunk.)"""
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())


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
        The input cannot be read or lacks a column. The message names the file.
    OutputError
        The output cannot be written: its suffix is not .csv, .gpkg or
        .geojson, its folder does not exist (none is created) or takes no
        files. Checked before any work starts.
    """
    src, dest = Path(input), Path(output)
    if dest.exists() and src.exists() and dest.resolve() == src.resolve():
        raise InputError(f"the output {dest} is the input: write the results to another file")
    check_output_path(dest, OUTPUT_SUFFIXES)
    suffix = dest.suffix.lower()
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
        _run_chunks(
            src, partial, state_path, state, coder, column, country_column, prefix,
            chunksize=chunksize, sep=sep, encoding=encoding, progress=progress,
        )  # fmt: skip
        if suffix == ".csv":
            promote(partial, dest)
        else:
            _convert_partial(partial, dest, header, prefix)
            partial.unlink()
        state_path.unlink(missing_ok=True)
    except GeomapError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    except KeyboardInterrupt:
        # The checkpoint holds every chunk written in full: say so, and how
        # to go on, before the interrupt ends the run.
        log.warning(
            "interrupted: %s %s are done and saved in %s; rerun the same command to resume "
            "from there",
            f"{state.rows_done:,}",
            _rows(state.rows_done),
            partial,
        )
        raise
    result.rows = state.rows_done
    result.matched = state.counts.get(MATCHED, 0)
    result.ambiguous = state.counts.get(AMBIGUOUS, 0)
    result.fuzzy = state.counts.get(FUZZY, 0)
    result.not_found = state.counts.get(NOT_FOUND, 0)
    result.distinct = len(coder._answers)
    result.seconds = time.perf_counter() - started
    if summary:
        log.info("%s", result.line())
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
        for chunk in chunks:
            frame = geocode_frame(
                chunk, column, country_column=country_column, prefix=prefix, geocoder=coder
            )
            text = pd.DataFrame(frame.drop(columns="geometry")).to_csv(
                index=False, header=state.partial_bytes == 0, lineterminator="\n"
            )
            data = text.encode("utf-8")
            _append(fh, data)
            state.rows_done += len(chunk)
            state.partial_bytes += len(data)
            _tally(state, frame[prefix + "status"])
            atomic_write(state_path, json.dumps(asdict(state)).encode())
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
    reader = pd.read_csv(
        partial, chunksize=100_000, dtype=str, keep_default_na=False, na_filter=False
    )
    with reader, atomic_output(dest) as tmp:
        if dest.suffix.lower() == ".gpkg":
            _write_gpkg(reader, tmp, prefix, layer=dest.stem)
        else:
            _write_geojson(reader, tmp, prefix)


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
