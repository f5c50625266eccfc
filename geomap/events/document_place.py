"""The last resort for an event its own sentences do not place.

The finest place the document names (outside actors' names), else a town
that qualifies a group's name ("Tamale Polytechnic students"), else the
country of a nationality word, weighed by what it qualifies: each at a
precision that says how little is known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Actor, Kind, Mention, Place
from .nationality import demonym_weight
from .places import _KIND_RANK, _SPONSOR_AFTER

__all__ = ["document_place"]


def document_place(
    text: str, mentions: Sequence[Mention], actors: Sequence[Actor]
) -> tuple[Place | None, int | None, str | None, str | None]:
    """The last resort for an event the text does not place: the finest
    place the document names (outside actors' names), else the country of a
    demonym ("Kenyan police"), at a precision that says how little is known."""
    actor_spans = [sp for a in actors for sp in a.spans if a.kind != "government"]
    placed = [
        m
        for m in mentions
        if m.place is not None
        and not m.inferred
        and not any(s <= m.start < e for s, e in actor_spans)
    ]
    named = [
        m
        for m in placed
        if not m.demonym
        and not (
            m.place is not None
            and m.place.kind == Kind.COUNTRY
            and _SPONSOR_AFTER.match(text[m.end : m.end + 16]) is not None
        )
    ]
    if named:
        best = max(
            named,
            key=lambda m: (_KIND_RANK.get(Kind(m.place.kind), 0.0) if m.place else 0.0, -m.start),
        )
        assert best.place is not None
        inside = re.match(r" [A-Z][a-z]", text[best.end : best.end + 3]) is not None
        how = (
            f"'{best.text}' (inside a longer name; {best.place.kind})"
            if inside
            else f"'{best.text}' (named in the text, not in the event's sentences)"
        )
        return best.place, max(2, best.place.precision), best.place.name, how
    # A town that qualifies an organisation's or a group's name ("Tamale
    # Polytechnic students") is where that group is, a better guess than a
    # country; a name that ends the group's name is the group's own ("al
    # Shabaab"), not a town.
    in_names = [
        m
        for m in mentions
        if m.place is not None
        and not m.inferred
        and not m.demonym
        and m.place.kind != Kind.COUNTRY
        and any(s <= m.start and m.end < e for s, e in actor_spans)
    ]
    if in_names:
        best = in_names[0]
        assert best.place is not None
        how = f"'{best.text}' (inside a group's name; {best.place.kind})"
        return best.place, max(2, best.place.precision), best.place.name, how
    demonyms = [m for m in placed if m.place is not None and m.place.kind == Kind.COUNTRY]
    if demonyms:
        best_demonym = max(demonyms, key=lambda m: (demonym_weight(text, m), -m.start))
        place = best_demonym.place
        assert place is not None
        return place, 3, place.name, f"'{best_demonym.text}' (only the country is known)"
    return None, None, None, None
