"""The page runtime is plain package files: valid JavaScript and CSS, shipped in the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geomap import assets

RUNTIME = Path(assets.__file__).resolve().parent / "maps"


def test_runtime_files_are_package_files_read_at_run_time() -> None:
    js = (RUNTIME / "runtime.js").read_text(encoding="utf-8")
    assert "/*SHAPES*/{}" in js
    assert "/*SHAPES*/" not in assets.runtime_js()
    assert assets.runtime_css() == (RUNTIME / "runtime.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", assets.RUNTIME_JS_FILES)
def test_runtime_js_parses_as_es5(name: str) -> None:
    esprima = pytest.importorskip("esprima", reason="pip install esprima (the test extra)")
    # ES5 on purpose: the page must run in old embedded browsers too.
    code = (RUNTIME / name).read_text(encoding="utf-8")
    tree = esprima.parseScript(code, {"tolerant": False})
    assert tree.body
    assert esprima.parseScript(assets.runtime_js()).body


def test_runtime_js_passes_node_check(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = tmp_path / "runtime.js"
    script.write_text(assets.runtime_js(), encoding="utf-8")
    done = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_runtime_css_braces_balance() -> None:
    css = assets.runtime_css()
    depth = 0
    for char in css:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth in (0, 1)
    assert depth == 0


def test_wheel_ships_the_runtime_files(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building a wheel needs hatchling")
    root = RUNTIME.parents[1]
    if not (root / "pyproject.toml").is_file():
        pytest.skip("not a source checkout")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(root)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"could not build a wheel here: {done.stderr.strip()[-200:]}")
    wheel = next(tmp_path.glob("geomap-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"geomap/maps/runtime.js", "geomap/maps/view.js", "geomap/maps/runtime.css"} <= names
    # The other package data the library reads at run time.
    assert {
        "geomap/py.typed",
        "geomap/events/data/triggers.toml",
        "geomap/events/data/words.toml",
        "geomap/geoparsing/data/words.toml",
        "geomap/geoparsing/data/historical_countries.csv",
        "geomap/_gazetteer/data/villages.tsv.gz",
        "geomap/_gazetteer/data/basemap.json.gz",
    } <= names
