"""geomap never touches the network: in-process with sockets blocked, and
in real CLI subprocesses whose interpreter blocks and records every attempt.

The in-process guard replaces ``socket.socket.connect``/``connect_ex``,
``socket.create_connection`` and ``socket.getaddrinfo`` (name lookups come
first in every HTTP client, so a blocked lookup catches a download before it
starts). The subprocess guard is a ``sitecustomize.py`` on PYTHONPATH, loaded
by the interpreter before geomap is imported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTICLE = (REPO / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")


class NetworkBlocked(OSError):
    """Raised by the guard instead of connecting or resolving a name."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Block every connection and name lookup; yield the attempts made."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise NetworkBlocked(f"network access in a test: {what} {args!r}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts


def test_the_guard_blocks_and_records(no_network: list[str]) -> None:
    # The guard itself must work, or every test below proves nothing.
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.org", 443)
    with socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("127.0.0.1", 9))
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.org/", timeout=1)
    assert len(no_network) == 4


def test_gazetteer_geocoder_and_reverse_offline(no_network: list[str]) -> None:
    from geomap import Gazetteer, LocalGeocoder

    gaz = Gazetteer.default()
    geocoder = LocalGeocoder(gaz)
    baghdad = geocoder.geocode("Baghdad")
    assert baghdad is not None and baghdad.raw["country_code"] == "IQ"
    assert len(geocoder.geocode("Vienna", exactly_one=False)) > 1  # type: ignore[arg-type]
    where = geocoder.reverse("33.3, 44.4")
    assert where is not None and where.raw["reverse"]["country_code"] == "IQ"
    assert gaz.reverse(-33.87, 151.21).country.country_code == "AU"  # type: ignore[union-attr]
    assert no_network == []


@pytest.mark.parametrize("mode", ["fast", "ner"])
def test_geoparser_offline(no_network: list[str], mode: str) -> None:
    from geomap import Gazetteer, GeomapError
    from geomap.geoparsing.parser import Geoparser

    try:
        parser = Geoparser(Gazetteer.default(), mode=mode)  # type: ignore[arg-type]
    except GeomapError as exc:  # only "ner" can miss its model
        pytest.skip(f"mode {mode!r} unavailable: {exc}")
    names = {m.place.name for m in parser.parse(ARTICLE) if m.place}
    assert {"Baghdad", "Green Zone", "Iraq", "Iran"} <= names
    assert no_network == []


def test_extraction_map_and_report_offline(no_network: list[str], tmp_path: Path) -> None:
    extract_module = pytest.importorskip("geomap.events.extract")
    from geomap import maps
    from geomap.geoparsing.parser import Geoparser

    extraction = extract_module.extract(
        ARTICLE, published=dt.date(2021, 11, 7), geoparser=Geoparser(mode="fast")
    )
    assert extraction.incidents and any(i.place for i in extraction.incidents)
    m = maps.incident_map(extraction, link_actors=True, title="Offline")
    page = maps.save_html(m, tmp_path / "map.html").read_text(encoding="utf-8")
    report = maps.report_html(extraction, tmp_path / "report.html").read_text(encoding="utf-8")
    for html in (page, report, maps.to_fragment(m)):
        assert maps.external_references(html) == []
        assert loaded_urls(html) == []
    assert no_network == []


# Anything a browser would fetch by itself: src/href of loading elements,
# CSS url() and @import, srcset; links (<a href>) are not loaded.
_LOADED = re.compile(
    r"""<(?:script|img|iframe|embed|source|audio|video|input|track|object|link)\b[^>]*?"""
    r"""\b(?:src|href|data|srcset|poster)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)


def loaded_urls(html: str) -> list[str]:
    """An independent check next to geomap.maps.external_references."""
    return [m.group(0) for m in _LOADED.finditer(html)]


def test_loaded_urls_finds_what_a_page_would_fetch() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script><link rel=stylesheet '
        "href=//cdn.example/x.css><style>a{background:url( 'http://t.example/i.png')}</style>"
        '<a href="https://example.org/">a link is not loaded</a>'
    )
    assert len(loaded_urls(page)) == 3


# ---------------------------------------------------------------------------
# The CLI, in subprocesses whose interpreter refuses the network

_SITECUSTOMIZE = textwrap.dedent(
    """
    # Loaded by the interpreter at start-up: refuse and record network use.
    import os, socket

    _LOG = os.environ["GEOMAP_NET_LOG"]

    def _record(what):
        def blocked(*args, **kwargs):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{what} {args[1:] if what.startswith('socket.') else args!r}\\n")
            raise OSError(f"network access refused by the test guard: {what}")
        return blocked

    socket.socket.connect = _record("socket.connect")
    socket.socket.connect_ex = _record("socket.connect_ex")
    socket.create_connection = _record("create_connection")
    socket.getaddrinfo = _record("getaddrinfo")
    socket.gethostbyname = _record("gethostbyname")
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write("guard loaded\\n")
    """
)


@pytest.fixture
def guarded_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(guard), str(REPO), env.get("PYTHONPATH")])
    )
    env["GEOMAP_NET_LOG"] = str(log)
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy"):
        env.pop(proxy, None)
    return env, log


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geomap", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def _attempts(log: Path) -> list[str]:
    lines = log.read_text(encoding="utf-8").splitlines()
    assert "guard loaded" in lines, "the sitecustomize guard did not run"
    return [line for line in lines if line != "guard loaded"]


def test_the_subprocess_guard_records_attempts(
    guarded_env: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, log = guarded_env
    probe = textwrap.dedent(
        """
        import urllib.request
        try:
            urllib.request.urlopen("http://example.org/", timeout=5)
        except OSError:
            pass
        """
    )
    subprocess.run([sys.executable, "-c", probe], env=env, timeout=60, check=True)
    assert any("example.org" in line for line in _attempts(log))


@pytest.mark.parametrize(
    "args",
    [
        ["geocode", "Baghdad", "Green Zone", "Vienna, Virginia", "--format", "json"],
        ["reverse", "33.30", "44.39", "--format", "json"],
        ["gazetteer", "info"],
    ],
    ids=["geocode", "reverse", "gazetteer info"],
)
def test_cli_offline(
    guarded_env: tuple[dict[str, str], Path], tmp_path: Path, args: list[str], gazetteer: Any
) -> None:
    env, log = guarded_env
    proc = _run(args, env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)
    assert _attempts(log) == []


@pytest.mark.parametrize("command", ["map", "report"])
def test_cli_map_offline(
    guarded_env: tuple[dict[str, str], Path], tmp_path: Path, command: str, gazetteer: Any
) -> None:
    from geomap.cli import main

    if command not in main.commands:
        pytest.skip(f"there is no 'geomap {command}' command yet")
    from geomap import maps

    env, log = guarded_env
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = _run([command, str(article), "--parser", "ner", "-o", "out.html"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "Baghdad" in page
    assert maps.external_references(page) == []
    assert loaded_urls(page) == []
    assert _attempts(log) == []
