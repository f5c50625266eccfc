"""The one document pipeline: input paths in, one extraction per document out.

>>> from geomap.scale.pipeline import ExtractOptions, extract_documents
>>> for outcome in extract_documents(["articles/"], ExtractOptions(mode="fast")):  # doctest: +SKIP
...     print(outcome.id, outcome.error or len(outcome.extraction.incidents))

``geomap extract``, ``map``, ``report`` and ``corpus`` (and
:func:`geomap.scale.corpus.process_corpus`) all run documents through
:func:`extract_documents`, so the same options give the same incidents
whatever is written at the end: a GeoJSON file, a CSV, a JSON Lines corpus
file, a GeoPackage, a map or a report. The Dask runner calls
:func:`extract_one` on its workers, the same step.

Documents stream from :func:`geomap.scale.documents.iter_documents` through
one extractor in this process, or through a pool of worker processes (each
with its own gazetteer and extractor) with a few batches per worker in
flight: results come back in input order and memory stays flat however long
the corpus. A document that cannot be read or extracted becomes an
:class:`Outcome` with an ``error``, never an exception.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import GeomapError, InputError
from .documents import Document, DocumentError, Item, iter_documents

if TYPE_CHECKING:
    from ..events.extract import Extractor
    from ..gazetteer.store import Gazetteer
    from ..models import Extraction

__all__ = [
    "ExtractOptions",
    "Mode",
    "Outcome",
    "extract_documents",
    "extract_one",
    "gazetteer_path",
    "make_extractor",
]

Mode = Literal["auto", "fast", "ner"]
_MODES = ("auto", "fast", "ner")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What decides a document's extraction, the same in every command.

    ``published`` (an ISO date) overrides the date each document gives;
    ``event_model`` is the path of a model from ``geomap events train``;
    ``include_background`` keeps events dated long before publication.
    """

    mode: Mode = "auto"
    published: str | None = None
    event_model: str | None = None
    include_background: bool = False

    def __post_init__(self) -> None:
        if self.mode not in _MODES:
            raise InputError(f"unknown geoparser mode {self.mode!r}; use 'auto', 'fast' or 'ner'")
        if self.published is not None:
            from ..events.published import parse_published

            # A bad date fails here, before any work, not once per document.
            if parse_published(self.published) is None:
                raise InputError(
                    f"cannot read the publication date {self.published!r}: "
                    "use an ISO 8601 date such as 2021-11-07"
                )


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document's result: its extraction, or why there is none."""

    index: int
    id: str
    extraction: Extraction | None = None
    error: str | None = None


def make_extractor(gazetteer: str | None, options: ExtractOptions) -> Extractor:
    """An extractor over the gazetteer file (the default one when None)."""
    from ..events.extract import Extractor
    from ..gazetteer.store import Gazetteer
    from ..geoparsing.parser import Geoparser

    gaz = Gazetteer(gazetteer) if gazetteer else Gazetteer.default()
    model = None
    if options.event_model is not None:
        from ..events.model import EventModel

        model = EventModel.load(options.event_model)
    return Extractor(Geoparser(gaz, mode=options.mode), event_model=model)


def extract_one(extractor: Extractor, item: Item, options: ExtractOptions) -> Outcome:
    """Extract one document; every failure becomes ``error``, never raised."""
    if isinstance(item, DocumentError):
        return Outcome(item.index, item.id, error=item.error)
    try:
        extraction = _extract(extractor, item, options)
    except Exception as exc:  # one bad article must not stop a run
        first = str(exc).splitlines()[0] if str(exc) else ""
        return Outcome(item.index, item.id, error=f"{type(exc).__name__}: {first}")
    return Outcome(item.index, item.id, extraction)


def _extract(extractor: Extractor, doc: Document, options: ExtractOptions) -> Extraction:
    published = options.published or doc.published
    source = doc.source or doc.id
    background = options.include_background
    try:
        return extractor.extract(
            doc.text, published=published, source=source, include_background=background
        )
    except InputError:
        if options.published is not None or doc.published is None:
            raise
        # An unreadable date field of the document should not cost the
        # article: fall back to the date its own text gives.
        return extractor.extract(doc.text, source=source, include_background=background)


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


# -- the stream --------------------------------------------------------------------

# One extractor per process: in a worker it serves every batch it is given.
_worker: dict[str, Any] = {}


def _init_worker(gazetteer: str | None, options: ExtractOptions) -> None:
    _worker["extractor"] = make_extractor(gazetteer, options)
    _worker["options"] = options


def _process_batch(items: list[Item]) -> list[Outcome]:
    extractor, options = _worker["extractor"], _worker["options"]
    return [extract_one(extractor, item, options) for item in items]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def start_method() -> str:
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


def extract_documents(
    inputs: Iterable[str | os.PathLike[str]] | str | Iterable[Item],
    options: ExtractOptions | None = None,
    *,
    workers: int = 1,
    gazetteer: Gazetteer | str | os.PathLike[str] | None = None,
    batch_size: int = 8,
    method: str | None = None,
) -> Iterator[Outcome]:
    """Every input document's :class:`Outcome`, in input order.

    ``inputs`` are paths, directories and glob patterns (see
    :func:`geomap.scale.documents.iter_documents`), or documents already
    read. With ``workers`` > 1 the documents are extracted in that many
    processes (``method`` is the multiprocessing start method, see
    :func:`start_method`; a script that starts one must guard it with
    ``if __name__ == "__main__":``), ``batch_size`` documents sent to a
    worker at a time.
    """
    options = options or ExtractOptions()
    items = _items(inputs)
    path = gazetteer_path(gazetteer) if workers > 1 or gazetteer is not None else None
    if workers <= 1:
        # In this process the extractor is local to the run, not the
        # workers' global: two runs (threads, nested generators) never share
        # one, and the big geoparser goes when the run ends.
        extractor = make_extractor(path, options)
        for item in items:
            yield extract_one(extractor, item, options)
        return
    context = multiprocessing.get_context(method or start_method())
    max_in_flight = workers * 4
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(path, options)
    ) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
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


def _items(inputs: Iterable[Any] | str) -> Iterator[Item]:
    """Documents already read pass through; paths are read as a stream.

    Either way nothing is read ahead: a corpus streams through, one batch
    per worker at a time, however long it is."""
    if isinstance(inputs, (str, os.PathLike)):
        yield from iter_documents(inputs)
        return
    stream = iter(inputs)
    first = next(stream, None)
    if first is None:
        return
    if isinstance(first, (Document, DocumentError)):
        yield first
        yield from stream
    else:
        yield from iter_documents(itertools.chain([first], stream))
