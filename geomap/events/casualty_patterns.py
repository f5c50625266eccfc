"""The words and sentence shapes that state a casualty count.

The vocabulary (numbers, verbs of killing and hurting, nouns of one person)
and the patterns built from it that :mod:`.casualties` reads counts with:
passive and verbless counts, active ones, nouns of death, one victim, lists
and joined counts, the bodies found, a stated coding convention.
"""

from __future__ import annotations

import re

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
    # (a letter dropped or doubled in haste: "kiled", "killled")
    r"(?:kil{1,3}ed|dead|died|dies|die|slain|murdered|executed|beheaded|decapitated|lynched|"
    r"massacred|assassinated|shot\s+and\s+kil{1,3}ed|shot\s+to\s+death|"
    r"shot\s+dead|gunned\s+down|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life|"
    # "hacked to death", "macheted to death" (a sentence is no death: "sentenced to death").
    r"(?!(?:sentenced|condemned|threatened)\b)(?:[a-z]+ed|burnt|beaten)\s+to\s+death|"
    r"burned\s+alive|burnt\s+alive|buried\s+alive|neutrali[sz]ed|KIA)"
)
_HURT = r"(?:injured|wounded|hurt)"
_ACTIVE_KILL = (
    r"(?:kills?|kil{1,3}(?:ed|ing)|murder(?:s|ed|ing)?|execut(?:e|es|ed|ing)|behead(?:s|ed|ing)?|"
    r"decapitat(?:e|es|ed|ing)|"
    r"assassinat(?:e|es|ed|ing)|stab(?:s|bed|bing)\s+to\s+death|"
    r"lynch(?:es|ed|ing)?|massacr(?:e|es|ed|ing)|shoot(?:s|ing)?\s+dead|shot\s+dead|"
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
# one word of a subject ("BH/IS", "(confirmed)", '"thugs"')
_WORDS = r"(?:[\w'’()/.\"“”-]+\s+)"
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
    rf"(?<![\w-])(?<!\bno\s){_BOUND}(?P<n>{_NUM})\s+(?P<subj>(?:{_NOT_VERB}{_WORDS}){{0,8}}?)"
    # "Three civilians, including a girl, were killed": an apposition between.
    r"(?:[\w-]+(?:,\s+(?:including|among\s+(?:them|whom|which|others))\s+[^,;.]{1,60},"
    # ... or a list that runs up to the verb ("including a nurse, a driver and a guard were")
    r"|,\s+(?:including|among\s+(?:them|whom))\s+[^;.()]{1,80}?,?(?=\s+(?:were|are|have\s+been)\s)"
    r"|\s+[-–—]\s+[^-–—;.]{1,80}?\s+[-–—])\s+)?"  # "Three people - a, b and c - were killed"
    rf"(?:(?P<aux>were|was|have\s+been|had\s+been|are|is|got|being)\s+"
    # "were at dawn on Monday killed", "were during the night stabbed to death".
    r"(?:(?:on|in|during|at|early|late|last|overnight|yesterday|this)\s+(?:[\w'’-]+\s+){0,3}?"
    rf"(?=(?:reportedly\s+|also\s+|allegedly\s+)?(?:{_KILL})\b))?)?"
    rf"(?:(?:reportedly|also|allegedly|all|later|subsequently|seriously|critically|"
    rf"fatally|badly|slightly|both|found)\s+)?(?:(?:attacked|ambushed|abducted|kidnapped|shot|beaten|"
    rf"stabbed|captured|seized)\s+and\s+(?:later\s+)?"
    # "were identified, taken away, and executed", "were shot, hacked and beheaded"
    rf"|(?<=were\s)(?:[\w-]+,?\s+){{1,6}}?and\s+(?:later\s+|then\s+)?(?=(?:{_KILL})\b))?"
    rf"(?P<v>{_KILL}|{_HURT})\b",
    re.IGNORECASE,
)
# A relative clause between a count and its verb: "Three pedlars who had
# quarrelled with the guards were executed".
_COUNT_RELATIVE = re.compile(
    rf"(?<![\w-])(?<!\bno\s){_BOUND}(?P<n>{_NUM})\s+(?:[\w'’\"“”-]+\s+){{1,4}}?(?:who|that)\s+"
    rf"(?!(?:were|was|are|is|had|have)\s+(?:\w+\s+)?(?:{_KILL})\b)[^,;.()]{{3,90}}?\s+"
    rf"(?:were|are|have\s+been|had\s+been)\s+(?:(?:reportedly|allegedly|later|also|all)\s+)?"
    rf"(?P<v>{_KILL})\b",
    re.IGNORECASE,
)
# "Three militants, five volunteers, and two civilians were killed": a list
# of counts before one verb adds up.
_NOUN_WORD = rf"(?:(?!(?:{_KILL}|{_HURT}|and|were|was|died|who|which|that|later)\b)\w[\w-]*)"
_COUNT_LIST = re.compile(
    rf"(?<![\w-]){_BOUND}(?P<n>{_NUM}|an?)\s+(?P<list>{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}}(?:,\s+(?:{_NUM}|an?)\s+"
    rf"{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}})*,?\s+and\s+(?:{_NUM}|an?|another|his|her|their)\s+"
    rf"{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}})\s+"
    # "A ranger and a herder died", "One guard and one driver died".
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
# Words that end a bare object before its noun, or are no singular victim.
_BARE_STOP = (
    r"(?:in|at|by|on|during|after|while|near|as|when|for|from|with|to|and|or|but|of|between|"
    r"against|within|were|was|are|is|him|her|them|it|everyone|everybody|anyone|each|all|both|"
    r"livestock|cattle|police|militia|people|children|youth|military|army|personnel|"
    rf"{_NUM})\b"
)
_ONE_ACTIVE = re.compile(
    rf"\b(?P<v>{_ACTIVE_KILL}|{_ACTIVE_HURT})\s+(?:to\s+death\s+)?(?:(?:an?|one|the)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?!(?:number|total|dozen|few|couple|unspecified|unknown)\b)[\w-]+"
    rf"|(?:[\w-]+\s+){{0,2}}?{_PERSON})\b(?!\s*(?:s\b|and\s+(?:his|her|their)))"
    # "killing and robbing him", "shot him dead" ("stabbed and wounded her": hurt).
    rf"|\b(?P<vp>{_ACTIVE_KILL}|shot|stabbed)\s+(?:and\s+(?P<vq>\w+)\s+)?(?:him|her)\b"
    # A headline's bare singular object: "Rebels kill ferry clerk", "Gunmen
    # execute tax collector, torch depot" (not "execute porters", "killed outright",
    # "the killing happened", "raided the clinic to kill a ranger").
    r"|(?<!\bto\s)(?<!\bthe\s)(?<!\ba\s)\b(?P<vb>kills?|kil{1,3}(?:ed|ing)|assassinat(?:e|es|ed|ing)|"
    r"execut(?:e|es|ed|ing)|lynch(?:es|ed|ing)?|behead(?:s|ed|ing)?|gun(?:s|ned)?\s+down|"
    r"shoot(?:s|ing)?\s+dead|shot\s+dead)\s+"
    rf"(?:(?!{_BARE_STOP})(?:(?-i:[A-Z])[\w'’-]*|[\w-]*[a-rt-z](?<!men))\s+){{0,3}}?"
    rf"(?!{_BARE_STOP})[A-Za-z][\w-]*[a-rt-z](?<!men)(?<!ly)"
    r"(?=\s*(?:$|[,.;:(-])|\s+(?:in|at|by|during|after|while|near|on|as|when|following|over|"
    r"outside|inside|who|whom|for|from|with)\b)",
    re.IGNORECASE,
)
_ONE_PASSIVE = re.compile(
    rf"\b(?<!\bno\s)(?:a|an|one|the)\s+(?:(?!(?:and\s+(?:a|an|the|one|his|her)|but|while|{_KILL})\b)"
    # a word may carry brackets, quotes or an apposition's commas ("A reservist (KPR)
    # was killed", "A teacher at the school, was shot dead").
    rf"[\w'’\"“”(),-]+\s+){{0,8}}?"
    rf"(?:was|has\s+been|had\s+been|is|got)\s+"
    rf"(?:\w+\s+){{0,3}}?(?P<v>{_KILL}|{_HURT})\b"
    rf"|\b(?:a|an|one|the)\s+(?:[\w-]+\s+){{0,2}}?{_PERSON}\s+(?:(?:from|of)\s+(?:[\w'’-]+\s+){{1,3}}?)?"
    rf"(?:(?:later|subsequently|eventually|reportedly)\s+)?(?P<v2>{_KILL}|{_HURT})\b"
    # A sentence's subject without an article, singular by its verb: "Ferry
    # clerk Tom Bako was stabbed to death", "Dam engineer was killed by a mine".
    r"|^\s*(?:(?:on|around|about)(?:\s+or\s+(?:around|about))?\s*,\s*)?"
    r"(?!(?:[\w'’\[\]().,-]+\s+){0,10}?(?:no|nobody|none|neither|nothing)\b)"
    rf"(?!(?:{_NUM}|it|this|that|there|he|she|they|we|who|which|police|troops|people)\b)"
    rf"(?:(?!(?:{_KILL}|{_HURT}|and|were|are|had|have)\b)[\w'’\[\]().,-]+\s+){{1,10}}?"
    rf"(?:was|has\s+been|had\s+been|is)\s+(?:\w+\s+){{0,3}}?(?P<v12>{_KILL})\b"
    # A headline's singular noun and participle, the participle ending the
    # clause or taking its adjunct ("Tax collector killed near the ferry", "Toll
    # clerk found dead"; not "Blast killed porters").
    r"|^\s*(?!(?:[\w'’-]+\s+){0,3}?(?:police|militia|military|army|troops|people|youth|security|"
    r"government|forces?|media|staff|personnel|crew|family|community|clan|group|gang|mob)\s)"
    rf"(?:(?!(?:{_NUM}|no|who|which|that|they|he|she|we|it)\b)[\w'’-]+\s+){{0,3}}?"
    r"(?!(?:shot|gunned|found|burnt|burned|beaten|stabbed|hacked|struck|was|is|reportedly|"
    r"(?:wo)?men|children|people|folk|police|youth|troops|militia|personnel|staff|crew|who|that|"
    rf"allegedly|later|also|{_NUM})\b)[A-Za-z][\w-]*[a-rt-z](?<!men)\s+"
    r"(?:(?:linked|attached|affiliated|allied)\s+(?:with|to)\s+(?:[\w'’-]+\s+){1,4}?)?"
    rf"(?:(?:reportedly|allegedly|found)\s+)?(?P<v13>{_KILL})"
    r"(?=\s*(?:$|[,.;:(-])|\s+(?:in|at|by|during|after|while|near|on|as|when|following|over|"
    r"outside|inside)\b)"
    # "a student was shot by police and later died", "one man was taken off the bus
    # and executed"
    r"|\b(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:was|had\s+been)\s+(?:[\w-]+\s+){1,6}?and\s+"
    rf"(?:later\s+|then\s+|subsequently\s+)?(?P<v11>{_KILL})\b"
    # "he later died", "shot a guard, who died in hospital".
    r"|\b(?:he|she)\s+(?:(?:later|subsequently|eventually)\s+)?(?P<v8>died|succumbed)\b"
    rf"|\b(?:shot|stabbed|wounded|injured|hit|beat|attacked)\s+(?:a|an|one)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"[\w-]+,?\s+who\s+(?:(?:later|subsequently|eventually)\s+)?(?P<v9>died|succumbed)\b"
    # "the body of a trader was found", "her body was recovered".
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
# A toll revised upwards stands for the first figure: "the figure was since
# revised to 13", "the toll was raised from 2 to 5", "killing six (later
# confirmed to be nine) porters".
_RAISED = re.compile(
    r"\b(?:death\s+(?:toll|total|count)|number|figure|toll)\s+(?:[^.;]{0,60}?\s)?"
    r"(?:was\s+|has\s+been\s+|had\s+been\s+)?(?:eventually\s+|later\s+|subsequently\s+)?"
    rf"(?:raised|revised(?:\s+up(?:wards?)?)?)\s+(?:from\s+{_NUM}\s+)?to\s+{_BOUND}(?P<n>{_NUM})\b"
    rf"|\b(?:later|eventually|subsequently)\s+(?:determined|confirmed|found|reported)\s+to\s+be\s+"
    rf"{_BOUND}(?P<n2>{_NUM})\b",
    re.IGNORECASE,
)
# The wounded who died later: "six were hurt and two of the wounded later
# succumbed", "one also died of her wounds".
_SUCCUMBED = re.compile(
    rf"(?<![\w-])(?:(?P<n>{_NUM})\s+(?:of\s+(?:them|whom|the\s+(?:wounded|injured))\s+)?)?"
    r"(?:(?:who|which)\s+)?(?:(?:later|subsequently|reportedly|eventually|also)\s+)*"
    r"(?:died|succumbed)\b(?:\s+(?:[\w-]+\s+){0,3}?(?:of|from|to)\s+(?:his|her|their|the)\s+"
    r"(?:injuries|wounds))?",
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
