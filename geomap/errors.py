"""One error root for everything geomap raises on purpose.

Like geopy, every leaf also inherits the built-in exception a caller would
naturally catch (``ValueError`` for bad input, ``OSError`` for files), so code
that does not know geomap still handles our errors sensibly.
"""

from __future__ import annotations

__all__ = [
    "GazetteerError",
    "GazetteerMissingError",
    "GeomapError",
    "InputError",
    "OutputError",
]


class GeomapError(Exception):
    """Root of every error geomap raises deliberately.

    The CLI prints ``str(error)`` as a one-line message and exits non-zero, so
    messages must be complete sentences that say what to do.
    """


class InputError(GeomapError, ValueError):
    """The caller gave us something we cannot use: a malformed coordinate,
    an unreadable file, a corpus in the wrong format."""


class GazetteerError(GeomapError, OSError):
    """The gazetteer file is corrupt, truncated or of the wrong version."""


class GazetteerMissingError(GazetteerError, FileNotFoundError):
    """No gazetteer could be found or built."""


class OutputError(GeomapError, OSError):
    """An output file could not be written."""
