"""Numbers and deaths that are no count of the event's dead, masked before counting.

Numbers of dates, times, distances, ages and things ("On 29 April 2020",
"a six-year-old boy", "20 houses"); the lower bound of a range ("between 6
and 8"); a breakdown of a count already made ("(2 men and 1 child)"); and
deaths given as the cause or background of the event ("protesting the death
of a student").
"""

from __future__ import annotations

import re

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
    # Animals are no fatalities: "the blast killed nine donkeys".
    rf"|\b{_SMALL_WORD}\s+(?:[\w-]+\s+)?(?:goats?|cows?|cattle|camels?|sheep|donkeys?|animals?|"
    r"livestock|dogs?|horses?|pigs?|chickens?|bulls?|oxen|heads\s+of\s+cattle)\b"
    # (the head noun: not "four camel rustlers", "shot 12 during a goat raid")
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|in|at|on|were|was|from|of|belonging|during|near|to|as|"
    r"which|that|before|after|but)\b)"
    # "five villagers (including four men and a boy)": the same dead again.
    r"|\((?:including|incl\.|among\s+(?:them|whom)|of\s+whom)\b[^()]*\)"
    # "6 villagers (3 men, 2 women and a boy)": a breakdown of the count before it.
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
    # (the present tense of the notes too: "after raiders kill four, ...")
    r"(?:killed|kill|kills|murdered|shot\s+dead|lynched|assassinated|beheaded|"
    r"(?:stabbed|hacked|beaten|burnt|burned|stoned|clubbed)\s+(?:\w+\s+){0,2}?to\s+death)\b[^,;.()]*"
    r"|\b(?:protest(?:s|ed|ing)?(?:\s+(?:against|over))?|over|against|avenge|avenging|"
    # "after the killing of" (but "after killing the guard" is the event's own).
    r"(?:after|following|behind)(?=\s+(?:the|an?|alleged|recent)\b)|"
    # "following lynching of a clerk": the noun, not the gerund ("after shooting the clerk").
    r"(?:after|following)(?=\s+(?:killings?|murders?|lynching|assassination|deaths?)\s+of\b)|"
    r"(?:investigations?|inquiry|inquest|probe)\s+into|protest(?:s|ed|ing)?\s+(?:of|at)|"
    r"related\s+to|revenge|in\s+memory\s+of|"
    r"decr(?:y|ies|ied|ying)|(?:connection|link)\s+(?:with|to)|"
    r"condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|mourn(?:s|ed|ing)?|justice\s+for|"
    r"(?:accused|suspected|convicted)\s+of|(?:retaliation|revenge|response)\s+(?:for|to)|"
    # "a guard held for the murder of a trader", "jailed for life for killing".
    r"(?:held|arrested|detained|charged|jailed|sentenced(?:\s+to\s+death)?|wanted)\s+(?:for|over))\s+"
    r"(?:(?:the|a|an|recent|alleged|reported|police|shooting\s+and)\s+)*"
    r"(?:deaths?|killings?|murders?|assassination|lynching|killing|murdering)\b(?!\s+suspects?\b)"
    # ... up to the end of its noun phrase ("accused of killing a trader were lynched").
    r"[^,;.()]*?(?=[,;.()]|\s+(?:were|was|are|is|who|whom|which)\b|$)",
    re.IGNORECASE,
)


# A killing attempted, threatened or narrowly missed is no death: "tried to
# lynch the clerk", "attempted to assassinate a judge", "was almost stoned to death".
_ATTEMPT = re.compile(
    r"\b(?:nearly|almost|narrowly|(?:tr(?:y|ies|ied|ying)|attempt(?:s|ed|ing)?|bid|"
    r"threat(?:en|ens|ened|ening)|plot(?:s|ted|ting)?|plann(?:ed|ing)|wanted|sought|seek(?:s|ing)?|"
    r"intend(?:s|ed|ing)?|vow(?:s|ed|ing)?)\s+to)\s+(?:\w+\s+(?:and|or)\s+)?"
    r"(?:kill|murder|lynch|assassinat|execut|behead|shoot|shot|stab|stone|beat|burn|hack)\w*"
    r"(?:\s+(?:him|her|them|one))?(?:\s+(?:dead|down|to\s+death|alive))?",
    re.IGNORECASE,
)


# Deaths the note says are coded as another event: "a raid that left nine
# porters dead (coded separately)", "(plus 2 drivers - coded in another event)".
# The bracket's own words if it has them, else the clause before it.
_ELSEWHERE = (
    r"coded\s+(?:separately|seperately|elsewhere|in\s+(?:an?\s+)?(?:separate|other|another|"
    r"different)\s+events?|as\s+a\s+separate\s+event)"
)
_CODED_ELSEWHERE = re.compile(
    rf"\((?=[^()]*?\w[^()]*?\s[-–—,]?\s*{_ELSEWHERE}\s*\))[^()]*\)"
    rf"|[^.;:()]*?(?:\s[-–—]\s+)?[^.;:()\s][^.;:()]*\(\s*{_ELSEWHERE}\s*\)",
    re.IGNORECASE,
)


# An earlier attack that the event answers, named by a relative clause:
# "marched against a spate of raids that had killed six herders", "arrested in
# connection with an ambush which killed two guards". The deaths are the
# cause of the protest or arrest, not its toll.
_CAUSE_CLAUSE = re.compile(
    r"\b(?:(?:protest|demonstrat|march|riot)\w*\b(?:\s+[\w'’-]+){0,3}?\s+(?:against|over)|"
    r"(?:connection|link)\s+(?:with|to)|(?:revenge|retaliation|justice)\s+for|"
    r"condemn\w*|denounc\w*)"
    r"(?:\s+[\w'’-]+){1,8}?\s+(?:that|which)\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+)?"
    r"(?:killed|claimed\s+the\s+lives?|left)\b[^,;.()]*",
    re.IGNORECASE,
)

# A person's earlier deed, told in the past perfect of a relative clause,
# comes before the event: "a mob beat a man who had allegedly killed a trader".
_EARLIER = re.compile(
    r"\bwho\s+had\s+(?:\w+ly\s+)?(?:killed|murdered|shot\s+dead|stabbed\s+to\s+death)\b[^,;.()]*",
    re.IGNORECASE,
)

# A count whose fate is one of several ("5 rebels were killed, injured or
# captured") says nothing of how many died: no count of deaths.
_FATE_OR = re.compile(
    r"\b(?:either\s+)?(?:killed|dead|shot\s+dead)"
    r"(?:\s*,\s*(?:injured|wounded|captured|arrested|abducted))*,?\s+or\s+"
    r"(?:injured|wounded|captured|arrested|abducted|missing|taken\s+prisoner)\b",
    re.IGNORECASE,
)


# Deaths by accident are no fatalities of political violence: "the lorry hit
# and killed a cyclist", "died in a road accident", "the roof collapsed,
# killing four pupils" (the riot that follows is the event).
_ACCIDENT = re.compile(
    r"\b(?:hit|knocked\s+down|ran\s+over|run\s+over)\s+and\s+(?:killed|fatally\s+\w+)\b[^,;.()]*"
    r"|\b(?:accident|collapsed)\b[^.;()]{0,30}?,?\s+(?:killing|leaving)\b[^,;.()]*"
    r"|\b(?:died|killed|dead)\s+(?:in|after|from)\s+(?:an?\s+|the\s+)?"
    r"(?:(?:road|car|traffic|motorcycle|motorbike|bus)\s+){0,2}(?:accident|crash)\b",
    re.IGNORECASE,
)


def _mask_background(text: str) -> str:
    text = _ACCIDENT.sub(lambda m: " " * len(m.group()), text)
    text = _CODED_ELSEWHERE.sub(lambda m: " " * len(m.group()), text)
    text = _EARLIER.sub(lambda m: " " * len(m.group()), text)
    text = _CAUSE_CLAUSE.sub(lambda m: " " * len(m.group()), text)
    text = _FATE_OR.sub(lambda m: " " * len(m.group()), text)
    text = _ATTEMPT.sub(lambda m: " " * len(m.group()), text)
    return _BACKGROUND.sub(lambda m: " " * len(m.group()), text)
