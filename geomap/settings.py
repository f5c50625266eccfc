"""geomap's settings, read in one place.

>>> from geomap import settings
>>> settings.current().home  # doctest: +SKIP
PosixPath('/home/me/.cache/geomap')
>>> with settings.override(chromium="/opt/chromium/chrome"):  # doctest: +SKIP
...     geomap.maps.to_png(m, "map.png")

Each setting comes from, in order: :func:`override` (for programs and
tests), the environment variable named below, the default. The environment
is read when :func:`current` is called, not at import, so a variable set by
a host program before the first use counts.

========== ==================== ============================================
setting    environment          default
========== ==================== ============================================
home       ``GEOMAP_HOME``      ``$XDG_CACHE_HOME/geomap`` or ``~/.cache/geomap``:
                                where the built gazetteer is cached
gazetteer  ``GEOMAP_GAZETTEER`` none: the cached build in ``home``
chromium   ``GEOMAP_CHROMIUM``  none: ``/usr/bin/chromium`` or one on PATH
debug      ``GEOMAP_DEBUG``     off: the command line prints one line for an
                                unexpected failure; on, the traceback
========== ==================== ============================================
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Settings", "current", "override"]

ENVIRONMENT = {
    "home": "GEOMAP_HOME",
    "gazetteer": "GEOMAP_GAZETTEER",
    "chromium": "GEOMAP_CHROMIUM",
    "debug": "GEOMAP_DEBUG",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Where geomap keeps and finds its files, and how it reports failures."""

    home: Path
    gazetteer: Path | None = None
    chromium: str | None = None
    debug: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home = env.get(ENVIRONMENT["home"])
        if home:
            home_path = Path(home).expanduser()
        else:
            xdg = env.get("XDG_CACHE_HOME")
            home_path = (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "geomap"
        gazetteer = env.get(ENVIRONMENT["gazetteer"])
        return cls(
            home=home_path,
            gazetteer=Path(gazetteer).expanduser() if gazetteer else None,
            chromium=env.get(ENVIRONMENT["chromium"]) or None,
            debug=env.get(ENVIRONMENT["debug"], "").strip().lower() not in ("", "0", "false", "no"),
        )


_overrides: list[dict[str, Any]] = []


def current() -> Settings:
    """The settings in force now: overrides, then the environment."""
    settings = Settings.from_environment()
    for changes in _overrides:
        settings = dataclasses.replace(settings, **changes)
    return settings


@contextlib.contextmanager
def override(**changes: Any) -> Iterator[Settings]:
    """Settings changed for the ``with`` block (``home``, ``gazetteer``,
    ``chromium``, ``debug``); an unknown name is a TypeError."""
    unknown = set(changes) - {f.name for f in dataclasses.fields(Settings)}
    if unknown:
        raise TypeError(f"unknown geomap setting(s): {', '.join(sorted(unknown))}")
    for name in ("home", "gazetteer"):
        if changes.get(name) is not None:
            changes[name] = Path(changes[name]).expanduser()
    _overrides.append(changes)
    try:
        yield current()
    finally:
        _overrides.remove(changes)
