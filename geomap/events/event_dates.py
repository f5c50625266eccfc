"""When each event of a text happened: the dating part of the incident finder.

A date expression goes to the trigger nearest it in its sentence (a
possessive date, "Friday's clashes", only to the noun after it); a date said
of a report ("officials said Sunday") dates nothing; an old date that a
trigger does not own is background. An event whose own sentences carry no
date takes the date its narrative set earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .date_links import old, owns, possessed
from .dates import DateMention, find_dates
from .hits import _Cluster, _Hit
from .sentences import Sentence
from .triggers import _FUTURE, _REPORTED_ON

__all__ = ["EventDater", "dates_agree", "shifted"]


class EventDater:
    """The dating part of :class:`~geomap.events.incidents.IncidentFinder`."""

    _dates: list[DateMention]
    _sentences: list[Sentence]
    _declined: set[DateMention]

    def _assign_dates(
        self,
        text: str,
        sent: Sentence,
        found: list[_Hit],
        dates: Sequence[DateMention],
        published: dt.date | None,
    ) -> None:
        """Each date expression of the sentence goes to its nearest trigger.

        A possessive date ("last month's elections", "Friday's clashes")
        dates only the noun right after it.
        """
        inside = [d for d in dates if sent.start <= d.start < sent.end]
        if published is not None and _FUTURE.search(sent.text):
            inside = [shifted(d, sent.start) for d in find_dates(sent.text, published, future=True)]
        for d in inside:
            lead = text[max(sent.start, d.start - 25) : d.start]
            if _REPORTED_ON.search(lead):
                continue  # "officials said Sunday": when it was told, not when it happened
            spans = [(h.start, h.end) for h in found]
            noun = possessed(text, d, spans)
            if noun is not None:  # "Friday's clashes": the noun's date only
                if noun >= 0:
                    found[noun].date = found[noun].date or d
                elif old(d, published):
                    self._declined.add(d)  # "last year's mutinies": no event of this text
                continue
            nearest = min(found, key=lambda h: min(abs(h.start - d.end), abs(d.start - h.end)))
            if old(d, published) and not owns(
                text, sent.start, (nearest.start, nearest.end), (d.start, d.end)
            ):
                self._declined.add(d)  # "the grave of a man killed in 1998"
                continue
            if nearest.date is None:
                nearest.date = d

    def _date_in_force(self, text: str, cluster: _Cluster) -> DateMention | None:
        """The date a narrative has set for the sentences that follow it:
        "On 4 May 2020, X and Y fought. Three were killed." dates the
        killing. The latest date before the passage, in its paragraph or the
        one before, that is not when something was said; else a date of the
        passage's own sentences that no trigger took."""
        first = self._sentences[min(cluster.sentences)]
        last = self._sentences[max(cluster.sentences)]
        start = min(h.start for h in cluster.hits)
        near = [
            d
            for d in self._dates
            if d.end <= last.end
            and d not in self._declined
            and any(
                s.start <= d.start < s.end and first.paragraph - 1 <= s.paragraph <= last.paragraph
                for s in self._sentences[max(0, first.index - 6) : last.index + 1]
            )
        ]
        told = [d for d in near if _REPORTED_ON.search(text[max(0, d.start - 25) : d.start])]
        said = [d for d in near if d not in told]
        earlier = [d for d in said if d.end <= start]
        if earlier:
            return earlier[-1]
        own = [
            d for d in said if any(s.start <= d.start < s.end for s in cluster.sentences.values())
        ]
        if own:
            return own[0]
        # "As reported on 28 April 2020, ...": the report's day is the best
        # date the text gives.
        return told[-1] if told else None


def shifted(d: DateMention, offset: int) -> DateMention:
    """A date mention found in a substring, moved to document offsets."""
    return DateMention(
        d.start + offset, d.end + offset, d.text, d.date, d.last, d.precision, d.relative
    )


def dates_agree(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    return a.date <= b.last and b.date <= a.last
