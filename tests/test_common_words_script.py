"""The script that builds the bundled English word list."""

from __future__ import annotations

import gzip
import itertools
import string
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "gazetteer" / "scripts" / "common_words.py"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, check=False
    )


def _word_list(path: Path, count: int) -> Path:
    words = ("".join(p) for p in itertools.product(string.ascii_lowercase, repeat=4))
    extra = ["Baghdad", "Iraq's", "don't", "café", "story", "battle"]
    path.write_text("\n".join([*extra, *itertools.islice(words, count)]) + "\n", encoding="utf-8")
    return path


def test_builds_a_sorted_lower_case_list_deterministically(tmp_path: Path) -> None:
    src = _word_list(tmp_path / "american-english", 40_000)
    first, second = tmp_path / "a.txt.gz", tmp_path / "b.txt.gz"
    assert _run(src, "--out", first).returncode == 0
    assert _run(src, "--out", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    lines = gzip.decompress(first.read_bytes()).decode("utf-8").splitlines()
    assert any("Kevin Atkinson" in line for line in lines if line.startswith("#"))
    words = [line for line in lines if not line.startswith("#")]
    assert words == sorted(words) and len(words) == 40_002
    assert "story" in words and "Baghdad" not in words and "don't" not in words


def test_a_list_that_is_not_scowl_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "words.txt.gz"
    out.write_bytes(b"old")
    result = _run(_word_list(tmp_path / "short", 100), "--out", out)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "expected a SCOWL list" in result.stderr
    assert out.read_bytes() == b"old"  # nothing half-written
    missing = _run(tmp_path / "absent", "--out", out)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
