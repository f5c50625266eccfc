"""Maps a reader can read at a glance, checked in real headless Chromium, offline.

Incidents on top of everything at their own centre, labels at several zooms
without overlaps, credits in the attribution, the incident list beside the
map, actor links. Screenshots go to artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from browser import (
    offline_driver,
    sample_extraction,
    save_screenshot,
    severe_console_entries,
    write_boundaries,
)
from shapely.geometry import box

from geomap import maps
from geomap.models import Actor, Evidence, Extraction, Incident, Mention, Place

pytestmark = pytest.mark.browser

__all__ = ["offline_driver"]  # a fixture, used by name below

MAP = "window[document.querySelector('.folium-map').id]"
READY = "return !!document.querySelector('.leaflet-container .leaflet-control-layers')"

BAGHDAD = Place("gn:98182", "Baghdad", "city", 33.34058, 44.40088, "IQ", "Baghdad", 7_216_000)
GREEN_ZONE = Place("gz", "Green Zone", "district", 33.3045, 44.3893, "IQ", "Baghdad")
DAMASCUS = Place("gn:170654", "Damascus", "city", 33.5102, 36.29128, "SY", None, 1_569_394)
NAIROBI = Place("gn:184745", "Nairobi", "city", -1.28333, 36.81667, "KE", None, 2_750_547)
SYRIA = Place("country:SY", "Syria", "country", 35.0, 38.5, "SY", area=box(35.7, 32.3, 42.4, 37.3))


def _incident(kind: str, place: Place, day: int, deaths: int, **kw: Any) -> Incident:
    return Incident(kind, "", dt.date(2024, 5, day), "day", place, 1, fatalities=deaths, **kw)


def crowded_extraction() -> Extraction:
    """The issue's cases: incidents under actors, at one point, near each other."""
    text = "Militia commander Abu Test said his men attacked Baghdad."
    incidents = (
        _incident("Battles", BAGHDAD, 1, 4, actor1="Militia"),
        _incident("Strategic developments", BAGHDAD, 2, 0),
        _incident(
            "Explosions/Remote violence",
            BAGHDAD,
            3,
            2,
            evidence=(Evidence(0, len(text), text),),
        ),
        _incident("Riots", GREEN_ZONE, 3, 1),
        _incident("Explosions/Remote violence", DAMASCUS, 4, 3),
        _incident("Riots", NAIROBI, 5, 2),
    )
    actors = (
        Actor("Militia", "armed_group", place=BAGHDAD),
        Actor("Abu Test", "person", place=BAGHDAD, spans=((18, 26),)),
        Actor("Syrian Army", "government", place=DAMASCUS),
        Actor("Kenya Police", "government", place=NAIROBI),
    )
    mentions = (
        Mention(0, 7, "Baghdad", BAGHDAD, 0.9),
        Mention(0, 8, "Damascus", DAMASCUS, 0.9),
        Mention(0, 7, "Nairobi", NAIROBI, 0.9),
        Mention(0, 5, "Syria", SYRIA, 0.9),
    )
    return Extraction(text, mentions=mentions, incidents=incidents, actors=actors)


def open_page(driver: Any, path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")
    driver.get(path.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(READY))


@pytest.fixture(scope="module")
def crowded_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The bundled basemap and labels, as users get them.
    m = maps.incident_map(crowded_extraction(), link_actors=True, title="Crowded")
    return maps.save_html(m, tmp_path_factory.mktemp("crowded") / "crowded.html")


# [x, y, topmost?, under a control box or off screen?] for each incident marker's centre.
TOPMOST = """
const out = [];
const boxes = [...document.querySelectorAll('.leaflet-control')]
  .map(e => e.getBoundingClientRect());
for (const el of document.querySelectorAll('.geomap-incident')) {
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  const ui = boxes.some(b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) ||
    x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight;
  out.push([x, y, !!hit && hit.closest('.geomap-incident') === el, ui]);
}
return out;
"""


def set_zoom(driver: Any, zoom: int, lat: float | None = None, lon: float | None = None) -> None:
    centre = f"[{lat}, {lon}]" if lat is not None else f"{MAP}.getCenter()"
    driver.execute_script(f"{MAP}.setView({centre}, {zoom}, {{animate: false}});")


def test_every_incident_marker_is_topmost_at_its_centre(
    offline_driver: Any, crowded_html: Path
) -> None:
    open_page(offline_driver, crowded_html)
    assert severe_console_entries(offline_driver) == []
    assert offline_driver.execute_script("return document.querySelectorAll('.geomap-actor').length")
    # As the map opens, every marker is clear of the boxes in the corners too.
    hits = offline_driver.execute_script(TOPMOST)
    assert len(hits) == 6 and all(h[2] and not h[3] for h in hits), hits
    # Zoomed by hand, a marker may go under the legend; no map data covers one.
    for zoom in (4, 6, 9):
        set_zoom(offline_driver, zoom, 33.34, 44.40)
        hits = offline_driver.execute_script(TOPMOST)
        inside = [h for h in hits if not h[3]]
        assert inside, f"no incident marker on screen at zoom {zoom}"
        assert all(h[2] for h in inside), f"covered incident markers at zoom {zoom}: {hits}"
    save_screenshot(offline_driver, "map_crowded.png")


def test_incident_markers_on_the_sample_are_topmost(offline_driver: Any, tmp_path: Path) -> None:
    boundaries = write_boundaries(tmp_path / "b")
    m = maps.incident_map(sample_extraction(), basemap=boundaries, link_actors=True)
    open_page(offline_driver, maps.save_html(m, tmp_path / "sample.html"))
    hits = offline_driver.execute_script(TOPMOST)
    assert len(hits) == 3 and all(h[2] and not h[3] for h in hits), hits


def test_markers_at_one_point_are_spread_apart(offline_driver: Any, crowded_html: Path) -> None:
    open_page(offline_driver, crowded_html)
    set_zoom(offline_driver, 12, BAGHDAD.latitude, BAGHDAD.longitude)
    centres = offline_driver.execute_script(
        "return [...document.querySelectorAll('.geomap-incident')].map(el => {"
        " const r = el.getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2];})"
    )
    on_screen = [c for c in centres if 0 <= c[0] <= 1200 and 0 <= c[1] <= 800]
    assert len(on_screen) >= 3
    distinct = {(round(x), round(y)) for x, y in on_screen}
    assert len(distinct) == len(on_screen)  # none stacked on another
    # Each spread marker keeps a leg to its true point.
    legs = "return document.querySelectorAll('.leaflet-geomapSpider-pane path').length"
    assert offline_driver.execute_script(legs) >= 3


LABELS = """
return [...document.querySelectorAll('.geomap-label')].map(el => {
  const r = el.getBoundingClientRect();
  return [el.textContent, el.className, r.left, r.top, r.right, r.bottom];
});
"""


def _overlaps(labels: list[list[Any]]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a[2] < b[4] - 1 and a[4] > b[2] + 1 and a[3] < b[5] - 1 and a[5] > b[3] + 1:
                out.append((a[0], b[0]))
    return out


def test_labels_render_at_three_zooms_without_overlaps(
    offline_driver: Any, crowded_html: Path
) -> None:
    open_page(offline_driver, crowded_html)
    seen, countries = {}, {}
    for zoom in (3, 5, 7):
        set_zoom(offline_driver, zoom, 33.4, 40.0)
        labels = offline_driver.execute_script(LABELS)
        assert len(labels) >= 3, f"too few labels at zoom {zoom}: {labels}"
        assert _overlaps(labels) == [], f"overlapping labels at zoom {zoom}"
        seen[zoom] = {text for text, *_ in labels}
        countries[zoom] = {text for text, cls, *_ in labels if "country" in cls}
        save_screenshot(offline_driver, f"map_labels_z{zoom}.png")
    # Incident places are named at every zoom, countries at the widest,
    # towns appear as the map zooms in.
    for zoom in (3, 5, 7):
        assert "Damascus" in seen[zoom]
    assert len(countries[3]) >= 3
    assert len(seen[7] - seen[3]) >= 2


def test_labels_never_cover_an_incident_marker(
    offline_driver: Any, crowded_html: Path, tmp_path: Path
) -> None:
    open_page(offline_driver, crowded_html)
    covered = """
    const marks = [...document.querySelectorAll('.geomap-incident')]
      .map(e => e.getBoundingClientRect());
    const bad = [];
    for (const el of document.querySelectorAll('.geomap-label')) {
      const r = el.getBoundingClientRect();
      for (const m of marks) {
        if (r.left < m.right - 1 && r.right > m.left + 1 && r.top < m.bottom - 1 &&
            r.bottom > m.top + 1) { bad.push(el.textContent); }
      }
    }
    return bad;
    """
    for zoom in (4, 6, 8):
        set_zoom(offline_driver, zoom, 33.4, 40.0)
        assert offline_driver.execute_script(covered) == []
    # Nor a cluster bubble, once the clusters have settled.
    towns = [BAGHDAD, GREEN_ZONE, DAMASCUS, NAIROBI]
    many = Extraction(
        "",
        incidents=tuple(_incident("Battles", towns[i % 4], 1 + i % 20, i % 3) for i in range(300)),
    )
    page = maps.save_html(maps.incident_map(many), tmp_path / "clusters.html")
    open_page(offline_driver, page)
    from selenium.webdriver.support.ui import WebDriverWait

    clusters = "return document.querySelectorAll('.geomap-cluster').length"
    WebDriverWait(offline_driver, 5).until(lambda d: d.execute_script(clusters) > 0)
    offline_driver.execute_script("return new Promise(r => setTimeout(r, 600))")
    assert (
        offline_driver.execute_script(covered.replace(".geomap-incident", ".geomap-cluster")) == []
    )


def test_attribution_credits_leaflet_natural_earth_and_geonames(
    offline_driver: Any, crowded_html: Path, tmp_path: Path
) -> None:
    text = "return document.querySelector('.leaflet-control-attribution').textContent"
    open_page(offline_driver, crowded_html)
    credit = offline_driver.execute_script(text)
    assert "Leaflet" in credit
    assert "Natural Earth" in credit
    assert "GeoNames (CC-BY 4.0)" in credit
    # A fragment inside someone else's page carries the same credits, and a
    # tile provider's attribution is added (as text, never as markup).
    m = maps.incident_map(
        crowded_extraction(),
        basemap=False,
        tiles="https://tiles.example/{z}/{x}/{y}.png",
        tiles_attribution="&copy; Example Tiles <img src=x onerror=window.__pwned=1>",
    )
    page = tmp_path / "host.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><h1>Host</h1>"
        + maps.to_fragment(m, height=500)
        + "</body></html>",
        encoding="utf-8",
    )
    open_page(offline_driver, page)
    credit = offline_driver.execute_script(text)
    assert "Natural Earth" in credit and "GeoNames (CC-BY 4.0)" in credit
    assert "© Example Tiles <img src=x" in credit
    assert offline_driver.execute_script("return window.__pwned === undefined")


def test_incident_list_rows_zoom_open_and_follow_the_date_filter(
    offline_driver: Any, crowded_html: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(offline_driver, crowded_html)
    rows = "return [...document.querySelectorAll('.geomap-list tbody tr')].map(r => r.textContent)"
    texts = offline_driver.execute_script(rows)
    assert len(texts) == 6
    assert texts[0].startswith("2024-05-01") and "Battles" in texts[0] and "Baghdad" in texts[0]
    # Beside the map, not over it.
    side = offline_driver.execute_script(
        "const l = document.querySelector('.geomap-list').getBoundingClientRect();"
        "const m = document.querySelector('.folium-map').getBoundingClientRect();"
        "return [l.left, m.right, l.width];"
    )
    assert side[0] >= side[1] - 1 and side[2] > 200
    nairobi = offline_driver.find_element(
        "xpath", "//div[contains(@class,'geomap-list')]//tr[contains(., 'Nairobi')]"
    )
    nairobi.click()
    popup = offline_driver.find_element("css selector", ".leaflet-popup-content")
    WebDriverWait(offline_driver, 5).until(lambda _: "Nairobi" in popup.text)
    centre = offline_driver.execute_script(f"const c = {MAP}.getCenter(); return [c.lat, c.lng];")
    assert abs(centre[0] - NAIROBI.latitude) < 0.5 and abs(centre[1] - NAIROBI.longitude) < 0.5
    # The date filter: only 2024-05-03 onwards.
    offline_driver.execute_script(
        "const f = document.querySelector('.geomap-from'); f.value = 2;"
        "f.dispatchEvent(new Event('input'));"
    )
    texts = offline_driver.execute_script(rows)
    assert len(texts) == 4
    assert not any(t.startswith(("2024-05-01", "2024-05-02")) for t in texts)


def test_link_actors_draws_lines_from_incidents_to_the_actors_they_name(
    offline_driver: Any, crowded_html: Path
) -> None:
    open_page(offline_driver, crowded_html)
    lines = "return document.querySelectorAll('.leaflet-geomapLinks-pane path').length"
    # Militia: actor1 of the battle, and named in the IED's evidence; Abu
    # Test: his mention lies inside the IED's evidence. No other incident
    # names an actor.
    assert offline_driver.execute_script(lines) == 3
