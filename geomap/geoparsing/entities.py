"""spaCy's named entities over long texts: the referee of the "ner" mode.

:func:`spacy_entities` runs a loaded pipeline over a text in pieces (so any
length fits spaCy's limit) and returns :class:`Entity` spans with document
offsets; :func:`entities_of` reads them off one parsed document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..gazetteer.names import loose_key
from .directions import direction_of
from .tokens import _CONNECTORS, _NOT_PLACES, _PLACE_PREFIX, _POSSESSIVE

__all__ = ["Entity", "entities_of", "spacy_entities"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity from the NER model, by character offsets."""

    start: int
    end: int
    label: str


def entities_of(doc: Any, offset: int = 0) -> list[Entity]:
    return [Entity(e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents]


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """Lone surrogates (undecodable bytes kept by Python) break spaCy's
    tokenizer; U+FFFD keeps every offset where it was."""
    return _SURROGATE.sub("\ufffd", text)


def _pieces(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, piece) cuts of at most ``size`` characters, at a line break
    or a space where there is one, so no entity is cut in two."""
    out = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut + 1 if cut >= 0 else start + size
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def spacy_entities(nlp: Any, text: str, chunk_size: int = 100_000) -> list[Entity]:
    """Run a spaCy pipeline over any text: surrogates replaced, long texts in
    pieces (spaCy refuses more than nlp.max_length characters, and its memory
    grows with the text), offsets into the original text."""
    # Never more than the pipeline accepts, whatever the caller asked for.
    size = min(chunk_size, int(getattr(nlp, "max_length", chunk_size)))
    pieces = _pieces(_no_surrogates(text), size)
    out: list[Entity] = []
    for (offset, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True):
        out.extend(entities_of(doc, offset))
    return out


# A given name: a capitalised word of letters, or an initial ("J.").
_GIVEN_NAME = re.compile(r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.)$")


def _surnames(text: str, people: Sequence[tuple[int, int]]) -> frozenset[str]:
    """Keys of the last words of the article's full personal names."""
    out = set()
    for start, end in people:
        words = [w for w in text[start:end].split() if w not in _CONNECTORS]
        # Two or three words besides particles ("Pieter van der Hoek"), the
        # first a name: the small model also calls "N.E. Toledo",
        # "Historic Savannah" or a headline a person.
        if not 1 < len(words) < 4 or not _GIVEN_NAME.match(words[0]):
            continue
        first = words[0].lower()
        if first in _NOT_PLACES or first in _PLACE_PREFIX or direction_of(first):
            continue
        out.add(loose_key(_POSSESSIVE.sub("", words[-1])))
    return frozenset(out)
