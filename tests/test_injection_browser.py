"""Hostile text in every field a map shows, in real headless Chromium (offline).

Places, mentions, actors, incidents and sources carry strings that try to
leave an HTML text node, an attribute, a ``<script>`` block or a JavaScript
template literal. If any of them runs, ``window.__pwned`` is set. The pages
are opened with the network cut off (tests/browser.py), every popup and
tooltip is opened, and the hostile text must be shown as text, never run, and
a ``javascript:`` source must never become a link.

Skipped with a reason when selenium, Chromium or chromedriver is missing
(Debian: apt-get install chromium chromium-driver; PyPI: selenium).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from browser import offline_driver, severe_console_entries, write_boundaries
from shapely.geometry import box

from geomap import maps
from geomap.models import Actor, Evidence, Extraction, Incident, Mention, Place

pytestmark = pytest.mark.browser

__all__ = ["offline_driver"]  # a fixture, used by name below

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "</script><script>window.__pwned=3</script>",
    "`${window.__pwned=4}`",
    "\"'><svg onload=window.__pwned=5>",
    "'; window.__pwned=6; '",
    '"; window.__pwned=7; "',
    "</textarea></style></title><script>window.__pwned=8</script>",
)
EVIL = " ".join(PAYLOADS)
# Jinja delimiters ("{{ 7*7 }}") are left out here: geomap.maps currently
# renders data through Jinja (tests/test_hostile.py, test_map_text_is_not_a_jinja_template).
# Sources that must never be links: only http(s) may be.
BAD_SOURCES = (
    "javascript:alert(1)",
    " JaVaScRiPt:window.__pwned=9",
    "java\tscript:window.__pwned=10",
    "data:text/html,<script>window.__pwned=11</script>",
    'https://example.org/" onmouseover="window.__pwned=12',
    "vbscript:msgbox(1)",
)
GOOD_SOURCE = "https://example.org/news?id=1&lang=en"

MAP_READY = "return !!document.querySelector('.leaflet-container .leaflet-control-layers')"

# Opens every popup and tooltip of every map on the page, one after the
# other, and returns what each showed (text and HTML) and any JS error.
OPEN_EVERYTHING = """
var out = {popups: 0, tooltips: 0, texts: [], html: [], links: [], errors: []};
function grab(root, selector) {
    root.querySelectorAll(selector).forEach(function (node) {
        out.texts.push(node.textContent);
        out.html.push(node.innerHTML);
        node.querySelectorAll('a[href]').forEach(function (a) {
            out.links.push([a.getAttribute('href'), a.protocol]);
        });
    });
}
document.querySelectorAll('.folium-map').forEach(function (element) {
    var map = window[element.id], layers = [];
    map.eachLayer(function (layer) { layers.push(layer); });
    layers.forEach(function (layer) {
        try {
            if (layer.getPopup && layer.getPopup()) {
                layer.openPopup(layer.getLatLng ? layer.getLatLng() : map.getCenter());
                out.popups++;
                grab(element, '.leaflet-popup-content');
            }
            if (layer.getTooltip && layer.getTooltip()) {
                layer.openTooltip(layer.getLatLng ? layer.getLatLng() : undefined);
                out.tooltips++;
                grab(element, '.leaflet-tooltip');
            }
        } catch (e) {
            out.errors.push(String(e));
        }
    });
});
document.querySelectorAll('details').forEach(function (d) { d.open = true; });
grab(document, '.geomap-box');
return out;
"""

# Elements that markup from the data would have created, and links or
# resources whose URL would run script.
INJECTED = """
var bad = [];
document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onmouseover], [onload]')
    .forEach(function (e) { bad.push(e.outerHTML.slice(0, 120)); });
var urls = [];
document.querySelectorAll('[href], [src], [action], [formaction], [data]').forEach(function (e) {
    ['href', 'src', 'action', 'formaction', 'data'].forEach(function (name) {
        var value = e.getAttribute(name);
        if (value !== null) { urls.push(value); }
    });
});
var scripted = [];
document.querySelectorAll('a[href], area[href]').forEach(function (a) {
    if (!/^(https?|file):$/.test(a.protocol)) { scripted.push(a.getAttribute('href')); }
});
return {bad: bad, urls: urls, scripted: scripted};
"""


# ---------------------------------------------------------------------------
# Real geomap objects whose every text field is hostile


def hostile_extraction() -> Extraction:
    city = Place("user:evil-city", "Kut " + EVIL, "city", 32.50534, 45.81852, "IQ", EVIL)
    area = Place(
        "user:evil-area",
        "Area " + EVIL,
        "admin1",
        31.05,
        46.26,
        "IQ",
        area=box(45.6, 30.5, 47.0, 31.9),
    )
    region = Place("user:evil-region", "Region " + EVIL, "region", 30.9, 46.6, "IQ")
    hq = Place("user:evil-hq", "HQ " + EVIL, "city", 33.3, 44.4, "IQ", population=100)
    incidents = [
        Incident(
            "Battles",
            "Armed clash " + EVIL,
            dt.date(2024, 3, 1),
            "day",
            city,
            1,
            location_text="Kut " + EVIL,
            actor1="Militia " + EVIL,
            actor2="Army " + EVIL,
            fatalities=4,
            injured=2,
            evidence=(Evidence(0, 10, "Clashes in Kut " + EVIL),),
            source=source,
        )
        for source in (*BAD_SOURCES, GOOD_SOURCE)
    ]
    incidents += [
        Incident(EVIL, "sub " + EVIL, dt.date(2024, 3, 2), "day", area, 3, source=EVIL),
        Incident("Protests", EVIL, None, None, region, 3, evidence=(Evidence(0, 3, EVIL),)),
        Incident("Riots", EVIL, dt.date(2024, 3, 3), "month", city, 2, source=BAD_SOURCES[0]),
        Incident("Battles", "Armed clash", None, None, None, None, location_text="Nowhere " + EVIL),
    ]
    mentions = (
        Mention(0, 3, "Kut " + EVIL, city, 0.9),
        Mention(5, 9, "Area " + EVIL, area, 0.8),
        Mention(10, 14, "Region " + EVIL, region, 0.7, precision=3),
        Mention(15, 20, "near HQ " + EVIL, hq, 0.6, precision=2),
        Mention(21, 30, "Atlantis " + EVIL),  # not placed: listed in the info box
    )
    actors = (
        Actor(
            "Militia " + EVIL,
            "armed_group",
            role="attacker " + EVIL,
            affiliation=EVIL,
            place=hq,
            location_note="stated in text " + EVIL,
        ),
        Actor("Army " + EVIL, "government " + EVIL, place=city, location_note=BAD_SOURCES[0]),
    )
    return Extraction(
        "hostile " + EVIL,
        mentions=mentions,
        incidents=tuple(incidents),
        actors=actors,
        published=dt.date(2024, 3, 5),
        source=BAD_SOURCES[0],
    )


def pipeline_extraction() -> Extraction | None:
    """The same payloads through the real extractor, in the evidence sentence."""
    try:
        from geomap.events.extract import extract
        from geomap.geoparsing.parser import Geoparser
    except ImportError:
        return None
    article = (
        "date 2021-11-07 BAGHDAD (AP) – Troops deployed around Baghdad on Sunday "
        f"{EVIL} after armed drones attacked the residence of the Iraqi prime minister. "
        f"Seven guards were injured in the Green Zone {PAYLOADS[2]}, officials said."
    )
    return extract(article, source="javascript:alert(1)", geoparser=Geoparser(mode="fast"))


@pytest.fixture(scope="module")
def boundaries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_boundaries(tmp_path_factory.mktemp("boundaries"))


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    items = [hostile_extraction()]
    real = pipeline_extraction()
    if real is not None:
        assert any(EVIL in e.text for i in real.incidents for e in i.evidence), (
            "the extractor should keep the hostile sentence as evidence"
        )
        items.append(real)
    return items


# ---------------------------------------------------------------------------
# Checks


def open_page(driver: Any, path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop entries from an earlier page
    driver.get(path.as_uri())
    WebDriverWait(driver, 15).until(lambda d: d.execute_script(MAP_READY))


def pwned(driver: Any) -> Any:
    return driver.execute_script("return window.__pwned")


def assert_nothing_ran(driver: Any, *, popups_at_least: int) -> dict[str, Any]:
    assert pwned(driver) is None, "a payload ran on load"
    opened = driver.execute_script(OPEN_EVERYTHING)
    assert opened["errors"] == []
    assert opened["popups"] >= popups_at_least
    assert opened["tooltips"] >= popups_at_least
    time.sleep(0.5)  # an <img onerror> would fire asynchronously
    assert pwned(driver) is None, "a payload ran when a popup or tooltip opened"
    shown = "\n".join(opened["texts"])
    # The payloads are on screen as text: the data was drawn, just not run.
    for payload in PAYLOADS[:4]:
        assert payload in shown, f"{payload!r} is not shown as text"
    for html in opened["html"]:
        assert "<script" not in html.lower() and '<img src="x"' not in html.lower()
    # Links drawn from the data: only the one http(s) source, with its URL intact.
    for href, protocol in opened["links"]:
        assert protocol in ("http:", "https:") and href == GOOD_SOURCE, (href, protocol)
    found = driver.execute_script(INJECTED)
    assert found["bad"] == []
    assert found["scripted"] == []
    for url in found["urls"]:
        squeezed = "".join(url.split()).lower()
        assert not squeezed.startswith(("javascript:", "vbscript:", "data:text")), url
    assert severe_console_entries(driver) == []
    return opened


# ---------------------------------------------------------------------------
# Pages


def test_incident_map_runs_none_of_the_data(
    offline_driver: Any, tmp_path: Path, boundaries: Path, extractions: list[Extraction]
) -> None:
    m = maps.incident_map(extractions, basemap=boundaries, link_actors=True, title=EVIL)
    page = maps.save_html(m, tmp_path / "map.html")
    open_page(offline_driver, page)
    assert offline_driver.title == EVIL  # the title is text too
    opened = assert_nothing_ran(offline_driver, popups_at_least=8)
    # The http(s) source did become a link (so the check above saw links at all).
    assert [GOOD_SOURCE, "https:"] in opened["links"]


def test_clustered_map_runs_none_of_the_data(
    offline_driver: Any, tmp_path: Path, boundaries: Path, extractions: list[Extraction]
) -> None:
    m = maps.incident_map(extractions, basemap=boundaries, cluster_threshold=0, title=EVIL)
    open_page(offline_driver, maps.save_html(m, tmp_path / "clustered.html"))
    assert pwned(offline_driver) is None
    assert offline_driver.execute_script(
        "return document.querySelectorAll('.geomap-cluster').length"
    )
    # A cluster shows a count on a ring of colours, nothing from the data.
    labels = offline_driver.execute_script(
        "return [...document.querySelectorAll('.geomap-cluster')].map(c => c.textContent)"
    )
    assert labels and all(label.strip().isdigit() for label in labels)
    assert pwned(offline_driver) is None
    assert severe_console_entries(offline_driver) == []


def test_fragments_on_a_host_page_run_none_of_the_data(
    offline_driver: Any, tmp_path: Path, boundaries: Path, extractions: list[Extraction]
) -> None:
    first = maps.to_fragment(maps.incident_map(extractions, basemap=boundaries, title=EVIL))
    second = maps.to_fragment(
        maps.incident_map(extractions[:1], basemap=False, link_actors=True), height=300
    )
    page = tmp_path / "host.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Host</title></head>"
        f"<body><h1>Host</h1>{first}<p>between</p>{second}</body></html>",
        encoding="utf-8",
    )
    open_page(offline_driver, page)
    assert offline_driver.execute_script("return document.querySelectorAll('.folium-map').length")
    assert_nothing_ran(offline_driver, popups_at_least=16)
    assert offline_driver.title == "Host"


def test_report_runs_none_of_the_data(
    offline_driver: Any, tmp_path: Path, boundaries: Path, extractions: list[Extraction]
) -> None:
    page = maps.report_html(extractions, tmp_path / "report.html", title=EVIL, basemap=boundaries)
    open_page(offline_driver, page)
    assert_nothing_ran(offline_driver, popups_at_least=8)
    tables = offline_driver.execute_script(
        "return [...document.querySelectorAll('table')].map(t => t.textContent).join(' ')"
    )
    assert PAYLOADS[0] in tables and "javascript:alert(1)" in tables  # shown as text
    sources = offline_driver.execute_script(
        "return [...document.querySelectorAll('td.source, ul.sources li')]"
        ".map(e => [e.textContent, e.querySelectorAll('a').length])"
    )
    assert sources
    for text, anchors in sources:
        assert anchors == (1 if text.strip() == GOOD_SOURCE else 0), (text, anchors)
