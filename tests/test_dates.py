"""Date expressions resolved against a publication date (geomap.events.dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.events.dates import PRECISIONS, find_dates, resolve_date
from geomap.events.published import dateline_date, parse_published

SUNDAY = dt.date(2021, 11, 7)  # the example article's publication day


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("expression", "first", "last", "precision"),
    [
        ("on Sunday", "2021-11-07", "2021-11-07", "day"),  # a Sunday article: that day
        ("Friday", "2021-11-05", "2021-11-05", "day"),
        ("Friday's clashes", "2021-11-05", "2021-11-05", "day"),
        ("on Saturday", "2021-11-06", "2021-11-06", "day"),
        ("last Sunday", "2021-10-31", "2021-10-31", "day"),
        ("next Friday", "2021-11-12", "2021-11-12", "day"),
        ("today", "2021-11-07", "2021-11-07", "day"),
        ("yesterday", "2021-11-06", "2021-11-06", "day"),
        ("three days ago", "2021-11-04", "2021-11-04", "day"),
        ("last week", "2021-10-25", "2021-10-31", "week"),
        ("last month", "2021-10-01", "2021-10-31", "month"),
        ("earlier this month", "2021-11-01", "2021-11-30", "month"),
        ("last year", "2020-01-01", "2020-12-31", "year"),
        ("late 2019", "2019-09-01", "2019-12-31", "year"),
        ("mid-2020", "2020-05-01", "2020-08-31", "year"),
        ("in 2018", "2018-01-01", "2018-12-31", "year"),
        ("the 2018 vote", "2018-01-01", "2018-12-31", "year"),
        ("October 10", "2021-10-10", "2021-10-10", "day"),
        ("Oct. 10", "2021-10-10", "2021-10-10", "day"),
        ("10 October 2021", "2021-10-10", "2021-10-10", "day"),
        ("October 10, 2019", "2019-10-10", "2019-10-10", "day"),
        ("May 2020", "2020-05-01", "2020-05-31", "month"),
        ("in May last year", "2020-05-01", "2020-05-31", "month"),
        ("2021-11-07", "2021-11-07", "2021-11-07", "day"),
    ],
)
def test_expressions(expression: str, first: str, last: str, precision: str) -> None:
    found = resolve_date(expression, SUNDAY)
    assert found is not None, expression
    assert (found.date, found.last, found.precision) == (d(first), d(last), precision)
    assert expression[found.start : found.end] == found.text


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("December 5", "2021-12-05"),  # a month ahead: the coming one
        ("March 3", "2021-03-03"),  # eight months ago, not four months ahead
        ("January 2", "2022-01-02"),
    ],
)
def test_year_of_a_day_without_one_is_the_nearest(expression: str, expected: str) -> None:
    found = resolve_date(expression, SUNDAY)
    assert found is not None and found.date == d(expected)


def test_bare_weekday_reads_forward_in_the_future_tense() -> None:
    found = resolve_date("Friday", SUNDAY, future=True)
    assert found is not None and found.date == d("2021-11-12")


@pytest.mark.parametrize(
    "text",
    ["May I help you?", "2000 troops were sent", "in the 1990s", "the march was long", ""],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, SUNDAY) == []


def test_relative_expressions_need_a_publication_date() -> None:
    found = find_dates("On Friday, a week after the 10 October 2021 vote")
    assert [(x.text, x.relative) for x in found] == [("10 October 2021", False)]


def test_longest_expression_wins_and_order_is_kept() -> None:
    text = "Voters went to the polls on October 10, 2021, and protested on Friday."
    found = find_dates(text, SUNDAY)
    assert [x.text for x in found] == ["October 10, 2021", "Friday"]
    assert [x.date for x in found] == [d("2021-10-10"), d("2021-11-05")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2021, 11, 7), "2021-11-07"),
        (dt.datetime(2021, 11, 7, 23, 59), "2021-11-07"),
        ("2021-11-07", "2021-11-07"),
        ("2021-11-07T08:15:00Z", "2021-11-07"),
        ("7 November 2021", "2021-11-07"),
        ("Nov. 7, 2021", "2021-11-07"),
    ],
)
def test_parse_published(value: object, expected: str) -> None:
    assert parse_published(value) == d(expected)


@pytest.mark.parametrize("value", ["not a date", "", "2021-13-45", None, 20211107, "Friday"])
def test_parse_published_rejects_without_raising(value: object) -> None:
    assert parse_published(value) is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("date 2021-11-07 BAGHDAD (AP) – Troops deployed", "2021-11-07"),
        ("BAGHDAD, Nov. 7, 2021 (Reuters) - Troops deployed", "2021-11-07"),
        ("Published: 7 November 2021\nTroops deployed", "2021-11-07"),
        ("BAGHDAD (AP) — On Oct. 10, 2021, Iraqis voted.", None),  # a date of the story
        ("Troops deployed around Baghdad on Sunday.", None),
    ],
)
def test_dateline_date(head: str, expected: str | None) -> None:
    assert dateline_date(head) == (d(expected) if expected else None)


def test_example_article_carries_its_date(repo_root) -> None:  # type: ignore[no-untyped-def]
    text = (repo_root / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")
    assert dateline_date(text) == SUNDAY


# -- properties ----------------------------------------------------------------

_WORDS = st.sampled_from(
    """on in last next this late early mid- the since Friday Sunday Monday May March Oct.
    October Dec. 10 31 29 2019 2021 1999 0000 9999 yesterday today tomorrow week month year
    weekend days ago three a , . 's ’s 2021-02-29 2021-11-07 of vote protests""".split()
)
_TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(_WORDS, max_size=12).map(" ".join),
)
_PUBS = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, published=_PUBS, future=st.booleans())
def test_any_string_never_raises_and_results_are_sane(
    text: str, published: dt.date | None, future: bool
) -> None:
    found = find_dates(text, published, future=future)
    previous_end = 0
    for x in found:
        assert 0 <= x.start < x.end <= len(text)
        assert text[x.start : x.end] == x.text
        assert x.start >= previous_end  # in text order, no overlaps
        previous_end = x.end
        assert x.precision in PRECISIONS
        assert x.date <= x.last
        assert (x.last - x.date).days <= 366
        if x.precision == "day":
            assert x.date == x.last
        if x.relative:
            assert published is not None
            # "200 years ago" is the furthest a relative expression reaches.
            assert abs(x.date.year - published.year) <= 201
    first = resolve_date(text, published, future=future)
    assert first == (found[0] if found else None)


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.text(max_size=60), st.integers(), st.none(), st.dates()))
def test_parse_published_and_dateline_never_raise(value: object) -> None:
    result = parse_published(value)
    assert result is None or isinstance(result, dt.date)
    if isinstance(value, str):
        head = dateline_date(value)
        assert head is None or isinstance(head, dt.date)
