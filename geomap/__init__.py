"""geomap: an offline geoparser and incident mapper for news text.

Everything runs locally against a bundled gazetteer: no network, no server,
no sign-up.
"""

from __future__ import annotations

import logging
from typing import Any

from .errors import (
    GazetteerError,
    GazetteerMissingError,
    GeomapError,
    InputError,
    OutputError,
)
from .events.extract import Extractor, extract, extract_findings
from .gazetteer.store import Gazetteer, Match
from .geoparsing.parser import Geoparser, geoparse
from .models import Actor, Evidence, Extraction, Incident, Kind, Mention, Place
from .scale.export import to_csv, to_geodataframe, to_geojson

__version__ = "0.1.0"

# A library logs and lets its user decide where logs go: without a
# configured handler, nothing is printed (the geomap command prints them).
logging.getLogger("geomap").addHandler(logging.NullHandler())

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
    "geocode_csv",
    "geocode_frame",
    "geoparse",
    "iter_documents",
    "process_corpus",
    "process_corpus_dask",
    "reverse_frame",
    "to_csv",
    "to_geodataframe",
    "to_geojson",
]


# Heavy optional parts load on first use: geopy alone costs ~0.2 s of
# start-up, pandas and dask more, which a geoparsing script should not pay.
_LAZY = {
    "LocalGeocoder": ".geocoder",
    "geocode_frame": ".scale.geocode",
    "reverse_frame": ".scale.reverse_geocode",
    "geocode_csv": ".scale.batch",
    "iter_documents": ".scale.documents",
    "process_corpus": ".scale.corpus",
    "process_corpus_dask": ".scale.distributed",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
