"""One document's text and what the stages read from it, computed once.

Recognition, resolution, actors and incidents all look at the same few
things of an article: its dateline, its capitalised-word tokens, spaCy's
entities. A :class:`DocumentText` carries the text and computes each of
them at most once, when a stage first asks; the stages pass it along
instead of the bare string. :class:`geomap.events.article.Article` adds what
the event stage reads (sentences, the header's end, word tokens, dates).
Every function that takes one also takes a plain string.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from ..errors import InputError
from .tokens import Candidate, _Token, _tokens, find_dateline

if TYPE_CHECKING:
    from .entities import Entity

__all__ = ["DocumentText"]


class DocumentText:
    """A document's text; ``ents`` are spaCy's entities once a stage ran it."""

    def __init__(self, text: str, ents: Sequence[Entity] | None = None) -> None:
        if not isinstance(text, str):
            raise InputError(f"expected text (str), got {type(text).__name__}")
        self.text = text
        self.ents = ents

    @classmethod
    def of(cls, value: str | DocumentText) -> DocumentText:
        """``value`` itself when it is one, else a new one over the string."""
        return value if isinstance(value, DocumentText) else cls(value)

    @cached_property
    def dateline(self) -> Candidate | None:
        """The dateline's place ("BAGHDAD (AP) —"), if the text opens with one."""
        return find_dateline(self.text)

    @cached_property
    def place_tokens(self) -> list[_Token]:
        """The capitalised words and connectors place names are read from."""
        return _tokens(self.text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text[:40]!r}{'...' if len(self.text) > 40 else ''})"
