"""The recogniser's lexical layer: candidate spans, tokens, capitalised runs, word lists, datelines.

:class:`Candidate` is a span believed to name a place, as the recognisers
hand it to the resolver. The word lists and patterns here say which
capitalised words join, start or end a place name and which never are one
("Bay of Pigs", "Baghdad Governor", "Mrs. Harmon"); :func:`find_dateline`
finds a news dateline ("BAGHDAD (Reuters) -").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .vocabulary import alternation, word_set, words

__all__ = ["Candidate", "find_dateline", "is_acronym", "may_be_acronym"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span the recogniser believes names a place."""

    start: int
    end: int
    text: str
    demonym: bool = False
    modifier: str | None = None  # "northern", "around", "outside" ...
    dateline: bool = False
    # Weak evidence (a small town inside an organisation's name, only some
    # place's variant name, a word the article also writes in lower case):
    # kept only if it resolves close to the article's sure places.
    weak: bool = False
    # A street or natural feature found by the form of its name ("Browns
    # Bridge Road"): no model's label makes it less of a place.
    feature: bool = False


# Tokens: "U.S." style abbreviations, words with inner hyphens/apostrophes
# ("al-Kadhimi", "O'Hare"), numbers (they end a run).
_TOKEN = re.compile(
    r"(?<![\w'’.])(?:"
    r"(?:[A-Z][a-z]?\.){2,}"  # U.S., D.C., W.Va., N.Y.
    r"|(?:[A-Za-z]\.){2,}"
    # A word that starts with a capital (or a caseless script, filtered
    # later), or a lower-case Arabic article glued to one ("al-Kadhimi").
    rf"|(?:{alternation(words('arabic_articles'))}-)?[^\W\d_a-zß-öø-ÿ]"
    # Combining marks stay inside a word: text in NFD ("Sa\u0304marra\u0304").
    # An apostrophe inside a word ("Ma'rib"), or before a closing vowel
    # ("Dar'a", "Sana'a"), but not a possessive's or a contraction's.
    r"(?:[\w\u0300-\u036f]|['’](?=[^\W\d_]{2}|[aeiou](?!\w))|-(?=\w))*"
    # Connectors only matter before another capitalised word.
    rf"|{alternation(words('connectors'))}"
    r"(?= [A-Z])"
    r")"
)
_CONTRACTION = re.compile(
    r"(?:i|we|you|they|he|she|it|that|there|who|what)['’](?:ve|ll|re|d|m|s)$", re.IGNORECASE
)
# "St. Louis", "Ft. Worth", "W. Va.": an abbreviation's full stop does not end a run.
_NAME_ABBREVIATIONS = word_set("name_abbreviations")
_POSSESSIVE = re.compile(r"['’]s?$")

# Lower-case words allowed inside a capitalised run ("Bay of Pigs", "Rio de
# Janeiro", "Sharm el-Sheikh", "Stratford-upon-Avon").
_MID_SENTENCE_CAP = re.compile(r"[a-z,] ([A-Z][\w'’.-]*)")

_CONNECTORS = word_set("connectors")

# A place followed by one of these is part of an organisation's name.
_ORG_WORDS = word_set("organisation_words")
# Bodies named after the place they govern ("Dover Council", "Laurel
# County Commission"): the place is a mention, but a demonym before one is
# part of a name ("European Commission", "Norwegian Refugee Council").
_GOVERNING = word_set("governing_bodies")
# Capitalised words that may stand before a place in a run without making
# the run a person's name: titles, offices, directions, generic modifiers.
_PLACE_PREFIX = word_set("place_prefixes")
# Capitalised words that are never places on their own, although some
# village somewhere bears the name: calendar words, pronouns, titles,
# function words that start sentences. General English, not corpus-specific.
_NOT_PLACES = word_set("not_places", "weekdays", "months", "calendar_abbreviations")
# Words that may follow a place inside a capitalised run ("Baghdad Governor",
# "Kabul Province", "Mosul Dam" when the whole is not in the gazetteer).
_PLACE_SUFFIX = word_set("place_suffixes")
# A place that leads an organisation's name and is followed by one of these
# is the place that organisation serves ("Salem Police", "Laurel County
# Sheriff's Office", "Greer High School"): a mention of the place, as the
# standard corpora annotate it. "Washington Post" or "Brookings Institution"
# are not of this kind.
_LOCAL_INSTITUTION = word_set("local_institutions")
# The last word of a site or natural feature's name. spaCy's LOC/FAC entities
# ending in one are places even where the gazetteer lacks them: the resolver
# then places them at the article's nearest town, marked as inferred.
_FEATURE_WORDS = word_set("feature_words")


def _is_feature(phrase: str, label: str) -> bool:
    """A LOC/FAC entity named like a site or natural feature ("Neches River")."""
    return label in ("LOC", "FAC") and phrase.split()[-1].lower().strip(".") in _FEATURE_WORDS


# Words that put what follows in a place: "found in Glen Allen", "the town
# of Calais" (where the model took the town for a person).
_LOCATED = re.compile(r"\b(?:in|near|outside|(?:town|city|village|county) of)\s+$")
# A number after a name makes it a numbered road or a house: "County Road 417".
_NUMBERED = re.compile(r" \d")
# Before a name that is not matched with it, a saint's title.
_SAINT = word_set("saints")
# Units below the gazetteer's resolution, or missing from it, named after a town.
_UNIT_WORDS = word_set("unit_words")


# The last word of an administrative unit's name.
_ADMIN_UNITS = word_set("admin_units")


# Lower-case words that put a person's surname after them.
_PERSON_TITLES = word_set("person_titles")
_TITLE_BEFORE = re.compile(r"\b([a-z]+)\.?\s+$")


# An abbreviated title, which ends a run with its full stop: "Mrs. Harmon".
_ABBREVIATED_TITLE = re.compile(r"\b([A-Z][a-z]{1,3})\.\s+$")


def _titled(text: str, start: int, title: re.Pattern[str] = _TITLE_BEFORE) -> bool:
    """Is the name at ``start`` preceded by a person's title (by default a
    lower-case one: "coach Danvers"; or ``_ABBREVIATED_TITLE``)?"""
    m = title.search(text, max(0, start - 20), start)
    return bool(m and m.group(1).lower() in _PERSON_TITLES)


def _serves(text: str, end: int) -> bool:
    """Is the name ending at ``end`` followed by a local institution word?"""
    after = _NEXT_WORD.match(text, end)
    return bool(after and after.group(1).lower() in _LOCAL_INSTITUTION)


_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_NEXT_WORD = re.compile(r"[\s\-]*([A-Za-z'’]+)")
_VICINITY = word_set("vicinity")
# Short all-capital tokens are mostly agencies and acronyms (AP, UN, PMF);
# only these are places.
_CAPS_PLACES = word_set("capital_places")

_DATELINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s+)?"
    r"(?P<place>[A-Z][A-Z.'’\- ]{1,40}?)(?:,\s*(?P<region>[A-Z][\w.'’\- ]{1,30}?))?\s*"
    rf"(?:\({alternation(words('agencies'))}\)|[–—-]{{1,2}}"
    # Copy whose agency tag was stripped: "WASHINGTON Barack Obama said".
    # (not "US President ...": a stripped dateline is a word of 4 letters or more).
    r"|(?<=[A-Za-z.]{4})\s+(?=[A-Z][a-z]|[A-Z]\s))",
)


def find_dateline(text: str) -> Candidate | None:
    """The dateline place ("BAGHDAD (AP) –"), if the text opens with one."""
    m = _DATELINE.match(text[:200])
    if not m:
        return None
    place = m.group("place").strip()
    if not place or not any(c.isalpha() for c in place) or place.lower() == "date":
        return None
    start = m.start("place")
    return Candidate(start, start + len(place), place, dateline=True)


# A name written in capitals: two to five letters, with or without stops
# ("DRC", "U.A.E.", "HKSAR"). Longer all-capital names are names shouted
# ("LOUTRAKI"), not acronyms.
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,5}")


def is_acronym(name: str) -> bool:
    """Is a gazetteer name an acronym ("UAE", "D.R.C."), which names its place
    only when the text writes it in capitals too ("Car" is not the CAR)?"""
    return _ACRONYM.fullmatch(name) is not None


# A two-letter abbreviation with its full stop, as news agencies write US
# states ("Shreveport, La."): it stands for the state's postal code ("LA").
_ABBREVIATION = re.compile(r"[A-Z][a-z]\.")


def may_be_acronym(phrase: str) -> bool:
    """May ``phrase``, as the text writes it, match an acronym of the
    gazetteer: in capitals ("DRC"), or as an abbreviation ("La.")?"""
    return phrase.isupper() or _ABBREVIATION.fullmatch(phrase) is not None


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    possessive: bool  # the word carried 's: it ends a run


def _tokens(text: str) -> list[_Token]:
    """Capitalised words and connectors only: every other word is skipped,
    and the gap it leaves stops two names from joining into one run."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if not (word[0].isupper() or word[0].islower() or word[0] == "-"):
            continue  # a caseless script: capitals prove nothing there
        if ("'" in word or "’" in word) and _CONTRACTION.match(word):
            continue
        out.append(_Token(m.start(), m.end(), word, False))
    return out


_ARTICLES = word_set("arabic_articles")
_STRONG_KINDS = frozenset({"country", "admin1", "region"})
# A town or first-level region this populous is well known.
_WELL_KNOWN_POPULATION = 100_000


def _is_cap(tok: _Token) -> bool:
    if not tok.text[0].isupper():
        # "al-Kadhimi", "el-Sisi": a lower-case article glued to a name.
        head, _, rest = tok.text.partition("-")
        return head in _ARTICLES and rest[:1].isupper()
    return True


def _runs(text: str, tokens: list[_Token]) -> Iterator[list[_Token]]:
    """Maximal runs of capitalised tokens, joined by spaces or connectors."""
    run: list[_Token] = []
    for tok in tokens:
        joinable = bool(run) and _joinable(text, run[-1], tok)
        if _is_cap(tok) and not tok.text[0].isdigit():
            if run and not joinable:
                yield _trim(run)
                run = []
            run.append(tok)
        elif tok.text in _CONNECTORS and run and joinable:
            run.append(tok)
        else:
            if run:
                yield _trim(run)
            run = []
        if run and run[-1].possessive:
            yield _trim(run)
            run = []
    if run:
        yield _trim(run)


def _joinable(text: str, prev: _Token, tok: _Token) -> bool:
    gap = text[prev.end : tok.start]
    if prev.possessive:
        return False
    # "St. Louis", "Ft. Worth", "W. Va.": an abbreviation's full stop does
    # not end a run.
    if gap == ". " and prev.text.lower() in _NAME_ABBREVIATIONS:
        return True
    return gap in (" ", "-")


def _trim(run: list[_Token]) -> list[_Token]:
    while run and run[-1].text in _CONNECTORS:
        run = run[:-1]
    return run


def _in_prose(text: str, at: int) -> bool:
    """Is the text around ``at`` mixed-case prose, not a capitalised headline
    or dateline?"""
    if not re.search(r"[a-z][,;]?[ \t]+$", text[max(0, at - 30) : at]):
        return False  # a line's or sentence's first word may be a dateline
    window = text[max(0, at - 80) : at + 80]
    letters = [c for c in window if c.isalpha()]
    return sum(c.islower() for c in letters) > 0.6 * len(letters) if letters else False


# People of a place, named after it at a sentence start ("Garissa residents").
_PEOPLE_OF = re.compile(rf"\s+{alternation(words('people_of'))}\b")
# Words after a place's own name that keep it that place's name.
_HEAD_UNITS = word_set("head_units")
