"""The extraction's vocabularies (``geomap/events/data/*.toml``).

The words that report events, name armed men or crowds, and mark
casualties are data, not code: each file lists them with a note where the
choice is not obvious, so a list can be read, reviewed and switched off for
an ablation on its own. The code that combines them (the grammar around the
words) stays in the modules that use them. The files are read by the one
loader the geoparser shares, :mod:`geomap.vocabulary`.
"""

from __future__ import annotations

from typing import Any

from .. import vocabulary as _shared
from ..vocabulary import alternation

__all__ = ["alternation", "load", "words"]

_PACKAGE = "geomap.events"


def load(name: str) -> dict[str, Any]:
    """The vocabulary file ``name`` (without ``.toml``), parsed once."""
    return _shared.load(_PACKAGE, name)


def words(name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of vocabulary ``name``: regular-expression fragments."""
    return _shared.words(_PACKAGE, name, key)
