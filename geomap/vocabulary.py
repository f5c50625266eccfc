"""One loader for the rules written as data (``geomap/<stage>/data/*.toml``).

The word lists the geoparser and the extractor read (articles, titles,
organisation words, the words that report events ...) are data, not code:
each file lists them with a note where the choice is not obvious, so that a
list can be read, reviewed and switched off for an ablation on its own. The
code that combines them (the grammar around the words) stays in the modules
that use them. Both stages read their files through this module:
:mod:`geomap.events.vocabulary` and :mod:`geomap.geoparsing.vocabulary`.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

from .errors import GeomapError

__all__ = ["alternation", "load", "words"]


@functools.cache
def load(package: str, name: str) -> dict[str, Any]:
    """The vocabulary file ``name`` (without ``.toml``) of ``package``
    (``"geomap.events"``), parsed once."""
    ref = resources.files(package) / "data" / f"{name}.toml"
    try:
        with ref.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        # A broken installation, not a user error: say which file.
        raise GeomapError(f"cannot read the vocabulary {package}/{name}.toml: {exc}") from exc


def words(package: str, name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of vocabulary ``name`` of ``package``.

    A list is either a plain array or a table with ``words`` (and a ``note``).
    """
    try:
        entry = load(package, name)[key]
    except KeyError:
        raise GeomapError(f"the vocabulary {package}/{name}.toml has no list {key!r}") from None
    items = entry["words"] if isinstance(entry, dict) else entry
    return tuple(items)


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """One non-capturing group matching any of ``items``."""
    return "(?:" + "|".join(items) + ")"
