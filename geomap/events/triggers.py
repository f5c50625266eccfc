"""Triggers: the words that report an event, mapped to ACLED's types.

A trigger found in a sentence is skipped when it is the object of a
reaction ("condemned the attack"), hypothetical ("threatening to storm"),
negated ("no clashes") or a false friend ("markets rallied")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import GeomapError
from .cues import _PERPETRATORS
from .taxonomy import BATTLES, EVENT_TYPES
from .vocabulary import load


@dataclass(frozen=True, slots=True)
class _Trigger:
    event_type: str
    sub_type: str
    strength: str  # specific | act (an event alone, but joins a nearby one) | generic
    family: str  # violence | protest | strategic:<sub type>
    flag: str = ""  # protest modifiers: intervention | excessive | violent | territory
    crowd: bool = False  # only with a crowd or protest in the passage


# The lexicon lives in data/triggers.toml: one [[trigger]] per group of
# patterns, in order (at one position the earlier entry wins).
def _checked(entry: dict[str, Any]) -> dict[str, Any]:
    """A trigger entry whose type and sub-type are ACLED's."""
    sub_types = EVENT_TYPES.get(entry.get("event_type", ""), ())
    if entry.get("sub_type") not in sub_types or not entry.get("patterns"):
        raise GeomapError(
            f"triggers.toml: bad entry {entry.get('event_type')!r}/{entry.get('sub_type')!r}"
        )
    return entry


_LEXICON: tuple[tuple[str, _Trigger], ...] = tuple(
    (
        "|".join(entry["patterns"]),
        _Trigger(
            entry["event_type"],
            entry["sub_type"],
            entry["strength"],
            entry["family"],
            entry.get("flag", ""),
            entry.get("crowd", False),
        ),
    )
    for entry in map(_checked, load("triggers")["trigger"])
)
_TRIGGERS = [t for _, t in _LEXICON]
_ARMED_STORMING = _Trigger(BATTLES, "Armed clash", "generic", "violence")
_ARMED_STATE = re.compile(r"\b(?:troops|soldiers|commandos|special\s+forces)\b", re.I)
# (mutineers, soldiers or police rising against their command, are a crowd)
_CROWD = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall\w*|riot\w*|crowds?|mobs?|mutin\w*)\b", re.I
)
# A crowd in the passage: what a "crowd" trigger needs ("police intervened").
_CROWD_NEAR = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies)|riot\w*|crowds?|mobs?|marche[sd]|marchers|"
    r"sit-ins?|strik(?:e|es|ers|ing)|gather\w*|supporters|students)\b",
    re.I,
)


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
    # (a pattern that ends on a space, "executes 15 ", has its word boundary)
    + r")(?:(?!\w)|(?<=\s))",
    re.IGNORECASE,
)

# Reaction words: a trigger after one of these in its sentence is the
# object of a reaction, not a report.
_REACTION = re.compile(
    r"\b(?:condemn\w*|denounc\w*|deplor\w*|prais\w*|welcom\w*|critici[sz]\w*|blam\w*|"
    r"mourn\w*|investigat\w*|an\s+investigation|call(?:ed|s|ing)?\s+(?:for|on)|urg\w*|"
    r"responsible\s+for|sympath\w*|condolences|"
    r"apologi[sz]\w*|vowed|pledged\s+to|warn(?:ed|s|ing)\s+(?:of|against|that)|"
    r"den(?:y|ies|ied)|rejected\s+(?:reports|claims)|"
    r"publicly|verbally)\b",
    re.IGNORECASE,
)
# Hypothetical or future: the event has not happened.
_MODAL = re.compile(
    r"\b(?:will|would|could|might|(?-i:may)|should|shall|threat\w*\s+to|plan\w*\s+to|"
    r"intend\w*\s+to|prepar\w*\s+to|vow\w*\s+to|unless|if|avoid|prevent\w*|"
    # ("May" is the month: "in May reportedly staged a protest".)
    # "fears of clashes", but "feared dead after an attack" reports deaths.
    r"fear(?:s|ing|ful)?|feared(?!\s+(?:dead|killed|drowned))|"
    r"escalate\s+into|resort\s+to|risk\s+of|in\s+case\s+of|calls?\s+for|"
    r"ahead\s+of|planned|upcoming)\b",
    re.IGNORECASE,
)
# A possible event: the word qualifies the trigger itself ("a possible
# attack"), not a noun before it ("a gang with possible links to X attacks").
_MAYBE = re.compile(r"\b(?:possible|potential)\b", re.IGNORECASE)
# Financial "rallies" are not protests.
_NOT_PROTEST = re.compile(
    r"\b(?:stocks?|shares|markets?|pound|dollar|euro|currency|prices|oil|index|bonds?|"
    r"futures|gold|equities|lira|rupee|yen)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# (a parenthesis too: "(date unclear) fighting broke out")
_CLAUSE = re.compile(r"[,;:—–()]|\bbut\b|\bwhich\b|\bwho\b|\bwhen\b")
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
    r"\b(?:killed|killing|kills|dead|died|death|deaths|slain|injured|injuring|injures|injuries|"
    r"wounded|wounding|hurt|unharmed|casualties|causalities|fatality|fatalities|victims|"
    r"damage[ds]?|destroyed|shattered|wounds|"
    # harm stated otherwise: "another person dies", "a deadly attack", "houses razed"
    r"dies|deadly|razed|burnt|burned)\b",
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
    # (not across a verb of its own: "a man suspected of theft is lynched")
    # ("Suspected members of a gang kill a woman": the adjective opening a sentence)
    r"\b(?:suspicion|(?-i:suspected)|accus\w*)\s+(?:\w+\s+){0,2}?(?:of|for)\s+"
    r"(?:(?!(?:is|was|were|are|has|have|had|got|gets)\b)\w+\s+){0,3}?(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
# A protest's cause: "protested the burning of two villages", "marched
# against the lynching of a trader", "demonstrations in response to the
# clashes". That violence came before; the event reported is the protest.
# Only nouns are causes: a verb after the protest ("protested and burnt
# tyres", "a protest over fees turned into clashes") is the crowd's own act.
_PROTEST_CAUSE = re.compile(
    r"(?:\b(?:protest\w*|demonstrat\w*|march\w*|rall(?:y|ies|ied)|sit-ins?|strikes?|"
    r"petition\w*)\s+(?:(?:on|in|at)\s+[\w'’-]+\s+){0,2}(?:against|over|at|about|following|in\s+(?:response|reaction)\s+to|"
    r"in\s+solidarity\s+with|to\s+(?:denounce|condemn|decry|protest|mourn)|"
    r"demanding\s+justice\s+for)"
    r"|\bprotest(?:ed|ing|s)?(?=\s+(?:the|a|an|his|her|their|recent|alleged)\b)"
    r"|\bin\s+(?:response|reaction|protest)\s+(?:to|against|at|over))"
    r"(?:\s+(?!(?:and|but|then|before|when|while|where|which|who|whom|that|as|"
    r"turned|degenerated|descended|resulted|ended|led|sparked|erupted|escalated|broke|marred|"
    r"with|were|was|is|are)\b)[\w'’-]+){0,8}\s+$",
    re.IGNORECASE,
)
# Weapons held, not used: "seized two rifles and a grenade", "a militant
# armed with a hand grenade", "a cache of explosives".
_POSSESSED = re.compile(
    r"\b(?:seiz(?:ed|ing|es)|recover(?:ed|ing|s)?|confiscat\w+|caches?\s+of|armed\s+with|"
    r"equipped\s+with|in\s+possession\s+of|stockpiles?\s+of|haul\s+of)"
    r"(?:\s+(?!(?:after|when|while|as|before|dead|killed|exploded|detonated|went|struck|hit|was|were)\b)[\w,'’()-]+){0,8}?\s+$",
    re.IGNORECASE,
)
# Triggers that are nouns ("the killing", "clashes", "a mob"), not verbs.
_NOMINAL = re.compile(
    r"(?:\w+ings?|\w+ions?|clashes|clash(?!\s+with)|attacks?|mobs?|riots?|raids?|murders?|rapes?|violence|"
    r"(?:running\s+)?battles?|massacres?|arson|vandalism|lynch\w*)\b",
    re.IGNORECASE,
)


def _protest_cause(trigger: _Trigger, before: str, text: str) -> bool:
    """Is this violence (``text`` starts with it) the cause a protest is
    about, not an act of its own?"""
    if trigger.family == "protest" and trigger.flag not in ("violent", "mob"):
        return False
    clause = re.split(r"[,;:]", before[-90:])[-1]
    if re.search(r"\bby\s+$", clause):
        return False  # "protested the eviction by burning tyres": the means, not the cause
    return bool(_NOMINAL.match(text)) and bool(_PROTEST_CAUSE.search(clause))


_FUTURE = re.compile(r"\b(?:will|going\s+to|plans?\s+to|is\s+expected\s+to)\b", re.I)


def reported(before: str, word: str, after: str) -> bool:
    """Whether the trigger ``word``, with ``before`` it in its sentence and
    ``after`` it (the next 40 characters), reports an event: not the object
    of a reaction, not suspected, hypothetical or negated."""
    clause = _CLAUSE.split(before)[-1]
    if _reacted_to(re.split(r"[,;:]", before[-70:])[-1]) or _SUSPECTED.search(before[-45:]):
        return False  # "condemned the attack", "blamed him for the clashes"
    if word.lower().startswith("rall") and _NOT_PROTEST.search(before[-30:]):
        return False  # "markets rallied", "the pound rallied"
    if _MODAL.search(" ".join(clause.split()[-5:])) or _MAYBE.search(" ".join(clause.split()[-2:])):
        return False  # "threatening to storm", "could escalate into fighting"
    if _NEGATION.search(" ".join(clause.split()[-2:])):
        return False  # "no clashes", "without violence"
    # "another rally will be held next week"; but a verb in the past tense
    # reports what happened ("protested that they could not be paid").
    return word.lower().endswith("ed") or not _MODAL_AFTER.match(after)


# A verb of its own between a reaction word and the trigger: the trigger is
# that verb's, not the reaction's object ("the Criminal Investigations officer
# was shot dead", "was denied entry, which sparked violent protests").
_OWN_PREDICATE = re.compile(
    r"\b(?:was|were|is|are|been|which)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)


def _reacted_to(window: str) -> bool:
    """Whether the trigger after ``window`` is the object of a reaction."""
    ends = [m.end() for m in _REACTION.finditer(window)]
    return bool(ends) and not _OWN_PREDICATE.search(window, ends[-1])


# Headline grammar. Headlines and wire notes drop articles and use the
# present tense: "Attack on a village by militiamen", "Cattle raid against
# herders", "Gunmen attack woman", "Armed gang attacks activist". There the
# bare noun or the verb reports the event, where in prose "an attack" may be
# a reference or a fear.
_DETERMINER = (
    r"(?:a|an|the|this|that|these|those|its|their|his|her|our|one|another|no|any|each|"
    r"every|such|what|which|of|in|on|at|for|to|after|before|during|following|against)"
)
# A bare singular noun that opens the sentence, at most two modifiers before
# it ("Knife attack on a guard", "Dawn arson attack").
_OPENING = re.compile(rf"^\s*(?:(?!{_DETERMINER}\b)[\w-]+\s+){{0,2}}$", re.IGNORECASE)
_NOUN_NEXT = re.compile(r"^\s*(?:(?:on|against|by|in|at|near)\b|[-–—:.]|$)", re.IGNORECASE)
# A verb's subject: a plural ("Gunmen", "youths"), a group or a name.
_SUBJECT = re.compile(
    rf"(?:\b(?!{_DETERMINER}\b|(?:its|his|this|was|is|has|as|us|thus|plus|bus|news)\b)"
    r"(?:\w+(?<!s)s|(?-i:[A-Z])[\w-]*)"
    r"|\b(?:group|gang|sect|mob|crowd|militia|youth|police|army|military|\w*men|people))"
    r"\s+$",
    re.IGNORECASE,
)
# A verb's bare object: a lowercase word that is no preposition, verb or
# compound ("attack helicopters", "attacks targeting", "raids continue").
_OBJECT = re.compile(
    r"^\s+(?!(?:on|in|at|by|against|from|of|and|or|but|as|for|to|with|near|into|onto|that|"
    r"which|who|was|were|is|are|has|have|had|will|would|could|may|might|can|continue[ds]?|"
    r"left|took|came|helicopters?|dogs?|ads?|aircraft|planes?|jets?|boats?|vehicles?|"
    r"rifles?|submarines?|squads?|teams?|mode|plans?|sites?|victims?|survivors?|vectors?|"
    r"surface|lines?|forces?|units?|rates?|numbers?|patterns?|this|last|yesterday|today|"
    r"tonight|overnight|since|during|after|before|while|when|where|there|here|also|too|"
    r"again|soon|late|early|now|then|"
    # words and policies are criticised, not attacked with force
    r"government|policy|policies|proposals?|decisions?|moves?|bills?|budgets?|laws?|critics|"
    r"opposition|media|press|reports?|rulings?|judges?|courts?|leadership|remarks|comments|"
    r"statements?|record)\b"
    r"|(?!(?:meeting|building|wedding|gathering|dwelling)s?\b)[\w-]+(?:ing|ed)\b)"
    r"(?-i:[a-z])[\w-]+",
    re.IGNORECASE,
)
_HEADLINE_NOUNS = frozenset({"attack", "raid", "assault", "explosion", "blast"})
_HEADLINE_VERBS = frozenset({"attack", "attacks", "raid", "raids", "assault", "assaults"})


def headline_act(before: str, word: str, after: str) -> bool:
    """Whether a generic trigger is an event report in headline grammar:
    a bare noun opening the sentence ("Attack on a village by gunmen") or
    a present-tense verb with its subject and bare object ("Gunmen attack
    woman")."""
    w = word.lower()
    if w in _HEADLINE_NOUNS and _OPENING.match(before) and _NOUN_NEXT.match(after):
        return True
    return w in _HEADLINE_VERBS and bool(_SUBJECT.search(before)) and bool(_OBJECT.match(after))
