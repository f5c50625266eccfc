"""Where geomap's bundled data lives, installed or in a source checkout.

A wheel carries the repository's ``gazetteer/data`` and ``gazetteer/handmade``
folders as ``geomap/_gazetteer/...``; an editable install or a plain checkout
reads them from the repository itself. Callers never care which.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

from .errors import GazetteerMissingError

__all__ = ["bundled_dir", "cache_dir", "common_words", "personal_names"]

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled folder ``name`` ("data", "handmade" or "lexicon")."""
    for base in (_PACKAGE / "_gazetteer", _PACKAGE.parent / "gazetteer"):
        folder = base / name
        if folder.is_dir():
            return folder
    raise GazetteerMissingError(
        f"geomap's bundled gazetteer folder {name!r} is missing; reinstall geomap"
    )


def cache_dir() -> Path:
    """Where the built gazetteer is cached: the ``home`` setting
    (``$GEOMAP_HOME``, else the XDG cache; see :mod:`geomap.settings`)."""
    from . import settings

    return settings.current().home


def common_words() -> frozenset[str]:
    """English words written in lower case ("battle", "story", "liberal"),
    from SCOWL. The recogniser reads a capitalised one as weak evidence of a
    place."""
    return _word_list("common_words")


def personal_names() -> frozenset[str]:
    """Frequent given names and surnames, lower-cased ("george", "moore"),
    from the US Census 1990 name files: weak evidence of a place too."""
    return _word_list("personal_names")


@functools.cache
def _word_list(name: str) -> frozenset[str]:
    """A bundled list of ``gazetteer/lexicon``, built by
    ``gazetteer/scripts/lexicon.py``: one word a line, ``#`` comments."""
    path = bundled_dir("lexicon") / f"{name}.txt.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return frozenset(line.rstrip("\n") for line in fh if not line.startswith("#"))
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise GazetteerMissingError(
            f"geomap's word list {path} is missing or damaged ({exc}); reinstall geomap"
        ) from exc
