"""Reading annotated geoparsing corpora: LGL / TR-News style XML with gold toponyms.

:func:`read_corpus` returns :class:`Document` s, each with its text and
:class:`GoldToponym` s (span, phrase, GeoNames id and coordinates).
Offsets that do not match the text are realigned to the nearest occurrence
of the phrase within :data:`DEFAULT_REALIGN_WINDOW` characters, and the
XML is parsed with DTDs refused. :mod:`geomap.geoparsing.evaluate` scores
a parser against these.

:func:`split_documents` keeps a fixed part of a corpus for testing: a
document is in the *test* split when the SHA-256 of its id, read as a
number, is divisible by :data:`TEST_SHARE` (one document in five), else in
the *dev* split. The rules are tuned on the dev split and reported on the
test split; since the split depends on nothing but the id, the same
document is in the same part on every machine, in every version, and
whatever other documents the file holds.
"""

from __future__ import annotations

import hashlib
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, get_args

from geomap.errors import InputError

__all__ = [
    "DEFAULT_REALIGN_WINDOW",
    "SPLITS",
    "TEST_SHARE",
    "Document",
    "GoldToponym",
    "Split",
    "in_test_split",
    "read_corpus",
    "split_documents",
]


#: How far (in characters, either side) :func:`read_corpus` looks for a gold
#: phrase whose offsets do not match the text. The corpus README speaks of
#: shifts of 1-4 characters in TR-News, but the file itself has shifts of up
#: to 10 (they accumulate towards the end of some articles), so 4 would leave
#: about 30 toponyms misaligned. 16 covers them all with a margin while staying
#: far too small to jump to an unrelated occurrence of the same name.
DEFAULT_REALIGN_WINDOW: Final = 16

Alignment = Literal["exact", "realigned", "unaligned"]

#: Which documents to score: every one, the dev split (tuned on) or the test
#: split (held out). See :func:`split_documents`.
Split = Literal["all", "dev", "test"]
SPLITS: Final = get_args(Split)

#: One document in TEST_SHARE is in the test split.
TEST_SHARE: Final = 5


# --------------------------------------------------------------------------
# Corpus model


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold toponym: ``text[start:end] == phrase`` (unless unaligned).

    Parameters
    ----------
    start, end
        0-based character offsets into the document text, after realignment.
    phrase
        The surface form as annotated.
    latitude, longitude
        Gold coordinates from ``<gaztag>``; ``None`` when the toponym has no
        gaztag. Such toponyms count for recognition only.
    geonameid, name, feature_class, feature_code, country, admin1
        The rest of the gaztag, kept for error analysis.
    alignment
        ``"exact"`` when the file's offsets matched the text, ``"realigned"``
        when they were moved to the nearest occurrence of the phrase, and
        ``"unaligned"`` when no occurrence was found nearby (the file's
        offsets are then kept as given).
    original_span
        The offsets as given in the file when they were realigned, else None.
    """

    start: int
    end: int
    phrase: str
    latitude: float | None = None
    longitude: float | None = None
    geonameid: str | None = None
    name: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    alignment: Alignment = "exact"
    original_span: tuple[int, int] | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class Document:
    """One corpus article: its text and gold toponyms (in file order)."""

    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...] = ()
    title: str = ""

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The gold spans, as handed to ``parser.resolve`` in gold mode."""
        return [t.span for t in self.toponyms]


# --------------------------------------------------------------------------
# Reading the XML


class _DoctypeRefused(Exception):
    """Raised from inside the XML parser when a DOCTYPE shows up."""


class _NoDoctypeTreeBuilder(ET.TreeBuilder):
    # expat reports the DOCTYPE to the target *before* it reads the internal
    # subset, so raising here stops entity declarations (billion laughs,
    # external entities) from ever being processed. This is the second line
    # of defence behind the byte scan in _parse_xml: it also catches a DOCTYPE
    # hidden from that scan by an encoding such as UTF-16.
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeRefused(name)


def _parse_xml(path: Path) -> ET.Element:
    """Read and parse ``path``, refusing DTDs; raise InputError on failure."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"Corpus file {path} does not exist; give the path to an LGL or TR-News XML file."
        ) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise InputError(f"Cannot read corpus file {path} ({reason}); check the path.") from None
    # The corpora never use a DTD, and a DTD is the only way to declare
    # entities, so refusing it up front is the defusedxml practice without the
    # dependency. A literal "<!DOCTYPE" inside an article's CDATA would be
    # refused too; news prose does not contain one. The scan sees UTF-8 and
    # other ASCII-compatible encodings; UTF-16 is left to the parser hook.
    if b"<!DOCTYPE" in data:
        raise InputError(
            f"Corpus file {path} contains a DOCTYPE declaration, which is refused for safety; "
            "remove it (LGL and TR-News do not use one)."
        )
    parser = ET.XMLParser(target=_NoDoctypeTreeBuilder())
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except _DoctypeRefused:
        raise InputError(
            f"Corpus file {path} contains a DOCTYPE declaration, which is refused for safety; "
            "remove it (LGL and TR-News do not use one)."
        ) from None
    except ET.ParseError as err:
        raise InputError(
            f"Corpus file {path} is not well-formed XML ({_one_line(str(err))})."
        ) from None
    return root


def _one_line(message: str) -> str:
    # Error messages are printed by the CLI as one line.
    return " ".join(message.split())


def _format_error(path: Path, where: str, problem: str) -> InputError:
    return InputError(
        f"Corpus file {path} is not in the LGL/TR-News format: {where}: {_one_line(problem)}."
    )


def _child_text(element: ET.Element, tag: str) -> str | None:
    child = element.find(tag)
    if child is None:
        return None
    return child.text or ""


def _int_field(toponym: ET.Element, tag: str, path: Path, where: str) -> int:
    raw = _child_text(toponym, tag)
    if raw is None:
        raise _format_error(path, where, f"<toponym> has no <{tag}>")
    try:
        value = int(raw.strip())
    except ValueError:
        raise _format_error(path, where, f"<{tag}> is {raw.strip()!r}, not an integer") from None
    if value < 0:
        raise _format_error(path, where, f"<{tag}> is negative ({value})")
    return value


def _coordinate(gaztag: ET.Element, tag: str, path: Path, where: str) -> float | None:
    raw = _child_text(gaztag, tag)
    if raw is None or not raw.strip():
        return None
    try:
        value = float(raw.strip())
    except ValueError:
        raise _format_error(path, where, f"<{tag}> is {raw.strip()!r}, not a number") from None
    limit = 90.0 if tag == "lat" else 180.0
    if not -limit <= value <= limit:
        raise _format_error(path, where, f"<{tag}> {value} is out of range")
    return value


def _realign(text: str, phrase: str, start: int, window: int) -> int | None:
    """Start of the occurrence of ``phrase`` nearest to ``start``, or None.

    Only occurrences starting within ``window`` characters of ``start`` are
    considered; on a tie the earlier one wins (TR-News offsets are too large,
    never too small, so the true position is the one to the left).
    """
    lo = max(0, start - window)
    hi = min(len(text), start + window + len(phrase))
    best: int | None = None
    i = text.find(phrase, lo, hi)
    while i != -1:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1, hi)
    return best


def _read_toponym(
    element: ET.Element, text: str, path: Path, where: str, window: int
) -> GoldToponym:
    start = _int_field(element, "start", path, where)
    end = _int_field(element, "end", path, where)
    phrase = _child_text(element, "phrase")
    if not phrase:
        raise _format_error(path, where, "<toponym> has no <phrase>")
    if end < start:
        raise _format_error(path, where, f"<end> {end} is before <start> {start}")

    alignment: Alignment = "exact"
    original: tuple[int, int] | None = None
    if text[start:end] != phrase:
        found = _realign(text, phrase, start, window)
        if found is None:
            if end > len(text):
                raise _format_error(
                    path, where, f"<end> {end} is past the end of the text ({len(text)} characters)"
                )
            # Keep the file's offsets so the toponym still counts; the
            # report says how many are like this.
            alignment = "unaligned"
        else:
            alignment, original = "realigned", (start, end)
            start, end = found, found + len(phrase)

    fields: dict[str, Any] = {}
    gaztag = element.find("gaztag")
    if gaztag is not None:
        latitude = _coordinate(gaztag, "lat", path, where)
        longitude = _coordinate(gaztag, "lon", path, where)
        if (latitude is None) != (longitude is None):
            raise _format_error(path, where, "<gaztag> has only one of <lat> and <lon>")

        def text_of(tag: str) -> str | None:
            value = (_child_text(gaztag, tag) or "").strip()
            return value or None

        fields = {
            "latitude": latitude,
            "longitude": longitude,
            "geonameid": gaztag.get("geonameid"),
            "name": text_of("name"),
            "feature_class": text_of("fclass"),
            "feature_code": text_of("fcode"),
            "country": text_of("country"),
            "admin1": text_of("admin1"),
        }
    return GoldToponym(
        start=start,
        end=end,
        phrase=phrase,
        alignment=alignment,
        original_span=original,
        **fields,
    )


def read_corpus(
    path: str | os.PathLike[str], *, realign_window: int = DEFAULT_REALIGN_WINDOW
) -> list[Document]:
    """Read an LGL / TR-News style corpus.

    Gold offsets that do not match the text are realigned to the nearest
    exact occurrence of the phrase starting within ``realign_window``
    characters; when there is none the file's offsets are kept and the
    toponym is marked ``alignment="unaligned"``. The ``count`` attribute of
    ``<toponyms>`` is ignored: it is wrong or missing in most of TR-News.

    Parameters
    ----------
    path
        The XML file.
    realign_window
        Search radius in characters for realignment (0 disables it).

    Returns
    -------
    list of Document
        In file order.

    Raises
    ------
    InputError
        The file is missing or unreadable, is not well-formed XML, declares a
        DOCTYPE, or is not in this format (wrong root, missing ``<text>``,
        non-integer offsets, bad coordinates). The message names the file.
    """
    path = Path(path)
    root = _parse_xml(path)
    if root.tag != "articles":
        raise _format_error(path, "root element", f"found <{root.tag}>, expected <articles>")
    documents: list[Document] = []
    for number, article in enumerate(root.iter("article"), 1):
        docid = article.get("docid") or str(number)
        where = f"article {docid}"
        text = _child_text(article, "text")
        if text is None:
            raise _format_error(path, where, "<article> has no <text>")
        toponyms = tuple(
            _read_toponym(element, text, path, where, realign_window)
            for element in article.iterfind("toponyms/toponym")
        )
        title = (_child_text(article, "title") or "").strip()
        documents.append(Document(docid=docid, text=text, toponyms=toponyms, title=title))
    return documents


# --------------------------------------------------------------------------
# The fixed dev / test split


def in_test_split(docid: str) -> bool:
    """Is the document ``docid`` in the held-out test split?

    True when the SHA-256 of the id (UTF-8), read as a big-endian number, is
    divisible by :data:`TEST_SHARE`: a fixed one document in five, chosen
    by nothing but the id.
    """
    digest = hashlib.sha256(docid.encode("utf-8")).digest()
    return int.from_bytes(digest, "big") % TEST_SHARE == 0


def split_documents(documents: list[Document], split: Split) -> list[Document]:
    """The documents of ``split``, in their order: all of them, the dev split
    (not :func:`in_test_split`) or the test split.

    Raises
    ------
    InputError
        ``split`` is not one of "all", "dev", "test".
    """
    if split not in SPLITS:
        raise InputError(f"The split must be 'all', 'dev' or 'test', not {split!r}.")
    if split == "all":
        return list(documents)
    test = split == "test"
    return [d for d in documents if in_test_split(d.docid) == test]
