"""One loader for the extraction's vocabularies (``geomap/events/data/*.toml``).

The words that report events, name armed men or crowds, and mark
casualties are data, not code: each file lists them with a note where the
choice is not obvious, so a list can be read, reviewed and switched off for
an ablation on its own. The code that combines them (the grammar around the
words) stays in the modules that use them.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

from ..errors import GeomapError

__all__ = ["alternation", "load", "words"]


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The vocabulary file ``name`` (without ``.toml``), parsed once."""
    ref = resources.files("geomap.events") / "data" / f"{name}.toml"
    try:
        with ref.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        # A broken installation, not a user error: say which file.
        raise GeomapError(f"cannot read the vocabulary {name}.toml: {exc}") from exc


def words(name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of vocabulary ``name``: regular-expression fragments."""
    entry = load(name)[key]
    items = entry["words"] if isinstance(entry, dict) else entry
    return tuple(items)


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """One non-capturing group matching any of ``items``."""
    return "(?:" + "|".join(items) + ")"
