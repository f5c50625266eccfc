"""geomap.maps: rendered HTML, payloads, escaping, files and images.

Maps are built from real model objects (tests/browser.py) and a small
boundary folder in the gazetteer's file format; assertions read the written
HTML the way a browser would receive it. Drawing in a real browser is tested
in tests/test_maps_browser.py.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import pytest
from browser import (
    BAGHDAD,
    BASRA,
    DHI_QAR,
    EVIL,
    GREEN_ZONE,
    HOSTILE,
    KUT,
    SOUTHERN,
    sample_extraction,
    write_boundaries,
)
from shapely.geometry import Point, box

from geomap import maps
from geomap.errors import GeomapError, InputError, OutputError
from geomap.models import Extraction, Incident, Mention

# ---------------------------------------------------------------------------
# Helpers


@pytest.fixture(scope="module")
def boundaries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_boundaries(tmp_path_factory.mktemp("boundaries"))


@pytest.fixture(scope="module")
def sample_page(boundaries: Path) -> str:
    m = maps.incident_map(sample_extraction(), basemap=boundaries, title="Sample " + EVIL)
    return maps.output._page(m)


def payload(page: str, function: str) -> dict[str, Any]:
    """The JSON data handed to ``geomap.<function>(map, group, DATA, options)``."""
    match = re.search(rf"geomap\.{function}\(map_\w+, feature_group_\w+,\s*", page)
    assert match, f"no {function} layer in the page"
    data, _ = json.JSONDecoder().raw_decode(page, match.end())
    return data  # type: ignore[no-any-return]


def layer_options(page: str, function: str) -> dict[str, Any]:
    match = re.search(rf"geomap\.{function}\(map_\w+, feature_group_\w+,\s*", page)
    assert match
    decoder = json.JSONDecoder()
    _, end = decoder.raw_decode(page, match.end())
    options, _ = decoder.raw_decode(page, page.index("{", end))
    return options  # type: ignore[no-any-return]


class _Tags(HTMLParser):
    """Start tags as the browser's HTML parser sees them (script bodies are text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def incidents_only(*incidents: Incident) -> Extraction:
    return Extraction("", incidents=incidents)


def battle(place: Any = BAGHDAD, day: int = 1, **kwargs: Any) -> Incident:
    return Incident(
        "Battles",
        "Armed clash",
        dt.date(2024, 3, day),
        "day",
        place,
        kwargs.pop("geo_precision", 1),
        **kwargs,
    )


# ---------------------------------------------------------------------------
# Offline, self-contained page


def test_page_loads_nothing_from_the_network(sample_page: str) -> None:
    assert maps.external_references(sample_page) == []
    for pattern in (r"<script[^>]*\bsrc=", r"<link[^>]*\bhref=", r"url\(\s*['\"]?https?:"):
        assert not re.search(pattern, sample_page, re.IGNORECASE), pattern
    for cdn in ("code.jquery.com", "bootstrap", "fontawesome", "cdn.jsdelivr", "cdnjs"):
        assert cdn not in sample_page.lower()


def test_page_inlines_leaflet_and_its_images(sample_page: str) -> None:
    leaflet = maps.assets.leaflet()
    assert leaflet.version.startswith("1.9")
    assert f"Leaflet {leaflet.version}" in sample_page
    assert ".leaflet-control-layers-toggle" in sample_page
    # layers.png, layers-2x.png, marker-icon.png in the CSS; 3 icons for Icon.Default
    assert sample_page.count("data:image/png;base64,") >= 6
    assert "url(images/" not in sample_page


def test_external_references_finds_what_a_page_would_load() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//cdn.example/x.css">'
        "<style>a { background: url('http://x/y.png') }</style>"
        '<a href="https://example.org">a link is fine</a>'
        '<script>var s = "<a href=\\"https://leafletjs.com\\">";</script>'
    )
    found = maps.external_references(page)
    assert len(found) == 3
    assert all("example.org" not in f for f in found)


def test_folium_additions_are_served_inline_or_reported(tmp_path: Path, boundaries: Path) -> None:
    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    cluster = folium.plugins.MarkerCluster(name="Mine").add_to(m)
    folium.Marker([33.3, 44.4], popup=folium.Popup("user <b>popup</b>")).add_to(cluster)
    page = maps.output._page(m)
    # folium's own MarkerCluster plugin gets the inline copy, not its CDN links.
    assert maps.external_references(page) == []
    assert "L.MarkerClusterGroup" in page
    # folium.Icon needs Font Awesome and awesome-markers from CDNs: save_html says so.
    folium.Marker([33.0, 44.0], icon=folium.Icon(icon="info-sign")).add_to(m)
    with pytest.warns(UserWarning, match="will not draw fully offline"):
        maps.save_html(m, tmp_path / "map.html")


# ---------------------------------------------------------------------------
# Layers, legend, boxes


def test_layers_are_named_feature_groups_in_a_layer_control(boundaries: Path) -> None:
    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    assert isinstance(m, folium.Map)
    assert list(m.geomap_layers) == [
        "Basemap",
        "Areas",
        "Mentioned places",
        "Actors",
        "Incidents",
        "Labels",
    ]
    assert all(isinstance(g, folium.FeatureGroup) for g in m.geomap_layers.values())
    page = maps.output._page(m)
    control = re.search(r"overlays :\s*\{(.*?)\}", page, re.DOTALL)
    assert control
    for name in m.geomap_layers:
        assert f'"{name}"' in control.group(1)


def test_layer_control_lists_layers_added_after_the_map_was_built(boundaries: Path) -> None:
    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    mine = folium.FeatureGroup(name="Analyst notes").add_to(m)
    folium.CircleMarker([33.0, 44.0], radius=5).add_to(mine)
    page = maps.output._page(m)
    control = page.index("L.control.layers(")
    assert '"Analyst notes"' in page[page.rindex("overlays", 0, control) : control]
    # The group exists before the control that refers to it.
    assert page.index(f"var {mine.get_name()} = L.featureGroup(") < control


def test_legend_shows_every_acled_event_type_with_its_symbol(sample_page: str) -> None:
    legend = re.search(
        r'<div id="legend_\w+" class="geomap-box geomap-legend".*?</details>',
        sample_page,
        re.DOTALL,
    )
    assert legend
    text = legend.group(0)
    for style in maps.EVENT_STYLES:
        assert html.escape(style.label) in text
        assert maps.assets.SHAPES[style.shape] in text
        assert style.colour in text
    assert "Other" in text  # the sample has an unknown event type
    assert "Located only to an area" in text
    assert "size: fatalities" in text


def test_legend_leaves_out_other_when_every_type_is_known() -> None:
    page = maps.output._page(maps.incident_map(incidents_only(battle()), basemap=False))
    assert ">Other<" not in page


def test_info_box_counts_what_could_not_be_placed(sample_page: str) -> None:
    assert '<span class="geomap-unplaced-mentions">1 mention</span>' in sample_page
    assert '<span class="geomap-unplaced-incidents">1 incident</span>' in sample_page
    assert "<li>mention: Atlantis &lt;/script&gt;" in sample_page
    assert "<li>incident: Battles (2024-03-04; Atlantis)</li>" in sample_page
    assert "7 incidents (6 placed, 3 approximate)" in sample_page


def test_title_is_escaped_on_the_map_and_in_the_page_title(sample_page: str) -> None:
    title = re.search(r"<title>(.*?)</title>", sample_page, re.DOTALL)
    assert title
    assert title.group(1) == html.escape("Sample " + EVIL)
    assert 'class="geomap-box geomap-title">Sample &lt;/script&gt;' in sample_page


# ---------------------------------------------------------------------------
# Escaping


def test_no_string_from_the_data_can_become_markup(sample_page: str) -> None:
    parsed = parse(sample_page)
    handlers = [(t, a) for t, a in parsed.tags for name in a if name.startswith("on")]
    assert handlers == []
    assert not [t for t, a in parsed.tags if t == "img" or (t == "svg" and "onload" in a)]
    # Only geomap's own script blocks: header assets + the figure script.
    assert len(parsed.scripts) == sample_page.count("</script>")
    for raw in HOSTILE:
        if "<" in raw:  # the backtick one is plain text outside JS template literals
            assert raw not in sample_page


def test_data_reaches_the_page_html_escaped_inside_script_safe_json(sample_page: str) -> None:
    data = payload(sample_page, "incidents")
    assert html.escape("Militia " + EVIL) in data["s"]
    assert "Clashes erupted in Baghdad, " + html.escape(EVIL) in data["s"]
    for text in data["s"]:
        assert "<" not in text and ">" not in text and '"' not in text
    actors = payload(sample_page, "actors")
    assert html.escape("stated in text " + EVIL) in actors["s"]


def test_script_json_cannot_close_a_script_block() -> None:
    text = maps.payload._script_json({"a": "</script><!-- \u2028 \u2029 ${x} `"})
    assert "</" not in text and "<!--" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 \u2029 ${x} `"}


def test_unknown_event_type_is_drawn_as_other_and_named_in_the_popup(sample_page: str) -> None:
    data = payload(sample_page, "incidents")
    other = [r for r in data["i"] if r[0] == len(maps.EVENT_STYLES)]
    assert len(other) == 1
    assert data["s"][other[0][3]] == html.escape(f"{EVIL} / sub {EVIL}")


def test_source_urls_stay_text_for_the_runtime_to_link(sample_page: str) -> None:
    data = payload(sample_page, "incidents")
    assert "https://example.org/news?id=1&amp;lang=en" in data["s"]
    assert 'href="https://example.org' not in sample_page


# ---------------------------------------------------------------------------
# Honest precision


def test_precise_incidents_are_markers_and_vague_ones_are_areas(sample_page: str) -> None:
    data = payload(sample_page, "incidents")
    marker_places = {(p[0], p[1]) for p in data["p"]}
    assert marker_places == {
        (round(BAGHDAD.latitude, 5), round(BAGHDAD.longitude, 5)),
        (round(GREEN_ZONE.latitude, 5), round(GREEN_ZONE.longitude, 5)),
        (31.99, 44.33),  # the hostile town: precision from its kind (city)
    }
    areas = {a["n"]: a for a in data["a"]}
    assert set(areas) == {"Dhi Qar", "the southern provinces", "Basra"}
    assert areas["Dhi Qar"]["g"]["type"] == "Polygon"  # its outline, not a circle
    assert "c" not in areas["Dhi Qar"]
    assert areas["the southern provinces"]["c"] == [30.9, 46.6, 50_000]  # precision 3
    assert areas["Basra"]["c"] == [round(BASRA.latitude, 5), round(BASRA.longitude, 5), 10_000]
    precise = {data["i"][p[2]][9] for p in data["p"]}
    assert precise == {1}


def test_vague_incidents_at_one_place_share_one_outline() -> None:
    incidents = [battle(DHI_QAR, day, geo_precision=3) for day in (1, 2, 3)]
    page = maps.output._page(maps.incident_map(incidents_only(*incidents), basemap=False))
    data = payload(page, "incidents")
    assert data["p"] == []
    assert [a["i"] for a in data["a"]] == [[0, 1, 2]]


def test_mentions_are_dots_circles_or_left_to_their_area(sample_page: str) -> None:
    rows = payload(sample_page, "places")
    names = {rows["s"][r[2]]: r for r in rows["p"]}
    assert names["Baghdad"][7] == 0  # a dot
    assert names["Kut"][7] == 10_000  # "near Kut": precision 2 circle
    assert names["Green Zone"][7] == 0  # a district is precise
    assert "Dhi Qar" not in names  # drawn as its outline in Areas
    areas = payload(sample_page, "areas")
    area_names = {areas["s"][a[1]] for a in areas["a"]}
    # Dhi Qar holds an approximate incident: shaded by the incident layer,
    # not outlined again as a mere mention.
    assert area_names == {"Green Zone"}


def test_precision_helpers() -> None:
    assert maps.incident_precision(battle(BAGHDAD, geo_precision=None)) == 1
    assert maps.incident_precision(battle(DHI_QAR, geo_precision=None)) == 3
    assert maps.incident_precision(battle(BAGHDAD, geo_precision=2)) == 2
    assert maps.mention_precision(Mention(0, 3, "Kut", KUT, precision=2)) == 2
    assert maps.mention_precision(Mention(0, 3, "south", SOUTHERN)) == 3


def test_marker_size_grows_with_fatalities_and_is_capped() -> None:
    sizes = [maps.marker_size(n) for n in (None, 0, 1, 5, 25, 1000)]
    assert sizes[0] == sizes[1] == 14
    assert sizes == sorted(sizes)
    assert sizes[-1] == 36


@pytest.mark.parametrize(
    ("event_type", "label"),
    [
        ("Battles", "Battles"),
        ("battle", "Battles"),
        ("Explosions / Remote violence", "Explosions/Remote violence"),
        ("Remote violence", "Explosions/Remote violence"),
        ("Violence against civilians", "Violence against civilians"),
        ("PROTESTS", "Protests"),
        ("Riots", "Riots"),
        ("Strategic developments", "Strategic developments"),
        ("Earthquake", "Other"),
        ("", "Other"),
    ],
)
def test_event_types_map_to_acled_styles(event_type: str, label: str) -> None:
    assert maps.symbology._STYLES[maps.symbology._style_index(event_type)].label == label


# ---------------------------------------------------------------------------
# Interaction: clustering, date filter, actor links, bounds


def test_markers_cluster_only_above_the_threshold() -> None:
    incidents = [battle(BAGHDAD, 1 + i % 5) for i in range(12)]
    small = maps.output._page(
        maps.incident_map(incidents_only(*incidents), cluster_threshold=12, basemap=False)
    )
    assert layer_options(small, "incidents") == {"cluster": False}
    assert "MarkerClusterGroup" not in small
    big = maps.output._page(
        maps.incident_map(incidents_only(*incidents), cluster_threshold=11, basemap=False)
    )
    assert layer_options(big, "incidents") == {"cluster": True}
    assert "L.MarkerClusterGroup" in big and ".marker-cluster-small" in big
    never = maps.output._page(
        maps.incident_map(incidents_only(*incidents), cluster_threshold=None, basemap=False)
    )
    assert layer_options(never, "incidents") == {"cluster": False}


def test_date_filter_appears_only_when_incidents_span_several_days() -> None:
    one_day = maps.output._page(
        maps.incident_map(incidents_only(battle(day=1), battle(day=1)), basemap=False)
    )
    assert "geomap.dateFilter(" not in one_day
    page = maps.output._page(
        maps.incident_map(incidents_only(battle(day=3), battle(day=1)), basemap=False)
    )
    assert re.search(
        r'geomap\.dateFilter\(map_\w+, "date_filter_\w+",\s*\["2024-03-01", "2024-03-03"\]\)', page
    )
    assert 'class="geomap-from" min="0"\n' in page or 'class="geomap-from" min="0"' in page


def test_actor_links_join_actors_to_the_incidents_naming_them(
    sample_page: str, boundaries: Path
) -> None:
    assert payload(sample_page, "actors")["l"] == []  # link_actors defaults to off
    m = maps.incident_map(sample_extraction(), basemap=boundaries, link_actors=True)
    actors = payload(maps.output._page(m), "actors")
    assert len(actors["a"]) == 1  # the actor without a place is not drawn
    baghdad = [round(BAGHDAD.latitude, 5), round(BAGHDAD.longitude, 5)]
    assert actors["l"] == [[0, baghdad, 0]]  # actor row 0 (in Basra) to incident 0
    assert layer_options(maps.output._page(m), "actors") == {"linksOnDemand": False}


def test_map_fits_the_data(sample_page: str) -> None:
    match = re.search(r"geomap\.fit\(map_\w+, (\[\[.*?\]\])", sample_page)
    assert match
    (south, west), (north, east) = json.loads(match.group(1))
    assert south <= DHI_QAR.area.bounds[1] and north >= BAGHDAD.latitude
    assert west <= DHI_QAR.area.bounds[0] and east >= BASRA.longitude
    assert north - south < 6 and east - west < 6


def test_empty_input_draws_a_world_map() -> None:
    page = maps.output._page(maps.incident_map([], basemap=False))
    assert re.search(r"geomap\.fit\(map_\w+, \[\[-50, -160\], \[70, 160\]\]", page)
    assert '<span class="geomap-unplaced-incidents">0 incidents</span>' in page


# ---------------------------------------------------------------------------
# Inputs


def test_geodataframe_with_export_columns() -> None:
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {
            "event_type": ["Battles", "Protests", "Riots"],
            "sub_event_type": ["Armed clash", "Peaceful protest", None],
            "event_date": ["2024-03-01", "2024-03-02", None],
            "actor1": ["A", "B", None],
            "actor2": [None, None, None],
            "fatalities": [3, float("nan"), None],
            "geo_precision": [1, 3, 1],
            "notes": ["Fighting <b>near</b> the bridge.", None, None],
            "source": ["Reuters", None, None],
            "location": ["Baghdad", "Dhi Qar", "Nowhere"],
        },
        geometry=[BAGHDAD.point, DHI_QAR.area, None],
        crs="EPSG:4326",
    )
    page = maps.output._page(maps.incident_map(frame, basemap=False))
    data = payload(page, "incidents")
    assert len(data["i"]) == 2 and len(data["p"]) == 1
    assert data["a"][0]["g"]["type"] == "Polygon"
    assert data["i"][1][7] == -1  # NaN fatalities: unknown, not 0
    assert "Fighting &lt;b&gt;near&lt;/b&gt; the bridge." in data["s"]
    assert '<span class="geomap-unplaced-incidents">1 incident</span>' in page


def test_geodataframe_in_another_crs_is_reprojected() -> None:
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {"event_type": ["Battles"], "event_date": ["2024-03-01"], "geo_precision": [1]},
        geometry=[Point(BAGHDAD.longitude, BAGHDAD.latitude)],
        crs="EPSG:4326",
    ).to_crs("EPSG:3857")
    data = payload(maps.output._page(maps.incident_map(frame, basemap=False)), "incidents")
    assert data["p"][0][:2] == pytest.approx([BAGHDAD.latitude, BAGHDAD.longitude], abs=1e-4)


@pytest.mark.parametrize("bad", ["just text", 42, [object()]])
def test_unusable_input_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError, match="cannot map"):
        maps.incident_map(bad)  # type: ignore[arg-type]


def test_iterables_of_extractions_are_merged(boundaries: Path) -> None:
    second = Extraction("", incidents=(battle(BASRA, 9),), source="Second paper")
    m = maps.incident_map(iter([sample_extraction(), second]), basemap=boundaries)
    data = payload(maps.output._page(m), "incidents")
    assert len(data["i"]) == 7
    assert "Second paper" in data["s"]  # the document's source fills the incident's


# ---------------------------------------------------------------------------
# Basemap


def test_basemap_draws_every_country_and_the_regions_near_the_data(boundaries: Path) -> None:
    base = payload(
        maps.output._page(maps.incident_map(sample_extraction(), basemap=boundaries)), "basemap"
    )
    assert base["fill"] is True
    assert len(base["countries"]) == 3  # Iraq, Iran and Brazil, at one level of detail
    assert len(base["admin1"]) == 2  # Iraqi governorates, not Amazonas


def test_basemap_is_left_out_when_absent_or_not_wanted(tmp_path: Path) -> None:
    m = maps.incident_map(sample_extraction(), basemap=False)
    assert "Basemap" not in m.geomap_layers
    with pytest.warns(UserWarning, match="no boundary files"):
        m = maps.incident_map(sample_extraction(), basemap=tmp_path)
    assert "Basemap" not in m.geomap_layers
    assert maps.external_references(maps.output._page(m)) == []


def test_basemap_is_unfilled_under_online_tiles(boundaries: Path) -> None:
    m = maps.incident_map(sample_extraction(), basemap=boundaries, tiles="OpenStreetMap")
    page = maps.output._page(m)
    assert payload(page, "basemap")["fill"] is False
    assert "tile.openstreetmap.org" in page
    assert not re.search(r"#map_\w+\.leaflet-container \{ background", page)
    offline = maps.output._page(maps.incident_map(sample_extraction(), basemap=boundaries))
    assert re.search(r"#map_\w+\.leaflet-container \{ background: #d4e4ee; \}", offline)


def test_bundled_basemap_is_small_enough() -> None:
    try:
        folder = maps.basemap.bundled_dir("data")
    except GeomapError:
        pytest.skip("no bundled gazetteer data")
    if not (folder / "admin1.geojson.gz").is_file():
        pytest.skip("the bundled boundary files are not built")
    page = maps.output._page(maps.incident_map(sample_extraction()))
    base = payload(page, "basemap")
    assert len(base["countries"]) > 200  # the whole world, at one level of detail
    assert len(base["admin1"]) >= 18  # at least Iraq's governorates
    assert len(page) < 2_000_000


def test_bad_tiles_are_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot use tiles"):
        maps.incident_map(sample_extraction(), basemap=False, tiles="https://x/{z}/{x}/{y}.png")


# ---------------------------------------------------------------------------
# Files: atomic HTML, fragment, iframe


def test_save_html_writes_atomically_and_leaves_no_temporary_files(
    tmp_path: Path, boundaries: Path
) -> None:
    target = tmp_path / "map.html"
    target.write_text("old")
    os.chmod(target, 0o640)
    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    assert maps.save_html(m, target) == target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode


def test_failed_write_keeps_the_old_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_text("old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left on device"):
        maps.save_html(maps.incident_map(sample_extraction(), basemap=False), target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_save_html_into_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="could not write"):
        maps.save_html(
            maps.incident_map(sample_extraction(), basemap=False), tmp_path / "no" / "m.html"
        )


def test_fragments_carry_their_assets_and_coexist(boundaries: Path) -> None:
    first = maps.to_fragment(maps.incident_map(sample_extraction(), basemap=boundaries))
    second = maps.to_fragment(maps.incident_map(sample_extraction(), basemap=False), height="40vh")
    for fragment in (first, second):
        assert fragment.startswith('<div class="geomap-fragment"')
        assert "<html" not in fragment and "<body" not in fragment
        assert "html, body" not in fragment  # would restyle the host page
        assert "if (!(window.L && window.L.Map))" in fragment  # Leaflet loads once per page
        assert maps.external_references(fragment) == []
    assert "height: 500px" in first and "height: 40vh" in second
    ids = [set(re.findall(r'\bid="([^"]+)"', f)) for f in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    names = [set(re.findall(r"\bvar (\w+_[0-9a-f]{32})\b", f)) for f in (first, second)]
    assert names[0] and not names[0] & names[1]


def test_fragment_rejects_css_injection_through_its_size() -> None:
    m = maps.incident_map(sample_extraction(), basemap=False)
    with pytest.raises(InputError, match="invalid height"):
        maps.to_fragment(m, height='1px" onload="alert(1)')


def test_iframe_escapes_the_whole_page_into_srcdoc(boundaries: Path) -> None:
    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    frame = maps.to_iframe(m, 640, "50vh")
    match = re.fullmatch(
        r'<iframe srcdoc="([^"]*)" style="([^"]*)" title="[^"]*" sandbox="([^"]*)"></iframe>', frame
    )
    assert match, frame[:200]
    assert "<" not in match.group(1)
    page = html.unescape(match.group(1))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert payload(page, "incidents") == payload(maps.output._page(m), "incidents")
    assert match.group(2) == "width: 640px; height: 50vh; border: 0;"
    assert "allow-scripts" in match.group(3) and "allow-same-origin" not in match.group(3)


def test_jupyter_display_uses_the_offline_page(boundaries: Path) -> None:
    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    shown = m._repr_html_()
    assert "srcdoc=" in shown
    assert "Leaflet 1.9" in html.unescape(shown)
    assert maps.external_references(html.unescape(shown)) == []


# ---------------------------------------------------------------------------
# Images and report


def _pixels(path: Path) -> Any:
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("RGB")


def _has_colour(image: Any, colour: str, tolerance: int = 40) -> bool:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    colours = image.getcolors(image.width * image.height) or []
    return any(
        all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True)) for _, rgb in colours
    )


def test_static_png_draws_the_layers(tmp_path: Path, boundaries: Path) -> None:
    out = maps.static_map(
        sample_extraction(), tmp_path / "map.png", basemap=boundaries, title="Iraq"
    )
    assert out.stat().st_size > 20_000
    image = _pixels(out)
    assert image.width > 800 and image.height > 500
    assert len(image.resize((64, 64)).getcolors(64 * 64) or []) > 20  # not a blank canvas
    assert _has_colour(image, maps.EVENT_STYLES[0].colour, tolerance=25)  # a battle symbol
    assert _has_colour(image, "#f4f1ea", tolerance=3)  # land from the basemap
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_static_svg_and_bad_suffix(tmp_path: Path, boundaries: Path) -> None:
    out = maps.static_map(sample_extraction(), tmp_path / "map.svg", basemap=boundaries)
    text = out.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    with pytest.raises(InputError, match=r"use \.png or \.svg"):
        maps.static_map(sample_extraction(), tmp_path / "map.gif")


def test_to_png_without_chromium_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOMAP_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(GeomapError, match=r"Chromium was not found.*static_map") as caught:
        maps.to_png(maps.incident_map(sample_extraction(), basemap=False), tmp_path / "x.png")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "x.png").exists()


@pytest.mark.browser
def test_to_png_screenshots_the_offline_page(tmp_path: Path, boundaries: Path) -> None:
    if maps.find_chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    out = maps.to_png(m, tmp_path / "shot.png", width=900, height=600)
    image = _pixels(out)
    assert (image.width, image.height) == (900, 600)
    assert _has_colour(image, maps.EVENT_STYLES[0].colour, tolerance=25)
    assert _has_colour(image, "#f6f3ec", tolerance=4)  # the basemap's land drew


def test_report_is_standalone_escaped_and_complete(tmp_path: Path, boundaries: Path) -> None:
    out = maps.report_html(
        [sample_extraction()], tmp_path / "report.html", title="Week " + EVIL, basemap=boundaries
    )
    page = out.read_text(encoding="utf-8")
    assert maps.external_references(page) == []
    parsed = parse(page)
    assert not [a for _, a in parsed.tags if any(k.startswith("on") for k in a)]
    for raw in HOSTILE:
        if "<" in raw:
            assert raw not in page
    incidents = re.search(r'<table class="incidents">.*?</table>', page, re.DOTALL)
    actors = re.search(r'<table class="actors">.*?</table>', page, re.DOTALL)
    assert incidents and actors
    assert incidents.group(0).count("<tr>") == 1 + 7  # header + every incident, placed or not
    assert actors.group(0).count("<tr>") == 1 + 2
    assert "<em>(not placed)</em>" in incidents.group(0)
    assert "March 2024" in incidents.group(0)  # month precision is not shown as a day
    sources = re.search(r'<ul class="sources">(.*?)</ul>', page, re.DOTALL)
    assert sources
    assert (
        '<a href="https://example.org/news?id=1&amp;lang=en" rel="noopener noreferrer">'
        in sources.group(1)
    )
    assert html.escape("Agency report " + EVIL) in sources.group(1)
    assert 'class="geomap-fragment"' in page
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_report_accepts_a_single_extraction(tmp_path: Path) -> None:
    out = maps.report_html(
        Extraction("", incidents=(battle(),)), tmp_path / "r.html", basemap=False
    )
    assert "1 document, published" not in out.read_text()
    assert "<h2>Incidents</h2>" in out.read_text()


def test_area_polygons_are_simplified_and_rounded() -> None:
    wiggly = box(44.0, 33.0, 45.0, 34.0).buffer(0.1, quad_segs=64)
    geo = maps.payload._geojson(wiggly)
    ring = geo["coordinates"][0]
    assert len(ring) < 200
    assert all(len(str(x).split(".")[-1]) <= 5 for x, _ in ring)
