"""Incident maps that draw with no network: interactive HTML, fragments, images.

:func:`incident_map` turns extractions (or an incident GeoDataFrame) into a
``folium.Map`` whose page carries Leaflet, its images and geomap's small
runtime inline (see :mod:`geomap.assets`), so a file written by
:func:`save_html` opens fully on an air-gapped laptop. Tiles are used only when
asked for; the default background is a vector basemap of country and admin-1
polygons from the bundled gazetteer.

Data is embedded once as JSON and turned into Leaflet layers by the runtime
rather than as thousands of folium objects: a folium ``Marker`` per incident
costs about 1 ms and 1 KB, and its ``Popup`` would need jQuery and embeds
text inside a JS template literal. Every string that comes from the data is
``html.escape``-d in Python and the JSON is made safe for a ``<script>`` block.

Precision is drawn honestly: an incident or mention located only to an area
(ACLED geo precision 2 or 3) appears as that area's outline, or as a dashed
circle of 10 km / 50 km when no polygon is known, never as a pin.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import html
import io
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import shapely
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from . import assets
from .errors import GazetteerMissingError, GeomapError, InputError, OutputError
from .models import Actor, Evidence, Extraction, Incident, Kind, Mention, Place
from .resources import bundled_dir
from .scale.files import atomic_write

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "EVENT_STYLES",
    "LINKS_ALWAYS_SHOWN",
    "OTHER_STYLE",
    "PRECISION_RADIUS_M",
    "EventStyle",
    "OfflineMap",
    "chromium_flags",
    "external_references",
    "find_chromium",
    "incident_map",
    "incident_precision",
    "marker_size",
    "mention_precision",
    "report_html",
    "save_html",
    "static_map",
    "to_fragment",
    "to_iframe",
    "to_png",
]


# ---------------------------------------------------------------------------
# Symbology


@dataclass(frozen=True, slots=True)
class EventStyle:
    """How one ACLED event type is drawn: colour, shape and matplotlib marker."""

    label: str
    colour: str
    shape: str
    mpl_marker: str


# Okabe-Ito colours (distinguishable with colour-blindness) and a different
# shape per type, so colour is never the only cue.
EVENT_STYLES: tuple[EventStyle, ...] = (
    EventStyle("Battles", "#D55E00", "circle", "o"),
    EventStyle("Explosions/Remote violence", "#E69F00", "star", "*"),
    EventStyle("Violence against civilians", "#CC79A7", "triangle", "^"),
    EventStyle("Protests", "#0072B2", "square", "s"),
    EventStyle("Riots", "#009E73", "diamond", "D"),
    EventStyle("Strategic developments", "#56B4E9", "plus", "P"),
)
OTHER_STYLE = EventStyle("Other", "#777777", "hexagon", "h")
_STYLES = (*EVENT_STYLES, OTHER_STYLE)
_OTHER = len(EVENT_STYLES)
_TYPE_PREFIXES = (
    ("battle", 0),
    ("explosion", 1),
    ("remoteviolence", 1),
    ("violenceagainstcivilian", 2),
    ("protest", 3),
    ("riot", 4),
    ("strategic", 5),
)
ACTOR_COLOUR = "#243447"
AREA_KINDS = frozenset({Kind.REGION, Kind.ADMIN1, Kind.ADMIN2, Kind.DISTRICT, Kind.COUNTRY})
# Radius of the dashed circle drawn for an approximate place with no polygon.
PRECISION_RADIUS_M = {2: 10_000, 3: 50_000}
_PAGE_CSS = "geomap_page_css"
# Above this many actor-incident links, a line is drawn only while its
# actor's popup is open; thousands of lines at once hide the data.
LINKS_ALWAYS_SHOWN = 300


def _style_index(event_type: str | None) -> int:
    key = re.sub(r"[^a-z]", "", (event_type or "").lower())
    for prefix, index in _TYPE_PREFIXES:
        if key.startswith(prefix):
            return index
    return _OTHER


def marker_size(fatalities: int | None) -> int:
    """Marker size in pixels: area grows with fatalities, capped for legibility."""
    deaths = max(0, fatalities or 0)
    return 14 + min(22, round(5 * math.sqrt(deaths)))


def incident_precision(incident: Incident) -> int:
    """ACLED geo precision of an incident: its own if coded, else its place's."""
    if incident.geo_precision in (1, 2, 3):
        return int(incident.geo_precision)
    return incident.place.precision if incident.place else 3


def mention_precision(mention: Mention) -> int:
    if mention.precision in (1, 2, 3):
        return int(mention.precision)
    return mention.place.precision if mention.place else 3


# ---------------------------------------------------------------------------
# Input normalisation


@dataclass
class _Data:
    """Everything a map draws, flattened out of one or more extractions."""

    incidents: list[Incident] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    unplaced_incidents: list[str] = field(default_factory=list)
    unplaced_mentions: list[str] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)


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
    for ext in extractions:
        for incident in ext.incidents:
            if incident.source is None and ext.source:
                # The popup always names a source; the document's is the best one left.
                incident = dataclasses.replace(incident, source=ext.source)
            if incident.place is None:
                out.unplaced_incidents.append(_describe_incident(incident))
            else:
                out.incidents.append(incident)
        for mention in ext.mentions:
            if mention.place is None:
                out.unplaced_mentions.append(mention.text)
            else:
                out.mentions.append(mention)
        out.actors.extend(ext.actors)
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


# ---------------------------------------------------------------------------
# Payload helpers


class _Strings:
    """Escaped, de-duplicated strings; records refer to them by index.

    Actor names, sources and places repeat across thousands of incidents, so
    an index keeps a 10,000-incident page well under 5 MB.
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

    Each as (place, polygon, mentions, incidents).
    """
    mentioned: Counter[str] = Counter()
    hosted: Counter[str] = Counter()
    places: dict[str, Place] = {}
    for mention in data.mentions:
        if mention.place is not None:
            mentioned[mention.place.id] += 1
            places.setdefault(mention.place.id, mention.place)
    for incident in data.incidents:
        if incident.place is not None:
            hosted[incident.place.id] += 1
            places.setdefault(incident.place.id, incident.place)
    return [
        (place, place.area, mentioned[pid], hosted[pid])
        for pid, place in places.items()
        if place.area is not None and place.kind in AREA_KINDS
    ]


def _actor_layers(
    actors: list[Actor], incidents: list[Incident], strings: _Strings, link: bool
) -> dict[str, Any]:
    seen: set[tuple[str, str]] = set()
    rows, lines = [], []
    by_name: dict[str, list[int]] = defaultdict(list)
    if link:
        for k, incident in enumerate(incidents):
            for name in {incident.actor1, incident.actor2}:
                if name:
                    by_name[name.casefold().strip()].append(k)
    for actor in actors:
        place = actor.place
        if place is None or (actor.name, place.id) in seen:
            continue
        seen.add((actor.name, place.id))
        here = [round(place.latitude, 5), round(place.longitude, 5)]
        rows.append(
            [
                *here,
                strings.add(actor.name),
                strings.add(actor.kind),
                strings.add(actor.role),
                strings.add(actor.affiliation),
                strings.add(actor.location_note),
                strings.add(place.name),
            ]
        )
        for k in by_name.get(actor.name.casefold().strip(), []):
            target = incidents[k].place
            assert target is not None
            lines.append(
                [len(rows) - 1, [round(target.latitude, 5), round(target.longitude, 5)], k]
            )
    return {"a": rows, "l": lines}


# ---------------------------------------------------------------------------
# Basemap from the gazetteer's boundary files

_BOUNDARY_FILES = {"countries": "countries.geojson.gz", "admin1": "admin1.geojson.gz"}


def _boundary_folder(basemap: bool | str | os.PathLike[str]) -> Path | None:
    if basemap is False:
        return None
    if basemap is True:
        try:
            return bundled_dir("data")
        except GazetteerMissingError:
            return None
    return Path(basemap)


@functools.lru_cache(maxsize=8)
def _read_boundaries(path: str, mtime_ns: int) -> geopandas.GeoSeries:
    # mtime_ns is part of the cache key so a rebuilt file is read again.
    del mtime_ns
    import pyogrio

    frame = pyogrio.read_dataframe(f"/vsigzip/{path}", columns=[])
    geoms = frame.geometry
    return geoms[~(geoms.isna() | geoms.is_empty)].reset_index(drop=True)


def _boundaries(folder: Path | None, name: str) -> geopandas.GeoSeries | None:
    if folder is None:
        return None
    path = folder / _BOUNDARY_FILES[name]
    try:
        return _read_boundaries(str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    except Exception as error:  # a corrupt or half-written file must not stop a map
        warnings.warn(f"basemap file {path} could not be read: {error}", stacklevel=3)
        return None


@functools.lru_cache(maxsize=4)
def _world_outline(path: str, mtime_ns: int) -> np.ndarray[Any, Any]:
    """All countries, coarse (aligned with the file's rows): context far from the data.

    At 0.25 degree tolerance, one decimal and without islands under 0.3 square
    degrees the world costs ~100 KB, a fifth of a plain simplification.
    """
    geoms = np.asarray(_read_boundaries(path, mtime_ns).values)
    coarse = shapely.simplify(geoms, 0.25, preserve_topology=True)
    parts, owners = shapely.get_parts(coarse, return_index=True)
    keep = shapely.area(parts) >= 0.3
    rounded = shapely.transform(parts[keep], lambda xy: np.round(xy, 1))
    out = np.full(len(geoms), None, dtype=object)
    for owner in np.unique(owners[keep]):
        out[owner] = shapely.multipolygons(rounded[owners[keep] == owner])
    return out


def _feature_collection(geoms: Iterable[BaseGeometry]) -> dict[str, Any] | None:
    features = [
        {"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(g))}
        for g in geoms
        if g is not None and not g.is_empty
    ]
    return {"type": "FeatureCollection", "features": features} if features else None


def _clip_box(extent: BaseGeometry | None) -> BaseGeometry | None:
    if extent is None or extent.is_empty:
        return None
    minx, miny, maxx, maxy = extent.bounds
    pad = max(2.0, 0.5 * max(maxx - minx, maxy - miny))
    return box(
        max(-180.0, minx - pad),
        max(-90.0, miny - pad),
        min(180.0, maxx + pad),
        min(90.0, maxy + pad),
    )


def _basemap_geoms(
    folder: Path | None, extent: BaseGeometry | None
) -> dict[str, list[BaseGeometry]]:
    """Countries and admin-1 near the data in detail, the rest of the world coarse.

    Polygons are chosen whole rather than clipped to a box: a clipped polygon's
    outline would draw the box's edge as if it were a border.
    """
    out: dict[str, list[BaseGeometry]] = {}
    countries = _boundaries(folder, "countries")
    if countries is None or folder is None:
        return out
    path = folder / _BOUNDARY_FILES["countries"]
    world = _world_outline(str(path), path.stat().st_mtime_ns)
    near_box = _clip_box(extent)
    if near_box is None:
        out["world"] = [g for g in world if g is not None and not g.is_empty]
        return out
    minx, miny, maxx, maxy = near_box.bounds
    detail = max(0.003, max(maxx - minx, maxy - miny) / 1500)
    near = np.asarray(countries.intersects(near_box))
    out["world"] = [g for g in world[~near] if g is not None and not g.is_empty]
    out["countries"] = _detailed(countries[near], detail)
    admin1 = _boundaries(folder, "admin1")
    if admin1 is not None:
        out["admin1"] = _detailed(admin1[admin1.intersects(near_box)], detail)
    return out


def _detailed(series: geopandas.GeoSeries, tolerance: float) -> list[BaseGeometry]:
    simple = shapely.simplify(np.asarray(series.values), tolerance, preserve_topology=True)
    rounded = shapely.transform(simple, lambda xy: np.round(xy, 4))
    return [g for g in rounded if g is not None and not g.is_empty]


def _basemap_payload(geoms: dict[str, list[BaseGeometry]], fill: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {"fill": fill}
    for name, items in geoms.items():
        payload[name] = _feature_collection(items)
    return payload


# ---------------------------------------------------------------------------
# Folium elements


def _css_size(value: int | float | str, what: str) -> str:
    """A CSS length from a number (pixels) or a checked string."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}px"
    text = str(value).strip()
    if not re.fullmatch(r"\d+(\.\d+)?(px|%|em|rem|vh|vw)?", text):
        raise InputError(f"invalid {what} {value!r}: use pixels (500) or a CSS length ('80%')")
    return text if not text[-1].isdigit() else text + "px"


def _map_of(element: Element) -> folium.Map:
    node: Element | None = element
    while node is not None and not isinstance(node, folium.Map):
        node = node._parent
    if node is None:
        raise GeomapError(f"{element.get_name()} must be added to a map before rendering")
    return node


def _figure_of(element: Element) -> Figure:
    root = element.get_root()
    if not isinstance(root, Figure):
        raise GeomapError("a map must be inside a branca Figure to be rendered")
    return root


def _require(figure: Figure, asset: assets.Asset, key: str) -> None:
    """Put an asset inline in the page header once (named, so idempotent)."""
    css_name, js_name = f"geomap_{key}_css", f"geomap_{key}_js"
    if css_name not in figure.header._children:
        figure.header.add_child(_Verbatim(assets.style_tag(asset.css)), name=css_name)
    if js_name not in figure.header._children:
        figure.header.add_child(_Verbatim(assets.script_tag(asset.js)), name=js_name)


class _Verbatim(Element):
    """Markup that is already rendered, added to the page as it is.

    branca's ``Element(text)`` compiles ``text`` as a Jinja template when the
    page renders, so text from an article holding ``{{ ... }}`` would run as
    template code (and so as Python). Nothing geomap adds to a page goes that
    way: everything is rendered once, then kept verbatim.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._verbatim = text

    def render(self, **kwargs: Any) -> str:
        return self._verbatim


class _SafeMacro(MacroElement):
    """A MacroElement whose rendered macros are added verbatim (see _Verbatim)."""

    # branca annotates Element.render as returning str; MacroElement's returns None.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = _figure_of(self)
        module = self._template.module.__dict__
        for part, target in (
            ("header", figure.header),
            ("html", figure.html),
            ("script", figure.script),
        ):
            macro = module.get(part)
            if macro is not None:
                target.add_child(_Verbatim(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _RuntimeLayer(_SafeMacro):
    """Data for one FeatureGroup, turned into Leaflet layers by the runtime."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geomap.{{ this.function }}({{ this.map_name() }}, {{ this._parent.get_name() }},
                {{ this.payload }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, payload: dict[str, Any], **options: Any) -> None:
        super().__init__()
        self._name = "GeomapLayer"
        self.function = function
        self.payload = _script_json(payload)
        self.options = options

    def map_name(self) -> str:
        return _map_of(self).get_name()

    # branca annotates Element.render as returning str; MacroElement's returns None.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        if self.options.get("cluster"):
            _require(_figure_of(self), assets.markercluster(), "markercluster")
        super().render(**kwargs)


class _Control(_SafeMacro):
    """A box of HTML written into the page, moved into a Leaflet control."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div id="{{ this.get_name() }}" class="geomap-box {{ this.css_class }}"
                {%- if this.label %} role="region" aria-label="{{ this.label }}"{% endif %}>
                {{- this.body -}}
            </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.control({{ this._parent.get_name() }}, {{ this.get_name()|tojson }},
                {{ this.position|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, body: str, css_class: str, position: str, label: str = "") -> None:
        super().__init__()
        self._name = "GeomapControl"
        self.body = body
        self.css_class = css_class
        self.position = position
        self.label = html.escape(label)


class Legend(_Control):
    """The categorical legend: event types by colour and shape, sizes, layers.

    folium has only colour-ramp legends (folium issue #528), so this is a
    branca MacroElement whose HTML becomes a Leaflet control.
    """

    def __init__(self, body: str, position: str = "bottomright") -> None:
        super().__init__(body, "geomap-legend", position, label="Map legend")
        self._name = "Legend"


class _DateFilter(_SafeMacro):
    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div id="{{ this.get_name() }}" class="geomap-box geomap-datefilter"
                role="group" aria-label="Filter incidents by date">
                <details open data-fold-below="460">
                <summary>Dates: <span class="geomap-range" aria-live="polite"></span></summary>
                <label>From <input type="range" class="geomap-from" min="0"
                    max="{{ this.dates|length - 1 }}" value="0" step="1"></label>
                <label>To <input type="range" class="geomap-to" min="0"
                    max="{{ this.dates|length - 1 }}" value="{{ this.dates|length - 1 }}"
                    step="1"></label>
                {%- if this.undated %}
                <label><input type="checkbox" class="geomap-undated" checked>
                    undated ({{ this.undated }})</label>
                {%- endif %}
                <button type="button" class="geomap-reset">Show all dates</button>
                </details>
            </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.dateFilter({{ this._parent.get_name() }}, {{ this.get_name()|tojson }},
                {{ this.dates|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, dates: list[str], undated: int) -> None:
        super().__init__()
        self._name = "DateFilter"
        self.dates = dates
        self.undated = undated


class _Title(_SafeMacro):
    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div id="{{ this.get_name() }}" class="geomap-box geomap-title">{{ this.text }}</div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.title({{ this._parent.get_name() }}, {{ this.get_name()|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Title"
        self.text = html.escape(text)


# URLs of CDN assets folium elements ask for that geomap can serve inline.
_INLINE_LINKS = (
    ("leaflet.markercluster", "markercluster"),
    ("MarkerCluster", "markercluster"),
    ("/leaflet.js", "leaflet"),
    ("/leaflet.css", "leaflet"),
)


class OfflineMap(folium.Map):
    """A ``folium.Map`` whose page needs no network.

    Leaflet and geomap's runtime are inlined into the page header instead of
    folium's CDN links (jQuery, Bootstrap and Font Awesome are not loaded at
    all). Use it like any folium map; ``geomap_layers`` holds the named
    FeatureGroups that :func:`incident_map` filled. Elements that need other
    CDN files (e.g. ``folium.Icon``'s awesome-markers) still load them, and
    :func:`save_html` warns about each such URL.
    """

    def __init__(self, *, title: str | None = None, offline: bool = True, **kwargs: Any) -> None:
        # With tiles=None folium drops max_zoom, and MarkerCluster then throws
        # "Map has no maxZoom specified"; set it in the Leaflet options.
        kwargs.setdefault("maxZoom", 18)
        super().__init__(tiles=None, **kwargs)
        # Instance lists: folium's add_js_link mutates them in place.
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []
        self.geomap_title = title
        self.offline_background = offline
        self.geomap_layers: dict[str, folium.FeatureGroup] = {}

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = _figure_of(self)
        _require(figure, assets.leaflet(), "leaflet")
        _require(figure, assets.runtime(), "runtime")
        page_css = "html, body { width: 100%; height: 100%; margin: 0; padding: 0; }"
        figure.header.add_child(_Verbatim(assets.style_tag(page_css)), name=_PAGE_CSS)
        if self.geomap_title:
            figure.title = html.escape(self.geomap_title)
        self._controls_last()
        self._link_online_only_assets(figure)
        super().render(**kwargs)
        figure.header.add_child(_Verbatim(self._scoped_header()), name=self.get_name())
        _inline_known_links(figure)

    def _controls_last(self) -> None:
        # folium's LayerControl lists the layers that exist when it renders,
        # so a layer a user adds after incident_map() returns would be left
        # out (or referenced before it exists). Render controls last.
        late = [
            (name, child)
            for name, child in self._children.items()
            if isinstance(child, (folium.LayerControl, _DateFilter))
        ]
        for name, child in late:
            del self._children[name]
            self._children[name] = child

    def _link_online_only_assets(self, figure: Figure) -> None:
        """Link the CDN files folium.Icon needs, as folium's own map would.

        Those (awesome-markers, Font Awesome, Bootstrap glyphs) cannot be
        inlined from any package here. Linking them keeps such a map working
        online, and save_html's check for remote resources then warns that it
        will not draw offline, instead of the page silently breaking.
        """
        if not any(isinstance(e, folium.Icon) for e in _descendants(self)):
            return
        for name, url in (*folium.Map.default_js, *folium.Map.default_css):
            if "awesome" in name or name in ("glyphicons_css", "fontawesome", "bootstrap_css"):
                link = JavascriptLink(url) if url.endswith(".js") else CssLink(url)
                figure.header.add_child(link, name=name)

    def _scoped_header(self) -> str:
        """folium's map header minus its page-wide html/body/#map rules.

        Those rules would restyle a host page that embeds a fragment; the
        full-page rule is added separately (and left out of fragments).
        """
        name = self.get_name()
        size = "".join(
            f"{prop}: {value[0]}{value[1]}; "
            for prop, value in (
                ("width", self.width),
                ("height", self.height),
                ("left", self.left),
                ("top", self.top),
            )
        )
        css = f"#{name} {{ position: {self.position}; {size}}}\n"
        css += f"#{name}.leaflet-container {{ font-size: {self.font_size}; }}\n"
        if self.offline_background:
            css += f"#{name}.leaflet-container {{ background: #d4e4ee; }}\n"
        return assets.style_tag(css)


def _descendants(element: Element) -> Iterator[Element]:
    for child in list(element._children.values()):
        yield child
        yield from _descendants(child)


def _inline_known_links(figure: Figure) -> None:
    """Swap CDN links that folium elements added for the inline copies."""
    for name, child in list(figure.header._children.items()):
        if not isinstance(child, (JavascriptLink, CssLink)):
            continue
        url = str(child.url)
        for needle, key in _INLINE_LINKS:
            if needle in url:
                asset = assets.leaflet() if key == "leaflet" else assets.markercluster()
                _require(figure, asset, key)
                figure.header._children[name] = _Verbatim("")
                break


# ---------------------------------------------------------------------------
# Legend and info box HTML


def _legend_html(layers: _Layers) -> str:
    items = [s for i, s in enumerate(_STYLES) if i < _OTHER or i in layers.styles_used]
    rows = "".join(
        f"<li>{assets.symbol_svg(s.shape, s.colour, 16)}<span>{html.escape(s.label)}</span></li>"
        for s in items
    )
    sizes = "".join(
        f'<span title="{n} fatalities">{assets.symbol_svg("circle", "#bbbbbb", marker_size(n))}'
        f"</span>"
        for n in (0, 5, 25)
    )
    extra = [
        '<li><span class="geomap-swatch-area"></span>'
        "<span>Located only to an area (precision 2–3)</span></li>",
        f"<li>{assets.symbol_svg('pentagon', ACTOR_COLOUR, 16)}<span>Actor</span></li>",
        f"<li>{assets.symbol_svg('dot', '#333333', 16, stroke='#ffffff')}"
        "<span>Mentioned place</span></li>",
        '<li><span class="geomap-swatch-region"></span><span>Mentioned region / area</span></li>',
    ]
    return (
        '<details open data-fold-below="520"><summary>Legend</summary>'
        "<h4>Incidents by event type</h4>"
        f"<ul>{rows}</ul>"
        f'<div class="geomap-sizes">{sizes}<span>size: fatalities (0, 5, 25)</span></div>'
        f'<ul class="geomap-note">{"".join(extra)}</ul></details>'
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _info_html(data: _Data, layers: _Layers) -> str:
    n_mentions, n_incidents = len(data.unplaced_mentions), len(data.unplaced_incidents)
    approx = len(data.incidents) - layers.point_count
    places = len({m.place.id for m in data.mentions if m.place})
    summary = (
        f'<div class="geomap-shown">On the map: {_plural(len(data.incidents), "incident")}'
        f" ({approx} approximate), {_plural(places, 'place')}"
        f", {_plural(len(layers.actors['a']), 'actor')}.</div>"
    )
    counts = (
        f'<span class="geomap-unplaced-mentions">{_plural(n_mentions, "mention")}</span> and '
        f'<span class="geomap-unplaced-incidents">{_plural(n_incidents, "incident")}</span>'
    )
    listing = ""
    if n_mentions or n_incidents:
        entries = [f"<li>mention: {html.escape(t)}</li>" for t in data.unplaced_mentions[:100]]
        entries += [f"<li>incident: {html.escape(t)}</li>" for t in data.unplaced_incidents[:100]]
        listing = f"<details><summary>list</summary><ul>{''.join(entries)}</ul></details>"
    return (
        f'{summary}<div class="geomap-unplaced"><b>Could not be placed:</b> {counts}.'
        f"{listing}</div>"
    )


# ---------------------------------------------------------------------------
# The map


def _build_layers(data: _Data, link_actors: bool) -> _Layers:
    # One string table per layer: each layer's payload is embedded on its own.
    strings = {name: _Strings() for name in ("incidents", "places", "actors", "areas")}
    incidents, extra = _incident_layers(data.incidents, strings["incidents"])
    places = _place_layers(data.mentions, strings["places"])
    actors = _actor_layers(data.actors, data.incidents, strings["actors"], link_actors)
    area_places = _area_places(data)
    add = strings["areas"].add
    areas: dict[str, Any] = {
        "a": [
            [_geojson(area), add(place.name), add(place.kind), n_mentions, n_incidents]
            for place, area, n_mentions, n_incidents in area_places
        ]
    }
    for name, payload in (
        ("incidents", incidents),
        ("places", places),
        ("actors", actors),
        ("areas", areas),
    ):
        payload["s"] = strings[name].items
    return _Layers(
        incidents=incidents,
        actors=actors,
        places=places,
        areas=areas,
        dates=incidents["dates"],
        undated=sum(1 for i in data.incidents if i.date is None),
        styles_used={r[0] for r in incidents["i"]},
        extent=_extent(
            incidents, extra["groups"], places, actors, [a for _, a, _, _ in area_places]
        ),
        focus=_focus(incidents, extra["groups"], [a for _, a, _, _ in area_places]),
        point_count=len(incidents["p"]),
    )


def _extent(
    incidents: dict[str, Any],
    groups: list[dict[str, Any]],
    places: dict[str, Any],
    actors: dict[str, Any],
    areas: list[BaseGeometry],
) -> list[BaseGeometry]:
    """Everything drawn, as boxes and points, for framing the map and basemap."""
    extent: list[BaseGeometry] = [Point(p[1], p[0]) for p in incidents["p"]]
    for group in groups:
        if "c" in group:
            extent.append(_circle_bounds(*group["c"]))
        else:
            extent.append(box(*group["_place"].area.bounds))
    for row in places["p"]:
        extent.append(_circle_bounds(row[0], row[1], row[7]) if row[7] else Point(row[1], row[0]))
    extent.extend(Point(row[1], row[0]) for row in actors["a"])
    extent.extend(box(*area.bounds) for area in areas)
    return extent


def _focus(
    incidents: dict[str, Any], groups: list[dict[str, Any]], areas: list[BaseGeometry]
) -> list[BaseGeometry]:
    """What the map opens on: the incidents and the areas around them.

    Actors and commentators spread a map over continents (the White House,
    Paris, Tehran); an analyst opening it wants the events first, in their
    country. Everything else stays one zoom-out away.
    """
    points = [Point(p[1], p[0]) for p in incidents["p"]]
    focus: list[BaseGeometry] = list(points)
    for group in groups:
        if "c" in group:
            focus.append(_circle_bounds(*group["c"]))
        else:
            focus.append(box(*group["_place"].area.bounds))
    if not focus:
        return []
    anchor = shapely.union_all(np.asarray(focus, dtype=object))
    focus.extend(box(*a.bounds) for a in areas if a.intersects(anchor))
    return focus


def _fit(m: folium.Map, extent: list[BaseGeometry]) -> None:
    if not extent:
        m.add_child(folium.FitBounds([[-50, -160], [70, 160]]))
        return
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(extent, dtype=object))
    # max_zoom: a single point would otherwise zoom to street level, implying
    # a detail the data does not have.
    fit = folium.FitBounds([[miny, minx], [maxy, maxx]], padding=(50, 50), max_zoom=11)
    # Without animation: an animated zoom from the initial view left
    # Chromium showing a custom pane only partly redrawn (seen with 10,000
    # incidents), and a map that opens already framed is what users expect.
    fit.options["animate"] = False
    m.add_child(fit)


def _should_cluster(count: int, threshold: int | None) -> bool:
    return threshold is not None and count > threshold


def incident_map(
    data: Extraction | Iterable[Extraction] | geopandas.GeoDataFrame,
    *,
    tiles: str | folium.TileLayer | None = None,
    basemap: bool | str | os.PathLike[str] = True,
    cluster_threshold: int | None = 200,
    link_actors: bool = False,
    title: str | None = None,
) -> OfflineMap:
    """An interactive map of incidents, actors, mentioned places and areas.

    Parameters
    ----------
    data
        An Extraction, an iterable of them, or a GeoDataFrame with geomap's
        incident columns (event_type, sub_event_type, event_date, actor1,
        actor2, fatalities, geo_precision, notes, source, location, geometry).
    tiles
        Online tiles to draw under the data (e.g. ``"OpenStreetMap"``); the
        page then needs the network for its background. Default: none.
    basemap
        Draw country and admin-1 polygons from the gazetteer (True), from a
        folder holding ``countries.geojson.gz``/``admin1.geojson.gz``, or not.
    cluster_threshold
        Cluster incident markers when there are more than this many; None:
        never. Clusters show their count on a ring split by event type.
    link_actors
        Draw a line from each located actor to the incidents naming it (with
        more than LINKS_ALWAYS_SHOWN links, only while the actor's popup is open).
    title
        Shown on the map and as the page title.

    The result is a folium.Map: add layers or controls as usual, then write it
    with :func:`save_html`. ``m.geomap_layers`` holds the FeatureGroups
    "Incidents", "Actors", "Mentioned places", "Areas" (and "Basemap").
    """
    collected = _collect(data)
    layers = _build_layers(collected, link_actors)
    tile_layer = _tile_layer(tiles)
    m = OfflineMap(title=title, offline=tile_layer is None, zoom_start=2, location=[20, 0])
    if tile_layer is not None:
        tile_layer.add_to(m)

    # The basemap is detailed where the map opens (the focus) and coarse
    # elsewhere, which keeps a map with far-flung actors small.
    framed = layers.focus or layers.extent
    extent = shapely.union_all(np.asarray(framed, dtype=object)) if framed else None
    folder = _boundary_folder(basemap)
    if folder is not None:
        geoms = _basemap_geoms(folder, extent)
        if geoms:
            group = folium.FeatureGroup(
                name="Basemap", attribution="Boundaries: Natural Earth (public domain)"
            )
            group.add_child(_RuntimeLayer("basemap", _basemap_payload(geoms, tile_layer is None)))
            _add_group(m, "Basemap", group)
        elif basemap is not True:
            warnings.warn(f"no boundary files found in {folder}", stacklevel=2)

    _add_group(m, "Areas", _RuntimeLayer("areas", layers.areas))
    _add_group(m, "Mentioned places", _RuntimeLayer("places", layers.places))
    cluster = _should_cluster(layers.point_count, cluster_threshold)
    _add_group(m, "Incidents", _RuntimeLayer("incidents", layers.incidents, cluster=cluster))
    on_demand = len(layers.actors["l"]) > LINKS_ALWAYS_SHOWN
    _add_group(m, "Actors", _RuntimeLayer("actors", layers.actors, linksOnDemand=on_demand))

    m.add_child(Legend(_legend_html(layers)), name="geomap_legend")
    m.add_child(_Control(_info_html(collected, layers), "geomap-info", "bottomleft"))
    if len(layers.dates) > 1:
        m.add_child(_DateFilter(layers.dates, layers.undated), name="geomap_datefilter")
    if title:
        m.add_child(_Title(title))
    folium.LayerControl(collapsed=True).add_to(m)
    _fit(m, layers.focus or layers.extent)
    _stable_ids(m)
    return m


def _stable_ids(m: folium.Map) -> None:
    """Name every element from the map's content instead of at random.

    branca draws each element's id from os.urandom, so the same data gave a
    different file each run. Ids derived from the payloads keep the output
    byte-identical, and different maps (two fragments on one page) apart.
    """
    digest = hashlib.sha256()
    elements = [m.get_root(), m, *_descendants(m)]
    for element in elements:
        digest.update(type(element).__name__.encode())
        digest.update(str(getattr(element, "payload", "")).encode())
    seed = digest.hexdigest()
    for index, element in enumerate(elements):
        element._id = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:32]


def _tile_layer(tiles: str | folium.TileLayer | None) -> folium.TileLayer | None:
    if tiles is None or isinstance(tiles, folium.TileLayer):
        return tiles
    try:
        return folium.TileLayer(tiles, name=str(tiles))
    except ValueError as error:
        raise InputError(f"cannot use tiles {tiles!r}: {error}") from error


def _add_group(m: OfflineMap, name: str, content: MacroElement) -> None:
    group = content if isinstance(content, folium.FeatureGroup) else None
    if group is None:
        group = folium.FeatureGroup(name=name)
        group.add_child(content)
    m.add_child(group, name=f"geomap_{name.lower().replace(' ', '_')}")
    m.geomap_layers[name] = group


# ---------------------------------------------------------------------------
# Output: page, fragment, iframe


def _page(m: folium.Map) -> str:
    return str(m.get_root().render())


_EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|embed|source|audio|video)\b[^>]*?\bsrc\s*=\s*["']?(https?:)?//[^"'\s>]+"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?(https?:)?//[^"'\s>]+"""
    r"""|url\(\s*["']?(https?:)?//[^)"'\s]+"""
    r"""|@import\s+["'](https?:)?//[^"']+""",
    re.IGNORECASE,
)


def external_references(page: str) -> list[str]:
    """Remote resources a page would load to draw: script/link/img src, CSS url().

    Links a reader may click (``<a href>``) and tile URLs inside scripts are
    not counted: the first are not loaded, the second only exist when tiles
    were asked for.
    """
    return [match.group(0) for match in _EXTERNAL.finditer(page)]


def save_html(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write the map as one self-contained HTML file, atomically.

    Warns (without failing) if something added to the map references a
    remote resource the page would need in order to draw.
    """
    page = _page(m)
    remote = external_references(page)
    if remote:
        warnings.warn(
            f"the map will not draw fully offline: it loads {len(remote)} remote "
            f"resource(s), e.g. {remote[0]!r}",
            stacklevel=2,
        )
    return atomic_write(path, page.encode("utf-8", errors="replace"))


def to_fragment(
    m: folium.Map, *, width: int | float | str = "100%", height: int | float | str = 500
) -> str:
    """The map as an HTML fragment for a page you already have.

    The fragment carries its own inline assets, a sized container and its
    script. All element ids derive from folium's per-object UUIDs, and the
    inline libraries load only once per page, so several fragments coexist.
    """
    root = _figure_of(m)
    root.render()
    skip = {_PAGE_CSS, "meta_http"}
    header = "\n".join(
        child.render() for name, child in root.header._children.items() if name not in skip
    )
    body = root.html.render()
    script = root.script.render()
    style = f"position: relative; width: {_css_size(width, 'width')}; "
    style += f"height: {_css_size(height, 'height')};"
    return (
        f'<div class="geomap-fragment" style="{style}">\n{header}\n{body}\n</div>\n'
        f"{assets.script_tag(script)}\n"
    )


def to_iframe(
    m: folium.Map,
    width: int | float | str = "100%",
    height: int | float | str = 500,
    *,
    title: str = "Incident map",
) -> str:
    """The map as an ``<iframe srcdoc>`` (sandboxed: scripts, no same-origin)."""
    page = html.escape(_page(m), quote=True)
    style = f"width: {_css_size(width, 'width')}; height: {_css_size(height, 'height')}; border: 0;"
    return (
        f'<iframe srcdoc="{page}" style="{style}" title="{html.escape(title)}" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>'
    )


# ---------------------------------------------------------------------------
# Images: headless Chromium screenshot, matplotlib static map

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable: $GEOMAP_CHROMIUM, /usr/bin/chromium, or on PATH."""
    env = os.environ.get("GEOMAP_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_flags(profile: str | os.PathLike[str]) -> list[str]:
    """Headless flags: no GPU, sandbox, background traffic or first-run UI."""
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]


def to_png(
    map_or_html: folium.Map | str | os.PathLike[str],
    path: str | os.PathLike[str],
    width: int = 1200,
    height: int = 800,
    *,
    timeout: float = 120.0,
) -> Path:
    """Screenshot the offline page with headless Chromium into a PNG file."""
    chromium = find_chromium()
    if chromium is None:
        raise GeomapError(
            "Chromium was not found (looked at $GEOMAP_CHROMIUM, /usr/bin/chromium and PATH); "
            "install it (apt-get install chromium) or use geomap.maps.static_map() instead."
        )
    with tempfile.TemporaryDirectory(prefix="geomap-png-") as tmp:
        if isinstance(map_or_html, folium.Map):
            page = save_html(map_or_html, Path(tmp) / "map.html")
        else:
            page = Path(map_or_html).resolve()
            if not page.is_file():
                raise InputError(f"no HTML file at {page}")
        shot = Path(tmp) / "shot.png"
        command = [
            chromium,
            *chromium_flags(Path(tmp) / "profile"),
            "--virtual-time-budget=5000",
            f"--window-size={int(width)},{int(height)}",
            f"--screenshot={shot}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as error:
            raise OutputError(f"Chromium took more than {timeout:g} s to draw {page}") from error
        if not shot.is_file() or shot.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise OutputError(
                f"Chromium did not write a screenshot (exit {done.returncode}): {last}"
            )
        return atomic_write(path, shot.read_bytes())


def _geodesic_circle(lat: float, lon: float, radius_m: float) -> BaseGeometry:
    from pyproj import Geod

    azimuths = np.linspace(0, 360, 73)
    lons, lats, _ = Geod(ellps="WGS84").fwd(
        np.full_like(azimuths, lon),
        np.full_like(azimuths, lat),
        azimuths,
        np.full_like(azimuths, radius_m),
    )
    return shapely.Polygon(zip(lons, lats, strict=True))


def _imprecise_shapes(data: _Data) -> list[tuple[BaseGeometry, str]]:
    shapes: dict[tuple[str, int], tuple[BaseGeometry, str]] = {}
    for incident in data.incidents:
        place = incident.place
        precision = incident_precision(incident)
        if place is None or precision == 1:
            continue
        key = (place.id, 0 if place.area is not None else precision)
        if key not in shapes:
            geom = place.area
            if geom is None:
                geom = _geodesic_circle(
                    place.latitude, place.longitude, PRECISION_RADIUS_M[precision]
                )
            shapes[key] = (geom, _STYLES[_style_index(incident.event_type)].colour)
    return list(shapes.values())


def static_map(
    data: Extraction | Iterable[Extraction] | geopandas.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    basemap: bool | str | os.PathLike[str] = True,
    title: str | None = None,
    size: tuple[float, float] = (10.0, 7.0),
    dpi: int = 150,
) -> Path:
    """The same layers drawn with matplotlib to PNG or SVG (by suffix), offline.

    For reports and PDFs: basemap polygons, areas, approximate incidents as
    outlines, incidents coloured and shaped by type, actors, a legend.
    """
    import geopandas as gpd
    import matplotlib
    from matplotlib.figure import Figure as MplFigure

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise InputError(f"cannot write a static map as {target.suffix!r}: use .png or .svg")
    collected = _collect(data)
    layers = _build_layers(collected, link_actors=False)
    extent = shapely.union_all(np.asarray(layers.extent, dtype=object)) if layers.extent else None

    fig = MplFigure(figsize=size, dpi=dpi)
    ax = fig.add_subplot()
    ax.set_facecolor("#d4e4ee")
    _plot_basemap(ax, _basemap_geoms(_boundary_folder(basemap), extent))
    areas = [area for _, area, _, _ in _area_places(collected)]
    if areas:
        gpd.GeoSeries(areas).plot(
            ax=ax, facecolor="#6a4c93", alpha=0.15, edgecolor="#6a4c93", linewidth=1
        )
    for geom, colour in _imprecise_shapes(collected):
        gpd.GeoSeries([geom]).plot(
            ax=ax, facecolor=colour, alpha=0.18, edgecolor=colour, linewidth=1.5, linestyle="--"
        )
    _plot_points(ax, collected)
    _frame_axes(ax, extent)
    _plot_legend(ax, layers)
    unplaced = len(collected.unplaced_mentions), len(collected.unplaced_incidents)
    note = f"Not placed: {_plural(unplaced[0], 'mention')}, {_plural(unplaced[1], 'incident')}"
    # parse_math=False: a "$" in a title is a dollar, not TeX.
    ax.set_title((title + "\n" if title else "") + note, fontsize=9, parse_math=False)
    credit = "Boundaries: Natural Earth · Places: GeoNames (CC-BY 4.0)"
    ax.annotate(credit, (1, -0.01), xycoords="axes fraction", ha="right", va="top", fontsize=6)
    buffer = io.BytesIO()
    # No creation date in the file, and SVG ids from a fixed salt: the same
    # data gives the same bytes.
    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    with matplotlib.rc_context({"svg.hashsalt": "geomap"}):
        fig.savefig(buffer, format=fmt, bbox_inches="tight", metadata=metadata)
    return atomic_write(target, buffer.getvalue())


def _plot_basemap(ax: Any, geoms: dict[str, list[BaseGeometry]]) -> None:
    import geopandas as gpd

    for name, colour, width in (
        ("world", "#a59f94", 0.4),
        ("countries", "#8c857a", 0.8),
        ("admin1", "#c8c1b5", 0.5),
    ):
        if geoms.get(name):
            face = "none" if name == "admin1" else "#f4f1ea"
            series = gpd.GeoSeries(geoms[name])
            series.plot(ax=ax, facecolor=face, edgecolor=colour, linewidth=width)


def _plot_legend(ax: Any, layers: _Layers) -> None:
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def symbol(marker: str, colour: str, label: str) -> Line2D:
        return Line2D(
            [], [], marker=marker, linestyle="", markersize=9, markerfacecolor=colour,
            markeredgecolor="#1a1a1a", label=label,
        )  # fmt: skip

    handles: list[Artist] = [
        symbol(s.mpl_marker, s.colour, s.label)
        for i, s in enumerate(_STYLES)
        if i < _OTHER or i in layers.styles_used
    ]
    handles.append(
        Patch(
            facecolor="#77777730", edgecolor="#555", linestyle="--", label="Located only to an area"
        )
    )
    handles.append(symbol("p", ACTOR_COLOUR, "Actor"))
    handles.append(Patch(facecolor="#6a4c9326", edgecolor="#6a4c93", label="Mentioned area"))
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False,
        title="Event type", title_fontsize=8, alignment="left",
    )  # fmt: skip


def _plot_points(ax: Any, data: _Data) -> None:
    precise = [i for i in data.incidents if i.place is not None and incident_precision(i) == 1]
    # A static image cannot cluster: shrink and thin symbols as they multiply
    # so thousands of incidents read as density rather than one solid blot.
    scale = min(1.0, math.sqrt(150 / max(1, len(precise))))
    alpha = 1.0 if len(precise) <= 300 else 0.7
    by_style: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
    for incident in precise:
        if incident.place is not None:
            size = max(4.0, marker_size(incident.fatalities) ** 2 / 3 * scale)
            by_style[_style_index(incident.event_type)].append(
                (incident.place.longitude, incident.place.latitude, size)
            )
    dots = [
        (m.place.longitude, m.place.latitude)
        for m in data.mentions
        if m.place is not None and mention_precision(m) == 1
    ]
    if dots:
        xs, ys = zip(*dots, strict=True)
        ax.scatter(xs, ys, s=10, c="#333333", edgecolors="white", linewidths=0.5, zorder=3)
    for index, rows in sorted(by_style.items()):
        style = _STYLES[index]
        xs, ys, sizes = zip(*rows, strict=True)
        ax.scatter(
            xs,
            ys,
            s=sizes,
            c=style.colour,
            marker=style.mpl_marker,
            edgecolors="#1a1a1a",
            linewidths=0.7 * math.sqrt(scale),
            alpha=alpha,
            zorder=4,
        )
    actors = [(a.place.longitude, a.place.latitude) for a in data.actors if a.place is not None]
    if actors:
        xs, ys = zip(*actors, strict=True)
        ax.scatter(xs, ys, s=60, c=ACTOR_COLOUR, marker="p", edgecolors="white", zorder=5)


def _frame_axes(ax: Any, extent: BaseGeometry | None) -> None:
    if extent is None:
        ax.set_xlim(-180, 180)
        ax.set_ylim(-60, 85)
    else:
        minx, miny, maxx, maxy = extent.bounds
        pad = max(0.3, 0.12 * max(maxx - minx, maxy - miny))
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
    mid = sum(ax.get_ylim()) / 2
    # Lon/lat drawn 1:1 stretches east-west away from the equator.
    ax.set_aspect(1 / max(0.2, math.cos(math.radians(mid))))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


# ---------------------------------------------------------------------------
# Report


def _cell_html(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def _source_html(source: str | None) -> str:
    if not source:
        return ""
    text = html.escape(source, quote=True)
    if re.fullmatch(r"https?://\S+", source):
        return f'<a href="{text}" rel="noopener noreferrer">{text}</a>'
    return text


def report_html(
    extractions: Extraction | Iterable[Extraction],
    path: str | os.PathLike[str],
    *,
    title: str = "Incident report",
    basemap: bool | str | os.PathLike[str] = True,
    link_actors: bool = True,
    generated: str | None = None,
) -> Path:
    """A standalone HTML report: the map inline, incidents, actors and sources.

    ``generated`` (e.g. today's date) is printed in the footer when given;
    by default the report carries no timestamp, so it is reproducible.
    """
    items = [extractions] if isinstance(extractions, Extraction) else list(extractions)
    data = _collect(items)
    m = incident_map(items, basemap=basemap, link_actors=link_actors)
    incidents = [
        dataclasses.replace(i, source=i.source or ext.source)
        for ext in items
        for i in ext.incidents
    ]
    page = _REPORT_TEMPLATE.format(
        title=html.escape(title),
        summary=html.escape(_report_summary(items, data)),
        map=to_fragment(m, height=560),
        incident_rows=_incident_rows(incidents) or '<tr><td colspan="9">No incidents.</td></tr>',
        actor_rows=_actor_rows(items) or '<tr><td colspan="6">No actors.</td></tr>',
        sources=_source_items(items) or "<li>No sources recorded.</li>",
        credits=html.escape(assets.leaflet().credit),
        # No timestamp unless asked for: the same input gives the same file.
        generated=html.escape(
            f"Generated {generated} by geomap." if generated else "Made with geomap."
        ),
    )
    return atomic_write(path, page.encode("utf-8", errors="replace"))


def _report_summary(items: list[Extraction], data: _Data) -> str:
    published = sorted({e.published.isoformat() for e in items if e.published})
    span = ""
    if published:
        span = f", published {published[0]}"
        span += f" to {published[-1]}" if len(published) > 1 else ""
    incidents = len(data.incidents) + len(data.unplaced_incidents)
    return (
        f"{_plural(len(items), 'document')}{span}: {_plural(incidents, 'incident')}, "
        f"{_plural(len(data.mentions), 'placed mention')}; not placed: "
        f"{_plural(len(data.unplaced_mentions), 'mention')}, "
        f"{_plural(len(data.unplaced_incidents), 'incident')}."
    )


def _incident_rows(incidents: list[Incident]) -> str:
    rows = []
    for incident in incidents:
        actors = " ↔ ".join(x for x in (incident.actor1, incident.actor2) if x)
        place = incident.location_text or (incident.place.name if incident.place else "")
        cells = [
            _cell_html(_date_label(incident) or "undated"),
            _cell_html(incident.event_type),
            _cell_html(incident.sub_event_type),
            _cell_html(actors),
            _cell_html(place) + ("" if incident.place else " <em>(not placed)</em>"),
            _cell_html(incident_precision(incident) if incident.place else None),
            _cell_html(incident.fatalities),
            _cell_html(incident.notes),
            _source_html(incident.source),
        ]
        classes = [""] * 7 + [' class="evidence"', ' class="source"']
        row = "".join(f"<td{cls}>{c}</td>" for cls, c in zip(classes, cells, strict=True))
        rows.append(f"<tr>{row}</tr>")
    return "\n".join(rows)


def _actor_rows(items: list[Extraction]) -> str:
    rows = []
    for actor in (a for ext in items for a in ext.actors):
        place = actor.place.address if actor.place else None
        values = (actor.name, actor.kind, actor.role, actor.affiliation, place, actor.location_note)
        rows.append("<tr>" + "".join(f"<td>{_cell_html(v)}</td>" for v in values) + "</tr>")
    return "\n".join(rows)


def _source_items(items: list[Extraction]) -> str:
    sources = {ext.source for ext in items} | {i.source for ext in items for i in ext.incidents}
    return "\n".join(f"<li>{_source_html(s)}</li>" for s in sorted(s for s in sources if s))


_REPORT_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px;
  padding: 16px 24px; color: #1d1d1d; }}
h1 {{ margin: 0 0 4px; font-size: 22px; }}
h2 {{ margin-top: 28px; font-size: 17px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }}
.table-wrap {{ overflow-x: auto; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
td.evidence {{ min-width: 18em; }}
td.source {{ word-break: break-all; min-width: 10em; }}
th, td {{ border-bottom: 1px solid #e3e3e3; padding: 4px 6px; text-align: left;
  vertical-align: top; }}
th {{ background: #f4f4f4; position: sticky; top: 0; }}
.summary {{ color: #444; }}
footer {{ margin-top: 28px; font-size: 12px; color: #666; }}
@media print {{ .geomap-fragment {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="summary">{summary}</p>
<h2>Map</h2>
{map}
<h2>Incidents</h2>
<div class="table-wrap"><table class="incidents">
<thead><tr><th>Date</th><th>Event type</th><th>Sub-type</th><th>Actors</th><th>Location</th>
<th>Precision</th><th>Fatalities</th><th>Evidence</th><th>Source</th></tr></thead>
<tbody>
{incident_rows}
</tbody>
</table></div>
<h2>Actors</h2>
<div class="table-wrap"><table class="actors">
<thead><tr><th>Name</th><th>Kind</th><th>Role</th><th>Affiliation</th><th>Place</th>
<th>Located by</th></tr></thead>
<tbody>
{actor_rows}
</tbody>
</table></div>
<h2>Sources</h2>
<ul class="sources">
{sources}
</ul>
<footer>{generated} Map: {credits}. Boundaries: Natural Earth (public
domain). Places: GeoNames (CC-BY 4.0).</footer>
</body>
</html>
"""
