"""The script that extracts GeoNames' admin-1 points from dump files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "gazetteer" / "scripts" / "admin1_points.py"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, check=False
    )


def _row(gid: int, name: str, lat: float, lon: float, fclass: str, fcode: str) -> str:
    cols = [str(gid), name, name, "", str(lat), str(lon), fclass, fcode, "AU", "", "04"]
    cols += ["", "", "", "100", "", "", "Australia/Brisbane", "2012-01-16"]
    return "\t".join(cols)


def test_keeps_the_admin1_rows_sorted(tmp_path: Path) -> None:
    dump = tmp_path / "AU.txt"
    dump.write_text(
        "\n".join(
            [
                _row(2152274, "State of Queensland", -20, 145, "A", "ADM1"),
                _row(2174003, "Brisbane", -27.46794, 153.02809, "P", "PPLA"),
                _row(2058645, "State of Western Australia", -25, 122, "A", "ADM1"),
                _row(7839706, "Brisbane (council)", -27.5, 153.0, "A", "ADM2"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "points.csv"
    assert _run(dump, "--out", out).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["geonameid"] for r in rows] == ["2058645", "2152274"]
    assert (rows[1]["latitude"], rows[1]["longitude"]) == ("-20.00000", "145.00000")
    assert rows[1]["source"] == "GeoNames dump AU.txt"


def test_a_file_that_is_not_a_dump_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("Queensland,-20,145\n", encoding="utf-8")
    out = tmp_path / "points.csv"
    result = _run(bad, "--out", out)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "not a GeoNames dump" in result.stderr and not out.exists()
