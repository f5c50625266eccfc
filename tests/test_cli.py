"""The geomap command: CliRunner for most checks, real subprocesses for a few."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from geopy.distance import geodesic

import geomap
from geomap.cli import main
from geomap.gazetteer.store import Gazetteer

GREEN_ZONE = (33.305, 44.385)
# The columns the CLI documents for every place it prints.
PLACE_COLUMNS = [
    "id",
    "name",
    "kind",
    "country_code",
    "admin1",
    "latitude",
    "longitude",
    "population",
    "precision",
    "local_name",
]
IRAQI_NAMES = ["Baghdad", "Basrah", "Nassiriya", "Kut"]
HANDMADE_NAMES = ["Green Zone", "Baghdad", "Basrah", "Nassiriya", "southern provinces", "Kurdistan"]


@pytest.fixture
def runner(gazetteer: Gazetteer) -> CliRunner:
    # Depending on `gazetteer` builds the default file before any command runs.
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def run_geomap(*args: str, cwd: Path, repo_root: Path) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh interpreter, as a user's shell would."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", "from geomap.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def by_query(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["query"]: row for row in rows}


# -- geocode ------------------------------------------------------------------


def test_geocode_json(runner: CliRunner) -> None:
    result = invoke(runner, "geocode", *IRAQI_NAMES, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = by_query(json.loads(result.stdout))
    assert list(rows) == IRAQI_NAMES
    for name, row in rows.items():
        assert row["status"] in ("matched", "ambiguous"), name
        assert row["place"]["country_code"] == "IQ", name
    assert rows["Nassiriya"]["place"]["name"] == "Nasiriyah"


@pytest.mark.usefixtures("handmade_layer")
def test_geocode_acceptance_in_a_subprocess(repo_root: Path, tmp_path: Path) -> None:
    proc = run_geomap(
        "geocode", *HANDMADE_NAMES, "--format", "json", cwd=tmp_path, repo_root=repo_root
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    rows = by_query(json.loads(proc.stdout))
    assert list(rows) == HANDMADE_NAMES
    for name, row in rows.items():
        assert row["place"] is not None, name
        assert row["place"]["country_code"] == "IQ", name
    green = rows["Green Zone"]["place"]
    assert geodesic((green["latitude"], green["longitude"]), GREEN_ZONE).km < 2


def test_geocode_unknown_name(runner: CliRunner) -> None:
    result = invoke(runner, "geocode", "Xqzzyplace", "Kut", "--format", "json")
    assert result.exit_code == 0
    rows = by_query(json.loads(result.stdout))
    assert rows["Xqzzyplace"]["status"] == "not found"
    assert rows["Xqzzyplace"]["place"] is None
    assert rows["Kut"]["status"] == "matched"


def test_geocode_csv(runner: CliRunner) -> None:
    result = invoke(runner, "geocode", *IRAQI_NAMES, "--format", "csv")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames is not None
    assert reader.fieldnames[0] == "query"
    assert reader.fieldnames[-len(PLACE_COLUMNS) :] == PLACE_COLUMNS
    rows = list(reader)
    assert [r["query"] for r in rows] == IRAQI_NAMES
    for row in rows:
        assert row["country_code"] == "IQ"
        assert -90 <= float(row["latitude"]) <= 90
        assert -180 <= float(row["longitude"]) <= 180
        assert int(row["precision"]) in (1, 2, 3)


def test_geocode_candidates_add_a_rank_column(runner: CliRunner) -> None:
    result = invoke(runner, "geocode", "Vienna", "-n", "3", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert len({r["id"] for r in rows}) == 3


def test_geocode_geojson(runner: CliRunner) -> None:
    result = invoke(runner, "geocode", *IRAQI_NAMES, "Xqzzyplace", "--format", "geojson")
    assert result.exit_code == 0, result.output
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["properties"]["query"] for f in features] == IRAQI_NAMES  # not-found left out
    for feature in features:
        props = feature["properties"]
        assert set(PLACE_COLUMNS) <= set(props)
        assert props["country_code"] == "IQ"
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == [props["longitude"], props["latitude"]]


def test_geocode_table(runner: CliRunner) -> None:
    result = invoke(runner, "geocode", "Kut", "Xqzzyplace")
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header.split() == ["query", "status", "match_score", *PLACE_COLUMNS]
    assert len(lines) == 2
    assert "IQ" in lines[0].split()
    assert "not found" in lines[1]


def test_geocode_names_from_a_file(runner: CliRunner, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Mosul\n\n  Kirkuk  \n", encoding="utf-8")
    result = invoke(runner, "geocode", "Kut", "-f", str(names), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["query"] for r in rows] == ["Kut", "Mosul", "Kirkuk"]
    assert {r["place"]["country_code"] for r in rows} == {"IQ"}


def test_geocode_names_from_stdin(runner: CliRunner) -> None:
    result = invoke(runner, "geocode", "-f", "-", "--format", "json", input="Mosul\nErbil\n")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["query"] for r in rows] == ["Mosul", "Erbil"]
    assert {r["place"]["country_code"] for r in rows} == {"IQ"}


# -- reverse ------------------------------------------------------------------


def test_reverse_table(runner: CliRunner) -> None:
    result = invoke(runner, "reverse", "33.30", "44.39")
    assert result.exit_code == 0, result.output
    fields = {}
    for line in result.stdout.splitlines():
        key, _, value = line.partition(" ")
        fields[key] = value.strip()
    assert fields["admin1"] == "Baghdad"
    assert fields["country"] == "Iraq"
    assert fields["nearest"] == "Baghdad"


@pytest.mark.usefixtures("handmade_layer")
def test_reverse_names_green_zone_baghdad_iraq(runner: CliRunner) -> None:
    result = invoke(runner, "reverse", "33.30", "44.39", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert "Green Zone" in record["district"]
    assert record["admin1"] == "Baghdad"
    assert record["country"] == "Iraq"


def test_reverse_json_and_negative_coordinates(runner: CliRunner) -> None:
    result = invoke(runner, "reverse", "--format", "json", "--", "-33.87", "151.21")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["country_code"] == "AU"
    assert record["latitude"] == -33.87


# -- errors -------------------------------------------------------------------


@pytest.fixture
def corrupt_gazetteer(tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.gpkg"
    path.write_bytes(random.Random(0).randbytes(65536))
    return path


BAD_INPUTS = [
    ["reverse", "abc", "44"],
    ["reverse", "95", "44"],
    ["geocode", "-f", "/nonexistent"],
    ["gazetteer", "info", "--gazetteer", "corrupt.gpkg"],
]


def _check_one_error_line(exit_code: int, stderr: str, stdout: str) -> None:
    assert exit_code != 0
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error:")
    assert "Traceback" not in stderr + stdout


@pytest.mark.parametrize("args", BAD_INPUTS, ids=lambda a: " ".join(a))
def test_bad_input_gives_one_error_line(
    runner: CliRunner, args: list[str], corrupt_gazetteer: Path
) -> None:
    args = [str(corrupt_gazetteer) if a == "corrupt.gpkg" else a for a in args]
    result = runner.invoke(main, args)
    assert isinstance(result.exception, SystemExit | None), result.exception
    _check_one_error_line(result.exit_code, result.stderr, result.stdout)


@pytest.mark.parametrize("args", BAD_INPUTS, ids=lambda a: " ".join(a))
def test_bad_input_in_a_subprocess(
    repo_root: Path, tmp_path: Path, args: list[str], corrupt_gazetteer: Path
) -> None:
    # Runs in tmp_path, where the relative name "corrupt.gpkg" is the corrupt file.
    proc = run_geomap(*args, cwd=tmp_path, repo_root=repo_root)
    _check_one_error_line(proc.returncode, proc.stderr, proc.stdout)


def test_corrupt_gazetteer_message_says_how_to_rebuild(
    runner: CliRunner, corrupt_gazetteer: Path
) -> None:
    result = runner.invoke(main, ["gazetteer", "info", "--gazetteer", str(corrupt_gazetteer)])
    assert str(corrupt_gazetteer) in result.stderr
    assert "geomap gazetteer build" in result.stderr


# -- help and version ---------------------------------------------------------


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[list[str]]:
    yield list(prefix)
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))
        else:
            yield [*prefix, name]


COMMANDS = list(_command_paths(main))


def test_every_command_is_listed() -> None:
    listed = {" ".join(path) for path in COMMANDS}
    assert {"", "geocode", "reverse", "gazetteer", "gazetteer info"} <= listed
    assert {"gazetteer build", "gazetteer add", "gazetteer import-geonames"} <= listed


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "geomap")
def test_help_has_examples(path: list[str]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert result.stdout.startswith("Usage: ")


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert geomap.__version__ in result.stdout
    assert result.stdout.startswith("geomap")
