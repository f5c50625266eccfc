"""Payloads for the page runtime: incidents, places, actors and areas as compact JSON."""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..models import Actor, Incident, Mention, Place

if TYPE_CHECKING:
    pass

from .inputs import _Data
from .symbology import (
    _OTHER,
    _STYLES,
    AREA_KINDS,
    PRECISION_RADIUS_M,
    _style_index,
    incident_precision,
    marker_size,
    mention_precision,
)

# ---------------------------------------------------------------------------
# Payload helpers


class _Strings:
    """Escaped, de-duplicated strings; records refer to them by index.

    Actor names, sources and places repeat across thousands of incidents, so
    an index keeps a large page small (the README's figures).
    """

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, value: object) -> int:
        if value is None:
            return -1
        text = str(value).strip()
        if not text:
            return -1
        index = self._index.get(text)
        if index is None:
            index = self._index[text] = len(self.items)
            self.items.append(html.escape(text, quote=True))
        return index


def _script_json(value: object) -> str:
    """JSON that cannot end or confuse the <script> block it is embedded in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _round_geometry(geom: BaseGeometry, digits: int) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.round(xy, digits))


def _geojson(geom: BaseGeometry, *, digits: int = 5, detail: float = 800.0) -> Any:
    """A compact GeoJSON geometry: simplified relative to its own size."""
    minx, miny, maxx, maxy = geom.bounds
    tolerance = max(maxx - minx, maxy - miny) / detail
    if tolerance > 0:
        geom = geom.simplify(tolerance, preserve_topology=True)
    return json.loads(shapely.to_geojson(_round_geometry(geom, digits)))


def _circle_bounds(lat: float, lon: float, radius_m: float) -> BaseGeometry:
    dlat = radius_m / 111_320
    dlon = dlat / max(0.05, math.cos(math.radians(lat)))
    return box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def _date_label(incident: Incident) -> str | None:
    if incident.date is None:
        return None
    day = incident.date
    match incident.date_precision:
        case "month":
            return day.strftime("%B %Y")
        case "year":
            return str(day.year)
        case "week":
            return f"week of {day.isoformat()}"
        case _:
            return day.isoformat()


@dataclass
class _Layers:
    """Payloads for the runtime, plus what the legend and bounds need."""

    incidents: dict[str, Any]
    actors: dict[str, Any]
    places: dict[str, Any]
    areas: dict[str, Any]
    dates: list[str]
    undated: int
    styles_used: set[int]
    extent: list[BaseGeometry]
    point_count: int
    focus: list[BaseGeometry] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)


def _incident_record(incident: Incident, strings: _Strings, date_index: int) -> list[Any]:
    style = _style_index(incident.event_type)
    sub = incident.sub_event_type or None
    if style == _OTHER and incident.event_type:
        # Unknown types share one symbol; the popup still says what it was.
        sub = " / ".join(x for x in (incident.event_type, sub) if x)
    return [
        style,
        marker_size(incident.fatalities),
        date_index,
        strings.add(sub),
        strings.add(_date_label(incident)),
        strings.add(incident.actor1),
        strings.add(incident.actor2),
        incident.fatalities if incident.fatalities is not None else -1,
        strings.add(incident.location_text or (incident.place.name if incident.place else None)),
        incident_precision(incident),
        strings.add(incident.notes or None),
        strings.add(incident.source),
        incident.injured if incident.injured is not None else -1,
    ]


def _incident_layers(
    incidents: list[Incident], strings: _Strings
) -> tuple[dict[str, Any], dict[str, Any]]:
    dates = sorted({i.date.isoformat() for i in incidents if i.date})
    date_index = {d: n for n, d in enumerate(dates)}
    records, points = [], []
    groups: dict[tuple[str, int], dict[str, Any]] = {}
    for k, incident in enumerate(incidents):
        place = incident.place
        assert place is not None
        when = date_index[incident.date.isoformat()] if incident.date else -1
        records.append(_incident_record(incident, strings, when))
        precision = incident_precision(incident)
        if precision == 1:
            points.append([round(place.latitude, 5), round(place.longitude, 5), k])
            continue
        # Imprecise incidents at one place share one outline, whose popup
        # lists them all; drawing one polygon per incident would stack
        # identical shapes so that only the top one could be clicked.
        key = (place.id, 0 if place.area is not None else precision)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"n": html.escape(place.name), "i": [], "_place": place}
            if place.area is not None:
                group["g"] = _geojson(place.area)
            else:
                radius = PRECISION_RADIUS_M[precision]
                group["c"] = [round(place.latitude, 5), round(place.longitude, 5), radius]
        group["i"].append(k)
    areas = [{k: v for k, v in g.items() if not k.startswith("_")} for g in groups.values()]
    types = [{"label": html.escape(s.label), "colour": s.colour, "shape": s.shape} for s in _STYLES]
    payload = {"t": types, "i": records, "p": points, "a": areas, "dates": dates}
    return payload, {"groups": list(groups.values())}


def _place_layers(mentions: list[Mention], strings: _Strings) -> dict[str, Any]:
    by_place: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        assert mention.place is not None
        by_place[mention.place.id].append(mention)
    rows = []
    for group in by_place.values():
        place = group[0].place
        assert place is not None
        precision = min(mention_precision(m) for m in group)
        if precision > 1 and place.area is not None and place.kind in AREA_KINDS:
            continue  # drawn as its outline in the Areas layer, not as a dot
        radius = 0 if precision == 1 else PRECISION_RADIUS_M[precision]
        texts = ", ".join(dict.fromkeys(f"“{m.text}”" for m in group))
        rows.append(
            [
                round(place.latitude, 5),
                round(place.longitude, 5),
                strings.add(place.name),
                strings.add(place.kind),
                precision,
                len(group),
                strings.add(texts),
                radius,
            ]
        )
    return {"p": rows}


def _area_places(data: _Data) -> list[tuple[Place, BaseGeometry, int, int]]:
    """Region-like places with a polygon that were mentioned or host incidents.

    Each as (place, polygon, mentions, approximate incidents located to it).
    """
    mentioned: Counter[str] = Counter()
    hosted: Counter[str] = Counter()
    places: dict[str, Place] = {}
    for mention in data.mentions:
        if mention.place is not None:
            mentioned[mention.place.id] += 1
            places.setdefault(mention.place.id, mention.place)
    for incident in data.incidents:
        # Only approximate incidents count: a precise one is its own marker.
        if incident.place is not None and incident_precision(incident) > 1:
            hosted[incident.place.id] += 1
            places.setdefault(incident.place.id, incident.place)
    return [
        (place, place.area, mentioned[pid], hosted[pid])
        for pid, place in places.items()
        if place.area is not None and place.kind in AREA_KINDS
    ]


def incident_names_actor(
    incident: Incident, actor: Actor, same_document: bool, text: str | None = None
) -> bool:
    """Whether an incident names an actor.

    It does when its actor1/actor2 is the actor's name, when one of the
    actor's mentions in the text lies inside the incident's evidence (same
    document only: spans are offsets into it), when its evidence holds the
    actor's name, or when it names the actor's role and affiliation ("the
    Iraqi prime minister" for a Prime Minister affiliated to Iraq).
    ``text``: the incident's evidence, casefolded, if already at hand.
    """
    name = actor.name.casefold().strip()
    if any(x and x.casefold().strip() == name for x in (incident.actor1, incident.actor2)):
        return True
    if same_document and actor.spans and incident.evidence:
        for e in incident.evidence:
            if any(e.start <= start and end <= e.end for start, end in actor.spans):
                return True
    if text is None:
        text = incident.notes.casefold()
    if not text:
        return False
    if len(name) > 3 and name in text and re.search(rf"\b{re.escape(name)}\b", text):
        return True
    role, affiliation = (actor.role or "").casefold(), (actor.affiliation or "").casefold()
    return bool(role and affiliation and role in text and affiliation in text)


class _LinkIndex:
    """incident_names_actor for one actor against all incidents, fast.

    Checking every pair is too slow for a map of thousands of incidents.
    Exact names are looked up, evidence spans compared only within one
    document, and only incidents whose text holds the name or role are
    tested fully.
    """

    def __init__(self, incidents: list[Incident], docs: list[int] | None) -> None:
        self.incidents = incidents
        self.texts = [i.notes.casefold() for i in incidents]
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_doc: dict[int, list[int]] = defaultdict(list)
        for k, incident in enumerate(incidents):
            for name in {incident.actor1, incident.actor2}:
                if name:
                    self.by_name[name.casefold().strip()].append(k)
            if docs:
                self.by_doc[docs[k]].append(k)
        self.docs = docs

    def naming(self, actor: Actor, doc: int | None) -> set[int]:
        name = actor.name.casefold().strip()
        found = set(self.by_name.get(name, ()))
        if doc is not None and actor.spans:
            found.update(
                k
                for k in self.by_doc.get(doc, ())
                if incident_names_actor(self.incidents[k], actor, True, self.texts[k])
            )
        role = (actor.role or "").casefold()
        needle = name if len(name) > 3 else None
        for k, text in enumerate(self.texts):
            if k in found or not text:
                continue
            hinted = (needle and needle in text) or (role and role in text)
            if hinted and incident_names_actor(self.incidents[k], actor, False, text):
                found.add(k)
        return found


def _actor_layers(
    actors: list[Actor],
    incidents: list[Incident],
    strings: _Strings,
    link: bool,
    actor_docs: list[int] | None = None,
    incident_docs: list[int] | None = None,
) -> dict[str, Any]:
    """Located actors, and with ``link`` a line from each incident to the actors it names.

    A link is [actor row, incident [lat, lon], incident index].
    """
    seen: dict[tuple[str, str], int] = {}
    rows: list[list[Any]] = []
    lines: set[tuple[int, int]] = set()
    index: _LinkIndex | None = None
    for n, actor in enumerate(actors):
        place = actor.place
        if place is None:
            continue
        row = seen.get((actor.name, place.id))
        if row is None:
            row = seen[(actor.name, place.id)] = len(rows)
            rows.append(
                [
                    round(place.latitude, 5),
                    round(place.longitude, 5),
                    strings.add(actor.name),
                    strings.add(actor.kind),
                    strings.add(actor.role),
                    strings.add(actor.affiliation),
                    strings.add(actor.location_note),
                    strings.add(place.name),
                ]
            )
        if not link:
            continue
        if index is None:
            index = _LinkIndex(incidents, incident_docs)
        doc = actor_docs[n] if actor_docs else None
        lines.update((row, k) for k in index.naming(actor, doc))
    links = []
    for row, k in sorted(lines):
        target = incidents[k].place
        assert target is not None
        links.append([row, [round(target.latitude, 5), round(target.longitude, 5)], k])
    return {"a": rows, "l": links}
