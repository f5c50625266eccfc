"""Whether an old date in a sentence is the date of its nearest trigger.

An event dated well before publication is background and left out. That
is right only when the old date is the event's own: "clashes in 2015 left
ten dead". Reports of new events often name an old date that belongs to
something else in the sentence, and the event they report is today's:

* a clause or participle of its own ("the grave of a journalist who was
  killed in 1998", "policemen dismissed in 2012 demonstrated", "a vote that
  was meant to be held in 2015");
* an infinitive ("staged a sit-in to demand pay owed after their 2015
  dismissals");
* the start of a lasting state ("unpaid since May", "detained since 2015").

:func:`owns` tells whether the old date and the trigger share one clause.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import DateMention
from .taxonomy import BACKGROUND_DAYS

__all__ = ["old", "owns", "possessed"]


def old(date: DateMention, published: dt.date | None) -> bool:
    """A date that would make its event background."""
    return published is not None and (published - date.last).days > BACKGROUND_DAYS


# A verb between the trigger and the date, or before a date that opens the
# sentence, heads a clause of its own: the date is that verb's.
_OWN_VERB = re.compile(
    r"\b(?:who|whom|whose|which)\b"
    r"|\bthat\s+(?:was|were|is|are|had|has|have|would|will|could|\w+ed|left)\b"
    # A participle with its own complement ("killed in", "suspected of",
    # "held in"); an adjective ("armed men") takes no preposition.
    r"|\b(?:\w+ed|held|hurt|struck|made|taken|seen|told|left|won|lost|begun|died|fled|born)\s+"
    r"(?:in|on|at|since|during|following|after|before|over|between|from|until|of|by|for)\b"
    # An infinitive ("to demand", "to be held"), not "to the town".
    r"|\bto\s+(?!(?:the|a|an|their|his|her|its|this|these|those|our|my|your)\b)(?-i:[a-z])\w+",
    re.IGNORECASE,
)
_SINCE = re.compile(r"(?:\b(?:since|until|till)\s+(?:\w+\s+)?)$", re.IGNORECASE)
_SINCE_TEXT = re.compile(r"(?:since|until|till)\b", re.IGNORECASE)


def owns(text: str, sentence_start: int, trigger: tuple[int, int], date: tuple[int, int]) -> bool:
    """Whether the date at ``date`` (offsets in ``text``) dates the trigger at
    ``trigger`` in the sentence starting at ``sentence_start``."""
    t_start, t_end = trigger
    d_start, d_end = date
    if _SINCE_TEXT.match(text, d_start) or _SINCE.search(text[max(0, d_start - 20) : d_start]):
        return False  # "unpaid since May": a state that lasts, not an event
    # (up to the date's end: its "in" completes a participle, "fired in 2012")
    if t_end <= d_start:
        return not _OWN_VERB.search(text[t_end:d_end])
    # A date before its trigger opens the sentence ("In 2015, troops
    # retook the town"); after a verb of its own it is that verb's.
    return not _OWN_VERB.search(text[sentence_start:d_end]) and not _OWN_VERB.search(
        text[d_end:t_start]
    )


def possessed(text: str, date: DateMention, triggers: list[tuple[int, int]]) -> int | None:
    """For a possessive date ("Friday's clashes"), the index of the trigger it
    dates (the noun right after it), -1 when that noun is no trigger; None
    when the date is not possessive."""
    tail = text[date.end : date.end + 40]
    if not (date.text.endswith(("'s", "’s")) or tail.startswith(("'s", "’s"))):
        return None
    noun_at = date.end + (0 if date.text.endswith(("'s", "’s")) else 2)
    nxt = re.match(r"\s*(?:[\w-]+\s+){0,2}", text[noun_at : noun_at + 40])
    limit = noun_at + (nxt.end() if nxt else 0) + 1
    for i, (start, end) in enumerate(triggers):
        # (a noun: "last year's mutinies protested" dates no protest)
        if noun_at <= start <= limit and not text[start:end].endswith("ed"):
            return i
    return -1
