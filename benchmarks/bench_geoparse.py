"""Geoparser speed: documents per second per core, fast mode and NER mode.

Usage::

    python benchmarks/bench_geoparse.py [CORPUS.xml ...] [--json]

Without corpora it uses the bundled example article. Times are CPU time of
this process (``time.process_time``), so a busy shared machine skews them
less than wall time; each figure is the best of three passes over warm
caches, after one pass to warm them.

For NER mode it reports the spaCy model's own time on the same documents
(the same pipeline geomap runs: tok2vec + ner) and geomap's extra work on
top of it, as a ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from geomap.geoparsing.corpora import read_corpus
from geomap.geoparsing.entities import entities_of
from geomap.geoparsing.parser import Geoparser, load_spacy

ROOT = Path(__file__).resolve().parents[1]


def best_of(passes: int, fn: Callable[[], None]) -> float:
    fn()  # warm caches
    times = []
    for _ in range(passes):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-ner", action="store_true", help="skip the spaCy measurements")
    args = ap.parse_args()

    if args.corpora:
        texts = [d.text for c in args.corpora for d in read_corpus(c)]
        label = ", ".join(c.name for c in args.corpora)
    else:
        texts = [(ROOT / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")] * 50
        label = "example article x50"
    chars = sum(map(len, texts)) / len(texts)
    figures: dict[str, object] = {
        "date": dt.date.today().isoformat(),
        "documents": len(texts),
        "mean_chars": round(chars),
        "corpus": label,
    }

    fast = Geoparser(mode="fast")
    t_fast = best_of(3, lambda: [fast.parse(t) for t in texts] and None)
    figures["fast_docs_per_s"] = round(len(texts) / t_fast, 1)

    if not args.no_ner:
        nlp = load_spacy()
        ner = Geoparser(fast.gazetteer, mode="ner", nlp=nlp)
        ents = [entities_of(doc) for doc in nlp.pipe(texts)]
        t_spacy = best_of(3, lambda: list(nlp.pipe(texts)) and None)

        def ours() -> None:
            for text, found in zip(texts, ents, strict=True):
                ner.resolver.resolve(text, ner.recognizer.candidates(text, found))

        t_ours = best_of(3, ours)
        figures["spacy_docs_per_s"] = round(len(texts) / t_spacy, 1)
        figures["ner_docs_per_s"] = round(len(texts) / (t_spacy + t_ours), 1)
        figures["geomap_overhead_vs_spacy"] = round(t_ours / t_spacy, 3)

    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"geoparser speed, {figures['date']}, {label}: {len(texts)} docs, ~{round(chars)} chars")
    print(f"  fast mode               {figures['fast_docs_per_s']:>8} docs/s per core")
    if not args.no_ner:
        print(f"  spaCy NER alone         {figures['spacy_docs_per_s']:>8} docs/s per core")
        print(f"  NER mode (spaCy+geomap) {figures['ner_docs_per_s']:>8} docs/s per core")
        share = figures["geomap_overhead_vs_spacy"]
        print(f"  geomap's work on top    {share:>8.1%} of spaCy's time (target <= 25%)")


if __name__ == "__main__":
    sys.exit(main())
