"""`geomap geocode --input` and `geomap reverse --input`: the table forms."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from geomap.cli import main


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_geocode_a_csv_column(tmp_path: Path) -> None:
    src = tmp_path / "places.csv"
    src.write_text("place,note\nBaghdad,a\nSpringfield,b\nXyzzyqq,c\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        main, ["geocode", "--input", str(src), "--column", "place", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert [r["status"] for r in rows] == ["matched", "ambiguous", "not found"]
    assert rows[0]["country_code"] == "IQ" and rows[0]["note"] == "a"


def test_geocode_input_needs_a_column(tmp_path: Path) -> None:
    src = tmp_path / "places.csv"
    src.write_text("place\nBaghdad\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["geocode", "--input", str(src), "-o", "x.csv"])
    assert result.exit_code == 2 and "--column" in result.output


def test_reverse_a_csv_of_points(tmp_path: Path) -> None:
    src = tmp_path / "points.csv"
    src.write_text("id,lat,lon\n1,33.30,44.39\n2,48.85,2.35\n", encoding="utf-8")
    out = tmp_path / "named.csv"
    result = CliRunner().invoke(
        main,
        [
            "reverse",
            "--input",
            str(src),
            "--lat-column",
            "lat",
            "--lon-column",
            "lon",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert rows[0]["district"] == "Green Zone" and rows[0]["country"] == "Iraq"
    assert rows[1]["country_code"] == "FR"


def test_reverse_without_a_point_or_input_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["reverse"])
    assert result.exit_code == 2 and "LATITUDE" in result.output
