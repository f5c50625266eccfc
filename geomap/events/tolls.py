"""A note's own statement of how its deaths are coded, applied to its incidents.

An event description may say how its fatality count was coded, and that
statement outranks any count read from the narrative:

* a count: "unknown fatalities coded as 10", "fatalities coded at a low
  estimate of 3", "coded at 4, in addition to 1 known fatality" (five);
* a split: a total reported for several days or places is divided as evenly
  as possible between the events coded for them ("fatalities split across
  three events", "spread across two locations"), so each event carries its
  share; a share stated outright ("split across 2 events (7)", "with 1
  fatality each") is taken as said.

The statement is read from the whole text, not the passage of one incident:
it is usually the note's last sentence, apart from the narrative.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from .casualties import number, tally
from .hits import Finding, _Cluster
from .places import _places_agree
from .sentences import Sentence
from .taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, SEVERITY, VIOLENCE
from .triggers import _CASUALTY_WORDS, _REACTION

__all__ = ["continuations", "one_event_toll", "stated_coding"]

_DEAD = r"(?:fatal\w*|deaths?|dead|killed|casualt\w+)"
_SMALL = (
    r"(?:\d+|\(\d+\)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
)
# "unknown fatalities coded as 10", "toll unclear (coded at a low estimate of 4)",
# "rebel deaths put low and coded as 4", "10 killed (coded as 8 here ...)".
_CODED = re.compile(
    rf"\b{_DEAD}\b[^.;]{{0,50}}?\bcoded\s+(?:as|at|to)\s+(?:(?:a\s+)?(?:low|lowest|conservative)"
    r"\s+estimate\s+of\s+)?(?P<n>\d+)\b(?!\s*(?:\)\s*and|events?|locations?|separate))"
    rf"(?:,?\s+in\s+addition\s+to\s+(?:the\s+)?(?P<add>{_SMALL})\b)?"
    rf"|\bcoded\s+as\s+(?P<n2>\d+)\s+{_DEAD}"
    # A field of the note: "FATALITIES: 15", "Fatalities: estimate of 3 people",
    # "FATALITIES: estimate: 10/ confirmed: 6" (not "3 others", not "5-6").
    r"|\bfatalities\s*:\s*(?:[^.;]{0,30}?\bconfirmed\s*:?\s*|estimate(?:\s+of)?\s*:?\s*)?"
    r"(?P<n3>\d+)\b(?!\s*(?:-|–|to|/)\s*\d)(?!\s+others)",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    rf"\b{_DEAD}\b[^.;]{{0,60}}?\b(?:split|spread|divided|distributed|shared|coded)\s+"
    r"(?:up\s+)?(?:equally\s+|evenly\s+)?(?:across|between|over|among(?:st)?)\s+(?:the\s+)?"
    rf"(?P<n>{_SMALL})\s+(?:separate\s+|different\s+)?"
    r"(?:events?|locations?|days?|incidents?|places?|villages?)\b"
    r"(?:\s*\((?P<share>\d+)\))?"
    # "split over both events, 6 coded to each".
    r"(?:[^.;]{0,20}?\bwith\s+(?P<each>\d+)\s+coded\s+to\s+each)?",
    re.IGNORECASE,
)
# "fatalities split between events" without their number: the number is the
# events the note says it is coded as ("coded as four events"), else the
# places it lists ("in the villages of A, B and C").
_SPLIT_ANY = re.compile(
    rf"\b{_DEAD}\b[^.;]{{0,60}}?\b(?:split|spread|divided)\s+(?:equally\s+|evenly\s+)?"
    r"(?:across|between|among)\s+(?:the\s+)?events\b",
    re.IGNORECASE,
)
_EVENTS_N = re.compile(rf"\bcoded\s+as\s+(?P<n>{_SMALL})\s+(?:separate\s+)?events\b", re.I)
_NAME = r"[A-Z][\w'’-]+"
_PLACE_LIST = re.compile(
    r"\b(?:[Vv]illages?|[Aa]reas?|[Tt]owns?|[Ll]ocalities|[Cc]ommunes?|in)\s+(?:of\s+)?"
    rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*,?\s+and\s+{_NAME})"
)
# The coder's closing summary: "... 2 fatalities." or "1 fatality and 3 injured."
_SUMMARY = re.compile(
    r"(?:^|[.!?]\s+)(?P<n>\d+)\s+fatalit(?:y|ies)(?:\s+reported)?"
    r"(?:\s*(?:and|,)\s+\d+\s+(?:injur\w+|wounded))?\s*\.?\s*$",
    re.IGNORECASE,
)
# "Two events coded at A and B, with 1 fatality each".
_EACH = re.compile(
    r"\bwith\s+(?P<n>\d+|one|two|three)\s+(?:fatalit(?:y|ies)|deaths?)\s+each\b", re.IGNORECASE
)
_VIOLENT = (BATTLES, EXPLOSIONS, VIOLENCE, RIOTS, PROTESTS)


def _count(word: str) -> int | None:
    return number(word.strip("()"))


def stated_coding(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """The findings with the toll the text says it codes."""
    out = list(findings)
    coded, divisor, share = coded_count(text)
    if not out or (coded is None and divisor is None and share is None):
        return out
    tolls = [f.incident.fatalities or 0 for f in out]
    # The statement is about the event the note reports: the incident with
    # the largest toll, else the most severe one (political violence first).
    best = max(range(len(out)), key=lambda i: tolls[i])
    if not tolls[best]:
        best = min(
            range(len(out)),
            key=lambda i: (out[i].incident.event_type not in _VIOLENT, i),
        )
    total = coded if coded is not None else out[best].incident.fatalities
    if share is not None:
        toll = share
        why = f"fatalities: {share}, this event's share as stated"
    elif total is None:
        return out
    elif divisor:
        toll = (2 * total + divisor) // (2 * divisor)
        why = f"fatalities: {total} split evenly across {divisor} events, as stated"
    else:
        toll = total
        why = f"fatalities: coded as {total}, as stated"
    finding = out[best]
    incident = dataclasses.replace(finding.incident, fatalities=toll)
    out[best] = dataclasses.replace(finding, incident=incident, remarks=(*finding.remarks, why))
    return out


def coded_count(text: str) -> tuple[int | None, int | None, int | None]:
    """(coded total, number of events it is split across, one event's share)
    as the text states them.

    >>> coded_count("One died. Further deaths coded at 4, in addition to 1 known fatality.")
    (5, None, None)
    >>> coded_count("Nine were killed. Fatalities split across three events.")
    (None, 3, None)
    """
    coded = divisor = share = None
    summary = _SUMMARY.search(text)
    if summary:
        coded = int(summary["n"])
    for m in _CODED.finditer(text):
        coded = int(m["n"] or m["n2"] or m["n3"]) + (_count(m["add"] or "0") or 0)
    for m in _SPLIT.finditer(text):
        divisor = _count(m["n"])
        if m["share"] or m["each"]:
            share = int(m["share"] or m["each"])
    if divisor is None and _SPLIT_ANY.search(text):
        events = _EVENTS_N.search(text)
        places = _PLACE_LIST.search(text)
        if events:
            divisor = _count(events["n"])
        elif places:
            divisor = len(re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", places["list"]))
    each = _EACH.search(text)
    if each:
        share = number(each["n"])
    if divisor is not None and divisor < 2:
        divisor = None
    return coded, divisor, share


def continuations(sentences: Sequence[Sentence], clusters: list[_Cluster]) -> None:
    """Sentences that report an event's casualties or damage join its passage.

    The one or two sentences right after an event that mention casualties
    or damage; then a sentence stating a count of dead or hurt that no event
    took ("2 fatalities" closing a note, "The bodies of three herders were recovered"
    before "the attack") joins the nearest event of its paragraph, the one
    before it if any: a report's toll belongs to the event it reports.
    """
    used = {i for c in clusters for i in c.sentences}
    for c in clusters:
        for idx in sorted(c.sentences):
            here = sentences[idx]
            for nxt in sentences[idx + 1 : idx + 3]:
                if nxt.index in used:
                    break
                same_para = nxt.paragraph == here.paragraph
                next_para_first = nxt.paragraph == here.paragraph + 1 and (
                    sentences[nxt.index - 1].paragraph != nxt.paragraph
                )
                if not (same_para or next_para_first):
                    break
                if not _CASUALTY_WORDS.search(nxt.text) or _REACTION.search(nxt.text):
                    continue  # "The official spoke on condition of anonymity."
                c.sentences[nxt.index] = nxt
                used.add(nxt.index)
    for s in sentences:
        if s.index in used or _REACTION.search(s.text):
            continue
        counts = tally(s.text)
        if counts.deaths() is None and counts.injured is None:
            continue
        near = [
            c for c in clusters if any(sentences[i].paragraph == s.paragraph for i in c.sentences)
        ]
        violent = [c for c in near if c.family in ("violence", "protest")] or near
        before = [c for c in violent if min(c.sentences) < s.index]
        after = [c for c in violent if min(c.sentences) > s.index]
        target = (
            max(before, key=lambda c: max(i for i in c.sentences if i < s.index))
            if before
            else min(after, key=lambda c: min(c.sentences), default=None)
        )
        if target is not None:
            target.sentences[s.index] = s
            used.add(s.index)


def one_event_toll(findings: Sequence[Finding], sentences: Sequence[Sentence]) -> list[Finding]:
    """The report's main event takes the deaths told in another passage of it.

    A report of one event often tells its deaths apart from the sentence
    that names it ("Police clashed with raiders near X. Two men died and
    three were arrested."): the second passage reads as an event of its own
    (the arrests) or lands in another place. When the main event (the most
    severe, then the first) has no toll, the first passage of the same
    paragraph, day and place that has one gives it its toll.
    """
    out = list(findings)
    if len(out) < 2:
        return out
    paragraph = {s.start: s.paragraph for s in sentences}

    def para(f: Finding) -> int | None:
        ev = f.incident.evidence
        return paragraph.get(ev[0].start) if ev else None

    main = min(range(len(out)), key=lambda i: (SEVERITY.get(out[i].incident.event_type, 3), i))
    head = out[main].incident
    if head.fatalities is not None:
        return out
    for j in sorted(range(len(out)), key=lambda j: (j < main, j)):
        other = out[j].incident
        if (
            j == main
            or other.fatalities is None
            or para(out[j]) != para(out[main])
            or other.date != head.date
            or not _places_agree(head.place, other.place)
        ):
            continue
        why = f"fatalities: {other.fatalities}, told in the same report's next passage"
        out[main] = dataclasses.replace(
            out[main],
            incident=dataclasses.replace(head, fatalities=other.fatalities),
            remarks=(*out[main].remarks, why),
        )
        out[j] = dataclasses.replace(
            out[j],
            incident=dataclasses.replace(other, fatalities=None),
            remarks=(*out[j].remarks, "fatalities: given to the report's main event"),
        )
        break
    return out
