"""Corpus extraction on a Dask cluster, written as a GeoParquet dataset.

>>> from geomap.scale.distributed import process_corpus_dask
>>> process_corpus_dask(["articles/"], "incidents.parquet")  # doctest: +SKIP
>>> import dask_geopandas
>>> dask_geopandas.read_parquet("incidents.parquet").compute()  # doctest: +SKIP

The corpus is cut into units (a file, or a run of JSONL lines) without
reading any text on the client; partitions of units go to the workers,
which read their own documents, run the same extraction as
:func:`geomap.scale.corpus.process_corpus` and each write one GeoParquet file. The
rows are those of a single-process run.

Files are written into a staging directory beside ``output_dir`` (each one
atomically, by rename) and the directory is swapped into place when every
partition is done, so a failed run never leaves a dataset that looks
complete. Workers must see the input and output paths: on one machine they
do; on a cluster, use a shared filesystem.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GeomapError, InputError, OutputError
from .corpus import CorpusSummary, report
from .documents import Unit, document_units, iter_unit
from .files import atomic_write
from .pipeline import ExtractOptions, extract_one, gazetteer_path, make_extractor
from .records import incident_frame, incident_records

if TYPE_CHECKING:
    from ..events.extract import Extractor
    from ..gazetteer.store import Gazetteer

__all__ = ["partition_units", "process_corpus_dask", "process_partition"]

_PART = "part-{:05d}.parquet"


def partition_units(units: list[Unit], partitions: int) -> list[list[Unit]]:
    """Contiguous, nearly equal runs of units (input order is kept)."""
    partitions = max(1, min(partitions, len(units)))
    size, extra = divmod(len(units), partitions)
    out, start = [], 0
    for i in range(partitions):
        end = start + size + (1 if i < extra else 0)
        out.append(units[start:end])
        start = end
    return out


# One extractor per worker process, kept between tasks: opening the
# gazetteer and building the geoparser costs more than a partition's work.
_extractors: dict[tuple[str, ExtractOptions], Extractor] = {}


def _extractor(gazetteer: str, options: ExtractOptions) -> Extractor:
    key = (gazetteer, options)
    if key not in _extractors:
        _extractors[key] = make_extractor(gazetteer, options)
    return _extractors[key]


def process_partition(
    number: int,
    units: list[Unit],
    directory: str,
    gazetteer: str,
    options: ExtractOptions,
) -> CorpusSummary:
    """Extract a partition's documents into ``directory/part-NNNNN.parquet``.

    Runs on a worker. The file is written under a hidden name and renamed
    when complete (dataset readers skip names starting with a dot).
    """
    extractor = _extractor(gazetteer, options)
    summary = CorpusSummary(directory)
    rows: list[dict[str, Any]] = []
    for unit in units:
        for item in iter_unit(unit):
            outcome = extract_one(extractor, item, options)
            summary.add(outcome)
            if outcome.extraction is not None:
                rows.extend(incident_records(outcome.index, outcome.id, outcome.extraction))
    buffer = io.BytesIO()
    incident_frame(rows).to_parquet(buffer, index=False)
    atomic_write(Path(directory) / _PART.format(number), buffer.getvalue())
    return summary


def _client(scheduler: Any, n_workers: int | None) -> tuple[Any, list[Any]]:
    """A client for the given scheduler, or a fresh LocalCluster; the second
    value lists what this call opened (and must close)."""
    from dask.distributed import Client, LocalCluster

    if scheduler is not None and not isinstance(scheduler, str):
        return scheduler, []  # a Client the caller owns
    if scheduler:
        client = Client(scheduler)
        return client, [client]
    # Processes, one thread each: extraction is pure Python and holds the
    # GIL, so threads would take turns rather than run in parallel.
    cluster = LocalCluster(
        n_workers=n_workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
    )
    client = Client(cluster)
    return client, [client, cluster]


def _staging(output: Path) -> Path:
    if output.exists() and not output.is_dir():
        raise InputError(f"{output} exists and is not a directory")
    if output.is_dir():
        foreign = [p.name for p in output.iterdir() if not p.name.startswith(("part-", ".", "_"))]
        if foreign:
            # Never swap away a directory that holds something else.
            raise InputError(
                f"{output} holds files that are not a geomap dataset ({foreign[0]}, ...); "
                "choose another output directory"
            )
    staging = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.staging")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    return staging


def _swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging``: two renames, the old copy deleted
    only once the new one is in place."""
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.old")
        os.replace(output, old)
    os.replace(staging, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def process_corpus_dask(
    paths: Iterable[str | os.PathLike[str]] | str,
    output_dir: str | os.PathLike[str],
    options: ExtractOptions | None = None,
    *,
    scheduler: Any = None,
    partitions: int | None = None,
    n_workers: int | None = None,
    gazetteer: Gazetteer | str | os.PathLike[str] | None = None,
    records_per_unit: int = 64,
    summary: bool = True,
) -> CorpusSummary:
    """Extract incidents from a corpus on Dask, into a GeoParquet dataset.

    Parameters
    ----------
    paths
        Files, directories and glob patterns, as for
        :func:`geomap.scale.corpus.iter_documents`.
    output_dir
        The dataset directory (``part-NNNNN.parquet`` files), readable with
        ``dask_geopandas.read_parquet(output_dir)`` or
        ``geopandas.read_parquet``. Replaced when the run completes.
    scheduler
        A scheduler address ("tcp://host:8786") or a ``distributed.Client``;
        by default a LocalCluster of ``n_workers`` processes (default: every
        core) with one thread each.
    partitions
        How many parts to cut the corpus into (default: four per worker).
    options, gazetteer
        As for :func:`geomap.scale.corpus.process_corpus` (fast recogniser
        by default).
    records_per_unit
        JSONL records per unit of work: the smallest piece a partition holds.

    Returns
    -------
    CorpusSummary
        Totals over all partitions, errors in input order.
    """
    output = Path(output_dir).absolute()
    units = document_units(paths, records_per_unit=records_per_unit)
    gaz = str(Path(gazetteer_path(gazetteer)).absolute())
    started = time.perf_counter()
    client, opened = _client(scheduler, n_workers)
    staging = _staging(output)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        parts = partition_units(units, partitions or 4 * workers)
        futures = client.map(
            process_partition,
            range(len(parts)),
            parts,
            directory=str(staging),
            gazetteer=gaz,
            options=options or ExtractOptions(mode="fast"),
            pure=False,
        )
        results = client.gather(futures)
        if not parts:
            incident_frame([]).to_parquet(staging / _PART.format(0), index=False)
        _swap_in(staging, output)
    except GeomapError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            if staging.exists():
                shutil.rmtree(staging)
        for thing in opened:
            with contextlib.suppress(Exception):
                thing.close()
    total = CorpusSummary(str(output), workers=workers)
    for part in results:
        total.merge(part)
    total.seconds = time.perf_counter() - started
    if summary:
        report(total)
        sys.stderr.flush()
    return total
