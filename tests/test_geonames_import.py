"""Importing GeoNames dump files into a gazetteer copy.

The dump is geotext's real ``cities15000.txt`` (GeoNames dump format, 19
columns); the alternate names are written here by hand in the 10-column
``alternateNamesV2`` format.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import GazetteerError, GazetteerMissingError, InputError
from geomap.gazetteer.geonames_import import import_geonames
from geomap.gazetteer.store import Gazetteer


@pytest.fixture(scope="module")
def cities15000() -> Path:
    geotext = pytest.importorskip("geotext", reason="geotext ships the GeoNames cities15000 dump")
    assert geotext.__file__ is not None
    path = Path(geotext.__file__).parent / "data" / "cities15000.txt"
    if not path.exists():
        pytest.skip(f"geotext has no cities15000 dump at {path}")
    return path


@pytest.fixture(scope="module")
def dump_rows(cities15000: Path) -> list[list[str]]:
    with open(cities15000, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row for row in reader if row and not row[0].startswith("#")]


def row_for(rows: list[list[str]], geonameid: str) -> list[str]:
    return next(row for row in rows if row[0] == geonameid)


def write_dump(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def snapshot(path: Path) -> tuple[int, int, int, int]:
    """Counts of places, names, areas and imported places."""
    with Gazetteer(path) as gaz:
        info = gaz.info()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        imported = conn.execute(
            "SELECT count(*) FROM places WHERE source LIKE 'GeoNames dump%'"
        ).fetchone()[0]
    finally:
        conn.close()
    areas = pyogrio.read_info(path, layer="areas")["features"]
    return info["places"], info["names"], areas, imported


# alternateNamesV2: alternateNameId, geonameid, isolanguage, alternate name,
# isPreferredName, isShortName, isColloquial, isHistoric, from, to.
ALTERNATE_NAMES = [
    ["90000001", "98182", "en", "Madinat as-Salam", "", "", "", "1", "", ""],
    ["90000002", "94787", "en", "Arrapha", "", "", "", "1", "", ""],
    ["90000003", "91597", "ar", "Surra Man Raa", "", "", "", "1", "", ""],
    # Not names: a link, a postcode, a lower-case romanisation; and an id
    # that no place has.
    ["90000004", "94787", "link", "https://en.wikipedia.org/wiki/Kirkuk", "", "", "", "", "", ""],
    ["90000005", "98182", "post", "10001", "", "", "", "", "", ""],
    ["90000006", "95446", "en", "hawler town", "", "", "", "", "", ""],
    ["90000007", "1", "en", "Nowhereabad", "", "", "", "", "", ""],
]
NEW_NAMES = {"Madinat as-Salam": "gn:98182", "Arrapha": "gn:94787", "Surra Man Raa": "gn:91597"}


def test_import_cities15000(
    gazetteer_copy: Gazetteer, cities15000: Path, dump_rows: list[list[str]]
) -> None:
    assert all(len(row) == 19 for row in dump_rows)
    before = len(gazetteer_copy)
    ids = [f"gn:{row[0]}" for row in dump_rows]
    new = 0
    for place_id in ids:
        try:
            gazetteer_copy.get(place_id)
        except KeyError:
            new += 1
    count = import_geonames(gazetteer_copy.path, cities15000)
    assert count == len(dump_rows)
    places, _, _, imported = snapshot(gazetteer_copy.path)
    assert imported == len(dump_rows)
    assert places == before + new  # known ids are replaced, not duplicated
    with Gazetteer(gazetteer_copy.path) as gaz:
        baghdad = gaz.get("gn:98182")
        assert row_for(dump_rows, "98182")[7] == "PPLC"
        assert baghdad.kind == "city"
        assert baghdad.name == "Baghdad"
        assert baghdad.source.startswith("GeoNames dump cities15000.txt")
        assert gaz.lookup("Baghdad", kind="city")[0].id == "gn:98182"
        # A section of a city (PPLX) becomes a district.
        old_basra = row_for(dump_rows, "388349")
        assert old_basra[7] == "PPLX"
        district = gaz.get("gn:388349")
        assert district.kind == "district"
        assert district.country_code == "IQ"
        assert gaz.lookup(old_basra[1], country="IQ", kind="district")[0].id == "gn:388349"
        # Admin-1 names come from the gazetteer's regions.
        assert district.admin1 == "Basra"


def test_import_alternate_names(
    gazetteer_copy: Gazetteer, cities15000: Path, tmp_path: Path
) -> None:
    for name in NEW_NAMES:
        assert gazetteer_copy.lookup(name) == [], f"{name!r} already resolves"
    alternates = write_dump(tmp_path / "alternateNamesV2.txt", ALTERNATE_NAMES)
    import_geonames(gazetteer_copy.path, cities15000, alternate_names=alternates)
    with Gazetteer(gazetteer_copy.path) as gaz:
        for name, place_id in NEW_NAMES.items():
            found = gaz.lookup(name)
            assert found, f"{name!r} does not resolve"
            assert found[0].id == place_id
        assert gaz.lookup("Nowhereabad") == []
        assert gaz.lookup("10001", country="IQ") == []
        assert gaz.lookup("hawler town") == []
        assert "https://en.wikipedia.org/wiki/Kirkuk" not in gaz


def test_alternate_names_are_not_duplicated(
    gazetteer_copy: Gazetteer, cities15000: Path, dump_rows: list[list[str]], tmp_path: Path
) -> None:
    small = write_dump(tmp_path / "IQ.txt", [row for row in dump_rows if row[8] == "IQ"])
    alternates = write_dump(tmp_path / "alternateNamesV2.txt", ALTERNATE_NAMES[:1] * 3)
    import_geonames(gazetteer_copy.path, small, alternate_names=alternates)
    with Gazetteer(gazetteer_copy.path) as gaz:
        matches = gaz.matches("Madinat as-Salam")
        assert [m.place.id for m in matches] == ["gn:98182"]
    _, names_once, _, _ = snapshot(gazetteer_copy.path)
    import_geonames(gazetteer_copy.path, small, alternate_names=alternates)
    assert snapshot(gazetteer_copy.path)[1] == names_once


@pytest.mark.parametrize(
    ("problem", "column_count"), [("too few columns", 18), ("too many columns", 20)]
)
def test_malformed_dump_rolls_back(
    gazetteer_copy: Gazetteer,
    dump_rows: list[list[str]],
    tmp_path: Path,
    problem: str,
    column_count: int,
) -> None:
    # More rows than one insert batch before the bad line, so some rows are
    # already written when it is read: the transaction must undo them.
    good = dump_rows[:6000]
    bad = (dump_rows[6000] + [""] * 5)[:column_count]
    path = write_dump(tmp_path / "broken.txt", [*good, bad, *dump_rows[6001:6010]])
    before = snapshot(gazetteer_copy.path)
    with pytest.raises(InputError) as info:
        import_geonames(gazetteer_copy.path, path)
    message = str(info.value)
    assert str(path) in message
    assert ":6001:" in message
    assert snapshot(gazetteer_copy.path) == before
    assert before[3] == 0


def test_bad_coordinates_roll_back(
    gazetteer_copy: Gazetteer, dump_rows: list[list[str]], tmp_path: Path
) -> None:
    bad = list(dump_rows[6000])
    bad[4] = "north"
    path = write_dump(tmp_path / "broken.txt", [*dump_rows[:6000], bad])
    before = snapshot(gazetteer_copy.path)
    with pytest.raises(InputError, match=r"broken\.txt:6001:.*coordinates"):
        import_geonames(gazetteer_copy.path, path)
    assert snapshot(gazetteer_copy.path) == before


def test_missing_dump_raises_input_error(gazetteer_copy: Gazetteer, tmp_path: Path) -> None:
    before = snapshot(gazetteer_copy.path)
    with pytest.raises(InputError, match=r"absent\.txt"):
        import_geonames(gazetteer_copy.path, tmp_path / "absent.txt")
    assert snapshot(gazetteer_copy.path) == before


def test_replacing_a_place_uses_an_index(gazetteer: Gazetteer) -> None:
    conn = sqlite3.connect(f"{gazetteer.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN DELETE FROM names WHERE place_fid = ?", (1,)
        ).fetchall()
    finally:
        conn.close()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX" in details or "USING COVERING INDEX" in details, details


def test_missing_gazetteer_is_not_created(dump_rows: list[list[str]], tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "IQ.txt", dump_rows[:5])
    target = tmp_path / "typo.gpkg"
    with pytest.raises(GazetteerError) as info:
        import_geonames(target, dump)
    assert not target.exists()
    assert isinstance(info.value, GazetteerMissingError)


def test_cli_import_geonames(
    gazetteer_copy: Gazetteer, dump_rows: list[list[str]], tmp_path: Path
) -> None:
    iraq = [row for row in dump_rows if row[8] == "IQ"]
    dump = write_dump(tmp_path / "IQ.txt", iraq)
    alternates = write_dump(tmp_path / "alternateNamesV2.txt", ALTERNATE_NAMES)
    result = CliRunner().invoke(
        main,
        [
            "gazetteer",
            "import-geonames",
            str(dump),
            "--alternate-names",
            str(alternates),
            "--gazetteer",
            str(gazetteer_copy.path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"imported {len(iraq)} places" in result.stderr
    with Gazetteer(gazetteer_copy.path) as gaz:
        assert gaz.lookup("Arrapha")[0].id == "gn:94787"
