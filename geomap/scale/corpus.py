"""Extraction over corpora of thousands of articles, on every local core.

>>> from geomap.scale.corpus import process_corpus
>>> summary = process_corpus(["articles/"], "incidents.jsonl")  # doctest: +SKIP

:func:`process_corpus` streams the documents through the pipeline of
:mod:`geomap.scale.pipeline` (a pool of worker processes, each with its own
gazetteer and extractor) and writes the records of
:mod:`geomap.scale.records` as JSON Lines or GeoPackage, each output moved
into place with one atomic rename when the run completes. A bad document is
counted and reported, not fatal.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GeomapError, InputError, OutputError
from .documents import input_files, iter_documents
from .files import atomic_output, promote
from .pipeline import ExtractOptions, Outcome, extract_documents, gazetteer_path
from .records import (
    INCIDENT_FIELDS,
    MENTION_FIELDS,
    _JsonlSink,
    _write_gpkg_layer,
    incident_records,
    mention_records,
)

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

log = logging.getLogger(__name__)

__all__ = ["OUTPUT_SUFFIXES", "CorpusSummary", "process_corpus", "report"]

OUTPUT_SUFFIXES = (".jsonl", ".gpkg")

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

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        ex = outcome.extraction
        if ex is None:
            self.errors.append((outcome.id, outcome.error or "no extraction"))
            return
        self.processed += 1
        self.incidents += len(ex.incidents)
        self.unplaced_incidents += sum(1 for i in ex.incidents if i.place is None)
        self.mentions += len(ex.mentions)
        self.unplaced_mentions += ex.unplaced_mentions

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
            f"{self.documents:,} documents ({self.processed:,} processed, "
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
    """Log the summary: a warning per error (the first few), then the totals."""
    for where, why in summary.errors[:_SHOWN_ERRORS]:
        log.warning("skipped %s: %s", where, why)
    if len(summary.errors) > _SHOWN_ERRORS:
        log.warning("... and %s more", f"{len(summary.errors) - _SHOWN_ERRORS:,}")
    log.info("%s", summary.line())


def process_corpus(
    paths: Iterable[str | os.PathLike[str]] | str,
    output: str | os.PathLike[str],
    options: ExtractOptions | None = None,
    *,
    workers: int | None = None,
    mentions: bool = False,
    gazetteer: Gazetteer | str | os.PathLike[str] | None = None,
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
    options
        What decides each extraction (recogniser, publication date, event
        model, background events), as in every other command; by default
        the fast recogniser (rules over the gazetteer, no language model),
        the practical choice for thousands of articles.
    workers
        Worker processes (default: every core); 1 runs in this process.
    mentions
        Also write every place mention: to ``<stem>.mentions.jsonl`` beside
        a JSONL output, or to a "mentions" layer of a GeoPackage.
    gazetteer
        A gazetteer or its file; the default one when omitted.
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
    options = options or ExtractOptions(mode="fast")
    # Fail on a missing input before any work; never read our own output
    # (an output written inside the corpus folder by an earlier run).
    outputs = {dest.absolute(), dest.with_name(dest.stem + ".mentions.jsonl").absolute()}
    files = [f for f in input_files(paths) if f.absolute() not in outputs]
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    gazetteer = gazetteer_path(gazetteer)
    result = CorpusSummary(str(dest), workers=workers)
    started = time.perf_counter()
    incident_sink, mention_sink = _open_sinks(dest, mentions)
    sinks = [s for s in (incident_sink, mention_sink) if s is not None]
    try:
        from .batch import Progress

        with Progress(f"extracting ({workers} workers)", None, enabled=progress) as bar:
            stream = extract_documents(
                iter_documents(files),
                options,
                workers=workers,
                gazetteer=gazetteer,
                batch_size=batch_size,
                method=start_method,
            )
            for outcome in stream:
                result.add(outcome)
                if outcome.extraction is not None:
                    where = (outcome.index, outcome.id, outcome.extraction)
                    incident_sink.write(incident_records(*where))
                    if mention_sink is not None:
                        mention_sink.write(mention_records(*where))
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
        promote(incidents.tmp, incidents.final)
        if mentions is not None:
            promote(mentions.tmp, mentions.final)
        return
    try:
        with atomic_output(dest) as tmp:
            _write_gpkg_layer(incidents.tmp, tmp, "incidents", INCIDENT_FIELDS)
            if mentions is not None:
                _write_gpkg_layer(mentions.tmp, tmp, "mentions", MENTION_FIELDS)
    finally:
        incidents.discard()
        if mentions is not None:
            mentions.discard()
