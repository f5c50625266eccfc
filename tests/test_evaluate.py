"""Tests for geomap.geoparsing.evaluate: corpus reading, realignment and the scores.

The expected figures are worked out by hand in the comments next to each
assertion, from a three-article synthetic corpus and a small dictionary-based
parser.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from geomap.errors import InputError
from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.corpora import Document, GoldToponym, read_corpus
from geomap.geoparsing.evaluate import (
    MAX_ERROR_KM,
    ResolutionScores,
    SupportsGeoparse,
    _inside,
    evaluate,
    evaluate_file,
)
from geomap.models import Mention, Place

# geopy's great_circle uses a sphere of radius 6371.009 km, so one degree of
# latitude along a meridian is exactly this many km.
KM_PER_DEGREE = 6371.009 * math.pi / 180

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"

# (phrase, start, end, (lat, lon) or None)
Gold = tuple[str, int, int, tuple[float, float] | None]


def toponym(text: str, phrase: str, coords: tuple[float, float] | None, nth: int = 0) -> Gold:
    """A gold toponym at the nth occurrence of phrase in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return (phrase, start, start + len(phrase), coords)


def corpus_xml(articles: Sequence[tuple[str, str, Sequence[Gold]]]) -> str:
    """Serialise articles in the LGL / TR-News layout."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<articles>"]
    for docid, text, gold in articles:
        parts.append(f'  <article docid="{docid}">')
        parts.append(f"    <title>{escape(text[:20])}</title>")
        parts.append(f"    <text><![CDATA[{text}]]></text>")
        parts.append(f'    <toponyms count="{len(gold)}">')
        for phrase, start, end, coords in gold:
            parts.append("      <toponym>")
            parts.append(f"        <start>{start}</start><end>{end}</end>")
            parts.append(f"        <phrase>{escape(phrase)}</phrase>")
            if coords is not None:
                parts.append('        <gaztag geonameid="1">')
                parts.append(f"          <name>{escape(phrase)}</name>")
                parts.append("          <fclass>P</fclass><fcode>PPL</fcode>")
                parts.append(f"          <lat>{coords[0]}</lat><lon>{coords[1]}</lon>")
                parts.append('          <country geonameid="99237">Iraq</country>')
                parts.append("          <admin1/>")
                parts.append("        </gaztag>")
            parts.append("      </toponym>")
        parts.append("    </toponyms>")
        parts.append("  </article>")
    parts.append("</articles>")
    return "\n".join(parts) + "\n"


class DictParser:
    """A minimal dictionary geoparser (a test double for SupportsGeoparse).

    Recognition: longest match of a known name at word boundaries.
    Resolution: look the name up; failing that, drop a generic suffix such as
    " Province" and look again. A name that maps to None is one the parser
    recognises but cannot place, and yields an unresolved Mention.
    """

    GENERIC_SUFFIXES = (" Province", " Governorate", " District")

    def __init__(self, gazetteer: dict[str, Place | None]) -> None:
        self.gazetteer = gazetteer
        names = sorted(gazetteer, key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
        self.calls: list[str] = []

    def _lookup(self, name: str) -> Place | None:
        if name in self.gazetteer:
            return self.gazetteer[name]
        for suffix in self.GENERIC_SUFFIXES:
            if name.endswith(suffix):
                return self.gazetteer.get(name.removesuffix(suffix))
        return None

    def parse(self, text: str) -> list[Mention]:
        self.calls.append("parse")
        return [
            Mention(m.start(), m.end(), m.group(), place=self._lookup(m.group()))
            for m in self._pattern.finditer(text)
        ]

    def resolve(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        self.calls.append("resolve")
        return [Mention(s, e, text[s:e], place=self._lookup(text[s:e])) for s, e in spans]


def place(name: str, lat: float, lon: float) -> Place:
    return Place(id=f"test:{name.lower()}", name=name, kind="city", latitude=lat, longitude=lon)


# Gold coordinates.
MOSUL = (36.34, 43.13)
KIRKUK = (35.47, 44.39)
BASRA = (30.5, 47.8)
AMMAN = (31.95, 35.93)
TAL_AFAR = (36.37, 42.45)

TEXT_A = "Troops entered Mosul and Kirkuk, Jordan said."
TEXT_B = "Officials in Basra Province met envoys from Amman and Erbil, said Michael Jordan."
TEXT_C = "Fighting continued near Tal Afar."

ARTICLES = [
    (
        "a",
        TEXT_A,
        [toponym(TEXT_A, "Mosul", MOSUL), toponym(TEXT_A, "Kirkuk", KIRKUK)],
    ),
    (
        "b",
        TEXT_B,
        [
            toponym(TEXT_B, "Basra Province", BASRA),
            toponym(TEXT_B, "Amman", AMMAN),
            toponym(TEXT_B, "Erbil", None),  # recognition only
        ],
    ),
    ("c", TEXT_C, [toponym(TEXT_C, "Tal Afar", TAL_AFAR)]),
]


def make_parser() -> DictParser:
    return DictParser(
        {
            "Mosul": place("Mosul", *MOSUL),  # exactly right: 0 km
            "Kirkuk": place("Kirkuk", KIRKUK[0] + 3, KIRKUK[1]),  # 3 degrees north
            "Basra": place("Basra", BASRA[0] + 0.5, BASRA[1]),  # half a degree north
            "Amman": None,  # recognised, cannot be placed
            "Erbil": None,
            "Jordan": place("Jordan", 31.0, 36.0),  # a false positive in both texts
        }
    )


def norm_log(km: float) -> float:
    return min(1.0, math.log1p(km) / math.log(MAX_ERROR_KM))


@pytest.fixture
def corpus_path(tmp_path: Path) -> Path:
    path = tmp_path / "synthetic.xml"
    path.write_text(corpus_xml(ARTICLES), encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# Reading


def test_read_corpus_builds_documents(corpus_path: Path) -> None:
    docs = read_corpus(corpus_path)
    assert [d.docid for d in docs] == ["a", "b", "c"]
    assert docs[0].text == TEXT_A
    assert docs[0].title == TEXT_A[:20].strip()
    mosul = docs[0].toponyms[0]
    assert mosul == GoldToponym(
        start=15,
        end=20,
        phrase="Mosul",
        latitude=36.34,
        longitude=43.13,
        geonameid="1",
        name="Mosul",
        feature_class="P",
        feature_code="PPL",
        country="Iraq",
        admin1=None,
    )
    erbil = docs[1].toponyms[2]
    assert not erbil.has_coordinates and erbil.latitude is None
    for doc in docs:
        for t in doc.toponyms:
            assert doc.text[t.start : t.end] == t.phrase
            assert t.alignment == "exact" and t.original_span is None


def test_realignment(tmp_path: Path) -> None:
    text = "Mosul and Mosul again; fighting near Tal Afar and in Sinjar district."
    tal_afar = text.index("Tal Afar")
    sinjar = text.index("Sinjar")
    gold: list[Gold] = [
        ("Mosul", 1, 6, MOSUL),  # shifted +1: the occurrence at 0 is nearer than the one at 10
        ("Tal Afar", tal_afar + 3, tal_afar + 11, TAL_AFAR),  # shifted +3
        ("Sinjar", sinjar, sinjar + 6, (36.32, 41.87)),  # already right
        ("Ninawa", 5, 11, None),  # not in the text at all
    ]
    path = tmp_path / "shifted.xml"
    path.write_text(corpus_xml([("s", text, gold)]), encoding="utf-8")

    (doc,) = read_corpus(path)
    mosul, afar, sinjar_t, ninawa = doc.toponyms
    assert (mosul.span, mosul.alignment, mosul.original_span) == ((0, 5), "realigned", (1, 6))
    assert afar.span == (tal_afar, tal_afar + 8) and afar.alignment == "realigned"
    assert afar.original_span == (tal_afar + 3, tal_afar + 11)
    assert sinjar_t.alignment == "exact"
    # Not found: the file's offsets are kept and the toponym is flagged.
    assert (ninawa.span, ninawa.alignment, ninawa.original_span) == ((5, 11), "unaligned", None)

    # A window smaller than the shift leaves Tal Afar where the file put it.
    (narrow,) = read_corpus(path, realign_window=2)
    assert narrow.toponyms[0].alignment == "realigned"
    assert narrow.toponyms[1].alignment == "unaligned"
    assert narrow.toponyms[1].span == (tal_afar + 3, tal_afar + 11)

    report = evaluate([doc], make_parser(), mode="gold")
    assert (report.realigned, report.unaligned) == (2, 1)


def test_realignment_fixes_span_length(tmp_path: Path) -> None:
    # TR-News has spans one character short of their phrase ("Kenyan", 5 long).
    text = "The Kenyan runner won."
    path = tmp_path / "short.xml"
    path.write_text(corpus_xml([("k", text, [("Kenyan", 4, 9, None)])]), encoding="utf-8")
    (doc,) = read_corpus(path)
    assert doc.toponyms[0].span == (4, 10)
    assert doc.toponyms[0].alignment == "realigned"


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.xml"
    with pytest.raises(InputError, match=re.escape(str(path))) as info:
        read_corpus(path)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_bad_xml_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<articles>\n<article docid='1'><text>x</text>\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(str(path))) as info:
        read_corpus(path)
    assert "not well-formed XML" in str(info.value)
    assert "\n" not in str(info.value)


def test_directory_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape(str(tmp_path))):
        read_corpus(tmp_path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("<html><body/></html>", "expected <articles>"),
        ("<articles><article docid='7'><title/></article></articles>", "has no <text>"),
        (
            "<articles><article docid='7'><text>Mosul</text><toponyms><toponym>"
            "<start>zero</start><end>5</end><phrase>Mosul</phrase>"
            "</toponym></toponyms></article></articles>",
            "not an integer",
        ),
        (
            "<articles><article docid='7'><text>Mosul</text><toponyms><toponym>"
            "<start>0</start><end>5</end><phrase>Mosul</phrase>"
            "<gaztag><lat>north</lat><lon>43</lon></gaztag>"
            "</toponym></toponyms></article></articles>",
            "not a number",
        ),
    ],
)
def test_wrong_format_raises_input_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "other.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(str(path))) as info:
        read_corpus(path)
    assert "not in the LGL/TR-News format" in str(info.value)
    assert problem in str(info.value)


def test_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE articles [<!ENTITY lol "lol">]>\n'
        "<articles><article><text>&lol;</text></article></articles>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="DOCTYPE"):
        read_corpus(path)
    # UTF-16 hides the declaration from the byte scan; the parser hook catches it
    # before the internal subset (and its entities) is read.
    path.write_text(
        '<?xml version="1.0" encoding="utf-16"?>\n<!DOCTYPE articles [<!ENTITY lol "lol">]>\n'
        "<articles><article><text>&lol;</text></article></articles>\n",
        encoding="utf-16-be",
    )
    with pytest.raises(InputError, match="DOCTYPE"):
        read_corpus(path)


# --------------------------------------------------------------------------
# Scoring


def test_parser_double_satisfies_protocol() -> None:
    assert isinstance(make_parser(), SupportsGeoparse)


def test_end_to_end_scores(corpus_path: Path) -> None:
    parser = make_parser()
    report = evaluate(read_corpus(corpus_path), parser, mode="end-to-end")
    assert set(parser.calls) == {"parse"}
    assert (report.documents, report.gold_toponyms, report.gold_with_coordinates) == (3, 6, 5)

    # Predictions: Mosul, Kirkuk, Jordan | Basra, Amman, Erbil, Jordan | nothing.
    # Exact: TP Mosul, Kirkuk, Amman, Erbil = 4; FP Jordan x2, Basra = 3;
    # FN Basra Province, Tal Afar = 2.
    rec = report.recognition
    assert rec is not None
    assert (rec.true_positives, rec.false_positives, rec.false_negatives) == (4, 3, 2)
    assert rec.precision == pytest.approx(4 / 7)
    assert rec.recall == pytest.approx(4 / 6)
    assert rec.f1 == pytest.approx(8 / 13)
    # Overlap: Basra now matches Basra Province: TP 5, FP 2, FN 1.
    loose = report.recognition_overlap
    assert loose is not None
    assert (loose.true_positives, loose.false_positives, loose.false_negatives) == (5, 2, 1)
    assert loose.precision == pytest.approx(5 / 7)
    assert loose.recall == pytest.approx(5 / 6)
    assert loose.f1 == pytest.approx(10 / 13)

    # Resolution over all 5 gold toponyms with coordinates (exact matching):
    # Mosul 0 km, Kirkuk 3 degrees, and Basra Province (not matched exactly),
    # Amman (no place) and Tal Afar (missed) at the 20039 km penalty.
    kirkuk_km = 3 * KM_PER_DEGREE
    res = report.resolution
    assert (res.toponyms, res.unresolved) == (5, 3)
    assert res.accuracy_161 == pytest.approx(1 / 5)
    assert res.mean_error_km == pytest.approx((kirkuk_km + 3 * MAX_ERROR_KM) / 5)
    assert res.median_error_km == pytest.approx(MAX_ERROR_KM)
    # Sorted normalised log errors [0, v(kirkuk), 1, 1, 1]; trapezoid, dx 1/4.
    assert res.auc == pytest.approx((0 + norm_log(kirkuk_km) + 1 + 1 + 1 - (0 + 1) / 2) / 4)

    # With overlap matching Basra is found, 0.5 degrees off: within 161 km.
    basra_km = 0.5 * KM_PER_DEGREE
    res_o = report.resolution_overlap
    assert res_o is not None
    assert (res_o.toponyms, res_o.unresolved) == (5, 2)
    assert res_o.accuracy_161 == pytest.approx(2 / 5)
    assert res_o.mean_error_km == pytest.approx((kirkuk_km + basra_km + 2 * MAX_ERROR_KM) / 5)
    assert res_o.median_error_km == pytest.approx(kirkuk_km)
    expected_auc = (norm_log(basra_km) + norm_log(kirkuk_km) + 1 + 1 - 0.5) / 4
    assert res_o.auc == pytest.approx(expected_auc)


def test_gold_mode_scores(corpus_path: Path) -> None:
    parser = make_parser()
    seen: list[tuple[int, int]] = []
    report = evaluate(
        read_corpus(corpus_path),
        parser,
        mode="gold",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert set(parser.calls) == {"resolve"}
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert report.recognition is None and report.recognition_overlap is None
    assert report.resolution_overlap is None

    # Gold spans: Mosul 0 km, Kirkuk 3 degrees, Basra Province -> Basra 0.5
    # degrees; Amman (known name, no place) and Tal Afar (unknown) are
    # unresolved and cost 20039 km each. Erbil has no gold coordinates.
    kirkuk_km, basra_km = 3 * KM_PER_DEGREE, 0.5 * KM_PER_DEGREE
    res = report.resolution
    assert (res.toponyms, res.unresolved) == (5, 2)
    assert res.accuracy_161 == pytest.approx(2 / 5)
    assert res.mean_error_km == pytest.approx((kirkuk_km + basra_km + 2 * MAX_ERROR_KM) / 5)
    assert res.median_error_km == pytest.approx(kirkuk_km)
    assert res.auc == pytest.approx((norm_log(basra_km) + norm_log(kirkuk_km) + 1.5) / 4)


class SilentParser:
    """Recognises nothing and resolves nothing."""

    def parse(self, text: str) -> list[Mention]:
        return []

    def resolve(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        return []


@pytest.mark.parametrize("mode", ["gold", "end-to-end"])
def test_unresolved_counts_as_maximum_error(corpus_path: Path, mode: str) -> None:
    report = evaluate(read_corpus(corpus_path), SilentParser(), mode=mode)  # type: ignore[arg-type]
    res = report.resolution
    # Not excluded: every one of the 5 gold toponyms is scored, as a miss.
    assert (res.toponyms, res.unresolved) == (5, 5)
    assert res.accuracy_161 == 0.0
    assert res.mean_error_km == pytest.approx(MAX_ERROR_KM)
    assert res.median_error_km == pytest.approx(MAX_ERROR_KM)
    assert res.auc == pytest.approx(1.0)
    if mode == "end-to-end":
        assert report.recognition is not None
        assert report.recognition.precision == 0.0 and report.recognition.recall == 0.0


def test_overlap_matching_is_one_to_one() -> None:
    # One long prediction overlapping two gold spans matches only one of them.
    text = "New York City Hall"
    doc = Document(
        docid="x",
        text=text,
        toponyms=(
            GoldToponym(0, 13, "New York City", 40.71, -74.0),
            GoldToponym(14, 18, "Hall", None, None),
        ),
    )
    parser = DictParser({"New York City Hall": place("City Hall", 40.71, -74.0)})
    report = evaluate([doc], parser, mode="end-to-end")
    loose = report.recognition_overlap
    assert loose is not None
    assert (loose.true_positives, loose.false_positives, loose.false_negatives) == (1, 0, 1)
    assert report.resolution_overlap is not None
    assert report.resolution_overlap.accuracy_161 == 1.0  # matched to New York City
    assert report.recognition is not None and report.recognition.true_positives == 0


def test_invalid_mode_raises(corpus_path: Path) -> None:
    with pytest.raises(InputError, match="end-to-end"):
        evaluate([], make_parser(), mode="both")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="limit"):
        evaluate_file(corpus_path, make_parser(), "gold", limit=-1)


def test_evaluate_file_limit_and_report_output(corpus_path: Path) -> None:
    report = evaluate_file(corpus_path, make_parser(), "end-to-end", limit=1)
    assert report.documents == 1 and report.gold_toponyms == 2
    assert report.corpus == str(corpus_path)
    assert report.parser_seconds > 0
    assert report.docs_per_second is not None and report.docs_per_second > 0
    data = report.to_dict()
    json.dumps(data)  # JSON-safe
    assert data["recognition"]["precision"] == pytest.approx(2 / 3)  # Mosul, Kirkuk; Jordan
    text = report.format()
    assert "Recognition" in text and "Resolution" in text
    assert str(corpus_path) in text
    assert "66.7%" in text  # the precision, as a percentage
    assert len(text.splitlines()) > 10


def test_empty_evaluation() -> None:
    report = evaluate([], make_parser(), mode="gold")
    assert report.documents == 0 and report.docs_per_second is None
    assert report.resolution.accuracy_161 is None
    assert "no gold toponyms" in report.format()
    json.dumps(report.to_dict())


# --------------------------------------------------------------------------
# The real corpora


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "documents", "toponyms", "with_coordinates", "realigned"),
    [("lgl.xml", 588, 5088, 4462, 0), ("trnews.xml", 118, 1319, 1275, 117)],
)
def test_real_corpora(
    name: str, documents: int, toponyms: int, with_coordinates: int, realigned: int
) -> None:
    path = CORPORA / name
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared corpora live in ../shared/corpora")
    docs = read_corpus(path)
    gold = [t for d in docs for t in d.toponyms]
    assert len(docs) == documents
    assert len(gold) == toponyms
    assert sum(t.has_coordinates for t in gold) == with_coordinates
    assert sum(t.alignment == "realigned" for t in gold) == realigned
    unaligned = [
        (d.docid, t.phrase) for d in docs for t in d.toponyms if t.alignment == "unaligned"
    ]
    print(f"{name}: {realigned} realigned, {len(unaligned)} could not be realigned")
    assert unaligned == [], f"{len(unaligned)} toponyms could not be realigned: {unaligned[:5]}"
    for doc in docs:
        for t in doc.toponyms:
            assert doc.text[t.start : t.end] == t.phrase, (doc.docid, t)


def test_area_aware_accuracy_counts_points_inside_the_resolved_polygon(
    gazetteer: Gazetteer,
) -> None:
    alberta = gazetteer.lookup("Alberta", kind="admin1")[0]
    # GeoNames' Alberta point lies 375 km from the polygon's centre, but in it.
    gold = GoldToponym(start=0, end=7, phrase="Alberta", latitude=52.28333, longitude=-117.469)
    elsewhere = GoldToponym(start=0, end=7, phrase="Alberta", latitude=45.0, longitude=-75.0)
    assert _inside(gold, alberta) and not _inside(elsewhere, alberta)
    assert not _inside(gold, None)
    scores = ResolutionScores.from_errors([375.0, 10.0, 2000.0], 0, [True, False, False])
    assert scores.accuracy_161 == pytest.approx(1 / 3)
    assert scores.accuracy_area == pytest.approx(2 / 3)
    assert ResolutionScores.from_errors([375.0], 0).accuracy_area is None
    with pytest.raises(ValueError):
        ResolutionScores.from_errors([1.0, 2.0], 0, [True])
