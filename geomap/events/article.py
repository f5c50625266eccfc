"""An article as the event stage reads it: the geoparser's
:class:`~geomap.geoparsing.document.DocumentText` plus its sentences, the end
of its header, its word tokens and its dates, each computed once."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..geoparsing.document import DocumentText
from .actor_words import _Tok, _tokens
from .dates import DateMention, find_dates
from .published import header_end
from .sentences import Sentence, split_sentences

__all__ = ["Article"]


class Article(DocumentText):
    """One article's text and what the event stage reads from it."""

    @classmethod
    def of(cls, value: str | DocumentText) -> Article:
        if isinstance(value, Article):
            return value
        if isinstance(value, DocumentText):
            return cls(value.text, ents=value.ents)
        return cls(value)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    @cached_property
    def header_end(self) -> int:
        """Where the header (dateline, byline, date lines) ends."""
        return header_end(self.text)

    @cached_property
    def word_tokens(self) -> list[_Tok]:
        """Every word (names of people and organisations are read from these)."""
        return _tokens(self.text)

    def body_dates(self, published: dt.date | None) -> list[DateMention]:
        """The date expressions after the header, read against ``published``
        (dates in the head, "BAMAKO (AP) — June 7, 2021 —", date the
        publication, not an event)."""
        cache: dict[dt.date | None, list[DateMention]] = self.__dict__.setdefault("_dates", {})
        if published not in cache:
            head = self.header_end
            cache[published] = [d for d in find_dates(self.text, published) if d.start >= head]
        return cache[published]
