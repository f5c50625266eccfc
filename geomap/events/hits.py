"""Triggers found in a document, the events they are grouped into, and findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Incident, Place
from .dates import DateMention
from .sentences import Sentence
from .triggers import _Trigger

__all__ = ["Finding"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One incident with what geomap noticed while coding it.

    ``remarks`` are short notes ("injured: 'Dozens' is not a number", "date:
    publication date, none in the text"); ``background`` marks events dated
    well before publication.
    """

    incident: Incident
    remarks: tuple[str, ...] = ()
    background: bool = False


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    trigger: _Trigger
    sentence: Sentence
    definite: bool
    date: DateMention | None = None


@dataclass(slots=True)
class _Cluster:
    hits: list[_Hit] = field(default_factory=list)
    sentences: dict[int, Sentence] = field(default_factory=dict)
    date: DateMention | None = None
    place_hint: Place | None = None
    family: str = ""  # violence | protest | strategic:<sub type>

    @property
    def last(self) -> Sentence:
        return self.sentences[max(self.sentences)]

    def add(self, hit: _Hit) -> None:
        self.hits.append(hit)
        self.sentences[hit.sentence.index] = hit.sentence
        if self.date is None and hit.date is not None:
            self.date = hit.date
