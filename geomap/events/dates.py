"""Date expressions in news text, resolved against the publication date.

>>> import datetime as dt
>>> [d.date.isoformat() for d in find_dates("The protests turned deadly on Friday.",
...                                          dt.date(2021, 11, 7))]
['2021-11-05']

Every expression resolves to an interval ``[date, last]`` with a precision,
"day", "week", "month" or "year": "last month" in an article of 7 November
2021 is 2021-10-01..2021-10-31 with precision "month"; "late 2019" is
2019-09-01..2019-12-31 with precision "year" (a part of a year is no month).

Conventions, chosen for news reporting:

* a bare weekday ("on Friday", "Friday's clashes") is the most recent such
  day on or before publication, so "on Sunday" in a Sunday article is that
  day; "next Friday" and ``future=True`` look forward instead;
* a day or month without a year ("October 10", "in May") takes the year that
  puts it nearest to publication, past dates preferred (news reports mostly
  look back);
* a bare four-digit number is a year only after a word that introduces one
  ("in 2018", "since 2003", "late 2019", "the 2018 vote"): "2000 troops" is
  a number, not a date.

Relative expressions need a publication date; without one only absolute
dates are found. All functions are pure, never touch the network and never
raise on any input string: what cannot be read is skipped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "PRECISIONS",
    "DateMention",
    "Precision",
    "find_dates",
    "resolve_date",
]

Precision = Literal["day", "week", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression ``text[start:end]`` and the interval it names.

    ``date`` is the first day of the interval and ``last`` its last day
    (equal for precision "day"). ``relative`` marks expressions that needed
    the publication date ("Friday", "last month", "October 10").
    """

    start: int
    end: int
    text: str
    date: dt.date
    last: dt.date
    precision: Precision
    relative: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "date": self.date.isoformat(),
            "last": self.last.isoformat(),
            "precision": self.precision,
            "relative": self.relative,
        }


# -- vocabulary ----------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Month names are matched case-sensitively (capitalised or all capitals):
# "may" and "march" are verbs far more often than months.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# Nouns after which "the 2018 ..." is a year: events news refers back to.
_YEAR_NOUNS = (
    r"(?:vote|votes|election|elections|polls?|protests?|uprising|revolution|war|invasion|"
    r"attacks?|coup|referendum|ceasefire|truce|agreement|deal|accord|offensive|campaign|"
    r"earthquake|floods?|crisis|revolt|riots?|unrest|massacre|bombings?|siege|census|"
    r"budget|season|summit|talks|olympics|world cup|ballot)"
)

_Handler = Callable[["re.Match[str]", dt.date | None, bool], "_Found | None"]


@dataclass(frozen=True, slots=True)
class _Found:
    date: dt.date
    last: dt.date
    precision: Precision
    relative: bool


# -- interval helpers ----------------------------------------------------------


def _day(d: dt.date, relative: bool) -> _Found:
    return _Found(d, d, "day", relative)


def _month(year: int, month: int, relative: bool) -> _Found:
    last = calendar.monthrange(year, month)[1]
    return _Found(dt.date(year, month, 1), dt.date(year, month, last), "month", relative)


def _year(year: int, relative: bool, first_month: int = 1, last_month: int = 12) -> _Found:
    last = calendar.monthrange(year, last_month)[1]
    return _Found(dt.date(year, first_month, 1), dt.date(year, last_month, last), "year", relative)


def _week_of(d: dt.date, relative: bool) -> _Found:
    monday = d - dt.timedelta(days=d.weekday())
    return _Found(monday, monday + dt.timedelta(days=6), "week", relative)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_number(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        n = int(word)
        # "300 years ago" is history, "5000 days ago" a typo: neither is news.
        return n if 0 < n <= 200 else None
    return _NUMBERS.get(word)


def _nearest_year(month: int, day: int, pub: dt.date, future: bool) -> dt.date | None:
    """The date with this month and day nearest to ``pub`` (past preferred)."""
    options = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year
        gap = (d - pub).days
        # A month ahead is plausible ("the December 5 vote"), but a past
        # reading of equal distance is likelier in a news report.
        ahead, behind = (1, 3) if future else (3, 1)
        options.append((gap * ahead if gap >= 0 else -gap * behind, d))
    return min(options)[1] if options else None


# -- handlers ------------------------------------------------------------------
# Each takes (match, publication date, future) and returns a _Found or None.


def _iso(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    return _day(dt.date(int(m["y"]), int(m["m"]), int(m["d"])), False)


def _numeric(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    """ "21/03/2018", "on 22/06": day first, as most of the world writes it,
    unless only month-first makes sense ("05/13/2017")."""
    first, second = int(m["d"]), int(m["m"])
    day, month = (second, first) if second > 12 >= first else (first, second)
    year = m.groupdict().get("y")
    if year:
        y = int(year)
        return _day(dt.date(y + 2000 if y < 100 else y, month, day), False)
    if pub is None:
        return None
    # No year: the nearest such day on or before publication.
    cand = dt.date(pub.year, month, day)
    if cand > pub + dt.timedelta(days=7):
        cand = dt.date(pub.year - 1, month, day)
    return _day(cand, True)


def _day_month_year(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    return _day(dt.date(int(m["y"]), _month_number(m["mon"]), int(m["d"])), False)


def _month_day(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    month, day = _month_number(m["mon"]), int(m["d"])
    year = m.groupdict().get("y")
    if year:
        return _day(dt.date(int(year), month, day), False)
    if pub is None:
        return None
    d = _nearest_year(month, day, pub, future)
    return _day(d, True) if d else None


def _month_year(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    return _month(int(m["y"]), _month_number(m["mon"]), False)


def _bare_month(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    if pub is None:
        return None
    month = _month_number(m["mon"])
    which = (m["which"] or "").lower()
    year_word = (m["yw"] or "").lower()
    if year_word:
        year = pub.year + {"last": -1, "this": 0, "next": 1}[year_word]
    elif which == "next" or (future and which != "last"):
        year = pub.year if month > pub.month else pub.year + 1
    elif which == "last":
        year = pub.year if month < pub.month else pub.year - 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    return _month(year, month, True)


def _part_of_year(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    part = m["part"].lower().rstrip("-")
    span = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    return _year(int(m["y"]), False, *span)


def _year_only(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    return _year(int(m["y"]), False)


def _weekday(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    if pub is None:
        return None
    target = _WEEKDAYS[m["wd"].lower()]
    which = (m["which"] or "").lower()
    back = (pub.weekday() - target) % 7  # days back to the most recent such day
    if which == "last":
        # "last Friday" on a Friday is a week ago, not today.
        back = back or 7
        return _day(pub - dt.timedelta(days=back), True)
    if which in ("next", "this coming", "coming") or (future and which != "last"):
        ahead = (target - pub.weekday()) % 7
        if which in ("next", "this coming", "coming"):
            ahead = ahead or 7
        return _day(pub + dt.timedelta(days=ahead), True)
    return _day(pub - dt.timedelta(days=back), True)


def _relative_word(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    if pub is None:
        return None
    word = " ".join(m["w"].lower().split())
    if word in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _day(pub, True)
    if word in ("yesterday", "last night"):
        return _day(pub - dt.timedelta(days=1), True)
    if word == "the day before yesterday":
        return _day(pub - dt.timedelta(days=2), True)
    if word == "tomorrow":
        return _day(pub + dt.timedelta(days=1), True)
    return None


def _relative_period(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    if pub is None:
        return None
    which = m["which"].lower().split()[-1]  # "earlier this" -> "this"
    unit = m["unit"].lower()
    delta = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit == "week":
        return _week_of(pub + dt.timedelta(weeks=delta), True)
    if unit == "weekend":
        # The weekend just past (or this coming one): its Saturday and Sunday.
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        if delta > 0 or (future and delta == 0):
            saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7 or 7)
        return _Found(saturday, saturday + dt.timedelta(days=1), "week", True)
    if unit == "month":
        year, month = _shift_month(pub.year, pub.month, delta)
        return _month(year, month, True)
    return _year(pub.year + delta, True)


def _ago(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    if pub is None:
        return None
    n = _count(m["n"])
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        return _day(pub - dt.timedelta(days=n), True)
    if unit == "week":
        return _week_of(pub - dt.timedelta(weeks=n), True)
    if unit == "month":
        year, month = _shift_month(pub.year, pub.month, -n)
        return _month(year, month, True)
    return _year(pub.year - n, True)


def _recent(m: re.Match[str], pub: dt.date | None, future: bool) -> _Found | None:
    """ "in recent years", "over the past few months": a stretch that ends
    before publication, so that such background is not today's event."""
    if pub is None:
        return None
    unit = m["unit"].lower()
    if unit == "years":
        return _Found(pub - dt.timedelta(days=5 * 365), pub - dt.timedelta(days=180), "year", True)
    if unit == "months":
        return _Found(pub - dt.timedelta(days=182), pub - dt.timedelta(days=31), "month", True)
    return _Found(pub - dt.timedelta(weeks=8), pub - dt.timedelta(days=8), "week", True)


# Order matters only for equal spans: longer matches win anyway.
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"), _iso),
    # Year first, as metadata often writes it: "2016/10/01", "2016 Oct 1".
    (re.compile(r"(?<![\d/])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"), _iso),
    (
        re.compile(r"(?<![\d/.])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
        _numeric,
    ),
    # Without a year only after "on": "on 22/06" (a bare "3/4" may be a fraction).
    (re.compile(r"(?i:\bon\s+)(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])"), _numeric),
    (
        re.compile(rf"\b(?P<y>\d{{4}}),?\s+(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}}){_ORD}(?!\d)"),
        _day_month_year,
    ),
    (
        re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>\d{{4}})\b"),
        _day_month_year,
    ),
    (
        re.compile(
            rf"\b(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}}){_ORD}(?!\d)(?:,?\s+(?P<y>\d{{4}})(?!\d))?"
        ),
        _month_day,
    ),
    (
        re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH})(?![\w])"),
        _month_day,
    ),
    (re.compile(rf"\b(?P<mon>{_MONTH}),?\s+(?P<y>\d{{4}})(?!\d)"), _month_year),
    (
        re.compile(
            rf"(?i:\b(?:(?P<which>last|next|this)|in|since|until|till|during|by|before|after|"
            rf"early|mid|late|of|from)[\s-]+)(?P<mon>{_MONTH})\b"
            rf"(?:,?\s+(?i:(?P<yw>last|this|next)\s+year))?"
        ),
        _bare_month,
    ),
    (re.compile(rf"\b(?P<part>(?i:early|mid-?|late))[\s-]*(?P<y>{_YEAR})(?!\d)"), _part_of_year),
    (
        re.compile(
            rf"(?i:\b(?:in|since|during|until|till|before|after|of|from|by|around|circa)\s+)"
            rf"(?:(?i:the\s+)?(?i:year\s+))?(?P<y>{_YEAR})(?![\d,.]\d)(?!['’]?s\b)"
        ),
        _year_only,
    ),
    (re.compile(rf"(?i:\bthe\s+)(?P<y>{_YEAR})(?=\s+(?i:{_YEAR_NOUNS})\b)"), _year_only),
    (
        re.compile(
            rf"(?:\b(?P<which>(?i:last|next|this coming|coming))\s+)?(?P<wd>{_WEEKDAY})\b"
            r"(?:['’]s)?"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|today|tonight|yesterday|tomorrow|"
            r"last\s+night|this\s+(?:morning|afternoon|evening))\b)"
        ),
        _relative_word,
    ),
    (
        re.compile(
            r"(?i:\b(?P<which>(?:earlier|later)\s+this|last|past|previous|this|next|coming)\s+"
            r"(?P<unit>week|weekend|month|year)\b)"
        ),
        _relative_period,
    ),
    (
        re.compile(rf"(?i:\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b)"),
        _ago,
    ),
    (
        re.compile(
            r"(?i:\b(?:in|over|during|throughout)\s+(?:the\s+)?(?:recent|past|last)\s+"
            r"(?:few\s+|several\s+|couple\s+of\s+)?(?P<unit>years|months|weeks)\b)"
        ),
        _recent,
    ),
)


def _candidates(text: str, pub: dt.date | None, future: bool) -> Iterator[DateMention]:
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            try:
                found = handler(m, pub, future)
            except (ValueError, OverflowError, KeyError):
                # 31 February, year 0, arithmetic past date.max: not a date.
                continue
            if found is None:
                continue
            yield DateMention(
                m.start(),
                m.end(),
                m.group(),
                found.date,
                found.last,
                found.precision,
                found.relative,
            )


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


_FINENESS = {"day": 3, "week": 2, "month": 1, "year": 0}


def find_dates(
    text: str, published: dt.date | dt.datetime | None = None, *, future: bool = False
) -> list[DateMention]:
    """Every date expression of ``text``, in text order, without overlaps.

    ``published`` anchors relative expressions (without it they are
    skipped); ``future`` reads bare weekdays and months forward, for
    sentences in the future tense ("protesters will gather on Friday").
    """
    if not isinstance(text, str) or not text:
        return []
    pub = _as_date(published)
    found = sorted(_candidates(text, pub, future), key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if out and d.start < out[-1].end:
            # Overlap: keep the finer ("the night of August 11" is a day, not
            # "of August"), then the longer ("October 10, 2021" over "October 10").
            if (_FINENESS[d.precision], d.end - d.start) > (
                _FINENESS[out[-1].precision],
                out[-1].end - out[-1].start,
            ):
                out[-1] = d
            continue
        out.append(d)
    return out


def resolve_date(
    expression: str, published: dt.date | dt.datetime | None = None, *, future: bool = False
) -> DateMention | None:
    """The first date expression found in ``expression``, or None.

    >>> import datetime as dt
    >>> d = resolve_date("last month", dt.date(2021, 11, 7))
    >>> (d.date.isoformat(), d.last.isoformat(), d.precision)
    ('2021-10-01', '2021-10-31', 'month')
    """
    found = find_dates(expression, published, future=future)
    return found[0] if found else None
