"""Fuzz the geoparser, the geocoders and the date resolver for a while.

Usage::

    python benchmarks/fuzz.py [--seconds 180] [--seed N] [--ner-share 0.1]
                              [--out fuzz-failures] [--avoid-known]
    python benchmarks/fuzz.py --replay fuzz-failures/<file>.json

Inputs are random strings and mutations of the example article: byte flips
(decoded with replacement or surrogateescape), inserted control and bidi
characters, random Unicode, case flips, long repeats, HTML fragments and
spliced gazetteer names. Every case is checked against the same invariants
as tests/test_properties.py:

* mentions: ``0 <= start <= end <= len(text)``, ``text[start:end] == text``,
  strictly increasing and non-overlapping, confidence in [0, 1], places on
  the globe;
* ``Geoparser.resolve``: one mention per span, in the caller's order;
* ``LocalGeocoder.geocode``: None, a Location or a list of them;
  ``reverse``: a Location, or InputError and nothing else;
* ``geomap.events.dates.find_dates`` (when present): spans of the text, in order,
  ``date <= last``, a known precision;
* ``exact_key``/``loose_key``: idempotent;
* no case takes longer than ``--slow`` seconds.

Any other exception is a failure. Failures are grouped by signature
(target, exception type and the innermost geomap frame, or the broken
invariant); the first input of each is shrunk and saved as a JSON reproducer
in ``--out``. The run prints how many cases it ran and exits 1 if anything
failed. ``--avoid-known`` keeps the bugs pinned by xfail tests in tests/
out of the inputs, to look for new ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import sys
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # fuzz this checkout, not an installed copy

from geomap import Gazetteer, GeomapError, InputError, LocalGeocoder  # noqa: E402
from geomap.gazetteer.names import exact_key, loose_key  # noqa: E402
from geomap.geoparsing.parser import Geoparser  # noqa: E402

ARTICLE = (ROOT / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")

from geomap.events import dates as _dates  # noqa: E402
from geomap.events import published as _published  # noqa: E402

HTML_BITS = (
    "<script>alert(1)</script>", "<b>", "</b>", "<p>", "<br/>", "&amp;", "&nbsp;", "&#0;",
    "<!-- x -->", "<![CDATA[ x ]]>", "<img src=x onerror=alert(1)>", '<a href="javascript:x">',
    "{{ 6*7 }}", "{% raw %}", "${x}", "`", "\"'", "</style>", "<svg onload=x>",
)  # fmt: skip
ODD_CHARS = (
    "\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "\u00a0", "\u200b", "\u200d", "\u2028",
    "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffd", "\u0301", "\u0308",
    "İ", "ß", "ﬁ", "ǅ", "ς", "ı", "ẞ", "Ⅻ", "𝐁", "🇮🇶", "بغداد", "العراق", "Ὀδυσσεύς", "東京",
)  # fmt: skip


# ---------------------------------------------------------------------------
# Inputs


class Inputs:
    """Random and mutated texts, reproducible from a seed."""

    def __init__(self, rng: random.Random, names: list[str]) -> None:
        self.rng = rng
        self.names = names

    def random_unicode(self, n: int) -> str:
        rng = self.rng
        out = []
        for _ in range(n):
            pick = rng.random()
            if pick < 0.5:
                out.append(chr(rng.randint(32, 126)))
            elif pick < 0.8:
                out.append(chr(rng.randint(0, 0x2FFF)))
            elif pick < 0.95:
                out.append(chr(rng.randint(0, 0x10FFFF)))
            else:
                out.append(rng.choice(ODD_CHARS))
        return "".join(out)

    def slice(self, text: str, most: int = 2000) -> str:
        start = self.rng.randrange(max(1, len(text)))
        return text[start : start + self.rng.randint(0, most)]

    def mutate(self, text: str) -> str:
        rng = self.rng
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(10)
            at = rng.randint(0, len(text))
            if op == 0:  # byte flips
                data = bytearray(text.encode("utf-8", "surrogatepass"))
                for _ in range(rng.randint(1, 20)):
                    if data:
                        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
                text = data.decode("utf-8", rng.choice(["replace", "surrogateescape", "ignore"]))
            elif op == 1:  # control and bidi characters
                text = text[:at] + "".join(rng.choices(ODD_CHARS, k=rng.randint(1, 8))) + text[at:]
            elif op == 2:
                text = text[:at] + self.random_unicode(rng.randint(1, 60)) + text[at:]
            elif op == 3:  # long repeats
                piece = self.slice(text, 80) or rng.choice(self.names)
                text = text[:at] + piece * rng.randint(2, max(2, 40_000 // max(1, len(piece))))
            elif op == 4:
                text = text[:at] + rng.choice(HTML_BITS) + text[at:]
            elif op == 5:  # case flips
                end = min(len(text), at + rng.randint(1, 400))
                flip = rng.choice([str.upper, str.lower, str.title, str.swapcase])
                text = text[:at] + flip(text[at:end]) + text[end:]
            elif op == 6:  # spliced names
                joiner = rng.choice([" ", ", ", ". ", "-", " and ", " of ", "\n"])
                names = joiner.join(rng.choices(self.names, k=rng.randint(1, 30)))
                text = text[:at] + " " + names + " " + text[at:]
            elif op == 7:  # deletion
                end = min(len(text), at + rng.randint(1, 200))
                text = text[:at] + text[end:]
            elif op == 8:  # truncation
                text = text[:at]
            else:  # whitespace games
                text = text.replace(" ", rng.choice(["\t", "\u00a0", "  ", "\n", "\u3000"]))
        return text

    def text(self) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.15:
            return self.random_unicode(rng.randint(0, 400))
        if pick < 0.25:
            return " ".join(rng.choices(self.names, k=rng.randint(1, 60)))
        base = ARTICLE if rng.random() < 0.3 else self.slice(ARTICLE)
        return self.mutate(base)


def _key_is_stable(c: str) -> bool:
    return exact_key(exact_key(c)) == exact_key(c)


def avoid_known(text: str) -> str:
    """Keep known bugs (xfail tests in tests/) out of a text: letters whose
    name key is not its own key ("ǽ" -> "æ" -> "ae")."""
    return "".join(c if _key_is_stable(c) else "?" for c in text)


# ---------------------------------------------------------------------------
# Invariants


class Broken(AssertionError):
    """An invariant does not hold; the message names it."""


def check(condition: bool, invariant: str, detail: str = "") -> None:
    if not condition:
        raise Broken(f"{invariant}: {detail}" if detail else invariant)


def check_mentions(text: str, mentions: list[Any]) -> None:
    previous = None
    for m in mentions:
        check(0 <= m.start <= m.end <= len(text), "span inside text", f"{m.start}..{m.end}")
        check(text[m.start : m.end] == m.text, "span text", f"{m.text!r}")
        check(0.0 <= m.confidence <= 1.0, "confidence in [0, 1]", f"{m.confidence!r}")
        if m.place is not None:
            check(
                -90 <= m.place.latitude <= 90 and -180 <= m.place.longitude <= 180,
                "place on the globe",
            )
        if previous is not None:
            check(previous.start < m.start and previous.end <= m.start, "spans in order")
        previous = m


def check_location(value: Any, exactly_one: bool) -> None:
    from geopy.location import Location

    items = ([] if value is None else [value]) if exactly_one else value
    check(isinstance(items, list), "geocode answer type", type(value).__name__)
    for loc in items:
        check(isinstance(loc, Location), "a Location", type(loc).__name__)
        check(-90 <= loc.latitude <= 90 and -180 <= loc.longitude <= 180, "location on the globe")


# ---------------------------------------------------------------------------
# Targets


@dataclass
class Case:
    target: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)


class Targets:
    def __init__(self, gazetteer: Gazetteer, ner: bool) -> None:
        self.fast = Geoparser(gazetteer, mode="fast")
        self.ner: Geoparser | None = None
        if ner:
            try:
                self.ner = Geoparser(gazetteer, mode="ner")
            except GeomapError as exc:
                print(f"fuzz: mode 'ner' unavailable ({exc}); fast mode only", file=sys.stderr)
        self.geocoder = LocalGeocoder(gazetteer)

    def run(self, case: Case) -> None:
        getattr(self, "t_" + case.target.replace("-", "_"))(case)

    def t_parse_fast(self, case: Case) -> None:
        check_mentions(case.text, self.fast.parse(case.text))

    def t_parse_ner(self, case: Case) -> None:
        assert self.ner is not None
        check_mentions(case.text, self.ner.parse(case.text))

    def t_resolve(self, case: Case) -> None:
        n = len(case.text)
        spans = [(min(a, n), min(max(a, b), n)) for a, b in case.extra["spans"]]
        mentions = self.fast.resolve(case.text, spans)
        check([(m.start, m.end) for m in mentions] == spans, "one mention per span, in order")
        for m in mentions:
            check(m.text == case.text[m.start : m.end], "span text")
            check(0.0 <= m.confidence <= 1.0, "confidence in [0, 1]")

    def t_geocode(self, case: Case) -> None:
        query = case.text[:300]
        check_location(self.geocoder.geocode(query), True)
        check_location(self.geocoder.geocode(query, exactly_one=False), False)

    def t_reverse(self, case: Case) -> None:
        query = case.extra.get("point", case.text[:100])
        if isinstance(query, list):
            query = tuple(query)
        try:
            answer = self.geocoder.reverse(query)
        except InputError:
            return
        check_location(answer, True)

    def t_dates(self, case: Case) -> None:
        assert _dates is not None
        pub = case.extra.get("published")
        published = dt.date.fromisoformat(pub) if pub else None
        found = _dates.find_dates(case.text, published, future=case.extra.get("future", False))
        end = 0
        for d in found:
            check(0 <= d.start < d.end <= len(case.text), "date span inside text")
            check(case.text[d.start : d.end] == d.text, "date span text")
            check(d.start >= end, "date spans in order")
            check(d.date <= d.last, "date <= last")
            check(d.precision in _dates.PRECISIONS, "known precision", d.precision)
            check(published is not None or not d.relative, "relative date needs a publication")
            end = d.end
        parsed = _published.parse_published(case.text[:200])
        check(parsed is None or isinstance(parsed, dt.date), "parse_published type")

    def t_keys(self, case: Case) -> None:
        name = case.text[:200]
        check(exact_key(exact_key(name)) == exact_key(name), "exact_key idempotent")
        check(loose_key(loose_key(name)) == loose_key(name), "loose_key idempotent")
        check(bool(loose_key(name)) == bool(exact_key(name)), "loose_key keeps a name")


def make_case(inputs: Inputs, ner_share: float, has_ner: bool, avoid: bool) -> Case:
    rng = inputs.rng
    text = inputs.text()
    roll = rng.random()
    if has_ner and roll < ner_share:
        target = "parse-ner"
        text = text[:20_000]
    else:
        target = rng.choices(
            ["parse-fast", "resolve", "geocode", "reverse", "dates", "keys"],
            weights=[45, 12, 15, 10, 12 if _dates else 0, 6],
        )[0]
    if avoid:
        text = avoid_known(text)
    extra: dict[str, Any] = {}
    if target == "resolve":
        n = len(text)
        extra["spans"] = [
            sorted((rng.randint(0, n), rng.randint(0, n))) for _ in range(rng.randint(0, 10))
        ]
    elif target == "reverse" and rng.random() < 0.7:
        special = [math.nan, math.inf, -math.inf, 90.0, -90.0, 180.0, -180.0, 0.0, -0.0, 1e308]
        pick = [rng.uniform(-100, 100), rng.uniform(-200, 200)]
        if rng.random() < 0.3:
            pick[rng.randrange(2)] = rng.choice(special)
        extra["point"] = pick if rng.random() < 0.7 else f"{pick[0]}, {pick[1]}"
    elif target == "dates":
        if rng.random() < 0.8:
            day = dt.date(1, 1, 1) + dt.timedelta(days=rng.randint(0, 3_652_058))
            extra["published"] = rng.choice([day, dt.date(2021, 11, 7)]).isoformat()
        extra["future"] = rng.random() < 0.3
    return Case(target, text, extra)


# ---------------------------------------------------------------------------
# Running, shrinking, reporting


def signature(case: Case, error: BaseException | None, seconds: float, slow: float) -> str | None:
    if seconds > slow:
        return f"{case.target}: slow (> {slow:g} s)"
    if error is None:
        return None
    if isinstance(error, Broken):
        return f"{case.target}: invariant {str(error).split(':')[0]}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/geomap/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "outside geomap"
    return f"{case.target}: {type(error).__name__} at {where}"


def attempt(targets: Targets, case: Case, slow: float) -> tuple[str | None, str]:
    start = time.perf_counter()
    error: BaseException | None = None
    try:
        targets.run(case)
    except Exception as exc:  # every exception is a finding
        error = exc
    seconds = time.perf_counter() - start
    sig = signature(case, error, seconds, slow) if error or seconds > slow else None
    detail = "".join(traceback.format_exception(error)) if error else f"{seconds:.1f} s"
    return sig, detail


def shrink(targets: Targets, case: Case, sig: str, slow: float, budget: float = 20.0) -> Case:
    """Delete chunks of the text while the same failure still happens."""
    if sig.endswith("s)"):  # slowness needs the long input
        return case
    deadline = time.monotonic() + budget
    text = case.text
    chunk = max(1, len(text) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        at, changed = 0, False
        while at < len(text) and time.monotonic() < deadline:
            candidate = Case(case.target, text[:at] + text[at + chunk :], case.extra)
            if attempt(targets, candidate, slow)[0] == sig:
                text, changed = candidate.text, True
            else:
                at += chunk
        if not changed:
            chunk //= 2
    return Case(case.target, text, case.extra)


def save(out: Path, case: Case, sig: str, detail: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(sig.encode()).hexdigest()[:10]
    path = out / f"{case.target}-{name}.json"
    record = {
        "signature": sig,
        "target": case.target,
        "text": case.text,  # lone surrogates survive as \\udXXX escapes
        "extra": case.extra,
        "error": detail,
        "replay": f"python benchmarks/fuzz.py --replay {path}",
    }
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return path


def replay(path: Path, slow: float) -> int:
    record = json.loads(path.read_text(encoding="utf-8"))
    case = Case(record["target"], record["text"], record.get("extra", {}))
    targets = Targets(Gazetteer.default(), ner=case.target == "parse-ner")
    sig, detail = attempt(targets, case, slow)
    print(f"{path}: {sig or 'passes now'}")
    if sig:
        print(detail)
    return 1 if sig else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=180.0, help="How long to run.")
    parser.add_argument("--seed", type=int, default=None, help="Random seed (default: time).")
    parser.add_argument("--ner-share", type=float, default=0.1, help="Share of NER-mode cases.")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz-failures")
    parser.add_argument("--slow", type=float, default=20.0, help="A case slower than this fails.")
    parser.add_argument("--avoid-known", action="store_true", help="Leave known bugs out.")
    parser.add_argument("--replay", type=Path, help="Re-run one saved reproducer.")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.slow)

    # geopy warns about out-of-range latitudes before geomap refuses them.
    warnings.filterwarnings("ignore", category=UserWarning, module="geopy")
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    gazetteer = Gazetteer.default()
    names = sorted({p.name for p in gazetteer.places(("country", "admin1", "region"))})
    names += ["Green Zone", "green zone", "al-Kadhimi", "U.S.", "St. Louis", "Iranian-backed"]
    targets = Targets(gazetteer, ner=args.ner_share > 0)
    inputs = Inputs(rng, names)
    counts: Counter[str] = Counter()
    failures: dict[str, tuple[Path, int]] = {}
    start = time.monotonic()
    print(f"fuzz: seed {seed}, {args.seconds:g} s, dates {'on' if _dates else 'absent'}")
    while time.monotonic() - start < args.seconds:
        case = make_case(inputs, args.ner_share, targets.ner is not None, args.avoid_known)
        counts[case.target] += 1
        sig, detail = attempt(targets, case, args.slow)
        if sig is None:
            continue
        if sig in failures:
            path, seen = failures[sig]
            failures[sig] = (path, seen + 1)
            continue
        small = shrink(targets, case, sig, args.slow)
        _, small_detail = attempt(targets, small, args.slow)
        path = save(args.out, small, sig, small_detail if small.text != case.text else detail)
        failures[sig] = (path, 1)
        print(f"fuzz: FAILURE {sig} ({len(case.text)} -> {len(small.text)} chars): {path}")
    total = sum(counts.values())
    per_target = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"fuzz: {total} cases in {time.monotonic() - start:.0f} s ({per_target})")
    if failures:
        print(f"fuzz: {len(failures)} distinct failure(s):")
        for sig, (path, seen) in sorted(failures.items()):
            print(f"  {sig}: {seen} case(s), reproducer {path}")
        return 1
    print("fuzz: no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
