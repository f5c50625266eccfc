"""What a nationality word says about where an event is.

"A Kenyan village" puts the event in Kenya; "Ethiopian raiders" or "a French
tourist" name people away from their country. Place choices weigh a
country read from a nationality word by this.
"""

from __future__ import annotations

import re

from ..models import Mention

__all__ = ["demonym_weight"]


# What a nationality qualifies says whether the event is in that country: its
# land ("a Kenyan village", "on Ugandan soil") is; foreigners ("a French
# tourist", "Somali refugees", "a Chinese company") and raiders from abroad
# ("Ethiopian raiders attack ...") are away from it.
_HOME_AFTER = re.compile(
    r"^\s+(?:villages?|towns?|soil|territory|side|homes?|farms?|land|villagers|"
    r"fishermen|herders|farmers|residents|communit(?:y|ies))\b",
    re.I,
)
_ABROAD_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:tourists?|refugees?|nationals?|citizens?|missionar(?:y|ies)|"
    r"diplomats?|embassy|ambassador|companies|company|firms?|priests?|nuns?|clerics?|"
    r"expatriates?|aid\s+workers?|couple|peacekeepers?|raiders|rustlers|bandits|"
    r"tribesmen|militias?|gunmen|militants)\b",
    re.I,
)


def demonym_weight(text: str, m: Mention) -> int:
    """How far a nationality puts the event in its country: 1 for its land
    or its people at home, -1 for foreigners or raiders, else 0."""
    after = text[m.end : m.end + 40]
    if _HOME_AFTER.match(after):
        return 1
    if _ABROAD_AFTER.match(after):
        return -1
    return 0
