"""Whose dead a count names, and how the dead of several sides add up.

"Three raiders were killed and two herders were killed": five dead, the
attackers' and their victims'. Counts of one side overlap instead (a later
sentence often repeats the first count), and "people" may be everyone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["by_sides", "side_of"]


# Whose dead a count names: the armed men who attacked, the state's forces, or
# civilians; "people" may be anyone (an overview of all the dead).
_SIDES = (
    (
        "armed",
        r"militants?|assailants?|attackers?|gunm[ae]n|insurgents?|rebels?|jihadists?|"
        r"terrorists?|bandits?|raiders?|robbers?|thie(?:f|ves)|criminals?|suspects?|"
        r"combatants?|extremists?|kidnappers?|poachers?",
    ),
    (
        "state",
        r"soldiers?|troops?|police(?:m[ae]n|wom[ae]n)?|officers?|gendarmes?|servicem[ae]n|"
        r"guards?|army|military|personnel|reservists?|constables?|rangers?",
    ),
    (
        "civilian",
        r"civilians?|villagers?|residents?|farmers?|herders?|herdsm[ae]n|traders?|women|woman|"
        r"child(?:ren)?|boys?|girls?|students?|pupils?|teachers?|worshippers?|passengers?|"
        r"miners?|refugees?|displaced|wom[ae]n|m[ae]n|civilian",
    ),
    ("people", r"people|persons?|individuals?|others"),
)
_SIDE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _SIDES) + r")\b",
    re.IGNORECASE,
)


def side_of(span: str) -> str | None:
    """The side of the dead a count names: its first side noun, in the count's
    words or the few after it."""
    m = _SIDE.search(span)
    return m.lastgroup if m else None


def by_sides(counts: Sequence[tuple[str, int]]) -> int:
    """The dead of different sides add up ("two assailants were killed, three
    civilians were killed": five); counts of one side overlap (the largest
    stands). A count of "people" at least as large as the sides' sum is an
    overview of them all; a smaller one counts as civilians."""
    most: dict[str, int] = {}
    for side, n in counts:
        most[side] = max(most.get(side, 0), n)
    people = most.pop("people", 0)
    if len(most) + bool(people) < 2:
        return 0
    named = sum(most.values())
    if people >= named:
        return people
    if people:
        most["civilian"] = max(most.get("civilian", 0), people)
    return sum(most.values()) if len(most) > 1 else 0
