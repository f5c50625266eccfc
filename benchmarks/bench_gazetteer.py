"""Measure the gazetteer: lookups/s, cold start, bulk reverse geocoding, build time.

Run from the repository root::

    python benchmarks/bench_gazetteer.py            # (a) (b) (c)
    python benchmarks/bench_gazetteer.py --build    # also (d), about 25 s more
    python benchmarks/bench_gazetteer.py --json     # machine-readable figures
    python benchmarks/bench_gazetteer.py --profile  # where the time goes (cProfile)

Targets (from the project's issue):

(a) exact-name lookups, one core: >= 50,000 lookups/s;
(b) cold start, ``import geomap; Gazetteer.default(); lookup("Baghdad")`` in a
    fresh process: < 1 s;
(c) bulk reverse geocoding of land points: >= 50,000 points/s (the index build
    is reported separately);
(d) building the default gazetteer: reported only.

Timings are printed, never asserted: they depend on the machine. The default
gazetteer must already be built (or is built once, before timing starts).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import names  # noqa: E402
from geomap.gazetteer.build import build_gazetteer  # noqa: E402
from geomap.gazetteer.reverse import ReverseIndex  # noqa: E402
from geomap.gazetteer.store import Gazetteer  # noqa: E402

TARGET_LOOKUPS = 50_000
TARGET_COLD_START = 1.0
TARGET_REVERSE = 50_000

COLD_START = """
import time
began = time.perf_counter()
import geomap
g = geomap.Gazetteer.default()
g.lookup("Baghdad")
print(time.perf_counter() - began)
"""


def one_core() -> str:
    """Pin this process to a single CPU, so figures are per core."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def sample_names(gaz: Gazetteer, n: int, seed: int = 0) -> list[str]:
    """n distinct primary names of real places, chosen deterministically."""
    names = sorted({p.name for p in gaz.places()})
    return random.Random(seed).sample(names, min(n, len(names)))


def clear_caches(gaz: Gazetteer) -> None:
    names.exact_key.cache_clear()
    names.loose_key.cache_clear()
    gaz._places.clear()  # the Place objects the gazetteer memoises by row


def time_lookups(gaz: Gazetteer, names: list[str]) -> tuple[float, int]:
    """(seconds, names that found nothing) for one pass of lookups."""
    missing = 0
    began = time.perf_counter()
    for name in names:
        if not gaz.lookup(name):
            missing += 1
    return time.perf_counter() - began, missing


def bench_lookups(path: Path, n: int) -> dict[str, Any]:
    with Gazetteer(path) as gaz:
        names = sample_names(gaz, n)
    # A fresh instance: no memoised places, no warmed statement cache.
    with Gazetteer(path) as gaz:
        clear_caches(gaz)
        cold, missing = time_lookups(gaz, names)
        warm, _ = time_lookups(gaz, names)
    return {
        "names": len(names),
        "not_found": missing,
        "cold_seconds": round(cold, 3),
        "cold_per_second": round(len(names) / cold),
        "warm_seconds": round(warm, 3),
        "warm_per_second": round(len(names) / warm),
    }


def bench_cold_start(runs: int) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    inside, outside = [], []
    for _ in range(runs):
        began = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", COLD_START],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outside.append(time.perf_counter() - began)
        inside.append(float(proc.stdout.strip().splitlines()[-1]))
    return {
        "runs": runs,
        "median_seconds": round(statistics.median(inside), 3),
        "median_process_seconds": round(statistics.median(outside), 3),
    }


def land_points(gaz: Gazetteer, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n uniformly random points on land (inside some country polygon)."""
    countries = [p.area for p in gaz.places("country") if p.area is not None]
    tree = shapely.STRtree(countries)
    rng = np.random.default_rng(seed)
    lats: list[np.ndarray] = []
    lons: list[np.ndarray] = []
    found = 0
    while found < n:
        lon = rng.uniform(-180, 180, n)
        lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))  # uniform on the sphere
        hit = np.unique(tree.query(shapely.points(lon, lat), predicate="intersects")[0])
        lats.append(lat[hit])
        lons.append(lon[hit])
        found += len(hit)
    return np.concatenate(lats)[:n], np.concatenate(lons)[:n]


def bench_reverse(path: Path, n: int) -> dict[str, Any]:
    with Gazetteer(path) as gaz:
        lat, lon = land_points(gaz, n)
    with Gazetteer(path) as gaz:  # fresh: the index build pays for loading places
        began = time.perf_counter()
        index = ReverseIndex(gaz)
        build = time.perf_counter() - began
        began = time.perf_counter()
        results = index.reverse_many(lat, lon)
        seconds = time.perf_counter() - began
        with_country = sum(1 for r in results if r.country is not None)
    return {
        "points": n,
        "index_build_seconds": round(build, 3),
        "seconds": round(seconds, 3),
        "per_second": round(n / seconds),
        "with_country": with_country,
    }


def profile(path: Path, names: int, points: int, top: int = 12) -> None:
    """Print the functions that take the time in (a) warm lookups and (c) reverse_many."""
    with Gazetteer(path) as gaz:
        sample = sample_names(gaz, names)
        lat, lon = land_points(gaz, points)
    with Gazetteer(path) as gaz:
        time_lookups(gaz, sample)  # warm up, then profile the warm pass
        prof = cProfile.Profile()
        prof.runcall(time_lookups, gaz, sample)
        print(f"--- (a) {len(sample):,} warm lookups")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(top)
        prof = cProfile.Profile()
        index = prof.runcall(ReverseIndex, gaz)
        print("--- (c) reverse index build")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(top)
        prof = cProfile.Profile()
        prof.runcall(index.reverse_many, lat, lon)
        print(f"--- (c) reverse_many of {points:,} points")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def bench_build() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gazetteer.gpkg"
        began = time.perf_counter()
        build_gazetteer(out)
        seconds = time.perf_counter() - began
        size = out.stat().st_size
    return {"seconds": round(seconds, 1), "size_mb": round(size / 1e6, 1)}


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def report(figures: dict[str, Any]) -> None:
    a, b, c = figures["lookups"], figures["cold_start"], figures["reverse"]
    rows = [
        (
            "(a) lookups, cold pass",
            f"{a['cold_per_second']:,}/s",
            f">= {TARGET_LOOKUPS:,}/s",
            verdict(a["cold_per_second"] >= TARGET_LOOKUPS),
        ),
        (
            "(a) lookups, warm pass",
            f"{a['warm_per_second']:,}/s",
            f">= {TARGET_LOOKUPS:,}/s",
            verdict(a["warm_per_second"] >= TARGET_LOOKUPS),
        ),
        (
            "(b) cold start (median)",
            f"{b['median_seconds']:.3f} s",
            f"< {TARGET_COLD_START:g} s",
            verdict(b["median_seconds"] < TARGET_COLD_START),
        ),
        (
            "(c) reverse_many",
            f"{c['per_second']:,}/s",
            f">= {TARGET_REVERSE:,}/s",
            verdict(c["per_second"] >= TARGET_REVERSE),
        ),
        ("(c) reverse index build", f"{c['index_build_seconds']:.2f} s", "reported", ""),
    ]
    if "build" in figures:
        rows.append(("(d) default build", f"{figures['build']['seconds']:.1f} s", "reported", ""))
    print(f"geomap gazetteer benchmark, {figures['date']} ({figures['machine']})")
    print(f"gazetteer: {figures['gazetteer']} ({figures['places']:,} places)")
    print(f"lookups: {a['names']:,} distinct names, {a['not_found']} not found; {figures['cpu']}")
    print(f"cold start: {b['runs']} fresh processes; whole process {b['median_process_seconds']} s")
    print(f"reverse: {c['points']:,} random land points, {c['with_country']:,} in a country")
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    for head in [("measure", "figure", "target", "")]:
        print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=20_000, help="distinct names to look up")
    parser.add_argument("--points", type=int, default=100_000, help="points to reverse")
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs")
    parser.add_argument("--build", action="store_true", help="also time a full build (~25 s)")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("--profile", action="store_true", help="print cProfile tables only")
    args = parser.parse_args()

    cpu = one_core()
    path = Gazetteer.default().path  # builds once if needed, before any timing
    if args.profile:
        profile(path, args.names, args.points)
        return
    with Gazetteer(path) as gaz:
        places = len(gaz)
    figures: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "cpu": cpu,
        "gazetteer": str(path),
        "places": places,
        "lookups": bench_lookups(path, args.names),
        "cold_start": bench_cold_start(args.runs),
        "reverse": bench_reverse(path, args.points),
    }
    if args.build:
        figures["build"] = bench_build()
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        report(figures)


if __name__ == "__main__":
    main()
