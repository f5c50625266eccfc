"""Compass parts of regions ("northern Iraq") and directional names."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import Point, shape

from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.directions import direction_of, part_of
from geomap.geoparsing.parser import Geoparser
from geomap.models import Place

MOSUL = Point(43.13, 36.34)
BASRA = Point(47.78, 30.51)
LOS_ANGELES = Point(-118.24, 34.05)
SAN_FRANCISCO = Point(-122.42, 37.77)


def _country(gazetteer: Gazetteer, name: str) -> Place:
    return gazetteer.lookup(name, kind="country")[0]


@pytest.mark.parametrize(
    ("word", "direction"),
    [
        ("Northern", "north"),
        ("south-eastern", "southeast"),
        ("CENTRAL", "central"),
        ("Nordic", None),
    ],
)
def test_direction_words(word: str, direction: str | None) -> None:
    assert direction_of(word) == direction


def test_northern_and_southern_iraq_hold_their_cities(gazetteer: Gazetteer) -> None:
    iraq = _country(gazetteer, "Iraq")
    north, south = part_of(iraq, "north"), part_of(iraq, "south")
    assert north.area is not None and south.area is not None
    assert north.area.contains(MOSUL) and not north.area.contains(BASRA)
    assert south.area.contains(BASRA) and not south.area.contains(MOSUL)
    # A part is inside its region, smaller, and its point lies inside it.
    assert iraq.area is not None and iraq.area.buffer(1e-9).contains(north.area)
    assert north.area.area < 0.6 * iraq.area.area
    assert north.area.contains(north.point)
    assert (north.country_code, north.kind, north.precision) == ("IQ", "region", 3)
    assert north.id == f"{iraq.id}#north" and north.name == "Northern Iraq"


def test_parts_of_a_country_with_far_flung_territory_use_its_main_body(
    gazetteer: Gazetteer,
) -> None:
    north = part_of(_country(gazetteer, "United States"), "north")
    # The northern United States are the northern states, not Alaska.
    assert 40 < north.latitude < 50 and -125 < north.longitude < -65


def test_towns_and_unknown_directions_are_left_as_they_are(gazetteer: Gazetteer) -> None:
    baghdad = gazetteer.lookup("Baghdad", kind="city")[0]
    assert part_of(baghdad, "north") is baghdad
    iraq = _country(gazetteer, "Iraq")
    assert part_of(iraq, "around") is iraq


@pytest.mark.parametrize("mode", ["fast", "ner"])
def test_geoparse_maps_a_direction_to_the_part(mode: str, gazetteer: Gazetteer) -> None:
    try:
        parser = Geoparser(gazetteer, mode=mode)
    except Exception as exc:  # the model may be absent on a user's machine
        pytest.skip(str(exc))
    text = "Militants attacked a checkpoint in northern Iraq, officials said."
    (mention,) = [m for m in parser.parse(text) if m.text == "Iraq"]
    assert mention.modifier == "north"
    assert mention.place is not None and mention.place.name == "Northern Iraq"
    assert shape(mention.__geo_interface__["geometry"]).contains(MOSUL)


def test_gold_spans_with_a_leading_direction_or_qualifier(fast: Geoparser) -> None:
    text = "Fires burned across Southern California and the Greater Toronto Area."
    spans = [m.span() for m in re.finditer("Southern California|Greater Toronto Area", text)]
    socal, toronto = fast.resolve(text, spans)
    assert socal.modifier == "south" and socal.place is not None
    assert socal.place.area is not None and socal.place.area.contains(LOS_ANGELES)
    assert not socal.place.area.contains(SAN_FRANCISCO)
    assert toronto.place is not None and toronto.place.name == "Toronto"
    assert toronto.modifier == "greater"
