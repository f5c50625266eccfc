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

from .casualty_masks import _mask_background, _mask_dates
from .casualty_patterns import (
    _ALONG,
    _CODED,
    _COUNT_ACTIVE,
    _COUNT_LIST,
    _COUNT_PASSIVE,
    _COUNT_RELATIVE,
    _DEATHS,
    _ESTIMATES,
    _GROUP,
    _JOINED,
    _NOUN_COUNT,
    _NUM,
    _ONE_ACTIVE,
    _ONE_JOINED,
    _ONE_MORE,
    _ONE_PASSIVE,
    _RAISED,
    _SUCCUMBED,
    _THEM,
    _TO_DEATH,
    _VICTIMS,
    number,
)
from .sides import by_sides, side_of

__all__ = ["Tally", "casualties", "number", "passage_toll", "tally"]


_HURT_WORD = re.compile(r"\b(?:injur|wound)", re.IGNORECASE)


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

    def add(
        hurt: bool,
        n: int | None,
        raw: str,
        span: tuple[int, int],
        toll: bool = False,
        more: bool = False,
    ) -> None:
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
        elif more or _more(text, *span):
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
        singulars = not re.search(rf"(?:^|,|\band)\s+{_NUM}\s", m["list"], re.IGNORECASE)
        if m["n"].lower() in ("a", "an") and "," in m["list"] and not singulars:
            continue  # "in a school, 1 woman and 1 child were killed"
        if re.search(r"\b(?:including|among\s+(?:them|whom))\s+$", text[: m.start()], re.I):
            continue  # a list of the dead counted before it, not a count of its own
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
    for m in _COUNT_RELATIVE.finditer(text):
        if free(m.start("n"), m.end()):
            add(_is_hurt(m["v"]), number(m["n"]), m["n"], (m.start(), m.end()))
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
    for m in _RAISED.finditer(text):
        if free(m.start(), m.end()):
            raw = m["n"] or m["n2"]
            add(False, number(raw), raw, (m.start(), m.end()), toll=True)
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
            verb = m["v"] or m["vb"] or (m["vq"] if _is_hurt(m["vq"] or "") else m["vp"])
            add(_is_hurt(verb), 1 + (more or 0), "one", (m.start(), end))
    for m in _SUCCUMBED.finditer(text):
        # Of the wounded counted before: deaths added to the killed.
        said = m["n"] or _HURT_WORD.search(m.group())
        if said and injured and free(*m.span()) and _HURT_WORD.search(text, 0, m.start()):
            raw = m["n"] or "one"
            add(False, number(raw), raw, (m.start(), m.end()), more=True)
    for m in _ONE_PASSIVE.finditer(text):
        if free(m.start(), m.end()):
            verb = (
                m["v"]
                or m["v2"]
                or m["v4"]
                or m["v5"]
                or m["v11"]
                or m["v12"]
                or m["v13"]
                or "killed"
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
    r"\b(?:claim(?:s|ed|ing)?(?!\s+(?:the\s+)?(?:responsibility|credit))|"
    r"(?:conflicting|other|alternative|another|second|different)\s+(?:reports?|sources?|accounts?)|"
    r"unconfirmed|propaganda)\b"
    # A named source's own figure: "The Evening Courier puts it at 6" (not a
    # further count: "the governor reported that 3 gunmen were also shot").
    r"|(?![^.]*\b(?:also|additional|further|another)\b)\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+(?:reports|reported|puts|put|gives|gave)\s+"
    r"(?:that\s+)?(?:at\s+least\s+|some\s+|about\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)\b",
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
