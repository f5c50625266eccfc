"""First-level regions the gazetteer knows only by the name its towns give
them.

Some countries' regions are missing from the gazetteer as places of their
own, yet every town there carries its region's name ("Tamso", the county
its towns lie in). Written with its unit noun ("Tamso County", "Tamso
District"), such a name is the region's: it is read as the region, at its
largest town, with a region's precision, where no place bears the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..gazetteer.names import loose_key
from ..gazetteer.schema import NameFlag
from ..gazetteer.store import Match
from ..models import Kind, Place
from .context import _Slot
from .tokens import Candidate

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = ["RegionLabels"]

# A town this large is known in its own right, whatever its region's name.
_SMALL_TOWN = 100_000

# A region's name before its unit noun: "Tamso County", "Upper Tamso district".
_NAMED_UNIT = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*)\s+"
    r"(?:County|District|Province|Region|county|district|province|region)\b"
)
# A run of two or three capitalised words: a region's name of several words
# ("Upper Tamso", "Tamso-Kilo") names it without its unit noun too.
_WORDS = re.compile(r"(?<![\w'’-])[A-Z][\w'’]*(?:[ -][A-Z][\w'’]*){1,2}(?![\w'’-])")
# The prior of a region read from its towns: below any place of the name.
_PRIOR = 2.5


_SHARED: dict[int, RegionLabels] = {}


class RegionLabels:
    """The gazetteer's first-level region names, read from its towns."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._regions: dict[str, list[Place]] | None = None

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> RegionLabels:
        """The one index per gazetteer, shared by recognition and resolution."""
        labels = _SHARED.get(id(gazetteer))
        if labels is None or labels.gazetteer is not gazetteer:
            labels = _SHARED[id(gazetteer)] = cls(gazetteer)
        return labels

    def _index(self) -> dict[str, list[Place]]:
        if self._regions is None:
            # Per country and region, the largest town (SQLite takes the bare
            # columns from the row with the maximum).
            rows = self.gazetteer._query(
                "SELECT admin1, country_code, admin1_code, latitude, longitude,"
                " MAX(COALESCE(population, 0)) FROM places"
                " WHERE kind = 'city' AND admin1 IS NOT NULL AND country_code IS NOT NULL"
                " GROUP BY country_code, admin1"
            )
            best: dict[tuple[str, str], tuple[int, Place]] = {}
            for label, cc, code, lat, lon, pop in rows:
                key = loose_key(label)
                if not key or ((key, cc) in best and best[(key, cc)][0] >= pop):
                    continue
                place = Place(
                    id=f"region:{cc}:{key.replace(' ', '-')}",
                    name=label,
                    kind=Kind.ADMIN1,
                    latitude=lat,
                    longitude=lon,
                    country_code=cc,
                    admin1=label,
                    admin1_code=code,
                    source="a region named by its towns",
                )
                best[(key, cc)] = (pop, place)
            regions: dict[str, list[Place]] = {}
            for (key, _), (_, place) in best.items():
                regions.setdefault(key, []).append(place)
            self._regions = regions
        return self._regions

    def matches(self, head: str) -> list[Match]:
        """The regions named ``head``, as matches of a region's prior."""
        return [
            Match(p, p.name, NameFlag.PRIMARY, True, _PRIOR, (("region of its towns", _PRIOR),))
            for p in self._index().get(loose_key(head), [])
        ]

    def candidates(self, text: str, is_name: Callable[[str], bool]) -> Iterator[Candidate]:
        """Spans "<region> <unit>", and regions' names of several words,
        that no place is named after (``is_name``: does the gazetteer know a
        place of this name?)."""
        index = self._index()
        for m in _NAMED_UNIT.finditer(text):
            words = m.group(1).split()
            # The longest tail of the words that names a region: "In Tamso
            # County" is Tamso's.
            for i in range(len(words)):
                head = " ".join(words[i:])
                key = loose_key(head)
                if key in index and head[:1].isupper() and not is_name(head):
                    start = m.start(1) + m.group(1).index(words[i])
                    yield Candidate(start, m.end(), text[start : m.end()])
                    break
        for m in _WORDS.finditer(text):
            # The longest window of the run that is a region's name of
            # several words: such names are too particular to be chance.
            run = m.group()
            cuts = [0] + [i + 1 for i, ch in enumerate(run) if ch in " -"] + [len(run) + 1]
            spans = [
                (cuts[a], cuts[b] - 1)
                for a in range(len(cuts) - 1)
                for b in range(len(cuts) - 1, a + 1, -1)
            ]
            for a, b in sorted(spans, key=lambda ab: ab[0] - ab[1]):
                name = run[a:b]
                if loose_key(name) in index and not is_name(name):
                    yield Candidate(m.start() + a, m.start() + b, name)
                    break

    def over_towns(self, slots: Sequence[_Slot]) -> None:
        """A small town named like a first-level region of its own country,
        but lying in another region ("Tamso", a hamlet far from the county of
        Tamso), gives way to that region: a region is named far more often
        than a namesake hamlet outside it."""
        for s in slots:
            if not s.matches or s.cand.demonym:
                continue
            top = s.matches[0]
            place = top.place
            key = loose_key(s.cand.text)
            if (
                place.kind != Kind.CITY
                or not top.exact
                or (place.population or 0) >= _SMALL_TOWN
                or loose_key(place.admin1 or "") == key
            ):
                continue
            regions = [
                replace(m, score=top.score)
                for m in self.matches(s.cand.text)
                if m.place.country_code == place.country_code
            ]
            if regions:
                others = [m for m in s.matches if m.place.country_code != place.country_code]
                s.matches = regions + others
