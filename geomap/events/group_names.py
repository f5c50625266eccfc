"""Names of groups of people that a gazetteer also lists as places.

Conflict reports name armed groups, clans and peoples at every turn, and
many of those names are some town's name somewhere: an armed group's
name is a Congolese village's, a people's name a Malaysian town's. Read as
places, they put the event on another continent and pull the article's
other names there too. Two readings say a name is a group's:

* a well-known armed group's name (the actor list's), written whole:
  "Boko Haram", "al-Shabaab";
* a name followed by a noun for a people's group: "the Ruvu herders",
  "Ruvu and Tamba clans", "a Ruvu tribesman", "Ruvu ethnic militias";
* a word said twice, the second time in lower case ("Ruvu ruvu riders"):
  a common noun of the local language.

Such a name is a group's throughout the article (one sense per
discourse), as a person's surname is a person's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..gazetteer.names import loose_key
from ..geoparsing.tokens import Candidate
from .actor_words import _KNOWN_ARMED

__all__ = ["group_spans", "without_groups"]

# Nouns for a people's group, not for the people of a place: "Ruvu
# residents" are the town's, but clans, herders and tribesmen are named
# after their people far more often than after a town. Militias are not
# here: they are as often a town's ("the Ruvu militia") as a people's.
_GROUP_NOUN = (
    r"(?:clans?|clansm[ae]n|sub-?clans?|herders|herdsm[ae]n|"
    r"pastoralists|tribes?|tribesm[ae]n|warriors|ethnic\s+groups?|ethnic\s+communit(?:y|ies)|"
    r"ethnic\s+militias?|clan\s+militias?)"
)
_WORD = r"[A-Z][\w'’-]+"
# "Ruvu herders", "Ruvu and Tamba clans", "Ruvu, Tamba and Kilo clans".
_GROUP = re.compile(
    rf"(?<![\w'’-])({_WORD})((?:\s*,\s*{_WORD})*\s+(?:and|&)\s+{_WORD})?\s+{_GROUP_NOUN}\b"
)
_OTHER_NAMES = re.compile(_WORD)
# A word said twice, the second time in lower case, is a common noun of the
# local language ("Tamso tamso operators"), not a place.
_DOUBLED = re.compile(r"(?<![\w'’-])([A-Z])([a-z]{2,})\s+(?i:\1)\2\b")
# A known armed group's name as written: "al-Shabaab", "Al Shabab", "Boko Haram".
_ARMED = re.compile(
    "|".join(
        r"(?<![\w'’-])" + r"[\s-]+".join(re.escape(w) for w in name.split()) + r"(?![\w'’-])"
        for name in sorted(_KNOWN_ARMED, key=len, reverse=True)
    ),
    re.IGNORECASE,
)


def group_spans(text: str) -> tuple[list[tuple[int, int]], set[str]]:
    """The spans of armed groups' names, and the keys of names used as a
    people's group anywhere in ``text``."""
    spans = [(m.start(), m.end()) for m in _ARMED.finditer(text)]
    keys: set[str] = set()
    for m in _DOUBLED.finditer(text):
        keys.add(loose_key(m.group(1) + m.group(2)))
    for m in _GROUP.finditer(text):
        keys.add(loose_key(m.group(1)))
        if m.group(2):
            keys.update(loose_key(w.group()) for w in _OTHER_NAMES.finditer(m.group(2)))
    return spans, keys


def without_groups(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates that are not (part of) a group's name."""
    spans, keys = group_spans(text)
    if not spans and not keys:
        return list(cands)
    return [
        c
        for c in cands
        if c.demonym
        or not (any(a < c.end and c.start < b for a, b in spans) or loose_key(c.text) in keys)
    ]
