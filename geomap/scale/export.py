"""Exports of extractions: GeoJSON, an ACLED-style CSV, a GeoDataFrame.

All three accept one :class:`~geomap.models.Extraction`, an iterable of
them, or an iterable of :class:`~geomap.models.Incident`. Output is
deterministic: documents in the order given, incidents, actors and mentions
in text order, no timestamps, so exports can be diffed and cached.

Coordinates are ``[longitude, latitude]`` inside GeoJSON, as RFC 7946
requires; everywhere else they are named columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..events.actors import country_name
from ..models import Actor, Extraction, Incident, Kind, Mention, Place, register_exporters

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "CSV_COLUMNS",
    "EXTRA_COLUMNS",
    "incident_rows",
    "to_csv",
    "to_geodataframe",
    "to_geojson",
]

# ACLED's own column names and order, then geomap's additions.
CSV_COLUMNS: tuple[str, ...] = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
)
EXTRA_COLUMNS: tuple[str, ...] = ("injured", "confidence", "evidence_start", "evidence_end")
_INT_COLUMNS = frozenset(
    {"geo_precision", "fatalities", "injured", "evidence_start", "evidence_end"}
)
_DIGITS = 5  # ~1 m: more would only be noise from the gazetteer's points

Exportable = Extraction | Iterable[Extraction] | Iterable[Incident]


def _documents(data: object) -> list[Extraction]:
    """Normalise the accepted inputs to a list of extractions."""
    if isinstance(data, Extraction):
        return [data]
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        raise InputError(
            f"cannot export {type(data).__name__!r}: pass an Extraction, an iterable of "
            "Extractions or an iterable of Incidents"
        )
    items = list(data)
    if all(isinstance(x, Extraction) for x in items):
        return items
    if all(isinstance(x, Incident) for x in items):
        return [Extraction(text="", incidents=tuple(items))]
    bad = next(type(x).__name__ for x in items if not isinstance(x, Extraction | Incident))
    raise InputError(f"cannot export items of type {bad!r}: expected Extraction or Incident")


def _point(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "type": "Point",
        "coordinates": [round(place.longitude, _DIGITS), round(place.latitude, _DIGITS)],
    }


def _admin1(place: Place | None) -> str | None:
    if place is None:
        return None
    if place.kind == Kind.ADMIN1:
        return place.name
    return place.admin1


def incident_rows(data: Exportable) -> list[dict[str, Any]]:
    """One ACLED-style record per incident (the CSV's rows, as dicts).

    Besides :data:`CSV_COLUMNS` and :data:`EXTRA_COLUMNS`, each record has
    ``date_precision``, which the GeoDataFrame keeps and the CSV leaves out.
    """
    rows = []
    for doc in _documents(data):
        for inc in doc.incidents:
            place = inc.place
            evidence = inc.evidence
            rows.append(
                {
                    "event_date": inc.date.isoformat() if inc.date else None,
                    "event_type": inc.event_type,
                    "sub_event_type": inc.sub_event_type,
                    "actor1": inc.actor1,
                    "actor2": inc.actor2,
                    "country": country_name(place.country_code) if place else None,
                    "admin1": _admin1(place),
                    "location": inc.location_text or (place.name if place else None),
                    "latitude": round(place.latitude, _DIGITS) if place else None,
                    "longitude": round(place.longitude, _DIGITS) if place else None,
                    "geo_precision": inc.geo_precision,
                    "fatalities": inc.fatalities,
                    # One line per record: spreadsheets choke on embedded newlines.
                    "notes": " ".join(inc.notes.split()) or None,
                    "source": inc.source or doc.source,
                    "injured": inc.injured,
                    "confidence": round(inc.confidence, 4),
                    "evidence_start": min(e.start for e in evidence) if evidence else None,
                    "evidence_end": max(e.end for e in evidence) if evidence else None,
                    "date_precision": inc.date_precision,
                }
            )
    return rows


def to_csv(data: Exportable, *, extra: bool = True) -> str:
    """Incidents as CSV text with ACLED's columns (and geomap's extras).

    Empty cells stand for unknown values (no fatality count stated, no
    place found). ``extra=False`` keeps only ACLED's columns.
    """
    columns = CSV_COLUMNS + (EXTRA_COLUMNS if extra else ())
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in incident_rows(data):
        writer.writerow(["" if row[c] is None else row[c] for c in columns])
    return buf.getvalue()


def to_geodataframe(data: Exportable) -> geopandas.GeoDataFrame:
    """Incidents as a GeoDataFrame in EPSG:4326: the CSV's columns,
    ``date_precision`` and a point geometry (empty for unplaced incidents)."""
    import geopandas
    from shapely.geometry import Point

    rows = incident_rows(data)
    columns = (*CSV_COLUMNS, *EXTRA_COLUMNS, "date_precision")
    geometry = [
        Point(r["longitude"], r["latitude"]) if r["latitude"] is not None else None for r in rows
    ]
    import pandas

    data_: dict[str, Any] = {}
    for c in columns:
        values = [r[c] for r in rows]
        # Nullable integers: an unknown count stays <NA>, not a float NaN.
        data_[c] = pandas.array(values, dtype="Int64") if c in _INT_COLUMNS else values
    return geopandas.GeoDataFrame(data_, geometry=geometry, crs="EPSG:4326")


def _feature(layer: str, fid: str, place: Place | None, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": fid,
        "geometry": _point(place),
        "properties": {"layer": layer, **props},
    }


def _incident_props(inc: Incident, doc: int, source: str | None) -> dict[str, Any]:
    props = inc.to_dict()
    props["source"] = inc.source or source
    props["country"] = country_name(inc.place.country_code) if inc.place else None
    props["notes"] = " ".join(inc.notes.split()) or None
    props["document"] = doc
    return props


def _actor_props(actor: Actor, doc: int) -> dict[str, Any]:
    props = actor.to_dict()
    props["spans"] = [list(s) for s in actor.spans]
    props["document"] = doc
    return props


def _mention_props(mention: Mention, doc: int) -> dict[str, Any]:
    props = mention.to_dict()
    props["document"] = doc
    return props


def to_geojson(
    data: Exportable,
    *,
    layers: Iterable[str] = ("incidents", "actors", "mentions"),
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of incidents, actors and place mentions.

    Every feature carries ``properties.layer`` ("incidents", "actors" or
    "mentions") and ``properties.document`` (the extraction's index). Points
    are ``[lon, lat]``; what could not be placed has ``"geometry": null``, so
    nothing found is silently dropped. Mentions are exported as points even
    where the gazetteer has an area, to keep files small.
    """
    wanted = set(layers)
    unknown = wanted - {"incidents", "actors", "mentions"}
    if unknown:
        raise InputError(
            f"unknown GeoJSON layer(s) {sorted(unknown)!r}; use incidents, actors, mentions"
        )
    features: list[dict[str, Any]] = []
    for d, doc in enumerate(_documents(data)):
        if "incidents" in wanted:
            for i, inc in enumerate(doc.incidents):
                features.append(
                    _feature(
                        "incidents",
                        f"incident-{d}-{i}",
                        inc.place,
                        _incident_props(inc, d, doc.source),
                    )
                )
        if "actors" in wanted:
            for i, actor in enumerate(doc.actors):
                features.append(
                    _feature("actors", f"actor-{d}-{i}", actor.place, _actor_props(actor, d))
                )
        if "mentions" in wanted:
            for i, mention in enumerate(doc.mentions):
                features.append(
                    _feature(
                        "mentions", f"mention-{d}-{i}", mention.place, _mention_props(mention, d)
                    )
                )
    return {"type": "FeatureCollection", "features": features}


register_exporters(to_geojson=to_geojson, to_csv=to_csv, to_geodataframe=to_geodataframe)
