"""Hostile and broken input: no crash, no corrupt output, no lost file.

Every public entry point (the geoparser in "fast" and "ner" mode, geoparse,
the geopy geocoder, the gazetteer, the CLI in real subprocesses) is fed empty,
binary, mis-encoded, control-character, right-to-left, huge and name-stuffed
input. A result must satisfy the documented invariants; a CLI failure must be
exactly one ``Error:`` line on stderr with a non-zero exit.

Known bugs are ``xfail(strict=True)`` with the reason naming the fault, so
the fix turns them into passing tests (and strictness makes the suite say
so). The large-input figures quoted in docs/limits.md come from these tests.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import math
import os
import random
import shutil
import signal
import sqlite3
import string
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from geopy.location import Location

from geomap import GazetteerError, InputError, LocalGeocoder, OutputError, maps
from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.parser import Geoparser, geoparse, load_spacy
from geomap.models import Evidence, Extraction, Incident, Mention, Place

REPO = Path(__file__).resolve().parents[1]
ARTICLE = (REPO / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")
CONTROL = "".join(chr(i) for i in range(32)) + "\x7f"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"


# ---------------------------------------------------------------------------
# Invariants


def mention_problems(text: str, mentions: Sequence[Mention]) -> list[str]:
    """Every way ``mentions`` break the geoparser's contract for ``text``."""
    problems = []
    previous: Mention | None = None
    for m in mentions:
        if not isinstance(m, Mention):
            problems.append(f"not a Mention: {m!r}")
            continue
        if not 0 <= m.start <= m.end <= len(text):
            problems.append(f"span {m.start}..{m.end} outside text of length {len(text)}")
        if text[m.start : m.end] != m.text:
            problems.append(f"text[{m.start}:{m.end}]={text[m.start : m.end]!r} != {m.text!r}")
        if not (0.0 <= m.confidence <= 1.0) or math.isnan(m.confidence):
            problems.append(f"confidence {m.confidence!r} of {m.text!r} outside [0, 1]")
        if m.place is not None and not (
            -90 <= m.place.latitude <= 90 and -180 <= m.place.longitude <= 180
        ):
            problems.append(f"place {m.place.id} at {m.place.latitude}, {m.place.longitude}")
        if previous is not None and not (previous.start < m.start and previous.end <= m.start):
            problems.append(f"{previous.start}..{previous.end} then {m.start}..{m.end}")
        previous = m
    return problems


def location_problems(value: Any, exactly_one: bool) -> list[str]:
    """Problems with a geocoder answer: None, a Location, or a list of them."""
    items = [value] if exactly_one else value
    if exactly_one and value is None:
        return []
    if not isinstance(items, list):
        return [f"expected a list, got {type(value).__name__}"]
    problems = []
    for loc in items:
        if not isinstance(loc, Location):
            problems.append(f"not a Location: {loc!r}")
        elif not (-90 <= loc.latitude <= 90 and -180 <= loc.longitude <= 180):
            problems.append(f"{loc.address} at {loc.latitude}, {loc.longitude}")
    return problems


# ---------------------------------------------------------------------------
# Inputs


def title_words(count: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))).title()
        for _ in range(count)
    )


def _pseudo_name(rng: random.Random) -> str:
    syllables = rng.randint(2, 4)
    return "".join(rng.choice("bdfghklmnprstvz") + rng.choice("aeiou") for _ in range(syllables))


def newsy_text(size: int, *, names_per_copy: int = 5, seed: int = 0) -> str:
    """``size`` characters: the example article repeated, each copy followed by
    a line of random Title Case names from a pool of 2,000."""
    rng = random.Random(seed)
    pool = [_pseudo_name(rng).title() for _ in range(2000)]
    parts, total = [], 0
    while total < size:
        names = " ".join(rng.choice(pool) for _ in range(names_per_copy))
        chunk = f"{ARTICLE}\n{names} said.\n\n"
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)[:size]


def country_text(gazetteer: Gazetteer, repeats: int = 50) -> str:
    """Every country name, ``repeats`` times, in sentences of ten."""
    names = sorted(p.name for p in gazetteer.places("country"))
    sentences = []
    for _ in range(repeats):
        for i in range(0, len(names), 10):
            group = names[i : i + 10]
            sentences.append(f"Envoys from {', '.join(group[:-1])} and {group[-1]} met.")
    return " ".join(sentences)


RANDOM_BYTES = random.Random(7).randbytes(4096)
INVALID_UTF8 = b"Troops in Baghdad\n\xff\xfe\xc3(Bas\xc3ra\x80\n\xed\xa0\x80Kut\xc0\xaf\n"
# The example article with two stray bytes in the sentence that reports the incident.
ARTICLE_STRAY_BYTES = ARTICLE.encode().replace(b"Troops deployed", b"Troops \xff\xfe deployed", 1)

HOSTILE_TEXTS: dict[str, str] = {
    "empty": "",
    "whitespace": " \t\n\r\n\u00a0\u2003 \u3000\n",
    "random bytes as latin-1": RANDOM_BYTES.decode("latin-1"),
    "random bytes, replaced": RANDOM_BYTES.decode("utf-8", errors="replace"),
    "png header": PNG_HEADER.decode("latin-1") + ARTICLE[:300],
    "invalid utf-8, replaced": INVALID_UTF8.decode("utf-8", errors="replace"),
    "utf-16 bytes read as latin-1": ARTICLE[:500].encode("utf-16").decode("latin-1"),
    "utf-16 decoded, bom kept": ARTICLE[:500].encode("utf-16").decode("utf-16-le"),
    "latin-1 read as utf-8": "Sāmarrā, Bogotá, Zürich, Kirkūk".encode("latin-1", "replace").decode(
        "utf-8", "replace"
    ),
    "control characters": CONTROL.join(["Troops in Baghdad", "Basra", "Kut", "Iraq."]),
    "nul inside names": ARTICLE[:1500].replace("a", "a\x00", 40),
    "line and paragraph separators": ARTICLE[:1500]
    .replace(" ", "\u2028", 30)
    .replace(".", ".\u2029"),
    "bidi overrides": BIDI.join(["BAGHDAD (AP) –", "Troops in Baghdad", "and Basra", "Iraq"]),
    "arabic mixed with english": (
        "بغداد (أ ب) – Troops deployed around Baghdad بغداد on Sunday. "
        "قتل خمسة في البصرة Basra, وفي الكوت Kut. Iraqi officials said العراق."
    ),
    "right-to-left only": "انتشرت القوات حول بغداد يوم الأحد بعد محاولة اغتيال رئيس الوزراء",
    "decomposed accents (nfd)": "Troops in Sa\u0304marra\u0304 and Kirku\u0304k, Iraq.",
    "html": "<html><script>alert(1)</script><p onclick='x'>Troops in <b>Baghdad</b></p>"
    + "<!-- Basra --><![CDATA[Kut]]>",
    "title case words": title_words(20_000),
    "only punctuation": "'’-.,;:!?()[]{}<>\"“”‘’«»" * 200,
    "possessives and hyphens": "Iraq's Iran's al-al-al-Basra-based pro-Iranian-backed " * 50,
    "long word": "Baghdad" * 20_000,
    "many dotted abbreviations": "U.S. D.C. St. Louis Ft. Worth Ind. Kan. " * 300,
}


# ---------------------------------------------------------------------------
# The library


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
@pytest.mark.parametrize("mode", ["fast", "ner"])
def test_geoparser_survives_hostile_text(
    request: pytest.FixtureRequest, mode: str, name: str
) -> None:
    parser: Geoparser = request.getfixturevalue(mode)
    text = HOSTILE_TEXTS[name]
    mentions = parser.parse(text)
    assert mention_problems(text, mentions) == []
    if name in ("control characters", "bidi overrides", "arabic mixed with english"):
        # The Latin-script names among the noise are still found.
        assert {"Baghdad", "Basra"} <= {m.text for m in mentions if m.place}


def test_geoparse_function_survives_hostile_text() -> None:
    for name, text in HOSTILE_TEXTS.items():
        assert mention_problems(text, geoparse(text, mode="fast")) == [], name


def test_geoparser_refuses_non_text_with_input_error(fast: Geoparser) -> None:
    for value in (None, b"Baghdad", 42, ["Baghdad"]):
        with pytest.raises(InputError):
            fast.parse(value)  # type: ignore[arg-type]


def test_fast_mode_survives_lone_surrogates(fast: Geoparser) -> None:
    # What open(..., errors="surrogateescape") hands over for undecodable bytes.
    text = INVALID_UTF8.decode("utf-8", errors="surrogateescape") + " Troops in Basra."
    mentions = fast.parse(text)
    assert mention_problems(text, mentions) == []
    assert "Basra" in {m.text for m in mentions}


def test_ner_mode_survives_lone_surrogates(ner: Geoparser) -> None:
    text = INVALID_UTF8.decode("utf-8", errors="surrogateescape") + " Troops in Basra."
    mentions = ner.parse(text)
    assert mention_problems(text, mentions) == []
    assert "Basra" in {m.text for m in mentions}


def test_ner_mode_parses_a_long_text_in_pieces(ner: Geoparser) -> None:
    # spaCy refuses texts beyond nlp.max_length (1,000,000 characters); the
    # recogniser sends long texts in pieces. Small pieces keep the test fast.
    text = (ARTICLE + "\n\n") * 4  # about 26,000 characters
    whole = ner.parse(text)
    ner.recognizer.chunk_size = 5_000  # type: ignore[attr-defined]
    try:
        mentions = ner.parse(text)
    finally:
        del ner.recognizer.chunk_size  # type: ignore[attr-defined]
    assert mention_problems(text, mentions) == []
    # Pieces are cut at line breaks, so no entity is cut: the same mentions.
    assert [(m.start, m.end, m.place) for m in mentions] == [
        (m.start, m.end, m.place) for m in whole
    ]
    assert sum(m.text == "Baghdad" for m in mentions) >= 4 * 5  # 5 in each copy


def test_ner_mode_respects_the_pipelines_max_length(gazetteer: Gazetteer) -> None:
    nlp = load_spacy()
    nlp.max_length = 20_000
    parser = Geoparser(gazetteer, mode="ner", nlp=nlp)
    text = (ARTICLE + "\n\n") * 4  # about 26,000 characters
    mentions = parser.parse(text)
    assert mention_problems(text, mentions) == []
    assert sum(m.text == "Baghdad" for m in mentions) >= 4


def test_length_changing_lower_case_does_not_shift_phrase_spans(fast: Geoparser) -> None:
    text = "İİİİİİ troops near the green zone"
    mentions = fast.parse(text)
    assert mention_problems(text, mentions) == []
    assert "green zone" in {m.text for m in mentions}


def test_decomposed_accents_do_not_split_names(fast: Geoparser) -> None:
    text = "Troops in Sa\u0304marra\u0304 and Kirku\u0304k, Iraq."
    mentions = fast.parse(text)
    assert mention_problems(text, mentions) == []
    assert [m.text for m in mentions] == ["Sa\u0304marra\u0304", "Kirku\u0304k", "Iraq"]


def test_parse_time_grows_linearly_with_sentence_start_names(
    fast: Geoparser, gazetteer: Gazetteer
) -> None:
    countries = sorted(p.name for p in gazetteer.places("country"))
    small = ". ".join(countries * 2) + "."
    large = ". ".join(countries * 32) + "."  # 16x the text

    def seconds(text: str) -> float:
        best = math.inf
        for _ in range(2):
            start = time.perf_counter()
            fast.parse(text)
            best = min(best, time.perf_counter() - start)
        return best

    seconds(small)  # warm the caches
    ratio = seconds(large) / seconds(small)
    # Linear work takes about 16 times as long; the quadratic scan about 80.
    assert ratio < 35, f"16x the text took {ratio:.0f}x the time"


def test_place_names_by_the_thousand(fast: Geoparser, gazetteer: Gazetteer) -> None:
    text = country_text(gazetteer)
    mentions = fast.parse(text)
    assert mention_problems(text, mentions) == []
    countries = {p.id for p in gazetteer.places("country")}
    resolved = [m for m in mentions if m.place is not None and m.place.id in countries]
    assert len(resolved) >= 0.9 * 50 * len(countries)


def test_place_names_by_the_thousand_ner(ner: Geoparser, gazetteer: Gazetteer) -> None:
    text = country_text(gazetteer, repeats=10)
    mentions = ner.parse(text)
    assert mention_problems(text, mentions) == []
    assert len(mentions) >= 0.8 * 10 * len(list(gazetteer.places("country")))


def test_resolve_survives_hostile_spans(fast: Geoparser) -> None:
    for name, text in HOSTILE_TEXTS.items():
        n = len(text)
        spans = [(0, n), (0, 0), (n, n), (n // 2, n // 2), (0, n // 3), (n // 3, n), (0, n)]
        mentions = fast.resolve(text, spans)
        assert [(m.start, m.end) for m in mentions] == spans, name
        assert all(m.text == text[m.start : m.end] for m in mentions), name
        assert all(0.0 <= m.confidence <= 1.0 for m in mentions), name
    with pytest.raises(InputError):
        fast.resolve("Baghdad", [(0, 8)])
    with pytest.raises(InputError):
        fast.resolve("Baghdad", [(5, 2)])


HOSTILE_QUERIES = [
    *HOSTILE_TEXTS.values(),
    ",",
    ",,,,",
    ", Iraq",
    "Baghdad,",
    "Baghdad, , ,",
    "%",
    "_",
    "%Bagh%",
    "' OR 1=1 --",
    "Robert'); DROP TABLE names;--",
    "\x00",
    "Baghdad\x00",
    "B" * 1_000_000,
]


def test_geocoder_survives_hostile_queries(geocoder: LocalGeocoder) -> None:
    for query in HOSTILE_QUERIES:
        one = geocoder.geocode(query)
        assert location_problems(one, True) == [], repr(query[:40])
        many = geocoder.geocode(query, exactly_one=False)
        assert location_problems(many, False) == [], repr(query[:40])
    # SQL wildcards and quotes are data: they match nothing, not everything.
    assert geocoder.geocode("%") is None and geocoder.geocode("_") is None
    assert geocoder.geocode("' OR 1=1 --") is None
    assert geocoder.geocode("Baghdad\x00").address.startswith("Baghdad")  # type: ignore[union-attr]


def test_gazetteer_lookup_survives_hostile_queries(gazetteer: Gazetteer) -> None:
    for query in HOSTILE_QUERIES:
        found = gazetteer.lookup(query)
        assert isinstance(found, list) and all(isinstance(p, Place) for p in found)
        assert len(found) <= 10
    assert gazetteer.lookup("%") == [] and gazetteer.lookup("_") == []


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")  # geopy
@pytest.mark.parametrize(
    "query",
    [
        "",
        "abc",
        "nan, nan",
        "inf, 0",
        "0, -inf",
        "1e400, 0",
        "91, 0",
        (float("nan"), 0.0),
        (0.0, float("nan")),
        (float("inf"), 0.0),
        "بغداد",
        CONTROL,
        "\ud800, 0",
    ],
    ids=repr,
)
def test_reverse_answers_bad_coordinates_with_input_error(
    geocoder: LocalGeocoder, query: Any
) -> None:
    with pytest.raises(InputError):
        geocoder.reverse(query)


def test_reverse_of_nothing_is_an_input_error(geocoder: LocalGeocoder) -> None:
    # geopy itself reads None and () as (0, 0), a point in the Gulf of Guinea.
    for nothing in (None, "", (), []):
        with pytest.raises(InputError):
            geocoder.reverse(nothing)


@pytest.mark.parametrize(
    "point", [(90, 180), (-90, -180), (0, 0), (-0.0, -0.0), (89.9999, 179.9999), "33.3, 44.4"]
)
def test_reverse_at_the_edges_of_the_world(geocoder: LocalGeocoder, point: Any) -> None:
    answer = geocoder.reverse(point)
    assert location_problems(answer, True) == []
    many = geocoder.reverse(point, exactly_one=False)
    assert location_problems(many, False) == []


# ---------------------------------------------------------------------------
# Large inputs, in a subprocess with a time budget. The budgets are hang
# guards, ten times what a quiet machine needs: they catch a parser gone
# quadratic (hours), not a slow or busy machine. Speed is measured by the
# benchmarks, not here.

_PARSE_FILE = textwrap.dedent(
    """
    import json, sys, time
    from geomap.gazetteer import Gazetteer
    from geomap.geoparsing import Geoparser
    text = open(sys.argv[1], encoding="utf-8", newline="").read()
    parser = Geoparser(Gazetteer.default(), mode="fast")
    start = time.perf_counter()
    mentions = parser.parse(text)
    seconds = time.perf_counter() - start
    bad = 0
    previous_end = -1
    for m in mentions:
        ok = (0 <= m.start <= m.end <= len(text) and text[m.start:m.end] == m.text
              and 0 <= m.confidence <= 1 and m.start >= previous_end)
        bad += not ok
        previous_end = m.end
    baghdad = sum(1 for m in mentions if m.place is not None and m.place.name == "Baghdad")
    print(json.dumps({"chars": len(text), "mentions": len(mentions), "invalid": bad,
                      "baghdad": baghdad, "seconds": round(seconds, 1)}))
    """
)


def _parse_in_subprocess(path: Path, budget: float) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _PARSE_FILE, str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=budget,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the fast geoparser did not finish {path.name} within {budget:.0f} s")
    assert proc.returncode == 0, proc.stderr[-2000:]
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    print(f"{path.name}: {result}")  # the figures quoted in docs/limits.md
    return result


def test_fast_geoparser_parses_a_5_mb_single_line(tmp_path: Path) -> None:
    text = newsy_text(5_000_000).replace("\n", " ")
    assert "\n" not in text
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    result = _parse_in_subprocess(path, budget=120)
    assert result["invalid"] == 0
    copies = len(text) // (len(ARTICLE) + 60)
    assert result["baghdad"] >= 5 * copies  # the article names Baghdad 9 times


def test_fast_geoparser_parses_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "fifty.txt"
    text = newsy_text(50_000_000)
    path.write_text(text, encoding="utf-8")
    copies = len(text) // (len(ARTICLE) + 60)
    del text
    try:
        result = _parse_in_subprocess(path, budget=600)
    finally:
        path.unlink()  # pytest keeps recent temporary folders: do not keep 50 MB
    assert result["chars"] == 50_000_000
    assert result["invalid"] == 0
    assert result["baghdad"] >= 5 * copies


# ---------------------------------------------------------------------------
# The command line, in real subprocesses


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("GEOMAP_DEBUG", None)
    return env


def run_cli(
    args: Sequence[str | bytes], cwd: Path, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """``python -m geomap ARGS`` in a fresh interpreter, as a shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "geomap", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=_env(),
        timeout=timeout,
        check=False,
    )


def contract_problems(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    """A run either succeeds, or says why in exactly one ``Error:`` line."""
    stderr = proc.stderr.decode("utf-8", "replace")
    stdout = proc.stdout.decode("utf-8", "replace")
    problems = []
    if "Traceback" in stderr + stdout:
        problems.append("a traceback was printed")
    if proc.returncode < 0:
        problems.append(f"killed by signal {-proc.returncode}")
    if proc.returncode != 0:
        lines = stderr.splitlines()
        if len(lines) != 1 or not lines[0].startswith("Error:"):
            problems.append(f"stderr is not one 'Error:' line: {stderr[-600:]!r}")
        if "internal error" in stderr:
            problems.append(f"an unexpected exception: {stderr.strip()[:300]!r}")
    return problems


def _corpus(text: str, start: int, end: int, phrase: str) -> str:
    return (
        f"<articles><article docid='a1'><text>{text}</text><toponyms><toponym>"
        f"<start>{start}</start><end>{end}</end><phrase>{phrase}</phrase>"
        "<gaztag geonameid='1'><lat>33.3</lat><lon>44.4</lon></gaztag>"
        "</toponym></toponyms></article></articles>"
    )


# Hostile files, each command is run on (some of) them.
CLI_FILES: dict[str, bytes] = {
    "random.txt": RANDOM_BYTES,
    "png.txt": PNG_HEADER + RANDOM_BYTES[:200],
    "invalid-utf8.txt": INVALID_UTF8,
    "utf16-bom.txt": "Baghdad\nBasra\n".encode("utf-16"),
    "latin1.txt": "Sāmarrā\nBogotá\nZürich\n".encode("latin-1", "replace"),
    "control.txt": CONTROL.join(["Baghdad", "Basra\n", "Kut\u2028", "\u202eIraq\n"]).encode(),
    "empty.txt": b"",
    "whitespace.txt": b" \n\t\r\n  \n",
    "arabic.txt": HOSTILE_TEXTS["arabic mixed with english"].encode(),
    "html.txt": HOSTILE_TEXTS["html"].encode(),
}
# Files for the single-purpose cases below.
OTHER_FILES: dict[str, bytes] = {
    "names-utf-16.txt": "Baghdad\nBasra\n".encode("utf-16"),
    "names-utf-16-be.txt": b"\xfe\xff" + "Baghdad\nBasra\n".encode("utf-16-be"),
    "names-utf-8-sig.txt": "Baghdad\nBasra\n".encode("utf-8-sig"),
    "article-stray-bytes.txt": ARTICLE_STRAY_BYTES,
    "article-stray-bytes-straight-quotes.txt": ARTICLE_STRAY_BYTES.replace(
        "“".encode(), b'"'
    ).replace("”".encode(), b'"'),
    "article-utf-16.txt": ARTICLE.encode("utf-16"),
    "corpus-no-articles.xml": b"<articles/>",
    "corpus-empty-text.xml": b"<articles><article><text></text></article></articles>",
    "corpus-good.xml": _corpus("Troops in Baghdad.", 10, 17, "Baghdad").encode(),
    "corpus-huge-offset.xml": _corpus("Troops in Baghdad.", 10, 10**30, "Baghdad").encode(),
    "corpus-entities.xml": b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]>"
    b"<articles>&a;</articles>",
    "corpus-bad-char.xml": b"<articles><article><text>&#1;</text></article></articles>",
    "corpus-many.xml": b"<articles>"
    + b"<article><text>Troops in Baghdad.</text></article>" * 2000
    + b"</articles>",
    "corpus-outside-text.xml": _corpus("Troops in Baghdad.", 500, 507, "Nowhere").encode(),
}
# Commands run on hostile files: some files for the costlier ones.
CLI_COMMANDS: dict[str, tuple[list[str], Sequence[str]]] = {
    "geocode": (["geocode", "--format", "json", "-f", "{file}"], list(CLI_FILES)),
    "gazetteer info": (
        ["gazetteer", "info", "--gazetteer", "{file}"],
        ["random.txt", "png.txt", "empty.txt", "html.txt"],
    ),
    "extract": (["extract", "{file}", "--parser", "fast"], list(CLI_FILES)),
    "eval": (
        ["eval", "{file}", "--parser", "fast", "--json"],
        ["random.txt", "utf16-bom.txt", "empty.txt", "arabic.txt"],
    ),
    "map": (
        ["map", "{file}", "--parser", "fast", "-o", "{file}.map.html"],
        ["random.txt", "invalid-utf8.txt", "arabic.txt", "html.txt"],
    ),
    "report": (
        ["report", "{file}", "--parser", "fast", "-o", "{file}.report.html"],
        ["png.txt", "latin1.txt", "arabic.txt"],
    ),
}
CliCase = tuple[list[str | bytes], bytes | None]
# Bad coordinates and names, bytes that are not UTF-8 on the command line or stdin.
CLI_EXTRA: dict[str, CliCase] = {
    "reverse nan": (["reverse", "nan", "44"], None),
    "reverse inf": (["reverse", "33", "-inf"], None),
    "reverse 1e400": (["reverse", "1e400", "0"], None),
    "reverse text": (["reverse", "Baghdad", "Iraq"], None),
    "reverse comma": (["reverse", "33,3", "44,4"], None),
    "reverse control": (["reverse", "\x1b[31m33", "44\x07"], None),
    "reverse out of range": (["reverse", "--", "-91", "0"], None),
    "geocode control": (["geocode", "Bagh\x1bdad", "\u202eBasra", "--format", "json"], None),
    "geocode arabic": (["geocode", "بغداد", "Baghdad", "--format", "csv"], None),
    "geocode stdin random bytes": (["geocode", "--format", "json"], RANDOM_BYTES),
    "geocode stdin invalid utf-8": (["geocode"], INVALID_UTF8),
    "geocode -f - invalid utf-8": (["geocode", "-f", "-", "--format", "csv"], INVALID_UTF8),
    "geocode argv not utf-8": ([b"geocode", b"Bagh\xffdad"], None),
    "extract stdin invalid utf-8": (["extract", "-", "--parser", "fast"], ARTICLE_STRAY_BYTES),
}
# Cases with their own checks, in the tests further down.
CLI_SPECIAL: dict[str, CliCase] = {
    **{
        f"bom {enc}": (["geocode", "-f", f"names-{enc}.txt", "--format", "json"], None)
        for enc in ("utf-16", "utf-16-be", "utf-8-sig")
    },
    **{
        f"not clean {name}": (
            ["extract", f"{name}.txt", "--parser", "fast", "--format", "json"],
            None,
        )
        for name in ("article-stray-bytes", "article-stray-bytes-straight-quotes", "article-utf-16")
    },
    **{
        f"eval {name}": (["eval", name, "--parser", "fast", "--json"], None)
        for name in OTHER_FILES
        if name.startswith("corpus-")
    },
    "usage missing argument": (["reverse", "33"], None),
    "usage bad choice": (["geocode", "--format", "xml", "Baghdad"], None),
    "usage no such command": (["no-such-command"], None),
    "geocode control file": (["geocode", "-f", "control.txt", "--format", "json"], None),
}


def _cli_cases() -> dict[str, CliCase]:
    cases: dict[str, CliCase] = {}
    for cmd, (template, files) in CLI_COMMANDS.items():
        for name in files:
            cases[f"{cmd} {name}"] = ([a.format(file=name) for a in template], None)
    return cases | CLI_EXTRA | CLI_SPECIAL


CLI_CASES = _cli_cases()
CliResults = dict[str, tuple[subprocess.CompletedProcess[bytes], Path]]


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> CliResults:
    """Every CLI case, run once, four at a time (each a fresh interpreter)."""
    del gazetteer  # built before the first subprocess needs it
    folder = tmp_path_factory.mktemp("cli")
    for name, data in (CLI_FILES | OTHER_FILES).items():
        (folder / name).write_bytes(data)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            key: pool.submit(run_cli, args, folder, stdin)
            for key, (args, stdin) in CLI_CASES.items()
        }
        return {key: (future.result(), folder) for key, future in futures.items()}


# Cases expected to fail until a known bug is fixed (none at the moment).
XFAIL_CLI: dict[str, pytest.MarkDecorator] = {}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(k, marks=XFAIL_CLI[k]) if k in XFAIL_CLI else k
        for k in CLI_CASES
        if k not in CLI_SPECIAL
    ],
)
def test_cli_answers_hostile_input_with_one_error_line(cli_results: CliResults, case: str) -> None:
    proc, folder = cli_results[case]
    assert contract_problems(proc) == []
    if proc.returncode != 0:
        return
    out = proc.stdout.decode("utf-8")  # never invalid UTF-8 on stdout
    args = CLI_CASES[case][0]
    if case.startswith("geocode") and "json" in args:
        rows = json.loads(out)
        assert all(r["status"] in ("matched", "ambiguous", "fuzzy", "not found") for r in rows)
    if case.startswith("extract"):
        assert json.loads(out)["type"] == "FeatureCollection"
    if case.startswith(("map", "report")):
        page = (folder / str(args[-1])).read_text(encoding="utf-8")
        assert page.lstrip().lower().startswith("<!doctype html>")
        assert maps.external_references(page) == []


def test_cli_geocode_file_with_control_characters_keeps_every_line(
    cli_results: CliResults,
) -> None:
    proc, _ = cli_results["geocode control file"]
    assert contract_problems(proc) == [] and proc.returncode == 0
    rows = json.loads(proc.stdout)
    assert rows[-1]["query"].endswith("\u202eIraq")
    assert any(r["place"] and r["place"]["name"] == "Iraq" for r in rows)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_cli_geocode_reads_a_file_by_its_byte_order_mark(
    cli_results: CliResults, encoding: str
) -> None:
    proc, _ = cli_results[f"bom {encoding}"]
    assert contract_problems(proc) == [] and proc.returncode == 0
    assert [r["query"] for r in json.loads(proc.stdout)] == ["Baghdad", "Basra"]


@pytest.mark.parametrize(
    "name",
    [
        "article-stray-bytes",
        "article-stray-bytes-straight-quotes",
        "article-utf-16",
    ],
)
def test_cli_extract_reads_an_article_that_is_not_clean_utf8(
    cli_results: CliResults, name: str
) -> None:
    proc, _ = cli_results[f"not clean {name}"]
    assert contract_problems(proc) == [] and proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    assert "â€" not in out  # no UTF-8 punctuation read as Windows-1252
    mentions = json.loads(out)[0]["mentions"]
    assert "Green Zone" in {m["text"] for m in mentions}


@pytest.mark.parametrize(
    "case", ["usage missing argument", "usage bad choice", "usage no such command"]
)
def test_cli_usage_errors_are_one_line(cli_results: CliResults, case: str) -> None:
    proc, _ = cli_results[case]
    assert proc.returncode == 2
    assert contract_problems(proc) == []


@pytest.mark.parametrize(
    "name",
    [
        "corpus-no-articles",
        "corpus-empty-text",
        "corpus-good",
        "corpus-huge-offset",
        "corpus-entities",
        "corpus-bad-char",
        "corpus-many",
    ],
)
def test_cli_eval_survives_odd_corpora(cli_results: CliResults, name: str) -> None:
    proc, _ = cli_results[f"eval {name}.xml"]
    assert contract_problems(proc) == []
    if name in ("corpus-entities", "corpus-bad-char"):
        assert proc.returncode == 1 and f"{name}.xml".encode() in proc.stderr
    else:
        assert proc.returncode == 0
        assert json.loads(proc.stdout)["gold"]["mode"] == "gold"


def test_cli_eval_toponym_outside_its_text_is_named(cli_results: CliResults) -> None:
    proc, _ = cli_results["eval corpus-outside-text.xml"]
    assert contract_problems(proc) == []
    assert proc.returncode == 0 or b"corpus-outside-text.xml" in proc.stderr


# ---------------------------------------------------------------------------
# The gazetteer file


def _first_bytes(source: Path, target: Path, count: int) -> Path:
    with source.open("rb") as src, target.open("wb") as out:
        out.write(src.read(count))
    return target


@pytest.mark.parametrize(
    "make",
    ["empty", "random bytes", "png", "first page only", "first 1 MB", "sqlite, not a gazetteer"],
)
def test_unreadable_gazetteer_says_which_file_and_how_to_rebuild(
    gazetteer: Gazetteer, tmp_path: Path, make: str
) -> None:
    path = tmp_path / "bad.gpkg"
    if make == "empty":
        path.write_bytes(b"")
    elif make == "random bytes":
        path.write_bytes(random.Random(3).randbytes(100_000))
    elif make == "png":
        path.write_bytes(PNG_HEADER * 100)
    elif make == "first page only":
        _first_bytes(gazetteer.path, path, 4096)
    elif make == "first 1 MB":
        _first_bytes(gazetteer.path, path, 1_000_000)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (x TEXT)")
    before = path.read_bytes()
    with pytest.raises(GazetteerError) as caught:
        gaz = Gazetteer(path)
        gaz.lookup("Baghdad")
    message = str(caught.value)
    assert str(path) in message and "geomap gazetteer build" in message
    assert "\n" not in message
    assert path.read_bytes() == before  # a failed open changes nothing
    proc = run_cli(["gazetteer", "info", "--gazetteer", str(path)], tmp_path)
    assert contract_problems(proc) == [] and proc.returncode == 1
    assert str(path).encode() in proc.stderr


@pytest.fixture(scope="module")
def private_gazetteer(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gazetteer") / "copy.gpkg"
    shutil.copyfile(gazetteer.path, path)
    return path


@pytest.mark.parametrize(
    "blob",
    [b"XX" + bytes(30), b"GP\x00\x0e" + bytes(70), b"GP\x00\x01" + bytes(4) + b"\xde\xad" * 9],
    ids=["not geopackage", "bad envelope", "bad wkb"],
)
def test_corrupt_area_geometry_is_a_gazetteer_error(
    private_gazetteer: Path, tmp_path: Path, blob: bytes
) -> None:
    path = tmp_path / "blobs.gpkg"
    shutil.copyfile(private_gazetteer, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE areas SET geom = ?", (blob,))
    with Gazetteer(path) as gaz, pytest.raises(GazetteerError) as caught:
        gaz.lookup("Iraq", kind="country")
    assert str(path) in str(caught.value)
    assert "geomap gazetteer build" in str(caught.value)


def test_gazetteer_is_opened_read_only(private_gazetteer: Path) -> None:
    digest = hashlib.sha256(private_gazetteer.read_bytes()).hexdigest()
    with Gazetteer(private_gazetteer) as gaz:
        for statement in (
            "CREATE TABLE scratch (x INTEGER)",
            "DELETE FROM names",
            "UPDATE geomap_meta SET value = 'x'",
        ):
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                gaz._conn.execute(statement)
        parser = Geoparser(gaz, mode="fast")
        assert mention_problems(ARTICLE, parser.parse(ARTICLE)) == []
        assert gaz.reverse(33.3, 44.4).best is not None
    assert hashlib.sha256(private_gazetteer.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in private_gazetteer.parent.iterdir()) == ["copy.gpkg"]


# ---------------------------------------------------------------------------
# Writes are atomic: the old file or the new one, never half of either


def _small_map() -> Any:
    place = Place("gn:98182", "Baghdad", "city", 33.34058, 44.40088, "IQ", "Baghdad")
    incident = Incident(
        "Battles",
        "Armed clash",
        None,
        None,
        place,
        1,
        evidence=(Evidence(0, 5, "Clash"),),
    )
    extraction = Extraction("Clash", mentions=(Mention(0, 5, "Clash", place, 0.9),))
    return maps.incident_map(
        [extraction, Extraction("", incidents=(incident,))], basemap=False, title="new"
    )


def test_save_html_keeps_the_old_file_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_bytes(b"<p>the old map</p>")
    m = _small_map()
    written: list[tuple[str, int]] = []

    def failing_replace(src: str, dst: Any) -> None:
        written.append((src, os.path.getsize(src)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError, match="No space left"):
        maps.save_html(m, target)
    monkeypatch.undo()
    assert written and written[0][1] > 10_000  # the new page had been written in full
    assert target.read_bytes() == b"<p>the old map</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]  # no temp file left
    maps.save_html(m, target)
    assert b"the old map" not in target.read_bytes()


def test_interrupted_save_html_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_bytes(b"<p>the old map</p>")
    m = _small_map()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        maps.save_html(m, target)
    monkeypatch.undo()
    assert target.read_bytes() == b"<p>the old map</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


_KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from geomap import maps
    from geomap.models import Extraction, Mention, Place
    place = Place("gn:98182", "Baghdad", "city", 33.34058, 44.40088, "IQ", "Baghdad")
    m = maps.incident_map(Extraction("Baghdad", mentions=(Mention(0, 7, "Baghdad", place, 1.0),)),
                          basemap=False)
    def die(fd):
        # The whole new page is in the temporary file; the process dies before the rename.
        print(os.fstat(fd).st_size, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    os.fsync = die
    maps.save_html(m, sys.argv[1])
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_bytes(b"<p>the old map</p>")
    proc = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(target)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    assert int(proc.stdout.split()[0]) > 10_000  # it was killed mid-save, not before
    assert target.read_bytes() == b"<p>the old map</p>"


def _files(folder: Path) -> Iterator[str]:
    return (p.name for p in folder.iterdir())


def test_save_html_to_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        maps.save_html(_small_map(), tmp_path / "no" / "such" / "map.html")
    assert "map.html" in str(caught.value)
    assert list(_files(tmp_path)) == []


# ---------------------------------------------------------------------------
# Text from the data is never a template

# Harmless stand-ins for a template injection: arithmetic, and a call into
# Python's os module (the real attack would call os.system instead).
JINJA = "{{ 6*7 }}"
JINJA_PID = "{{ cycler.__init__.__globals__.os.getpid() }}"


def _jinja_extraction() -> Extraction:
    place = Place("user:tmpl", f"Town {JINJA} end", "city", 33.3, 44.4, "IQ")
    incident = Incident(
        "Battles",
        "Armed clash",
        None,
        None,
        place,
        1,
        actor1=f"Militia {JINJA} end",
        evidence=(Evidence(0, 40, f"Two guards {JINJA_PID} were killed {{% raw %}}."),),
    )
    return Extraction("x", mentions=(Mention(0, 4, "Town", place, 1.0),), incidents=(incident,))


@pytest.mark.parametrize("surface", ["save_html", "to_fragment", "report_html", "title"])
def test_map_text_is_not_a_jinja_template(tmp_path: Path, surface: str) -> None:
    extraction = _jinja_extraction()
    if surface == "title":
        m = maps.incident_map(extraction, basemap=False, title=f"Week {JINJA} {{% raw %}}")
        page = maps.save_html(m, tmp_path / "map.html").read_text(encoding="utf-8")
        assert f"Week {JINJA}" in page
        return
    if surface == "report_html":
        page = maps.report_html(extraction, tmp_path / "r.html", basemap=False).read_text()
    else:
        m = maps.incident_map(extraction, basemap=False)
        if surface == "save_html":
            page = maps.save_html(m, tmp_path / "map.html").read_text(encoding="utf-8")
        else:
            page = maps.to_fragment(m)
    assert f"Town {JINJA} end" in page and "Town 42 end" not in page
    assert f"Militia {JINJA} end" in page
    assert JINJA_PID in page and f"guards {os.getpid()} were" not in page


def test_cli_map_does_not_evaluate_an_article(tmp_path: Path) -> None:
    article = (
        "date 2021-11-07 BAGHDAD (AP) - Troops deployed around Baghdad on Sunday after a "
        f"drone attack killed two guards {JINJA} in the Green Zone.\n"
    )
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    proc = run_cli(["map", "article.txt", "--parser", "fast", "-o", "map.html"], tmp_path)
    assert contract_problems(proc) == [] and proc.returncode == 0
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "killed two guards" in page
    assert f"guards {JINJA} in" in page and "guards 42 in" not in page


def test_static_map_title_with_dollar_signs(tmp_path: Path) -> None:
    target = tmp_path / "static.png"
    maps.static_map(_jinja_extraction(), target, basemap=False, title="Cost $5 and $6 ($x^$)")
    assert target.stat().st_size > 1000
