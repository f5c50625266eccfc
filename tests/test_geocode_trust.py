"""Issue 15: answers a user can trust from geocode, reverse and their batch
forms: no invented matches, a leading "the", honest errors and paths."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from geomap.cli import main
from geomap.gazetteer.geocoding import geocode_candidates
from geomap.gazetteer.store import Gazetteer
from geomap.scale.geocode import geocode_frame


@pytest.fixture
def runner(gazetteer: Gazetteer) -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def statuses(runner: CliRunner, *names: str) -> dict[str, dict[str, object]]:
    result = invoke(runner, "geocode", *names, "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["query"]: row for row in json.loads(result.stdout)}


# -- item 1: junk -------------------------------------------------------------


JUNK = ["xxxxxxxx", "X", "the city", "HoRV", "x" * 300, "Kul", "ONS", "20"]


def test_junk_is_not_found_in_the_cli(runner: CliRunner) -> None:
    rows = statuses(runner, *JUNK)
    assert {q: r["status"] for q, r in rows.items()} == dict.fromkeys(JUNK, "not found")


def test_junk_is_not_found_in_a_batch(gazetteer: Gazetteer) -> None:
    gdf = geocode_frame(pd.DataFrame({"n": [*JUNK, "Baghdad"]}), "n", gazetteer=gazetteer)
    assert list(gdf["status"]) == ["not found"] * len(JUNK) + ["matched"]
    assert gdf["match_score"].iloc[-1] == 1.0 and gdf["match_score"][: len(JUNK)].isna().all()


def test_a_place_named_so_outranks_a_place_called_so_in_another_language(
    gazetteer: Gazetteer,
) -> None:
    best = geocode_candidates(gazetteer, "Villanueva")[0].place
    assert best.name == "Villanueva" and best.country_code != "US"
    # ... unless it is far larger: Bagdad is Baghdad before Bagdad, Arizona.
    assert geocode_candidates(gazetteer, "Bagdad")[0].place.id == "gn:98182"


def test_a_looser_spelling_is_fuzzy_with_its_score(runner: CliRunner) -> None:
    rows = statuses(runner, "Mosull", "Basra", "Nassiriya")
    assert rows["Mosull"]["status"] == "fuzzy" and rows["Mosull"]["place"]["name"] == "Mosul"
    assert 0.8 <= float(rows["Mosull"]["match_score"]) < 1.0  # type: ignore[arg-type]
    # A spelling the gazetteer has is matched, even where the best place is
    # a variant of it (Basra the governorate has it; Basrah the city wins).
    assert rows["Basra"]["status"] == "matched" and rows["Basra"]["place"]["kind"] == "city"
    assert rows["Nassiriya"]["status"] == "matched"


def test_abbreviations_still_match(gazetteer: Gazetteer) -> None:
    for abbreviation, code in (("NY", "US"), ("UAE", "AE"), ("UK", "GB")):
        assert geocode_candidates(gazetteer, abbreviation)[0].place.country_code == code


# -- item 2: a leading "the" ----------------------------------------------------

THE = ["the West Bank", "the Gaza Strip", "the Green Zone", "the southern provinces"]


def test_a_leading_the_is_read_past(runner: CliRunner, gazetteer: Gazetteer) -> None:
    rows = statuses(runner, *THE, "The Hague")
    assert all(rows[q]["status"] == "matched" for q in THE), rows
    assert rows["the West Bank"]["place"]["country_code"] == "PS"
    assert rows["the Green Zone"]["place"]["id"] == "geomap:green-zone"
    assert rows["The Hague"]["place"]["country_code"] == "NL"
    stdin = invoke(runner, "geocode", "-f", "-", "--format", "csv", input="\n".join(THE) + "\n")
    assert [r["status"] for r in csv.DictReader(stdin.stdout.splitlines())] == ["matched"] * 4
    gdf = geocode_frame(pd.DataFrame({"n": THE}), "n", gazetteer=gazetteer)
    assert list(gdf["status"]) == ["matched"] * 4


# -- item 8: options and paths --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "ZZ", "Basra"], "unknown country 'ZZ'.*IQ"),
        (["--kind", "town", "Basra"], "'town' is not one of 'country', 'admin1'"),
        (["Baghdad", "-o", "ok.csv/x.csv"], "ok.csv is a file, not a folder"),
        (["Baghdad", "-o", "missing/dir/x.csv"], "the folder missing/dir does not exist"),
        (["Baghdad", "-o", "out.xlsx"], "cannot tell the format of out.xlsx"),
        (["Baghdad", "--prefix", "geo_"], "--prefix cannot be used without --input"),
        (["--input", "in.csv", "-c", "place", "-o", "ok.csv/x.csv"], "ok.csv is a file"),
        (["--input", "in.csv", "-c", "place", "-o", "o.csv", "Basra"], "names cannot be used"),
    ],
)
def test_bad_options_and_paths_are_one_line_errors(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    os.chdir(tmp_path)
    (tmp_path / "ok.csv").write_text("x\n")
    (tmp_path / "in.csv").write_text("place\nBaghdad\n")
    result = runner.invoke(main, ["geocode", *args])
    assert result.exit_code in (1, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert pytest.importorskip("re").search(message, lines[0]), lines[0]
    assert not (tmp_path / "missing").exists()  # no folder made on the way


def test_country_names_are_accepted(runner: CliRunner) -> None:
    rows = statuses(runner, "--country", "United Kingdom", "London")
    assert rows["London"]["place"]["country_code"] == "GB"
    rows = statuses(runner, "--country", "ca", "London")
    assert rows["London"]["place"]["country_code"] == "CA"


def test_no_names_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["geocode"], input="")
    assert result.exit_code == 2 and "no place names given" in result.stderr


def test_output_option_is_honoured(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = invoke(runner, "geocode", "Baghdad", "-o", str(out))
    assert result.stdout == ""
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert rows[0]["name"] == "Baghdad" and rows[0]["status"] == "matched"
    geo = tmp_path / "out.geojson"
    invoke(runner, "geocode", "Baghdad", "-o", str(geo))
    assert json.loads(geo.read_text())["features"][0]["properties"]["id"] == "gn:98182"


def test_gazetteer_build_checks_its_output_first(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    started = time.perf_counter()
    result = runner.invoke(main, ["gazetteer", "build", "-o", str(tmp_path / "file" / "g.gpkg")])
    assert result.exit_code == 1 and "is a file, not a folder" in result.stderr
    assert time.perf_counter() - started < 5  # refused before building, not after


def test_a_written_gazetteer_is_readable_by_others(tmp_path: Path) -> None:
    from geomap.gazetteer.build import write_gazetteer
    from geomap.gazetteer.schema import _no_progress

    path = tmp_path / "g.gpkg"
    write_gazetteer(path, [], {"format_version": "0"}, _no_progress)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


# -- item 10: one command each, the same option names -----------------------------


def test_csv_commands_are_aliases_with_the_same_options(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("place,lat,lon\nBaghdad,33.3,44.4\n")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    invoke(runner, "geocode", "--input", str(src), "-c", "place", "-o", str(a), "--prefix", "g_")
    invoke(runner, "geocode-csv", str(src), str(b), "-c", "place", "--prefix", "g_")
    assert a.read_text() == b.read_text()
    invoke(runner, "reverse", "--input", str(src), "--lat-column", "lat", "-o", str(a))
    result = invoke(runner, "reverse-csv", str(src), str(b), "--lat-column", "lat")
    assert a.read_text() == b.read_text()
    assert "reverse-geocoded 1 point into" in result.stderr  # not "1 points"
    for command in ("geocode-csv", "reverse-csv"):
        assert "Alias of" in invoke(runner, command, "--help").stdout
    assert "-j, --workers" in invoke(runner, "extract", "--help").stdout
    assert "-j, --workers" in invoke(runner, "corpus", "--help").stdout


# -- item 5 (batch part): invalid coordinates ----------------------------------------


def test_invalid_points_get_a_status_a_count_and_strict_fails(
    runner: CliRunner, tmp_path: Path
) -> None:
    src = tmp_path / "pts.csv"
    src.write_text("lat,lon\n33.3,44.4\n200,10\nabc,10\n,\n10,181\n")
    out = tmp_path / "out.csv"
    result = invoke(runner, "reverse", "--input", str(src), "-o", str(out))
    assert result.exit_code == 0 and "4 invalid points" in result.stderr
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [r["status"] for r in rows] == ["ok"] + ["invalid"] * 4
    strict = runner.invoke(main, ["reverse-csv", str(src), str(out), "--strict"])
    assert strict.exit_code == 1 and "4 rows with an invalid coordinate" in strict.stderr


def test_a_point_at_sea_names_the_sea(runner: CliRunner, gazetteer: Gazetteer) -> None:
    result = gazetteer.reverse(26.5, 52.0)
    assert result.country is None and result.sea is not None
    assert result.sea.name == "Persian Gulf" and result.best == result.sea
    text = invoke(runner, "reverse", "26.5", "52", "--format", "json").stdout
    assert json.loads(text)["sea"] == "Persian Gulf"
    # On land the sea is not named, in one point as in a batch.
    assert gazetteer.reverse(33.30, 44.39).sea is None
    from geomap.scale.reverse_geocode import reverse_arrays

    found = reverse_arrays([26.5, 33.30], [52.0, 44.39], gazetteer=gazetteer)
    assert list(found["sea"]) == ["Persian Gulf", None]


def test_reverse_formats(runner: CliRunner) -> None:
    text = invoke(runner, "reverse", "33.30", "44.39", "--format", "csv").stdout
    assert next(csv.DictReader(text.splitlines()))["country"] == "Iraq"
    geo = json.loads(invoke(runner, "reverse", "33.30", "44.39", "--format", "geojson").stdout)
    assert geo["features"][0]["geometry"]["coordinates"] == [44.39, 33.3]


# -- item 9: Ctrl-C ------------------------------------------------------------------


def test_ctrl_c_says_what_is_saved_and_how_to_resume(tmp_path: Path, repo_root: Path) -> None:
    src = tmp_path / "big.csv"
    names = ["Baghdad", "Basra", "Mosul", "Kirkuk", "Paris"]
    src.write_text("place\n" + "\n".join(f"{names[i % 5]} {i}" for i in range(200_000)) + "\n")
    out = tmp_path / "out.csv"
    env = dict(os.environ, PYTHONPATH=str(repo_root))
    args = ["geocode", "--input", str(src), "-c", "place", "-o", str(out), "--chunksize", "500"]
    code = "from geomap.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stderr=subprocess.PIPE, text=True, env=env
    )
    checkpoint = out.with_name(out.name + ".partial.json")
    deadline = time.monotonic() + 120
    while not checkpoint.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "are done and saved in" in stderr and "rerun the same command to resume" in stderr
    assert "Traceback" not in stderr and "Aborted!" not in stderr
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and "resumed after row" in done.stderr
    assert len(pd.read_csv(out)) == 200_000
