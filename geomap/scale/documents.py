"""Reading corpora: articles from files, directories and glob patterns, as a stream.

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
file in ten thousand does not stop a run. :func:`document_units` cuts the
inputs into :class:`Unit` s of work for partitioned runs.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "SUFFIXES",
    "Document",
    "DocumentError",
    "Item",
    "Unit",
    "document_units",
    "input_files",
    "iter_documents",
    "iter_unit",
]


TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES

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
