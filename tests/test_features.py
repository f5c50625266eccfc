"""Streets and natural features found by the form of their names."""

from __future__ import annotations

import pytest

from geomap.geoparsing.features import find_features


def names(text: str) -> list[str]:
    found = find_features(text)
    for start, end, name in found:
        assert text[start:end] == name
    return [name for _, _, name in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The women were crossing Mill Pond Road at dusk.", ["Mill Pond Road"]),
        ("Divers searched the Sawtooth River on Tuesday.", ["Sawtooth River"]),
        ("She lives off 12th Avenue, near Heron Creek.", ["12th Avenue", "Heron Creek"]),
        ("The vigil was held on Pilgrims’ Parkway.", ["Pilgrims’ Parkway"]),
        ("Traffic slowed on the Cascade Freeway.", ["Cascade Freeway"]),
    ],
)
def test_named_streets_and_features_are_found(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Students of Heron Creek High School marched.",  # a school's name
        "The Ohio Forest Service issued a warning.",  # an agency's name
        "He told The Main Street Gazette.",  # a newspaper's name
        "The fire station is on County Road 812.",  # a numbered road
        "They swam in the Lake. River levels rose.",  # only the generic word
        "Dr. Hill met the Probate Court and Milky Way fans.",  # not feature words
    ],
)
def test_names_that_only_look_like_features_are_not(text: str) -> None:
    assert names(text) == []


def test_a_sentence_break_ends_a_name() -> None:
    assert names("Work continues on Orchard Avenue. Lane closures last a week.") == [
        "Orchard Avenue"
    ]


def test_possessives_and_party_labels_are_not_part_of_the_name() -> None:
    assert names("She worked on Dayton's Maple Avenue.") == ["Maple Avenue"]
    assert names("Olsen, D-Cedar Lake, spoke to the committee.") == ["Cedar Lake"]


def test_lakes_and_mountains_named_first_and_abbreviated_directions() -> None:
    assert names("They fished on Lake Placid and hiked Mount Hood.") == [
        "Lake Placid",
        "Mount Hood",
    ]
    assert names("Work on W. Quarry Road ended.") == ["W. Quarry Road"]
    assert names("The Lake Placid Association met.") == []
    assert names("They met at the Mount Pleasant Civic Center.") == []
