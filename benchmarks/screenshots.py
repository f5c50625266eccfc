"""Write the README's map screenshots into docs/ (offline headless Chromium).

Run from the repository root (needs Chromium; takes about a minute)::

    python benchmarks/screenshots.py

* ``docs/example-map.png``: the bundled example article, actors linked;
* ``docs/five-country-map.png``: a short news text written for the tests
  (``tests/data/five-countries.txt``), incidents in five countries;
* ``docs/corpus-map.png``: 1,000 synthetic incidents at real GeoNames towns
  of the Middle East and East Africa (random types, dates and tolls), as a
  corpus map clusters them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geomap import extract, maps  # noqa: E402
from geomap.models import Evidence, Extraction, Incident, Place  # noqa: E402

DOCS = ROOT / "docs"
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Arrests"),
]
COUNTRIES = {"IQ": 5, "SY": 5, "YE": 4, "LB": 1, "SO": 2, "KE": 1, "SD": 2}


def corpus(n: int = 1000, seed: int = 14) -> Extraction:
    """n incidents at real towns, weighted by country."""
    with gzip.open(ROOT / "gazetteer" / "data" / "basemap.json.gz", "rt", encoding="utf-8") as f:
        cities = json.load(f)["cities"]
    rng = random.Random(seed)
    towns: list[tuple[Place, int]] = []
    for name, lat, lon, _population, cc, _zoom in cities:
        if cc in COUNTRIES:
            towns.append((Place(f"gn:{cc}:{name}", name, "city", lat, lon, cc), COUNTRIES[cc]))
    weights = [w * (1 + i % 3) for i, (_, w) in enumerate(towns)]
    start = dt.date(2025, 1, 1)
    incidents = []
    for _ in range(n):
        place = rng.choices([t for t, _ in towns], weights)[0]
        event, sub = rng.choice(TYPES)
        note = f"{event} reported in {place.name}."
        incidents.append(
            Incident(
                event_type=event,
                sub_event_type=sub,
                date=start + dt.timedelta(days=rng.randrange(180)),
                date_precision="day",
                place=place,
                geo_precision=1,
                fatalities=rng.choice([0, 0, 0, 1, 2, 3, 5, 12]),
                evidence=(Evidence(0, len(note), note),),
                source="synthetic",
            )
        )
    return Extraction("", incidents=tuple(incidents))


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    example = ROOT / "examples" / "baghdad-2021-11-07.txt"
    ex = extract(example.read_text(encoding="utf-8"), published="2021-11-07")
    m = maps.incident_map([ex], link_actors=True)
    maps.to_png(m, DOCS / "example-map.png", width=1200, height=760)
    five = ROOT / "tests" / "data" / "five-countries.txt"
    news = extract(five.read_text(encoding="utf-8"), published="2025-11-20")
    m = maps.incident_map([news], title="Five countries, one week")
    maps.to_png(m, DOCS / "five-country-map.png", width=1200, height=760)
    m = maps.incident_map(corpus(), title="1,000 incidents (synthetic, at real towns)")
    maps.to_png(m, DOCS / "corpus-map.png", width=1200, height=760)
    for name in ("example-map.png", "five-country-map.png", "corpus-map.png"):
        print(DOCS / name)


if __name__ == "__main__":
    main()
