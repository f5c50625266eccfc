"""Cues that decide who took part in an event and what kind it was.

Armed, organised targets make violence a battle; unorganised agents make
it mob violence; state forces, claims and named groups make its actors."""

from __future__ import annotations

import re

from .vocabulary import alternation, words


def _w(key: str) -> str:
    """The word list ``key`` of data/words.toml as one group."""
    return alternation(words("words", key))


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
_PERPETRATORS = re.compile(rf"\b{_w('perpetrators')}\b", re.IGNORECASE)
_CIVILIANS = re.compile(rf"\b{_w('civilians')}\b", re.IGNORECASE)
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
_ARMED_PEOPLE = _w("armed_people")
_ARMED_PLACE = _w("armed_places")
# Mobs and clashes of unarmed people (ACLED's "Mob violence"): the agents
# are an unorganised group, and no armed, organised group takes part.
_UNORGANISED = _w("unorganised")
_MOB_AGENT = re.compile(
    r"\bby\s+(?:an?\s+)?(?:(?:angry|angered|irate|enraged|furious|outraged|incensed)\s+)?(?:group|crowd|gang|band|"
    r"number)s?\s+of\s+(?:[\w-]+\s+){0,3}?" + _UNORGANISED + r"\b"
    r"|\bby\s+(?:(?:angry|angered|irate|enraged|furious|outraged|incensed|local|some)\s+)?"
    r"(?:(?!(?:unknown|unidentified|suspected|armed|masked|\d+|two|three|four|five|several|"
    r"some|many)\b)[\w-]+\s+)?" + _UNORGANISED + r"\b"
    r"|(?:^|[.;:]\s+|,\s+)(?:an?\s+)?(?:(?:angry|angered|irate|enraged|furious|outraged|incensed)\s+)?(?:(?:group|crowd|"
    r"gang|band)s?\s+of\s+)?(?:[\w-]+\s+){0,2}?" + _UNORGANISED + r"\s+"
    # "Residents of Kisumu attacked", "Supporters of the new governor beat".
    r"(?:of\s+(?:[\w'’-]+\s+){1,5}?)?"
    # "Angry riders in Malindi on Saturday burnt": where and when, then the verb.
    r"(?:(?:in|at|near|on)\s+(?-i:[A-Z])[\w'’-]+\s+){0,2}"
    r"(?:(?!(?:were|was|are|is|have|had|been|being|got|in|at|of|from|to|on)\b)\w+\s+)?"
    r"(?:attack(?:ed|s)?|beat|lynch(?:ed|es)?|kill(?:ed|s)?|torch(?:ed|es)?|burn(?:ed|t|s)?|"
    r"ston(?:ed|es)|assault(?:ed|s)?|storm(?:ed|s)?|destroy(?:ed|s)?|vandali[sz](?:ed|es)|"
    r"set|hack(?:ed|s)?|injur(?:ed|es)|beat(?:s|en)?|assault(?:ed|s)?|loot(?:ed|s)?|ransack(?:ed|s)?|"
    r"smash(?:ed|es)?|damag(?:ed|es)|shatter(?:ed|s)?|broke|pelt(?:ed|s)?)\b(?!\s+by)",
    re.IGNORECASE,
)
_UNORGANISED_CLASH = re.compile(
    r"\b(?:clash\w*|fight\w*|fought|scuffle\w*|brawl\w*)\s+(?:\w+\s+){0,5}?(?:between|with|"
    r"among)\s+(?:\w+\s+){0,4}?" + _UNORGANISED + r"\b"
    r"|\b" + _UNORGANISED + r"\s+(?:\w+\s+){0,8}?(?:clash\w*|fought|scuffled|brawled)\b",
    re.IGNORECASE,
)
# Armed, organised actors: their presence makes violence a battle or an
# attack, not mob violence.
_ORGANISED = re.compile(rf"\b{_w('organised')}\b", re.IGNORECASE)
# Words between a verb and its object; "by", "when", "after" would make the
# armed men the agents ("killed by police", "injured when bandits attacked"),
# and so would "from", "attributed to", "linked to" ("an attack from a
# militia", "attacks blamed on rebels"). A place word makes them the
# setting ("killed a trader near the police post", "attacked a bar where
# soldiers drank") and a home or a family the victims' own ("attacked the
# house of a policeman", "shot the wife of a soldier"): civilians all.
_NOT_AGENT = (
    r"(?:(?!(?:by|when|after|during|as|while|before|because|from|attributed|blamed|linked|"
    r"claimed|carried|perpetrated|committed|near|outside|opposite|behind|beside|where|homes?|"
    r"houses?|residences?|famil(?:y|ies)|wi(?:fe|ves)|sons?|daughters?|relatives)\b)"
    r"[\w()/'’-]+\s+)"
)
_ARMED_TARGET = re.compile(
    r"\b(?:attack\w*|ambush\w*|raid(?:s|ed|ing)?|storm(?:s|ed|ing)|overr?an|assault\w*|"
    r"target(?:s|ed|ing)|fired\s+(?:[\w,/-]+\s+){0,8}?(?:at|on|upon)|opened\s+fire\s+(?:on|at)|"
    r"shot\s+at|clash\w*\s+with|engaged|encounter(?:s|ed)?)\s+(?:on\s+|against\s+|with\s+)?"
    rf"(?:(?:a|an|the|their|its|two|three|several|joint)\s+)?{_NOT_AGENT}{{0,3}}?"
    rf"(?:{_ARMED_PEOPLE}|{_ARMED_PLACE})\b"
    r"|\b(?:kill(?:s|ed|ing)?|shot|shoot(?:s|ing)?|wound(?:s|ed|ing)?|injur(?:es|ed|ing)|"
    r"captur(?:ed|ing)|battl(?:e|ed|ing)|engag(?:e|ed|ing)|assassinat(?:es|ed|ing)|"
    r"execut(?:es|ed|ing)|behead(?:s|ed|ing)|gun(?:s|ned)?\s+down|ambush(?:es|ed|ing))\s+"
    r"(?:at\s+least\s+)?"
    # ("killed six people described as militiamen")
    r"(?:(?:(?!by\b)\w+\s+)?(?:people|persons|men|individuals)\s+(?:described|identified|"
    r"believed\s+to\s+be)\s+(?:as\s+)?)?"
    rf"{_NOT_AGENT}{{0,5}}?(?:{_ARMED_PEOPLE}|{_w('armed_agents')}|"
    rf"{_w('suspected_fighters')})\b"
    # (The words between are no verb of the armed men's own nor a new
    # clause: "militants executed a man abducted in", "police suspect
    # that she was kidnapped".)
    rf"|\b(?:{_ARMED_PEOPLE}|{_ARMED_PLACE}|{_w('suspected_fighters')})\s+"
    r"(?:(?!(?:\w+ed|that|who|which|whom|she|he|they|it|when|after|before|while)\b)[\w,-]+\s+){0,4}?"
    r"(?:(?:were|was|had\s+been|"
    r"have\s+been|are|is|got)\s+(?:\w+\s+){0,3}?|(?:\w+\s+)?)(?:killed|wounded|injured|shot|"
    r"ambushed|attacked|kidnapped|abducted|overrun|targeted|shot\s+dead|died|murdered|"
    r"executed|assassinated|beheaded|gunned\s+down|hacked\s+to\s+death|(?:found|feared|confirmed|reported)\s+dead|"
    r"taken\s+hostage)\b"
    # "two soldiers killed and three wounded", but not "police shot and
    # killed a man" (the armed men are the agents).
    # ("militants killed at least nine": "at least" counts the victims.)
    r"(?=\s*(?:[,.;]|$|(?:in|at(?!\s+least)|near|by|during|when|after|while|on|overnight|of|from|as|twice|"
    r"thrice|repeatedly|several\s+times)\b"
    r"|and\b(?!\s+(?:\w+ly\s+|later\s+|then\s+)?(?:kill\w*|shot|hurt|beat|\w+ed|\w+ing)\s+"
    r"(?!(?:in|at|near|by|on|during|when|after|while|overnight)\b)\w)))"
    # Armed criminals as the objects of an attack or a pursuit: "police
    # attacked the raiders", "officers pursued the bandits".
    r"|\b(?:attack(?:s|ed|ing)?|pursu(?:e|es|ed|ing)|chas(?:e|es|ed|ing)|confront(?:s|ed|ing)?|"
    r"raid(?:s|ed|ing)?|engag(?:e|es|ed|ing))\s+"
    rf"(?:(?:a|an|the|their|two|three|several)\s+)?{_NOT_AGENT}{{0,2}}?"
    r"(?:raiders|bandits|gang(?:s|sters)|robbers|poachers|pirates|rustlers|criminals|thugs|"
    r"kidnappers|carjackers)\b"
    # Armed criminals killed by forces: "two robbers were shot dead by
    # police" (ACLED: forces against armed criminals is a battle).
    rf"|\b{_w('armed_agents')}\s+(?:[\w,-]+\s+){{0,6}}?(?:(?:were|was|had\s+been|have\s+been|"
    r"are|is|got)\s+)?(?:\w+\s+)?(?:killed|shot|shot\s+dead|gunned\s+down|wounded|injured)\s+"
    r"(?:\w+\s+){0,3}?by\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:police|security\s+(?:forces|"
    r"personnel|officers)|soldiers|troops|officers|army|military|forces|gendarmes)\b"
    # Armed men who fire back are in a battle: "the police returned fire".
    r"|\b(?:shot|fired|shoot|fire)\s+back\b|\breturn(?:ed|ing|s)?\s+(?:the\s+)?fire\b"
    rf"|\bopened\s+fire\s+(?:on|at|against|upon)\s+(?:\w+\s+){{0,3}}?(?:{_ARMED_PEOPLE}|{_ARMED_PLACE})\b"
    r"|\b(?:repel(?:s|led|ling)?|repuls(?:e|es|ed|ing)|thwart(?:s|ed|ing)?|foil(?:s|ed|ing)?|"
    r"rout(?:s|ed|ing)?)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:attacks?|assaults?|offensives?|incursions?)"
    r"|\bcrossfire\b|\bexchange\s+of\s+(?:gun)?fire\b"
    # Armed men who did something and then were hit: "a reservist answered
    # the call and was shot dead" (the same subject for both verbs).
    rf"|\b{_ARMED_PEOPLE}\s+(?:(?!(?:who|which|that|whom|by|and)\b)[\w,'’-]+\s+){{1,10}}?"
    r"and\s+(?:was|were)\s+(?:\w+\s+)?(?:killed|shot|wounded|injured|gunned\s+down|"
    r"abducted|kidnapped|beheaded|executed)\b"
    # ... or who are hit in a clause that names them by a pronoun: "a
    # ranger was flown to a clinic when he was wounded by poachers".
    rf"|\b{_ARMED_PEOPLE}\s+(?:(?!(?:who|which|that|whom|by)\b)[\w,'’-]+\s+){{1,10}}?"
    r"(?:after|when|as|because)\s+(?:he|she|they)\s+(?:was|were|had\s+been)\s+(?:\w+\s+)?"
    r"(?:killed|shot|wounded|injured|gunned\s+down|abducted|kidnapped|attacked|ambushed)\b"
    # Forces that fight, drive out or meet a named group: "troops dislodged
    # the Harakat from two villages", "soldiers encountered Tonga fighters".
    r"|\b(?:forces|troops|soldiers|army|military|police|gendarmes|gendarmerie)\s+"
    r"(?:\w+\s+){0,2}?(?:dislodg(?:e|es|ed|ing)|encounter(?:s|ed)?|engag(?:e|es|ed)|"
    r"battl(?:e|es|ed)|fought|clash(?:es|ed)?\s+with|overr?an|rout(?:s|ed))\s+"
    r"(?:the\s+)?(?-i:[A-Z])[\w'’-]+"
    # Two-sided violence is a battle: "violence between two clans", "the
    # herders fought back", "inter-communal clashes".
    r"|\b(?:violence|fighting|feuds?|war|hostilities|conflicts?|"
    r"killings)\s+between\b"
    r"|\b(?:inter-?communal|inter-?ethnic|inter-?clan)\s+(?:violence|clash\w*|fighting|feud|"
    r"conflicts?)\b"
    r"|\b(?:clan|ethnic)\s+(?:war|feud|rivals)\b"
    r"|\b(?:fight|fights|fought|fighting|hit|struck)\s+back\b|\bretaliated\b"
    # Attackers driven off by armed men: "repulsed by police".
    r"|\b(?:push(?:ed|es)?|drove|driven|beat|beaten)\s+back\b|\b(?:repulsed|repelled)\s+by\b",
    re.IGNORECASE,
)
# A named group's members ("two Tonga members") are armed targets only when
# forces killed them: "police shot dead three sect members" is a battle, but
# "party youths beat a rival party's member" is violence against a civilian.
_MEMBERS_TARGET = re.compile(
    r"\b(?:kill(?:s|ed|ing)?|shot|shoot(?:s|ing)?|wound(?:s|ed|ing)?|injur(?:es|ed|ing)|"
    r"captur(?:ed|ing)|battl(?:e|ed|ing)|engag(?:e|ed|ing)|assassinat(?:es|ed|ing)|"
    r"execut(?:es|ed|ing)|behead(?:s|ed|ing)|gun(?:s|ned)?\s+down|ambush(?:es|ed|ing))\s+"
    rf"(?:at\s+least\s+)?{_NOT_AGENT}{{0,4}}?{_w('named_members')}\b"
    # ... or passive: "two Tonga members were shot dead by police".
    rf"|\b{_w('named_members')}\s+(?:(?:were|was|are|is|got|had\s+been|have\s+been)\s+)"
    r"(?:\w+\s+)?(?:killed|shot|shot\s+dead|gunned\s+down|wounded|injured)\b",
    re.IGNORECASE,
)
# A policeman or soldier who shoots his colleagues or his commander hits
# armed men too: "a sergeant gunned down three fellow officers".
_COLLEAGUES_TARGET = re.compile(
    r"\b(?:kill(?:s|ed|ing)?|shot|shoot(?:s|ing)?|wound(?:s|ed|ing)?|injur(?:es|ed|ing)|"
    r"gun(?:s|ned)?\s+down)\s+(?:dead\s+)?(?:\w+\s+of\s+)?(?:his|her|their|two|three|four|"
    r"five|several|\d+)\s+(?:\w+\s+)?(?:colleagues?|boss|superiors?|commanders?|comrades?)\b",
    re.IGNORECASE,
)
# The one who shoots his colleagues may be named only as an officer.
_OFFICER = re.compile(r"\bofficers?\b", re.IGNORECASE)
_FORCES = re.compile(
    r"\b(?:police(?:m[ae]n)?|soldiers|troops|army|military|security\s+forces|gendarmes?|"
    r"gendarmerie|(?:armed|defen[cs]e|government|state)\s+forces)\b",
    re.IGNORECASE,
)
_SMALL_ARMS = re.compile(rf"\b{_w('small_arms')}\b", re.IGNORECASE)
# Security forces off duty, retired or former are civilians in ACLED's coding:
# "gunmen shot a retired soldier" is violence against civilians.
_OFF_DUTY = re.compile(
    rf"\b(?:off-duty|off\s+duty|retired|former|ex-|unarmed)\s*(?:[\w-]+\s+){{0,2}}?{_ARMED_PEOPLE}\b"
    # ... or said after the noun: "a guard (assumed unarmed)", "a soldier
    # who was off duty".
    # ("a member of a security agency (assumed off-duty soldier)")
    rf"|\b{_ARMED_PEOPLE}(?:\s+[\w-]+){{0,2}}?\s*(?:\(\s*|,\s*|who\s+(?:was|were)\s+)(?:assumed\s+|reportedly\s+)?"
    rf"(?:off-duty|off\s+duty|unarmed)(?:\s+{_ARMED_PEOPLE})?\b",
    re.IGNORECASE,
)


def armed_target(body: str) -> bool:
    """Does the passage name armed, organised men as the targets of violence?"""
    body = _OFF_DUTY.sub(lambda m: "x" * len(m.group()), body)
    if _ARMED_TARGET.search(body):
        return True
    if _COLLEAGUES_TARGET.search(body) and (_FORCES.search(body) or _OFFICER.search(body)):
        return True
    return bool(_FORCES.search(body) and _MEMBERS_TARGET.search(body))
