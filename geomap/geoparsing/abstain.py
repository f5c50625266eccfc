"""Names the gazetteer lacks: place them only where evidence supports it.

A name no gazetteer entry carries ("Colorado State University", "Soviet
Union", "Khayelitsha", "Korean") used to be placed at the article's nearest
local place whatever it was: a university at a Beijing dateline, a demonym in
New York. Here such a name gets a place only on evidence, else none:

* a **historical country** ("Soviet Union", "Yugoslavia") is its successor's
  area, with a note naming the others (the reviewed table
  ``geoparsing/data/historical_countries.csv``, each row with its source);
* a name that **contains a known place** ("Colorado State University",
  "Lake Manassas") is that place, with precision 2, when the place is well
  known (a country, a first-level region, a city of 100,000) or lies in a
  region the article names;
* otherwise the resolver may stand it in for a local place of the article
  (:meth:`~geomap.geoparsing.resolve.Resolver._infer_unknown`) only when
  :func:`may_infer` allows it and the host is corroborated (:func:`corroboration`).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ..gazetteer.schema import NameFlag
from ..gazetteer.store import Gazetteer, Match
from ..models import Kind, Mention, Place
from ..resources import common_words, personal_names

__all__ = ["Reason", "corroboration", "may_infer", "place_unknown", "prior_reason"]

Reason = tuple[str, float | str]

# A contained place is well known from this population on.
WELL_KNOWN_POPULATION = 100_000
CONTAINED_CONFIDENCE = 0.3

# Single words shaped like demonyms or adjectives ("Korean", "Londoner",
# "Congolese"): a name the gazetteer lacks of this shape is no site.
_DEMONYM_SHAPE = re.compile(r"^[A-Z][a-z]+(?:ans?|ese|ish|ians?|ers?|ic)$")
# Words that make a name larger than any town it could stand in for.
_WIDE = frozenset(
    """
    union republic kingdom empire federation confederation emirate caliphate
    islands island mountains ocean sea peninsula gulf desert continent
    """.split()
)
# Institutions are named in stories about anything ("a professor at Cornell
# University said"): only a town they are said to be in places them.
_INSTITUTION = frozenset(
    """
    university college institute school academy council ministry company
    corporation party foundation association agency
    """.split()
)
# Articles that begin a Romance or Arabic place name: what follows them is
# part of that name, not a place it lies in.
_ARTICLES = frozenset("la el los las le les al".split())
# A street named after a town is not in it ("Dover Springs Drive" in Tyler).
_STREET = frozenset(
    """
    street st avenue ave road rd drive dr boulevard blvd lane ln highway hwy way parkway
    pike court place square
    """.split()
)
# Words of a name that are never the contained place itself.
_NOT_A_PLACE = frozenset(
    """
    the of and for at in on a an state university college institute school lake river
    mount new north south east west central upper lower higher saint st
    """.split()
)


def prior_reason(m: Match) -> str:
    """The name of a candidate's prior: how its name matched."""
    how = {
        NameFlag.PRIMARY: "primary name",
        NameFlag.ALIAS: "reviewed name",
        NameFlag.ALTERNATE: "alternate name",
        NameFlag.DEMONYM: "demonym",
    }.get(m.flag, "name")
    return f"prior ({'exact ' if m.exact else ''}{how})"


def may_infer(text: str, said_in_town: bool) -> bool:
    """May a name the gazetteer lacks stand in for a local place at all?"""
    words = [w.lower().strip(".,'’") for w in text.split()]
    if len(words) == 1 and _DEMONYM_SHAPE.match(text):
        return False
    if any(w in _WIDE for w in words):
        return False
    return said_in_town or not any(w in _INSTITUTION for w in words)


def corroboration(mentions: Sequence[Mention]) -> Callable[[Mention], bool]:
    """A test of whether a host's country is one the article's other names
    vouch for, built once per document (the article's names are counted
    once, not once per host: documents of thousands of names stay linear).

    A host whose country no other name of the article lies in ("Delft", the
    Dutch city, in a story from Cape Town) may itself be a misreading, and
    stands in for nothing.
    """
    texts_by_country: dict[str, set[str]] = {}
    for m in mentions:
        if m.place is not None and not m.inferred and m.place.country_code:
            texts_by_country.setdefault(m.place.country_code, set()).add(m.text.lower())

    def corroborated(host: Mention) -> bool:
        assert host.place is not None
        own = host.text.lower()
        others = {cc for cc, texts in texts_by_country.items() if texts - {own}}
        cc = host.place.country_code or ""
        return not others or len(texts_by_country.get(cc, ())) >= 2 or others == {cc}

    return corroborated


@functools.cache
def _historical() -> dict[str, tuple[tuple[str, ...], str]]:
    """Historical country name (lower case) -> (successor codes, note)."""
    path = Path(__file__).resolve().parent / "data" / "historical_countries.csv"
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            codes = tuple(row["successors"].split())
            out[row["name"].strip().lower()] = (codes, row["note"].strip())
    return out


@functools.cache
def _countries(gazetteer: Gazetteer) -> dict[str, Place]:
    return {p.country_code: p for p in gazetteer.places(kind=Kind.COUNTRY) if p.country_code}


def _well_known(m: Match, regions: set[tuple[str, str]], rest_plain: bool) -> bool:
    """A place named inside a longer name: a country or region, else a town
    in a country (big town) or region (any) the article names, when the
    name's other words are plain English ("Lake", "Memorial Hospital") and
    the town's name is no personal name ("Harmon Memorial Hospital")."""
    if m.flag not in (NameFlag.PRIMARY, NameFlag.ALIAS) or not m.exact:
        return False
    p = m.place
    if p.kind == Kind.COUNTRY:
        return True
    personal = m.name.lower() in personal_names()
    if p.kind == Kind.ADMIN1:
        # A first name before words that are not plain English begins a
        # person's name ("Nelson Mandela Bay"), not a region; nor is an
        # English word of such a name ("Bay") the region of that name.
        return rest_plain or not (personal or m.name.lower() in common_words())
    if not rest_plain or personal:
        return False
    if (p.country_code or "", p.admin1_code or "") in regions:
        return True
    countries = {cc for cc, _ in regions}
    return (
        p.kind == Kind.CITY
        and (p.population or 0) >= WELL_KNOWN_POPULATION
        and (not countries or p.country_code in countries)
    )


MAX_NAME_WORDS = 12
MAX_PART_WORDS = 5  # "Bosnia and Herzegovina" is three; no place name runs past five


def _contained(
    gazetteer: Gazetteer, text: str, regions: set[tuple[str, str]]
) -> tuple[Place, str] | None:
    """The best-known place named inside ``text``, longest part first."""
    words = text.split()
    # A name of more than a dozen words is no place name (and would cost a
    # quadratic number of look-ups): nothing is read into it.
    if not words or len(words) > MAX_NAME_WORDS or words[-1].lower().rstrip(".") in _STREET:
        return None
    for size in range(min(len(words) - 1, MAX_PART_WORDS), 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            if not part[0][:1].isupper() or all(w.lower() in _NOT_A_PLACE for w in part):
                continue
            if i and words[i - 1].lower() in _ARTICLES:
                continue  # "La Victoria" is another place than Victoria
            name = " ".join(part).strip(",.'’")
            rest = [w.lower().strip(",.'’") for w in words[:i] + words[i + size :]]
            plain = all(w in common_words() or w in _NOT_A_PLACE for w in rest)
            found = [m for m in gazetteer.matches(name, limit=10) if _well_known(m, regions, plain)]
            if found:
                return found[0].place, name
    return None


def place_unknown(gazetteer: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Resolve names the gazetteer lacks that name a historical country or
    contain a known place; leave the others unresolved."""
    regions = {
        (m.place.country_code or "", m.place.admin1_code or "")
        for m in mentions
        if m.place is not None and m.place.admin1_code and m.place.kind != Kind.COUNTRY
    }
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.place is not None or m.demonym or m.candidates or not m.text[:1].isupper():
            continue
        hist = _historical().get(" ".join(m.text.lower().split()).removeprefix("the "))
        if hist is not None:
            codes, note = hist
            place = _countries(gazetteer).get(codes[0])
            if place is not None:
                out[i] = replace(
                    m,
                    place=place,
                    confidence=CONTAINED_CONFIDENCE,
                    precision=3,
                    inferred=True,
                    reasons=(("historical country", note), ("successor", place.name)),
                )
            continue
        hit = _contained(gazetteer, m.text, regions)
        if hit is not None:
            place, name = hit
            out[i] = replace(
                m,
                place=place,
                confidence=CONTAINED_CONFIDENCE,
                precision=max(2, place.precision),
                inferred=True,
                reasons=(("contains", name),),
            )
    return out
