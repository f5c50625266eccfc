"""The geoparser's word lists (``geomap/geoparsing/data/words.toml``).

Which capitalised words join, start or end a place name, which never are
one, the calendar, titles, agencies and unit words are data, each list with
a note, read by the loader the extraction shares (:mod:`geomap.vocabulary`).
The patterns that combine them stay in the modules that use them.
"""

from __future__ import annotations

from .. import vocabulary as _shared
from ..vocabulary import alternation

__all__ = ["alternation", "mapping", "word_set", "words"]

_PACKAGE = "geomap.geoparsing"
_FILE = "words"


def words(key: str) -> tuple[str, ...]:
    """The list ``key``, in file order (regular-expression fragments for the
    lists marked "regex")."""
    return _shared.words(_PACKAGE, _FILE, key)


def word_set(*keys: str) -> frozenset[str]:
    """The union of the lists ``keys``, for membership tests."""
    return frozenset(w for key in keys for w in words(key))


def mapping(key: str) -> dict[str, str]:
    """The table ``key`` (a spelling -> its canonical form)."""
    return dict(_shared.load(_PACKAGE, _FILE)[key]["words"])
