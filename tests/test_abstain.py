"""Names the gazetteer lacks get a place only on evidence (texts written for the test)."""

from __future__ import annotations

import pytest

from geomap.geoparsing.parser import Geoparser
from geomap.models import Mention


@pytest.fixture(scope="module")
def fast() -> Geoparser:
    return Geoparser(mode="fast")


def _gold(parser: Geoparser, text: str, names: list[str]) -> dict[str, Mention]:
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((start, start + len(name)))
    return {m.text: m for m in parser.resolve(text, spans)}


def test_universities_in_a_story_elsewhere(fast: Geoparser) -> None:
    text = (
        "BEIJING - Researchers from Cornell University met colleagues in Beijing on "
        "Monday. Colorado State University sent a team."
    )
    found = _gold(fast, text, ["BEIJING", "Cornell University", "Colorado State University"])
    # No evidence places Cornell University: it is left unresolved, not Beijing.
    assert found["Cornell University"].place is None
    colorado = found["Colorado State University"]
    assert colorado.place is not None and colorado.place.name == "Colorado"
    assert colorado.inferred and colorado.precision is not None and colorado.precision >= 2
    assert ("contains", "Colorado") in colorado.reasons


def test_a_lake_named_after_the_town_of_the_story(fast: Geoparser) -> None:
    text = "MANASSAS, Va. - Boaters returned to Lake Manassas in Virginia on Sunday."
    found = _gold(fast, text, ["MANASSAS", "Va.", "Lake Manassas", "Virginia"])
    lake = found["Lake Manassas"]
    assert lake.place is not None and lake.place.name == "Manassas"
    assert lake.precision == 2


def test_historical_country_goes_to_its_successor_with_a_note(fast: Geoparser) -> None:
    text = "WASHINGTON - Veterans recalled the Soviet Union at a Washington event."
    found = _gold(fast, text, ["WASHINGTON", "Soviet Union", "Washington"])
    soviet = found["Soviet Union"]
    assert soviet.place is not None and soviet.place.country_code == "RU"
    notes = dict(soviet.reasons)
    assert "successor" in str(notes["historical country"])


def test_unknown_township_in_south_africa_stays_in_south_africa(fast: Geoparser) -> None:
    text = (
        "CAPE TOWN, South Africa - Residents of Khayelitsha and Delft marched to "
        "Cape Town on Monday."
    )
    found = _gold(fast, text, ["CAPE TOWN", "South Africa", "Khayelitsha", "Delft", "Cape Town"])
    township = found["Khayelitsha"]
    assert township.place is None or township.place.country_code == "ZA"


def test_an_unknown_demonym_is_not_placed_at_the_story_town(fast: Geoparser) -> None:
    text = "The Korean delegation arrived in New York on Tuesday, officials in New York said."
    found = _gold(fast, text, ["Korean", "New York"])
    assert found["Korean"].place is None


def test_reasons_name_the_score_parts(fast: Geoparser) -> None:
    text = "MANASSAS, Va. - Flooding closed roads in Manassas and Fairfax, Virginia."
    found = {m.text: m for m in fast.parse(text)}
    reasons = dict(found["Fairfax"].reasons)
    assert any(k.startswith("prior") for k in reasons)
    assert "qualifier" in reasons
    # Names not resolved carry no reasons; the default is empty.
    assert Mention(0, 1, "x").reasons == ()


def test_geoparse_explain_prints_the_evidence() -> None:
    from click.testing import CliRunner

    from geomap.cli import main

    result = CliRunner().invoke(
        main, ["geoparse", "--parser", "fast", "--explain", "Floods hit Fairfax, Virginia."]
    )
    assert result.exit_code == 0, result.output
    assert "Fairfax" in result.output and "prior (" in result.output
    assert "qualifier: Virginia" in result.output


def test_a_person_named_in_a_longer_name_is_not_a_region(fast: Geoparser) -> None:
    # "Nelson" is a New Zealand region and "Bay" a Somali one; neither is
    # the metropolitan area named after a person.
    text = "Bus drivers stopped work in Nelson Mandela Bay on Tuesday."
    found = _gold(fast, text, ["Nelson Mandela Bay"])
    place = found["Nelson Mandela Bay"].place
    assert place is None or place.country_code == "ZA"


def test_an_article_begins_another_name(fast: Geoparser) -> None:
    # "La Tasmania" is not the Australian state of Tasmania.
    text = "Bus drivers stopped work in La Tasmania on Tuesday."
    found = _gold(fast, text, ["La Tasmania"])
    place = found["La Tasmania"].place
    assert place is None or place.country_code != "AU"
