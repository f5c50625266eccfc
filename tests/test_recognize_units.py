"""Names read with their unit noun ("X County", "the X region") are areas,
or the towns that are the seats of areas of that name. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.parser import Geoparser
from geomap.models import Kind


def _place(gazetteer: Gazetteer, text: str, name: str) -> tuple[str | None, str | None]:
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    m = next(m for m in mentions if m.text == name)
    return (m.place.country_code, m.place.kind) if m.place else (None, None)


@pytest.mark.parametrize("county", ["Meru County", "Lamu County"])
def test_a_county_is_read_at_the_seat_named_like_its_region(
    gazetteer: Gazetteer, county: str
) -> None:
    # Kenya's counties are first-level regions the gazetteer names only on
    # their towns; a district of the name abroad (or a look-alike atoll) is
    # no county of it.
    text = f"Raiders stole forty goats in {county} on Monday."
    assert _place(gazetteer, text, county)[0] == "KE"


def test_a_name_before_region_is_the_region(gazetteer: Gazetteer) -> None:
    # "Nyanza" alone is best known as a Rwandan town; "the Nyanza region" is
    # the Kenyan province.
    text = "Teachers marched through towns of the Nyanza region on Monday."
    assert _place(gazetteer, text, "Nyanza") == ("KE", Kind.ADMIN1)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Raiders stole forty goats in Nyandarua District on Monday.", "Nyandarua District"),
        ("Herders fled Tharaka-Nithi District after a night raid.", "Tharaka-Nithi District"),
    ],
)
def test_a_region_known_only_from_its_towns(gazetteer: Gazetteer, text: str, name: str) -> None:
    # No place bears these county names, but the towns there carry them as
    # their region's: the county is read at its largest town, as a region.
    assert _place(gazetteer, text, name) == ("KE", Kind.ADMIN1)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Soldiers patrolled the North Central and Sahel regions of Burkina Faso.",
            "North Central",
        ),
        ("Herders clashed in the South District of the valley on Monday.", "South District"),
    ],
)
def test_compass_words_name_no_town_abroad(gazetteer: Gazetteer, text: str, name: str) -> None:
    # A Canadian hamlet called "North Central", or a district whose English
    # gloss is "South District", is no reading of a part of somewhere.
    country, kind = _place(gazetteer, text, name)
    assert country is None or kind in (Kind.ADMIN1, Kind.ADMIN2, Kind.REGION)


def test_a_regions_name_of_several_words_needs_no_unit(gazetteer: Gazetteer) -> None:
    text = "Raiders struck in Trans-Nzoia on Monday, driving off two hundred cattle."
    assert _place(gazetteer, text, "Trans-Nzoia") == ("KE", Kind.ADMIN1)


def test_a_hamlet_outside_the_region_of_its_name_gives_way(gazetteer: Gazetteer) -> None:
    # A Kenyan hamlet called Samburu lies far from Samburu County: the bare
    # name is the county.
    text = "Bandits stole cattle in Samburu on Monday."
    assert _place(gazetteer, text, "Samburu") == ("KE", Kind.ADMIN1)
