"""All layers of one map, with the extent and focus that frame it."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from .inputs import _Data
from .payload import (
    _actor_layers,
    _area_places,
    _circle_bounds,
    _geojson,
    _incident_layers,
    _Layers,
    _place_layers,
    _Strings,
)

# An area wider or taller than this (degrees) holding incidents frames the
# map by its label point only: one incident "in Russia" must not open the
# map on a whole continent.
FRAME_AREA_SPAN = 12.0


def _build_layers(data: _Data, link_actors: bool) -> _Layers:
    # One string table per layer: each layer's payload is embedded on its own.
    strings = {name: _Strings() for name in ("incidents", "places", "actors", "areas")}
    incidents, extra = _incident_layers(data.incidents, strings["incidents"])
    places = _place_layers(data.mentions, strings["places"])
    actors = _actor_layers(
        data.actors,
        data.incidents,
        strings["actors"],
        link_actors,
        data.actor_docs,
        data.incident_docs,
    )
    area_places = _area_places(data)
    add = strings["areas"].add
    # Only areas merely mentioned are drawn here (outlined); areas holding
    # incidents are drawn, shaded, by the incident layer.
    areas: dict[str, Any] = {
        "a": [
            [_geojson(area), add(place.name), add(place.kind), n_mentions, n_incidents]
            for place, area, n_mentions, n_incidents in area_places
            if not n_incidents
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
        extent=_extent(incidents, extra["groups"], places, actors),
        focus=_focus(incidents, extra["groups"], actors),
        point_count=len(incidents["p"]),
        groups=extra["groups"],
    )


def _group_frame(group: dict[str, Any]) -> BaseGeometry:
    if "c" in group:
        return _circle_bounds(*group["c"])
    place = group["_place"]
    minx, miny, maxx, maxy = place.area.bounds
    if max(maxx - minx, maxy - miny) > FRAME_AREA_SPAN:
        return Point(place.longitude, place.latitude)
    return box(minx, miny, maxx, maxy)


def _extent(
    incidents: dict[str, Any],
    groups: list[dict[str, Any]],
    places: dict[str, Any],
    actors: dict[str, Any],
) -> list[BaseGeometry]:
    """Everything drawn as points and boxes (mentioned areas excepted).

    Frames a map that has no incidents. Mentioned countries are drawn but
    never widen the view.
    """
    extent: list[BaseGeometry] = [Point(p[1], p[0]) for p in incidents["p"]]
    extent.extend(_group_frame(g) for g in groups)
    for row in places["p"]:
        extent.append(_circle_bounds(row[0], row[1], row[7]) if row[7] else Point(row[1], row[0]))
    extent.extend(Point(row[1], row[0]) for row in actors["a"])
    return extent


def _focus(
    incidents: dict[str, Any], groups: list[dict[str, Any]], actors: dict[str, Any]
) -> list[BaseGeometry]:
    """What the map opens on: the incidents, then their actors if nearby.

    Actors and commentators spread a map over continents (the White House,
    Paris, Tehran); an analyst opening it wants the events first, in their
    country. An actor joins the view only when it is within half the
    incidents' span (at least 3 degrees) of them.
    """
    focus: list[BaseGeometry] = [Point(p[1], p[0]) for p in incidents["p"]]
    focus.extend(_group_frame(g) for g in groups)
    if not focus:
        return []
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(focus, dtype=object))
    reach = max(3.0, 0.5 * max(maxx - minx, maxy - miny))
    around = box(minx - reach, miny - reach, maxx + reach, maxy + reach)
    focus.extend(
        Point(row[1], row[0]) for row in actors["a"] if around.contains(Point(row[1], row[0]))
    )
    return focus
