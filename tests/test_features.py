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
        ("The women were crossing Browns Bridge Road at dusk.", ["Browns Bridge Road"]),
        ("Divers searched the Neches River on Tuesday.", ["Neches River"]),
        ("She lives off 40th Avenue South, near Flat Creek.", ["40th Avenue South", "Flat Creek"]),
        ("The vigil was held on Governors’ Parkway.", ["Governors’ Parkway"]),
        ("Traffic slowed on the Golden State Freeway.", ["Golden State Freeway"]),
    ],
)
def test_named_streets_and_features_are_found(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Students of Goose Creek High School marched.",  # a school's name
        "The Texas Forest Service issued a warning.",  # an agency's name
        "He told The Wall Street Journal.",  # a newspaper's name
        "Police went to 18 Sunnybrook Lane on Friday.",  # a postal address
        "The fire station is on County Road 4045.",  # a numbered road
        "They swam in the Lake. River levels rose.",  # only the generic word
        "Ms. Hill met the Circuit Court and United Way.",  # not feature words
    ],
)
def test_names_that_only_look_like_features_are_not(text: str) -> None:
    assert names(text) == []


def test_a_sentence_break_ends_a_name() -> None:
    assert names("Work continues on College Avenue. Lane closures last a week.") == [
        "College Avenue"
    ]


def test_possessives_and_party_labels_are_not_part_of_the_name() -> None:
    assert names("She worked on Augusta's Highland Avenue.") == ["Highland Avenue"]
    assert names("Westrom, R-Elbow Lake, spoke to the committee.") == ["Elbow Lake"]


def test_lakes_and_mountains_named_first_and_abbreviated_directions() -> None:
    assert names("They fished on Lake Lanier and hiked Mount Hood.") == [
        "Lake Lanier",
        "Mount Hood",
    ]
    assert names("Work on W. Dresser Road ended.") == ["W. Dresser Road"]
    assert names("The Lake Lanier Association met.") == []
    assert names("They met at the Mount Pleasant Civic Center.") == []
