"""The written map in real headless Chromium with the network cut off.

Skipped with a reason when selenium, Chromium or chromedriver is missing
(Debian: apt-get install chromium chromium-driver; PyPI: selenium).
Screenshots are kept under artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import folium
import pytest
from browser import (
    BAGHDAD,
    EVIL,
    SAMPLE_ACTOR_MARKERS,
    SAMPLE_INCIDENT_MARKERS,
    SAMPLE_INTERACTIVE_PATHS,
    offline_driver,
    sample_extraction,
    save_screenshot,
    severe_console_entries,
    write_boundaries,
)

from geomap import maps
from geomap.models import Actor, Extraction, Incident, Place

pytestmark = pytest.mark.browser

__all__ = ["offline_driver"]  # a fixture, used by name below

MAP_READY = "return !!document.querySelector('.leaflet-container .leaflet-control-layers')"


@pytest.fixture(scope="module")
def boundaries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_boundaries(tmp_path_factory.mktemp("boundaries"))


def open_page(driver: Any, path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop entries from an earlier page
    driver.get(path.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(MAP_READY))


def count(driver: Any, selector: str) -> int:
    return int(driver.execute_script(f"return document.querySelectorAll({selector!r}).length"))


def leaflet_map(driver: Any) -> str:
    """JS expression for the page's first Leaflet map object."""
    return "window[document.querySelector('.folium-map').id]"


@pytest.fixture(scope="module")
def sample_html(tmp_path_factory: pytest.TempPathFactory, boundaries: Path) -> Path:
    m = maps.incident_map(sample_extraction(), basemap=boundaries, link_actors=True, title=EVIL)
    return maps.save_html(m, tmp_path_factory.mktemp("page") / "sample.html")


def test_offline_page_draws_every_layer_without_errors(
    offline_driver: Any, sample_html: Path
) -> None:
    open_page(offline_driver, sample_html)
    assert severe_console_entries(offline_driver) == []
    assert count(offline_driver, ".geomap-incident") == SAMPLE_INCIDENT_MARKERS
    assert count(offline_driver, ".geomap-actor") == SAMPLE_ACTOR_MARKERS
    assert count(offline_driver, ".leaflet-marker-icon") == (
        SAMPLE_INCIDENT_MARKERS + SAMPLE_ACTOR_MARKERS
    )
    assert count(offline_driver, "path.leaflet-interactive") == SAMPLE_INTERACTIVE_PATHS
    # The basemap drew polygons too, in its own non-interactive pane.
    assert count(offline_driver, ".leaflet-geomapBasemap-pane path") >= 4
    legend = offline_driver.find_element("css selector", ".geomap-legend")
    assert legend.is_displayed()
    assert "Violence against civilians" in legend.text
    info = offline_driver.find_element("css selector", ".geomap-info")
    assert info.is_displayed() and "1 mention and 1 incident" in info.text
    # Leaflet's own images came inline: the layer control's icon has a size.
    toggle = offline_driver.find_element("css selector", ".leaflet-control-layers-toggle")
    assert offline_driver.execute_script(
        "return getComputedStyle(arguments[0]).backgroundImage", toggle
    ).startswith('url("data:image/png;base64,')
    save_screenshot(offline_driver, "map_sample.png")


def test_popups_open_on_click_and_show_hostile_text_as_text(
    offline_driver: Any, sample_html: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(offline_driver, sample_html)
    biggest = offline_driver.execute_script(
        "return [...document.querySelectorAll('.geomap-incident')]"
        ".sort((a, b) => b.offsetWidth - a.offsetWidth)[0]"
    )
    biggest.click()  # the Baghdad battle: 4 deaths, the largest marker
    popup = offline_driver.find_element("css selector", ".leaflet-popup-content")
    # The map pans to fit the popup; read it once the pan has settled.
    WebDriverWait(offline_driver, 5).until(lambda _: "Battles" in popup.text)
    assert popup.is_displayed()
    text = popup.text
    assert "Battles" in text and "Armed clash" in text and "2024-03-01" in text
    assert "Iraqi Army" in text and "Fatalities" in text
    assert "</script><script>window.__pwned=1</script>" in text  # shown, not run
    link = popup.find_element("css selector", ".geomap-source a")
    assert link.get_attribute("href") == "https://example.org/news?id=1&lang=en"
    save_screenshot(offline_driver, "map_popup.png")


def test_nothing_from_the_data_runs_when_every_popup_and_tooltip_opens(
    offline_driver: Any, sample_html: Path
) -> None:
    open_page(offline_driver, sample_html)
    opened = offline_driver.execute_script(
        f"""
        var map = {leaflet_map(offline_driver)}, n = 0;
        map.eachLayer(function (layer) {{
            if (layer.getPopup && layer.getPopup()) {{
                layer.openPopup(layer.getLatLng ? layer.getLatLng() : map.getCenter());
                n++;
            }}
            if (layer.getTooltip && layer.getTooltip()) {{ layer.openTooltip(); }}
        }});
        document.querySelectorAll('details').forEach(function (d) {{ d.open = true; }});
        return n;
        """
    )
    assert opened >= SAMPLE_INCIDENT_MARKERS + SAMPLE_ACTOR_MARKERS
    assert offline_driver.execute_script("return typeof window.__pwned") == "undefined"
    assert (
        offline_driver.execute_script(
            "return document.querySelectorAll('img[src=\"x\"], svg[onload]').length"
        )
        == 0
    )
    assert severe_console_entries(offline_driver) == []


def test_date_filter_hides_and_restores_incidents(offline_driver: Any, sample_html: Path) -> None:
    open_page(offline_driver, sample_html)
    set_range = """
        var box = document.querySelector('.geomap-datefilter');
        box.querySelector('.geomap-from').value = arguments[0];
        box.querySelector('.geomap-to').value = arguments[1];
        box.querySelector('.geomap-to').dispatchEvent(new Event('input'));
        return box.querySelector('.geomap-range').textContent;
    """
    label = offline_driver.execute_script(set_range, 0, 0)  # 2024-03-01 only
    assert label.startswith("2024-03-01 ·") and "2 of 6 incidents shown" in label  # + undated
    assert count(offline_driver, ".geomap-incident") == 1
    # The actor's link to the Baghdad battle stays; approximate areas of other days go.
    assert count(offline_driver, "path.leaflet-interactive") == SAMPLE_INTERACTIVE_PATHS - 2
    offline_driver.find_element("css selector", ".geomap-reset").click()
    assert count(offline_driver, ".geomap-incident") == SAMPLE_INCIDENT_MARKERS
    assert count(offline_driver, "path.leaflet-interactive") == SAMPLE_INTERACTIVE_PATHS
    assert severe_console_entries(offline_driver) == []


def test_many_markers_are_clustered_offline(
    offline_driver: Any, tmp_path: Path, boundaries: Path
) -> None:
    incidents = tuple(
        Incident(
            "Protests",
            "Peaceful protest",
            dt.date(2024, 3, 1 + i % 9),
            "day",
            BAGHDAD,
            1,
            fatalities=i % 3,
        )
        for i in range(300)
    )
    m = maps.incident_map(Extraction("", incidents=incidents), basemap=boundaries)
    open_page(offline_driver, maps.save_html(m, tmp_path / "cluster.html"))
    assert severe_console_entries(offline_driver) == []
    assert count(offline_driver, ".geomap-cluster") >= 1
    ring = offline_driver.execute_script(
        "return document.querySelector('.geomap-cluster div').style.background"
    )
    assert "conic-gradient" in ring and "rgb(0, 114, 178)" in ring  # Protests' blue
    assert count(offline_driver, ".geomap-incident") < 300
    save_screenshot(offline_driver, "map_clusters.png")


def test_two_fragments_work_on_one_host_page(
    offline_driver: Any, tmp_path: Path, boundaries: Path
) -> None:
    first = maps.to_fragment(maps.incident_map(sample_extraction(), basemap=boundaries), height=420)
    second = maps.to_fragment(
        maps.incident_map(sample_extraction(), basemap=False, cluster_threshold=0), height=420
    )
    page = tmp_path / "host.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Host</title></head>"
        f"<body><h1>Host page</h1>{first}<p>Between the maps</p>{second}</body></html>",
        encoding="utf-8",
    )
    open_page(offline_driver, page)
    assert severe_console_entries(offline_driver) == []
    assert count(offline_driver, ".leaflet-container") == 2
    assert count(offline_driver, ".geomap-legend") == 2
    assert count(offline_driver, ".leaflet-container .geomap-incident") >= SAMPLE_INCIDENT_MARKERS
    heading = offline_driver.find_element("css selector", "h1")
    assert heading.value_of_css_property("margin-top") != "0px"  # host styles untouched
    assert offline_driver.execute_script("return typeof window.__pwned") == "undefined"
    save_screenshot(offline_driver, "map_fragments.png")


def test_report_draws_its_map_offline(
    offline_driver: Any, tmp_path: Path, boundaries: Path
) -> None:
    out = maps.report_html(sample_extraction(), tmp_path / "report.html", basemap=boundaries)
    open_page(offline_driver, out)
    assert severe_console_entries(offline_driver) == []
    assert count(offline_driver, ".geomap-incident") == SAMPLE_INCIDENT_MARKERS
    assert count(offline_driver, "table.incidents tbody tr") == 7
    assert offline_driver.execute_script("return typeof window.__pwned") == "undefined"
    save_screenshot(offline_driver, "report.png")


def test_folium_markers_and_popups_added_by_a_user_work_offline(
    offline_driver: Any, tmp_path: Path, boundaries: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    m = maps.incident_map(sample_extraction(), basemap=boundaries)
    # folium's Popup template calls jQuery's $(); the runtime's stand-in serves it.
    folium.Marker([32.0, 45.3], popup=folium.Popup("<b>analyst note</b>")).add_to(
        m.geomap_layers["Incidents"]
    )
    open_page(offline_driver, maps.save_html(m, tmp_path / "custom.html"))
    assert severe_console_entries(offline_driver) == []
    pin = offline_driver.find_element("css selector", "img.leaflet-marker-icon")
    assert pin.get_attribute("src").startswith("data:image/png;base64,")
    assert offline_driver.execute_script("return arguments[0].naturalWidth", pin) == 25
    pin.click()
    popup = offline_driver.find_element("css selector", ".leaflet-popup-content")
    WebDriverWait(offline_driver, 5).until(lambda _: "analyst note" in popup.text)


def test_many_actor_links_are_drawn_one_actor_at_a_time(
    offline_driver: Any, tmp_path: Path, boundaries: Path
) -> None:
    base = Place("user:hq", "HQ", "city", 31.0, 46.0, "IQ")
    incidents = tuple(
        Incident("Battles", "Armed clash", dt.date(2024, 3, 1 + i % 5), "day",
                 Place(f"user:{i}", f"Site {i}", "city", 30 + i % 20 / 5, 44 + i // 20 / 5),
                 1, actor1="Group A" if i % 2 else "Group B")
        for i in range(700)
    )  # fmt: skip
    actors = (Actor("Group A", "armed_group", place=base), Actor("Group B", "armed_group"))
    m = maps.incident_map(
        Extraction("", incidents=incidents, actors=actors), basemap=boundaries, link_actors=True
    )
    open_page(offline_driver, maps.save_html(m, tmp_path / "links.html"))
    from selenium.webdriver.support.ui import WebDriverWait

    lines = "return document.querySelectorAll('.leaflet-geomapLinks-pane path').length"
    assert offline_driver.execute_script(lines) == 0
    # Actors lie under the incident clusters by design: click it by script.
    actor = offline_driver.find_element("css selector", ".geomap-actor")
    offline_driver.execute_script("arguments[0].click()", actor)
    assert offline_driver.execute_script(lines) == 350
    popup = offline_driver.find_element("css selector", ".leaflet-popup-content")
    WebDriverWait(offline_driver, 5).until(lambda _: "Incidents naming it" in popup.text)
    assert "350" in popup.text.split("Incidents naming it")[1]
    save_screenshot(offline_driver, "map_actor_links.png")
    offline_driver.find_element("css selector", ".leaflet-popup-close-button").click()
    assert offline_driver.execute_script(lines) == 0


def test_sandboxed_iframe_draws_offline(
    offline_driver: Any, tmp_path: Path, boundaries: Path
) -> None:
    frame = maps.to_iframe(maps.incident_map(sample_extraction(), basemap=boundaries), 900, 600)
    page = tmp_path / "iframe.html"
    page.write_text(f"<!DOCTYPE html><html><body>{frame}</body></html>", encoding="utf-8")
    offline_driver.get(page.as_uri())
    offline_driver.switch_to.frame(offline_driver.find_element("css selector", "iframe"))
    try:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(offline_driver, 10).until(lambda d: d.execute_script(MAP_READY))
        assert count(offline_driver, ".geomap-incident") == SAMPLE_INCIDENT_MARKERS
        assert offline_driver.execute_script("return typeof window.__pwned") == "undefined"
    finally:
        offline_driver.switch_to.default_content()
    assert severe_console_entries(offline_driver) == []
    assert html.unescape(frame).count("<!DOCTYPE html>") == 1


def test_bundled_basemap_draws_the_region(offline_driver: Any, tmp_path: Path) -> None:
    try:
        folder = maps.basemap.bundled_dir("data")
    except maps.GeomapError:
        pytest.skip("no bundled gazetteer data")
    if not (folder / "admin1.geojson.gz").is_file():
        pytest.skip("the bundled boundary files are not built")
    m = maps.incident_map(sample_extraction(), link_actors=True, title="Iraq, March 2024")
    open_page(offline_driver, maps.save_html(m, tmp_path / "real.html"))
    assert severe_console_entries(offline_driver) == []
    # Iraq's 18 governorates and its neighbours, at least.
    assert count(offline_driver, ".leaflet-geomapBasemap-pane path") > 30
    save_screenshot(offline_driver, "map_bundled_basemap.png")


def test_fragment_works_on_a_page_with_an_amd_loader(
    offline_driver: Any, tmp_path: Path, boundaries: Path
) -> None:
    # Jupyter's classic notebook carries RequireJS; a UMD Leaflet would register
    # with it instead of defining window.L, and the map would never draw.
    fake_requirejs = (
        "<script>window.define = function () { window.__amd_used = true; };"
        "window.define.amd = true;</script>"
    )
    fragment = maps.to_fragment(maps.incident_map(sample_extraction(), basemap=boundaries))
    page = tmp_path / "amd.html"
    page.write_text(
        f"<!DOCTYPE html><html><head>{fake_requirejs}</head><body>{fragment}</body></html>",
        encoding="utf-8",
    )
    open_page(offline_driver, page)
    assert severe_console_entries(offline_driver) == []
    assert offline_driver.execute_script("return typeof window.__amd_used") == "undefined"
    assert count(offline_driver, ".geomap-incident") == SAMPLE_INCIDENT_MARKERS
