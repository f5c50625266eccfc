"""Batch and corpus throughput: names/s, points/s, documents/s, memory, cold start.

Run from the repository root::

    python benchmarks/bench_batch.py              # every figure
    python benchmarks/bench_batch.py --json       # machine-readable
    python benchmarks/bench_batch.py --docs 300   # a smaller corpus run

Figures (targets from the project's issue):

* batch geocoding, one core: 100,000 names drawn deterministically from the
  gazetteer (weighted by the square root of population, as incident tables
  repeat big places) plus 5% unknown names; ``geocode_frame`` CPU time, and
  a CSV run from reading the input to the output written (target >= 20,000
  names/s per core);
* bulk reverse geocoding: 100,000 random land points through
  ``reverse_arrays``, the index build reported apart (target >= 50,000
  points/s);
* extraction: documents/s in one process and on every core
  (``process_corpus``, fast mode), on the shared evaluation corpora when
  ``../shared/corpora`` holds them, else on copies of the bundled example;
* peak memory of a corpus run on every core: ``ru_maxrss`` of the largest
  process (the run happens in a child, so its workers are counted);
* cold start: a fresh process importing geomap, opening the gazetteer and
  looking up one name.

Timings are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# The same land-point sampler as the gazetteer benchmark (this folder is on
# sys.path when a benchmark runs as a script).
from bench_gazetteer import land_points

from geomap.gazetteer.store import Gazetteer
from geomap.scale.batch import geocode_csv
from geomap.scale.geocode import geocode_frame
from geomap.scale.reverse_geocode import reverse_arrays

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
EXAMPLE = ROOT / "examples" / "baghdad-2021-11-07.txt"

COLD_START = """
import time
began = time.perf_counter()
import geomap
g = geomap.Gazetteer.default()
g.lookup("Baghdad")
print(time.perf_counter() - began)
"""

# Workers are forked here (not from a fork server) so that they are this
# process's children: getrusage(RUSAGE_CHILDREN) then covers them.
CORPUS_RUN = """
import resource, sys, time
from geomap.scale.corpus import process_corpus
began = time.perf_counter()
s = process_corpus(
    [sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]), summary=False, start_method="fork"
)
wall = time.perf_counter() - began
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
print(s.documents, wall, cpu, max(own.ru_maxrss, kids.ru_maxrss))
"""


def sample_names(gaz: Gazetteer, n: int, seed: int = 0) -> list[str]:
    """n names as an incident table has them: big places often, small ones
    sometimes, a few spelling variants, and 5% that name nothing."""
    conn = sqlite3.connect(f"{gaz.path.resolve().as_uri()}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT name, population FROM places"
        " WHERE kind IN ('city', 'admin1', 'country', 'district') ORDER BY id"
    ).fetchall()
    conn.close()
    names = np.array([r[0] for r in rows], dtype=object)
    weight = np.sqrt(np.array([r[1] or 100 for r in rows], dtype=float))
    rng = np.random.default_rng(seed)
    known = int(n * 0.95)
    drawn = names[rng.choice(len(names), known, p=weight / weight.sum())]
    # Upper-case or lower-case a tenth of them, as typed-in tables do.
    shout = rng.random(known) < 0.05
    drawn[shout] = [s.upper() for s in drawn[shout]]
    quiet = rng.random(known) < 0.05
    drawn[quiet] = [s.lower() for s in drawn[quiet]]
    letters = np.array(list("bcdfghjklmnpqrstvwxz"))
    unknown = ["".join(rng.choice(letters, 9)) for _ in range(n - known)]
    mixed = np.concatenate([drawn, np.array(unknown, dtype=object)])
    return list(mixed[rng.permutation(n)])


def bench_geocode(gaz: Gazetteer, n: int) -> dict[str, Any]:
    names = sample_names(gaz, n)
    frame = pd.DataFrame({"id": range(n), "place": names})
    geocode_frame(frame.head(100), "place", gazetteer=gaz)  # open the gazetteer's statements
    began = time.process_time()
    out = geocode_frame(frame, "place", gazetteer=gaz)
    cpu = time.process_time() - began
    counts = out["status"].value_counts().to_dict()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "names.csv"
        frame.to_csv(src, index=False)
        results = {}
        for suffix in (".csv", ".gpkg"):
            began_wall, began_cpu = time.perf_counter(), time.process_time()
            geocode_csv(src, Path(tmp) / f"out{suffix}", "place", gazetteer=gaz, summary=False)
            results[suffix] = (time.perf_counter() - began_wall, time.process_time() - began_cpu)
    return {
        "names": n,
        "distinct": len(set(names)),
        "matched": counts.get("matched", 0),
        "ambiguous": counts.get("ambiguous", 0),
        "not_found": counts.get("not found", 0),
        "frame_cpu_seconds": round(cpu, 3),
        "frame_names_per_s": round(n / cpu),
        "csv_seconds": round(results[".csv"][0], 3),
        "csv_names_per_s": round(n / results[".csv"][1]),
        "gpkg_seconds": round(results[".gpkg"][0], 3),
        "gpkg_names_per_s": round(n / results[".gpkg"][1]),
    }


def bench_reverse(gaz: Gazetteer, n: int) -> dict[str, Any]:
    began = time.perf_counter()
    reverse_arrays([33.3], [44.39], gazetteer=gaz)  # builds the index and the town tree
    build = time.perf_counter() - began
    lat, lon = land_points(gaz, n)
    began = time.process_time()
    out = reverse_arrays(lat, lon, gazetteer=gaz)
    cpu = time.process_time() - began
    return {
        "points": n,
        "index_build_seconds": round(build, 3),
        "cpu_seconds": round(cpu, 3),
        "points_per_s": round(n / cpu),
        "with_country": int(sum(c is not None for c in out["country"])),
    }


def corpus_texts(docs: int) -> tuple[list[str], str]:
    files = [CORPORA / "lgl.xml", CORPORA / "trnews.xml"]
    if all(f.exists() for f in files):
        from geomap.geoparsing.corpora import read_corpus

        texts = [d.text for f in files for d in read_corpus(f)]
        rounds = -(-docs // len(texts))  # repeated when more are asked for
        label = f"LGL + TR-News ({len(texts)} articles)" + (f" x{rounds}" if rounds > 1 else "")
        return (texts * rounds)[:docs], label
    text = EXAMPLE.read_text(encoding="utf-8")
    return [text] * docs, f"example article x{docs}"


def run_corpus(path: Path, workers: int, out: Path) -> tuple[int, float, float, int]:
    """(documents, wall seconds, CPU seconds of all processes, peak RSS in kB)."""
    proc = subprocess.run(
        [sys.executable, "-c", CORPUS_RUN, str(path), str(out), str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    documents, wall, cpu, rss = proc.stdout.split()
    return int(documents), float(wall), float(cpu), int(rss)


def bench_corpus(docs: int) -> dict[str, Any]:
    texts, label = corpus_texts(docs)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for i, text in enumerate(texts):
                fh.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
        n1, one, one_cpu, one_kb = run_corpus(src, 1, Path(tmp) / "one.jsonl")
        n_all, every, every_cpu, peak_kb = run_corpus(src, cores, Path(tmp) / "all.jsonl")
    # ru_maxrss is that of the largest process (the run's main process or a
    # worker, whichever peaked), not a sum.
    return {
        "corpus": label,
        "documents": n1,
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "cores": cores,
        "one_process_seconds": round(one, 3),
        "one_process_docs_per_s": round(n1 / one, 1),
        "one_process_docs_per_cpu_s": round(n1 / one_cpu, 1),
        "one_process_peak_rss_mb": round(one_kb / 1024, 1),
        "all_cores_seconds": round(every, 3),
        "all_cores_docs_per_s": round(n_all / every, 1),
        "all_cores_cpu_seconds": round(every_cpu, 3),
        "speedup": round(one / every, 2),
        "cpu_burn_speedup": parallel_ceiling(cores),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def _burn(n: int) -> float:
    began = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - began


def parallel_ceiling(cores: int, n: int = 10_000_000) -> float:
    """The speed-up of a pure-Python loop run on every core at once: what
    the machine itself allows (hyper-threads, other tenants), for reading
    the extraction speed-up against."""
    import multiprocessing

    one = min(_burn(n) for _ in range(2))
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        began = time.perf_counter()
        pool.map(_burn, [n] * cores)
        every = time.perf_counter() - began
    return round(cores * one / every, 2)


def bench_cold_start(runs: int) -> dict[str, Any]:
    inside, outside = [], []
    for _ in range(runs):
        began = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True
        )
        outside.append(time.perf_counter() - began)
        inside.append(float(proc.stdout.strip().splitlines()[-1]))
    return {
        "runs": runs,
        "median_seconds": round(statistics.median(inside), 3),
        "median_process_seconds": round(statistics.median(outside), 3),
    }


def report(f: dict[str, Any]) -> None:
    g, r, c, s = f["geocode"], f["reverse"], f["corpus"], f["cold_start"]
    print(f"geomap batch benchmark, {f['date']}, {f['machine']}")
    print(
        f"  geocode_frame   {g['frame_names_per_s']:>10,} names/s per core"
        f"  ({g['names']:,} names, {g['distinct']:,} distinct; {g['matched']:,} matched,"
        f" {g['ambiguous']:,} ambiguous, {g['not_found']:,} not found)"
    )
    print(
        f"  geocode_csv     {g['csv_names_per_s']:>10,} names/s per core"
        f"  (CSV read to CSV written, {g['csv_seconds']} s wall)"
    )
    print(
        f"                  {g['gpkg_names_per_s']:>10,} names/s per core"
        f"  (to GeoPackage, {g['gpkg_seconds']} s wall)"
    )
    print(
        f"  reverse_arrays  {r['points_per_s']:>10,} points/s"
        f"  ({r['points']:,} land points; index built once in {r['index_build_seconds']} s)"
    )
    print(
        f"  extraction      {c['one_process_docs_per_s']:>10,} docs/s in one process,"
        f" {c['all_cores_docs_per_s']:,} on {c['cores']} cores (x{c['speedup']}, against"
        f" x{c['cpu_burn_speedup']} for a pure-Python loop on this machine;"
        f" {c['documents']:,} docs, {c['corpus']}, ~{c['mean_chars']:,} chars)"
    )
    print(
        f"                  {c['one_process_docs_per_cpu_s']:>10,} docs per CPU second"
        f" in one process (wall time above includes start-up and a shared machine's load)"
    )
    print(
        f"  peak memory     {c['peak_rss_mb']:>10,} MB in the largest process of the all-cores"
        f" run ({c['one_process_peak_rss_mb']:,} MB in one process)"
    )
    print(
        f"  cold start      {s['median_seconds']:>10} s import + open + lookup"
        f" ({s['median_process_seconds']} s with interpreter start, median of {s['runs']})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--names", type=int, default=100_000)
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--cold-runs", type=int, default=5)
    args = ap.parse_args()
    gaz = Gazetteer.default()
    figures: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "geocode": bench_geocode(gaz, args.names),
        "reverse": bench_reverse(gaz, args.points),
        "corpus": bench_corpus(args.docs),
        "cold_start": bench_cold_start(args.cold_runs),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        report(figures)


if __name__ == "__main__":
    main()
