"""Symbology: event-type colours and shapes, marker sizes, precision."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Incident, Kind, Mention

if TYPE_CHECKING:
    pass


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
ACTOR_COLOUR = "#5c6b7a"
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
