"""Measure the figures the README quotes and rewrite its figures block.

Run from the repository root::

    python benchmarks/update_figures.py                  # every group (long)
    python benchmarks/update_figures.py --only maps      # one group (repeatable)
    python benchmarks/update_figures.py --dry-run        # print the block, write nothing
    python benchmarks/update_figures.py --check          # is the block well-formed?
    python benchmarks/update_figures.py --list           # the groups and their commands

Each group runs the commands shown beside its table (the benchmarks' and
evaluations' ``--json`` outputs where they have one) and becomes one section of
the block between ``<!-- figures:begin -->`` and ``<!-- figures:end -->`` in
README.md: a table of each figure, its target where the project has one, the
exact command and the date measured. Nothing else in the README is touched;
the prose refers to the block. A group whose data is absent (the evaluation
corpora in ``../shared/corpora``) or whose command fails keeps its previous
section, and the run says so (and exits 1 on a failure).

``--check`` reads the README only: the markers appear once each, every group
has exactly one section, each with its command, date and a table, and no
section is unknown. The tests run it.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CORPORA = "../shared/corpora"  # as written in the commands, relative to the root
BEGIN = "<!-- figures:begin: written by benchmarks/update_figures.py, do not edit by hand -->"
END = "<!-- figures:end -->"
SECTION = re.compile(r"^<!-- group: ([a-z0-9-]+) -->$")

TABLE_HEAD = "| figure | measured | target |"
Row = tuple[str, str, str]  # figure, value, target ("" where the project has none)


@dataclass(frozen=True)
class Group:
    name: str
    title: str
    commands: tuple[str, ...]
    rows: Callable[[list[str]], list[Row]]
    needs: tuple[str, ...] = ()
    note: str = ""
    slow: bool = field(default=False)
    # Exit statuses that still carry figures (a fuzzer that found a bug, a
    # test over its time budget): the rows say what happened.
    ok_codes: tuple[int, ...] = (0,)


# -- formatting ----------------------------------------------------------------


def pct(share: float | None) -> str:
    """A share (0-1) as a percentage."""
    return "n/a" if share is None else f"{100 * share:.1f}%"


def pct100(value: float | None) -> str:
    """A percentage (0-100) as printed."""
    return "n/a" if value is None else f"{value:.1f}%"


def cell(text: str) -> str:
    """Text that cannot break a table row."""
    return text.replace("|", "\\|").replace("\n", " ")


def num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def secs(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def last_json(out: str) -> Any:
    """The JSON document a command printed (after any log lines)."""
    start = out.find("{")
    if start < 0:
        raise ValueError("no JSON in the output")
    return json.loads(out[start:])


# -- the groups ------------------------------------------------------------------


TARGET_F1 = "at least 85%"


def geoparse_rows(outputs: list[str], gold_target: str) -> list[Row]:
    """Rows of a fast and a ner run of ``geomap eval --json`` on one corpus."""
    fast, ner = (last_json(o) for o in outputs)
    gold, e2e, e2e_ner = fast["gold"]["resolution"], fast["end-to-end"], ner["end-to-end"]
    rows: list[Row] = [
        ("documents", num(fast["gold"]["documents"]), ""),
        ("gold-span accuracy@161km", pct(gold["accuracy_161"]), gold_target),
        ("gold-span mean / median error", f"{gold['mean_error_km']:,.0f} / "
         f"{gold['median_error_km']:,.0f} km", ""),
        ("gold-span AUC (lower is better)", f"{gold['auc']:.3f}", ""),
        ("gold-span in area*", pct(gold["accuracy_area"]), ""),
    ]  # fmt: skip
    for mode, report in (("fast", e2e), ("ner", e2e_ner)):
        rec = report["recognition"]
        rows.append(
            (
                f"end-to-end F1, {mode} mode",
                f"{pct(rec['f1'])} (P {100 * rec['precision']:.1f}, R {100 * rec['recall']:.1f})",
                TARGET_F1,
            )
        )
        rows.append(
            (
                f"end-to-end accuracy@161km, {mode} mode",
                pct(report["resolution"]["accuracy_161"]),
                "",
            )
        )
    return rows


def geoparse_group(corpus: str, label: str, target: str, split: str) -> Group:
    def rows(outputs: list[str]) -> list[Row]:
        return geoparse_rows(outputs, target)

    flags = "" if split == "all" else f" --split {split}"
    return Group(
        name=f"geoparse-{label.lower().replace('-', '')}" + ("" if split == "all" else f"-{split}"),
        title=f"Geoparsing accuracy, {label}"
        + (", whole corpus" if split == "all" else ", held-out test split"),
        commands=tuple(
            f"python -m geomap eval {CORPORA}/{corpus}{flags} --parser {mode} --json"
            for mode in ("fast", "ner")
        ),
        rows=rows,
        needs=(f"{CORPORA}/{corpus}",),
    )


EVENT_TARGETS = {
    "found": "at least 95%",
    "type": "at least 85%",
    "sub_type": "at least 75%",
    "within_25km": "at least 70%",
    "within_161km": "at least 90%",
    "deaths_exact": "at least 80%",
    "date_stated_day": "at least 95%",
}
EVENT_FIGURES = [
    ("found", "an incident found"),
    ("type", "event type right"),
    ("sub_type", "sub-event type right"),
    ("within_25km", "within 25 km of the coder's point"),
    ("within_161km", "within 161 km"),
    ("deaths_exact", "fatalities exact (deaths > 0)"),
    ("deaths_within_20pct", "fatalities within 20% (deaths > 0)"),
    ("date_stated_day", "date right (the note states the day)"),
    ("no_place", "no place of the note known to the gazetteer"),
]


def event_rows(outputs: list[str], by_type: bool = True) -> list[Row]:
    report = last_json(outputs[-1])
    overall = report["overall"]
    rows: list[Row] = [("records scored", num(overall["records"]), "")]
    rows += [(label, pct100(overall[k]), EVENT_TARGETS.get(k, "")) for k, label in EVENT_FIGURES]
    if by_type:
        for kind, scores in sorted(report["by_event_type"].items()):
            rows.append((f"event type right: {kind}", pct100(scores["type"]), ""))
    return rows


ACLED = f"{CORPORA}/acled/acled-dev.csv"
EVENTS = f"python -m geomap eval-events {ACLED} --published-offset 1"


def false_match_rows(outputs: list[str]) -> list[Row]:
    f = last_json(outputs[0])
    rows: list[Row] = []
    for key, label in (("random", "random letter strings"), ("entities", "people and companies")):
        g = f[key]
        rows.append(
            (
                f"{label} answered",
                f"{g['rate']:.2f}% ({g['false']} of {num(g['queries'])})",
                "at most 1%",
            )
        )
        rows.append((f"{label}, bare index look-up", f"{g['raw_rate']:.2f}%", ""))
    return rows


def far_rows(outputs: list[str]) -> list[Row]:
    rows: list[Row] = []
    for c in last_json(outputs[0])["corpora"]:
        name = c["corpus"]
        rows.append(
            (f"{name}: gold spans > 5,000 km from gold", f"{c['gold_far_pct']:.2f}%", "under 1%")
        )
        rows.append((f"{name}: gold spans unresolved", f"{c['gold_unresolved_pct']:.2f}%", ""))
        rows.append(
            (f"{name}: end to end, > 5,000 km from the others", f"{c['e2e_far_pct']:.2f}%", "")
        )
    return rows


def map_rows(outputs: list[str]) -> list[Row]:
    f = last_json(outputs[0])
    return [
        (f"{num(f['incidents'])} incidents: build and write (median of {f['repeat']})",
         secs(f["write_seconds"]), "under 3 s"),
        ("file size", f"{f['size_mb']:.2f} MB", "under 5 MB"),
        ("headless Chromium: first incident symbols drawn", secs(f["browser_drawn_seconds"]),
         "under 5 s"),
        ("without clustering: write", secs(f["flat_write_seconds"]), ""),
        ("without clustering: drawn", secs(f["flat_drawn_seconds"]), ""),
    ]  # fmt: skip


def speed_rows(outputs: list[str]) -> list[Row]:
    f = last_json(outputs[0])
    rows: list[Row] = [
        (f"documents ({f['corpus']})", f"{num(f['documents'])} of ~{num(f['mean_chars'])} chars",
         ""),
        ("fast mode (rules, no model), documents/s per core", num(f["fast_docs_per_s"], 1), ""),
    ]  # fmt: skip
    if "ner_docs_per_s" in f:
        rows += [
            ("spaCy NER alone, documents/s per core", num(f["spacy_docs_per_s"], 1), ""),
            ("ner mode (spaCy + geomap), documents/s per core", num(f["ner_docs_per_s"], 1), ""),
            ("geomap's work on top of spaCy's", pct(f["geomap_overhead_vs_spacy"]), "at most 25%"),
        ]
    return rows


def gazetteer_rows(outputs: list[str]) -> list[Row]:
    f = last_json(outputs[0])
    a, b, c = f["lookups"], f["cold_start"], f["reverse"]
    rows: list[Row] = [
        ("exact-name lookups per core, cached places", f"{num(a['warm_per_second'])}/s",
         "at least 50,000/s"),
        ("exact-name lookups, fresh instance", f"{num(a['cold_per_second'])}/s", ""),
        ("cold start (import, open, first lookup)", f"{b['median_seconds']:.2f} s", "under 1 s"),
        ("reverse geocoding, points/s", f"{num(c['per_second'])}/s", "at least 50,000/s"),
    ]  # fmt: skip
    if "build" in f:
        rows.append(("default build", f"{f['build']['seconds']:.0f} s", ""))
    return rows


def batch_rows(outputs: list[str]) -> list[Row]:
    f = last_json(outputs[0])
    g, r, c = f["geocode"], f["reverse"], f["corpus"]
    return [
        (f"geocode_frame, {num(g['names'])} names ({num(g['distinct'])} distinct), per core",
         f"{num(g['frame_names_per_s'])} names/s", "at least 20,000/s"),
        ("geocoding CSV to CSV, per core", f"{num(g['csv_names_per_s'])} names/s", ""),
        (f"reverse_arrays, {num(r['points'])} land points", f"{num(r['points_per_s'])} points/s",
         "at least 50,000/s"),
        (f"extraction, fast mode, one process ({num(c['documents'])} docs)",
         f"{num(c['one_process_docs_per_s'], 1)} documents/s "
         f"({num(c['one_process_docs_per_cpu_s'], 1)} per CPU second)", ""),
        (f"extraction on {c['cores']} cores (speed-up; a pure-Python loop: "
         f"x{c['cpu_burn_speedup']})",
         f"{num(c['all_cores_docs_per_s'], 1)} documents/s (x{c['speedup']})", ""),
        ("peak memory of the largest process", f"{num(c['peak_rss_mb'])} MB", ""),
    ]  # fmt: skip


def largest_rows(outputs: list[str]) -> list[Row]:
    found: dict[str, str] = {}
    for line in outputs[0].splitlines():
        m = re.search(r"\b(fifty|one-line)\.txt: (\{.*\})", line)  # after pytest's dots
        if m:
            found[m.group(1)] = f"{ast.literal_eval(m.group(2))['seconds']:.1f} s"
    for name, budget in re.findall(
        r"did not finish (fifty|one-line)\.txt within (\d+) s", outputs[0]
    ):
        found[name] = f"over {budget} s (the test's budget: it failed)"
    if set(found) != {"fifty", "one-line"}:
        raise ValueError("the tests printed no figures (were they skipped?)")
    return [
        ("50 MB of text in one document, fast mode", found["fifty"], ""),
        ("5 MB on a single line, fast mode", found["one-line"], ""),
    ]


def contents_rows(outputs: list[str]) -> list[Row]:
    f = last_json(outputs[0])
    k = f["kinds"]
    return [
        ("places", num(f["places"]), ""),
        ("names (indexed keys)", num(f["names"]), ""),
        ("countries", num(k.get("country", 0)), ""),
        ("first-level regions (admin-1)", num(k.get("admin1", 0)), ""),
        ("second-level regions and village-layer units (admin-2)", num(k.get("admin2", 0)),
         ""),
        ("towns of 500+ people and village-layer settlements (city)", num(k.get("city", 0)),
         ""),
        ("airports and reviewed sites (landmark)", num(k.get("landmark", 0)), ""),
        ("districts and vague or composite regions", num(k.get("district", 0) + k.get("region", 0)),
         ""),
        ("file size", f"{f['size_mb']:.0f} MB", ""),
    ]  # fmt: skip


def fuzz_rows(outputs: list[str]) -> list[Row]:
    out = outputs[0]
    m = re.search(r"fuzz: (\d+) cases in (\d+) s", out)
    if not m:
        raise ValueError("the fuzzer printed no count")
    failures = re.findall(r"^  (.+): \d+ case\(s\), reproducer", out, re.M)
    return [
        (f"random and mutated cases in {m.group(2)} s", num(int(m.group(1))), ""),
        ("distinct failures", f"{len(failures)} ({'; '.join(failures)})" if failures else "0",
         "none"),
    ]  # fmt: skip


GROUPS: tuple[Group, ...] = (
    geoparse_group("lgl.xml", "LGL", "at least 88%", "all"),
    geoparse_group("trnews.xml", "TR-News", "at least 92%", "all"),
    geoparse_group("lgl.xml", "LGL", "at least 88%", "test"),
    geoparse_group("trnews.xml", "TR-News", "at least 92%", "test"),
    Group(
        "events-test",
        "Incidents against ACLED-coded events, test split (fast mode)",
        (f"{EVENTS} --split test --parser fast --json",),
        event_rows,
        needs=(ACLED,),
    ),
    Group(
        "events-test-ner",
        "Incidents against ACLED-coded events, test split (ner mode)",
        (f"{EVENTS} --split test --parser ner --json",),
        lambda outputs: event_rows(outputs, by_type=False),
        needs=(ACLED,),
        slow=True,
    ),
    Group(
        "events-dev",
        "Incidents against ACLED-coded events, the tuning part (dev split, fast mode)",
        (f"{EVENTS} --split dev --parser fast --json",),
        lambda outputs: event_rows(outputs, by_type=False),
        needs=(ACLED,),
        slow=True,
    ),
    Group(
        "events-model",
        "Incidents, test split, with an event-type model trained on the dev split",
        (
            f"python -m geomap events train {ACLED} --split dev -o {{tmp}}/events.npz",
            f"{EVENTS} --split test --parser fast --event-model {{tmp}}/events.npz --json",
        ),
        lambda outputs: event_rows(outputs, by_type=False),
        needs=(ACLED,),
        slow=True,
        note="needs scikit-learn; {tmp} is a temporary folder",
    ),
    Group(
        "far-resolutions",
        "Resolutions thousands of kilometres away (fast mode)",
        (
            f"python benchmarks/bench_far_resolutions.py {CORPORA}/lgl.xml "
            f"{CORPORA}/trnews.xml --json",
        ),
        far_rows,
        needs=(f"{CORPORA}/lgl.xml", f"{CORPORA}/trnews.xml"),
    ),
    Group(
        "speed",
        "Geoparser speed (CPU time of one process)",
        (f"python benchmarks/bench_geoparse.py {CORPORA}/lgl.xml {CORPORA}/trnews.xml --json",),
        speed_rows,
        needs=(f"{CORPORA}/lgl.xml", f"{CORPORA}/trnews.xml"),
        slow=True,
    ),
    Group(
        "false-matches",
        "Strings that name no place, geocoded as `geomap geocode` does",
        ("python benchmarks/bench_false_matches.py --raw --json",),
        false_match_rows,
    ),
    Group(
        "gazetteer",
        "Gazetteer speed",
        ("python benchmarks/bench_gazetteer.py --build --json",),
        gazetteer_rows,
    ),
    Group(
        "gazetteer-contents",
        "What the default gazetteer holds",
        ("python -m geomap gazetteer info",),
        contents_rows,
    ),
    Group(
        "batch",
        "Tables and corpora",
        ("python benchmarks/bench_batch.py --json",),
        batch_rows,
        slow=True,
    ),
    Group(
        "maps",
        "Maps: 10,000 synthetic incidents with actor links, labels and the incident list",
        ("python benchmarks/bench_maps.py --json",),
        map_rows,
    ),
    Group(
        "largest-input",
        "Largest inputs tried",
        ("python -m pytest tests/test_hostile.py -k '50_mb or 5_mb' -s -q -p no:cacheprovider",),
        largest_rows,
        slow=True,
        ok_codes=(0, 1),
    ),
    Group(
        "fuzz",
        "Fuzzing (fast and ner parsing, resolve, geocode, reverse, dates, name keys)",
        ("python benchmarks/fuzz.py --seconds 180 --seed 1203 --out {tmp}",),
        fuzz_rows,
        slow=True,
        ok_codes=(0, 1),
        note="{tmp} is a temporary folder for reproducers",
    ),
)
BY_NAME = {g.name: g for g in GROUPS}


# -- running -----------------------------------------------------------------------


def run_group(group: Group) -> list[Row]:
    """Run the group's commands from the repository root; its rows."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    outputs = []
    with tempfile.TemporaryDirectory() as tmp:
        for command in group.commands:
            argv = shlex.split(command.replace("{tmp}", tmp))
            if argv[0] == "python":
                argv[0] = sys.executable
            proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
            if proc.returncode not in group.ok_codes:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                raise RuntimeError(f"{command!r} exited {proc.returncode}: {' | '.join(tail)}")
            outputs.append(proc.stdout)
    return group.rows(outputs)


def render(group: Group, rows: Sequence[Row] | None, date: str = "") -> str:
    """The group's section; rows None: a placeholder, not measured yet."""
    commands = "; then ".join(f"`{c}`" for c in group.commands)
    note = f" ({group.note})" if group.note else ""
    load = f", load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    when = f"measured {date} on {os.cpu_count()} cores{load}" if rows else "not measured yet"
    head = f"**{group.title}** [{group.name}]: {commands}{note}; {when}."
    lines = [f"<!-- group: {group.name} -->", head, "", TABLE_HEAD, "|---|---|---|"]
    table = rows if rows else [("(not measured)", "", "")]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table]
    return "\n".join(lines) + "\n"


def split_block(text: str) -> tuple[str, dict[str, str], str]:
    """README text before the block, its sections by group, and after it."""
    if text.count(BEGIN) != 1 or text.count(END) != 1:
        raise ValueError(f"README.md must hold {BEGIN!r} and {END!r} once each")
    head, rest = text.split(BEGIN, 1)
    body, tail = rest.split(END, 1)
    sections: dict[str, str] = {}
    current: str | None = None
    for line in body.strip("\n").splitlines(keepends=True):
        m = SECTION.match(line.strip())
        if m:
            current = m.group(1)
            if current in sections:
                raise ValueError(f"group {current!r} appears twice in the figures block")
            sections[current] = line
        elif current is None:
            if line.strip():
                raise ValueError(f"text before the first group in the figures block: {line!r}")
        else:
            sections[current] += line
    return head, {k: v.strip("\n") + "\n" for k, v in sections.items()}, tail


def join_block(head: str, sections: dict[str, str], tail: str) -> str:
    body = "\n".join(sections[g.name] for g in GROUPS if g.name in sections)
    return f"{head}{BEGIN}\n{body}{END}{tail}"


def check(text: str) -> list[str]:
    """What is wrong with the figures block (nothing: an empty list)."""
    try:
        _, sections, _ = split_block(text)
    except ValueError as exc:
        return [str(exc)]
    problems = []
    for name in sections.keys() - BY_NAME.keys():
        problems.append(f"unknown group {name!r} in the figures block")
    for group in GROUPS:
        section = sections.get(group.name)
        if section is None:
            problems.append(f"group {group.name!r} is missing from the figures block")
            continue
        for command in group.commands:
            if f"`{command}`" not in section:
                problems.append(f"group {group.name!r} does not show its command {command!r}")
        if not re.search(r"measured \d{4}-\d{2}-\d{2}|not measured yet", section):
            problems.append(f"group {group.name!r} has no date")
        table = [ln for ln in section.splitlines() if ln.startswith("|")]
        if len(table) < 3 or table[0] != TABLE_HEAD:
            problems.append(f"group {group.name!r} has no table of figures")
        elif any(ln.replace("\\|", "").count("|") != 4 for ln in table):
            problems.append(f"group {group.name!r} has a malformed table row")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--only",
        action="append",
        choices=sorted(BY_NAME),
        metavar="NAME",
        help="refresh only this group (repeatable; see --list)",
    )
    ap.add_argument(
        "--skip-slow", action="store_true", help="leave the slow groups (minutes each) as they are"
    )
    ap.add_argument("--dry-run", action="store_true", help="print the block, write nothing")
    ap.add_argument("--check", action="store_true", help="check the block, run nothing")
    ap.add_argument("--list", action="store_true", help="list the groups and their commands")
    args = ap.parse_args(argv)  # fmt: skip
    if args.list:
        for g in GROUPS:
            print(f"{g.name}{' (slow)' if g.slow else ''}: " + "; ".join(g.commands))
        return 0
    text = README.read_text(encoding="utf-8")
    if args.check:
        problems = check(text)
        for p in problems:
            print(f"update_figures: {p}", file=sys.stderr)
        return 1 if problems else 0
    try:
        head, sections, tail = split_block(text)
    except ValueError as exc:
        print(f"update_figures: {exc}", file=sys.stderr)
        return 1
    today = dt.date.today().isoformat()
    failed = False
    for group in GROUPS:
        if args.only and group.name not in args.only:
            sections.setdefault(group.name, render(group, None))
            continue
        if args.skip_slow and group.slow and not args.only:
            sections.setdefault(group.name, render(group, None))
            continue
        missing = [p for p in group.needs if not (ROOT / p).exists()]
        if missing:
            print(f"update_figures: {group.name}: skipped, no {missing[0]}", file=sys.stderr)
            sections.setdefault(group.name, render(group, None))
            continue
        print(f"update_figures: {group.name}: running...", file=sys.stderr, flush=True)
        try:
            rows = run_group(group)
        except (RuntimeError, ValueError, KeyError) as exc:
            print(f"update_figures: {group.name}: FAILED, kept as it was: {exc}", file=sys.stderr)
            sections.setdefault(group.name, render(group, None))
            failed = True
            continue
        sections[group.name] = render(group, rows, today)
        if not args.dry_run:  # write after each group: a long run keeps what it measured
            README.write_text(join_block(head, sections, tail), encoding="utf-8")
    if args.dry_run:
        body = "\n".join(sections[g.name] for g in GROUPS if g.name in sections)
        print(f"{BEGIN}\n{body}{END}")
    else:
        README.write_text(join_block(head, sections, tail), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
