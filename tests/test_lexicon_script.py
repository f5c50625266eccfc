"""The script that builds the bundled word lists (gazetteer/lexicon)."""

from __future__ import annotations

import gzip
import itertools
import string
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "gazetteer" / "scripts" / "lexicon.py"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, check=False
    )


def _word_list(path: Path, count: int) -> Path:
    words = ("".join(p) for p in itertools.product(string.ascii_lowercase, repeat=4))
    extra = ["Baghdad", "Iraq's", "don't", "café", "story", "battle"]
    path.write_text("\n".join([*extra, *itertools.islice(words, count)]) + "\n", encoding="utf-8")
    return path


def _words(path: Path) -> tuple[list[str], list[str]]:
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    return [x for x in lines if x.startswith("#")], [x for x in lines if not x.startswith("#")]


def test_builds_a_sorted_lower_case_list_deterministically(tmp_path: Path) -> None:
    src = _word_list(tmp_path / "american-english", 40_000)
    first, second = tmp_path / "a.txt.gz", tmp_path / "b.txt.gz"
    assert _run("words", src, "--out", first).returncode == 0
    assert _run("words", src, "--out", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    notice, words = _words(first)
    assert any("Kevin Atkinson" in line for line in notice)
    assert words == sorted(words) and len(words) == 40_002
    assert "story" in words and "Baghdad" not in words and "don't" not in words


def test_builds_the_most_frequent_census_names(tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    combos = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=3)][:2_000]
    stems = {"dist.all.last": "SUR", "dist.male.first": "HE", "dist.female.first": "SHE"}
    for name, stem in stems.items():
        rows = [f"{stem}{c}  0.010  0.500  {rank}" for rank, c in enumerate(combos, start=1)]
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "names.txt.gz"
    assert _run("names", folder, "--out", out).returncode == 0
    notice, words = _words(out)
    assert any("Census" in line for line in notice)
    # The 1,000 most frequent surnames and 300 given names of each list.
    expected = {f"sur{c.lower()}" for c in combos[:1_000]}
    expected |= {f"{stem}{c.lower()}" for stem in ("he", "she") for c in combos[:300]}
    assert words == sorted(expected)


def test_inputs_that_are_not_the_lists_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "words.txt.gz"
    out.write_bytes(b"old")
    result = _run("words", _word_list(tmp_path / "short", 100), "--out", out)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "expected a SCOWL list" in result.stderr
    assert out.read_bytes() == b"old"  # nothing half-written
    missing = _run("words", tmp_path / "absent", "--out", out)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    names = _run("names", tmp_path, "--out", out)
    assert names.returncode == 1 and names.stderr.count("\n") == 1
    assert out.read_bytes() == b"old"
