"""The data types geomap hands out: Place, Mention, Actor, Incident.

All are frozen dataclasses (hashable, safe to share between threads and
processes) and expose ``__geo_interface__`` as a GeoJSON Feature, so
``folium.GeoJson(place)``, ``shapely.geometry.shape(place)`` and
``geopandas.GeoDataFrame.from_features([...])`` accept them directly.

Coordinates are named ``latitude``/``longitude`` everywhere; the
``[lon, lat]`` order appears only inside GeoJSON, as the spec requires.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shapely.geometry import Point, mapping
from shapely.geometry.base import BaseGeometry

__all__ = [
    "Actor",
    "Evidence",
    "Extraction",
    "Incident",
    "Kind",
    "Mention",
    "Place",
    "precision_for_kind",
    "register_exporters",
]

# The export functions behind Extraction.to_geojson() and its siblings live in
# geomap.scale.export, which imports this module. So that this module stays a
# leaf of the import graph, it does not import them back: the export module
# hands them over here when it is imported, and ``import geomap`` always
# imports it before any of these methods can be called.
_EXPORTERS: dict[str, Callable[..., Any]] = {}


def register_exporters(**exporters: Callable[..., Any]) -> None:
    """Install the implementations of the Extraction export methods
    (``to_geojson``, ``to_csv``, ``to_geodataframe``)."""
    _EXPORTERS.update(exporters)


def _exporter(name: str) -> Callable[..., Any]:
    if name not in _EXPORTERS:  # pragma: no cover - only if geomap.scale.export failed
        raise RuntimeError(f"Extraction.{name} needs geomap.scale.export, which is not loaded")
    return _EXPORTERS[name]


class Kind(StrEnum):
    """What sort of place a gazetteer entry is."""

    COUNTRY = "country"
    ADMIN1 = "admin1"
    ADMIN2 = "admin2"
    REGION = "region"  # vague or composite: "the southern provinces", "the Gulf"
    CITY = "city"
    DISTRICT = "district"  # a named part of a city: Green Zone, Karrada
    LANDMARK = "landmark"
    CUSTOM = "custom"  # a user's own site


# ACLED geo_precision: 1 = the named town/district itself (point-like),
# 2 = part of a region or "near" a town, 3 = a large region or a country,
# coded to a representative point. A place's own precision follows its kind;
# the geoparser may coarsen it further ("around Baghdad" -> 2).
_PRECISION = {
    Kind.COUNTRY: 3,
    Kind.ADMIN1: 3,
    Kind.REGION: 3,
    Kind.ADMIN2: 2,
    Kind.CITY: 1,
    Kind.DISTRICT: 1,
    Kind.LANDMARK: 1,
    Kind.CUSTOM: 1,
}


def precision_for_kind(kind: str) -> int:
    """ACLED-style geo precision (1 point-like, 2 local area, 3 region)."""
    try:
        return _PRECISION[Kind(kind)]
    except ValueError:
        return 2


def _feature(geometry: BaseGeometry | None, properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature; an unplaced record keeps a null geometry."""
    return {
        "type": "Feature",
        "geometry": mapping(geometry) if geometry is not None else None,
        "properties": properties,
    }


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is stable across rebuilds: ``gn:<geonameid>`` for GeoNames-backed
    places, ``iata:<code>`` for airports, ``geomap:<slug>`` for the hand-made
    layer, ``kenya-data:<code>`` for Kenya's wards and constituencies,
    ``user:<id>`` for places a user added. ``area`` is the polygon
    where one is known (countries, admin-1 regions, districts, composite
    regions), else ``None``.
    """

    id: str
    name: str
    kind: str
    latitude: float
    longitude: float
    country_code: str | None = None
    admin1: str | None = None
    population: int | None = None
    admin1_code: str | None = None
    capital: bool = False  # a national capital
    source: str = ""
    area: BaseGeometry | None = field(default=None, repr=False, compare=False)
    # The source's own spelling where ``name`` is the form English text uses:
    # "Rafaḩ" for Rafah, "Arīḩā" for Ariha (see the README); else None.
    local_name: str | None = None

    @property
    def precision(self) -> int:
        return precision_for_kind(self.kind)

    @property
    def point(self) -> Point:
        return Point(self.longitude, self.latitude)

    @property
    def geometry(self) -> BaseGeometry:
        """The polygon where known, else the representative point."""
        return self.area if self.area is not None else self.point

    def to_dict(self) -> dict[str, Any]:
        """The record printed by the CLI and stored as geopy's ``raw``."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "population": self.population,
            "precision": self.precision,
            "admin1_code": self.admin1_code,
            "capital": self.capital,
            "source": self.source,
            "local_name": self.local_name,
        }

    @property
    def address(self) -> str:
        """ "Name, Admin1, CC": the human-readable label geopy calls address."""
        parts = [self.name]
        if self.admin1 and self.admin1 != self.name:
            parts.append(self.admin1)
        if self.country_code and self.kind != Kind.COUNTRY:
            parts.append(self.country_code)
        return ", ".join(parts)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": mapping(self.geometry),
            "properties": self.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A place mention in a text: ``text[start:end]`` and what it refers to.

    ``place`` is None when the mention was recognised but could not be
    resolved; ``candidates`` are the gazetteer entries that were considered,
    best first. ``demonym`` marks adjectival uses ("Iraqi officials").
    ``inferred`` marks a name the gazetteer does not know ("St. Mark's
    Cathedral", "the Neches River") placed at the article's nearest local
    place instead, with a coarser precision and a low confidence.
    ``reasons`` are the named parts of the evidence for the place chosen
    (``("prior", 6.2)``, ``("country share", 1.5)``, ``("contains", "Colorado")``),
    for ``geomap geoparse --explain``; empty when nothing was resolved.
    """

    start: int
    end: int
    text: str
    place: Place | None = None
    confidence: float = 0.0
    candidates: tuple[Place, ...] = field(default=(), repr=False)
    demonym: bool = False
    precision: int | None = None
    modifier: str | None = None  # "north", "around", "outside" ... read before the name
    inferred: bool = False
    reasons: tuple[tuple[str, float | str], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid mention span {self.start}..{self.end}")

    @property
    def resolved(self) -> bool:
        return self.place is not None

    def _span(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "demonym": self.demonym,
            "confidence": round(self.confidence, 4),
            "precision": self.precision,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self._span(),
            "modifier": self.modifier,
            "inferred": self.inferred,
            "place": self.place.to_dict() if self.place else None,
        }

    def to_record(self) -> dict[str, Any]:
        """The flat form, one value per column, for tables (JSON Lines,
        GeoPackage, Parquet); :meth:`to_dict` is the nested JSON form."""
        p = self.place
        return {
            **self._span(),
            "place_id": p.id if p else None,
            "place_name": p.name if p else None,
            "kind": p.kind if p else None,
            "country_code": p.country_code if p else None,
            "admin1": p.admin1 if p else None,
            "latitude": round(p.latitude, 5) if p else None,
            "longitude": round(p.longitude, 5) if p else None,
        }

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return _feature(self.place.geometry if self.place else None, self.to_dict())


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence of the source text that supports an incident."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, government or armed group named in a text.

    ``location_note`` says how ``place`` was derived ("stated in text",
    "seat of the Foreign Ministry of Iran", "dateline").
    """

    name: str
    kind: str  # person | organisation | government | armed_group | reporter
    role: str | None = None
    affiliation: str | None = None
    place: Place | None = None
    location_note: str | None = None
    spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "affiliation": self.affiliation,
            "location_note": self.location_note,
            "place": self.place.to_dict() if self.place else None,
        }

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return _feature(self.place.point if self.place else None, self.to_dict())


@dataclass(frozen=True, slots=True)
class Incident:
    """One event, coded in ACLED's terms.

    ``date_precision`` is "day", "week", "month", "year" or None when no date
    could be resolved; ``geo_precision`` is ACLED's 1/2/3.
    """

    event_type: str
    sub_event_type: str
    date: _dt.date | None
    date_precision: str | None
    place: Place | None
    geo_precision: int | None
    location_text: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.0
    source: str | None = None
    remarks: tuple[str, ...] = ()  # how the coder read the text ("'dozens' is not a number")

    @property
    def notes(self) -> str:
        return " ".join(e.text for e in self.evidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "event_date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "location": self.location_text or (self.place.name if self.place else None),
            "place": self.place.to_dict() if self.place else None,
            "geo_precision": self.geo_precision,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "confidence": round(self.confidence, 4),
            "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in self.evidence],
            "source": self.source,
            "remarks": list(self.remarks),
        }

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return _feature(self.place.point if self.place else None, self.to_dict())


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything geomap found in one document.

    Export helpers (GeoJSON, GeoDataFrame, CSV) live in :mod:`geomap.scale.export`
    and are also reachable as methods, so the object stays a plain record.
    """

    text: str
    mentions: tuple[Mention, ...] = ()
    incidents: tuple[Incident, ...] = ()
    actors: tuple[Actor, ...] = ()
    published: _dt.date | None = None
    source: str | None = None

    @property
    def unplaced_mentions(self) -> int:
        return sum(1 for m in self.mentions if m.place is None)

    @property
    def unplaced_incidents(self) -> int:
        return sum(1 for i in self.incidents if i.place is None)

    def to_geojson(self, **kwargs: Any) -> dict[str, Any]:
        """A FeatureCollection of incidents, actors and mentions."""
        result: dict[str, Any] = _exporter("to_geojson")(self, **kwargs)
        return result

    def to_csv(self, **kwargs: Any) -> str:
        """Incidents as CSV with ACLED-style columns."""
        text: str = _exporter("to_csv")(self, **kwargs)
        return text

    def to_geodataframe(self) -> Any:
        """Incidents as a GeoDataFrame (EPSG:4326)."""
        return _exporter("to_geodataframe")(self)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return self.to_geojson()
