"""Batch geocoding: frames, points, resumable CSV runs and their CLI commands.

Everything runs on the real default gazetteer. The crash tests kill a real
child process with SIGKILL, then resume in another one.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from geomap.cli import GeomapGroup
from geomap.cli.batch import register
from geomap.errors import InputError, OutputError
from geomap.gazetteer.reverse import haversine_km
from geomap.gazetteer.store import Gazetteer
from geomap.scale.batch import geocode_csv
from geomap.scale.geocode import GEOCODE_COLUMNS, geocode_frame
from geomap.scale.reverse_geocode import REVERSE_COLUMNS, reverse_arrays, reverse_frame

ROOT = Path(__file__).resolve().parents[1]


# -- geocode_frame -------------------------------------------------------------------


@pytest.fixture(scope="module")
def statuses(gazetteer: Gazetteer) -> gpd.GeoDataFrame:
    df = pd.DataFrame(
        {
            "town": ["Springfield", "Baghdad", "Xyzzyqq", None, "Vienna, Virginia", "Baghdad", ""],
            "iso": ["", "", "", "", "", "IQ", ""],
        }
    )
    return geocode_frame(df, "town", country_column="iso", gazetteer=gazetteer)


def test_statuses_on_real_names(statuses: gpd.GeoDataFrame) -> None:
    assert list(statuses["status"]) == [
        "ambiguous",
        "matched",
        "not found",
        "not found",
        "matched",
        "matched",
        "not found",
    ]
    baghdad = statuses.iloc[1]
    assert (baghdad.place_id, baghdad.place_name, baghdad.kind) == ("gn:98182", "Baghdad", "city")
    assert baghdad.country_code == "IQ" and baghdad.precision == 1
    assert abs(baghdad.latitude - 33.34) < 0.05 and abs(baghdad.longitude - 44.40) < 0.05
    assert baghdad.population > 5_000_000
    vienna = statuses.iloc[4]
    assert (vienna.country_code, vienna.admin1) == ("US", "Virginia")


def test_ambiguous_rows_keep_the_best_guess(statuses: gpd.GeoDataFrame) -> None:
    row = statuses.iloc[0]
    assert row.place_name == "Springfield" and row.country_code == "US"
    candidates = json.loads(row.candidates)
    assert len(candidates) == 3
    assert set(candidates[0]) == {
        *("id", "name", "country_code", "lat", "lon", "score", "match", "match_score")
    }
    assert candidates[0]["id"] == row.place_id
    scores = [c["score"] for c in candidates]
    assert scores == sorted(scores, reverse=True)
    # "far apart in space": the runner-up Springfield is another state.
    km = haversine_km(
        candidates[0]["lat"], candidates[0]["lon"], candidates[1]["lat"], candidates[1]["lon"]
    )
    assert km > 161


def test_not_found_rows_are_empty_not_missing(statuses: gpd.GeoDataFrame) -> None:
    row = statuses.iloc[2]
    assert row.candidates == "[]"
    assert pd.isna(row.place_id) and pd.isna(row.latitude) and pd.isna(row.population)
    assert row.geometry is None


def test_geometry_is_wgs84_points(statuses: gpd.GeoDataFrame) -> None:
    assert statuses.crs.to_epsg() == 4326
    baghdad = statuses.iloc[1]
    assert (baghdad.geometry.x, baghdad.geometry.y) == (baghdad.longitude, baghdad.latitude)
    assert list(statuses.columns[:2]) == ["town", "iso"]
    assert [c for c in statuses.columns if c in GEOCODE_COLUMNS] == list(GEOCODE_COLUMNS)


def test_best_place_agrees_with_lookup(gazetteer: Gazetteer) -> None:
    names = ["Basra", "Mosul", "Kirkuk", "Paris", "Alexandria", "Georgia", "Green Zone", "Tripoli"]
    names += ["BASRA", " basra ", "Sāmarrā'", "Samarra"]  # one lookup per exact key
    gdf = geocode_frame(pd.DataFrame({"n": names}), "n", gazetteer=gazetteer)
    assert list(gdf["place_id"]) == [gazetteer.lookup(n)[0].id for n in names]


def test_country_column_takes_codes_and_names(gazetteer: Gazetteer) -> None:
    df = pd.DataFrame({"n": ["Tripoli", "Tripoli", "Tripoli", "Tripoli"]})
    df["c"] = ["LB", "Lebanon", "lb", "Atlantis"]
    gdf = geocode_frame(df, "n", country_column="c", gazetteer=gazetteer)
    assert list(gdf["country_code"][:3]) == ["LB", "LB", "LB"]
    assert gdf["status"].iloc[3] == "not found"


def test_index_and_input_are_kept(gazetteer: Gazetteer) -> None:
    df = pd.DataFrame({"n": ["Mosul", "Mosul", "Basra"]}, index=[10, 20, 30])
    before = df.copy()
    gdf = geocode_frame(df, "n", gazetteer=gazetteer)
    assert list(gdf.index) == [10, 20, 30]
    pd.testing.assert_frame_equal(df, before)
    assert gdf.loc[10, "place_id"] == gdf.loc[20, "place_id"] != gdf.loc[30, "place_id"]


def test_clashing_and_missing_columns_are_one_line_errors(gazetteer: Gazetteer) -> None:
    df = pd.DataFrame({"n": ["Mosul"], "country_code": ["IQ"]})
    with pytest.raises(InputError, match="prefix"):
        geocode_frame(df, "n", gazetteer=gazetteer)
    gdf = geocode_frame(df, "n", country_column="country_code", prefix="geo_", gazetteer=gazetteer)
    assert gdf["geo_country_code"].iloc[0] == "IQ"
    with pytest.raises(InputError, match="no column 'town'"):
        geocode_frame(df, "town", gazetteer=gazetteer)


def test_repeated_names_cost_one_lookup(gazetteer: Gazetteer) -> None:
    # 200,000 rows of 4 names: deduplication makes this a handful of lookups.
    df = pd.DataFrame({"n": ["Mosul", "Basra", "Kut", "Springfield"] * 50_000})
    start = time.process_time()
    gdf = geocode_frame(df, "n", gazetteer=gazetteer)
    assert time.process_time() - start < 10
    assert gdf["status"].value_counts().to_dict() == {"matched": 150_000, "ambiguous": 50_000}


# -- reverse_frame -------------------------------------------------------------------


def test_reverse_frame_on_known_points(gazetteer: Gazetteer) -> None:
    df = pd.DataFrame({"lat": [33.30, 48.8566, None, 95.0], "lon": [44.39, 2.3522, 1.0, 0.0]})
    gdf = reverse_frame(df, gazetteer=gazetteer)
    first = gdf.iloc[0]
    assert (first.district, first.admin1, first.country, first.country_code) == (
        "Green Zone",
        "Baghdad",
        "Iraq",
        "IQ",
    )
    assert first.nearest == "Baghdad" and first.nearest_km < 10
    assert gdf.iloc[1].country == "France" and "Paris" in gdf.iloc[1].nearest
    # A missing or impossible coordinate gives empty cells, not an error.
    for i in (2, 3):
        assert gdf.iloc[i].status == "invalid"
        assert all(pd.isna(gdf.iloc[i][c]) for c in REVERSE_COLUMNS if c != "status")
    assert list(gdf.status[:2]) == ["ok", "ok"]
    assert gdf.crs.to_epsg() == 4326 and gdf.geometry.iloc[0].x == 44.39


def test_reverse_frame_takes_geodataframes_in_any_crs(gazetteer: Gazetteer) -> None:
    points = gpd.GeoDataFrame(
        {"name": ["gz"]}, geometry=gpd.points_from_xy([44.39], [33.30]), crs="EPSG:4326"
    ).to_crs("EPSG:3857")
    gdf = reverse_frame(points, gazetteer=gazetteer)
    assert gdf.crs == points.crs  # the input's geometry is kept as it was
    assert (gdf.iloc[0].district, gdf.iloc[0].country) == ("Green Zone", "Iraq")


def test_bulk_reverse_agrees_with_single_point_reverse(gazetteer: Gazetteer) -> None:
    rng = np.random.default_rng(7)
    lat = rng.uniform(-50, 65, 300)
    lon = rng.uniform(-150, 160, 300)
    bulk = reverse_arrays(lat, lon, gazetteer=gazetteer)
    for i, single in enumerate(gazetteer.reverse_index.reverse_many(lat, lon)):
        assert bulk["country"][i] == (single.country.name if single.country else None)
        assert bulk["admin1"][i] == (single.admin1.name if single.admin1 else None)
        assert bulk["district"][i] == (single.district.name if single.district else None)
        # Both find the great-circle nearest town (ties may differ by id).
        assert single.nearest_km is not None
        assert bulk["nearest_km"][i] <= single.nearest_km + 0.01


def test_reverse_without_coordinate_columns_is_an_input_error(gazetteer: Gazetteer) -> None:
    with pytest.raises(InputError, match="latitude"):
        reverse_frame(pd.DataFrame({"a": [1.0]}), gazetteer=gazetteer)


# -- resumable CSV -------------------------------------------------------------------

NAMES = ["Baghdad", "Springfield", "Xyzzyqq", "Basra", "Mosul", "Paris, Texas", "", "Kut"]


def _write_input(path: Path, rows: int) -> None:
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "id": [f"{i:06d}" for i in range(rows)],  # leading zeros must survive
            "town": rng.choice(NAMES, rows),
            "note": ["NA" if i % 5 == 0 else f'said "{i}", then left' for i in range(rows)],
        }
    )
    df.to_csv(path, index=False)


# A crash at the worst moment: after ``kill_after`` chunks are written and
# checkpointed, write half of the next one and SIGKILL the process.
_CHILD = """
import logging, os, signal, sys
from geomap.scale import batch

logging.basicConfig(level=logging.INFO, format="%(message)s")
kill_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
appended = 0
real_append = batch._append

def append(fh, data):
    global appended
    if kill_after is not None and appended >= kill_after:
        fh.write(data[: len(data) // 2])
        fh.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    appended += 1
    real_append(fh, data)

batch._append = append
batch.geocode_csv(sys.argv[1], sys.argv[2], "town", chunksize=int(sys.argv[3]))
"""


def _run_child(args: list[str], kill_after: int | None = None) -> subprocess.Popen[bytes]:
    extra = [] if kill_after is None else [str(kill_after)]
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, *args, *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> tuple[Path, str]:
    """An input of 30,000 rows and its uninterrupted output."""
    base = tmp_path_factory.mktemp("csv")
    src = base / "in.csv"
    _write_input(src, 30_000)
    out = base / "ref.csv"
    geocode_csv(src, out, "town", chunksize=4_000, gazetteer=gazetteer, summary=False)
    return src, out.read_text(encoding="utf-8")


def test_uninterrupted_run_writes_every_row_once(reference: tuple[Path, str]) -> None:
    src, text = reference
    out = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    inp = pd.read_csv(src, dtype=str, keep_default_na=False)
    assert len(out) == len(inp) == 30_000
    pd.testing.assert_frame_equal(out[inp.columns], inp)  # input cells untouched
    assert out["id"].is_unique and out["id"].iloc[0] == "000000"
    assert set(out["status"]) == {"matched", "ambiguous", "not found"}


def test_resume_after_sigkill_mid_chunk(reference: tuple[Path, str], tmp_path: Path) -> None:
    src, expected = reference
    out = tmp_path / "out.csv"
    # The hook writes half of the third chunk, then SIGKILLs the process.
    child = _run_child([str(src), str(out), "4000"], kill_after=2)
    assert child.wait(timeout=120) == -signal.SIGKILL
    state = json.loads((tmp_path / "out.csv.partial.json").read_text())
    assert state["rows_done"] == 8_000
    assert (tmp_path / "out.csv.partial").stat().st_size > state["partial_bytes"]  # torn write
    assert not out.exists()  # nothing half-written where the output goes
    # Resume with another chunk size: rows are counted, not chunks.
    resumed = _run_child([str(src), str(out), "3000"])
    assert resumed.wait(timeout=120) == 0
    assert b"resumed after row 8,000" in resumed.stderr.read()  # type: ignore[union-attr]
    assert out.read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_resume_after_external_kill(reference: tuple[Path, str], tmp_path: Path) -> None:
    src, expected = reference
    out = tmp_path / "out.csv"
    state = tmp_path / "out.csv.partial.json"
    child = _run_child([str(src), str(out), "200"])
    deadline = time.monotonic() + 120
    while not state.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=60) == -signal.SIGKILL, "the run ended before it could be killed"
    done = json.loads(state.read_text())["rows_done"]
    assert 0 < done < 30_000
    geocode_csv(src, out, "town", chunksize=1000, summary=False)
    text = out.read_text(encoding="utf-8")
    assert text == expected
    ids = pd.read_csv(out, dtype=str, usecols=["id"])["id"]
    assert ids.is_unique and len(ids) == 30_000


def test_changed_input_restarts_instead_of_resuming(tmp_path: Path, gazetteer: Gazetteer) -> None:
    src = tmp_path / "in.csv"
    _write_input(src, 3_000)
    out = tmp_path / "out.csv"
    child = _run_child([str(src), str(out), "1000"], kill_after=1)
    assert child.wait(timeout=120) == -signal.SIGKILL
    _write_input(src, 2_500)  # another file now: the checkpoint no longer applies
    result = geocode_csv(src, out, "town", chunksize=1000, gazetteer=gazetteer, summary=False)
    assert result.resumed_at == 0 and result.rows == 2_500
    assert len(pd.read_csv(out)) == 2_500


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson"])
def test_geo_outputs_are_readable(
    suffix: str, tmp_path: Path, reference: tuple[Path, str], gazetteer: Gazetteer
) -> None:
    src = tmp_path / "small.csv"
    pd.read_csv(reference[0], dtype=str, keep_default_na=False, nrows=2_000).to_csv(
        src, index=False
    )
    out = tmp_path / f"out{suffix}"
    result = geocode_csv(src, out, "town", chunksize=700, gazetteer=gazetteer, summary=False)
    gdf = gpd.read_file(out)
    assert len(gdf) == result.rows == 2_000
    assert gdf.crs.to_epsg() == 4326
    found = gdf[gdf["status"] != "not found"]
    assert found.geometry.notna().all() and gdf[gdf["status"] == "not found"].geometry.isna().all()
    assert np.allclose(found.geometry.x, found["longitude"].astype(float))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["small.csv", out.name])


def test_bad_inputs_are_one_line_errors(tmp_path: Path, gazetteer: Gazetteer) -> None:
    src = tmp_path / "in.csv"
    _write_input(src, 10)
    with pytest.raises(InputError, match=r"no such input file: .*missing\.csv"):
        geocode_csv(tmp_path / "missing.csv", tmp_path / "o.csv", "town", gazetteer=gazetteer)
    with pytest.raises(InputError, match=r"in\.csv has no column 'place'"):
        geocode_csv(src, tmp_path / "o.csv", "place", gazetteer=gazetteer)
    with pytest.raises(OutputError, match=r"\.csv, \.gpkg or \.geojson"):
        geocode_csv(src, tmp_path / "o.xlsx", "town", gazetteer=gazetteer)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        geocode_csv(tmp_path / "empty.csv", tmp_path / "o.csv", "town", gazetteer=gazetteer)
    assert not (tmp_path / "o.csv").exists()


def test_summary_logged_and_nothing_printed_off_terminal(
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    gazetteer: Gazetteer,
) -> None:
    src = tmp_path / "in.csv"
    _write_input(src, 100)
    with caplog.at_level(logging.INFO, logger="geomap"):
        geocode_csv(src, tmp_path / "o.csv", "town", gazetteer=gazetteer)
    # A library prints nothing itself (no bar off a terminal): it logs.
    assert capfd.readouterr() == ("", "")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("geomap")]
    assert len(messages) == 1 and messages[0].startswith("geocoded 100 rows into")


# -- CLI -----------------------------------------------------------------------------


@click.group(cls=GeomapGroup)
def app() -> None:
    """A group holding only the batch commands."""


register(app)


def test_cli_geocode_csv_and_reverse_csv(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _write_input(src, 50)
    runner = CliRunner()
    result = runner.invoke(app, ["geocode-csv", str(src), str(tmp_path / "o.gpkg"), "-c", "town"])
    assert result.exit_code == 0, result.output
    assert len(gpd.read_file(tmp_path / "o.gpkg")) == 50
    (tmp_path / "p.csv").write_text("y,x\n33.30,44.39\n")
    args = ["reverse-csv", str(tmp_path / "p.csv"), str(tmp_path / "p.csv.out.csv")]
    result = runner.invoke(app, [*args, "--lat", "y", "--lon", "x"])
    assert result.exit_code == 0, result.output
    row = pd.read_csv(tmp_path / "p.csv.out.csv").iloc[0]
    assert (row.district, row.country) == ("Green Zone", "Iraq")


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _write_input(src, 5)
    result = CliRunner().invoke(app, ["geocode-csv", str(src), str(tmp_path / "o.csv"), "-c", "x"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "in.csv has no column 'x'" in result.output


def test_every_batch_command_has_help_with_examples() -> None:
    for name, command in app.commands.items():
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Examples:" in result.output, name
        assert command.help


def test_undecodable_names_do_not_break_a_batch(gazetteer: Gazetteer) -> None:
    # What a reader with errors="surrogateescape" hands over for bad bytes.
    df = pd.DataFrame(
        {"n": ["\udcffBaghdad", "\udcff", "Mosul"], "c": ["IQ", "\udcfe", ""]}, dtype=object
    )
    gdf = geocode_frame(df, "n", country_column="c", gazetteer=gazetteer)
    assert list(gdf["status"]) == ["matched", "not found", "matched"]
    assert gdf["place_name"].iloc[0] == "Baghdad"


def test_output_may_not_overwrite_the_input(tmp_path: Path, gazetteer: Gazetteer) -> None:
    src = tmp_path / "in.csv"
    _write_input(src, 10)
    before = src.read_bytes()
    with pytest.raises(InputError, match="is the input"):
        geocode_csv(src, tmp_path / "." / "in.csv", "town", gazetteer=gazetteer)
    assert src.read_bytes() == before


def test_encoding_errors_name_the_file_and_keep_the_checkpoint(
    tmp_path: Path, gazetteer: Gazetteer
) -> None:
    src = tmp_path / "latin.csv"
    rows = ["town,note", *(f"Mosul,{i}" for i in range(3000)), "Sétif,é"]
    src.write_bytes("\n".join(rows).encode("latin-1") + b"\n")
    out = tmp_path / "o.csv"
    with pytest.raises(InputError, match=r"cannot read .*latin\.csv after row"):
        geocode_csv(src, out, "town", chunksize=1000, gazetteer=gazetteer, summary=False)
    assert not out.exists()
    result = geocode_csv(
        src, out, "town", chunksize=1000, encoding="latin-1", gazetteer=gazetteer, summary=False
    )
    assert result.resumed_at > 0 and result.rows == 3001
    assert pd.read_csv(out)["note"].iloc[-1] == "é"
    with pytest.raises(InputError, match="cannot read"):
        geocode_csv(src, tmp_path / "p.csv", "town", encoding="klingon", gazetteer=gazetteer)


def test_a_second_run_on_the_same_output_is_refused(
    reference: tuple[Path, str], tmp_path: Path, gazetteer: Gazetteer
) -> None:
    src, expected = reference
    out = tmp_path / "out.csv"
    child = _run_child([str(src), str(out), "200"])
    try:
        state = tmp_path / "out.csv.partial.json"
        deadline = time.monotonic() + 120
        while not state.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        assert child.poll() is None, "the first run ended too soon"
        with pytest.raises(InputError, match=r"another run is writing out\.csv"):
            geocode_csv(src, out, "town", gazetteer=gazetteer, summary=False)
    finally:
        assert child.wait(timeout=300) == 0
    assert out.read_text(encoding="utf-8") == expected  # the first run was not disturbed


def test_progress_bar_run_gives_the_same_output(
    reference: tuple[Path, str], tmp_path: Path, gazetteer: Gazetteer
) -> None:
    src, expected = reference
    out = tmp_path / "out.csv"
    geocode_csv(src, out, "town", chunksize=4_000, progress=True, gazetteer=gazetteer)
    assert out.read_text(encoding="utf-8") == expected


def test_unwritable_output_is_an_output_error(tmp_path: Path, gazetteer: Gazetteer) -> None:
    src = tmp_path / "in.csv"
    _write_input(src, 10)
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(OutputError, match=r"cannot write .*file/o\.csv"):
        geocode_csv(src, tmp_path / "file" / "o.csv", "town", gazetteer=gazetteer)
