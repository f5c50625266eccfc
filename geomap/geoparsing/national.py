"""Namesakes of famous places in local news: the article's wording decides.

"Dover firefighters", "Troy police", "a Lebanon woman": local news
names its own town as if there were no other, and the town is often a
namesake of a famous place abroad (Paris, Texas; Alexandria, Louisiana;
Lebanon, Indiana). When nothing else in the article places the name (its
reading rests on the gazetteer prior alone), the best-known namesake is
chosen, thousands of kilometres from the story.

The article's wording says which country its news comes from: American or
British spelling, dollars or pounds, "7:30 p.m." or "7.30pm", a sheriff, a
school district, a constable (the cues of ``data/national.toml``). Here a
name whose reading rests on its prior alone

* is re-read as its namesake in the country the wording points at, when the
  article treats it as its local town (:func:`local_town`) and one cue is
  enough, or when two cues point there and none at the prior's choice;
* is left unresolved when the article treats it as its local town but the
  wording points at several countries with namesakes equally: an honest "no
  place" rather than a guess across an ocean.

A name read as a country or region ("Jordan", "Lebanon", "England") is
re-read only where the article treats it as its local town: a country named
in passing is the country. British wording is also the wording of English
written about the whole world (international reports, news agencies outside
North America): it tells English-speaking namesakes apart (London, England
or Ontario) but never moves a place in a country whose news is not in
English ("Jerusalem police" in a report that spells "centre").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .. import vocabulary as _shared
from ..gazetteer.schema import NameFlag
from ..gazetteer.store import Match
from ..models import Kind
from .abstain import prior_reason
from .context import _Slot
from .tokens import _LOCAL_INSTITUTION as _LOCAL_INSTITUTIONS
from .tokens import _NEXT_WORD, Candidate, _serves

__all__ = ["ABSTAINED", "country_cues", "foreign_towns", "local_town", "settle_namesakes"]

#: The reason an unresolved mention carries when its namesakes tie.
ABSTAINED = "namesakes in"

# Kinds a local town's namesake may be: not a country or a landmark.
_TOWN_KINDS = (Kind.CITY, Kind.ADMIN2, Kind.ADMIN1)
# A town's name the article treats as where it is: "the city of Oxford",
# "downtown London", "an Athens man".
_TOWN_OF = re.compile(
    r"(?:\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Bb]orough|[Tt]ownship) of|\bdowntown)\s+$"
)
_ARTICLE = re.compile(r"\b[Aa]n?\s+$")
_RESIDENT = re.compile(
    r"\s+(?:man|woman|men|women|resident|residents|couple|family|teen|teenager|boy|girl|"
    r"native|youth)\b"
)
# A dateline after a headline: the name in capitals before a dash ("MALTA –").
_DATELINE_DASH = re.compile(r"\s*(?:\([A-Z]+\)\s*)?(?:--|[–—-])\s")
# A namesake dwarfs another of a country the wording points at as much
# from this margin of prior on (log10 population: ten times as large).
TIE_MARGIN = 1.0
# Towns read abroad on each other's word are re-read only when small: a
# story that names Sydney and Melbourne is about Australia, whatever its
# spelling.
FOREIGN_TOWN_POPULATION = 100_000
# Reasons of a reading that rest on the prior alone.
_PRIOR_ONLY = ("prior", "one sense per discourse")


@functools.cache
def _cues() -> tuple[tuple[str, re.Pattern[str], frozenset[str], bool], ...]:
    """(name, pattern, countries, international) of each cue."""
    table = _shared.load("geomap.geoparsing", "national")
    return tuple(
        (
            name,
            re.compile(
                r"(?<![\w])(?:" + "|".join(entry["words"]) + r")(?![\w])",
                re.IGNORECASE if entry.get("ignore_case") else 0,
            ),
            frozenset(entry["countries"]),
            bool(entry.get("international", False)),
        )
        for name, entry in table.items()
        if "countries" in entry
    )


@functools.cache
def _english_news() -> frozenset[str]:
    """The countries whose news is written in English: those of the British
    wording (the international cues) and the United States."""
    return frozenset(cc for _, _, countries, general in _cues() if general for cc in countries) | {
        "US"
    }


@functools.cache
def _town_people() -> frozenset[str]:
    return frozenset(_shared.words("geomap.geoparsing", "national", "town_people"))


def country_cues(text: str, international: bool = True) -> dict[str, int]:
    """Per country code, how many distinct cues of its news the text has
    (without the ``international`` ones when False)."""
    score: dict[str, int] = {}
    for _, pattern, countries, general in _cues():
        if (international or not general) and pattern.search(text):
            for cc in countries:
                score[cc] = score.get(cc, 0) + 1
    return score


def local_town(text: str, cand: Candidate) -> bool:
    """Does the article treat the name as its own town: its dateline, a local
    institution after it ("Troy police"), "the city of" or "downtown"
    before it, or "a/an NAME man/woman/resident"?"""
    if cand.dateline or _serves(text, cand.end):
        return True
    after = _NEXT_WORD.match(text, cand.end)
    # "Rome residents' yards": the word without its possessive mark.
    word = after.group(1).lower().rstrip("'’") if after else ""
    if word in _town_people() or word in _LOCAL_INSTITUTIONS:
        return True
    if cand.text.isupper() and len(cand.text) > 3 and _DATELINE_DASH.match(text, cand.end):
        return True
    if _town_of(text, cand):
        return True
    before = text[max(0, cand.start - 4) : cand.start]
    return bool(_ARTICLE.search(before) and _RESIDENT.match(text, cand.end))


def _town_of(text: str, cand: Candidate) -> bool:
    """Is the name written as a town's: "the city of X", "downtown X"?"""
    return bool(_TOWN_OF.search(text[max(0, cand.start - 30) : cand.start]))


def _namesake_in(m: Match, cc: str) -> bool:
    """Is ``m`` a town or region of country ``cc`` of exactly the name?"""
    return (
        m.place.country_code == cc
        and m.place.kind in _TOWN_KINDS
        and m.exact
        and m.flag in (NameFlag.PRIMARY, NameFlag.ALIAS)
    )


def _namesakes(slot: _Slot, cc: str | None) -> dict[str, Match]:
    """The best exact namesake of the slot's name in each other country."""
    out: dict[str, Match] = {}
    for m in slot.matches:
        other = m.place.country_code
        if (
            other
            and other != cc
            and _namesake_in(m, other)
            and (other not in out or m.score > out[other].score)
        ):
            out[other] = m
    return out


def _by_score(m: Match) -> tuple[float, str]:
    return (-m.score, m.place.id)


def _prior_only(slot: _Slot) -> bool:
    return all(k.startswith(_PRIOR_ONLY) for k, _ in slot.reasons)


def settle_namesakes(text: str, slots: Sequence[_Slot]) -> None:
    """Re-read or unresolve the names whose reading rests on the prior alone
    (see the module's docstring); every use of a name alike."""
    groups: dict[str, list[_Slot]] = {}
    for s in slots:
        if s.choice is not None and not s.cand.weak and not s.cand.demonym:
            groups.setdefault(s.key, []).append(s)
    cues: tuple[dict[str, int], dict[str, int]] | None = None
    for group in groups.values():
        first = group[0]
        assert first.choice is not None
        pick = first.choice.place
        if any(s.qualifier for s in group) or not all(_prior_only(s) for s in group):
            continue
        others = _namesakes(first, pick.country_code)
        if not others:
            if pick.kind == Kind.COUNTRY and any(_town_of(text, s.cand) for s in group):
                # "the city of Turkey" is no country, and no town of that
                # name is known: none rather than the country.
                for s in group:
                    s.choice, s.confidence = None, 0.0
                    s.abstained = ((ABSTAINED, "none known"),)
            continue
        local = any(local_town(text, s.cand) for s in group)
        if pick.kind not in (Kind.CITY, Kind.ADMIN2) and not local:
            continue
        if cues is None:
            cues = (country_cues(text), country_cues(text, international=False))
        # Wording that is also international English says nothing against a
        # place in a country whose news is not in English.
        scores = cues[0] if pick.country_code in _english_news() else cues[1]
        own = scores.get(pick.country_code or "", 0)
        top = max(scores.get(cc, 0) for cc in others)
        if top <= own or top < (1 if local else 2):
            continue
        tied = sorted((others[cc] for cc in others if scores.get(cc, 0) == top), key=_by_score)
        # Countries the wording cannot tell apart (American and Canadian
        # news write alike): their best-known namesake when it dwarfs the
        # others ("Alexandria", Virginia, not Ontario), else none.
        sure = len(tied) == 1 or tied[0].score - tied[1].score >= TIE_MARGIN
        if not sure and not local:
            continue
        countries = ", ".join(sorted(m.place.country_code or "" for m in tied))
        for s in group:
            if not sure:
                s.choice, s.confidence = None, 0.0
                s.abstained = ((ABSTAINED, countries),)
                continue
            m = tied[0]
            s.choice, s.score, s.confidence = m, m.score, 0.5
            s.reasons = (
                (prior_reason(m), round(m.score, 3)),
                ("wording of its news", m.place.country_code or ""),
                *((("local town", s.cand.text),) if local else ()),
            )


def foreign_towns(text: str, slots: Sequence[_Slot]) -> bool:
    """Restrict to the wording's country the towns read in a country nothing
    else of the article names; True when any slot changed.

    Two small towns of one country vouch for each other ("Winchester" and
    "Southport" in England), and so outweigh their namesakes at home in a
    story worded as another country's news (an Indiana school team's
    games). When two cues or more point at one other country, none at the
    towns' country, and the article names that country by no country,
    region or dateline, each town keeps only its namesakes in the wording's
    country (none, and it is left to stand in for a local place): the
    caller then reads the article again.
    """
    towns: dict[str, list[_Slot]] = {}
    named: set[str] = set()
    for s in slots:
        if s.choice is None or s.cand.weak:
            continue
        p = s.choice.place
        cc = p.country_code or ""
        if p.kind in (Kind.CITY, Kind.ADMIN2) and not (s.qualifier or s.cand.dateline):
            towns.setdefault(cc, []).append(s)
        else:
            named.add(cc)
    changed = False
    for cc, group in towns.items():
        if cc in named or len({s.key for s in group}) < 2:
            continue
        if any(
            (s.choice.place.population or 0) >= FOREIGN_TOWN_POPULATION
            for s in group
            if s.choice is not None
        ):
            continue
        scores = country_cues(text, international=cc in _english_news())
        top = max(scores.values(), default=0)
        home = [h for h, n in scores.items() if n == top]
        if top < 2 or len(home) != 1 or scores.get(cc, 0) > 0:
            continue
        for s in group:
            s.matches = [m for m in s.matches if _namesake_in(m, home[0])]
            s.choice, s.reasons = None, ()
        changed = True
    return changed
