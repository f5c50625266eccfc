"""The words of actors: titles, roles, organisation words, seats, and the
token runs and surname similarity the actor finder reads names with."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..gazetteer.names import exact_key, loose_key
from ..models import Place

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
# canonical name, seat city, its country, the institution's country). Names
# match in any case, acronyms only in capitals ((?-i:...)): "farmers who lost
# their land" are not the WHO, "Un Ponte Per" is not the UN.
_FIXED_SEATS: tuple[tuple[re.Pattern[str], str, str, str, str | None], ...] = tuple(
    (re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), name, city, cc, own)
    for pat, name, city, cc, own in (
        (r"state department", "State Department", "Washington", "US", "US"),
        (r"white house", "White House", "Washington", "US", "US"),
        (r"pentagon", "Pentagon", "Washington", "US", "US"),
        (r"kremlin", "Kremlin", "Moscow", "RU", "RU"),
        (r"downing street|foreign office", "UK government", "London", "GB", "GB"),
        (r"[ée]lys[ée]e", "Élysée", "Paris", "FR", "FR"),
        (r"(?-i:UN|U\.N\.) security council|security council", "UN Security Council",
         "New York City", "US", None),
        (r"united nations|(?-i:U\.N\.|UN)", "United Nations", "New York City", "US", None),
        (r"european union|european commission|(?-i:EU)", "European Union", "Brussels", "BE", None),
        (r"(?-i:NATO|Nato)", "NATO", "Brussels", "BE", None),
        (r"arab league", "Arab League", "Cairo", "EG", None),
        (r"african union", "African Union", "Addis Ababa", "ET", None),
        (r"brookings institution", "Brookings Institution", "Washington", "US", None),
        (r"associated press|(?-i:AP)", "Associated Press", "New York City", "US", None),
        (r"reuters", "Reuters", "London", "GB", None),
        (r"agence france-presse|(?-i:AFP)", "Agence France-Presse", "Paris", "FR", None),
        (r"international monetary fund|(?-i:IMF)", "International Monetary Fund", "Washington",
         "US", None),
        (r"world bank", "World Bank", "Washington", "US", None),
        (r"human rights watch", "Human Rights Watch", "New York City", "US", None),
        (r"amnesty international", "Amnesty International", "London", "GB", None),
        (r"international committee of the red cross|(?-i:ICRC)", "ICRC", "Geneva", "CH", None),
        (r"world health organization|(?-i:WHO)", "World Health Organization", "Geneva", "CH", None),
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
# an actor. Kept short and general on purpose. (A lower-case article is no
# part of a capitalised run: "al Shabaab" is read as "Shabaab".)
_KNOWN_ARMED = frozenset(
    exact_key(name)
    for name in {
        "hezbollah", "hamas", "taliban", "islamic state", "isis", "isil", "al-qaida",
        "al-qaeda", "al-shabab", "al-shabaab", "shabab", "shabaab", "boko haram", "houthis",
        "houthi rebels",
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


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|of|from|at|to|for|on|with|by|into|near|across)\s+(?:the\s+)?$", re.IGNORECASE
)
_ALIAS_AFTER = re.compile(
    r"(?:,\s+(?:or|also known as|known as)\s+|\s+\()(?P<alias>[A-Z][\w'’ -]{1,50}?)"
    r"(?:\s+in\s+[A-Z]\w+)?(?:[),.;]|\s+(?:is|are|was|were)\b)"
)
