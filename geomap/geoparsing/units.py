"""Names read with their unit noun: "Tamso County", "the Tamso region".

A unit noun says the name is an area's, so its readings are the areas of
that name. Where a country's areas are missing from the gazetteer as places
of their own, their seat still names them: a town whose own first-level
region bears its name ("Tamso", in the county of Tamso) stands for that
region, and outranks a namesake abroad that is neither ("Tamso County" is
not the town of Tamso in a country whose Tamso region is elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..gazetteer.names import loose_key
from ..gazetteer.schema import NameFlag
from ..gazetteer.store import Match
from ..models import Kind
from .context import _GENERIC, _Slot
from .directions import direction_of

__all__ = ["AREA_KINDS", "area_readings", "compass_only", "narrow_by_units", "unit_after"]

AREA_KINDS = (Kind.ADMIN1, Kind.ADMIN2, Kind.REGION)

# A unit noun written after the name, outside the name itself: "Tamso region",
# "Tamso Province" (a unit the recognised name did not take in); not the
# start of a longer name ("the Tamso District Court").
_UNIT_AFTER = re.compile(
    r"\s+(?:region|province|county|district|governorate)\b(?!\s+(?-i:[A-Z]))", re.IGNORECASE
)


def unit_after(text: str, end: int) -> bool:
    """Is the name ending at ``end`` followed by a unit noun?"""
    return _UNIT_AFTER.match(text, end) is not None


def _seat(m: Match, key: str) -> bool:
    """Is ``m`` a town whose own first-level region bears the name ``key``?"""
    return m.place.kind == Kind.CITY and loose_key(m.place.admin1 or "") == key


def area_readings(matches: Sequence[Match], head: str) -> list[Match]:
    """The readings of ``head`` as an area: areas of the name and the towns
    that are their regions' seats; ``[]`` when there are none."""
    key = loose_key(head)
    return [m for m in matches if m.place.kind in AREA_KINDS or _seat(m, key)]


def compass_only(name: str) -> bool:
    """Is ``name`` made of compass words and unit nouns alone ("North
    Central", "South District", "North-East")? Such a name says where in
    some country, region or town the place lies: a town abroad that bears
    it ("North Central", a hamlet in Canada), or a place that it translates
    (a district's English gloss), is no reading of it; an area so named is."""
    words = name.replace("-", " ").split()
    return (
        bool(words)
        and all(direction_of(w) or w.lower().rstrip(".") in _GENERIC for w in words)
        and any(direction_of(w) for w in words)
    )


def narrow_by_units(text: str, slots: Sequence[_Slot]) -> None:
    """Keep the area readings of names read with a unit noun, and of names
    made of compass words (see :func:`compass_only`)."""
    for s in slots:
        if s.matches and unit_after(text, s.cand.end):
            # "the Tamso region": the areas of the name, if it has any.
            s.matches = area_readings(s.matches, s.cand.text) or s.matches
        if compass_only(s.cand.text):
            s.matches = [
                m for m in s.matches if m.place.kind in AREA_KINDS and m.flag != NameFlag.ALTERNATE
            ]
