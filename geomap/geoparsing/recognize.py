"""Finding place mentions in English news text (the *recognition* step).

The fast recogniser needs no model. It reads runs of capitalised words
("Prime Minister Mustafa al-Kadhimi", "Pine Hollow Parish Fire District") and
finds, longest first, the stretches that the gazetteer knows as names. The
run around a match then decides whether it is a place:

* a match followed by an organisation word is part of a name
  ("Washington Post", "Brookings Institution");
* a match preceded by capitalised words that are neither titles nor place
  modifiers is a person's surname ("Ned Price"), and that surname is then
  not a place anywhere else in the same article ("al-Amin" after
  "Khalid al-Amin": one sense per discourse);
* possessives end a run ("Jordan's King Abdullah" keeps Jordan).

Demonyms ("Iraqi ministers", "Iranian-backed") are mentions of the country,
flagged as such. Lower-case phrases of the reviewed layer ("the green zone",
"the southern provinces") are found with an Aho-Corasick automaton; streets
and natural features by the form of their names (:mod:`geomap.geoparsing.features`).
A one-word name that is an English word ("Battle", "Story") is weak evidence
of a place unless the place is well known.

With a spaCy model (:class:`SpacyRecognizer`), its PERSON and ORG entities veto
overlapping matches and its GPE/LOC/FAC entities add spans the rules missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import ahocorasick

from ..gazetteer.names import exact_key, loose_key
from ..gazetteer.schema import NameFlag
from ..resources import common_words, personal_names
from .document import DocumentText
from .entities import Entity, spacy_entities
from .features import find_features
from .regions import RegionLabels
from .spans import dedupe, with_modifiers
from .tokens import (
    _ABBREVIATED_TITLE,
    _ADMIN_UNITS,
    _ARTICLES,
    _CAPS_PLACES,
    _CONNECTORS,
    _FEATURE_WORDS,
    _GOVERNING,
    _HEAD_UNITS,
    _LOCAL_INSTITUTION,
    _MID_SENTENCE_CAP,
    _NOT_PLACES,
    _OF_NAME,
    _ORG_WORDS,
    _PEOPLE_OF,
    _PERSON_TITLES,
    _PLACE_PREFIX,
    _PLACE_SUFFIX,
    _SAINT,
    _STRONG_KINDS,
    _UNIT_WORDS,
    _WELL_KNOWN_POPULATION,
    Candidate,
    _in_prose,
    _runs,
    _titled,
    _Token,
    find_dateline,
    is_acronym,
    may_be_acronym,
)

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = [
    "Candidate",
    "Entity",
    "FastRecognizer",
    "find_dateline",
    "spacy_entities",
]


# Event reports' ways of calling a name a place (see _framed_as_places).
_UNIT_AFTER_NAME = re.compile(
    r"^\s+(?:village|town|city|district|sub-?county|county|province|governorate|lga|dept\.?|"
    r"department|commune|municipality|locality|area|region|state|division|constituency|"
    r"ward|oblast|prefecture|sector)\b"
)
_UNIT_OF_BEFORE = re.compile(
    r"\b(?:village|town|city|locality|district|commune|municipality|department|province|"
    r"countryside|outskirts|suburbs?)\s+of\s+(?:the\s+)?$"
)
_AT_BEFORE = re.compile(r"\b(?:in|at|near)\s+$")
# The ends of a road or a border: "the Tamso-Wassa road", "the Kibi - Tamale axis".
_ROUTE_AFTER = re.compile(
    r"^(?:\s*[-–]\s*(?-i:[A-Z])[\w'’]+)*\s+(?:road|highway|axis|route|border|boundary|corridor)\b",
    re.IGNORECASE,
)
_LONGER_NAME_AFTER = re.compile(r"^(?:['’]s\b|\s+[A-Z]|-[A-Z])")


class FastRecognizer:
    """Rule-based recognition over the gazetteer's name index (no model)."""

    max_tokens = 6

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # One-word names that are English words or frequent personal names
        # are weak evidence of a place (see _common_words_weak).
        self.personal_names = personal_names()
        self.weak_words = common_words() | self.personal_names
        self._known: dict[str, tuple[bool, bool]] = {}
        self._phrases = self._phrase_automaton()
        self.regions = RegionLabels.of(gazetteer)

    def _phrase_automaton(self) -> Any:
        """Lower-case phrases of the reviewed layer ("southern provinces")."""
        auto = ahocorasick.Automaton()
        rows = self.gazetteer._query(
            "SELECT DISTINCT n.name FROM names n JOIN places p ON p.fid = n.place_fid"
            " WHERE p.id LIKE 'geomap:%' AND n.flag != 3"
        )
        # Lower-case phrase -> the names written so, whose acronyms ("US
        # Capitol", "GCC states") must be written in capitals in the text.
        spellings: dict[str, list[str]] = {}
        for (name,) in rows:
            low = " ".join(name.lower().split())
            # Only multi-word phrases: single words are found by the
            # capitalised-run scan, and lower-case single words ("gulf") are
            # too often ordinary nouns.
            if " " in low:
                spellings.setdefault(low, []).append(" ".join(name.split()))
        for low, names in spellings.items():
            auto.add_word(low, (low, tuple(names)))
        if len(auto) == 0:
            auto.add_word("\x00", ("\x00", ("\x00",)))
        auto.make_automaton()
        return auto

    def _lookup(self, phrase: str) -> tuple[bool, bool]:
        """(is a place name, is a demonym) for a phrase, cached per key."""
        exact = exact_key(phrase)
        slot = exact + "." if phrase.endswith(".") else exact
        capitals = may_be_acronym(phrase)
        if capitals:
            slot = "\x03" + slot  # "CAR" and "Car" are different words
        hit = self._known.get(slot)
        if hit is None:
            # An abbreviation ("Miss.", "Ind.") is a name only with its stop.
            dotted = phrase.endswith(".")
            rows = [
                (f, e)
                for f, e, n in self.gazetteer._query(
                    "SELECT flag, exact, name FROM names WHERE key = ? LIMIT 200",
                    (loose_key(phrase),),
                )
                if (dotted or not n.endswith("."))
                # An acronym counts only in capitals: "Car" is not the CAR.
                and (capitals or not is_acronym(n))
            ]
            # A loose (transliteration) match on some village's alternate
            # name is too weak to make a capitalised word a place: "Saeed"
            # is a first name before it is a spelling of Seeth. Primary
            # names and reviewed aliases match loosely; alternates exactly.
            # Short names match exactly too: "Miss" is not the village Mis.
            short = len(exact) <= 4
            hit = (
                any(
                    (f in (NameFlag.PRIMARY, NameFlag.ALIAS) and not short)
                    or (f != NameFlag.DEMONYM and e == exact)
                    for f, e in rows
                ),
                any(f == NameFlag.DEMONYM for f, _ in rows),
            )
            if len(self._known) > 200_000:
                self._known.clear()
            self._known[slot] = hit
        return hit

    def _written_as(self, phrase: str) -> bool:
        """Does some place bear this name written exactly so, case and all?"""
        key = "\x02" + phrase
        hit = self._known.get(key)
        if hit is None:
            rows = self.gazetteer._query(
                "SELECT 1 FROM names WHERE key = ? AND name = ? LIMIT 1",
                (loose_key(phrase), phrase),
            )
            hit = self._known[key] = (bool(rows), False)
        return hit[0]

    def _variant_only(self, phrase: str) -> bool:
        """Is ``phrase`` only some place's variant name (no place's own name
        nor a reviewed alias)? "Hamas" is a Lithuanian spelling of Hamm."""
        key = "\x01" + exact_key(phrase)
        hit = self._known.get(key)
        if hit is None:
            rows = self.gazetteer._query(
                "SELECT 1 FROM names WHERE key = ? AND flag IN (?, ?) LIMIT 1",
                (loose_key(phrase), NameFlag.PRIMARY, NameFlag.ALIAS),
            )
            hit = self._known[key] = (not rows, False)
        return hit[0]

    def candidates(self, text: str | DocumentText) -> list[Candidate]:
        doc = DocumentText.of(text)
        text, tokens = doc.text, doc.place_tokens
        found: list[Candidate] = []
        not_places: set[str] = set()
        # Words capitalised mid-sentence somewhere: one pass, so that judging
        # sentence-initial words stays linear in the text's length.
        mid_caps = {m.group(1) for m in _MID_SENTENCE_CAP.finditer(text)}
        dateline = doc.dateline
        if dateline and self._lookup(dateline.text)[0]:
            found.append(dateline)
        for run in _runs(text, tokens):
            found.extend(self._scan_run(text, run, not_places, mid_caps))
        found.extend(self._phrase_hits(text))
        # One sense per discourse: a surname seen in a person's name is not
        # a place elsewhere in the article either.
        found = [c for c in found if c.dateline or loose_key(c.text) not in not_places]
        found = self._common_words_weak(text, found)
        found = self._framed_as_places(text, found)
        found.extend(self.regions.candidates(text, lambda head: self._lookup(head)[0]))
        # After the rules' own matches, so that a name the gazetteer knows
        # ("Palm Beach Gardens") keeps its match; a place inside a feature's name
        # ("Palm Springs Lane") gives way to the longer span.
        found.extend(Candidate(s, e, name, feature=True) for s, e, name in find_features(text))
        return with_modifiers(text, dedupe(found))

    def _framed_as_places(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """A weak name that the words around it call a place, the way event
        reports write it: "Tamso village", "Tamso district", "the village of
        Tamso", "the Tamso-Wassa road"; or, for a name weak only as some place's variant spelling
        (not an English word or a first name), "in Tamso" or "at Tamso"."""
        out = []
        for c in found:
            if c.weak and not c.demonym:
                before = text[max(0, c.start - 40) : c.start]
                after = text[c.end : c.end + 20]
                if (
                    _UNIT_AFTER_NAME.match(after)
                    or _UNIT_OF_BEFORE.search(before)
                    or (
                        _ROUTE_AFTER.match(after)
                        and "-" in (after.lstrip()[:1] + before.rstrip()[-1:]).replace("–", "-")
                    )
                    or (
                        _AT_BEFORE.search(before)
                        and c.text.lower() not in self.weak_words
                        and not _LONGER_NAME_AFTER.match(after)
                    )
                ):
                    c = replace(c, weak=False)
            out.append(c)
        return out

    def _common_words_weak(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """A one-word name that is an English word ("Battle", "Story") or a
        frequent personal name ("George", "Moore") is a word of a title or a
        person before it is a small town: weak, kept only among the article's
        other places.
        Well-known places keep their strength ("Mobile", "Nice", "Jackson")."""
        single = {c.text.lower() for c in found if " " not in c.text and c.text[:1].isupper()}
        if not single:
            return found
        lower = single & self.weak_words
        return [
            replace(c, weak=True)
            if c.text.lower() in lower
            and not (c.demonym or c.dateline or c.weak)
            and not self._strong(c.text)
            else c
            for c in found
        ]

    def _scan_run(
        self, text: str, run: list[_Token], not_places: set[str], mid_caps: set[str]
    ) -> Iterator[Candidate]:
        """Longest gazetteer names first, then judge each by its neighbours."""
        n = len(run)
        spans: list[tuple[int, int, bool]] = []  # (i, j, demonym)
        i = 0
        while i < n:
            for j in range(min(n, i + self.max_tokens), i, -1):
                if run[i].text in _CONNECTORS or run[j - 1].text in _CONNECTORS:
                    continue
                hit = self._name(run, i, j, text)
                if hit is not None:
                    # "An Akron man": the English article, not the Arabic
                    # one of "An Najaf", when the name stands without it.
                    if run[i].text in ("An", "As", "At") and j - i > 1:
                        rest = self._name(run, i + 1, j, text)
                        if rest is not None:
                            i, hit = i + 1, rest
                    spans.append((i, j, hit))
                    i = j - 1
                    break
            else:
                # A hyphenated word may hide a place or demonym
                # ("Iranian-backed", "Baghdad-based", "pro-Iranian").
                yield from self._hyphen_parts(run[i])
            i += 1
        # Demonyms next to a match are neutral ("Iraqi Kurdistan"); two
        # adjacent place matches are a person's names ("Barham Salih").
        neutral = {k for i, j, dem in spans if dem for k in range(i, j)}
        for i, j, demonym in spans:
            if (
                j - i > 1
                and j < n
                and run[j - 1].text == "City"
                and self._same_place(run, i, j, text)
            ):
                # "Akron City Council", "Akron City Public Schools": the
                # city's body, named with its town's own name.
                j -= 1
            if not demonym and j < n and run[j].text.lower().rstrip(".") in _UNIT_WORDS:
                # "Ashford Township", "Tolland Borough": a unit the
                # gazetteer lacks is named after its town but is not the town.
                j += 1
            phrase = text[run[i].start : run[j - 1].end]
            after = run[j].text.lower().rstrip(".") if j < n else ""
            if after in _ORG_WORDS or (demonym and after in _GOVERNING):
                continue  # "Washington Post", "Brookings Institution"
            if phrase.lower() in _FEATURE_WORDS and _OF_NAME.match(text, run[j - 1].end):
                continue  # "Gulf of Aden" is not the Gulf
            if i and run[i - 1].text in _SAINT:
                continue  # "St. Brendan's feast": a saint, not Brendan County
            if (
                j - i == 1
                and n == 1
                and not demonym
                and not self._stands_alone(text, run[i], mid_caps)
            ):
                continue
            # Nobody is called "Baxter County": "Leadership Baxter County" is
            # a programme named after the county.
            unit = phrase.split()[-1].lower() in _ADMIN_UNITS
            surname = not (demonym or unit) and (
                self._name_like(run, i - 1, neutral, left=True)
                # "coach Tyler", "officer Bell": a lower-case title first.
                or (i == 0 and _titled(text, run[i].start))
                or (i == 0 and j - i == 1 and _titled(text, run[i].start, _ABBREVIATED_TITLE))
                # "President Lincoln", "Sen. Byrd": a capitalised one.
                or (
                    j - i == 1
                    and i > 0
                    and run[i - 1].text.lower().rstrip(".") in _PERSON_TITLES
                    and self._strength(phrase) < 2
                )
            )
            if surname:
                # "Ned Price": a person's surname, and so not a place anywhere
                # else in the article either ("Price said"). Strong places are
                # exempt: "Georgia" in "Georgia Frontiere" is still the state.
                given = i > 0 and run[i - 1].text.lower() in self.personal_names
                if not self._strong(phrase) or (given and self._strength(phrase) < 2):
                    not_places.add(loose_key(phrase))
                continue
            # A small one-word place that opens a longer name is more likely a
            # first name ("Austin Powers") or part of an organisation's ("Lombard
            # Historical Society"), here only: later references use the
            # surname, and the town is still the town elsewhere. A well-known
            # place still counts ("Tucson Public Utilities").
            if (
                not demonym
                and j - i == 1  # a first name is one word: "Mount Vernon" is not
                and self._name_like(run, j, neutral, left=False)
                and (
                    not self._strong(phrase)
                    # "George Ortiz", "Elizabeth Moreno": a frequent given name
                    # first, even of a big town, unless a country or state.
                    or (phrase.lower() in self.personal_names and self._strength(phrase) < 2)
                )
            ):
                continue
            end = run[j - 1].end
            if (
                text[end : end + 1] == "."
                and not phrase.endswith(".")  # "D.C.." is D.C. and a full stop
                and self._dotted(phrase + ".")
            ):
                end, phrase = end + 1, phrase + "."  # "Ind.", "Kan.": AP abbreviations
            # A name that is only a variant of some small place's name is
            # weak evidence: kept only among the article's other places.
            weak = not demonym and self._variant_only(phrase) and not self._strong(phrase)
            words = phrase.split()
            if weak and len(words) > 1 and words[-1].lower().rstrip(".") in _HEAD_UNITS:
                # "Machakos County", "Embu Town": as sure as the name they qualify.
                head = " ".join(words[:-1])
                weak = self._variant_only(head) and not self._strong(head)
            yield Candidate(run[i].start, end, phrase, demonym=demonym, weak=weak)

    def _same_place(self, run: list[_Token], i: int, j: int, text: str) -> bool:
        """Do tokens i..j and i..j-1 name the same best place ("Dublin City"
        and "Dublin", but not "Kansas City" and "Kansas")?"""
        whole = self.gazetteer.matches(text[run[i].start : run[j - 1].end], limit=1)
        part = self.gazetteer.matches(text[run[i].start : run[j - 2].end], limit=1)
        return bool(whole and part and whole[0].place.id == part[0].place.id)

    def _dotted(self, phrase: str) -> bool:
        """Is ``phrase`` (ending in a full stop) a known abbreviated name?"""
        rows = self.gazetteer._query(
            "SELECT name FROM names WHERE key = ? AND exact = ? AND name LIKE '%.' LIMIT 1",
            (loose_key(phrase), exact_key(phrase)),
        )
        return bool(rows)

    def _stands_alone(self, text: str, tok: _Token, mid_caps: set[str]) -> bool:
        """Is a lone capitalised word a place even where capitals prove
        nothing? At a sentence start ("Many hold ...") only well-known places
        count, unless the word is capitalised mid-sentence elsewhere too."""
        before = text[max(0, tok.start - 3) : tok.start].rstrip(" \t\"'“‘(")
        if before and before[-1] not in ".!?:;\n":
            return True
        if _PEOPLE_OF.match(text, tok.end):
            return True  # "Garissa residents protested": the people of a place
        return tok.text in mid_caps or self._strong(tok.text)

    def _strength(self, phrase: str) -> int:
        """How well known the best place of this name is: 2 for a country,
        reviewed region or first-level region (unless one of 100,000 people or
        fewer), 1 for a town of 100,000 or more, else 0. Counties named after
        people ("Brown", "Clark") never count."""
        capitals = may_be_acronym(phrase)
        key = ("\x04" if capitals else "\x00") + exact_key(phrase)
        hit = self._known.get(key)
        if hit is None:
            # An acronym counts only in capitals: the village Car is no country.
            top = [
                m
                for m in self.gazetteer.matches(phrase, limit=None if capitals else 8)
                if capitals or not is_acronym(m.name)
            ][:1]
            level = 0
            if (
                top
                and top[0].place.kind in _STRONG_KINDS
                # Not the parishes and councils of small countries ("Paul",
                # Cape Verde; "Victoria", Malta): no news reader knows them.
                and not (
                    top[0].place.kind == "admin1"
                    and 0 < (top[0].place.population or 0) < _WELL_KNOWN_POPULATION
                )
            ):
                level = 2
            elif (
                top
                and top[0].place.kind not in ("admin2", "admin1")
                and (top[0].place.population or 0) >= _WELL_KNOWN_POPULATION
                # Through its own name, not a variant: "Hamas" is a Lithuanian
                # spelling of Hamm, which makes neither of them well known.
                and top[0].flag != NameFlag.ALTERNATE
            ):
                level = 1
            hit = self._known[key] = (level >= 1, level == 2)
        return 2 if hit[1] else int(hit[0])

    def _strong(self, phrase: str) -> bool:
        return self._strength(phrase) >= 1

    @staticmethod
    def _name_like(run: list[_Token], k: int, matched: set[int], *, left: bool) -> bool:
        """Is the neighbour token ``k`` part of a proper name that is not a place?"""
        if k < 0 or k >= len(run) or k in matched:
            return False
        word = run[k].text.lower().rstrip(".")
        if word in _CONNECTORS:
            # "Residents of Baghdad", "University of Kansas" are places;
            # "Sarah El Deeb" is not: a particle after a name continues it.
            return not left and word not in ("of", "and", "on", "upon", "the")
        # Common words are no one's name: "Sunday Akron Police", "When
        # Akron police found", "An Akron man".
        if left and word in _NOT_PLACES:
            return False
        if left:
            return word not in _PLACE_PREFIX
        return word not in _PLACE_SUFFIX and word not in _LOCAL_INSTITUTION

    def _name(self, run: list[_Token], i: int, j: int, text: str) -> bool | None:
        """None if tokens i..j are not a usable name, else whether a demonym."""
        phrase = text[run[i].start : run[j - 1].end]
        if j - i == 1:
            word = run[i].text
            stop = text[run[i].end : run[i].end + 1] == "."
            # "Man." is Manitoba although "man" is a common word.
            abbreviation = stop and self._dotted(phrase + ".")
            if word.lower() in _NOT_PLACES and not abbreviation:
                return None
            if word.lower() in _ARTICLES and j < len(run) and not stop:
                return None  # "Al Haqban", "El Fasher": an article, not Alabama
            if word.isupper() and len(word) <= 3 and word.replace(".", "") not in _CAPS_PLACES:
                return None
            # In mixed-case prose a capitalised acronym is an acronym ("SANA",
            # the agency, not Sanaa) unless a place is written so ("UAE", "DRC").
            if (
                word.isupper()
                and len(word) > 1
                and _in_prose(text, run[i].start)
                and not self._written_as(word)
            ):
                return None
        is_place, is_demonym = self._lookup(phrase)
        if not (is_place or is_demonym) and text[run[j - 1].end : run[j - 1].end + 1] == ".":
            is_place, is_demonym = self._lookup(phrase + ".")
        if not (is_place or is_demonym):
            return None
        # "Canadian", "Spanish" are demonyms first, although towns bear
        # those names; a longer match ("Canadian County") wins before this.
        return is_demonym

    def _hyphen_parts(self, tok: _Token) -> Iterator[Candidate]:
        if "-" not in tok.text:
            return
        if tok.text.split("-")[0].lower() in _ARTICLES:
            return  # "al-Sadr", "el-Sisi": a name with its article, not parts
        offset = tok.start
        for part in tok.text.split("-"):
            if part[:1].isupper() and len(part) > 2 and part.lower() not in _NOT_PLACES:
                is_place, is_demonym = self._lookup(part)
                # "Iranian-backed", "Baghdad-based" -- but not "Wal-Mart". A
                # small place in a compound ("Lakeview-MH") is weak evidence.
                if is_demonym or is_place:
                    weak = not is_demonym and not self._strong(part)
                    yield Candidate(offset, offset + len(part), part, is_demonym, weak=weak)
            offset += len(part) + 1

    def _phrase_hits(self, text: str) -> Iterator[Candidate]:
        lower = _lower_same_length(text)
        for end_idx, (phrase, names) in self._phrases.iter_long(lower):
            start = end_idx - len(phrase) + 1
            end = end_idx + 1
            before = lower[start - 1] if start else " "
            after = lower[end] if end < len(lower) else " "
            if before.isalnum() or after.isalnum():
                continue  # inside a longer word
            if not any(_acronyms_kept(name, text[start:end]) for name in names):
                continue  # "told us capitol police" is not the US Capitol
            if _OF_NAME.match(text, end):
                continue  # "the Gulf of Aden" is not the Gulf
            if lower.startswith("the ", start):
                start += 4  # toponym spans leave out the article: "the Gulf"
            yield Candidate(start, end, text[start:end])


def _acronyms_kept(name: str, written: str) -> bool:
    """Is every acronym of ``name`` ("US Capitol") written in capitals in
    ``written``, the same phrase as the text has it?"""
    return all(
        said.isupper()
        for word, said in zip(name.split(), written.split(), strict=False)
        if is_acronym(word)
    )


def _lower_same_length(text: str) -> str:
    """Lower-case without moving offsets: a few characters lower-case to two
    ('İ' -> 'i̇'), which would shift every span after them."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
