"""Extraction over corpora of thousands of articles, on every local core.

>>> from geomap.scale.corpus import process_corpus
>>> summary = process_corpus(["articles/"], "incidents.jsonl")  # doctest: +SKIP

:func:`process_corpus` streams the documents of
:mod:`geomap.scale.documents` through a pool of worker processes, each with
its own gazetteer and extractor, and writes the records of
:mod:`geomap.scale.records` as JSON Lines or GeoPackage, each output moved
into place with one atomic rename when the run completes. A bad document is
counted and reported, not fatal.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GeomapError, InputError, OutputError
from .documents import (
    Item,
    input_files,
    iter_documents,
)
from .records import (
    INCIDENT_FIELDS,
    MENTION_FIELDS,
    DocumentResult,
    Mode,
    _JsonlSink,
    _write_gpkg_layer,
    make_extractor,
    process_document,
)

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = ["OUTPUT_SUFFIXES", "CorpusSummary", "gazetteer_path", "process_corpus", "report"]

OUTPUT_SUFFIXES = (".jsonl", ".gpkg")

_worker: dict[str, Any] = {}


def _init_worker(gazetteer: str | None, mode: Mode, mentions: bool, background: bool) -> None:
    # Once per worker process: the gazetteer and geoparser then serve every
    # batch it is given.
    _worker["extractor"] = make_extractor(gazetteer, mode)
    _worker["options"] = {"mentions": mentions, "include_background": background}


def _process_batch(items: list[Item]) -> list[DocumentResult]:
    extractor = _worker["extractor"]
    return [process_document(extractor, item, **_worker["options"]) for item in items]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- the run -----------------------------------------------------------------------


@dataclass
class CorpusSummary:
    """What a corpus run did; ``errors`` lists (document, reason) pairs."""

    output: str
    documents: int = 0
    processed: int = 0
    incidents: int = 0
    unplaced_incidents: int = 0
    mentions: int = 0
    unplaced_mentions: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        if result.error is not None:
            self.errors.append((result.id, result.error))
            return
        self.processed += 1
        self.incidents += len(result.incidents)
        self.unplaced_incidents += sum(1 for r in result.incidents if r.get("latitude") is None)
        self.mentions += result.mention_count
        self.unplaced_mentions += result.unplaced_mentions

    def merge(self, other: CorpusSummary) -> None:
        for name in (
            "documents",
            "processed",
            "incidents",
            "unplaced_incidents",
            "mentions",
            "unplaced_mentions",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        return (
            f"geomap: {self.documents:,} documents ({self.processed:,} processed, "
            f"{len(self.errors):,} errors): {self.incidents:,} incidents "
            f"({self.unplaced_incidents:,} unplaced), {self.unplaced_mentions:,} of "
            f"{self.mentions:,} place mentions unplaced -> {self.output}; "
            f"{self.seconds:.1f} s, {rate:,.1f} documents/s on {self.workers} worker(s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "documents": self.documents,
            "processed": self.processed,
            "errors": len(self.errors),
            "incidents": self.incidents,
            "unplaced_incidents": self.unplaced_incidents,
            "mentions": self.mentions,
            "unplaced_mentions": self.unplaced_mentions,
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
        }


_SHOWN_ERRORS = 20


def report(summary: CorpusSummary) -> None:
    """The summary on stderr: a line per error (the first few), then totals."""
    for where, why in summary.errors[:_SHOWN_ERRORS]:
        print(f"geomap: skipped {where}: {why}", file=sys.stderr)
    if len(summary.errors) > _SHOWN_ERRORS:
        print(f"geomap: ... and {len(summary.errors) - _SHOWN_ERRORS:,} more", file=sys.stderr)
    print(summary.line(), file=sys.stderr)


def gazetteer_path(gazetteer: Gazetteer | str | os.PathLike[str] | None) -> str:
    """A gazetteer file workers can open (building the default one here,
    once, rather than in every worker at the same time)."""
    from ..gazetteer.store import Gazetteer

    if gazetteer is None:
        return str(Gazetteer.default().path)
    if isinstance(gazetteer, Gazetteer):
        return str(gazetteer.path)
    path = Path(gazetteer)
    if not path.exists():
        raise InputError(f"no gazetteer at {path}")
    return str(path)


def _start_method() -> str:
    """forkserver where it can work, else fork, else spawn.

    Not fork by default: the parent may run threads (a progress bar, a host
    application) whose locks a forked child would inherit held. But
    forkserver and spawn re-import the main script in each worker, which
    fails when there is no script file (``python - < job.py``, a REPL):
    fork needs no re-import.
    """
    methods = multiprocessing.get_all_start_methods()
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    importable = main_file is None or Path(main_file).is_file()
    if "forkserver" in methods and importable:
        return "forkserver"
    return "fork" if "fork" in methods else "spawn"


def _results(
    items: Iterator[Item],
    *,
    workers: int,
    batch_size: int,
    initargs: tuple[Any, ...],
    start_method: str | None = None,
) -> Iterator[DocumentResult]:
    """Results in input order, with at most a few batches per worker in
    flight: memory stays flat however long the corpus."""
    if workers <= 1:
        _init_worker(*initargs)
        try:
            for batch in _batches(items, batch_size):
                yield from _process_batch(batch)
        finally:
            _worker.clear()  # the geoparser is big: do not keep it after the run
        return
    context = multiprocessing.get_context(start_method or _start_method())
    max_in_flight = workers * 4
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=initargs
    ) as pool:
        pending: deque[Future[list[DocumentResult]]] = deque()
        try:
            for batch in _batches(items, batch_size):
                pending.append(pool.submit(_process_batch, batch))
                while len(pending) >= max_in_flight:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as exc:
            raise GeomapError(
                "a worker process died (out of memory or killed); rerun with fewer workers"
            ) from exc
        finally:
            for future in pending:
                future.cancel()


def process_corpus(
    paths: Iterable[str | os.PathLike[str]] | str,
    output: str | os.PathLike[str],
    *,
    workers: int | None = None,
    mode: Mode = "fast",
    mentions: bool = False,
    gazetteer: Gazetteer | str | os.PathLike[str] | None = None,
    include_background: bool = False,
    batch_size: int = 8,
    start_method: str | None = None,
    progress: bool | None = None,
    summary: bool = True,
) -> CorpusSummary:
    """Extract incidents from a corpus on all local cores.

    Parameters
    ----------
    paths
        Files, directories and glob patterns (see :func:`iter_documents`).
    output
        ``.jsonl`` (one incident per line, in input order) or ``.gpkg``
        (layer "incidents"). It appears only when the run is complete.
    workers
        Worker processes (default: every core); 1 runs in this process.
    mode
        The geoparser's recogniser: "fast" (default here: rules over the
        gazetteer, much faster), "ner" (spaCy-refereed) or "auto".
    mentions
        Also write every place mention: to ``<stem>.mentions.jsonl`` beside
        a JSONL output, or to a "mentions" layer of a GeoPackage.
    gazetteer
        A gazetteer or its file; the default one when omitted.
    include_background
        Keep events dated long before publication (see
        :func:`geomap.events.extract.extract`).
    batch_size
        Documents sent to a worker at a time.
    start_method
        The multiprocessing start method; by default "forkserver" (or
        "fork" when the main script cannot be re-imported: stdin, a REPL).
        As with any multiprocessing, a script that starts a run must guard
        it with ``if __name__ == "__main__":``.
    progress
        Draw a progress bar (default: only when stderr is a terminal).
    summary
        Print the errors and totals on stderr at the end.

    Returns
    -------
    CorpusSummary
        Documents, incidents, unplaced mentions and the documents skipped
        with the reason for each.

    Raises
    ------
    InputError
        An input path does not exist, or the output's suffix is neither
        .jsonl nor .gpkg. Bad documents are not errors: they are counted
        and listed in the summary.
    """
    dest = Path(output)
    suffix = dest.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise InputError(f"cannot write {dest}: the output must end in .jsonl or .gpkg")
    if mode not in ("auto", "fast", "ner"):
        raise InputError(f"unknown geoparser mode {mode!r}; use 'fast', 'ner' or 'auto'")
    # Fail on a missing input before any work; never read our own output
    # (an output written inside the corpus folder by an earlier run).
    outputs = {dest.absolute(), dest.with_name(dest.stem + ".mentions.jsonl").absolute()}
    files = [f for f in input_files(paths) if f.absolute() not in outputs]
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    initargs = (gazetteer_path(gazetteer), mode, mentions, include_background)
    result = CorpusSummary(str(dest), workers=workers)
    started = time.perf_counter()
    incident_sink, mention_sink = _open_sinks(dest, mentions)
    sinks = [s for s in (incident_sink, mention_sink) if s is not None]
    try:
        from .batch import Progress

        with Progress(f"extracting ({workers} workers)", None, enabled=progress) as bar:
            stream = _results(
                iter_documents(files),
                workers=workers,
                batch_size=batch_size,
                initargs=initargs,
                start_method=start_method,
            )
            for res in stream:
                result.add(res)
                incident_sink.write(res.incidents)
                if mention_sink is not None:
                    mention_sink.write(res.mentions)
                bar.advance()
        for sink in sinks:
            sink.close()
        _finish(dest, incident_sink, mention_sink)
    except BaseException as exc:
        for sink in sinks:
            sink.discard()
        if isinstance(exc, OSError) and not isinstance(exc, GeomapError):
            raise OutputError(f"cannot write {dest}: {exc.strerror or exc}") from exc
        raise
    result.seconds = time.perf_counter() - started
    if summary:
        report(result)
    return result


def _open_sinks(dest: Path, mentions: bool) -> tuple[_JsonlSink, _JsonlSink | None]:
    first = dest if dest.suffix.lower() == ".jsonl" else dest.with_suffix(".incidents.jsonl")
    opened: list[_JsonlSink] = []
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        opened.append(_JsonlSink(first))
        if mentions:
            opened.append(_JsonlSink(dest.with_name(dest.stem + ".mentions.jsonl")))
    except OSError as exc:
        for sink in opened:
            sink.discard()
        raise OutputError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    return opened[0], opened[1] if mentions else None


def _finish(dest: Path, incidents: _JsonlSink, mentions: _JsonlSink | None) -> None:
    """Move the finished outputs into place, each with one atomic rename."""
    if dest.suffix.lower() == ".jsonl":
        os.replace(incidents.tmp, incidents.final)
        if mentions is not None:
            os.replace(mentions.tmp, mentions.final)
        return
    tmp = dest.with_name(f".{dest.stem}.{os.getpid()}.tmp.gpkg")
    try:
        _write_gpkg_layer(incidents.tmp, tmp, "incidents", INCIDENT_FIELDS)
        if mentions is not None:
            _write_gpkg_layer(mentions.tmp, tmp, "mentions", MENTION_FIELDS)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
        incidents.discard()
        if mentions is not None:
            mentions.discard()
