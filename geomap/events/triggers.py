"""Triggers: the words that report an event, mapped to ACLED's types.

A trigger found in a sentence is skipped when it is the object of a
reaction ("condemned the attack"), hypothetical ("threatening to storm"),
negated ("no clashes") or a false friend ("markets rallied")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import _PERPETRATORS
from .taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VIOLENCE


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
