"""The coding decisions: an event's type and sub-type from its triggers and
the words around them, as ACLED's codebook defines them.

Method beats target (an assassination by drone is an air/drone strike);
violence against armed, organised men is a battle; violence by an
unorganised group is mob violence; a protest turns into a riot when the
crowd is violent or destructive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Actor
from .cues import (
    _FORCES,
    _MOB_AGENT,
    _ORGANISED,
    _SMALL_ARMS,
    _UNORGANISED_CLASH,
    _w,
    armed_target,
)
from .hits import _Cluster, _Hit
from .taxonomy import BATTLES, EVENT_TYPES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VIOLENCE

__all__ = [
    "attack_on_civilians",
    "crowd_destruction",
    "decide_type",
    "explosion_with_fire",
    "mob_reason",
    "one_sided_battle",
    "unarmed_ambush",
]


def mob_reason(body: str, cluster: _Cluster, actors: Sequence[Actor]) -> str | None:
    """Is the violence of this passage done by an unorganised group?"""
    spans = [(s.start, s.end) for s in cluster.sentences.values()]
    if _ORGANISED.search(body) or any(
        a.kind == "armed_group" and any(s <= x < e for x, _ in a.spans for s, e in spans)
        for a in actors
    ):
        return None
    if _MOB_AGENT.search(body) or any(_crowd_subject(h) for h in cluster.hits):
        return "violence by a crowd or group"
    if _UNORGANISED_CLASH.search(body):
        return "clashes between unarmed groups"
    if _WITCHCRAFT.search(body):
        return "mob justice against people accused of witchcraft"
    return None


# Killings of people accused of witchcraft are the work of their neighbours:
# ACLED codes them as mob violence (mob justice) when no armed group is named.
_WITCHCRAFT = re.compile(r"\b(?:witch(?:es|craft)?|sorcer(?:y|er|ers|ess)|wizards?)\b", re.I)


def crowd_destruction(body: str, cluster: _Cluster, actors: Sequence[Actor]) -> bool:
    """Is this looting or destruction the work of an unorganised crowd?

    ACLED codes vandalism, arson and looting by rioters or a mob (students,
    supporters, residents) as a riot; only armed, organised groups or
    state forces destroying property make a strategic development.
    """
    spans = [(s.start, s.end) for s in cluster.sentences.values()]
    if _ORGANISED.search(body) or _FORCES.search(body):
        return False
    if any(
        a.kind == "armed_group" and any(s <= x < e for x, _ in a.spans for s, e in spans)
        for a in actors
    ):
        return False
    return bool(_CROWD_WORD.search(body))


_CROWD_WORD = re.compile(rf"\b{_w('unorganised')}\b", re.IGNORECASE)


# Gunfire that follows or answers a blast: "followed by small arms fire",
# "opened fire after the explosion".
_GUNFIRE = re.compile(
    r"\b(?:opened\s+fire|(?:small[- ]arms|automatic|heavy)\s+(?:weapons\s+)?fire|gunshots|"
    r"fired\s+(?:\w+\s+){0,3}?(?:at|on|upon|back)|shoot-?outs?|exchanged\s+fire)\b",
    re.IGNORECASE,
)


def explosion_with_fire(sub_type: str, body: str) -> bool:
    """Is this explosive attack part of an armed clash?

    Shelling together with small-arms fire is a battle; so is a grenade or
    an IED with gunfire when armed men are the targets (ACLED: "the attack
    was initiated by an IED, followed by small arms fire" on a patrol).
    """
    if sub_type == "Shelling/artillery/missile attack":
        return bool(_SMALL_ARMS.search(body))
    return bool(_SMALL_ARMS.search(body) or _GUNFIRE.search(body)) and armed_target(body)


def unarmed_ambush(hits: Sequence[_Hit], body: str) -> bool:
    """Is this battle only an ambush of people not named as armed?

    ACLED: an ambush of soldiers or a patrol is a battle, but "gunmen
    ambushed a bus" or "ambushed a man and his children" is an attack on
    civilians. Forces in the passage, ambushing or ambushed, keep it a
    battle ("police ambushed the gang", "an escorted convoy").
    """
    battle = [
        h for h in hits if h.trigger.event_type == BATTLES and h.trigger.strength == "specific"
    ]
    return (
        bool(battle)
        and all(_text_of(h).lower().startswith("ambush") for h in battle)
        and not armed_target(body)
        and not _FORCES.search(body)
    )


# Armed men as the subject of an attack on civilians named as such
# ("raiders killed four civilians", "the militia attacked civilians").
_ATTACK_ON_CIVILIANS = re.compile(
    r"\b(?:gunmen|militants|insurgents|assailants|attackers|armed\s+men|fighters|jihadists|"
    r"militiam[ae]n|militias?|rebels|raiders|bandits)\s+(?:\w+\s+){0,2}?"
    r"(?:attack\w*|kill\w*|shot|shoot\w*|massacr\w*|target\w*|abduct\w*|kidnap\w*)\s+"
    r"(?:and\s+\w+\s+)?(?:\w+\s+){0,3}?civilians\b",
    re.IGNORECASE,
)


def attack_on_civilians(body: str) -> bool:
    """Is this battle armed men attacking civilians, the clashes only its setting?

    ACLED: an armed group attacking unarmed people who do not fight back is
    violence against civilians, even when the report speaks of "clashes" or
    "ethnic fighting" around it. Forces or armed targets in the passage
    keep it a battle.
    """
    return (
        bool(_ATTACK_ON_CIVILIANS.search(body))
        and not armed_target(body)
        and not _FORCES.search(body)
    )


def one_sided_battle(hits: Sequence[_Hit], body: str) -> str | None:
    """Why this armed clash is violence against civilians, if it is."""
    if unarmed_ambush(hits, body):
        return "an ambush of people not named as armed"
    if attack_on_civilians(body):
        return "armed men attacking civilians"
    return None


def decide_type(family: str, hits: Sequence[_Hit]) -> tuple[str, str]:
    """Event type and sub-type of a cluster from all its triggers."""
    if family.startswith("strategic:"):
        return STRATEGIC, family.partition(":")[2]
    specific = [h.trigger for h in hits if h.trigger.strength == "specific"]
    acts = [h.trigger for h in hits if h.trigger.strength == "act"]
    if acts and not specific:
        # "Fighting west of Barh killed two": the fighting says what it was;
        # "an explosion went off, killing three": the method beats the target.
        acts += [
            h.trigger
            for h in hits
            if h.trigger.strength == "generic"
            and (
                h.trigger.event_type == EXPLOSIONS
                or (h.trigger.event_type == BATTLES and "fight" in _text_of(h).lower())
            )
        ]
    triggers = specific or acts or [h.trigger for h in hits]
    flags = {t.flag for t in triggers}
    if any(h.trigger.sub_type == "Arrests" and not _arrest_is_cause(h) for h in hits):
        flags.add("intervention")
    types = [t.event_type for t in triggers]
    if family == "protest":
        if "mob" in flags:
            return RIOTS, "Mob violence"
        violent = (
            "violent" in flags
            or "destruction" in flags
            or any(t.event_type == BATTLES for t in triggers)
            or any(_crowd_act(h, hits) for h in hits)
        )
        if violent:
            if _crowd_without_demonstration(hits):
                return RIOTS, "Mob violence"
            return RIOTS, "Violent demonstration"
        if "excessive" in flags or any(_force_on_crowd(h) for h in hits):
            return PROTESTS, "Excessive force against protesters"
        if "intervention" in flags:
            return PROTESTS, "Protest with intervention"
        return PROTESTS, "Peaceful protest"
    # Method beats target: an assassination by drone is an air/drone strike.
    for event_type in (EXPLOSIONS, BATTLES, VIOLENCE, STRATEGIC):
        if event_type in types:
            subs = [t.sub_type for t in triggers if t.event_type == event_type]
            if event_type == EXPLOSIONS and any(
                t.event_type == BATTLES and t.strength == "specific" and not t.flag
                for t in triggers
            ):
                # A bomb or grenade that opens a gunfight ("the ambush began
                # with an IED", "clashes amid shelling") is an armed clash.
                return BATTLES, "Armed clash"
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
                if "Sexual violence" in subs:
                    return event_type, "Sexual violence"
                # An abduction in an attack that also hurts people ("shot
                # a man and abducted his son", "beaten and kidnapped") is
                # an attack; the abduction alone is a disappearance.
                if "Abduction/forced disappearance" in subs and not any(
                    h.trigger.event_type == VIOLENCE
                    and h.trigger.sub_type == "Attack"
                    and h.trigger.strength in ("act", "specific")
                    and _HARM.search(_text_of(h))
                    for h in hits
                ):
                    return event_type, "Abduction/forced disappearance"
                return event_type, "Attack"
            return event_type, subs[0]
    return triggers[0].event_type, triggers[0].sub_type


# "protested against the arrest of", "demanded the release of those
# detained": the arrest is the protest's cause, not the police's answer to it.
_ARREST_CAUSE = re.compile(
    r"\b(?:against|over|following|release\s+of|demand\w*|denounc\w*|condemn\w*|who|those|"
    r"unjust|illegal|wrongful|arbitrary)\b(?:\s+[\w'’()-]+){0,6}?\s*$",
    re.IGNORECASE,
)


def _arrest_is_cause(hit: _Hit) -> bool:
    before = hit.sentence.text[: hit.start - hit.sentence.start]
    return bool(_ARREST_CAUSE.search(before[-70:]))


def _text_of(hit: _Hit) -> str:
    offset = hit.sentence.start
    return hit.sentence.text[hit.start - offset : hit.end - offset]


# The sentence opens with a crowd as its subject ("Residents of a village
# near the river captured two thieves and beat them"), after at most a
# dated heading ("On 3 May,"), and the act that follows is theirs: no
# passive, no clause that could bring in another agent.
_CROWD_SUBJECT = re.compile(
    r"^(?:(?:on\s+)?[^,\d]{0,20}\d[^,]{0,20},\s*)?(?:an?\s+|the\s+|some\s+|angry\s+|irate\s+)*(?:[\w-]+\s+)?"
    + _w("unorganised")
    + r"\b(?:(?!(?:was|were|is|are|been|being|by|when|after|as|who|which|while|before|"
    r"because|that|police|officers?)\b)[^.;:])*$",
    re.IGNORECASE,
)


def _crowd_subject(hit: _Hit) -> bool:
    if hit.trigger.event_type != VIOLENCE or hit.trigger.strength not in ("act", "specific"):
        return False
    if _PASSIVE_HIT.match(_text_of(hit)):
        return False
    before = hit.sentence.text[: hit.start - hit.sentence.start]
    return bool(_CROWD_SUBJECT.match(before))


_PASSIVE_HIT = re.compile(r"(?:was|were|is|are|been|got)\b", re.IGNORECASE)


# Words of the protest itself: violence named after them is what the protest
# is about ("marched against the killing", "a sit-in for two teachers
# assaulted last week"), not the crowd's own act.
_PROTEST_WORD = re.compile(
    r"\b(?:protest(?!(?:e|o)rs)\w*|demonstrat(?!ors)\w*|march(?!ers)\w*|rall(?:y|ies|ied)|"
    r"sit-ins?|strik(?!ers)\w*|vigils?|"
    r"solidarity|memory|anniversary|justice)\b",
    re.IGNORECASE,
)
# Violence named as a noun ("the killing", "an assault by pupils") is no
# act of the sentence's subject.
_NOUN_ACT = re.compile(
    r"\w+(?:ings?|ions?|ment)\b|(?:attack|assault|abuse|rape)s?\b|bod(?:y|ies)\b|gunshot|bullet",
    re.I,
)


def _crowd_act(hit: _Hit, hits: Sequence[_Hit]) -> bool:
    """Does the crowd of a protest do this violence itself ("Students
    attacked two teachers and marched to the office", "demonstrators burnt
    a car and injured a journalist")?"""
    if hit.trigger.event_type != VIOLENCE or hit.trigger.strength not in ("act", "specific"):
        return False
    before = hit.sentence.text[: hit.start - hit.sentence.start]
    if _NOUN_ACT.match(_text_of(hit)) or _PASSIVE_HIT.match(_text_of(hit)):
        return False
    if _THEY.match(before):
        # "They" are the crowd unless forces were the last ones named:
        # "Police dispersed the crowd. They beat a man."
        last = [h.sentence for h in hits if h.sentence.index == hit.sentence.index - 1]
        if not last or _FORCES.search(last[0].text):
            return False
    elif not _crowd_subject(hit):
        return False
    return not _PROTEST_WORD.search(before) and not _UNKNOWN.search(before)


# "They stoned a bus": in a protest's passage, the crowd.
_THEY = re.compile(r"^they\s+(?:\w+\s+){0,2}$", re.I)
# "Unknown people attacked the campaigners": strangers, not the crowd.
_UNKNOWN = re.compile(r"\b(?:unknown|unidentified|armed|masked|suspected)\b", re.I)


# Killing, shooting or wounding the demonstrators: ACLED's "excessive force
# against protesters" when the crowd itself was not violent.
_HARM = re.compile(
    r"(?:kill|shot|shoot|open(?:ed|s)?\s+fire|fired\s+(?:live|on|at)|wound|injur|beat|clobber)",
    re.IGNORECASE,
)
_BY_FORCES = re.compile(
    r"\b(?:police\w*|officers?|soldiers|troops|army|military|security\s+(?:forces|services|personnel)|"
    r"gendarmes?|forces|guards?)\b",
    re.IGNORECASE,
)


def _force_on_crowd(hit: _Hit) -> bool:
    if hit.trigger.event_type != VIOLENCE or hit.trigger.strength not in ("act", "specific"):
        return False
    text = _text_of(hit)
    if _NOUN_ACT.match(text) or not _HARM.match(text):
        return False
    before = hit.sentence.text[: hit.start - hit.sentence.start]
    after = hit.sentence.text[hit.end - hit.sentence.start :]
    if _CAUSE_BEFORE.search(before) or _CAUSE_AFTER.match(after) or _IN_THE_AIR.match(after):
        return False
    return bool(_BY_FORCES.search(hit.sentence.text))


# The harm the protest is about: "demonstrated after police shot a driver",
# "demanding justice for a pupil beaten by police", "a man shot dead by
# police, which led to protests".
_CAUSE_BEFORE = re.compile(
    r"\b(?:against|over|after|following|justice\s+for|denounc\w*|condemn\w*|who|whose|which|"
    r"that|protest\w*\s+(?:the|a))\b[^,;:]*$",
    re.IGNORECASE,
)
_CAUSE_AFTER = re.compile(
    r"^[^.;]*?\b(?:led\s+to|sparked|prompted|triggered|provoked|held\s+(?:a\s+)?(?:protest|demonstration|march))",
    re.IGNORECASE,
)
# Warning shots: "shot in the air" (an intervention, not force on the crowd).
_IN_THE_AIR = re.compile(r"^\s+(?:\w+\s+)?(?:in|into|to)\s+the\s+air\b", re.IGNORECASE)


# A demonstration's own tactics: barricades, burning tyres, blocked roads,
# damaged property. Without them, and without any word of a demonstration
# or a riot, a crowd stoning or attacking people is a mob.
_DEMONSTRATION_TACTIC = re.compile(
    r"barricad|tyre|tire|bonfire|block|propert|vandal|burn|ballot|mutin|riot|violent|window|smash|"
    r"rampag",
    re.IGNORECASE,
)


def _crowd_without_demonstration(hits: Sequence[_Hit]) -> bool:
    """Is this violence of a crowd that shows no sign of a demonstration
    ("youths pelted the police with stones", "rival supporters clashed")?"""
    if any(h.trigger.event_type == PROTESTS for h in hits):
        return False
    if any(_DEMANDS.search(h.sentence.text) for h in hits):
        return False  # "stormed the offices demanding their pay": a demonstration
    return not any(
        _DEMONSTRATION_TACTIC.search(_text_of(h)) for h in hits if h.trigger.family == "protest"
    )


_DEMANDS = re.compile(
    r"\b(?:demand\w*|strik(?:e|es|ing)|protest\w*|demonstrat\w*|march\w*|placards?|"
    r"petition\w*|walk-?outs?|grievances?)\b",
    re.IGNORECASE,
)
