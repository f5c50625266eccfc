"""Helpers for the map tests: sample data and an offline headless Chromium.

Imported by tests/test_maps.py (sample data) and tests/test_maps_browser.py
(the ``offline_driver`` fixture). Selenium is imported lazily so the unit tests
run without it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Polygon, box, mapping

from geomap import maps
from geomap.models import Actor, Evidence, Extraction, Incident, Mention, Place

CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# Each string tries a different way out of an HTML or JS context; if any of
# them runs, window.__pwned is set.
HOSTILE = (
    "</script><script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "\"'><svg onload=window.__pwned=3>",
    "`${window.__pwned=4}`",
    "</style><script>window.__pwned=5</script><!--",
)
EVIL = " ".join(HOSTILE)

# Real coordinates (GeoNames) and simplified real-world shapes.
BAGHDAD = Place("gn:98182", "Baghdad", "city", 33.34058, 44.40088, "IQ", "Baghdad", 7_216_000)
BASRA = Place("gn:99532", "Basra", "city", 30.50852, 47.7804, "IQ", "Basra", 2_600_000)
KUT = Place("gn:93535", "Kut", "city", 32.50534, 45.81852, "IQ", "Wasit", 315_000)
GREEN_ZONE = Place(
    "geomap:green-zone",
    "Green Zone",
    "district",
    33.3045,
    44.3893,
    "IQ",
    "Baghdad",
    area=box(44.372, 33.290, 44.405, 33.318),
)
DHI_QAR = Place(
    "geomap:iq-dhi-qar",
    "Dhi Qar",
    "admin1",
    31.05,
    46.26,
    "IQ",
    area=Polygon([(45.55, 30.45), (47.15, 30.6), (47.05, 31.95), (45.75, 31.85)]),
)
SOUTHERN = Place("geomap:southern-provinces", "the southern provinces", "region", 30.9, 46.6, "IQ")
HOSTILE_PLACE = Place("user:evil", "Evil " + EVIL, "city", 31.99, 44.33, "IQ")


def sample_extraction() -> Extraction:
    """One document with every case the map draws differently.

    Drawn: 3 incident markers (Baghdad, Green Zone, the hostile town),
    3 approximate incident shapes (Dhi Qar polygon, a 50 km circle for the
    southern provinces, a 10 km circle near Basra), 1 actor marker, mention
    dots for Baghdad, Basra and the Green Zone, a 10 km circle for "near Kut", area polygons
    for Dhi Qar and the Green Zone; not placed: 1 mention and 1 incident.
    """
    incidents = (
        Incident(
            "Battles",
            "Armed clash",
            dt.date(2024, 3, 1),
            "day",
            BAGHDAD,
            1,
            actor1="Militia " + EVIL,
            actor2="Iraqi Army",
            fatalities=4,
            injured=2,
            evidence=(Evidence(0, 40, "Clashes erupted in Baghdad, " + EVIL),),
            source="https://example.org/news?id=1&lang=en",
        ),
        Incident(
            "Explosions/Remote violence",
            "Air/drone strike",
            dt.date(2024, 3, 2),
            "day",
            GREEN_ZONE,
            1,
            fatalities=0,
            evidence=(Evidence(41, 80, "A drone hit the Green Zone."),),
        ),
        Incident("Protests", "Peaceful protest", dt.date(2024, 3, 3), "day", DHI_QAR, 3),
        Incident("Riots", "Mob violence", None, None, SOUTHERN, 3),
        Incident(EVIL, "sub " + EVIL, dt.date(2024, 3, 3), "day", BASRA, 2, fatalities=30),
        Incident(
            "Violence against civilians",
            "Attack",
            dt.date(2024, 3, 4),
            "month",
            HOSTILE_PLACE,
            None,
            location_text="Evil " + EVIL,
            source=EVIL,
        ),
        Incident("Battles", "Armed clash", dt.date(2024, 3, 4), "day", None, None, "Atlantis"),
    )
    mentions = (
        Mention(0, 7, "Baghdad", BAGHDAD, 0.95),
        Mention(10, 15, "Basra", BASRA, 0.9),
        Mention(20, 29, "near Kut", KUT, 0.7, precision=2),
        Mention(30, 37, "Dhi Qar", DHI_QAR, 0.8),
        Mention(40, 50, "Green Zone", GREEN_ZONE, 0.9),
        Mention(60, 70, "Atlantis " + EVIL),
    )
    actors = (
        Actor(
            "Militia " + EVIL,
            "armed_group",
            role="attacker " + EVIL,
            place=BASRA,
            location_note="stated in text " + EVIL,
        ),
        Actor("Ministry of Defence", "government"),  # no place: not drawn
    )
    return Extraction(
        "sample text",
        mentions=mentions,
        incidents=incidents,
        actors=actors,
        published=dt.date(2024, 3, 5),
        source="Agency report " + EVIL,
    )


# What the sample draws, for the browser test to count.
SAMPLE_INCIDENT_MARKERS = 3
SAMPLE_ACTOR_MARKERS = 1
# 3 mention dots + 1 mention circle + 1 mentioned area outline (the Green Zone;
# Dhi Qar holds an approximate incident, so it is drawn once, shaded, by the
# incident layer) + 3 approximate incident shapes
SAMPLE_INTERACTIVE_PATHS = 8


def write_boundaries(folder: Path) -> Path:
    """A tiny stand-in for the gazetteer's boundary files, in the same format.

    Iraq and Iran near the data, Brazil far from it; admin-1 polygons in Iraq
    and one in Brazil, so tests can see which are kept in detail.
    """
    countries = {
        "IQ": ("Iraq", box(38.8, 29.1, 48.6, 37.4)),
        "IR": ("Iran", box(44.0, 25.1, 63.3, 39.8)),
        "BR": ("Brazil", box(-73.9, -33.7, -34.8, 5.3)),
    }
    admin1 = {
        "IQ-BG": ("IQ", "Baghdad", box(43.9, 32.9, 44.9, 33.8)),
        "IQ-BA": ("IQ", "Basra", box(46.6, 29.9, 48.6, 31.1)),
        "BR-AM": ("BR", "Amazonas", box(-73.8, -9.8, -56.1, 2.2)),
    }

    def collection(rows: list[tuple[str, str, Any]]) -> dict[str, Any]:
        features = [
            {
                "type": "Feature",
                "properties": {"country_code": cc, "name": name},
                "geometry": mapping(geom),
            }
            for cc, name, geom in rows
        ]
        return {"type": "FeatureCollection", "features": features}

    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / "countries.geojson.gz", "wt", encoding="utf-8") as out:
        json.dump(collection([(cc, n, g) for cc, (n, g) in countries.items()]), out)
    with gzip.open(folder / "admin1.geojson.gz", "wt", encoding="utf-8") as out:
        json.dump(collection(list(admin1.values())), out)
    return folder


# ---------------------------------------------------------------------------
# Headless Chromium with the network cut off


def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    if maps.find_chromium() is None:
        return "Chromium is not installed (apt-get install chromium)"
    if not Path(CHROMEDRIVER).is_file() and shutil.which("chromedriver") is None:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


def offline_options(profile: str) -> Any:
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = maps.find_chromium() or ""
    for flag in maps.chromium_flags(profile):
        options.add_argument(flag)
    # No name resolves and every request goes to a dead local port: a page
    # that needed the network would fail to draw, which is what we test.
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND")
    options.add_argument("--proxy-server=127.0.0.1:9")
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


@pytest.fixture(scope="module")
def offline_driver() -> Iterator[Any]:
    """A selenium Chrome driver on headless Chromium with no network."""
    reason = _browser_missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).is_file() else shutil.which("chromedriver")
    with tempfile.TemporaryDirectory(prefix="geomap-test-chrome-") as profile:
        driver = webdriver.Chrome(
            options=offline_options(profile), service=Service(str(driver_path))
        )
        driver.set_page_load_timeout(30)
        try:
            yield driver
        finally:
            driver.quit()


def severe_console_entries(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def save_screenshot(driver: Any, name: str) -> Path:
    """Keep a screenshot under artifacts/ (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path
