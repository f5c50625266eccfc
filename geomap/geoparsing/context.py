"""The resolver's weights and context rules, outside its main loop.

The weights of the context features (in units of the prior, log10
population), the :class:`_Slot` holding one candidate span's gazetteer
matches, and the rules that look at one slot or at the whole article:
countries named by a match, datelines, stray small places, state offices
("New York Gov."). :class:`~geomap.geoparsing.resolve.Resolver` applies them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..gazetteer.reverse import haversine_km
from ..gazetteer.schema import NameFlag
from ..gazetteer.store import Match
from ..models import Kind, Mention, Place
from .tokens import Candidate
from .vocabulary import word_set

# Weights of the context features, in units of the prior (log10 population).
# Set once on development data and kept round: they express "a country the
# article is about is worth about a 1000x larger population".
W_COUNTRY = 3.0
W_ADMIN1 = 2.0
W_NEAR = 1.0
W_DATELINE = 3.0
W_SUPPORT = 1.5
SUP_CAP = 2.0
W_CLUSTER = 3.0
# A candidate in the article's home region (see _home_regions) when the
# name's best-known place is in another country.
W_HOME = 1.0
CLUSTER_KM = 50.0
CLUSTER_K = 15
WEAK_KM = 40.0
COUNTRY_TOWN_SUPPORT = 1
_NEAR_KM = 400.0
# Places that can stand in for a site the gazetteer lacks.
_LOCAL_KINDS = frozenset({Kind.CITY, Kind.DISTRICT, Kind.LANDMARK, Kind.ADMIN2, Kind.CUSTOM})
# Generic last words of names: "Laurel County" -> "Laurel".
_GENERIC = word_set("generic_units")


def _named_country(hit: list[Match]) -> str | None:
    """The country a bare country name ("Jordan") names, else None."""
    return next(
        (
            m.place.country_code or ""
            for m in hit
            if m.place.kind == Kind.COUNTRY and m.flag != NameFlag.ALTERNATE
        ),
        None,
    )


def _names_country(hit: list[Match]) -> bool:
    return _named_country(hit) is not None


def _state_before_its_namesakes(hit: list[Match]) -> list[Match]:
    """A bare first-level region's name ("Texas", "Wyoming") means the region,
    not a county named after it nor a small town of that name: those go, and
    so the article's other places cannot pull the name to them. Capitals and
    towns that are a good part of the region stay ("Washington", "Baghdad")."""
    states = [m.place for m in hit if m.place.kind == Kind.ADMIN1 and m.flag == NameFlag.PRIMARY]
    if not states:
        return hit
    big = max(p.population or 0 for p in states)
    # A region named after its own big city ("Alexandria", "Lima") is
    # another matter: there the name means the city as often as the region.
    if any(
        m.place.kind == Kind.CITY
        and (m.place.population or 0) >= 0.1 * big
        and any(m.place.admin1_code == st.admin1_code for st in states)
        for m in hit
    ):
        return hit
    return [
        m
        for m in hit
        if not (
            (m.place.kind == Kind.ADMIN2 and m.flag != NameFlag.PRIMARY)
            or (
                m.place.kind == Kind.CITY
                and not m.place.capital
                and (m.place.population or 0) < 0.1 * big
            )
        )
    ]


def _base(key: str) -> str:
    """A name's key without its generic last word: "Karak district" and
    "Karak" are one name when they support each other's readings."""
    head, _, last = key.rpartition(" ")
    return head if head and last in _GENERIC else key


def _home_regions(slots: list[_Slot], votes: Sequence[Place | None]) -> dict[str, set[str]]:
    """The article's home region: the admin-1 region(s) holding most of the
    local places whose reading is not in doubt (``votes`` of the first pass),
    with their names. Local news is about its own region; a sure town or
    county there is evidence for that region's namesakes of a famous place
    abroad. The region's own name does not count (in "Enid, Okla." it only
    qualifies the town). Each name counts once, never for itself."""
    names: dict[str, set[str]] = {}
    for slot, place in zip(slots, votes, strict=True):
        if place is None or place.kind in (Kind.COUNTRY, Kind.ADMIN1):
            continue
        if place.admin1_code:
            names.setdefault(place.admin1_code, set()).add(_base(slot.key))
    if not names:
        return {}
    top = max(len(v) for v in names.values())
    return {a: v for a, v in names.items() if len(v) == top}


# Words before a name that qualify it without being part of it.
_QUALIFIERS = word_set("qualifiers")
PASSES = 3
_CANDIDATES = 40


@dataclass(slots=True)
class _Slot:
    cand: Candidate
    matches: list[Match]
    key: str
    qualifier: list[Place] | None = None
    choice: Match | None = None
    score: float = 0.0
    confidence: float = 0.0
    reasons: tuple[tuple[str, float | str], ...] = ()
    # Why the name was left unresolved on purpose (see national.py).
    abstained: tuple[tuple[str, float | str], ...] = ()


# What lies between a site and the town it is said to be in: "Denman
# Avenue in Lufkin", "the Neches River near Lufkin", "Main Street, Lufkin".
_IN_TOWN = re.compile(
    r"[,\s]*(?:(?:in|near|outside|at|of)\s+(?:(?:downtown|the\s+(?:city|town|village)\s+of)\s+)?)?$",
    re.IGNORECASE,
)


# A bare dateline ("WASHINGTON (AP) -") names a city that needs no state or
# country after it: the best-known place of that name, when it dwarfs its
# namesakes. News agencies qualify every other dateline ("PARIS, Texas").
DATELINE_DOMINANCE = 5.0
DATELINE_MIN_POPULATION = 100_000
DATELINE_KM = 800.0


def _standalone_dateline(slot: _Slot) -> None:
    top = slot.matches[0]
    pop = top.place.population or 0
    if top.place.kind != Kind.CITY or pop < DATELINE_MIN_POPULATION:
        return
    rivals = [m.place.population or 0 for m in slot.matches[1:] if m.place.kind == Kind.CITY]
    if not rivals or pop >= DATELINE_DOMINANCE * max(rivals):
        slot.matches = [top]


def _local(m: Mention) -> bool:
    """Is the mention resolved, by its own name, to a local place?"""
    return m.place is not None and not m.inferred and m.place.kind in _LOCAL_KINDS


# A small place is a stray when no other name of the article lies in its
# country although at least STRAY_OTHERS other names place the article
# somewhere, and it was reached only through a variant or inexact spelling,
# or is a hamlet: "Nuli" (a Georgian village) is not Nu'uuli in American
# Samoa, "Abbassiya" (a Cairo district) not Yehud, once called al-Abbasiya.
STRAY_POPULATION = 50_000
STRAY_HAMLET = 2_000
STRAY_OTHERS = 2


def _unstray(slots: list[_Slot], mentions: list[Mention]) -> list[Mention]:
    """Unresolve strays, so that they are placed as names the gazetteer
    lacks: at the article's local places, marked inferred."""
    # Distinct (name, country) readings: how many names lie in each country.
    readings = {
        (s.key, m.place.country_code)
        for s, m in zip(slots, mentions, strict=True)
        if m.place is not None and m.place.country_code
    }
    names_in = Counter(cc for _, cc in readings)
    placed = len({key for key, _ in readings})
    out = []
    for s, m in zip(slots, mentions, strict=True):
        p, choice = m.place, s.choice
        if (
            p is not None
            and choice is not None
            and p.kind in (Kind.CITY, Kind.ADMIN2)
            and (p.population or 0) < STRAY_POPULATION
            and not (s.cand.dateline or s.qualifier)
            and p.country_code
            and names_in[p.country_code] == 1  # its own name only
            and placed - 1 >= STRAY_OTHERS
            and (
                choice.flag == NameFlag.ALTERNATE
                or not choice.exact
                or (p.population or 0) < STRAY_HAMLET
            )
        ):
            m = replace(m, place=None, confidence=0.0, precision=None)
        out.append(m)
    return out


# What follows a state's name, not a city's: "Ohio Gov. Ann Keller",
# "Washington state", "the Georgia Legislature".
_STATE_OFFICE = re.compile(
    r"(?:['’]s)?\s+(?:Gov\.|Governor\b|governor\b|state\b|Legislature\b|legislature\b|"
    r"State\s+(?:Senate|Assembly|House|Legislature|Capitol|Attorney|Supreme)\b|"
    r"Attorney\s+General\b|Lt\.\s+Gov\.)"
)


def _state_offices(text: str, slots: list[_Slot]) -> None:
    """A name before a state's office reads as the state."""
    for slot in slots:
        if slot.qualifier or slot.cand.demonym or not _STATE_OFFICE.match(text, slot.cand.end):
            continue
        states = [m for m in slot.matches if m.place.kind == Kind.ADMIN1]
        if states and len(states) < len(slot.matches):
            slot.matches = states
            slot.qualifier = [m.place for m in states]


def _near_dateline(slot: _Slot, anchor: Place | None) -> np.ndarray | None:
    """Per candidate: does it lie within DATELINE_KM of the dateline place?

    A dateline says where the reporter is: it vouches for the places around
    it, not for a namesake across a large country ("TRENTON, N.J." says little
    for Paris, Texas). A dateline in a national capital is the seat of
    national and foreign news and vouches for nothing ("WASHINGTON - ... met
    in London"); the dateline's own region counts apart (W_DATELINE).
    """
    if anchor is None or anchor.capital:
        return None
    lat = np.array([m.place.latitude for m in slot.matches])
    lon = np.array([m.place.longitude for m in slot.matches])
    return np.asarray(haversine_km(anchor.latitude, anchor.longitude, lat, lon) <= DATELINE_KM)
