"""Small towns read abroad on the prior alone, in an article about elsewhere.

A village that the gazetteer does not know often shares its name with a
small town abroad ("Tamso", a village in one country, is also a hamlet on
another continent). When every other name of the article lies in one or two
other countries ("the Burkinabe army", "Tamale") and nothing but the prior
chose the foreign town, the town is a namesake of a place the gazetteer
lacks: the name's namesake in the article's countries is read instead, or,
when there is none, the name is left unresolved (to stand in for a local
place, or to leave the event to the article's other names).

Only small towns (and places matched through a variant spelling) give way:
a city of the size of London named in a story about Algiers is London.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..gazetteer.schema import NameFlag
from ..models import Kind
from .abstain import prior_reason
from .context import _base, _Slot

__all__ = ["UNSUPPORTED", "unsupported_abroad"]

#: The reason an unresolved mention carries when its only readings lie abroad.
UNSUPPORTED = "only namesakes abroad"

# A foreign town this large is news in its own right; smaller ones give way.
_SMALL_TOWN = 100_000
_KINDS = (Kind.CITY, Kind.ADMIN2, Kind.LANDMARK)
_PRIOR_ONLY = ("prior", "one sense per discourse")


def _prior_only(slot: _Slot) -> bool:
    return all(k.startswith(_PRIOR_ONLY) for k, _ in slot.reasons)


def unsupported_abroad(slots: Sequence[_Slot]) -> None:
    """Re-read or unresolve towns chosen abroad on the prior alone (see
    the module's docstring); every use of a name alike."""
    groups: dict[str, list[_Slot]] = {}
    for s in slots:
        if s.choice is not None and not s.cand.weak and not s.cand.dateline:
            groups.setdefault(_base(s.key), []).append(s)
    for key, group in groups.items():
        first = group[0]
        if first.cand.demonym or first.choice is None:
            continue
        pick = first.choice
        place = pick.place
        if place.kind not in _KINDS or any(s.qualifier for s in group):
            continue
        if not all(_prior_only(s) for s in group):
            continue
        small = (place.population or 0) < _SMALL_TOWN
        if not small and pick.flag != NameFlag.ALTERNATE and pick.exact:
            continue
        # The countries of the article's other towns and regions: not of
        # its countries and demonyms, which name foreign actors as often as
        # the scene ("Libyan authorities" in a story set in Tunisia). A
        # country holds the scene on the word of two names, or of one read
        # there on more than its prior; two lone names in two countries
        # prove nothing about each other.
        names: dict[str, set[str]] = {}
        for k, g in groups.items():
            s = g[0]
            if k == key or s.cand.demonym or s.choice is None:
                continue
            cc = s.choice.place.country_code
            if not cc or s.choice.place.kind in (Kind.COUNTRY, Kind.REGION):
                continue
            names.setdefault(cc, set()).add(k)
            if not _prior_only(s) or s.qualifier:
                names[cc].add(k + "\x00")  # counts twice
        if place.country_code in names:
            continue
        home = {cc for cc, ks in names.items() if len(ks) >= 2}
        if not home:
            continue
        there = [
            m
            for m in first.matches
            if m.place.country_code in home and m.place.kind != Kind.COUNTRY
        ]
        for s in group:
            if there:
                m = there[0]
                s.choice, s.score, s.confidence = m, m.score, 0.5
                s.reasons = (
                    (prior_reason(m), round(m.score, 3)),
                    ("the article's country", m.place.country_code or ""),
                )
            else:
                s.choice, s.confidence = None, 0.0
                s.abstained = ((UNSUPPORTED, place.country_code or ""),)
