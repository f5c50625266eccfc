"""The publication date of a document: given by the caller, or read from
the text's head (a header line, a wire dateline, a date set off after the
dateline's dash, a date on a line of its own). Dates inside the story never
count as the publication date.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import _as_date, find_dates

__all__ = ["dateline_date", "header_end", "parse_published"]


_ISO_PREFIX = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")


def parse_published(value: object) -> dt.date | None:
    """A publication date from a date, a datetime or a string, else None.

    Strings are read as ISO 8601 ("2021-11-07", "2021-11-07T08:15:00Z"),
    else as the first absolute calendar day they contain ("7 November 2021").
    """
    direct = _as_date(value)
    if direct is not None:
        return direct
    if not isinstance(value, str):
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
    for d in find_dates(value):
        if d.precision == "day" and not d.relative:
            return d.date
    return None


_DATE_HEADER = re.compile(
    r"^\s*(?:date|published|updated|posted)\s*:?\s+(?P<rest>[^\n]{6,40})", re.IGNORECASE
)
_AFTER_DATELINE = re.compile(
    r"\s*(?:[–—-]{1,2}\s*)?(?:(?:published|updated|posted)\s*:?\s*)?(?P<rest>[^\n]{6,40})",
    re.IGNORECASE,
)
_DATELINE_END = re.compile(r"\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN|BBC)\)|\s[–—-]{1,2}\s")


def _date_after_dateline(text: str, at: int) -> tuple[dt.date, int] | None:
    """A publication date standing right after the dateline's dash, set off
    by a dash or a full stop ("— June 7, 2021 —"), and where it ends. "On
    Oct. 10, 2021, Iraqis voted" is the story, not a header."""
    after = _AFTER_DATELINE.match(text, at)
    if after is None or after["rest"].lower().startswith("on "):
        return None
    for d in find_dates(after["rest"]):
        stop = after.start("rest") + d.end
        if (
            d.precision == "day"
            and not d.relative
            and d.start < 4
            and re.match(r"\s*(?:[–—-]|\.(?:\s|$)|\n|$)", text[stop : stop + 3])
        ):
            return d.date, stop
    return None


def header_end(text: str) -> int:
    """Where a text's head (a header line, a dateline and the date set off
    after it) ends: dates before this offset date the publication, not an
    event."""
    if not isinstance(text, str):
        return 0
    head = text[:200]
    end = _DATELINE_END.search(head)
    if end is None:
        return 0
    found = _date_after_dateline(text, end.end())
    return found[1] if found else 0


def dateline_date(text: str) -> dt.date | None:
    """The publication date a text carries at its head, or None.

    Reads a header ("date 2021-11-07 BAGHDAD (AP)", "Published: 7 Nov 2021")
    or a wire dateline with a date ("BAGHDAD, Nov. 7, 2021 (Reuters) -").
    Dates inside the story itself never count: only the opening line up to
    the dateline's agency mark or dash is read.
    """
    if not isinstance(text, str):
        return None
    head = text[:200]
    m = _DATE_HEADER.match(head)
    if m:
        for d in find_dates(m["rest"]):
            if d.precision == "day" and not d.relative and d.start < 25:
                return d.date
    end = _DATELINE_END.search(head)
    if end is not None:
        for d in find_dates(head[: end.start()]):
            if d.precision == "day" and not d.relative:
                return d.date
        # Right after the dateline's dash: "BAMAKO, Mali (AP) — June 7, 2021 —"
        # or "... (AP) — Published 7 June 2021."
        found = _date_after_dateline(text, end.end())
        if found is not None:
            return found[0]
    # A date standing on a line of its own among the first lines (a title,
    # then "June 7, 2021", then the story).
    for line in text[:400].splitlines()[:4]:
        line = line.strip()
        if 6 <= len(line) <= 40:
            dates = find_dates(line)
            if (
                len(dates) == 1
                and dates[0].precision == "day"
                and not dates[0].relative
                and len(line) - len(dates[0].text) <= 12  # "Monday, 7 June 2021"
            ):
                return dates[0].date
    return None
