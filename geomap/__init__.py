"""geomap: an offline geoparser and incident mapper for news text.

Everything runs locally against a bundled gazetteer: no network, no server,
no sign-up.
"""

from __future__ import annotations

from .errors import (
    GazetteerError,
    GazetteerMissingError,
    GeomapError,
    InputError,
    OutputError,
)
from .gazetteer import Gazetteer, Match
from .geocoder import LocalGeocoder
from .models import Actor, Evidence, Extraction, Incident, Kind, Mention, Place

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Evidence",
    "Extraction",
    "Gazetteer",
    "GazetteerError",
    "GazetteerMissingError",
    "GeomapError",
    "Incident",
    "InputError",
    "Kind",
    "LocalGeocoder",
    "Match",
    "Mention",
    "OutputError",
    "Place",
    "__version__",
]
