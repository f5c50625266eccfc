"""Geocoding a place name: the gazetteer's candidates, judged for trust.

:meth:`Gazetteer.matches` finds every place whose name has the query's
index key, and the geoparser ranks those with the article's evidence. A
geocoder has no article: the name is all it has, so it must say "not found"
rather than guess. :func:`geocode_candidates` is what ``geomap geocode``, the
batch geocoders and :class:`~geomap.LocalGeocoder` use:

* A leading "the" is dropped when the whole query matches nothing usable
  ("the West Bank", "the Gaza Strip"); "The Hague" still matches as written.
* A match through the transliteration folding of the index key only
  (doubled letters, a final "h": "Mosull" for "Mosul") is **fuzzy**: it
  carries the similarity of the two spellings, and below
  :data:`FUZZY_THRESHOLD`, or on short names, it is no match at all
  ("xxxxxxxx" folds to "x", which is not the Chilean region X). Fuzzy
  candidates keep their rank among the others ("Basra" is the city Basrah
  before the governorate Basra); a query is answered as fuzzy only when
  no candidate has its spelling (:func:`answer_is_fuzzy`).
* Some GeoNames alternate names are junk for a geocoder: one or two letters
  ("X", "Ma"), numbers ("20", a Helsinki district's postcode), and generic
  words ("The City", "City"). They are skipped, except capital-letter
  abbreviations of countries and first-level regions written as such
  ("NY", "RD").
* A place matched only through an alternate name ranks below places that
  have the query as their own name unless it is much larger: "Villanueva"
  is a town in Honduras or Colombia before it is Tallahassee.

The thresholds are calibrated by ``benchmarks/bench_false_matches.py`` on
random strings and on the names of people and companies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from ..errors import InputError
from ..models import Kind, Place
from .names import exact_key, without_articles
from .schema import NameFlag
from .store import Gazetteer, Match

__all__ = [
    "EXACT",
    "FUZZY",
    "FUZZY_THRESHOLD",
    "Candidate",
    "answer_is_fuzzy",
    "country_codes",
    "geocode_candidates",
]

EXACT = "exact"
FUZZY = "fuzzy"

# A fuzzy match needs both spellings this similar (rapidfuzz's normalised
# Indel similarity of the keys without articles, 0-1) and a name of at
# least this many letters: "Nasiriyya" / "Nasiriyah" pass (0.89),
# "Mos" / "Moss" does not (too short), "xxxxxxxx" / "x" does not (0.22).
FUZZY_THRESHOLD = 0.8
FUZZY_MIN_LENGTH = 5
# Only well-known places are worth a guess from a misspelling: "Mosull" is
# Mosul, but "Bloomberg" is not Blomberg (15,000 people).
FUZZY_MIN_POPULATION = 50_000
_FUZZY_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.REGION})
# How far a candidate matched only by an alternate name falls behind a
# place that has the query as its own name (score units: log10 of
# population, so 1.0 is a factor of ten).
_ALTERNATE_PENALTY = 1.0
# Alternate names too short to trust (keys of this many letters or fewer)
# unless they are capital-letter abbreviations of a country or an admin-1
# region; a little longer ones only for large places ("Horv" is a
# spelling of Hørve, population 2,382, and a random string).
_SHORT = 3
_SHORTISH = 4
_SHORTISH_POPULATION = 100_000
_ABBREVIATED_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1})
# Generic words some places carry as alternate names.
_GENERIC = frozenset(
    {
        "airport",
        "capital",
        "centre",
        "center",
        "city",
        "city centre",
        "city center",
        "downtown",
        "international airport",
        "municipality",
        "old town",
        "port",
        "the city",
        "town",
        "village",
        "xx",
    }
)
_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place the query may name, with how far to trust the name match."""

    match: Match
    status: str  # EXACT or FUZZY
    similarity: float  # 1.0 for an exact spelling; the fuzzy score below it
    rank_score: float  # the gazetteer's score less the penalties above

    @property
    def place(self) -> Place:
        return self.match.place

    @property
    def parts(self) -> tuple[tuple[str, float], ...]:
        """The named parts of ``rank_score``: the gazetteer's, then ours."""
        penalty = round(self.rank_score - self.match.score, 3)
        extra = (("only an alternate name of it", penalty),) if penalty else ()
        return self.match.parts + extra


def geocode_candidates(
    gazetteer: Gazetteer,
    query: str,
    *,
    country: str | Iterable[str] | None = None,
    kind: str | Iterable[str] | None = None,
) -> list[Candidate]:
    """Trusted candidates for ``query``, best first; [] when nothing is.

    A comma-separated qualifier narrows the search as in
    :meth:`Gazetteer.lookup` ("Vienna, Virginia").
    """
    found = _candidates(gazetteer, query, country, kind)
    if not found:
        bare = _LEADING_THE.sub("", query, count=1)
        if bare and bare != query:
            found = _candidates(gazetteer, bare, country, kind)
    return found


def _candidates(
    gazetteer: Gazetteer,
    query: str,
    country: str | Iterable[str] | None,
    kind: str | Iterable[str] | None,
) -> list[Candidate]:
    if "," in query:
        whole = [
            c for c in _judge(query, gazetteer.matches(query, country=country, kind=kind))
            if c.status == EXACT
        ]  # fmt: skip
        if whole:
            return whole
        head = query.split(",")[0].strip()
        inside = {p.id for p in gazetteer.lookup(query, country=country, kind=kind, limit=None)}
        matches = gazetteer.matches(head, country=country, kind=kind)
        return _judge(head, [m for m in matches if m.place.id in inside])
    return _judge(query, gazetteer.matches(query, country=country, kind=kind))


def _judge(query: str, matches: list[Match]) -> list[Candidate]:
    """Drop the untrustworthy matches, mark the fuzzy ones, re-rank."""
    exact = exact_key(query)
    kept: list[tuple[Match, str, float]] = []
    for m in matches:
        name_key = exact_key(m.name)
        if m.flag == NameFlag.ALTERNATE and _junk_alternate(query, m, name_key):
            continue
        if name_key == exact or without_articles(name_key) == without_articles(exact):
            kept.append((m, EXACT, 1.0))
            continue
        a, b = without_articles(exact), without_articles(name_key)
        similarity = ratio(a, b) / 100.0
        if min(len(a.replace(" ", "")), len(b.replace(" ", ""))) < FUZZY_MIN_LENGTH:
            continue
        known = (m.place.population or 0) >= FUZZY_MIN_POPULATION or (
            m.place.kind in _FUZZY_KINDS or m.place.id.startswith("geomap:")
        )
        if similarity >= FUZZY_THRESHOLD and known:
            kept.append((m, FUZZY, round(similarity, 3)))
    own_name = any(status == EXACT and m.flag != NameFlag.ALTERNATE for m, status, _ in kept)
    out = []
    for m, status, similarity in kept:
        penalty = _ALTERNATE_PENALTY if own_name and m.flag == NameFlag.ALTERNATE else 0.0
        out.append(Candidate(m, status, similarity, round(m.score - penalty, 6)))
    out.sort(key=lambda c: (-c.rank_score, c.match.place.id))
    return out


def answer_is_fuzzy(found: list[Candidate]) -> bool:
    """No candidate has the query's spelling: each is only a variant of it."""
    return bool(found) and all(c.status == FUZZY for c in found)


def _junk_alternate(query: str, m: Match, name_key: str) -> bool:
    """An alternate name a geocoder should not answer with."""
    if name_key in _GENERIC or name_key.replace(" ", "").isdigit():
        return True
    letters = len(name_key.replace(" ", ""))
    if not name_key.isascii():
        # Another script: "東京" and "قم" (Qom) are whole names, not
        # abbreviations; one character is too little to trust.
        return letters < 2
    if letters <= _SHORT:
        # "NY", "RD": abbreviations, in capitals in the query as in the name.
        abbreviation = (
            letters >= 2 and m.name.isupper() and query.strip().rstrip(".") == m.name.rstrip(".")
        )
        return not (abbreviation and m.place.kind in _ABBREVIATED_KINDS)
    if letters <= _SHORTISH:
        return (m.place.population or 0) < _SHORTISH_POPULATION and (
            m.place.kind not in _ABBREVIATED_KINDS
        )
    return False


def country_codes(gazetteer: Gazetteer, values: str | Iterable[str] | None) -> list[str] | None:
    """ISO alpha-2 codes for country filters given as codes or names
    ("IQ", "iq", "United Kingdom", "Iraq"); None for no filter.

    Raises :class:`~geomap.errors.InputError`, listing the valid codes, for
    a value that names no country: a filter that matches nothing would
    silently answer "not found" for every name.
    """
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    if not items:
        return None
    known = {
        p.country_code for p in gazetteer.places(Kind.COUNTRY) if p.country_code
    }  # fmt: skip
    codes = []
    for value in items:
        text = str(value).strip()
        if len(text) == 2 and text.upper() in known:
            codes.append(text.upper())
            continue
        found = gazetteer.matches(text, kind=Kind.COUNTRY, limit=1) if len(text) > 2 else []
        if not found or not found[0].place.country_code:
            raise InputError(
                f"unknown country {text!r}: give a country name or an ISO 3166 alpha-2 "
                f"code, one of {', '.join(sorted(known))}"
            )
        codes.append(found[0].place.country_code)
    return codes
