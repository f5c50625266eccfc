"""Settings are read in one place: the environment, then overrides."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap import settings
from geomap.cli import main
from geomap.gazetteer.store import default_path
from geomap.maps.png import find_chromium
from geomap.resources import cache_dir


def test_environment_is_read_when_asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GEOMAP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tmp_path / "g.gpkg"))
    monkeypatch.setenv("GEOMAP_DEBUG", "0")
    now = settings.current()
    assert now.home == tmp_path / "home" and cache_dir() == tmp_path / "home"
    assert now.gazetteer == tmp_path / "g.gpkg" and default_path() == tmp_path / "g.gpkg"
    assert now.debug is False
    monkeypatch.setenv("GEOMAP_DEBUG", "1")
    assert settings.current().debug is True


def test_default_home_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GEOMAP_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert settings.current().home == tmp_path / "geomap"


def test_override_wins_and_ends_with_the_block(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GEOMAP_CHROMIUM", str(tmp_path / "env-chromium"))
    fake = tmp_path / "chromium"
    fake.write_text("")
    with settings.override(chromium=str(fake), home=tmp_path / "h") as inside:
        assert inside.chromium == str(fake) and find_chromium() == str(fake)
        assert cache_dir() == tmp_path / "h"
    # Back to the environment, whose file does not exist.
    assert settings.current().chromium == str(tmp_path / "env-chromium")
    assert find_chromium() is None
    with pytest.raises(TypeError, match="colour"), settings.override(colour="red"):
        pass


def test_library_logs_and_the_command_prints(tmp_path: Path) -> None:
    """The library prints nothing of its own; the command shows its log
    records as one ``geomap: ...`` line each on stderr."""
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("geomap").handlers)
    src = tmp_path / "in.csv"
    src.write_text("town\nBaghdad\nBasra\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["geocode-csv", str(src), str(out), "--column", "town"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines and lines[-1].startswith("geomap: geocoded 2 rows into"), lines
    # The command takes its handler away: a library call after it prints nothing.
    handlers = logging.getLogger("geomap").handlers
    assert all(isinstance(h, logging.NullHandler) for h in handlers), handlers
