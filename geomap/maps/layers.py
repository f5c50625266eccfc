"""All layers of one map, with the extent and focus that frame it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    pass

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
