"""geomap: an offline geoparser and incident mapper for news text.

Everything runs locally against a bundled gazetteer: no network, no server,
no sign-up.
"""

from __future__ import annotations

from typing import Any

from .errors import (
    GazetteerError,
    GazetteerMissingError,
    GeomapError,
    InputError,
    OutputError,
)
from .export import to_csv, to_geodataframe, to_geojson
from .extract import Extractor, extract, extract_findings
from .gazetteer import Gazetteer, Match
from .geoparse import Geoparser, geoparse
from .models import Actor, Evidence, Extraction, Incident, Kind, Mention, Place

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Evidence",
    "Extraction",
    "Extractor",
    "Gazetteer",
    "GazetteerError",
    "GazetteerMissingError",
    "GeomapError",
    "Geoparser",
    "Incident",
    "InputError",
    "Kind",
    "LocalGeocoder",
    "Match",
    "Mention",
    "OutputError",
    "Place",
    "__version__",
    "extract",
    "extract_findings",
    "geoparse",
    "to_csv",
    "to_geodataframe",
    "to_geojson",
]


def __getattr__(name: str) -> Any:
    # Heavy optional parts load on first use: geopy alone costs ~0.2 s of
    # start-up, which a geoparsing script that never geocodes should not pay.
    if name == "LocalGeocoder":
        from .geocoder import LocalGeocoder

        return LocalGeocoder
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
