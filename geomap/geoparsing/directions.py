"""Parts of a region named by a compass direction: "northern Iraq".

News places events in "northern Iraq" or "eastern Ukraine" far more often
than at a town. Mapping those to the country's centre point would be
wrong by hundreds of kilometres; mapping them to the whole country would
hide the direction. geomap maps them to the named part of the region's
polygon instead: a band of the polygon on that side of its bounding box
(the outer 40%; a corner quarter for "northeast"; the middle half for
"central"). The part keeps the region's country and precision 3, and its
point is a point inside the part, so the map shows roughly where and the
data says how vague it is.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import shapely
from shapely.geometry import MultiPolygon, box
from shapely.geometry.base import BaseGeometry

from ..models import Kind, Place
from .vocabulary import mapping

__all__ = ["DIRECTION_WORDS", "direction_of", "part_of"]

# Spelling in the text -> canonical direction.
DIRECTION_WORDS: dict[str, str] = mapping("directions")

# The share of the bounding box a cardinal direction covers, from its side.
_BAND = 0.4
# Kinds whose parts are meaningful: a "northern Baghdad" is a city district
# question (its point stays), a "northern Iraq" is a map question.
_AREAL = {Kind.COUNTRY, Kind.ADMIN1, Kind.REGION}
_ADJECTIVE = mapping("direction_adjectives")


def direction_of(word: str) -> str | None:
    """The canonical direction a word names ("Northern" -> "north"), or None."""
    return DIRECTION_WORDS.get(word.lower())


def _main_body(area: BaseGeometry) -> BaseGeometry:
    """The polygon a direction is read on.

    A country with far-flung parts (the United States with Alaska and Hawaii,
    France with its overseas regions) is read on its main body when that body
    holds most of the area: "the northern United States" are not Alaska. An
    archipelago (Indonesia, the Philippines) has no such body and is read whole.
    """
    if not isinstance(area, MultiPolygon):
        return area
    parts = sorted(area.geoms, key=lambda g: g.area, reverse=True)
    if parts[0].area >= 0.5 * area.area:
        return parts[0]
    return area


def _window(bounds: tuple[float, float, float, float], direction: str) -> BaseGeometry:
    minx, miny, maxx, maxy = bounds
    w, h = maxx - minx, maxy - miny
    if direction == "central":
        return box(minx + w / 4, miny + h / 4, maxx - w / 4, maxy - h / 4)
    x0, x1, y0, y1 = minx, maxx, miny, maxy
    # A diagonal direction is the corner quarter; a cardinal one the outer band.
    share = 0.5 if len(direction) > 5 else _BAND
    if "north" in direction:
        y0 = maxy - share * h
    if "south" in direction:
        y1 = miny + share * h
    if "east" in direction:
        x0 = maxx - share * w
    if "west" in direction:
        x1 = minx + share * w
    return box(x0, y0, x1, y1)


@lru_cache(maxsize=2048)
def part_of(place: Place, direction: str) -> Place:
    """The ``direction`` part of an areal place, or the place itself.

    Places without a polygon, and towns, districts and sites, come back
    unchanged: their direction is a note on the mention, not a new area.
    """
    if place.area is None or place.kind not in _AREAL or direction not in _ADJECTIVE:
        return place
    body = _main_body(place.area)
    part = shapely.intersection(body, _window(body.bounds, direction))
    if part.is_empty or part.area <= 0:
        return place
    point = part.centroid
    if not part.contains(point):
        point = part.representative_point()
    return replace(
        place,
        id=f"{place.id}#{direction}",
        name=f"{_ADJECTIVE[direction]} {place.name}",
        kind=Kind.REGION.value,
        latitude=round(point.y, 5),
        longitude=round(point.x, 5),
        population=None,
        capital=False,
        area=part,
    )
