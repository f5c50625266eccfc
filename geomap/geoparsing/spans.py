"""Candidate spans after recognition: overlaps settled, modifiers attached."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .directions import direction_of
from .tokens import _VICINITY, Candidate

__all__ = ["dedupe", "with_modifiers"]


def dedupe(found: Iterable[Candidate]) -> list[Candidate]:
    """Text order; where spans overlap keep the longer (then the earlier)."""
    ordered = sorted(found, key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Candidate] = []
    for cand in ordered:
        if out and cand.start < out[-1].end:
            prev = out[-1]
            if (cand.end - cand.start) > (prev.end - prev.start):
                out[-1] = cand
            elif (cand.start, cand.end) == (prev.start, prev.end) and prev.weak and not cand.weak:
                out[-1] = cand  # the same name, found with better evidence
            continue
        out.append(cand)
    return out


_MODIFIER = re.compile(r"(?:^|\s)(?P<word>[A-Za-z][A-Za-z-]*)\s+(?:the\s+)?$")


def with_modifiers(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """Attach "northern", "around", "outside" ... read just before a mention."""
    out = []
    for c in cands:
        m = _MODIFIER.search(text[max(0, c.start - 30) : c.start])
        word = m.group("word").lower() if m else ""
        modifier = direction_of(word) or (word if word in _VICINITY else None)
        if modifier and not c.dateline:
            c = replace(c, modifier=modifier)
        out.append(c)
    return out
