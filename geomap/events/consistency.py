"""One country per report, unless the report names several.

An event report locates its places by one another: "a village near
Berunda (Mahagi, Ituri)" is in Congo because Mahagi and Ituri are. A name
the geoparser read in another country that no other name of the report
supports ("Korogo" as a variant spelling of an Ivorian city) is a misreading:
the name takes its namesake in the report's country, and when there is none
it is dropped, so that the names the report agrees on place the event.
Likewise a part of a town ("Colonia X", "X neighbourhood") read far from
every town the report names is a namesake, not that part.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..gazetteer.names import loose_key
from ..gazetteer.reverse import haversine_km
from ..models import Kind, Mention

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = ["consistent"]

_TOWN_KINDS = frozenset({Kind.CITY, Kind.DISTRICT, Kind.LANDMARK})
_PART_NAMES = frozenset({"colonia", "barrio", "bairro", "fraccionamiento"})


def _witnesses(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions whose country counts as evidence of the report's."""
    # A country named outright is often another party ("troops from
    # Ethiopia"), not a container of the report's places.
    return [
        m
        for m in mentions
        if m.place is not None
        and not m.demonym
        and not m.inferred
        and m.place.kind != Kind.COUNTRY
        and m.place.country_code  # seas and regions across borders say nothing
    ]


def consistent(
    text: str, mentions: Sequence[Mention], gazetteer: Gazetteer | None = None
) -> list[Mention]:
    """``mentions`` with each lone foreign reading replaced by its namesake
    in the country all the report's other names agree on, else unresolved."""
    witnesses = _witnesses(mentions)
    fixed: dict[int, Mention] = {}
    for m in witnesses:
        assert m.place is not None
        key = loose_key(m.text)
        others = [o for o in witnesses if loose_key(o.text) != key]
        countries = Counter(o.place.country_code for o in others if o.place is not None)
        if not countries or m.place.country_code in countries or len(countries) > 1:
            continue
        home = next(iter(countries)) or ""
        # Two other names at least: one against one is a draw.
        if len({loose_key(o.text) for o in others}) < 2:
            continue
        alternatives = [c for c in m.candidates if c.country_code == home]
        if not alternatives and gazetteer is not None:
            alternatives = [x.place for x in gazetteer.matches(m.text, country=home, limit=5)]
        if alternatives:
            fixed[id(m)] = dataclasses.replace(
                m, place=alternatives[0], reasons=(*m.reasons, ("report's country", home))
            )
        else:
            fixed[id(m)] = dataclasses.replace(m, place=None, candidates=(), confidence=0.0)
    _parts_of_towns(text, [fixed.get(id(m), m) for m in mentions], fixed)
    _peoples(text, [fixed.get(id(m), m) for m in mentions], fixed)
    if not fixed:
        return list(mentions)
    return [fixed.get(id(m), m) for m in mentions]


# A part of a town by its unit word: "Colonia Centro", "Barrio Obrero",
# "Centro neighbourhood", "the Centro area of".
_PART_BEFORE = re.compile(r"\b(?:colonia|barrio|bairro|barangay|fraccionamiento)\s+$", re.I)
_PART_AFTER = re.compile(
    r"\s+(?:neighbou?rhoods?|colonia|comunidad|community|quarter|suburb|favela|slum|estate)\b",
    re.I,
)
_NAME_GOES_ON = re.compile(r"\s+(?:\d|(?-i:[A-Z]))")
# Farther than this from every town the report names, a part of a town is
# another place of its name.
_PART_KM = 50.0


def _parts_of_towns(text: str, mentions: list[Mention], fixed: dict[int, Mention]) -> None:
    """Unresolve a part of a town ("Vila Mariana neighbourhood") read far
    from every town the same report names: the gazetteer knows a namesake,
    not this part, and the town the report names places the event."""
    towns = [
        m
        for m in mentions
        if m.place is not None and not m.demonym and m.place.kind in (Kind.CITY, Kind.ADMIN2)
    ]
    for m in mentions:
        if m.place is None or m.demonym:
            continue
        words = m.text.split()
        # "Colonia Centro", and "Colonia" alone before the rest of its
        # name ("Colonia 5 de Mayo") that the geoparser left out.
        named_part = words[0].lower() in _PART_NAMES and (
            len(words) > 1 or _NAME_GOES_ON.match(text, m.end) is not None
        )
        if not (
            named_part
            or _PART_BEFORE.search(text, max(0, m.start - 20), m.start)
            or _PART_AFTER.match(text, m.end)
        ):
            continue
        others = [t for t in towns if t is not m and loose_key(t.text) != loose_key(m.text)]
        if not others:
            continue
        place = m.place
        if all(
            haversine_km(place.latitude, place.longitude, t.place.latitude, t.place.longitude)
            > _PART_KM
            for t in others
            if t.place is not None
        ):
            fixed[id(m)] = dataclasses.replace(m, place=None, candidates=(), confidence=0.0)


# A people named by its group noun: "the Maasai community", "Borana
# warriors", "Rendille raiders".
_PEOPLE_AFTER = re.compile(
    r"\s+(?:communit(?:y|ies)|clans?|sub-?clans?|tribes?|tribesmen|militias?|herders|"
    r"pastoralists|warriors|raiders|morans|ethnic)\b",
    re.IGNORECASE,
)


def _peoples(text: str, mentions: list[Mention], fixed: dict[int, Mention]) -> None:
    """Unresolve a town's name used for a people ("Maasai warriors"), unless
    another name of the report is in the town's country: a people named
    after a town of the report's country may be that town's."""
    for m in mentions:
        if m.place is None or m.demonym or m.place.kind not in _TOWN_KINDS:
            continue
        if not _PEOPLE_AFTER.match(text, m.end):
            continue
        key = loose_key(m.text)
        if any(
            o.place is not None
            and not o.demonym
            and o.place.country_code == m.place.country_code
            and loose_key(o.text) != key
            for o in mentions
        ):
            continue
        fixed[id(m)] = dataclasses.replace(m, place=None, candidates=(), confidence=0.0)
