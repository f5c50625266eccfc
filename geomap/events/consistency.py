"""One country per report, unless the report names several.

An event report locates its places by one another: "a village near
Berunda (Mahagi, Ituri)" is in Congo because Mahagi and Ituri are. A name
the geoparser read in another country that no other name of the report
supports ("Korogo" as a variant spelling of an Ivorian city) is a misreading:
the name takes its namesake in the report's country, and when there is none
it is dropped, so that the names the report agrees on place the event.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..gazetteer.names import loose_key
from ..models import Kind, Mention

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = ["consistent"]


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
    del text  # the names alone decide
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
    if not fixed:
        return list(mentions)
    return [fixed.get(id(m), m) for m in mentions]
