"""Measure geomap's map layer at scale: write time, file size, browser open time.

Run from the repository root::

    python benchmarks/bench_maps.py            # 10,000 incidents
    python benchmarks/bench_maps.py -n 2000 --keep out.html
    python benchmarks/bench_maps.py --json     # machine-readable figures

Targets (from the project's issue): 10,000 incidents written in under 3 s,
under 5 MB, and opened by Chromium in under 5 s. Timings are printed, never
asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geomap import maps
from geomap.models import Actor, Evidence, Extraction, Incident, Mention, Place

TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Arrests"),
]
SENTENCE = (
    "security forces said gunmen attacked a checkpoint near the market on the road to the "
    "northern districts late on Tuesday according to local officials and a police source who "
    "spoke on condition of anonymity"
)
WORDS = SENTENCE.split()


def synthetic(n: int, seed: int = 7) -> Extraction:
    """n incidents over Iraq and Syria: 90% at towns, 10% only to a governorate."""
    rng = random.Random(seed)
    towns = [
        Place(f"bench:t{i}", f"Town {i}", "city", rng.uniform(30.0, 37.0), rng.uniform(38.5, 47.5))
        for i in range(800)
    ]
    regions = []
    for i in range(18):
        lat, lon = rng.uniform(30.5, 36.5), rng.uniform(39.0, 47.0)
        area = box(lon - 0.8, lat - 0.6, lon + 0.8, lat + 0.6)
        regions.append(Place(f"bench:r{i}", f"Governorate {i}", "admin1", lat, lon, area=area))
    actors = [f"Armed group {i}" for i in range(60)]
    sources = [f"https://news.example/{i}/story" for i in range(40)]
    start = dt.date(2024, 1, 1)
    incidents = []
    for _ in range(n):
        event, sub = rng.choice(TYPES)
        imprecise = rng.random() < 0.1
        place = rng.choice(regions if imprecise else towns)
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))).capitalize()
        incidents.append(
            Incident(
                event_type=event,
                sub_event_type=sub,
                date=start + dt.timedelta(days=rng.randrange(90)),
                date_precision="day",
                place=place,
                geo_precision=3 if imprecise else 1,
                actor1=rng.choice(actors),
                actor2=rng.choice(actors) if rng.random() < 0.5 else None,
                fatalities=rng.choice([0, 0, 0, 1, 2, 3, 5, 12]),
                evidence=(Evidence(0, len(sentence), sentence + "."),),
                source=rng.choice(sources),
            )
        )
    mentions = tuple(Mention(0, 4, t.name, t, 0.9) for t in towns[:300])
    located = tuple(Actor(a, "armed_group", place=rng.choice(towns)) for a in actors[:20])
    return Extraction("", mentions=mentions, incidents=tuple(incidents), actors=located)


def browser_open_seconds(path: Path) -> tuple[float, float] | None:
    """(load event, incidents drawn) seconds in headless Chromium, or None."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    chromium = maps.find_chromium()
    if chromium is None or not Path("/usr/bin/chromedriver").is_file():
        return None
    with tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in maps.chromium_flags(profile):
            options.add_argument(flag)
        options.add_argument("--window-size=1400,900")
        options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND")
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            began = time.perf_counter()
            driver.get(path.as_uri())
            loaded = time.perf_counter() - began
            drawn_js = (
                "return document.querySelectorAll('.geomap-cluster, .geomap-incident').length"
            )
            while driver.execute_script(drawn_js) == 0 and time.perf_counter() - began < 30:
                time.sleep(0.02)
            return loaded, time.perf_counter() - began
        finally:
            driver.quit()


def measure(n: int, repeat: int, keep: Path | None) -> dict[str, object]:
    """The figures: write time, size, browser times (None without a browser)."""
    data = synthetic(n)
    figures: dict[str, object] = {"date": dt.date.today().isoformat(), "incidents": n}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.html"
        maps.incident_map(data)  # warm caches (boundary files, assets) once
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            m = maps.incident_map(data, link_actors=True)
            maps.save_html(m, out)
            times.append(time.perf_counter() - began)
        figures["write_seconds"] = round(statistics.median(times), 2)
        figures["repeat"] = repeat
        figures["size_mb"] = round(out.stat().st_size / 1e6, 2)
        opened = browser_open_seconds(out)
        figures["browser_load_seconds"] = round(opened[0], 2) if opened else None
        figures["browser_drawn_seconds"] = round(opened[1], 2) if opened else None
        if keep:
            keep.write_bytes(out.read_bytes())
        # For comparison: every incident as its own marker, no clustering.
        flat = Path(tmp) / "flat.html"
        began = time.perf_counter()
        maps.save_html(maps.incident_map(data, cluster_threshold=None), flat)
        figures["flat_write_seconds"] = round(time.perf_counter() - began, 2)
        opened = browser_open_seconds(flat)
        figures["flat_drawn_seconds"] = round(opened[1], 2) if opened else None
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of incidents")
    parser.add_argument("--repeat", type=int, default=3, help="write repetitions")
    parser.add_argument("--keep", type=Path, help="also keep the written HTML here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    f = measure(args.n, args.repeat, args.keep)
    if args.json:
        print(json.dumps(f, indent=2))
        return
    print(f"incidents:        {args.n:,}")
    print(f"build + write:    {f['write_seconds']:.2f} s (median of {args.repeat})")
    print(f"file size:        {f['size_mb']:.2f} MB")
    if f["browser_drawn_seconds"] is None:
        print("browser open:     skipped (selenium, chromium or chromedriver missing)")
    else:
        print(f"browser load:     {f['browser_load_seconds']:.2f} s (load event)")
        print(
            f"browser drawn:    {f['browser_drawn_seconds']:.2f} s"
            " (first incident symbols on screen)"
        )
    drawn = f["flat_drawn_seconds"]
    print(
        f"no clustering:    {f['flat_write_seconds']:.2f} s to write"
        + (f", {drawn:.2f} s to draw" if drawn is not None else "")
    )


if __name__ == "__main__":
    main()
