"""Property-based tests: the contracts hold for any input, not just examples.

Hypothesis draws arbitrary Unicode and "newsy" text built from gazetteer
names, connectors, punctuation and awkward characters. Every test keeps to a
moderate number of examples and no deadline (the first look-ups of a name hit
the gazetteer file). Known bugs are left out of the strategies and pinned by
xfail tests, so a new failure here is a new bug.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from typing import Any

import pytest
from geopy.location import Location
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_hostile import location_problems, mention_problems

from geomap import InputError, LocalGeocoder
from geomap.gazetteer.names import exact_key, loose_key
from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.parser import Geoparser
from geomap.models import Extraction, Mention

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FEWER = settings(SETTINGS, max_examples=60)


def _usable(c: str) -> bool:
    # A known bug, pinned by an xfail test and left out of the strategies:
    # letters that decompose to a specially folded one ("ǽ" -> "æ") have a key
    # that is not its own key (test_exact_key_folds_letters_that_decompose_...).
    return exact_key(exact_key(c)) == exact_key(c)


characters = st.characters(codec="utf-8").filter(_usable)  # no lone surrogates
any_text = st.text(characters, max_size=300)

PIECES = [
    "Baghdad", "Basra", "Iraq", "Iran", "Iranian", "Iraqi", "Georgia", "Paris", "Texas",
    "Vienna", "Virginia", "Green Zone", "green zone", "southern provinces", "the Gulf",
    "Kut", "Al-Kut", "al-Kadhimi", "Muqtada al-Sadr", "Ned Price", "Jordan", "U.S.",
    "St. Louis", "Ind.", "Saudi Arabia", "United States", "Washington Post", "Prime Minister",
    "BAGHDAD (AP) –", "date 2021-11-07", "Iranian-backed", "pro-Iranian", "Baghdad-based",
    "Sāmarrā", "KIRKUK", "Nassiriya", "Rio de Janeiro", "Bay of Pigs", "Sharm el-Sheikh",
    " ", " ", " ", ", ", ", ", ". ", "\n", "\n\n", "-", "'s", "’s", " of ", " the ", " and ",
    "al-", "(", ")", "\"", "“", "”", "north ", "northern ", "around ", "outside ", "near ",
    "\u202e", "\x00", "\u0301", "ß", "ﬁ", "ǅ", "\u2028", "Ⅻ", "ＢＡＧＨＤＡＤ", "ς", "ı", "İ",
    "بغداد", "\t", "…", "—", "on Friday", "last month", "Capital", "City", "Mr.",
]  # fmt: skip
newsy_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(characters, max_size=6)), max_size=40
).map("".join)
some_text = st.one_of(any_text, newsy_text)


# ---------------------------------------------------------------------------
# Recognition and resolution


@SETTINGS
@given(text=some_text)
def test_fast_parse_gives_valid_mentions(fast: Geoparser, text: str) -> None:
    mentions = fast.parse(text)
    assert mention_problems(text, mentions) == []
    for m in mentions:
        assert m.precision in (None, 1, 2, 3)
        assert (m.place is None) == (m.precision is None)
        assert all(-90 <= p.latitude <= 90 and -180 <= p.longitude <= 180 for p in m.candidates)


@FEWER
@given(text=some_text)
def test_ner_parse_gives_valid_mentions(ner: Geoparser, text: str) -> None:
    assert mention_problems(text, ner.parse(text)) == []


@SETTINGS
@given(text=some_text)
def test_recognised_candidates_are_spans_of_the_text(fast: Geoparser, text: str) -> None:
    candidates = fast.recognize(text)
    ends = [c.end for c in candidates]
    assert all(0 <= c.start < c.end <= len(text) for c in candidates)
    assert all(text[c.start : c.end] == c.text for c in candidates)
    assert [c.start for c in candidates] == sorted(c.start for c in candidates)
    assert all(a <= b.start for a, b in zip(ends, candidates[1:], strict=False))


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(some_text)
    n = len(text)
    bound = st.integers(0, n)
    pairs = draw(st.lists(st.tuples(bound, bound), max_size=12))
    return text, [(min(a, b), max(a, b)) for a, b in pairs]


@SETTINGS
@given(case=text_and_spans())
def test_resolve_keeps_every_span_in_order(
    fast: Geoparser, case: tuple[str, list[tuple[int, int]]]
) -> None:
    text, spans = case
    mentions = fast.resolve(text, spans)
    assert [(m.start, m.end) for m in mentions] == spans
    for m in mentions:
        assert m.text == text[m.start : m.end]
        assert 0.0 <= m.confidence <= 1.0
        assert m.place is None or (-90 <= m.place.latitude <= 90)


@SETTINGS
@given(text=some_text, start=st.integers(-5, 5), extra=st.integers(1, 5))
def test_resolve_refuses_spans_outside_the_text(
    fast: Geoparser, text: str, start: int, extra: int
) -> None:
    bad = [(start, len(text) + extra)] if start >= 0 else [(start, 0)]
    with pytest.raises(InputError):
        fast.resolve(text, bad)


# ---------------------------------------------------------------------------
# The geocoder


@SETTINGS
@given(query=some_text, exactly_one=st.booleans())
def test_geocode_answers_any_query(geocoder: LocalGeocoder, query: str, exactly_one: bool) -> None:
    answer = geocoder.geocode(query, exactly_one=exactly_one)
    assert location_problems(answer, exactly_one) == []
    if exactly_one and answer is not None:
        again = geocoder.geocode(query, exactly_one=False)
        assert isinstance(again, list) and again and again[0].raw["id"] == answer.raw["id"]


@SETTINGS
@given(latitude=st.floats(-90, 90), longitude=st.floats(-180, 180))
def test_reverse_answers_every_point(
    geocoder: LocalGeocoder, latitude: float, longitude: float
) -> None:
    answer = geocoder.reverse((latitude, longitude))
    assert isinstance(answer, Location)
    record = answer.raw["reverse"]
    assert record["latitude"] == pytest.approx(latitude)
    assert record["nearest_km"] is None or 0 <= record["nearest_km"] <= 20_016  # half the globe


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")  # geopy
@SETTINGS
@given(
    query=st.one_of(
        some_text,
        st.tuples(st.floats(), st.floats()),
        st.tuples(st.floats(allow_nan=False), st.floats(allow_nan=False)).map(
            lambda p: f"{p[0]}, {p[1]}"
        ),
    )
)
def test_reverse_raises_only_input_error(geocoder: LocalGeocoder, query: Any) -> None:
    try:
        answer = geocoder.reverse(query)
    except InputError:
        return
    assert location_problems(answer, True) == []


# ---------------------------------------------------------------------------
# Name keys


WORD = re.compile(r"(?:[^\W_]+(?: [^\W_]+)*)?")


@SETTINGS
@given(name=st.text(characters, max_size=60))
def test_exact_key_is_a_clean_fixed_point(name: str) -> None:
    key = exact_key(name)
    assert WORD.fullmatch(key), key
    assert not any(unicodedata.combining(c) for c in key)
    assert key == key.lower()
    assert exact_key(key) == key


@SETTINGS
@given(name=st.text(characters, max_size=60))
def test_loose_key_is_idempotent_and_never_empties_a_name(name: str) -> None:
    key = loose_key(name)
    assert loose_key(key) == key
    assert bool(key) == bool(exact_key(name))
    assert loose_key(exact_key(name)) == key


# Found by benchmarks/fuzz.py: NFKD turns these into æ, ø, œ, ð, ı, ʼn ...,
# which strip_accents no longer translates (it translates before decomposing).
DECOMPOSE_TO_SPECIAL = "ŉǢǣǼǽǾǿᴭᶞẚꟹ\U00010783\U000107a2\U0001d6a4"


def test_exact_key_folds_letters_that_decompose_to_special_ones() -> None:
    for c in DECOMPOSE_TO_SPECIAL:
        assert exact_key(exact_key(c)) == exact_key(c), c
    assert loose_key("Ǽlborg") == loose_key("Aelborg")


def test_exact_key_of_hangul_with_a_stray_mark_is_a_fixed_point() -> None:
    # Found by benchmarks/fuzz.py: a kept mark recomposed the Hangul syllable
    # before it, whose own key is decomposed.
    # So did a mark kept after a symbol, for a Balinese letter and its sign.
    for name in ("\uc45e\u0821", "\uc11c\uc6b8\u0301", "\uc11c\uc6b8", "\u1b08\u220c"):
        key = exact_key(name)
        assert exact_key(key) == key, name
    assert exact_key("\uc11c\uc6b8\u0821") == exact_key("\uc11c\uc6b8")


ascii_word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12)


@SETTINGS
@given(word=ascii_word, article=st.sampled_from(["al-", "Al ", "AL-", "el-", "as-", "ash-"]))
def test_loose_key_drops_the_arabic_article(word: str, article: str) -> None:
    # The article goes when at least three letters follow it, counted after
    # doubled letters are folded ("al-Aaa" keeps it: "al a").
    assume(len(re.sub(r"(\w)\1+", r"\1", word)) >= 3)
    assume(not re.match(r"(?:al|el|ul|an|as|ad|ar|at|az|ash|ath|adh)$", word))
    assert loose_key(article + word) == loose_key(word)


@SETTINGS
@given(words=st.lists(ascii_word, min_size=1, max_size=4))
def test_keys_ignore_ascii_case_and_punctuation(words: list[str]) -> None:
    plain = " ".join(words)
    for variant in (plain.upper(), plain.title(), "  " + "-".join(words) + ".", "_".join(words)):
        assert exact_key(variant) == exact_key(plain)
        assert loose_key(variant) == loose_key(plain)


# ---------------------------------------------------------------------------
# Dates


def _dates_module() -> Any:
    return pytest.importorskip("geomap.events.dates", reason="geomap.dates is not written yet")


dates_text = st.one_of(
    any_text,
    st.lists(
        st.sampled_from(
            [
                "on Friday",
                "last month",
                "late 2019",
                "October 10",
                "in May",
                "7 November 2021",
                "2021-11-07",
                "next week",
                "3 days ago",
                "yesterday",
                "this weekend",
                "since 2003",
                "31 February 2021",
                "0000-00-00",
                "9999-12-31",
                "Nov. 7, 2021",
                "in 2018",
                " ",
                ", ",
                ". ",
                "the 2018 vote",
                "2000 troops",
                "next Friday",
                "last year",
                "earlier this month",
                "December 31, 9999",
                "1 January 1",
                "10000 years ago",
            ]
        )
        | st.text(characters, max_size=5),
        max_size=20,
    ).map("".join),
)
published_dates = st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))


@SETTINGS
@given(text=dates_text, published=published_dates, future=st.booleans())
def test_find_dates_gives_valid_intervals(text: str, published: Any, future: bool) -> None:
    dates = _dates_module()
    found = dates.find_dates(text, published, future=future)
    previous_end = 0
    for d in found:
        assert 0 <= d.start < d.end <= len(text) and text[d.start : d.end] == d.text
        assert d.start >= previous_end
        previous_end = d.end
        assert d.date <= d.last
        assert d.precision in dates.PRECISIONS
        if d.relative:
            assert published is not None
        json.dumps(d.to_dict())
    first = dates.resolve_date(text, published, future=future)
    assert first == (found[0] if found else None)


@SETTINGS
@given(value=st.one_of(dates_text, st.none(), st.integers(), st.dates(), st.datetimes()))
def test_publication_dates_parse_or_give_none(value: Any) -> None:
    published = pytest.importorskip("geomap.events.published")
    parsed = published.parse_published(value)
    assert parsed is None or isinstance(parsed, dt.date)
    if isinstance(value, str):
        head = published.dateline_date(value)
        assert head is None or isinstance(head, dt.date)


# ---------------------------------------------------------------------------
# GeoJSON


def geojson_problems(obj: Any) -> list[str]:
    """RFC 7946 essentials: types, [lon, lat] order and ranges, finite numbers."""
    problems: list[str] = []

    def position(pos: Any) -> None:
        if not (isinstance(pos, list | tuple) and len(pos) in (2, 3)):
            problems.append(f"bad position {pos!r}")
            return
        lon, lat = pos[0], pos[1]
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in pos):
            problems.append(f"non-finite position {pos!r}")
        elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"position {pos!r} is not [lon, lat] on the globe")

    def geometry(geom: Any) -> None:
        if geom is None:
            return
        kind, coords = geom.get("type"), geom.get("coordinates")
        depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
                 "Polygon": 2, "MultiPolygon": 3}  # fmt: skip
        if kind == "GeometryCollection":
            for g in geom.get("geometries", []):
                geometry(g)
            return
        if kind not in depth:
            problems.append(f"unknown geometry type {kind!r}")
            return

        def walk(value: Any, level: int) -> None:
            if level == 0:
                position(value)
            else:
                for item in value:
                    walk(item, level - 1)

        walk(coords, depth[kind])

    def feature(f: Any) -> None:
        if f.get("type") != "Feature":
            problems.append(f"not a Feature: {f.get('type')!r}")
        if "geometry" not in f or not isinstance(f.get("properties"), dict | type(None)):
            problems.append("a Feature needs 'geometry' and 'properties'")
        geometry(f.get("geometry"))

    if obj.get("type") == "FeatureCollection":
        for f in obj.get("features", []):
            feature(f)
    else:
        feature(obj)
    try:
        json.dumps(obj, allow_nan=False)
    except ValueError as exc:
        problems.append(f"not strict JSON: {exc}")
    return problems


def test_geojson_check_can_fail() -> None:
    bad = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [33.3, 144.4]}}
    assert geojson_problems(bad | {"properties": {}})
    assert geojson_problems({"type": "Feature", "properties": {}, "geometry": None}) == []


@SETTINGS
@given(text=some_text)
def test_mentions_and_places_are_valid_geojson(fast: Geoparser, text: str) -> None:
    for m in fast.parse(text):
        assert geojson_problems(m.__geo_interface__) == []
        if m.place is not None:
            assert geojson_problems(m.place.__geo_interface__) == []


@pytest.fixture(scope="module")
def area_places(gazetteer: Gazetteer) -> list[Any]:
    kinds = ("country", "admin1", "region", "district")
    return [p for p in gazetteer.places(kinds) if p.area is not None]


@SETTINGS
@given(data=st.data())
def test_gazetteer_areas_are_valid_geojson(area_places: list[Any], data: st.DataObject) -> None:
    place = data.draw(st.sampled_from(area_places))
    feature = place.__geo_interface__
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert geojson_problems(feature) == []


@FEWER
@given(text=some_text, published=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1))))
def test_export_to_geojson_is_valid(fast: Geoparser, text: str, published: Any) -> None:
    export = pytest.importorskip("geomap.scale.export")
    extract = pytest.importorskip("geomap.events.extract")
    extraction = extract.extract(text, published=published, geoparser=fast)
    collection = export.to_geojson(extraction)
    assert collection["type"] == "FeatureCollection"
    assert geojson_problems(collection) == []
    layers = [f["properties"]["layer"] for f in collection["features"]]
    assert layers.count("mentions") == len(extraction.mentions)
    assert layers.count("incidents") == len(extraction.incidents)


@SETTINGS
@given(text=some_text)
def test_export_of_parsed_mentions_is_valid(fast: Geoparser, text: str) -> None:
    export = pytest.importorskip("geomap.scale.export")
    mentions: tuple[Mention, ...] = tuple(fast.parse(text))
    collection = export.to_geojson(Extraction(text, mentions=mentions))
    assert geojson_problems(collection) == []
    assert len(collection["features"]) == len(mentions)
