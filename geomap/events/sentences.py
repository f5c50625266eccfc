"""Sentences with character offsets, and the spans of quoted speech."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """``text[start:end]``, its paragraph and its index in the document."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr gen lt col sgt capt maj sen rep gov st jan feb aug sept sep oct nov dec
    jr sr no vs inc corp ltd co prof rev adm brig ft mt gens cmdr cpl pvt
    """.split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# A header date and wire dateline ("date 2021-11-07 BAGHDAD (AP) –") are
# metadata, not part of the first sentence.
_HEAD = re.compile(
    r"^\s*(?:(?:date|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}\s+)?"
    r"(?:[A-Z][A-Z.'’\- ]{1,40}?(?:,\s*[A-Z][\w.'’\- ]{1,30}?)?\s*"
    r"(?:\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN|BBC)\)\s*)?[–—-]{1,2}\s+"
    r"|(?:date|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}\s*\n)"
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets.

    Blank lines separate paragraphs (a text without any treats each line as
    one); abbreviations ("Gen.", "Oct.", "U.S.") and initials do not end a
    sentence.
    """
    if not isinstance(text, str) or not text:
        return []
    blank = re.search(r"\n[ \t]*\n", text) is not None
    splitter = re.compile(r"\n[ \t]*\n\s*" if blank else r"\n\s*")
    out: list[Sentence] = []
    para = 0
    head = _HEAD.match(text[:250])
    pos = head.end() if head else 0
    for block in [*splitter.finditer(text), None]:
        stop = block.start() if block else len(text)
        lines = re.finditer(r"[^\n]+", text[pos:stop])
        had = False
        for line in lines:
            for s, e in _split_line(text, pos + line.start(), pos + line.end()):
                out.append(Sentence(s, e, text[s:e], para, len(out)))
                had = True
        if had:
            para += 1
        if block:
            pos = block.end()
    return out


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        before = text[max(start, m.start() - 12) : m.start()]
        word = re.search(r"([A-Za-z.]+)$", before)
        if word and text[m.start()] == ".":
            w = word.group(1)
            if w.lower().rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", w):
                continue  # "Gen. Smith", "U.S. troops", "J. Smith"
        stop = m.end()
        while stop > cur and text[stop - 1].isspace():
            stop -= 1
        spans.append((cur, stop))
        cur = m.end()
    # Trim surrounding white space from the last sentence.
    s, e = cur, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            out.append((s, e))
    return out


_QUOTES = re.compile(r"[“”\"]")


def _quote_mask(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Spans of quoted speech. Curly quotes pair by direction; straight ones
    toggle. An unclosed quote ends with its paragraph (wire style).

    Two quotations are no speech: a word or three in quotes is a term (went
    on a "rampage", a "failed raid"), and a text that is one quotation from
    end to end is a quoted report, the only account there is."""
    spans: list[tuple[int, int]] = []
    by_para: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    for group in by_para.values():
        start, end = group[0].start, group[-1].end
        opened: int | None = None
        for m in _QUOTES.finditer(text, start, end):
            ch, i = m.group(), m.start()
            if ch == "“" or (ch == '"' and opened is None):
                if opened is None:
                    opened = i
            elif opened is not None:
                spans.append((opened, i + 1))
                opened = None
        if opened is not None:
            spans.append((opened, end))
    if len(spans) == 1 and not text[: spans[0][0]].strip() and not text[spans[0][1] :].strip():
        return []
    return [(a, b) for a, b in spans if not _TERM.fullmatch(text, a, b)]


# A term in quotes: up to three words, no sentence inside.
_TERM = re.compile(r"[“\"]\s*[\w'’-]+(?:\s+[\w'’-]+){0,2}\s*[”\"]")
