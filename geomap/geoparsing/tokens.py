"""The recogniser's lexical layer: candidate spans, tokens, capitalised runs, word lists, datelines.

:class:`Candidate` is a span believed to name a place, as the recognisers
hand it to the resolver. The word lists and patterns here say which
capitalised words join, start or end a place name and which never are one
("Bay of Pigs", "Baghdad Governor", "Mrs. Lincoln"); :func:`find_dateline`
finds a news dateline ("BAGHDAD (Reuters) -").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Candidate", "find_dateline"]


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
    r"|(?:(?:al|el|ad|as|an|ar|at|az|ash|ibn|bin|abu)-)?[^\W\d_a-zß-öø-ÿ]"
    # Combining marks stay inside a word: text in NFD ("Sa\u0304marra\u0304").
    r"(?:[\w\u0300-\u036f]|['’](?=[^\W\d_]{2})|-(?=\w))*"
    # Connectors only matter before another capitalised word.
    r"|(?:of|de|del|da|do|dos|das|la|le|el|al|the|on|upon|y|du|des|von|van|bin|ibn|an|and)"
    r"(?= [A-Z])"
    r")"
)
_CONTRACTION = re.compile(
    r"(?:i|we|you|they|he|she|it|that|there|who|what)['’](?:ve|ll|re|d|m|s)$", re.IGNORECASE
)
_POSSESSIVE = re.compile(r"['’]s?$")

# Lower-case words allowed inside a capitalised run ("Bay of Pigs", "Rio de
# Janeiro", "Sharm el-Sheikh", "Stratford-upon-Avon").
_MID_SENTENCE_CAP = re.compile(r"[a-z,] ([A-Z][\w'’.-]*)")

_CONNECTORS = frozenset(
    {
        "of",
        "de",
        "del",
        "da",
        "do",
        "dos",
        "das",
        "la",
        "le",
        "el",
        "al",
        "the",
        "on",
        "upon",
        "y",
        "du",
        "des",
        "von",
        "van",
        "bin",
        "ibn",
        "an",
        "and",
    }
)

# A place followed by one of these is part of an organisation's name.
_ORG_WORDS = frozenset(
    """
    post times institution institute university college school academy party inc
    corp corporation company co ltd llc group bank airlines airways air journal herald
    tribune gazette chronicle observer telegraph news daily magazine review press
    foundation society association club fc united city's hotel restaurant brewery
    studios records capitals senators nationals rangers
    """.split()
)
# Bodies named after the place they govern ("Richmond Council", "Laurel
# County Commission"): the place is a mention, but a demonym before one is
# part of a name ("European Commission", "Norwegian Refugee Council").
_GOVERNING = frozenset({"council", "commission", "committee"})
# Capitalised words that may stand before a place in a run without making
# the run a person's name: titles, offices, directions, generic modifiers.
_PLACE_PREFIX = frozenset(
    """
    president prime minister ministers foreign interior defense defence king queen
    prince princess emir sheikh sultan governor gov mayor sen senator rep representative
    ambassador consul general gen lt col sgt capt maj adm chief secretary state
    spokesman spokeswoman spokesperson official officials leader commander police army
    forces troops military navy government authorities parliament court north south east
    west northern southern eastern western central upper lower greater downtown old new
    metro metropolitan rural urban coastal occupied in at from to near outside inside
    around across via mr mrs ms dr sir lord lady saint st mount mt fort ft lake port
    historic suburban former ex late then acting deputy vice interim
    """.split()
)
# Capitalised words that are never places on their own, although some
# village somewhere bears the name: calendar words, pronouns, titles,
# function words that start sentences. General English, not corpus-specific.
_NOT_PLACES = frozenset(
    """
    a an the this that these those he she it we they i you his her its our their monday
    tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today tonight yesterday
    tomorrow week weekend month year mr mrs ms dr sir president minister governor mayor
    king queen prince police army government state city county province district region
    capital north south east west but and or if when while after before since during as
    at by for from in into of on to with without about above below under over between
    among through all any both each few more most other some such no not only own same
    so than too very can will just should now also then there here where why how what
    who which one two three four five six seven eight nine ten first second third last
    next new old good great best long little big high low early late chief officials
    official people man woman men women family church school university hospital court
    house senate congress parliament party council security forces troops militia
    militias attack attacks war peace news god allah jesus christ christian christians
    muslim muslims jewish jews shiite shiites sunni sunnis catholic protestant
    northern southern eastern western northeast northwest southeast southwest central
    northeastern northwestern southeastern southwestern upper lower inner outer middle
    metro federal national international union united royal republic democratic
    superior olympic lake river mount mountain valley bay beach park square bridge road
    main street avenue lane drive boulevard parkway highway center centre plaza mall
    day night morning evening christmas easter passover ramadan eid thanksgiving
    halloween hope faith grace joy liberty independence victory unity freedom justice
    commerce chamber college academy section pack troop web internet online page
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    rev gen col lt sgt capt st do did does is are was were be been has have had
    photo video report reports update breaking editor editorial opinion letter
    office department ministry agency bureau committee commission board
    """.split()
)
# Words that may follow a place inside a capitalised run ("Baghdad Governor",
# "Kabul Province", "Mosul Dam" when the whole is not in the gazetteer).
_PLACE_SUFFIX = frozenset(
    """
    province governorate county parish district region state city town village oblast
    prefecture municipality borough township territory area zone strip valley basin
    river lake dam bay gulf sea coast island islands mountains mountain hills plain
    airport base port harbour harbor square bridge road street avenue highway mayor
    governor police sheriff officials official authorities council residents government
    forces army military troops fire department office court
    """.split()
)
# A place that leads an organisation's name and is followed by one of these
# is the place that organisation serves ("Alexandria Police", "Laurel County
# Sheriff's Office", "Greer High School"): a mention of the place, as the
# standard corpora annotate it. "Washington Post" or "Brookings Institution"
# are not of this kind.
_LOCAL_INSTITUTION = frozenset(
    """
    police sheriff sheriff's sheriff’s council city county fire jail detention circuit
    superior district court courthouse board mayor public high middle elementary
    community health volunteer township municipal regional area chamber library
    schools school emergency rescue animal water housing parks planning commissioners
    commission coroner deputies dispatchers attorney prosecutor clerk judge treasurer
    assessor auditor administrator officials residents voters fair fairgrounds
    crimestoppers
    """.split()
)
# The last word of a site or natural feature's name. spaCy's LOC/FAC entities
# ending in one are places even where the gazetteer lacks them: the resolver
# then places them at the article's nearest town, marked as inferred.
_FEATURE_WORDS = frozenset(
    """
    river creek lake lakes reservoir bay gulf strait canal falls island islands peninsula
    mountain mountains mount hill hills valley canyon desert forest park parks beach
    coast church cathedral mosque synagogue temple shrine hospital museum gallery
    university college stadium arena bridge square street st road rd avenue ave boulevard
    blvd drive highway freeway interstate airport airbase base camp prison jail market
    bazaar embassy palace dam port harbor harbour station plaza mall zoo cemetery
    """.split()
)


def _is_feature(phrase: str, label: str) -> bool:
    """A LOC/FAC entity named like a site or natural feature ("Neches River")."""
    return label in ("LOC", "FAC") and phrase.split()[-1].lower().strip(".") in _FEATURE_WORDS


# Words that put what follows in a place: "found in Glen Allen", "the town
# of Calais" (where the model took the town for a person).
_LOCATED = re.compile(r"\b(?:in|near|outside|(?:town|city|village|county) of)\s+$")
# A number after a name makes it a numbered road or a house: "County Road 35".
_NUMBERED = re.compile(r" \d")
# Before a name that is not matched with it, a saint's title.
_SAINT = frozenset({"St.", "St", "Saint", "Ste.", "Ste", "Sainte", "San", "Santa", "São"})
# Units below the gazetteer's resolution, or missing from it, named after a town.
_UNIT_WORDS = frozenset({"township", "twp", "borough", "county", "parish"})


# The last word of an administrative unit's name.
_ADMIN_UNITS = frozenset(
    "county parish province governorate district township borough oblast prefecture".split()
)


# Lower-case words that put a person's surname after them.
_PERSON_TITLES = frozenset(
    """
    coach officer deputy trooper detective sergeant sgt lieutenant lt captain capt
    chief senator sen rep gov judge justice attorney spokesman spokeswoman director
    manager superintendent principal pastor rev father mr mrs ms dr mayor councilman
    councilwoman commissioner sheriff president secretary minister general gen
    quarterback pitcher guard forward teammate teammates coaches players player
    """.split()
)
_TITLE_BEFORE = re.compile(r"\b([a-z]+)\.?\s+$")


# An abbreviated title, which ends a run with its full stop: "Mrs. Lincoln".
_ABBREVIATED_TITLE = re.compile(r"\b([A-Z][a-z]{1,3})\.\s+$")


def _titled(text: str, start: int, title: re.Pattern[str] = _TITLE_BEFORE) -> bool:
    """Is the name at ``start`` preceded by a person's title (by default a
    lower-case one: "coach Ripley"; or ``_ABBREVIATED_TITLE``)?"""
    m = title.search(text, max(0, start - 20), start)
    return bool(m and m.group(1).lower() in _PERSON_TITLES)


def _serves(text: str, end: int) -> bool:
    """Is the name ending at ``end`` followed by a local institution word?"""
    after = _NEXT_WORD.match(text, end)
    return bool(after and after.group(1).lower() in _LOCAL_INSTITUTION)


_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_NEXT_WORD = re.compile(r"[\s\-]*([A-Za-z'’]+)")
_VICINITY = frozenset({"around", "outside", "near", "nearby", "across", "surrounding", "beyond"})
# Short all-capital tokens are mostly agencies and acronyms (AP, UN, PMF);
# only these are places.
_CAPS_PLACES = frozenset({"US", "USA", "UK", "UAE", "DRC", "ROK", "DPRK", "PRC", "KSA", "GB"})

_DATELINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s+)?"
    r"(?P<place>[A-Z][A-Z.'’\- ]{1,40}?)(?:,\s*(?P<region>[A-Z][\w.'’\- ]{1,30}?))?\s*"
    r"(?:\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN|BBC)\)|[–—-]{1,2}"
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


_ARTICLES = frozenset({"al", "el", "ad", "as", "an", "ar", "at", "az", "ash", "ibn", "bin", "abu"})
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
    if gap == ". " and prev.text.lower() in (
        "n",
        "s",
        "e",
        "w",
        "st",
        "ft",
        "mt",
        "pt",
        "gen",
        "sen",
        "gov",
        "rep",
        "dr",
    ):
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


# People of a place, named after it at a sentence start ("Lodwar residents").
_PEOPLE_OF = re.compile(
    r"\s+(?:residents|villagers|locals|inhabitants|youths?|traders|farmers|herders|"
    r"fishermen|police|authorities|officials|county\s+officials)\b"
)
# Words after a place's own name that keep it that place's name.
_HEAD_UNITS = frozenset(
    "county town city district province state region municipality village governorate".split()
)
