"""Where geomap's bundled data lives, installed or in a source checkout.

A wheel carries the repository's ``gazetteer/data`` and ``gazetteer/handmade``
folders as ``geomap/_gazetteer/...``; an editable install or a plain checkout
reads them from the repository itself. Callers never care which.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import GazetteerMissingError

__all__ = ["bundled_dir", "cache_dir"]

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled folder ``name`` ("data" or "handmade")."""
    for base in (_PACKAGE / "_gazetteer", _PACKAGE.parent / "gazetteer"):
        folder = base / name
        if folder.is_dir():
            return folder
    raise GazetteerMissingError(
        f"geomap's bundled gazetteer folder {name!r} is missing; reinstall geomap"
    )


def cache_dir() -> Path:
    """Where the built gazetteer is cached: $GEOMAP_HOME, else the XDG cache."""
    env = os.environ.get("GEOMAP_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "geomap"
