"""Input normalisation: extractions or an incident GeoDataFrame, flattened."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..models import Actor, Evidence, Extraction, Incident, Kind, Mention, Place

if TYPE_CHECKING:
    pass


@dataclass
class _Data:
    """Everything a map draws, flattened out of one or more extractions."""

    incidents: list[Incident] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    unplaced_incidents: list[str] = field(default_factory=list)
    unplaced_mentions: list[str] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    # The document (index into extractions) of each incident and actor.
    incident_docs: list[int] = field(default_factory=list)
    actor_docs: list[int] = field(default_factory=list)


def _is_frame(data: object) -> bool:
    # Test by duck type so importing geomap.maps never imports geopandas.
    return hasattr(data, "geometry") and hasattr(data, "itertuples") and hasattr(data, "columns")


def _collect(data: object) -> _Data:
    if isinstance(data, Extraction):
        return _from_extractions([data])
    if _is_frame(data):
        return _from_frame(data)
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise InputError(
            f"cannot map {type(data).__name__!r}: pass an Extraction, an iterable of "
            "Extractions or a GeoDataFrame of incidents"
        )
    items = list(data)
    bad = [type(x).__name__ for x in items if not isinstance(x, Extraction)]
    if bad:
        raise InputError(f"cannot map items of type {bad[0]!r}: expected Extraction objects")
    return _from_extractions(items)


def _describe_incident(incident: Incident) -> str:
    when = incident.date.isoformat() if incident.date else "undated"
    where = incident.location_text or "no location"
    return f"{incident.event_type or 'incident'} ({when}; {where})"


def _from_extractions(extractions: Sequence[Extraction]) -> _Data:
    out = _Data(extractions=list(extractions))
    for doc, ext in enumerate(extractions):
        for incident in ext.incidents:
            if incident.source is None and ext.source:
                # The popup always names a source; the document's is the best one left.
                incident = dataclasses.replace(incident, source=ext.source)
            if incident.place is None:
                out.unplaced_incidents.append(_describe_incident(incident))
            else:
                out.incidents.append(incident)
                out.incident_docs.append(doc)
        for mention in ext.mentions:
            if mention.place is None:
                out.unplaced_mentions.append(mention.text)
            else:
                out.mentions.append(mention)
        out.actors.extend(ext.actors)
        out.actor_docs.extend(doc for _ in ext.actors)
    return out


def _cell(row: dict[str, Any], name: str) -> Any:
    value = row.get(name)
    if value is None:
        return None
    try:
        if value != value:  # NaN and NaT are not equal to themselves
            return None
    except (TypeError, ValueError):
        pass
    return value


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _from_frame(frame: Any) -> _Data:
    """Rows of an incident GeoDataFrame (geomap's export columns) as Incidents."""
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    out = _Data()
    columns = [c for c in frame.columns if c != frame.geometry.name]
    for i, (geom, values) in enumerate(
        zip(frame.geometry, frame[columns].to_dict("records"), strict=True)
    ):
        incident = _incident_from_row(i, geom, values)
        if incident.place is None:
            out.unplaced_incidents.append(_describe_incident(incident))
        else:
            out.incidents.append(incident)
    return out


def _incident_from_row(i: int, geom: BaseGeometry | None, row: dict[str, Any]) -> Incident:
    location = _cell(row, "location")
    place = None
    if geom is not None and not geom.is_empty:
        point = geom if geom.geom_type == "Point" else geom.representative_point()
        place = Place(
            id=f"row:{i}",
            name=str(location) if location is not None else f"row {i}",
            kind=Kind.CUSTOM if geom.geom_type == "Point" else Kind.REGION,
            latitude=float(shapely.get_y(point)),
            longitude=float(shapely.get_x(point)),
            area=None if geom.geom_type == "Point" else geom,
        )
    notes = _cell(row, "notes")
    evidence: tuple[Evidence, ...] = ()
    if notes:
        evidence = (Evidence(0, len(str(notes)), str(notes)),)
    date = _as_date(_cell(row, "event_date"))
    return Incident(
        event_type=str(_cell(row, "event_type") or ""),
        sub_event_type=str(_cell(row, "sub_event_type") or ""),
        date=date,
        date_precision=_cell(row, "date_precision") or ("day" if date else None),
        place=place,
        geo_precision=_as_int(_cell(row, "geo_precision")),
        location_text=str(location) if location is not None else None,
        actor1=_cell(row, "actor1"),
        actor2=_cell(row, "actor2"),
        fatalities=_as_int(_cell(row, "fatalities")),
        injured=_as_int(_cell(row, "injured")),
        evidence=evidence,
        source=_cell(row, "source"),
    )
