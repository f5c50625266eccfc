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


# -- namesakes of famous places in local news (geoparsing/national.py) ---------------


def test_local_town_with_american_wording_is_the_american_namesake(fast: Geoparser) -> None:
    text = (
        "Paris firefighters put out a grease fire in a duplex at 9:40 p.m. Friday. "
        "The Paris Police Department said a neighbor called in the blaze."
    )
    found = _gold(fast, text, ["Paris"])
    paris = found["Paris"]
    # Nothing else places the story; its wording is American and it treats
    # Paris as its own town: not the French capital.
    assert paris.place is None or paris.place.country_code == "US"


def test_local_town_with_canadian_wording_is_the_canadian_namesake(fast: Geoparser) -> None:
    text = (
        "London police Const. Ada Brill said two men were charged after a brawl outside "
        "a bar. Damage to the patio was put at $4,000, councillors heard."
    )
    london = _gold(fast, text, ["London"])["London"]
    assert london.place is not None and london.place.country_code == "CA"
    assert ("wording of its news", "CA") in london.reasons


def test_a_country_named_in_passing_stays_the_country(fast: Geoparser) -> None:
    text = (
        "The school district will spend $2 million on buses, the board said at 7 p.m. "
        "Tuesday. One trustee had just come back from a trip to Lebanon."
    )
    lebanon = _gold(fast, text, ["Lebanon"])["Lebanon"]
    assert lebanon.place is not None and lebanon.place.country_code == "LB"


def test_a_country_name_as_the_local_town_is_the_town(fast: Geoparser) -> None:
    text = (
        "A Lebanon woman was charged with theft on Monday, the county sheriff said. "
        "She was held on $5,000 bond."
    )
    lebanon = _gold(fast, text, ["Lebanon"])["Lebanon"]
    assert lebanon.place is not None and lebanon.place.country_code == "US"


def test_a_famous_city_without_local_cues_keeps_its_reading(fast: Geoparser) -> None:
    text = "She spent a week in Paris last spring and came back with a sketchbook."
    paris = _gold(fast, text, ["Paris"])["Paris"]
    assert paris.place is not None and paris.place.country_code == "FR"


def test_namesakes_the_wording_cannot_tell_apart_are_left_unresolved(fast: Geoparser) -> None:
    text = (
        "Oxford residents can drop off yard waste at the city garage on Saturdays. "
        "Bundles must be shorter than four feet, a spokesman said at 10 a.m."
    )
    oxford = _gold(fast, text, ["Oxford"])["Oxford"]
    # Oxford, Ohio and Oxford, Ontario fit the wording alike; England does not.
    assert oxford.place is None or oxford.place.country_code != "GB"
    if oxford.place is None:
        assert oxford.reasons and oxford.reasons[0][0] == "namesakes in"


def test_a_possessive_after_the_town_still_makes_it_local(fast: Geoparser) -> None:
    text = "The recycling center will collect glass bottles from Athens homeowners' curbs."
    athens = _gold(fast, text, ["Athens"])["Athens"]
    assert athens.place is not None and athens.place.country_code == "US"


def test_british_wording_keeps_a_british_town_from_its_american_namesakes(
    fast: Geoparser,
) -> None:
    text = (
        "A bench was damaged at a Lancaster cemetery on 3 March, and PC Dan Moss asks "
        "anyone who saw it to ring 01632 960555."
    )
    lancaster = _gold(fast, text, ["Lancaster"])["Lancaster"]
    assert lancaster.place is not None and lancaster.place.country_code == "GB"


def test_british_english_says_nothing_against_a_place_abroad(fast: Geoparser) -> None:
    # International reports are written in British English about every
    # country: their spelling does not move a city to a namesake in one.
    text = (
        "On 4 June, Jerusalem police dispersed organisers of a sit-in outside a theatre "
        "near the city centre."
    )
    jerusalem = _gold(fast, text, ["Jerusalem"])["Jerusalem"]
    assert jerusalem.place is not None and jerusalem.place.country_code == "IL"


def test_two_small_towns_abroad_vouching_for_each_other_yield_to_the_wording(
    fast: Geoparser,
) -> None:
    text = "The Lewes varsity beat Seaford 61-50 in the state tournament on Saturday at 8 p.m."
    found = _gold(fast, text, ["Lewes", "Seaford"])
    for name in ("Lewes", "Seaford"):
        place = found[name].place
        assert place is not None and place.country_code == "US"


def test_towns_of_a_country_the_article_names_stay_there(fast: Geoparser) -> None:
    text = (
        "On a trip to England, the varsity coach walked from Lewes to Seaford, "
        "he told the state tournament banquet at 8 p.m."
    )
    found = _gold(fast, text, ["England", "Lewes", "Seaford"])
    for name in ("Lewes", "Seaford"):
        place = found[name].place
        assert place is not None and place.country_code == "GB"


def test_a_spelling_counts_in_a_capitalised_name_too(fast: Geoparser) -> None:
    text = (
        "Volunteers at the London Heritage Centre said they recognize the need for "
        "more parking, and will ask for it again."
    )
    london = _gold(fast, text, ["London"])["London"]
    # 'Centre' and 'recognize' together: Canadian spelling, not British.
    assert london.place is not None and london.place.country_code == "CA"


def test_a_country_written_as_a_town_with_no_known_namesake_is_left_open(
    fast: Geoparser,
) -> None:
    text = "The rodeo returns to the town of Turkey this weekend, its organizers said."
    turkey = _gold(fast, text, ["Turkey"])["Turkey"]
    assert turkey.place is None
    assert turkey.reasons == (("namesakes in", "none known"),)


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
