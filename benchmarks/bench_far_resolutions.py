"""Count resolutions thousands of kilometres from where they should be.

Run from the repository root, with gold corpora (LGL, TR-News XML)::

    python benchmarks/bench_far_resolutions.py lgl.xml trnews.xml
    python benchmarks/bench_far_resolutions.py lgl.xml --show   # list each one
    python benchmarks/bench_far_resolutions.py lgl.xml --json   # machine-readable
    python benchmarks/bench_far_resolutions.py lgl.xml --split dev   # or test

Per corpus, with the rules-only recogniser (``--parser fast``, the default):

(a) gold spans: of the gold toponyms with coordinates, the share resolved more
    than FAR_KM from the gold point, the share left unresolved (which
    ``geomap eval`` charges 20,039 km) and acc@161 (unresolved counts as an
    error, as in ``geomap eval``);
(b) end to end: resolutions more than FAR_KM from every other place resolved
    in the same document (a place in the same country as another counts as
    near), over documents with at least two distinct places. No gold is
    needed for (b): it is the check to run on any corpus.

The issue's targets: (a) under 1% without lowering acc@161 materially, and
(b) almost none.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from geomap.gazetteer.reverse import haversine_km
from geomap.geoparsing.corpora import SPLITS, Split, read_corpus, split_documents
from geomap.geoparsing.parser import Geoparser
from geomap.models import Mention

FAR_KM = 5000.0
ACC_KM = 161.0


def far_from_others(mentions: Sequence[Mention]) -> list[tuple[Mention, float]]:
    """The mentions whose place lies more than FAR_KM from every other
    distinct place of the document, with the distance to the nearest."""
    placed = [m for m in mentions if m.place is not None]
    ids = {m.place.id for m in placed if m.place is not None}
    if len(ids) < 2:
        return []
    lat = np.array([m.place.latitude for m in placed if m.place is not None])
    lon = np.array([m.place.longitude for m in placed if m.place is not None])
    out = []
    for m in placed:
        p = m.place
        assert p is not None
        others = np.array([q.place is not None and q.place.id != p.id for q in placed])
        if not others.any():
            continue
        same_cc = any(
            q.place is not None and q.place.id != p.id and q.place.country_code == p.country_code
            for q in placed
        )
        if same_cc and p.country_code:
            continue
        km = float(haversine_km(p.latitude, p.longitude, lat[others], lon[others]).min())
        if km > FAR_KM:
            out.append((m, km))
    return out


def run(
    path: str, parser: Geoparser, show: bool, split: Split = "all"
) -> dict[str, float | int | str]:
    """The figures of one corpus or its ``split`` (printing each far
    resolution with ``show``)."""
    docs = split_documents(read_corpus(path), split)
    total = far = unresolved = hits = 0
    e2e_far = e2e_places = e2e_docs = 0
    for doc in docs:
        gold = [t for t in doc.toponyms]
        mentions = parser.resolve(doc.text, doc.spans)
        for t, m in zip(gold, mentions, strict=True):
            if not t.has_coordinates:
                continue
            assert t.latitude is not None and t.longitude is not None
            total += 1
            if m.place is None:
                unresolved += 1
                continue
            km = float(haversine_km(t.latitude, t.longitude, m.place.latitude, m.place.longitude))
            hits += km <= ACC_KM
            if km > FAR_KM:
                far += 1
                if show:
                    print(
                        f"  gold  {doc.docid}: {m.text!r} -> {m.place.name}, "
                        f"{m.place.country_code} ({km:,.0f} km; gold {t.name}, {t.country})"
                    )
        parsed = parser.parse(doc.text)
        e2e_places += sum(1 for m in parsed if m.place is not None)
        far_here = far_from_others(parsed)
        e2e_docs += bool(far_here)
        for m, km in far_here:
            e2e_far += 1
            if show:
                assert m.place is not None
                print(
                    f"  e2e   {doc.docid}: {m.text!r} -> {m.place.name}, "
                    f"{m.place.country_code} ({km:,.0f} km from the others)"
                )
    pct = 100.0 / max(total, 1)
    return {
        "corpus": Path(path).name,
        "split": split,
        "documents": len(docs),
        "gold_toponyms": total,
        "gold_far": far,
        "gold_far_pct": round(far * pct, 2),
        "gold_unresolved": unresolved,
        "gold_unresolved_pct": round(unresolved * pct, 2),
        "gold_acc161_pct": round(hits * pct, 2),
        "e2e_far": e2e_far,
        "e2e_resolutions": e2e_places,
        "e2e_far_pct": round(100.0 * e2e_far / max(e2e_places, 1), 2),
        "e2e_far_documents": e2e_docs,
    }


def report(path: str, f: dict[str, float | int | str]) -> None:
    print(
        f"{path} ({f['split']}): {f['documents']} documents, "
        f"{f['gold_toponyms']} gold toponyms with coordinates"
    )
    print(
        f"  gold spans: > {FAR_KM:,.0f} km from gold   {f['gold_far']:5d}"
        f"  ({f['gold_far_pct']:.2f}%)"
    )
    print(
        f"              unresolved                {f['gold_unresolved']:5d}"
        f"  ({f['gold_unresolved_pct']:.2f}%)"
    )
    print(f"              acc@161                          ({f['gold_acc161_pct']:.2f}%)")
    print(
        f"  end to end: > {FAR_KM:,.0f} km from every other place of the document "
        f"{f['e2e_far']} of {f['e2e_resolutions']} resolutions ({f['e2e_far_pct']:.2f}%)"
    )
    print(
        f"              documents with one or more such         "
        f"{f['e2e_far_documents']} of {f['documents']}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+", help="gold corpus files (LGL or TR-News XML)")
    ap.add_argument("--parser", choices=["fast", "ner"], default="fast")
    ap.add_argument(
        "--split",
        choices=list(SPLITS),
        default="all",
        help="score every document, the dev split (tuned on) or the held-out test split",
    )
    ap.add_argument("--show", action="store_true", help="list every far resolution")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    parser = Geoparser(mode=args.parser)
    corpora = []
    for path in args.corpus:
        figures = run(path, parser, args.show and not args.json, args.split)
        corpora.append(figures)
        if not args.json:
            report(path, figures)
    if args.json:
        payload = {"date": dt.date.today().isoformat(), "parser": args.parser, "corpora": corpora}
        print(json.dumps(payload, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
