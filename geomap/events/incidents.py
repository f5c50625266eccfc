"""Incidents: who did what, when and where, coded in ACLED's terms.

The rules are transparent and general; each step can be read on its own:

1. **Sentences** are split with character offsets (:func:`split_sentences`);
   quoted speech is masked, because rhetoric ("cowardly rocket attacks don't
   build homelands") is not a report of an event.
2. **Triggers** from lexicons mapped to ACLED's event types and sub-types
   are found in each sentence. A trigger is skipped when it is the object of
   a reaction ("condemned the attack", "blamed him for Friday's clashes"),
   hypothetical ("threatening to storm", "could escalate") or negated.
3. **Clustering** merges passages about one event: a definite reference ("the
   attack", "the assassination attempt") joins the latest event of its family;
   an indefinite trigger joins an event of the same type nearby if dates and
   places agree; a generic word ("explosion", "gunfire") joins a recent event
   of its family. Protest passages that turn violent in the same paragraph
   become one riot. Sentences right after an event that report casualties or
   damage are added as evidence.
4. Each event gets a **date** (the date expression nearest its trigger, else
   one from its other sentences, else the publication date with a lower
   confidence), a **place** (mentions in a locative relation - "in/at/near X",
   "X's" - preferred, finest first; places of reporting verbs and of actors'
   affiliations skipped), **actors** (state forces, protesters, civilians,
   named armed groups, "Unidentified Armed Group" when not claimed) and
   **casualties** (numbers in words or digits; "dozens" is noted, not counted).

Events dated more than 30 days before publication are background ("mass
protests in late 2019") and are left out unless asked for.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..gazetteer.reverse import haversine_km
from ..models import Actor, Evidence, Incident, Kind, Mention, Place
from .actors import Countries, country_name
from .casualties import casualties
from .dates import DateMention, find_dates

__all__ = [
    "BACKGROUND_DAYS",
    "EVENT_TYPES",
    "Finding",
    "IncidentFinder",
    "Sentence",
    "casualties",
    "find_incidents",
    "split_sentences",
]

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# ACLED's taxonomy: event type -> sub-event types geomap can assign.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    EXPLOSIONS: (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
    ),
    VIOLENCE: ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    PROTESTS: (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
# Events this many days or more before publication are background.
BACKGROUND_DAYS = 30

# -- sentences -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    """``text[start:end]``, its paragraph and its index in the document."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr gen lt col sgt capt maj sen rep gov st jan feb aug sept sep oct nov dec
    jr sr no vs inc corp ltd co prof rev adm brig ft mt gens cmdr cpl pvt
    """.split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# A header date and wire dateline ("date 2021-11-07 BAGHDAD (AP) –") are
# metadata, not part of the first sentence.
_HEAD = re.compile(
    r"^\s*(?:(?:date|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}\s+)?"
    r"(?:[A-Z][A-Z.'’\- ]{1,40}?(?:,\s*[A-Z][\w.'’\- ]{1,30}?)?\s*"
    r"(?:\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN|BBC)\)\s*)?[–—-]{1,2}\s+"
    r"|(?:date|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}\s*\n)"
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets.

    Blank lines separate paragraphs (a text without any treats each line as
    one); abbreviations ("Gen.", "Oct.", "U.S.") and initials do not end a
    sentence.
    """
    if not isinstance(text, str) or not text:
        return []
    blank = re.search(r"\n[ \t]*\n", text) is not None
    splitter = re.compile(r"\n[ \t]*\n\s*" if blank else r"\n\s*")
    out: list[Sentence] = []
    para = 0
    head = _HEAD.match(text[:250])
    pos = head.end() if head else 0
    for block in [*splitter.finditer(text), None]:
        stop = block.start() if block else len(text)
        lines = re.finditer(r"[^\n]+", text[pos:stop])
        had = False
        for line in lines:
            for s, e in _split_line(text, pos + line.start(), pos + line.end()):
                out.append(Sentence(s, e, text[s:e], para, len(out)))
                had = True
        if had:
            para += 1
        if block:
            pos = block.end()
    return out


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        before = text[max(start, m.start() - 12) : m.start()]
        word = re.search(r"([A-Za-z.]+)$", before)
        if word and text[m.start()] == ".":
            w = word.group(1)
            if w.lower().rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", w):
                continue  # "Gen. Smith", "U.S. troops", "J. Smith"
        stop = m.end()
        while stop > cur and text[stop - 1].isspace():
            stop -= 1
        spans.append((cur, stop))
        cur = m.end()
    # Trim surrounding white space from the last sentence.
    s, e = cur, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            out.append((s, e))
    return out


_QUOTES = re.compile(r"[“”\"]")


def _quote_mask(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Spans of quoted speech. Curly quotes pair by direction; straight ones
    toggle. An unclosed quote ends with its paragraph (wire style)."""
    spans: list[tuple[int, int]] = []
    by_para: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    for group in by_para.values():
        start, end = group[0].start, group[-1].end
        opened: int | None = None
        for m in _QUOTES.finditer(text, start, end):
            ch, i = m.group(), m.start()
            if ch == "“" or (ch == '"' and opened is None):
                if opened is None:
                    opened = i
            elif opened is not None:
                spans.append((opened, i + 1))
                opened = None
        if opened is not None:
            spans.append((opened, end))
    return spans


# -- lexicons --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Trigger:
    event_type: str
    sub_type: str
    strength: str  # specific | act (an event alone, but joins a nearby one) | generic
    family: str  # violence | protest | strategic:<sub type>
    flag: str = ""  # protest modifiers: intervention | excessive | violent | territory


_N = r"(?:\w+\s+)"  # one intervening word
_LEXICON: tuple[tuple[str, _Trigger], ...] = (
    # Protest modifiers come first: "stun grenades", "arrested protesters"
    # are about a protest, not a grenade attack or an arrest campaign.
    (
        r"tear\s?gas|water\s+cannons?|rubber\s+bullets|stun\s+grenades?|pepper\s+spray|"
        r"dispersed\s+(?:the\s+)?(?:crowds?|protest\w*|demonstrat\w*|rall\w*)|"
        r"arrested\s+(?:\w+\s+){0,2}?(?:protesters|demonstrators)",
        _Trigger(PROTESTS, "Protest with intervention", "specific", "protest", "intervention"),
    ),
    (
        r"live\s+(?:ammunition|fire|rounds|bullets)|"
        r"(?:opened\s+fire|fired)\s+(?:live\s+rounds\s+)?(?:on|at)\s+(?:the\s+)?"
        r"(?:protesters|demonstrators|crowds?|marchers)",
        _Trigger(
            PROTESTS, "Excessive force against protesters", "specific", "protest", "excessive"
        ),
    ),
    (
        r"riot(?:s|ed|ing|ers)?\b|stormed|storming|"
        r"(?:threw|throws?|thrown|hurled|hurls?|pelted|throwing|hurling)\s+(?:\w+\s+){0,3}?(?:stones|rocks|molotov"
        r"|petrol\s+bombs|firebombs|fireworks)|violent\s+(?:protests?|demonstrations?)|"
        r"(?:attempted|tried|trying|attempting)\s+to\s+(?:enter|storm|break\s+into|force\s+their"
        r"\s+way)|vandali[sz]\w*|"
        # ACLED's codebook: a demonstration turns into a riot when the crowd
        # is destructive: burning tyres, barricades, blocked roads, stones.
        r"barricad\w*|bonfires?|"
        r"(?:block|blockad|barricad)(?:ed|ing|e|es)\s+(?:off\s+)?(?:\w+\s+){0,3}?(?:roads?|"
        r"highways?|streets?|traffic|junctions?|bridges?|routes?|entrances?)|"
        r"(?:burn|burnt|burned|burning|lit|lighting|set\s+fire\s+to)\s+(?:\w+\s+){0,2}?"
        r"(?:tyres|tires)|ston(?:ed|ing)\b|stone-?throw\w*|pelt(?:ed|ing)\b|"
        r"running\s+battles?|violently\s+(?:protest|demonstrat)\w*|"
        r"(?:broke|break|breaking|forced\s+their\s+way)\s+into|forcibly\s+(?:enter|entered|"
        r"entering|remov)\w*|destruction\s+of\s+(?:\w+\s+)?property|"
        r"damag(?:ed|ing)\s+(?:\w+\s+){0,2}?property",
        _Trigger(RIOTS, "Violent demonstration", "specific", "protest", "violent"),
    ),
    (
        r"\bmobs?\b|lynch\w*|vigilantes?|mob\s+justice|"
        r"(?:angry|irate|enraged)\s+(?:\w+\s+)?(?:residents|villagers|youths?|crowds?|"
        r"locals|members\s+of\s+the\s+public)",
        _Trigger(RIOTS, "Mob violence", "specific", "protest", "mob"),
    ),
    (
        r"protest(?:s|ed|ers|ing)?\b|demonstrat(?:ions?|ors|ing)\b|"
        r"demonstrated\b(?!\s+(?:that|how|its|their|his|her))|"
        r"rall(?:y|ies|ied)\b|marche[ds]\b|sit-ins?\b|took\s+to\s+the\s+streets|"
        r"(?:a|the|peace|peaceful|protest|street)\s+march\b|"
        r"staged\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:march|strike|sit-in|walk-?out|"
        r"boycott|vigil|picket)|picket\w*|"
        r"general\s+strike|went\s+on\s+strike|hunger\s+strike",
        _Trigger(PROTESTS, "Peaceful protest", "specific", "protest"),
    ),
    # Explosions/Remote violence, most specific first.
    (
        r"suicide\s+(?:car\s+|truck\s+)?(?:bomb(?:ing|er|ers|s)?|attacks?|attackers?|blast|vests?)"
        r"|blew\s+(?:himself|herself|themselves)\s+up|self-detonat\w*",
        _Trigger(EXPLOSIONS, "Suicide bomb", "specific", "violence"),
    ),
    (
        r"air\s?strikes?|air\s+raids?|aerial\s+(?:bombardments?|attacks?|strikes?|"
        r"operations?|bombings?)|"
        r"drone\s+(?:strikes?|attacks?)|armed\s+drones?|(?:explosive|bomb)s?-laden\s+drones?|"
        r"drones?\s+(?:struck|hit|attacked|targeted|bombed)|bombing\s+raids?|"
        # Aircraft are an event only when they strike: "bought new warplanes" is not.
        r"(?:warplanes?|fighter\s+jets?|jets|helicopter\s+gunships?|helicopters|aircraft)\s+"
        r"(?:\w+\s+)?(?:struck|bombed|hit|attacked|pounded|targeted|fired|strafed|raided)|"
        r"(?:struck|bombed|hit|targeted)\s+by\s+(?:\w+\s+)?(?:warplanes?|jets|aircraft|drones?)",
        _Trigger(EXPLOSIONS, "Air/drone strike", "specific", "violence"),
    ),
    (
        # Weapons alone ("the first artillery brigade", "anti-ballistic
        # missile defences") are not events; their use is.
        r"shell(?:ing|ed)\b|shells\s+(?:landed|hit|fell|struck)|"
        r"(?:artillery|mortar|rocket|missile|katyusha)\s+(?:fire|shells?|rounds?|strikes?|"
        r"attacks?|barrages?|bombardments?|salvos?)|"
        r"fired\s+(?:[\w-]+\s+){0,2}?(?:mortars?|rockets?|missiles?|artillery|shells)\b|"
        r"(?:rockets?|missiles?|mortars?|katyushas?)\s+(?:\w+\s+)?(?:were\s+|was\s+)?"
        r"(?:fired|launched|landed|struck|hit|slammed|fell|exploded)",
        _Trigger(EXPLOSIONS, "Shelling/artillery/missile attack", "specific", "violence"),
    ),
    (
        r"(?:hand\s+)?grenades?\b(?!\s+launchers?)",
        _Trigger(EXPLOSIONS, "Grenade", "specific", "violence"),
    ),
    (
        r"roadside\s+bombs?|improvised\s+explosive\s+devices?|\bIEDs?\b|land\s?mines?|"
        r"car\s+bombs?|truck\s+bombs?|sticky\s+bombs?|magnetic\s+bombs?|booby[- ]trap\w*|"
        r"(?:bombs?|explosive\s+devices?)\s+(?:exploded|detonated|went\s+off|blew\s+up)|"
        r"bomb\s+blasts?|bombings?\b|"
        r"(?:bombs?|explosives?|devices?|mines?)\b(?:\s+[\w-]+){0,6}?\s+(?:exploded|"
        r"detonated|went\s+off|blew\s+up)",
        _Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", "specific", "violence"),
    ),
    (
        r"explosions?\b|blasts?\b|exploded\b|detonat(?:ed|ion)\b",
        _Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", "generic", "violence"),
    ),
    # Battles.
    (
        r"recaptur(?:ed|e)|retook|regained\s+control|liberated\s+(?:the\s+)?(?:town|city|"
        r"village|district|area|province|region)",
        _Trigger(BATTLES, "Government regains territory", "specific", "violence", "territory"),
    ),
    (
        r"(?:seized|captured|overran|took)\s+(?:control\s+of\s+)?(?:the\s+)?(?:\w+\s+)?"
        r"(?:town|city|village|district|base|area|territory|province|region|airport|"
        r"border\s+crossing)s?|overran\b|fell\s+to\s+(?:the\s+)?(?:rebels|militants|"
        r"insurgents|fighters|jihadists)",
        _Trigger(
            BATTLES, "Non-state actor overtakes territory", "specific", "violence", "territory"
        ),
    ),
    (
        r"clash(?:es|ed|ing)?\b|(?:fierce|heavy)\s+fighting|fought\b|fights?\s+between|"
        r"shoot-?outs?|gun\s?fights?|engaged\s+(?:in\s+)?(?:\w+\s+){0,2}?(?:fire|combat|"
        r"fighting|battle)|exchanged\s+shots|fighting\s+(?:between|with|erupted|"
        r"broke\s+out)|gun\s?battles?|firefights?|exchanges?\s+of\s+(?:gun)?fire|"
        r"exchang(?:ed|e|es|ing)\s+(?:gun)?fire|ambush(?:ed|es)?\b|skirmish\w*|shootouts?|"
        # "battled the blaze", "fought cancer": only against armed men.
        r"(?:battled|fought)\s+(?:with\s+|against\s+)?(?:\w+\s+){0,2}?(?:militants|rebels|"
        r"insurgents|troops|forces|gunmen|fighters|police|soldiers|army|militias?|jihadists)",
        _Trigger(BATTLES, "Armed clash", "specific", "violence"),
    ),
    (
        r"(?<![\w-])strikes?\b",
        _Trigger(EXPLOSIONS, "Air/drone strike", "anaphor", "violence"),
    ),
    (
        r"incident\b",
        _Trigger(VIOLENCE, "Attack", "anaphor", "violence"),
    ),
    (
        r"gunfire|fighting\b|shooting\b",
        _Trigger(BATTLES, "Armed clash", "generic", "violence"),
    ),
    # Violence against civilians.
    (
        r"\brap(?:ed|es|ing)\b|\brape\b|sexual(?:ly)?\s+(?:violence|assault(?:ed)?|abused?)",
        _Trigger(VIOLENCE, "Sexual violence", "specific", "violence"),
    ),
    (
        r"abduct\w*|kidnap\w*|taken\s+hostage|held\s+hostage|forcibly\s+disappeared|"
        r"forced\s+disappearances?",
        _Trigger(VIOLENCE, "Abduction/forced disappearance", "specific", "violence"),
    ),
    (
        r"assassinat\w*|shot\s+dead|gunned\s+down|massacre[ds]?\b|executed\b|beheaded|"
        r"stabbed|hacked\s+to\s+death|burned\s+alive|"
        r"killed\s+(?:at\s+least\s+)?(?:\w+\s+)?civilians|"
        r"attack(?:s|ed)?\s+(?:on\s+)?(?:a\s+|the\s+)?(?:civilians|village|market|mosque|church"
        r"|school|hospital|worshippers|residents|farmers|passengers|bus|camp|wedding)|"
        r"gunmen\s+(?:opened\s+fire|attacked|stormed|killed|shot|raided)|"
        r"opened\s+fire\s+on\s+(?:a\s+|the\s+)?(?:civilians|crowd|worshippers|villagers|"
        r"passengers|residents|shoppers)",
        _Trigger(VIOLENCE, "Attack", "specific", "violence"),
    ),
    (
        # The act itself; whether it is a battle or violence against
        # civilians is decided by who was hit (see _armed_target).
        r"kill(?:s|ed|ing)?\b(?!\s+(?:time|the\s+(?:bill|motion|deal)))|murder(?:s|ed|ing)?\b|"
        r"shot\b(?!\s+down)|shoots?\b(?!\s+down)|shooting\s+(?:of|at|dead)|snipers?\b|"
        r"(?:found|discovered|recovered)\s+dead|bod(?:y|ies)\s+(?:\w+\s+){0,6}?(?:was|were)\s+"
        r"(?:found|discovered|recovered|dumped)|"
        r"beat(?:s|en|ing)?\s+(?:\w+\s+)?(?:to\s+death|up|him|her|them|a\s|an\s|the\s|two|"
        r"three|several)|beaten\b|whipp(?:ed|ing)|flogg(?:ed|ing)|tortur\w*|hacked\b|"
        r"stab(?:bed|bing|s)?\b|machete\s+attacks?|(?:fired|firing)\s+(?:shots\s+)?(?:at|on|"
        r"upon|into)\b|fired\s+(?:[\w-]+\s+){1,4}?(?:at|on|upon|into|towards)\b|"
        r"gun(?:s|ned|ning)?\s+down|opened\s+fire|shots\s+(?:were\s+)?(?:fired|heard|observed)|"
        r"burn(?:ed|t)\s+(?:to\s+death|alive)|set\s+ablaze|"
        r"(?:injur|wound)(?:e|es|ed|ing|s)?\s+(?:at\s+least\s+)?(?:a|an|one|two|three|four|"
        r"five|several|\d+)\b",
        _Trigger(VIOLENCE, "Attack", "act", "violence"),
    ),
    (
        # A verb reports an act ("gunmen attacked a guard"); the noun alone
        # ("an attack") may be a reference or a reaction's object.
        r"(?:attacked|assaulted|raided)\b(?!\s+(?:by|on|in)\b)|"
        r"(?:attacks?|assaults?|raids?)(?=\s+(?:a|an|the|his|her|their|two|three|several|"
        r"(?-i:[A-Z])\w+)\b)",
        _Trigger(VIOLENCE, "Attack", "act", "violence"),
    ),
    (
        r"attack(?:s|ed|ing)?\b|assault(?:s|ed)?\b|raids?\b|raided\b",
        _Trigger(VIOLENCE, "Attack", "generic", "violence"),
    ),
    # Strategic developments.
    (
        r"(?:troops|forces|soldiers|reinforcements|police|units|army|military)\s+"
        r"(?:\w+\s+){0,3}?(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(?:deployed|"
        r"dispatched|rushed|mobili[sz]ed|massed|stationed|redeployed)|"
        r"deploy(?:ed|ment|ments|ing)\s+(?:of\s+)?(?:\w+\s+){0,2}?(?:troops|forces|soldiers|"
        r"units|reinforcements)|curfews?\s+(?:was\s+|were\s+)?(?:imposed|declared)|"
        r"imposed\s+a\s+curfew|state\s+of\s+emergency",
        _Trigger(STRATEGIC, "Other", "specific", "strategic:Other"),
    ),
    (
        r"arrest(?:ed|s|ing)?\b(?!\s+warrants?)|detained\b|taken\s+into\s+custody|"
        r"rounded\s+up|apprehended",
        _Trigger(STRATEGIC, "Arrests", "specific", "strategic:Arrests"),
    ),
    (
        r"cease-?fires?|truce|peace\s+(?:deal|agreement|accord|treaty)|"
        r"signed\s+(?:an?\s+)?(?:\w+\s+)?(?:agreement|deal|accord)|prisoner\s+(?:exchange|swap)",
        _Trigger(STRATEGIC, "Agreement", "specific", "strategic:Agreement"),
    ),
    (
        r"pledged\s+allegiance|defected|merged\s+with|split\s+from|"
        r"(?:formed|announced|launched)\s+(?:a\s+)?new\s+(?:armed\s+)?(?:group|coalition|"
        r"alliance|militia|faction)",
        _Trigger(
            STRATEGIC, "Change to group/activity", "specific", "strategic:Change to group/activity"
        ),
    ),
    (
        r"defused|dismantled\s+(?:an?\s+|the\s+)?(?:bomb|ied|explosive)|"
        r"(?:intercepted|shot\s+down|downed|destroyed)\s+(?:\w+\s+){0,5}?(?:drones?|missiles?|"
        r"rockets?)|"
        r"(?:seized|found|discovered|uncovered)\s+(?:\w+\s+){0,3}?(?:weapons|arms|explosives|"
        r"ammunition)|weapons\s+cache|arms\s+cache|foiled\s+(?:an?\s+)?(?:\w+\s+)?(?:attack|"
        r"plot|bombing)",
        _Trigger(STRATEGIC, "Disrupted weapons use", "specific", "strategic:Disrupted weapons use"),
    ),
    (
        r"(?:set\s+up|established|built|opened)\s+(?:an?\s+|its\s+|their\s+)?(?:new\s+)?"
        r"(?:military\s+)?(?:base|headquarters|outpost|command\s+post)",
        _Trigger(
            STRATEGIC,
            "Headquarters or base established",
            "specific",
            "strategic:Headquarters or base established",
        ),
    ),
    (
        r"loot(?:s|ed|ing|ers)?\b|plunder\w*|ransack\w*|torch(?:ed|es|ing)\b|"
        r"set(?:ting|s)?\s+(?:fire\s+to|ablaze|on\s+fire)|"
        r"burn(?:s|ed|t|ing)?\s+(?:down\s+)?(?:\w+\s+){0,3}?(?:houses|homes|shops|buildings|"
        r"vehicles|materials|papers|stalls|camp|"
        r"cars|offices|villages?|house|home|vehicle|car|station|police\s+station|church|"
        r"mosque|school|market|office|property|properties|shop|shops|granary|granaries|"
        r"huts?|crops|farms?)|demolish\w*|bulldoz\w*",
        _Trigger(
            STRATEGIC,
            "Looting/property destruction",
            "specific",
            "strategic:Looting/property destruction",
            "destruction",
        ),
    ),
    (
        r"(?:withdrew|pulled\s+out|retreated)\s+from\s+(?:the\s+)?(?:(?:town|city|village|area|"
        r"positions?|base|district|province|region)\b|(?-i:[A-Z])\w*)|"
        r"handed\s+over\s+(?:control\s+of\s+)?(?:the\s+)?(?:town|city|area|territory|base|"
        r"positions?)",
        _Trigger(
            STRATEGIC,
            "Non-violent transfer of territory",
            "specific",
            "strategic:Non-violent transfer of territory",
        ),
    ),
)
_TRIGGERS = [t for _, t in _LEXICON]
_ARMED_STORMING = _Trigger(BATTLES, "Armed clash", "generic", "violence")
_ARMED_STATE = re.compile(r"\b(?:troops|soldiers|commandos|special\s+forces)\b", re.I)
_CROWD = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall\w*|riot\w*|crowds?|mobs?)\b", re.I)


def _armed_not_crowd(sentence: str) -> bool:
    """Armed men, not a crowd, do the storming in this sentence."""
    armed = _PERPETRATORS.search(sentence) or _ARMED_STATE.search(sentence)
    return bool(armed) and not _CROWD.search(sentence)


# Every trigger starts and ends on a word boundary: checking the start first
# lets the engine skip most positions without trying forty alternatives (5x
# faster), and "riot" is not found in "patriots" nor "firefight" in
# "firefighters".
_TRIGGER_RE = re.compile(
    r"(?<!\w)(?=[a-z])(?:"
    + "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(_LEXICON))
    + r")(?!\w)",
    re.IGNORECASE,
)

# Reaction words: a trigger after one of these in its sentence is the
# object of a reaction, not a report.
_REACTION = re.compile(
    r"\b(?:condemn\w*|denounc\w*|deplor\w*|prais\w*|welcom\w*|critici[sz]\w*|blam\w*|"
    r"mourn\w*|investigat\w*|an\s+investigation|call(?:ed|s|ing)?\s+(?:for|on)|urg\w*|"
    r"responsible\s+for|accus\w*|sympath\w*|condolences|"
    r"apologi[sz]\w*|vowed|pledged\s+to|warn(?:ed|s|ing)\s+(?:of|against|that)|"
    r"den(?:y|ies|ied)|rejected\s+(?:reports|claims)|"
    r"publicly|verbally)\b",
    re.IGNORECASE,
)
# Hypothetical or future: the event has not happened.
_MODAL = re.compile(
    r"\b(?:will|would|could|might|may|should|shall|threat\w*\s+to|plan\w*\s+to|"
    r"intend\w*\s+to|prepar\w*\s+to|vow\w*\s+to|unless|if|avoid|prevent\w*|fear\w*|"
    r"escalate\s+into|resort\s+to|risk\s+of|in\s+case\s+of|possible|potential|calls?\s+for|"
    r"ahead\s+of|planned|upcoming)\b",
    re.IGNORECASE,
)
# Financial "rallies" are not protests.
_NOT_PROTEST = re.compile(
    r"\b(?:stocks?|shares|markets?|pound|dollar|euro|currency|prices|oil|index|bonds?|"
    r"futures|gold|equities|lira|rupee|yen)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:—–]|\bbut\b|\bwhich\b|\bwho\b|\bwhen\b")
_MODAL_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:will|would|could|might|is\s+planned|are\s+planned|"
    r"is\s+scheduled|are\s+scheduled|is\s+expected|are\s+expected|to\s+be\s+held|"
    r"planned\s+for|scheduled\s+for)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|nor|denied|deny|denies|free\s+of)\b|\w+n['’]t\b", re.I
)
_DEFINITE = re.compile(
    r"\b(?:the|this|that|these|those|such|its|their|his|her)\s+(?:[\w-]+\s+){0,2}$|['’]s\s+$",
    re.IGNORECASE,
)
_CASUALTY_WORDS = re.compile(
    r"\b(?:killed|killing|dead|died|death|deaths|slain|injured|injuring|wounded|wounding|hurt|"
    r"unharmed|casualties|"
    r"damage[ds]?|destroyed|shattered|wounds)\b",
    re.IGNORECASE,
)
_REPORTED_ON = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+){0,2}?|announced|reported|stated|added|confirmed|"
    r"statement|tweeted|wrote)\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)
# "arrested on suspicion of carrying out the attack": the attack is not
# reported here (but "suspected of being part of a gang were lynched" is).
_SUSPECTED = re.compile(
    r"\b(?:suspicion|suspected)\s+of\s+(?:\w+\s+){0,3}?(?:the\s+|an?\s+)?$", re.IGNORECASE
)
_FUTURE = re.compile(r"\b(?:will|going\s+to|plans?\s+to|is\s+expected\s+to)\b", re.I)

# -- actors ----------------------------------------------------------------------

_UNCLAIMED = re.compile(
    r"\bnot\s+(?:been\s+)?(?:immediately\s+)?claimed|\bno\s+(?:one|group)\s+(?:has\s+|had\s+)?"
    r"(?:immediately\s+)?claimed|\bunclaimed|\b(?:unidentified|unknown)\s+(?:gunmen|assailants|"
    r"attackers|armed\s+men|militants|drones?)|\bnot\s+(?:immediately\s+)?clear\s+who|"
    r"\bno\s+(?:one|group)\s+(?:has\s+|had\s+)?(?:immediately\s+)?(?:taken|claimed)\s+"
    r"responsibility",
    re.IGNORECASE,
)
_CLAIMED = re.compile(
    r"(?P<g>(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*)\s+(?:has\s+|have\s+|had\s+)?claimed\s+"
    r"(?:responsibility|the\s+attack|credit)"
)
_STATE = re.compile(
    r"(?:(?!(?i:security|government|armed|riot|border|special|air|police|military|army)\b)"
    r"(?P<dem>[A-Z][a-z]+(?:-[a-z]+)?)\s+)?(?P<f>(?i:(?:riot\s+)?police(?:men)?|security\s+"
    r"forces|troops|soldiers|army|military|government\s+forces|armed\s+forces|air\s+force|"
    r"warplanes?|fighter\s+jets?|navy|forces))\b",
)
_ADJ_RIGHT_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?:-led|-backed)?\s+$")
_ADJ_ONE_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?:-led)?\s+[\w-]+\s+$")
_ACCORDING = re.compile(r"according\s+to\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_SOURCE_AFTER = re.compile(
    r"^\s+(?:said|say|says|told|reported|announced|confirmed|spokesm[ae]n|sources?|"
    r"officials?|statement)\b",
    re.IGNORECASE,
)
_PERPETRATORS = re.compile(
    r"\b(?:gunmen|militants|insurgents|assailants|attackers|armed\s+men|fighters|jihadists|"
    r"militiamen|militias?|rebels)\b",
    re.IGNORECASE,
)
_CIVILIANS = re.compile(
    r"\b(?:civilians|villagers|residents|worshippers|passengers|farmers|children|women|people|"
    r"students|shoppers|families|journalists?|aid\s+workers)\b",
    re.IGNORECASE,
)
_GOV_TARGET = re.compile(
    r"\b(?:targeted|targeting|against|on)\s+(?:the\s+)?(?:residence\s+of\s+the\s+|home\s+of\s+"
    r"the\s+|convoy\s+of\s+the\s+)?(?P<dem>[A-Z][a-z]+\s+)?(?P<role>prime\s+minister|president|"
    r"minister|governor|government|parliament)\b",
    re.IGNORECASE,
)
# "the Platform coalition", "Coordination of Azawad Movements": a named side.
_GROUP_NAME = re.compile(
    r"[A-Z][\w'’-]+(?:\s+(?:(?:of|for|the|and)\s+)?[A-Z][\w'’-]+)*"
    r"(?:\s+(?:coalition|group|militia|movement|forces|rebels|alliance|fighters|brigades?))?"
)
_BETWEEN = re.compile(
    r"between\s+(?P<a>(?:[\w'’-]+\s+){0,4}?)(?:and|with)\s+(?P<b>(?:[\w'’-]+\s*){1,5})",
)

# Armed, organised people and the places they hold: the targets that make
# violence a battle.
_ARMED_PEOPLE = (
    r"(?:soldiers?|troops|servicem[ae]n|police(?:m[ae]n|\s+officers?|\s+reservists?)?|"
    r"officers?|gendarmes?|gendarmerie|army|military|security\s+(?:forces|personnel|agents)|"
    r"(?:armed|defen[cs]e|government|state)\s+forces|forces|militias?|militiam[ae]n|militants?|"
    r"fighters?|rebels?|insurgents?|combatants?|jihadists?|guards?|reservists?|rangers?|"
    r"(?:armed|defen[cs]e)\s+volunteers|volunteer\s+fighters|vigilantes|self-defen[cs]e\s+"
    r"(?:groups?|militias?|forces)|armed\s+(?:men|groups?|bandits|robbers|gangs?)|bandits)"
)
_ARMED_PLACE = (
    r"(?:positions?|posts?|bases?|military\s+camps?|army\s+camps?|checkpoints?|barracks|patrols?|convoys?|"
    r"detachments?|police\s+stations?|stations|outposts?|garrisons?|units?|vehicles?\s+"
    r"carrying\s+(?:\w+\s+)?(?:soldiers|troops|police))"
)
# Mobs and clashes of unarmed people (ACLED's "Mob violence"): the agents
# are an unorganised group, and no armed, organised group takes part.
_UNORGANISED = (
    r"(?:residents|villagers|youths?|young\s+men|men|people|crowds?|mobs?|supporters|"
    r"students|traders|locals|relatives|family\s+members|neighbou?rs|workers|operators|"
    r"riders|fans|worshippers|motorists|passengers|members\s+of\s+the\s+public|"
    r"party\s+(?:members|supporters)|vendors|hawkers|drivers|parents|pupils|teachers)"
)
_MOB_AGENT = re.compile(
    r"\bby\s+(?:an?\s+)?(?:(?:angry|irate|enraged|furious)\s+)?(?:group|crowd|gang|band|"
    r"number)\s+of\s+(?:[\w-]+\s+){0,2}?" + _UNORGANISED + r"\b"
    r"|\bby\s+(?:(?:angry|irate|enraged|furious|local|some)\s+)?" + _UNORGANISED + r"\b"
    r"|(?:^|[.;]\s+|,\s+)(?:an?\s+)?(?:(?:angry|irate|enraged|furious)\s+)?(?:(?:group|crowd|"
    r"gang)\s+of\s+)?(?:[\w-]+\s+){0,2}?" + _UNORGANISED + r"\s+"
    r"(?:(?!(?:were|was|are|is|have|had|been|being|got|in|at|of|from|to|on)\b)\w+\s+)?"
    r"(?:attack(?:ed|s)?|beat|lynch(?:ed|es)?|kill(?:ed|s)?|torch(?:ed|es)?|burn(?:ed|t|s)?|"
    r"ston(?:ed|es)|assault(?:ed|s)?|storm(?:ed|s)?|destroy(?:ed|s)?|vandali[sz](?:ed|es)|"
    r"set|hack(?:ed|s)?|injur(?:ed|es))\b(?!\s+by)",
    re.IGNORECASE,
)
_UNORGANISED_CLASH = re.compile(
    r"\b(?:clash\w*|fight\w*|fought|scuffle\w*|brawl\w*)\s+(?:\w+\s+){0,3}?(?:between|with|"
    r"among)\s+(?:\w+\s+){0,4}?" + _UNORGANISED + r"\b"
    r"|\b" + _UNORGANISED + r"\s+(?:\w+\s+){0,8}?(?:clash\w*|fought|scuffled|brawled)\b",
    re.IGNORECASE,
)
# Armed, organised actors: their presence makes violence a battle or an
# attack, not mob violence.
_ORGANISED = re.compile(
    r"\b(?:gunmen|militants?|militias?|militiam[ae]n|rebels?|insurgents?|fighters|jihadists?|"
    r"soldiers?|troops|army|military|armed|bandits|terrorists?|assailants|attackers|gangs?|"
    r"ethnic|tribal|clans?|communal|herders|herdsmen|pastoralists|raiders|guns?|gunfire|"
    r"firearms?|rifles?|bullets?|shot\s+dead|snipers?|grenades?|explosives?|bombs?|"
    r"police\s+(?:shot|killed|opened)|vigilantes?|self-defen[cs]e|koglweogo|dozos?)\b",
    re.IGNORECASE,
)
# Words between a verb and its object; "by", "when", "after" would make the
# armed men the agents ("killed by police", "injured when bandits attacked").
_NOT_AGENT = r"(?:(?!(?:by|when|after|during|as|while|before|because)\b)[\w-]+\s+)"
_ARMED_TARGET = re.compile(
    r"\b(?:attack\w*|ambush\w*|raid(?:s|ed|ing)?|storm(?:s|ed|ing)|overr?an|assault\w*|"
    r"target(?:s|ed|ing)|fired\s+(?:[\w-]+\s+){0,8}?(?:at|on|upon)|opened\s+fire\s+(?:on|at)|"
    r"shot\s+at|clash\w*\s+with|engaged|encounter(?:s|ed)?)\s+(?:on\s+|against\s+|with\s+)?"
    rf"(?:(?:a|an|the|their|its|two|three|several|joint)\s+)?{_NOT_AGENT}{{0,3}}?"
    rf"(?:{_ARMED_PEOPLE}|{_ARMED_PLACE})\b"
    r"|\b(?:kill(?:s|ed|ing)?|shot|shooting|wound(?:s|ed|ing)?|injur(?:es|ed|ing)|"
    r"captur(?:ed|ing)|battl(?:e|ed|ing)|engag(?:e|ed|ing))\s+(?:at\s+least\s+)?"
    rf"{_NOT_AGENT}{{0,3}}?(?:{_ARMED_PEOPLE}|raiders|attackers|assailants|gunm[ae]n)\b"
    rf"|\b(?:{_ARMED_PEOPLE}|{_ARMED_PLACE})\s+(?:[\w-]+\s+){{0,3}}?(?:(?:were|was|had\s+been|"
    r"have\s+been|are|is|got)\s+(?:\w+\s+){0,3}?|(?:\w+\s+)?)(?:killed|wounded|injured|shot|"
    r"ambushed|attacked|kidnapped|abducted|overrun|targeted)\b"
    r"(?=\s*(?:[,.;]|$|(?:in|at|near|by|and|during|when|after|while|on|overnight)\b))"
    r"|\b(?:repell?(?:ed|ing)|repuls(?:ed|ing)|thwart(?:ed|ing)|foil(?:ed|ing))\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:attacks?|assaults?|offensives?|incursions?)"
    r"|\bcrossfire\b|\bexchange\s+of\s+(?:gun)?fire\b",
    re.IGNORECASE,
)
_SMALL_ARMS = re.compile(
    r"\b(?:small\s+arms|(?:heavy\s+)?machine[- ]guns?|gunfire|rifles?|exchange\s+of\s+fire|"
    r"exchanged\s+fire|infantry\s+fighting\s+vehicles|gun\s?battles?|firefights?)\b",
    re.IGNORECASE,
)

# -- places ----------------------------------------------------------------------

_LOCATIVE = re.compile(
    r"\b(?:in|at|inside|within|into|across|throughout|on|from|of)\s+(?:the\s+)?"
    r"(?:(?:heavily\s+)?[\w'’-]+\s+){0,2}?$",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"\b(?:near|outside|around|nearby|close\s+to|outskirts\s+of|edge\s+of|edges\s+of|gates?\s+of|"
    r"entrance\s+to|toward|towards|enter|entering|storm|storming|reach|approach\w*|"
    r"perimeter\s+of|between|km\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?$",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|speaking|spoke|according\s+to|statement|announced|reported|wrote|"
    r"tweeted|interview|news\s+conference|briefing)\b[^.;]{0,40}?\b(?:in|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AFFILIATION_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:foreign|interior|defen[cs]e|health|prime|president|ministry|minister|"
    r"government|officials?|authorities|spokes\w+|embassy|ambassador|king|queen|leader|"
    r"army|police|forces|military|media|television|tv|parliament|council|institution|"
    r"state\s+(?:media|television|tv|news|department|agency|broadcaster)|"
    r"university|post|times|news|airways|dollars?|pounds?|euros?|currency|lira|rupees?|"
    r"shillings?|francs?|exchange\s+rates?)\b",
    re.IGNORECASE,
)
# A country that acts is a party, not the scene: "the missiles Russia launched".
_COUNTRY_ACTS = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+)?(?:launched|fired|attacked|struck|shelled|sent|deployed|"
    r"said|says|claimed|denied|accused|announced|warned|threatened|carried\s+out|"
    r"conducted|bombed|invaded)\b",
    re.IGNORECASE,
)
_POSSESSIVE_PLACE = re.compile(
    r"^['’]s\s+(?:(?-i:[A-Z])|(?:outskirts|suburbs?|streets?|capital|cent(?:re|er)|north|south|"
    r"east|west|northern|southern|eastern|western|province|district|border|port|airport|old\s+"
    r"city|downtown|neighbo(?:u)?rhoods?|quarter|villages?|towns?)\b)",
    re.IGNORECASE,
)
_KIND_RANK = {
    Kind.LANDMARK: 1.5,
    Kind.DISTRICT: 1.5,
    Kind.CUSTOM: 1.5,
    Kind.CITY: 1.0,
    Kind.ADMIN2: 0.6,
    Kind.ADMIN1: 0.2,
    Kind.REGION: 0.0,
    Kind.COUNTRY: -0.5,
}

# -- the finder --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One incident with what geomap noticed while coding it.

    ``remarks`` are short notes ("injured: 'Dozens' is not a number", "date:
    publication date, none in the text"); ``background`` marks events dated
    well before publication.
    """

    incident: Incident
    remarks: tuple[str, ...] = ()
    background: bool = False


@dataclass(slots=True)
class _PlaceCandidate:
    score: float
    mention: Mention
    place: Place
    precision: int
    relation: str  # in | near | possessive | mentioned | a modifier ("around")


_KINDS = frozenset(k.value for k in Kind)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    trigger: _Trigger
    sentence: Sentence
    definite: bool
    date: DateMention | None = None


@dataclass(slots=True)
class _Cluster:
    hits: list[_Hit] = field(default_factory=list)
    sentences: dict[int, Sentence] = field(default_factory=dict)
    date: DateMention | None = None
    place_hint: Place | None = None
    family: str = ""  # violence | protest | strategic:<sub type>

    @property
    def last(self) -> Sentence:
        return self.sentences[max(self.sentences)]

    def add(self, hit: _Hit) -> None:
        self.hits.append(hit)
        self.sentences[hit.sentence.index] = hit.sentence
        if self.date is None and hit.date is not None:
            self.date = hit.date


class IncidentFinder:
    """Rule-based incident coding for one document at a time."""

    def __init__(self, countries: Countries) -> None:
        self.countries = countries
        self._by_sentence: dict[int, list[_Hit]] = {}
        self._dates: list[DateMention] = []
        self._sentences: list[Sentence] = []

    def find(
        self,
        text: str,
        *,
        mentions: Sequence[Mention],
        actors: Sequence[Actor] = (),
        published: dt.date | None = None,
        source: str | None = None,
        sentences: Sequence[Sentence] | None = None,
        dates: Sequence[DateMention] | None = None,
        focus: Place | None = None,
    ) -> list[Finding]:
        sentences = list(sentences if sentences is not None else split_sentences(text))
        if not sentences:
            return []
        if dates is None:
            dates = find_dates(text, published)
        quotes = _quote_mask(text, sentences)
        self._dates = list(dates)
        self._sentences = sentences
        hits = self._hits(text, sentences, quotes, dates, published)
        self._by_sentence = {}
        for h in hits:
            self._by_sentence.setdefault(h.sentence.index, []).append(h)
        clusters = self._cluster(text, mentions, actors)
        self._continuations(sentences, clusters)
        out = []
        for cluster in clusters:
            finding = self._code(text, cluster, mentions, actors, published, source, focus)
            if finding is not None:
                out.append(finding)
        out.sort(key=lambda f: f.incident.evidence[0].start if f.incident.evidence else 0)
        return out

    # -- triggers ------------------------------------------------------------------

    def _hits(
        self,
        text: str,
        sentences: Sequence[Sentence],
        quotes: Sequence[tuple[int, int]],
        dates: Sequence[DateMention],
        published: dt.date | None,
    ) -> list[_Hit]:
        # One pass of the trigger pattern over the whole text, then each
        # match is judged inside its sentence.
        starts = [s.start for s in sentences]
        per_sentence: dict[int, list[re.Match[str]]] = {}
        for m in _TRIGGER_RE.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= sentences[i].end:
                per_sentence.setdefault(i, []).append(m)
        hits: list[_Hit] = []
        for i, matches in per_sentence.items():
            sent = sentences[i]
            body = sent.text
            found = []
            for m in matches:
                start, end = m.start(), m.end()
                if any(qs <= start < qe for qs, qe in quotes):
                    continue
                trig = _TRIGGERS[int(str(m.lastgroup)[1:])]
                if trig.flag == "violent" and _armed_not_crowd(body):
                    trig = _ARMED_STORMING  # "militants stormed the base": no riot
                before = body[: start - sent.start]
                clause = _CLAUSE.split(before)[-1]
                if _REACTION.search(re.split(r"[,;:]", before[-70:])[-1]) or _SUSPECTED.search(
                    before[-45:]
                ):
                    continue  # "condemned the attack", "blamed him for the clashes"
                if m.group().lower().startswith("rall") and _NOT_PROTEST.search(before[-30:]):
                    continue  # "markets rallied", "the pound rallied"
                if _MODAL.search(" ".join(clause.split()[-5:])):
                    continue  # "threatening to storm", "could escalate into fighting"
                if _NEGATION.search(" ".join(clause.split()[-2:])):
                    continue  # "no clashes", "without violence"
                if _MODAL_AFTER.match(text[end : min(end + 40, sent.end)]):
                    continue  # "another rally will be held next week"
                definite = bool(_DEFINITE.search(before[-40:]))
                found.append(_Hit(start, end, trig, sent, definite))
            if not found:
                continue
            self._assign_dates(text, sent, found, dates, published)
            hits.extend(found)
        return hits

    def _assign_dates(
        self,
        text: str,
        sent: Sentence,
        found: list[_Hit],
        dates: Sequence[DateMention],
        published: dt.date | None,
    ) -> None:
        """Each date expression of the sentence goes to its nearest trigger.

        A possessive date ("last month's elections", "Friday's clashes")
        dates only the noun right after it.
        """
        inside = [d for d in dates if sent.start <= d.start < sent.end]
        if published is not None and _FUTURE.search(sent.text):
            inside = [
                _shifted(d, sent.start) for d in find_dates(sent.text, published, future=True)
            ]
        for d in inside:
            lead = text[max(sent.start, d.start - 25) : d.start]
            if _REPORTED_ON.search(lead):
                continue  # "officials said Sunday": when it was told, not when it happened
            tail = text[d.end : d.end + 40]
            possessive = d.text.endswith(("'s", "’s")) or tail.startswith(("'s", "’s"))
            if possessive:
                noun_at = d.end + (0 if d.text.endswith(("'s", "’s")) else 2)
                nxt = re.match(r"\s*(?:[\w-]+\s+){0,2}", text[noun_at : noun_at + 40])
                limit = noun_at + (nxt.end() if nxt else 0) + 1
                target = [h for h in found if noun_at <= h.start <= limit]
                if target:
                    target[0].date = target[0].date or d
                continue
            nearest = min(found, key=lambda h: min(abs(h.start - d.end), abs(d.start - h.end)))
            if nearest.date is None:
                nearest.date = d

    # -- clustering ----------------------------------------------------------------

    def _cluster(
        self, text: str, mentions: Sequence[Mention], actors: Sequence[Actor]
    ) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        for index in sorted(self._by_sentence):
            group = self._by_sentence[index]
            # Hits of one family in one sentence are one event.
            families: dict[str, list[_Hit]] = {}
            for h in group:
                families.setdefault(h.trigger.family, []).append(h)
            # A sentence that mixes protest words and violence words
            # ("clashes between protesters and police") is about the protest.
            if (
                "protest" in families
                and "violence" in families
                and not any(
                    h.trigger.event_type == EXPLOSIONS and h.trigger.strength == "specific"
                    for h in families["violence"]
                )
            ):
                families["protest"].extend(families.pop("violence"))
            # "defused a roadside bomb", "intercepted a drone": the device is
            # what was disrupted, not a second event.
            disrupted = "strategic:Disrupted weapons use"
            if (
                disrupted in families
                and "violence" in families
                and all(h.trigger.event_type == EXPLOSIONS for h in families["violence"])
            ):
                families[disrupted].extend(families.pop("violence"))
            # "Protesters were arrested", "rioters torched shops": part of the protest.
            for fam in ("strategic:Arrests", "strategic:Looting/property destruction"):
                if "protest" in families and fam in families:
                    families["protest"].extend(families.pop(fam))
            for family, fam_hits in families.items():
                fam_hits.sort(key=lambda h: h.start)
                place = self._sentence_place(text, fam_hits[0].sentence, fam_hits, mentions, actors)
                target = self._attach_target(clusters, family, fam_hits, place)
                if target is None:
                    if all(h.trigger.strength == "anaphor" for h in fam_hits):
                        continue  # "the incident" with nothing to refer to
                    target = _Cluster(family=family)
                    clusters.append(target)
                for h in fam_hits:
                    target.add(h)
                if target.place_hint is None:
                    target.place_hint = place
        return clusters

    def _attach_target(
        self, clusters: list[_Cluster], family: str, hits: list[_Hit], place: Place | None
    ) -> _Cluster | None:
        sent = hits[0].sentence
        date = next((h.date for h in hits if h.date is not None), None)
        specific = [h for h in hits if h.trigger.strength == "specific"]
        definite = all(h.definite for h in (specific or hits))
        types = {h.trigger.event_type for h in specific}
        if not definite and all(h.trigger.strength == "anaphor" for h in hits):
            return None  # "a strike", "an incident": too vague to be anything
        best: _Cluster | None = None
        for c in reversed(clusters):  # most recent first
            gap = sent.paragraph - c.last.paragraph
            same_family = c.family == family
            # Violence in a protest's paragraph is that protest turning violent.
            riot = (
                c.family == "protest"
                and family == "violence"
                and gap == 0
                and not any(t == EXPLOSIONS for t in types)
            )
            destruction = (
                c.family == "protest"
                and family == "strategic:Looting/property destruction"
                and gap <= 1
            )
            if not (same_family or riot or destruction):
                continue
            if not _dates_agree(c.date, date) or not _places_agree(c.place_hint, place):
                continue
            if riot or destruction:
                best = c
                break
            if definite:
                window = 8  # "the attack", "the assassination attempt"
            elif not specific:
                window = 3  # "an explosion", "gunfire": a recent event
            else:
                window = 2
                ctypes = {h.trigger.event_type for h in c.hits}
                if family == "protest":
                    # A protest that turns violent is one event, not two.
                    types, ctypes = types | {PROTESTS, RIOTS}, ctypes | {PROTESTS, RIOTS}
                if not types & ctypes:
                    continue
            if gap <= window:
                best = c
                break
        return best

    def _continuations(self, sentences: Sequence[Sentence], clusters: list[_Cluster]) -> None:
        """Sentences right after an event that report casualties or damage."""
        used = {i for c in clusters for i in c.sentences}
        for c in clusters:
            for idx in sorted(c.sentences):
                here = sentences[idx]
                for nxt in sentences[idx + 1 : idx + 3]:
                    if nxt.index in used:
                        break
                    same_para = nxt.paragraph == here.paragraph
                    next_para_first = nxt.paragraph == here.paragraph + 1 and (
                        sentences[nxt.index - 1].paragraph != nxt.paragraph
                    )
                    if not (same_para or next_para_first):
                        break
                    if not _CASUALTY_WORDS.search(nxt.text) or _REACTION.search(nxt.text):
                        continue  # "The official spoke on condition of anonymity."
                    c.sentences[nxt.index] = nxt
                    used.add(nxt.index)

    # -- coding --------------------------------------------------------------------

    def _code(
        self,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
        published: dt.date | None,
        source: str | None,
        focus: Place | None,
    ) -> Finding | None:
        remarks: list[str] = []
        specific = [h for h in cluster.hits if h.trigger.strength in ("specific", "act")]
        # Generic words alone ("an explosion was heard") are an event only
        # when the passage reports casualties.
        if not specific and not any(
            _CASUALTY_WORDS.search(s.text) for s in cluster.sentences.values()
        ):
            return None
        event_type, sub_type = _decide_type(cluster.family, cluster.hits)
        words = list(dict.fromkeys(text[h.start : h.end] for h in cluster.hits))
        remarks.append("type: from " + ", ".join(f"'{w}'" for w in words[:6]))
        sentences = [cluster.sentences[i] for i in sorted(cluster.sentences)]
        body = " ".join(s.text for s in sentences)
        mob = self._mob(body, cluster, actors)
        if mob and event_type in (VIOLENCE, BATTLES) and sub_type in ("Attack", "Armed clash"):
            # ACLED: violence by a crowd or an unorganised group (residents,
            # supporters, youths) that is not demonstrating is mob violence;
            # clashes between such groups, or with police, are riots too.
            demo = any(h.trigger.family == "protest" for h in cluster.hits) or _CROWD.search(body)
            event_type = RIOTS
            sub_type = (
                "Violent demonstration"
                if demo and "demonstrat" in body.lower()
                else ("Mob violence")
            )
            remarks.append(f"type: {mob} (no armed, organised group)")
        elif event_type == VIOLENCE and sub_type == "Attack" and _ARMED_TARGET.search(body):
            # ACLED: violence against armed, organised men (police, soldiers,
            # militia) is a battle; only unarmed victims make it violence
            # against civilians.
            event_type, sub_type = BATTLES, "Armed clash"
            remarks.append("type: the targets are armed (a battle)")
        elif (
            event_type == EXPLOSIONS
            and sub_type == "Shelling/artillery/missile attack"
            and _SMALL_ARMS.search(body)
        ):
            # Shelling together with small-arms fire is an armed clash.
            event_type, sub_type = BATTLES, "Armed clash"
            remarks.append("type: shelling with small-arms fire (a battle)")

        # When: the cluster's own date, else the publication date.
        date_m = cluster.date
        confidence = 0.55 if specific else 0.35
        carried = None if date_m is not None else self._date_in_force(text, cluster)
        if date_m is not None:
            date, precision = date_m.date, date_m.precision
            last = date_m.last
            remarks.append(f"date: '{date_m.text}'")
            confidence += 0.1
        elif carried is not None:
            date, precision, last = carried.date, carried.precision, carried.last
            remarks.append(f"date: '{carried.text}', stated earlier in the passage")
            confidence += 0.05
        elif published is not None:
            date, precision, last = published, "day", published
            remarks.append("date: publication date (no date stated for the event)")
            confidence -= 0.1
        else:
            date, precision, last = None, None, None
            remarks.append("date: unknown (no date in text, no publication date)")
            confidence -= 0.15
        background = (
            published is not None and last is not None and (published - last).days > BACKGROUND_DAYS
        )

        # Where.
        place, geo_precision, location_text, how = self._place(text, cluster, mentions, actors)
        if place is None:
            place, geo_precision, location_text, how = self._earlier_place(
                text, cluster, mentions, actors
            )
            if place is not None:
                confidence -= 0.05
        if place is None and focus is not None:
            place, geo_precision, location_text = focus, max(2, focus.precision), focus.name
            how = "dateline place (no place stated for the event)"
            confidence -= 0.1
        elif place is None:
            place, geo_precision, location_text, how = _document_place(mentions, actors)
            if place is not None:
                confidence -= 0.1
        elif place is not None:
            confidence += 0.1
        else:
            confidence -= 0.15
        if how:
            remarks.append(f"place: {how}")

        # Who.
        country = place.country_code if place else (focus.country_code if focus else None)
        actor1, actor2, who = self._actors(text, cluster, event_type, sub_type, actors, country)
        remarks.extend(who)
        if event_type == BATTLES and sub_type != "Armed clash" and actor1:
            sub_type = (
                "Government regains territory"
                if actor1.startswith(("Military Forces", "Police Forces", "Security Forces"))
                else "Non-state actor overtakes territory"
            )

        # Casualties.
        killed: int | None = None
        injured: int | None = None
        for s in sentences:
            k, i, notes = casualties(s.text)
            if k is not None:
                killed = max(killed or 0, k)
            if i is not None:
                injured = max(injured or 0, i)
            remarks.extend(notes)

        confidence += min(0.15, 0.05 * (len(sentences) - 1))
        evidence = tuple(Evidence(s.start, s.end, s.text) for s in sentences)
        incident = Incident(
            event_type=event_type,
            sub_event_type=sub_type,
            date=date,
            date_precision=precision,
            place=place,
            geo_precision=geo_precision,
            location_text=location_text,
            actor1=actor1,
            actor2=actor2,
            fatalities=killed,
            injured=injured,
            evidence=evidence,
            confidence=round(max(0.05, min(0.95, confidence)), 2),
            source=source,
        )
        return Finding(incident, tuple(dict.fromkeys(remarks)), background)

    @staticmethod
    def _mob(body: str, cluster: _Cluster, actors: Sequence[Actor]) -> str | None:
        """Is the violence of this passage done by an unorganised group?"""
        spans = [(s.start, s.end) for s in cluster.sentences.values()]
        if _ORGANISED.search(body) or any(
            a.kind == "armed_group" and any(s <= x < e for x, _ in a.spans for s, e in spans)
            for a in actors
        ):
            return None
        if _MOB_AGENT.search(body):
            return "violence by a crowd or group"
        if _UNORGANISED_CLASH.search(body):
            return "clashes between unarmed groups"
        return None

    def _earlier_place(
        self,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> tuple[Place | None, int | None, str | None, str | None]:
        """Where the passage's earlier sentences put things ("Gunmen raided
        Kachibora. Three were killed.") when the event's own sentences name
        no place: the nearest earlier sentence of the paragraph (or the one
        before) with a place in a locative relation."""
        first = self._sentences[min(cluster.sentences)]
        for sent in reversed(self._sentences[max(0, first.index - 4) : first.index]):
            if sent.paragraph < first.paragraph - 1:
                break
            cands = [
                c
                for c in self._place_candidates(text, sent, [], mentions, actors)
                if c.relation != "mentioned"
            ]
            if cands:
                best = max(cands, key=lambda c: (c.score, -c.mention.start))
                how = f"'{best.mention.text}' (stated earlier in the passage; {best.place.kind})"
                return best.place, min(3, max(1, best.precision)), best.place.name, how
        return None, None, None, None

    def _date_in_force(self, text: str, cluster: _Cluster) -> DateMention | None:
        """The date a narrative has set for the sentences that follow it:
        "On 4 May 2020, X and Y fought. Three were killed." dates the
        killing. The latest date before the passage, in its paragraph or the
        one before, that is not when something was said; else a date of the
        passage's own sentences that no trigger took."""
        first = self._sentences[min(cluster.sentences)]
        last = self._sentences[max(cluster.sentences)]
        earlier = [
            d
            for d in self._dates
            if d.end <= last.end
            and any(
                s.start <= d.start < s.end and first.paragraph - 1 <= s.paragraph <= last.paragraph
                for s in self._sentences[max(0, first.index - 6) : last.index + 1]
            )
            and not _REPORTED_ON.search(text[max(0, d.start - 25) : d.start])
        ]
        return earlier[-1] if earlier else None

    def _place(
        self,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> tuple[Place | None, int | None, str | None, str | None]:
        """The best place mention of the cluster's sentences (see module doc)."""
        trig_sentences = {h.sentence.index for h in cluster.hits}
        best: _PlaceCandidate | None = None
        for idx, sent in sorted(cluster.sentences.items()):
            own = [h for h in cluster.hits if h.sentence.index == idx]
            for cand in self._place_candidates(text, sent, own, mentions, actors):
                if idx in trig_sentences:
                    cand.score += 0.75
                if best is None or (cand.score, -cand.mention.start) > (
                    best.score,
                    -best.mention.start,
                ):
                    best = cand
        if best is None:
            return None, None, None, None
        m, place = best.mention, best.place
        how = f"'{m.text}' ({best.relation}; {place.kind})"
        return place, min(3, max(1, best.precision)), place.name, how

    def _sentence_place(
        self,
        text: str,
        sent: Sentence,
        own: list[_Hit],
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> Place | None:
        """Where a sentence says its event happened, if it says so plainly
        ("in X", "near X", "X's"): used to keep events in different places
        apart while clustering."""
        cands = [
            c
            for c in self._place_candidates(text, sent, own, mentions, actors)
            if c.relation != "mentioned"
        ]
        if not cands:
            return None
        best = max(cands, key=lambda c: (c.score, -c.mention.start))
        return best.place

    def _place_candidates(
        self,
        text: str,
        sent: Sentence,
        own: list[_Hit],
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> list[_PlaceCandidate]:
        actor_spans = [sp for a in actors for sp in a.spans if a.kind != "government"]
        out = []
        for m in mentions:
            if not (sent.start <= m.start < sent.end) or m.place is None or m.demonym:
                continue
            if any(s <= m.start < e for s, e in actor_spans):
                continue  # "Brookings Institution", a reporter's name
            before = text[max(sent.start, m.start - 60) : m.start]
            after = text[m.end : m.end + 30]
            if (
                _AFFILIATION_AFTER.match(after)
                or _REPORTING.search(before)
                or (m.place.kind == Kind.COUNTRY and _COUNTRY_ACTS.match(after))
            ):
                continue  # "Iraq's foreign minister", "said in a statement from Vienna"
            if re.match(r"^ [A-Z][a-z]", after) and m.place.kind == Kind.CITY:
                continue  # "Green [Zone]": a fragment of a longer, unknown name
            if own and not self._nearest_trigger_is_ours(sent, m, own):
                continue  # in a sentence shared with another event, the nearer one's
            place = _refine(m, before, after)
            kind = place.kind
            score = _KIND_RANK.get(Kind(kind), 0.0) if kind in _KINDS else 0.0
            precision = place.precision
            if m.precision and place is m.place:
                precision = m.precision
            relation = "mentioned"
            if _NEAR.search(before):
                score += 2.0
                precision = max(precision, 2)
                relation = "near"
            elif _TOWN_BEFORE.search(before):
                score += 2.5  # "the northern Burkina Faso town of Dori": the place itself
                relation = "in"
            elif _LOCATIVE.search(before):
                # "of" ("the Green Zone of Baghdad") says containment, weaker.
                score += 1.0 if before.rstrip().lower().endswith(" of") else 2.0
                relation = "in"
            elif _POSSESSIVE_PLACE.match(after):
                score += 1.5
                relation = "possessive"  # "Baghdad's Green Zone", not "Iran's interference"
            if m.modifier:
                relation = m.modifier
            score += 0.5 * m.confidence
            out.append(_PlaceCandidate(score, m, place, precision, relation))
        return out

    def _nearest_trigger_is_ours(self, sent: Sentence, m: Mention, own: list[_Hit]) -> bool:
        """In a sentence shared with another event's trigger, keep the place
        only when one of our triggers is at least as near."""
        others = [h for h in self._by_sentence.get(sent.index, []) if h not in own]
        if not others:
            return True

        def dist(h: _Hit) -> int:
            return min(abs(m.start - h.end), abs(h.start - m.end))

        return min(dist(h) for h in own) <= min(dist(h) for h in others)

    def _actors(
        self,
        text: str,
        cluster: _Cluster,
        event_type: str,
        sub_type: str,
        actors: Sequence[Actor],
        country: str | None,
    ) -> tuple[str | None, str | None, list[str]]:
        cname = country_name(country) if country else None
        suffix = f" ({cname})" if cname else ""
        notes: list[str] = []
        body = " ".join(cluster.sentences[i].text for i in sorted(cluster.sentences))
        spans = [(s.start, s.end) for s in cluster.sentences.values()]
        named = [
            a
            for a in actors
            if a.kind == "armed_group" and any(s <= x < e for x, _ in a.spans for s, e in spans)
        ]
        state = self._state_actor(body, country)
        unclaimed = bool(_UNCLAIMED.search(body))
        perpetrator: str | None = None
        claimed = _CLAIMED.search(body)
        if unclaimed:
            perpetrator = f"Unidentified Armed Group{suffix}"
            notes.append("actor1: not claimed")
        elif claimed:
            perpetrator = claimed["g"].strip()
        elif named:
            perpetrator = named[0].name
        elif _PERPETRATORS.search(body):
            perpetrator = f"Unidentified Armed Group{suffix}"

        civilians = f"Civilians{suffix}" if _CIVILIANS.search(body) else None
        target = _GOV_TARGET.search(body)
        gov: str | None = None
        if target:
            code = (
                self.countries.from_adjective(target["dem"].strip()) if target["dem"] else None
            ) or country
            gov = f"Government of {country_name(code)}" if code else None

        if event_type in (PROTESTS, RIOTS):
            crowd = "Rioters" if event_type == RIOTS else "Protesters"
            second = state if sub_type != "Peaceful protest" or state else None
            if event_type == RIOTS and sub_type == "Mob violence":
                second = civilians or state
            return f"{crowd}{suffix}", second, notes
        if event_type == BATTLES:
            between = _BETWEEN.search(body)
            sides: list[str | None] = []
            if between:
                for part in (between["a"], between["b"]):
                    label = self._side(part, country, named)
                    if label:
                        sides.append(label)
            for cand in self._sides_in_order(body, country, named):
                if cand not in sides:
                    sides.append(cand)
            sides += [None, None]
            return sides[0], sides[1], notes
        if event_type == EXPLOSIONS:
            first = perpetrator
            if first is None:
                first = self._state_near_trigger(text, cluster, country)
            second = gov or civilians
            if second is None and state and state != first:
                second = state
            return first, second, notes
        if event_type == VIOLENCE:
            first = perpetrator or (state if not civilians else None) or state
            return first, civilians or gov or f"Civilians{suffix}", notes
        # Strategic developments: the acting side.
        return state or perpetrator, None, notes

    def _state_actor(self, body: str, country: str | None) -> str | None:
        return next((label for _, label in self._state_forces(body, country)), None)

    def _state_forces(self, body: str, country: str | None) -> Iterator[tuple[int, str]]:
        """State forces named in ``body`` with their offsets, ACLED-style:
        "Police Forces of Kenya", "Military Forces of Israel"."""
        for m in _STATE.finditer(body):
            word = m["f"].lower()
            if _SOURCE_AFTER.match(body[m.end() : m.end() + 30]) or _ACCORDING.search(
                body[max(0, m.start() - 30) : m.start()]
            ):
                continue  # "police said": a source, not a party
            code = self.countries.from_adjective(m["dem"]) if m["dem"] else None
            if word == "forces" and not code:
                continue  # bare "forces" is too vague without a demonym
            code = code or country
            name = country_name(code) if code else None
            if not name:
                continue
            if "police" in word:
                yield m.start(), f"Police Forces of {name}"
            elif word == "security forces":
                yield m.start(), f"Security Forces of {name}"
            else:
                yield m.start(), f"Military Forces of {name}"

    def _sides_in_order(self, body: str, country: str | None, named: Sequence[Actor]) -> list[str]:
        """The armed parties of a passage in order of appearance: the one
        named first is usually the subject ("The army recaptured the town
        from insurgents")."""
        found: list[tuple[int, str]] = list(self._state_forces(body, country))
        for a in named:
            found += [(m.start(), a.name) for m in re.finditer(re.escape(a.name), body)]
        cname = country_name(country) if country else None
        unidentified = (
            f"Unidentified Armed Group ({cname})" if cname else "Unidentified Armed Group"
        )
        found += [(m.start(), unidentified) for m in _PERPETRATORS.finditer(body)]
        return list(dict.fromkeys(label for _, label in sorted(found)))

    def _state_near_trigger(self, text: str, cluster: _Cluster, country: str | None) -> str | None:
        """ "Israeli airstrikes": a demonym right before the trigger."""
        for h in cluster.hits:
            before = text[max(0, h.start - 30) : h.start]
            for pattern in (_ADJ_RIGHT_BEFORE, _ADJ_ONE_WORD_BEFORE):
                m = pattern.search(before)
                code = self.countries.from_adjective(m.group(1)) if m else None
                if code:
                    return f"Military Forces of {country_name(code)}"
        return None

    def _side(self, part: str, country: str | None, named: Sequence[Actor]) -> str | None:
        part = part.strip()
        for a in named:
            if a.name.lower() in part.lower():
                return a.name
        state = self._state_actor(part, country)
        if state:
            return state
        group = _GROUP_NAME.search(part)
        if group:
            return " ".join(group.group().split())
        if _PERPETRATORS.search(part):
            cname = country_name(country) if country else None
            return f"Unidentified Armed Group ({cname})" if cname else "Unidentified Armed Group"
        return None


def _shifted(d: DateMention, offset: int) -> DateMention:
    """A date mention found in a substring, moved to document offsets."""
    return DateMention(
        d.start + offset, d.end + offset, d.text, d.date, d.last, d.precision, d.relative
    )


def _dates_agree(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    return a.date <= b.last and b.date <= a.last


def _decide_type(family: str, hits: Sequence[_Hit]) -> tuple[str, str]:
    """Event type and sub-type of a cluster from all its triggers."""
    if family.startswith("strategic:"):
        return STRATEGIC, family.partition(":")[2]
    specific = [h.trigger for h in hits if h.trigger.strength == "specific"]
    acts = [h.trigger for h in hits if h.trigger.strength == "act"]
    if acts and not specific:
        # "Fighting west of Barh killed two": the fighting says what it was.
        acts += [
            h.trigger
            for h in hits
            if h.trigger.event_type in (BATTLES, EXPLOSIONS)
            and h.trigger.strength == "generic"
            and not h.trigger.sub_type.startswith("Remote")
            and "fight"
            in h.sentence.text[h.start - h.sentence.start : h.end - h.sentence.start].lower()
        ]
    triggers = specific or acts or [h.trigger for h in hits]
    flags = {t.flag for t in triggers}
    if any(t.sub_type == "Arrests" for t in triggers):
        flags.add("intervention")
    types = [t.event_type for t in triggers]
    if family == "protest":
        if "mob" in flags:
            return RIOTS, "Mob violence"
        violent = (
            "violent" in flags
            or "destruction" in flags
            or any(t.event_type == BATTLES for t in triggers)
        )
        if violent:
            return RIOTS, "Violent demonstration"
        if "excessive" in flags:
            return PROTESTS, "Excessive force against protesters"
        if "intervention" in flags:
            return PROTESTS, "Protest with intervention"
        return PROTESTS, "Peaceful protest"
    # Method beats target: an assassination by drone is an air/drone strike.
    for event_type in (EXPLOSIONS, BATTLES, VIOLENCE, STRATEGIC):
        if event_type in types:
            subs = [t.sub_type for t in triggers if t.event_type == event_type]
            if event_type == EXPLOSIONS:
                order = EVENT_TYPES[EXPLOSIONS]
                ranked = ("Suicide bomb", "Air/drone strike", *order)
                return event_type, next(s for s in ranked if s in subs)
            if event_type == BATTLES:
                for s in ("Government regains territory", "Non-state actor overtakes territory"):
                    if s in subs:
                        return event_type, s
                return event_type, "Armed clash"
            if event_type == VIOLENCE:
                for s in ("Sexual violence", "Abduction/forced disappearance"):
                    if s in subs:
                        return event_type, s
                return event_type, "Attack"
            return event_type, subs[0]
    return triggers[0].event_type, triggers[0].sub_type


def find_incidents(
    text: str,
    *,
    mentions: Sequence[Mention],
    actors: Sequence[Actor] = (),
    published: dt.date | None = None,
    source: str | None = None,
    countries: Countries,
    sentences: Sequence[Sentence] | None = None,
    dates: Sequence[DateMention] | None = None,
    focus: Place | None = None,
    include_background: bool = False,
) -> list[Finding]:
    """Incidents of one document, in text order, with remarks.

    ``mentions`` and ``actors`` come from the geoparser and
    :func:`geomap.events.actors.find_actors`; ``focus`` (the dateline place) is the
    fallback location of events the text does not place.
    """
    finder = IncidentFinder(countries)
    found = finder.find(
        text,
        mentions=mentions,
        actors=actors,
        published=published,
        source=source,
        sentences=sentences,
        dates=dates,
        focus=focus,
    )
    return [f for f in found if include_background or not f.background]


_TOWN_BEFORE = re.compile(r"\b(?:town|city|village|hamlet)\s+of\s+$", re.IGNORECASE)
_ADMIN1_AFTER = re.compile(r"^\s+(?:province|governorate|state|region|oblast)\b", re.I)
_ADMIN2_AFTER = re.compile(r"^\s+(?:district|county|municipality|department)\b", re.I)


def _refine(m: Mention, before: str, after: str) -> Place:
    """The candidate the words around a mention ask for: "the town of
    Nabatieh" is the town, "Kunduz province" the province."""
    assert m.place is not None
    want: tuple[str, ...] = ()
    if _TOWN_BEFORE.search(before):
        want = (Kind.CITY,)
    elif _ADMIN1_AFTER.match(after):
        want = (Kind.ADMIN1, Kind.REGION)
    elif _ADMIN2_AFTER.match(after):
        want = (Kind.ADMIN2,)
    if not want or m.place.kind in want:
        return m.place
    for cand in m.candidates:
        if cand.kind in want and cand.country_code == m.place.country_code:
            return cand
    return m.place


def _document_place(
    mentions: Sequence[Mention], actors: Sequence[Actor]
) -> tuple[Place | None, int | None, str | None, str | None]:
    """The last resort for an event the text does not place: the finest
    place the document names (outside actors' names), else the country of a
    demonym ("Kenyan police"), at a precision that says how little is known."""
    actor_spans = [sp for a in actors for sp in a.spans if a.kind != "government"]
    placed = [
        m
        for m in mentions
        if m.place is not None
        and not m.inferred
        and not any(s <= m.start < e for s, e in actor_spans)
    ]
    named = [m for m in placed if not m.demonym]
    if named:
        best = max(
            named,
            key=lambda m: (_KIND_RANK.get(Kind(m.place.kind), 0.0) if m.place else 0.0, -m.start),
        )
        assert best.place is not None
        how = f"'{best.text}' (named in the text, not in the event's sentences)"
        return best.place, max(2, best.place.precision), best.place.name, how
    demonyms = [m for m in placed if m.place is not None and m.place.kind == Kind.COUNTRY]
    if demonyms:
        place = demonyms[0].place
        assert place is not None
        return place, 3, place.name, f"'{demonyms[0].text}' (only the country is known)"
    return None, None, None, None


def _places_agree(a: Place | None, b: Place | None) -> bool:
    """Could two places be the scene of one event? Same place, one inside
    the other's country or region, or within 60 km."""
    if a is None or b is None or a.id == b.id:
        return True
    if a.country_code != b.country_code:
        return False
    coarse = (Kind.COUNTRY, Kind.ADMIN1, Kind.REGION)
    if a.kind == Kind.COUNTRY or b.kind == Kind.COUNTRY:
        return True
    if a.kind in coarse or b.kind in coarse:
        return (
            (a.admin1_code or "") == (b.admin1_code or "")
            or a.kind == Kind.REGION
            or (b.kind == Kind.REGION)
        )
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) < 60
