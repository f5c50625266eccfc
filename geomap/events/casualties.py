"""Casualty counts: how many were killed and injured, as a sentence states it.

The reading is deliberately conservative, as ACLED's coding is: vague
quantities ("several", "many") give no number and a remark, round estimates
of deaths take ACLED's figures ("tens" 10, "dozens" 12, "hundreds" 100); numbers that
belong to dates ("On 29 April 2020 ... shot dead") are never counts; a
stated coding convention ("fatalities coded as 3") is taken as said.

Counts are found in four shapes:

* passive or verbless: "12 people were killed", "Three teachers killed",
  "4 CNL and 2 Imbonerakure were injured" (joined counts add up);
* active: "killing at least 12", "kill two civilians", "shot dead five",
  "killed a man" (one), "killing 6 fighters and 1 soldier" (seven);
* nouns: "the deaths of six bandits", "resulted in 16 killed", "death toll
  rose to 31";
* one person: "a man was beheaded", "a civilian shot dead", "died of his
  injuries", "burned alive".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sides import by_sides, side_of

__all__ = ["Tally", "casualties", "number", "passage_toll", "tally"]

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12,
}  # fmt: skip

_NUM = (
    r"(?:\d[\d,]*(?!\d)|a\s+dozen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|a\s+hundred|dozens|tens|scores|hundreds|thousands|several|many|numerous|"
    r"a\s+number|some|unspecified\s+number|unknown\s+number)"
)
_BOUND = (
    r"(?:(?:at\s+least|more\s+than|over|about|around|nearly|some|up\s+to|roughly|a\s+total\s+of|"
    r"total\s+of|approximately|an\s+estimated|another|other|the)\s+)?"
)
# Verbs and phrases that mean dead or hurt.
_KILL = (
    r"(?:killed|dead|died|dies|die|slain|murdered|executed|beheaded|decapitated|lynched|massacred|assassinated|"
    r"shot\s+and\s+killed|shot\s+to\s+death|"
    r"shot\s+dead|gunned\s+down|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life|"
    # "hacked to death", "macheted to death" (a sentence is no death: "sentenced to death").
    r"(?!(?:sentenced|condemned|threatened)\b)(?:[a-z]+ed|burnt|beaten)\s+to\s+death|"
    r"burned\s+alive|burnt\s+alive|buried\s+alive|neutrali[sz]ed|KIA)"
)
_HURT = r"(?:injured|wounded|hurt)"
_ACTIVE_KILL = (
    r"(?:kill(?:s|ed|ing)?|murder(?:s|ed|ing)?|execut(?:es|ed|ing)|behead(?:s|ed|ing)|"
    r"decapitat(?:es|ed|ing)|"
    r"assassinat(?:es|ed|ing)|stab(?:s|bed|bing)\s+to\s+death|"
    r"lynch(?:es|ed|ing)?|massacr(?:es|ed|ing)|shoot(?:s|ing)?\s+dead|shot\s+dead|"
    r"gun(?:s|ned|ning)?\s+down|claim(?:ed|ing)?\s+the\s+lives\s+of|neutrali[sz](?:es|ed|ing)|"
    r"(?:beat|beats|beating|stoned|hacked|stabbed|burned|burnt)\s+to\s+death)"
)
_ACTIVE_HURT = r"(?:wound(?:s|ed|ing)?|injur(?:es|ed|ing)|hurt(?:ing)?)"
# One person, named by a singular noun ("killed a farmer", "lynch robber").
_PERSON = (
    r"(?:man|woman|boy|girl|child|baby|civilian|person|farmer|herder|trader|driver|"
    r"teacher|student|pupil|soldier|policeman|officer|gendarme|fighter|militant|member|"
    r"resident|villager|suspect|robber|thief|chief|leader|official|journalist|worker|"
    r"passenger|pastor|priest|imam|elder|youth|businessman|shepherd|motorcyclist|rider|"
    r"guard|bodyguard|aide|councillor|councilor|activist|individual|cleric|teenager|boda\s+boda\s+rider|"
    r"victim|prisoner|detainee|inmate|constable|colleague|criminal|herdsman|journalist|"
    r"nurse|doctor|pastor|student|trader|miner|spokesman|spokesperson|commander|lieutenant|"
    r"sergeant|informant|mechanic|politician|legislator|chairman|headman|lecturer|vendor|"
    r"hawker|fisherman|wife|husband|son|daughter|mother|father|brother|sister|cop|"
    r"detective|inspector|corporal|reservist|athlete|executive|adviser|advisor|infant|clerk|"
    r"photojournalist|reporter|mayor|governor|deputy|lawyer|judge|magistrate|"
    r"assistant|employee|landlord|tenant|owner|pedestrian|cyclist|customer|witness|"
    r"grandson|granddaughter|grandfather|grandmother|nephew|niece|cousin|uncle|aunt|"
    r"relative|neighbou?r|friend|companion|partner)"
)
_WORDS = r"(?:[\w'’()/.-]+\s+)"  # one word of a subject ("BH/IS", "(confirmed)")
# A subject's words: not a preposition or relative that starts a new
# clause, and "and" only before another count ("13 soldiers and one gendarme").
_NOT_VERB = (
    rf"(?!(?:by|when|after|during|while|in|as|who|which|that|left|leaving|leaves)\b)"
    # "38 soldiers and civilians were killed": one count of both.
    rf"(?!and\s+(?!{_NUM}|an?\s|[\w-]+\s+(?:were|was|killed|died|dead)\b))"
    # "15 captured and 1 killed", "100 raiders - 1 killed": another count's verb.
    r"(?!(?:arrested|captured|abducted|kidnapped|injured|wounded|missing|detained|rescued|"
    rf"released)\s)(?![-–—]\s+{_NUM}\s)"
)

_COUNT_PASSIVE = re.compile(
    rf"(?<![\w-]){_BOUND}(?P<n>{_NUM})\s+(?P<subj>(?:{_NOT_VERB}{_WORDS}){{0,8}}?)"
    # "Three civilians, including a girl, were killed": an apposition between.
    r"(?:[\w-]+(?:,\s+(?:including|among\s+(?:them|whom|which|others))\s+[^,;.]{1,60},"
    r"|\s+[-–—]\s+[^-–—;.]{1,80}?\s+[-–—])\s+)?"  # "Three people - a, b and c - were killed"
    rf"(?:(?P<aux>were|was|have\s+been|had\s+been|are|is|got|being)\s+)?"
    rf"(?:(?:reportedly|also|allegedly|all|later|subsequently|seriously|critically|"
    rf"fatally|badly|slightly|both|found)\s+)?(?:(?:attacked|ambushed|abducted|kidnapped|shot|beaten|"
    rf"stabbed|captured|seized)\s+and\s+(?:later\s+)?"
    # "were identified, taken away, and executed", "were shot, hacked and beheaded"
    rf"|(?<=were\s)(?:[\w-]+,?\s+){{1,6}}?and\s+(?:later\s+|then\s+)?(?=(?:{_KILL})\b))?"
    rf"(?P<v>{_KILL}|{_HURT})\b",
    re.IGNORECASE,
)
# "Three militants, five volunteers, and two civilians were killed": a list
# of counts before one verb adds up.
_NOUN_WORD = rf"(?:(?!(?:{_KILL}|{_HURT}|and|were|was|died|who|which|that|later)\b)\w[\w-]*)"
_COUNT_LIST = re.compile(
    rf"(?<![\w-]){_BOUND}(?P<n>{_NUM}|an?)\s+(?P<list>{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}}(?:,\s+{_NUM}\s+"
    rf"{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}})*,?\s+and\s+(?:{_NUM}|an?|another|his|her|their)\s+"
    rf"{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}})\s+"
    # "A police officer and a civilian died", "One guard and one driver died".
    rf"(?:(?:were|have\s+been|had\s+been)\s+)?"
    rf"(?:(?:reportedly|also|allegedly|all)\s+)?(?P<v>{_KILL}|{_HURT})\b",
    re.IGNORECASE,
)
_ONE_MORE = ("another", "his", "her", "their")
# "stabbed 3 traders to death", "beat up two men to death": the count between.
_TO_DEATH = re.compile(
    # (not "seized by three men and stabbed to death": the agents, another verb's)
    rf"\b(?!(?:sentenc|condemn|threaten|by|of|with|from)\w*\s)[a-z]+\s+(?:up\s+)?{_BOUND}"
    rf"(?P<n>{_NUM}|an?|him|her)\s+(?:(?!(?:and|or|by)\b)[\w'’-]+\s+){{0,4}}?to\s+death\b",
    re.IGNORECASE,
)
_COUNT_ACTIVE = re.compile(
    rf"\b(?P<v>{_ACTIVE_KILL}|{_ACTIVE_HURT})\s+{_BOUND}(?P<n>{_NUM})(?![\w-])"
    # "1 killed 3 injured": the number after is the next count, not an object.
    r"(?!\s+(?:people\s+|others\s+|persons\s+)?(?:injured|wounded|hurt|dead|killed)\b)",
    re.IGNORECASE,
)
_ONE_ACTIVE = re.compile(
    rf"\b(?P<v>{_ACTIVE_KILL}|{_ACTIVE_HURT})\s+(?:to\s+death\s+)?(?:(?:an?|one|the)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?!(?:number|total|dozen|few|couple|unspecified|unknown)\b)[\w-]+"
    rf"|(?:[\w-]+\s+){{0,2}}?{_PERSON})\b(?!\s*(?:s\b|and\s+(?:his|her|their)))"
    # "killing and robbing him", "shot him dead".
    rf"|\b(?P<vp>{_ACTIVE_KILL}|shot|stabbed)\s+(?:and\s+\w+\s+)?(?:him|her)\b",
    re.IGNORECASE,
)
_ONE_PASSIVE = re.compile(
    rf"\b(?:a|an|one|the)\s+(?:(?!(?:and\s+(?:a|an|the|one|his|her)|but|while|{_KILL})\b)"
    # a word may carry brackets, quotes or an apposition's commas ("A reservist (KPR)
    # was killed", "A teacher at the school, was shot dead").
    rf"[\w'’\"“”(),-]+\s+){{0,8}}?"
    rf"(?:was|has\s+been|had\s+been|is|got)\s+"
    rf"(?:\w+\s+){{0,3}}?(?P<v>{_KILL}|{_HURT})\b"
    rf"|\b(?:a|an|one|the)\s+(?:[\w-]+\s+){{0,2}}?{_PERSON}\s+(?:(?:from|of)\s+(?:[\w'’-]+\s+){{1,3}}?)?"
    rf"(?:(?:later|subsequently|eventually|reportedly)\s+)?(?P<v2>{_KILL}|{_HURT})\b"
    # "a student was shot by police and later died", "one man was taken off the bus
    # and executed"
    r"|\b(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:was|had\s+been)\s+(?:[\w-]+\s+){1,6}?and\s+"
    rf"(?:later\s+|then\s+|subsequently\s+)?(?P<v11>{_KILL})\b"
    # "he later died", "shot a guard, who died in hospital".
    r"|\b(?:he|she)\s+(?:(?:later|subsequently|eventually)\s+)?(?P<v8>died|succumbed)\b"
    rf"|\b(?:shot|stabbed|wounded|injured|hit|beat|attacked)\s+(?:a|an|one)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"[\w-]+,?\s+who\s+(?:(?:later|subsequently|eventually)\s+)?(?P<v9>died|succumbed)\b"
    # "the body of a woman was found", "her body was recovered".
    r"|\b(?:(?:the|a)\s+(?:[\w-]+\s+){0,2}?(?:body|corpse)\s+of\s+(?:an?|one)|"
    r"(?:his|her|the\s+[\w-]+['’]s|an?|the)\s+(?:[\w-]+\s+){0,2}?(?:body|corpse))\s+"
    r"(?:[\w'’-]+\s+){0,6}?(?:was|has\s+been|had\s+been|is)\s+(?:\w+\s+)?"
    r"(?P<v7>found|recovered|discovered|dumped)\b"
    rf"|\b(?:he|she)\s+(?:was|had\s+been|is)\s+(?:found\s+)?(?P<v4>{_KILL})\b"
    # A headline's bare singular: "Herder shot dead", "Police officer dies
    # after attack", "Driver of the mayor killed in ambush".
    rf"|^\s*(?:[\w'’-]+\s+){{0,2}}?{_PERSON}\s+(?:of\s+(?:[\w'’()-]+\s+){{1,5}}?)?"
    rf"(?:(?:was|is|has\s+been)\s+(?:\w+\s+)?)?(?P<v5>{_KILL})\b"
    r"|\b(?:resulting\s+in|leading\s+to|causing|caused)\s+(?:his|her)\s+(?P<v6>death)\b"
    rf"|\b(?P<v3>died|succumbed)\s+(?:\w+\s+){{0,3}}?(?:of|from|to)\s+(?:his|her)\s+"
    rf"(?:injuries|wounds)",
    re.IGNORECASE,
)
# A second victim joined to one object: "and his son", "and an accompanying civilian"
# (not "and his wife was injured", not "and wounded his wife").
_ONE_JOINED = re.compile(
    rf"(?:(?:\s+[\w-]+){{0,2}}?\s+(?P<and>and))?\s+(?:(?:his|her|their|an?|the|one|another)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?(?:{_PERSON}|\w+(?:er|or|ist|ian|ant))\b(?!\s*(?:s\b|(?:was|were|is|are|got)\b))"
    # "and her two children", "and at least three others": that many more.
    rf"|(?:(?:his|her|their)\s+)?{_BOUND}(?P<n>{_NUM})\s+(?:(?:of\s+)?(?:his|her|their)\s+)?"
    rf"(?:[\w-]+\s+)?(?:{_PERSON}s|others|children|(?:wo)?men|people|members|relatives)\b"
    r"(?!\s+(?:were|was|are)\b))",
    re.IGNORECASE,
)
_NOUN_COUNT = re.compile(
    rf"\b(?:deaths?\s+of|(?:killings?|murders?)\s+of|death\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of|reached|is|was)|"
    # "the death toll from the attack on the village has risen to 11"
    rf"death\s+toll\s+[^.;]{{0,100}}?\b(?:rose|risen|climbed|increased|reached)(?:\s+to)?|"
    rf"resulted\s+in|leaving|leaves|left)\s+{_BOUND}(?P<n>{_NUM})(?:\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?P<v>dead|killed|deaths|people|casualties|fatalities|injured|wounded|\w+))?",
    re.IGNORECASE,
)
# "two deaths", "1 fatality", "the bodies of three", "5 bodies were found".
_DEATHS = re.compile(
    rf"(?<![\w-]){_BOUND}(?P<n>{_NUM})\s+(?:(?!(?:other|more|further|additional|unconfirmed|of)\b)[A-Za-z-]+\s+)?(?:fatalit(?:y|ies)|deaths?)\b"
    rf"|\b(?:bod(?:y|ies)|corpses?)\s+of\s+{_BOUND}(?P<n2>{_NUM})\b"
    # "found five bodies", "recovered 16 charred bodies".
    rf"|\b(?:found|discovered|recovered|retrieved|exhumed)\s+{_BOUND}(?P<n4>{_NUM})\s+(?:[\w-]+\s+)?"
    r"(?:bodies|corpses)\b"
    rf"|(?<![\w-]){_BOUND}(?P<n3>{_NUM})\s+(?:[\w-]+\s+){{0,2}}?bod(?:y|ies)\s+"
    r"(?:[\w-]+\s+){0,6}?(?:(?:were|was|have\s+been)\s+(?:\w+\s+)?)?"
    r"(?:found|seen|recovered|discovered|dumped|retrieved|exhumed|pulled|collected|brought|taken)",
    re.IGNORECASE,
)
# "was gunned down along with his guard and a cook": further victims.
_ALONG = re.compile(
    rf"\b{_KILL},?\s+(?:[\w-]+\s+){{0,3}}?(?:along|together)\s+with\s+(?P<list>"
    rf"(?:{_NUM}|an?|another|his|her|their)\s+(?:[\w-]+\s+){{0,3}}?[\w-]+"
    rf"(?:,?\s+and\s+(?:{_NUM}|an?|another|his|her|their)\s+(?:[\w-]+\s+){{0,3}}?[\w-]+)?)",
    re.IGNORECASE,
)
_VICTIMS = re.compile(rf"\b(?:{_PERSON}s?|(?:wo)?men|people|others|children)\b", re.IGNORECASE)
# The dead named by a pronoun: "executed them", "burned them alive", "their
# bodies were found", "those arrested were later found dead".
_THEM = re.compile(
    rf"\b(?:{_ACTIVE_KILL}|executed|burned|burnt)\s+them\b(?!\s+(?:to|at|in|with)\b)"
    r"|\b(?:shot|gunned)\s+them\s+(?:dead|down)\b"
    r"|\btheir\s+(?:[\w-]+\s+)?(?:bodies|corpses)\s+(?:were|have\s+been)\b"
    r"|\bthose\s+(?:arrested|abducted|captured|detained|kidnapped)\s+were\s+(?:\w+\s+){0,2}?"
    rf"(?:found\s+dead|{_KILL})",
    re.IGNORECASE,
)
# A group of people counted: "nine men", "seventeen Fulani livestock traders".
_GROUP = re.compile(
    rf"(?<![\w-])(?P<n>{_NUM})\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:{_PERSON}s?|people|men|women|children|thieves|notables|others|[\w-]+ers)\b",
    re.IGNORECASE,
)
_JOINED = re.compile(
    # "two herders and a child": a singular noun joins as one (after "and" only:
    # "killing three men, a provincial official said").
    rf"\s*(?:,|and|as\s+well\s+as)\s+{_BOUND}(?P<n>{_NUM})\s+(?!others?\b)"
    # "killed two, one of whom was a guard"; "killed nine people, two shops burned".
    r"(?!(?:of|houses?|homes?|shops?|vehicles?|cars?|motorbikes?|motorcycles?|trucks?|"
    r"buildings?|huts?|cattle|goats|cows|camels|sheep|guns?|rifles?|weapons?)\b)"
    # "..., two granaries were also burned": a thing another verb befell.
    rf"(?!(?:[\w-]+\s+){{1,2}}(?:were|was)\s+(?:also\s+)?(?!{_KILL}|{_HURT})\w+ed\b)"
    rf"|\s*,?\s*(?:and|as\s+well\s+as)\s+(?P<n1>an?)(?=\s+(?!(?:number|total|few)\b)\w)\s+"
)
_CODED = re.compile(
    r"\bfatalit(?:y|ies)\s+(?:were\s+|was\s+|are\s+|is\s+)?(?:\w+\s+)?coded\s+as\s+(?P<n>\d+)"
    # "(coded as 10)", "coded as 7 fatalities total".
    r"|\(coded\s+as\s+(?P<n2>\d+)(?:\s+(?:fatalit(?:y|ies)|deaths?))?(?:\s+(?:in\s+)?total)?\)"
    r"|\bcoded\s+as\s+(?P<n3>\d+)\s+(?:fatalit(?:y|ies)|deaths?)\b",
    re.IGNORECASE,
)
# Numbers that belong to a date: masked before counting.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_NUMBERS = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    r"|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b(?:1[89]|20)\d{2}s?\b"
    r"|\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hours?|hrs|h)\b"
    r"|\b\d+\s*(?:km|kms|kilometres|kilometers|miles|metres|meters|mm|cm|kg|years?|months?|"
    r"weeks?|days?|minutes?|houses|homes|vehicles|cars|cattle|goats|cows|animals|camels|"
    r"sheep|head|%|percent|shillings|francs|dollars|usd|ksh)\b",
    re.IGNORECASE,
)

# ACLED's figures for deaths estimated in round numbers: "tens" 10, "dozens" 12, "hundreds"
# 100 ("several", "many" give no number; injuries, which ACLED does not code, keep none).
_ESTIMATES = {"tens": 10, "dozens": 12, "hundreds": 100}


def number(word: str) -> int | None:
    """An exact count, or None for vague quantities ("dozens")."""
    w = " ".join(word.lower().split())
    if w in ("a", "an", "one"):
        return 1
    if w and w[0].isdigit():
        try:
            return int(w.replace(",", ""))
        except ValueError:
            return None
    if "-" in w:
        tens, _, unit = w.partition("-")
        return _WORD_NUMBERS.get(tens, 0) + _WORD_NUMBERS.get(unit, 0) or None
    return _WORD_NUMBERS.get(w)


_SMALL_WORD = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty)"
)
# "between 20 and 32 people", "between 6-8 assailants", "either one or four":
# the lower bound, as a conservative coding takes it.
_RANGE = re.compile(
    rf"\b(?:between\s+(?P<lo>{_SMALL_WORD})\s*(?:and|to|-|–)\s*{_SMALL_WORD}"
    rf"|either\s+(?P<lo2>{_SMALL_WORD})\s+or\s+{_SMALL_WORD})\b",
    re.IGNORECASE,
)
# Numbers that are no count of people: ages ("a six-year-old boy"), a parent's
# children ("a father of four"), a school class ("a form four student").
_NOT_COUNTS = re.compile(
    rf"\b{_SMALL_WORD}[\s-]*(?:years?|yrs?|months?)[\s-]*old\b"
    rf"|\b(?:father|mother|parent)\s+of\s+{_SMALL_WORD}\b|\bform\s+{_SMALL_WORD}\b"
    # "five villagers (including four men and a boy)": the same dead again.
    r"|\((?:including|incl\.|among\s+(?:them|whom)|of\s+whom)\b[^()]*\)"
    # "5 civilians (2 men, 2 women and 1 child)": a breakdown of the count before it.
    rf"|(?<=[\w\s])\((?![^()]*(?:fatalit|coded|death))(?:{_SMALL_WORD})\s+[^()]*\b(?:and|,)\s+(?:{_SMALL_WORD}|an?)\s+[^()]*\)",
    re.IGNORECASE,
)


def _mask_dates(sentence: str) -> str:
    sentence = _RANGE.sub(lambda m: (m["lo"] or m["lo2"]).ljust(len(m.group())), sentence)
    sentence = _NOT_COUNTS.sub(lambda m: " " * len(m.group()), sentence)
    return _DATE_NUMBERS.sub(lambda m: " " * len(m.group()), sentence)


# Deaths given as the cause or background of the event reported, not as its
# toll: "residents rioted after police killed a man", "protesting the death
# of a student", "accused of killing a trader". A clause is masked up to its
# end (a comma, semicolon, bracket or full stop), a noun phrase up to its verb.
_BACKGROUND = re.compile(
    r"\b(?:after|following)\s+(?:(?!and\b|but\b|then\b)[\w'’-]+\s+){1,5}?(?:had\s+)?"
    r"(?:allegedly\s+|reportedly\s+)?(?:shot\s+and\s+)?"
    r"(?:killed|murdered|shot\s+dead|lynched|assassinated|beheaded)\b[^,;.()]*"
    r"|\b(?:protest(?:s|ed|ing)?(?:\s+(?:against|over))?|over|against|avenge|avenging|"
    # "after the killing of" (but "after killing the guard" is the event's own).
    r"(?:after|following|behind)(?=\s+(?:the|an?|alleged|recent)\b)|"
    r"decr(?:y|ies|ied|ying)|(?:connection|link)\s+(?:with|to)|"
    r"condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|mourn(?:s|ed|ing)?|justice\s+for|"
    r"(?:accused|suspected|convicted)\s+of|(?:retaliation|revenge|response)\s+(?:for|to))\s+"
    r"(?:(?:the|a|an|recent|alleged|reported|police|shooting\s+and)\s+)*"
    r"(?:deaths?|killings?|murders?|assassination|lynching|killing|murdering)\b(?!\s+suspects?\b)"
    # ... up to the end of its noun phrase ("accused of killing a trader were lynched").
    r"[^,;.()]*?(?=[,;.()]|\s+(?:were|was|are|is|who|whom|which)\b|$)",
    re.IGNORECASE,
)


def _mask_background(text: str) -> str:
    return _BACKGROUND.sub(lambda m: " " * len(m.group()), text)


def _is_hurt(verb: str) -> bool:
    return verb.lower().startswith(("injur", "wound", "hurt"))


# "two civilians were also killed", "another soldier died later": victims
# in addition to those counted before, not the same ones again.
_MORE = re.compile(r"\b(?:also|another|additional|further|more(?!\s+than))\b", re.IGNORECASE)
_LATER = re.compile(r"\s+(?:later|subsequently)\b", re.IGNORECASE)


def _more(text: str, start: int, end: int) -> bool:
    clause = re.split(r"[,;:]", text[max(0, start - 30) : start])[-1] + text[start:end]
    # "2 died instantly, 1 died later": the later deaths are further ones.
    return bool(_MORE.search(clause)) or bool(_LATER.match(text, end))


@dataclass(frozen=True, slots=True)
class Tally:
    """One sentence's counts: ``killed`` as first stated, ``more_killed``
    stated as additional ("two were also killed"), ``injured``."""

    killed: int | None
    more_killed: int
    injured: int | None
    remarks: list[str]
    total: int | None = None  # a stated toll: "4 fatalities", "death toll rose to 9"
    coded: int | None = None  # a stated coding convention: "fatalities coded as 3"
    sides: tuple[tuple[str, int], ...] = ()  # counts by the side the dead were on

    def deaths(self) -> int | None:
        if self.coded is not None:
            return self.coded
        if self.killed is None and not self.more_killed:
            return self.total
        return max(self.total or 0, (self.killed or 0) + self.more_killed)


def casualties(sentence: str) -> tuple[int | None, int | None, list[str]]:
    """(killed, injured, remarks) stated in one sentence.

    >>> casualties("Seven guards were injured; a protester was killed.")[:2]
    (1, 7)
    >>> casualties("On 29 April 2020, gunmen shot dead a trader and wounded two.")[:2]
    (1, 2)
    >>> casualties("Several security forces were injured.")
    (None, None, ["injured: 'Several' is not a number"])
    """
    t = tally(sentence)
    return t.deaths(), t.injured, t.remarks


def tally(sentence: str) -> Tally:
    """The counts of one sentence, keeping apart those stated as additional.

    >>> t = tally("Three soldiers were killed and two civilians were also killed.")
    >>> (t.killed, t.more_killed, t.injured)
    (3, 2, None)
    """
    text = _mask_background(_mask_dates(sentence))
    more_killed = 0
    total: int | None = None
    killed: int | None = None
    injured: int | None = None
    remarks: list[str] = []
    taken: list[tuple[int, int]] = []
    sides: list[tuple[str, int]] = []

    def add(hurt: bool, n: int | None, raw: str, span: tuple[int, int], toll: bool = False) -> None:
        nonlocal killed, injured, more_killed, total
        taken.append(span)
        what = "injured" if hurt else "fatalities"
        if n is None and not hurt and (n := _ESTIMATES.get(" ".join(raw.lower().split()))):
            remarks.append(f"{what}: '{raw.strip()}' taken as {n}, as ACLED codes it")
        if n is None:
            remarks.append(f"{what}: '{raw.strip()}' is not a number")
            return
        remarks.append(f"{what}: {n} from '{' '.join(sentence[span[0] : span[1]].split())}'")
        if hurt:
            injured = max(injured or 0, n)
        elif toll:
            total = max(total or 0, n)
        elif _more(text, *span):
            more_killed += n
        else:
            killed = max(killed or 0, n)
            side = side_of(text[span[0] : span[1] + 40])
            if side:
                sides.append((side, n))

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    coded = _CODED.search(text)
    for m in _COUNT_LIST.finditer(text):
        if m["n"].lower() in ("a", "an") and "," in m["list"]:
            continue  # "in a school, 1 woman and 1 child were killed"
        first, *items = re.split(r",\s+(?:and\s+)?|\s+and\s+", m["list"])
        # "a farmer and his son", "a principal and another teacher": one more each.
        heads = [
            re.match(rf"{_NUM}|an?\b|(?:another|his|her|their)\b", item, re.IGNORECASE)
            for item in items
        ]
        # "a village elder and a trader were killed": singulars that make a plural.
        plural = m["n"].lower() in ("a", "an") and re.search(r"\bwere\s", m.group())
        ones = ("a", "an") if plural else ()
        if len(first.split()) > 2 and not all(
            h and h.group().lower() in (*_ONE_MORE, *ones) for h in heads
        ):
            continue  # three words make a noun only before "and his wife" ("a shoot-out broke out")
        counts = [number(m["n"])] + [
            (1 if h.group().lower() in _ONE_MORE else number(h.group())) if h else None
            for h in heads
        ]
        n = None if None in counts else sum(c for c in counts if c is not None)
        add(_is_hurt(m["v"]), n, m["n"], (m.start(), m.end()))
    for m in _TO_DEATH.finditer(text):
        if free(m.start("n"), m.end()):
            one = m["n"].lower() in ("a", "an", "him", "her")
            add(False, 1 if one else number(m["n"]), m["n"], (m.start("n"), m.end()))
    for m in _COUNT_ACTIVE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        n = number(m["n"])
        # "killing 6 fighters and 1 soldier": joined counts add up.
        pos = m.end()
        while n is not None:
            # The counted noun ("volunteer fighters") may stand before "and".
            joined = None
            for k in range(6):
                # the counted noun's words, up to "including" or "of" ("nine
                # civilians including eight herders and one trader" is nine)
                skip = re.match(
                    rf"(?:\s+(?!(?:including|among|of)\b)[\w()-]+){{{k}}}", text[pos : pos + 80]
                )
                if skip is None:
                    break
                joined = _JOINED.match(text, pos + skip.end())
                if joined is not None:
                    break
            if joined is None or _is_hurt(text[joined.end() : joined.end() + 12]):
                break
            added = number(joined["n"] or joined["n1"])
            if added is None:
                break
            n += added
            tail = re.match(r"(?:[\w-]+\s+){0,2}?", text[joined.end() :])
            pos = joined.end() + (tail.end() if tail else 0)
        add(_is_hurt(m["v"]), n, m["n"], (m.start(), pos))
    for m in _COUNT_PASSIVE.finditer(text):
        if not free(m.start("n"), m.end()):
            continue
        after = text[m.end() : m.end() + 20]
        if (
            not m["aux"]
            and re.match(rf"\s+(?:{_NUM}|an?|his|her|their|the)\b", after, re.I)
            and not re.match(rf"\s+{_NUM}\s+(?:people\s+)?(?:injured|wounded|hurt)\b", after, re.I)
        ):
            continue  # "two gunmen shot dead a man": the count is the agents
        n = number(m["n"])
        subject = m["subj"] or ""
        # "three policemen and an assailant were killed": four.
        for extra in re.finditer(rf"\b(?:and|,)\s+(?P<n>{_NUM}|an?(?=\s))\b", subject, re.I):
            more = number(extra["n"])
            n = None if n is None or more is None else n + more
        if n and re.match(r"others?\b", subject) and re.search(r"\band\s+$", text[: m.start()]):
            n += 0 if _is_hurt(m["v"]) else 1  # "a chief and three others were killed": four
        add(_is_hurt(m["v"]), n, m["n"], (m.start(), m.end()))
    for m in _NOUN_COUNT.finditer(text):
        if not free(m.start("n"), m.end("n")):
            continue
        noun = (m["v"] or "").lower()
        hurt = noun in ("injured", "wounded")
        if noun not in ("dead", "killed", "deaths", "people", "casualties", "fatalities") and (
            not hurt and not m.group().lower().startswith(("death", "killing", "murder"))
        ):
            continue  # "left five houses burned", "resulted in 3 arrests"
        add(hurt, number(m["n"]), m["n"], (m.start(), m.end()), toll=True)
    for m in _DEATHS.finditer(text):
        if free(m.start(), m.end()):
            raw = m["n"] or m["n2"] or m["n3"] or m["n4"]
            add(False, number(raw), raw, (m.start(), m.end()), toll=bool(m["n"]))
    for m in _ONE_ACTIVE.finditer(text):
        if free(m.start(), m.end()):
            # "killed a man and his son", "shot dead a guard and a civilian": two.
            joined = _ONE_JOINED.match(text, m.end())
            if joined and not joined["and"] and not m.group().lower().endswith(" and"):
                joined = None
            more = (number(joined["n"]) if joined["n"] else 1) if joined else 0
            end = joined.end() if joined and more else m.end()
            add(_is_hurt(m["v"] or m["vp"]), 1 + (more or 0), "one", (m.start(), end))
    for m in _ONE_PASSIVE.finditer(text):
        if free(m.start(), m.end()):
            verb = (
                m["v"] or m["v2"] or m["v4"] or m["v5"] or m["v11"] or "killed"
            )  # v3, v6, v7: dead
            # "He died later": the victim already counted, not a further one.
            add(_is_hurt(verb), 1, "one", (m.start(), m.end()), toll=bool(m["v8"]))
    for m in _ALONG.finditer(text):
        firsts: list[str] = re.findall(
            rf"(?:^|\band\s+)({_NUM}|an?|another|his|her|their)\b", m["list"], re.IGNORECASE
        )
        others = [1 if w.lower() in _ONE_MORE else number(w) for w in firsts]
        if not _VICTIMS.search(m["list"]):
            continue  # "along with 761 motorcycles"
        if killed is not None and others and None not in others:
            n = sum(c for c in others if c is not None)
            more_killed += n
            remarks.append(f"fatalities: {n} more from '{' '.join(m.group().split())}'")
    for m in _THEM.finditer(text):
        # "arrested nine men and executed them": the people counted before.
        counted = list(_GROUP.finditer(text, 0, m.start()))
        if counted and free(m.start(), m.end()):
            raw = counted[-1]["n"]
            add(False, number(raw), raw, (counted[-1].start(), m.end()))
    stated = None
    if coded is not None:
        # The note states its coding convention: take it as said.
        stated = int(coded["n"] or coded["n2"] or coded["n3"])
        remarks.append(f"fatalities: coded as {stated}, as stated")
    return Tally(killed, more_killed, injured, remarks, total, stated, tuple(sides))


_CLAIM = re.compile(
    # ("claimed responsibility" vouches for the deed, not for a number)
    r"\b(?:claim(?:s|ed|ing)?(?!\s+(?:the\s+)?(?:responsibility|credit))|conflicting\s+reports?|other\s+reports?|alternative\s+reports?|"
    r"unconfirmed|propaganda)\b",
    re.IGNORECASE,
)


def passage_toll(sentences: list[str]) -> tuple[int | None, int | None, list[str]]:
    """(killed, injured, remarks) of the sentences that report one event.

    The largest count stated, plus victims stated as additional ("two
    civilians were also killed", "another soldier died later"); a stated
    toll ("4 fatalities") or coding convention stands as said.
    """
    tallies = [tally(s) for s in sentences]
    # A count only claimed ("the group claims eight dead", "conflicting reports
    # have eight deaths") gives way to one the passage states as fact.
    claimed = [bool(_CLAIM.search(s)) for s in sentences]
    pairs = list(zip(tallies, claimed, strict=True))
    if any(claimed) and any(t.deaths() is not None for t, c in pairs if not c):
        tallies = [Tally(None, 0, t.injured, t.remarks) if c else t for t, c in pairs]
    killed = max((k for t in tallies if (k := t.killed) is not None), default=None)
    if killed is not None:
        killed = max(killed, by_sides([side for t in tallies for side in t.sides]))
    more = sum(t.more_killed for t in tallies)
    if more:
        killed = (killed or 0) + more
    tolls = [k for t in tallies if (k := t.total) is not None]
    if tolls:
        killed = max(killed or 0, *tolls)
    coded = [k for t in tallies if (k := t.coded) is not None]
    if coded:
        killed = coded[-1]
    injured = max((i for t in tallies if (i := t.injured) is not None), default=None)
    return killed, injured, [r for t in tallies for r in t.remarks]
