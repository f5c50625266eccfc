"""Extraction over corpora of thousands of articles, on every local core.

>>> from geomap.scale.corpus import process_corpus
>>> summary = process_corpus(["articles/"], "incidents.jsonl")  # doctest: +SKIP

Inputs are files, directories (searched recursively) or glob patterns of

* plain text (``.txt``): one article per file;
* JSON Lines (``.jsonl``, ``.ndjson``): one article per line, an object with
  ``text`` and optionally ``date`` or ``published``, ``url`` or ``source``,
  and ``id``;
* HTML (``.html``, ``.htm``): the readable text (no scripts, styles or
  navigation), the ``<title>``, and the publication date from
  ``<meta property="article:published_time">`` or ``<time datetime>``.

Documents are streamed, never loaded at once, and a bad one (unreadable,
binary, undecodable, empty, malformed JSON) becomes a
:class:`DocumentError` in the stream rather than an exception: one broken
file in ten thousand does not stop a run.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import json
import multiprocessing
import os
import re
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from ..errors import GeomapError, InputError, OutputError

if TYPE_CHECKING:
    import geopandas as gpd

    from ..extract import Extractor
    from ..gazetteer.store import Gazetteer
    from ..models import Extraction

__all__ = [
    "INCIDENT_FIELDS",
    "MENTION_FIELDS",
    "CorpusSummary",
    "Document",
    "DocumentError",
    "DocumentResult",
    "Unit",
    "document_units",
    "incident_frame",
    "input_files",
    "iter_documents",
    "iter_unit",
    "process_corpus",
]

Mode = Literal["auto", "fast", "ner"]
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES
OUTPUT_SUFFIXES = (".jsonl", ".gpkg")

# An article is text: a few control characters (form feeds, stray escapes)
# are tolerated, more than this share of them means a binary file.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# No news article is this long; a file or JSONL line that is, is a dump or
# an accident, and reading it whole would cost the run its memory.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


# -- documents ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``index`` is its position in the input stream (bad
    documents count too), which fixes the order of every output."""

    index: int
    id: str
    text: str
    published: str | None = None
    source: str | None = None
    title: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class DocumentError:
    """A document that could not be read; ``id`` says where it was."""

    index: int
    id: str
    error: str


Item = Document | DocumentError


class _Bad(Exception):
    """Internal: this document is unusable, for the reason given."""


def _is_pattern(path: str) -> bool:
    return any(ch in path for ch in "*?[")


def input_files(paths: Iterable[str | os.PathLike[str]] | str) -> list[Path]:
    """The files a list of inputs names, in a stable order.

    Directories are searched recursively for .txt, .jsonl/.ndjson and
    .html/.htm files (hidden files and folders are skipped); a glob pattern
    takes what it matches, sorted; a file is taken as given, whatever its
    name (an unknown kind then becomes a document error).

    Raises
    ------
    InputError
        A path does not exist or a pattern matches nothing: a typo should
        stop the run before it starts, not produce an empty output.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files: list[Path] = []
    for raw in paths:
        text = os.fspath(raw)
        if _is_pattern(text) and not Path(text).exists():
            matched = sorted(glob.glob(text, recursive=True))
            if not matched:
                raise InputError(f"no files match {text!r}")
            for m in matched:
                files.extend(_expand(Path(m)))
            continue
        path = Path(text)
        if not path.exists():
            raise InputError(f"no such file or directory: {text}")
        files.extend(_expand(path))
    return files


def _expand(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    found = []
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                found.append(Path(root) / name)
    return found


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM), else Windows-1252.

    Windows-1252 reads Latin-1 files too (it differs only in 0x80-0x9F,
    printable there), so old European exports decode; bytes it leaves
    undefined mean the file is something else.
    """
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _Bad("cannot decode the text as UTF-16 (it has a UTF-16 mark)") from None
    if b"\x00" in data:
        raise _Bad("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 text with a few stray bytes stays UTF-8 (the strays become
    # U+FFFD); reading it as Windows-1252 would garble all its punctuation.
    # Only text that is mostly not UTF-8 is taken for Windows-1252.
    replaced = data.decode("utf-8-sig", errors="replace")
    strays = replaced.count("\ufffd")
    if strays <= max(2, len(replaced) // 1000) and _looks_utf8(data):
        return replaced, "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        if strays <= len(replaced) // 100:
            return replaced, "utf-8"
    raise _Bad("cannot decode the text as UTF-8 or Windows-1252")


def _looks_utf8(data: bytes) -> bool:
    """Does the text hold valid multi-byte UTF-8 sequences (curly quotes,
    accents), i.e. was it written as UTF-8 at all?"""
    return bool(_UTF8_MULTIBYTE.search(data))


def _check_text(text: str) -> str:
    if not text.strip():
        raise _Bad("empty document")
    if len(_CONTROL.findall(text[:20_000])) > _MAX_CONTROL_SHARE * min(len(text), 20_000):
        raise _Bad("binary file (control characters), not text")
    return text


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():  # a FIFO or device would block or never end
            raise _Bad("not a regular file")
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise _Bad(f"larger than {MAX_DOCUMENT_BYTES >> 20} MB: not an article")
        return path.read_bytes()
    except OSError as exc:
        raise _Bad(f"cannot read the file: {exc.strerror or exc}") from None


def _lines(fh: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """(line, length in bytes) of a binary file; a line longer than
    :data:`MAX_DOCUMENT_BYTES` comes as None, skipped without being held."""
    while raw := fh.readline(MAX_DOCUMENT_BYTES + 1):
        if len(raw) <= MAX_DOCUMENT_BYTES or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while more := fh.readline(1 << 20):
            size += len(more)
            if more.endswith(b"\n"):
                break
        yield None, size


def _text_document(path: Path, index: int, label: str) -> Item:
    try:
        text, encoding = _decode(_read_bytes(path))
        return Document(index, label, _check_text(text), source=label, encoding=encoding)
    except _Bad as exc:
        return DocumentError(index, label, str(exc))


def _html_document(path: Path, index: int, label: str) -> Item:
    try:
        data = _read_bytes(path)
        text, encoding = _decode_html(data)
        page = _Readable.parse(text)
        return Document(
            index,
            label,
            _check_text(page.text),
            published=page.published,
            source=page.url or label,
            title=page.title,
            encoding=encoding,
        )
    except _Bad as exc:
        return DocumentError(index, label, str(exc))


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode_html(data: bytes) -> tuple[str, str]:
    """Bytes of a page: its declared charset where valid, else as text files."""
    declared = _CHARSET.search(data[:4096])
    if declared and b"\x00" not in data:
        name = declared.group(1).decode("ascii").lower()
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return data.decode(name), name
    return _decode(data)


class _Readable(HTMLParser):
    """The readable text of a page, with the standard library's parser.

    Scripts, styles and page furniture (navigation, asides, footers, forms)
    are dropped; block elements become paragraph breaks. When the page has
    an ``<article>`` (or ``<main>``), only its text is kept: the rest is
    menus and teasers for other stories.
    """

    _SKIP = frozenset(
        {"script", "style", "noscript", "template", "svg", "nav", "aside", "footer", "form"}
    )
    _BLOCK = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
            "section", "article", "main", "header", "blockquote", "pre", "figcaption", "dd",
            "dt", "table", "hr", "body",
        }
    )  # fmt: skip
    _MAIN = frozenset({"article", "main"})
    _DATE_META = frozenset(
        {"article:published_time", "og:published_time", "datepublished", "pubdate", "date"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.in_title = False
        self.in_head = False
        self.main_depth = 0
        self.parts: list[str] = []
        self.main_parts: list[str] = []
        self.title_parts: list[str] = []
        self.published: str | None = None
        self.time_datetime: str | None = None
        self.url: str | None = None

    @classmethod
    def parse(cls, html: str) -> _Readable:
        parser = cls()
        try:
            parser.feed(html)
            parser.close()
        except (AssertionError, ValueError) as exc:  # very malformed markup
            raise _Bad(f"cannot parse the HTML: {exc}") from None
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link", "time"):
            self._metadata(tag, {k.lower(): v or "" for k, v in attrs})
        if tag == "head":
            self.in_head = True
        elif tag == "title":
            self.in_title = True
        elif tag in self._SKIP:
            self.skip += 1
        if tag in self._MAIN:
            self.main_depth += 1
        if tag in self._BLOCK:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <meta .../>: never opened, so never closed.
        if tag in ("meta", "link", "time"):
            self._metadata(tag, {k.lower(): v or "" for k, v in attrs})
        if tag in self._BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        elif tag in self._SKIP and self.skip:
            self.skip -= 1
        if tag in self._MAIN and self.main_depth:
            self.main_depth -= 1
        if tag in self._BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip and not self.in_head:
            self.parts.append(data)
            if self.main_depth:
                self.main_parts.append(data)

    def _break(self) -> None:
        self.parts.append("\n\n")
        if self.main_depth:
            self.main_parts.append("\n\n")

    def _metadata(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "meta":
            key = (
                attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            ).lower()
            if key in self._DATE_META and attrs.get("content") and self.published is None:
                self.published = attrs["content"].strip()
            elif key == "og:url" and attrs.get("content"):
                self.url = attrs["content"].strip()
        elif tag == "link" and attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
            self.url = self.url or attrs["href"].strip()
        elif tag == "time" and attrs.get("datetime") and self.time_datetime is None:
            self.time_datetime = attrs["datetime"].strip()

    @property
    def text(self) -> str:
        parts = self.main_parts if "".join(self.main_parts).strip() else self.parts
        paragraphs = [" ".join(p.split()) for p in "".join(parts).split("\n\n")]
        paragraphs = [p for p in paragraphs if p]
        # A headline repeating the <title> goes: the article then opens with
        # its dateline ("KIRKUK, Iraq (AP) -"), where the geoparser looks.
        title = self.title
        if paragraphs and title and title.startswith(paragraphs[0]):
            paragraphs = paragraphs[1:]
        return "\n\n".join(paragraphs)

    @property
    def title(self) -> str | None:
        return " ".join("".join(self.title_parts).split()) or None

    def close(self) -> None:
        super().close()
        self.published = self.published or self.time_datetime


def _json_document(line: bytes, label: str, lineno: int, index: int) -> Item:
    where = f"{label}:{lineno}"
    try:
        record = json.loads(line)
    except UnicodeDecodeError:
        return DocumentError(index, where, "the line is not valid UTF-8")
    except ValueError as exc:
        return DocumentError(index, where, f"invalid JSON: {exc}")
    if not isinstance(record, dict):
        return DocumentError(index, where, "expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        return DocumentError(index, where, "no 'text' string field")
    try:
        _check_text(text)
    except _Bad as exc:
        return DocumentError(index, where, str(exc))
    published = record.get("published", record.get("date"))
    source = record.get("url", record.get("source"))
    ident = record.get("id")
    return Document(
        index,
        str(ident) if ident is not None else where,
        text,
        published=str(published) if published not in (None, "") else None,
        source=str(source) if source not in (None, "") else where,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
    )


def _jsonl_documents(
    path: Path,
    index: int,
    label: str,
    *,
    offset: int = 0,
    lineno: int = 1,
    count: int | None = None,
) -> Iterator[Item]:
    """The documents of a JSON Lines file (or of ``count`` of its records
    from a byte offset), one line at a time. Blank lines are not records."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; errors become a document error
    except OSError as exc:
        yield DocumentError(index, label, f"cannot read the file: {exc.strerror or exc}")
        return
    with fh:
        fh.seek(offset)
        done = 0
        for raw, _ in _lines(fh):
            if count is not None and done >= count:
                break
            if raw is None:
                limit = f"longer than {MAX_DOCUMENT_BYTES >> 20} MB: not an article"
                yield DocumentError(index + done, f"{label}:{lineno}", limit)
                done += 1
            elif raw.strip():
                yield _json_document(raw, label, lineno, index + done)
                done += 1
            lineno += 1


def _file_documents(path: Path, index: int, label: str | None = None) -> Iterator[Item]:
    """A file's documents; ``label`` (default: the path) names them in ids."""
    label = label or str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_documents(path, index, label)
    elif suffix in HTML_SUFFIXES:
        yield _html_document(path, index, label)
    elif suffix in TEXT_SUFFIXES:
        yield _text_document(path, index, label)
    else:
        yield DocumentError(index, label, "not a .txt, .jsonl/.ndjson or .html/.htm file; skipped")


def iter_documents(paths: Iterable[str | os.PathLike[str]] | str) -> Iterator[Item]:
    """Stream the documents of files, directories and glob patterns.

    Yields :class:`Document` and, for what cannot be used,
    :class:`DocumentError`, in input order, one file (or JSONL line) at a
    time. Raises :class:`InputError` only for inputs that do not exist.
    """
    index = 0
    for path in input_files(paths):
        for item in _file_documents(path, index):
            yield item
            index += 1


# -- units of work (for partitioned runs) ------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A slice of the corpus that can be read on its own: one file, or
    ``count`` records of a JSONL file from a byte offset. ``index`` is the
    stream position of its first document."""

    path: str
    index: int
    offset: int = 0
    lineno: int = 1
    count: int = 1
    label: str = ""  # how ids name the file (default: path)


def document_units(
    paths: Iterable[str | os.PathLike[str]] | str, *, records_per_unit: int = 256
) -> list[Unit]:
    """Cut the corpus into :class:`Unit` s without holding any text: JSONL
    files are scanned once for line offsets. Paths are made absolute, so
    workers with another working directory find them; documents keep the
    names :func:`iter_documents` gives them."""
    units: list[Unit] = []
    index = 0
    for path in input_files(paths):
        if path.suffix.lower() not in JSONL_SUFFIXES:
            units.append(Unit(str(path.absolute()), index, label=str(path)))
            index += 1
            continue
        for unit in _jsonl_units(path, index, records_per_unit):
            units.append(unit)
            index += unit.count
    return units


def _jsonl_units(path: Path, index: int, size: int) -> Iterator[Unit]:
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError:
        yield Unit(str(path.absolute()), index, label=str(path))  # the worker reports it
        return
    with fh:
        offset, lineno, start, start_line, count = 0, 1, 0, 1, 0
        for raw, size in _lines(fh):
            if raw is None or raw.strip():
                if count == 0:
                    start, start_line = offset, lineno
                count += 1
                if count == size:
                    yield Unit(str(path.absolute()), index, start, start_line, count, str(path))
                    index, count = index + count, 0
            offset += size
            lineno += 1
        if count:
            yield Unit(str(path.absolute()), index, start, start_line, count, str(path))


def iter_unit(unit: Unit) -> Iterator[Item]:
    """The documents of one unit, numbered and named as
    :func:`iter_documents` would."""
    path = Path(unit.path)
    label = unit.label or unit.path
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_documents(
            path, unit.index, label, offset=unit.offset, lineno=unit.lineno, count=unit.count
        )
    else:
        yield from _file_documents(path, unit.index, label)


# -- extraction in workers ---------------------------------------------------------

# Flat, typed record layouts: GeoPackage, Parquet and JSONL carry the same
# fields. The ACLED columns come from geomap.scale.export.
_INCIDENT_HEAD: dict[str, str] = {"document": "string", "doc_index": "Int64", "incident": "Int64"}
_INCIDENT_TAIL: dict[str, str] = {"place_id": "string", "published": "string"}
MENTION_FIELDS: dict[str, str] = {
    "document": "string",
    "doc_index": "Int64",
    "mention": "Int64",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "demonym": "boolean",
    "confidence": "float64",
    "precision": "Int64",
    "place_id": "string",
    "place_name": "string",
    "kind": "string",
    "country_code": "string",
    "admin1": "string",
    "latitude": "float64",
    "longitude": "float64",
}


_INT_FIELDS = frozenset(
    {"geo_precision", "fatalities", "injured", "evidence_start", "evidence_end"}
)


def _incident_fields() -> dict[str, str]:
    from .export import CSV_COLUMNS, EXTRA_COLUMNS

    middle: dict[str, str] = {}
    for name in (*CSV_COLUMNS, *EXTRA_COLUMNS, "date_precision"):
        if name in _INT_FIELDS:
            middle[name] = "Int64"
        elif name in ("latitude", "longitude", "confidence"):
            middle[name] = "float64"
        else:
            middle[name] = "string"
    return {**_INCIDENT_HEAD, **middle, **_INCIDENT_TAIL}


INCIDENT_FIELDS: dict[str, str] = _incident_fields()


@dataclass
class DocumentResult:
    """What a worker sends back for one document (picklable, small)."""

    index: int
    id: str
    incidents: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    mention_count: int = 0
    unplaced_mentions: int = 0
    error: str | None = None


def make_extractor(gazetteer: str | None, mode: Mode) -> Extractor:
    """An extractor over the gazetteer file (the default one when None)."""
    from ..extract import Extractor
    from ..gazetteer.store import Gazetteer
    from ..geoparsing.parser import Geoparser

    gaz = Gazetteer(gazetteer) if gazetteer else Gazetteer.default()
    return Extractor(Geoparser(gaz, mode=mode))


def _incident_records(doc: Document, ex: Extraction) -> list[dict[str, Any]]:
    from .export import incident_rows

    rows = incident_rows(ex)
    published = ex.published.isoformat() if ex.published else None
    return [
        {
            "document": doc.id,
            "doc_index": doc.index,
            "incident": i,
            **row,
            "place_id": inc.place.id if inc.place else None,
            "published": published,
        }
        for i, (inc, row) in enumerate(zip(ex.incidents, rows, strict=True))
    ]


def _mention_records(doc: Document, ex: Extraction) -> list[dict[str, Any]]:
    out = []
    for i, m in enumerate(ex.mentions):
        p = m.place
        out.append(
            {
                "document": doc.id,
                "doc_index": doc.index,
                "mention": i,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "demonym": m.demonym,
                "confidence": round(m.confidence, 4),
                "precision": m.precision,
                "place_id": p.id if p else None,
                "place_name": p.name if p else None,
                "kind": p.kind if p else None,
                "country_code": p.country_code if p else None,
                "admin1": p.admin1 if p else None,
                "latitude": round(p.latitude, 5) if p else None,
                "longitude": round(p.longitude, 5) if p else None,
            }
        )
    return out


def process_document(
    extractor: Extractor,
    item: Item,
    *,
    mentions: bool = False,
    include_background: bool = False,
) -> DocumentResult:
    """Extract one document; every failure becomes ``error``, never raised."""
    if isinstance(item, DocumentError):
        return DocumentResult(item.index, item.id, error=item.error)
    try:
        try:
            ex = extractor.extract(
                item.text,
                published=item.published,
                source=item.source,
                include_background=include_background,
            )
        except InputError:
            if item.published is None:
                raise
            # An unreadable date field should not cost the article: fall
            # back to the date its own text gives.
            ex = extractor.extract(
                item.text, source=item.source, include_background=include_background
            )
    except Exception as exc:  # one bad article must not stop a corpus run
        first = str(exc).splitlines()[0] if str(exc) else ""
        return DocumentResult(item.index, item.id, error=f"{type(exc).__name__}: {first}")
    return DocumentResult(
        item.index,
        item.id,
        incidents=_incident_records(item, ex),
        mentions=_mention_records(item, ex) if mentions else [],
        mention_count=len(ex.mentions),
        unplaced_mentions=ex.unplaced_mentions,
    )


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


# -- output ------------------------------------------------------------------------


def _typed_frame(records: Sequence[dict[str, Any]], fields: dict[str, str]) -> Any:
    import pandas as pd

    columns = {
        name: pd.Series([r.get(name) for r in records], dtype=dtype)
        for name, dtype in fields.items()
    }
    return pd.DataFrame(columns)


def incident_frame(
    records: Sequence[dict[str, Any]], fields: dict[str, str] | None = None
) -> gpd.GeoDataFrame:
    """Incident (or mention) records as a typed GeoDataFrame in EPSG:4326:
    the same schema whatever the records, so chunks and partitions agree."""
    import geopandas as gpd
    import numpy as np
    import shapely

    frame = _typed_frame(records, fields or INCIDENT_FIELDS)
    lat = frame["latitude"].to_numpy(dtype=float, na_value=np.nan)
    lon = frame["longitude"].to_numpy(dtype=float, na_value=np.nan)
    ok = np.isfinite(lat) & np.isfinite(lon)
    geometry = np.full(len(frame), None, dtype=object)
    geometry[ok] = shapely.points(lon[ok], lat[ok])
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


class _JsonlSink:
    """Records appended to a temporary file beside the final one."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        self.fh = open(self.tmp, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.count = 0

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.count += 1

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()

    def discard(self) -> None:
        self.close()
        self.tmp.unlink(missing_ok=True)


def _read_jsonl_chunks(path: Path, size: int = 50_000) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            chunk.append(json.loads(line))
            if len(chunk) == size:
                yield chunk
                chunk = []
    yield chunk  # possibly empty: an empty layer still gets its schema


def _write_gpkg_layer(src: Path, dest: Path, layer: str, fields: dict[str, str]) -> None:
    import pyogrio

    for i, chunk in enumerate(_read_jsonl_chunks(src)):
        if i and not chunk:
            break
        pyogrio.write_dataframe(
            incident_frame(chunk, fields), dest, layer=layer, driver="GPKG", append=i > 0
        )


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
        gazetteer, ~40x faster), "ner" (spaCy-refereed) or "auto".
    mentions
        Also write every place mention: to ``<stem>.mentions.jsonl`` beside
        a JSONL output, or to a "mentions" layer of a GeoPackage.
    gazetteer
        A gazetteer or its file; the default one when omitted.
    include_background
        Keep events dated long before publication (see
        :func:`geomap.extract.extract`).
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
