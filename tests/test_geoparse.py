"""The geoparser on real text, against the real gazetteer, in both modes."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from shapely.geometry import shape

from geomap import InputError
from geomap.geoparsing.parser import Geoparser, geoparse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=["fast", "ner"])
def parser(request: pytest.FixtureRequest) -> Geoparser:
    return Geoparser(mode=request.param)


@pytest.fixture(scope="module")
def example_mentions(parser: Geoparser) -> list:
    return parser.parse(EXAMPLE)


def _resolved(mentions: list, text: str) -> list:
    return [m for m in mentions if m.text == text]


def test_mentions_are_in_text_order_and_consistent(example_mentions: list) -> None:
    starts = [m.start for m in example_mentions]
    assert starts == sorted(starts)
    for a, b in itertools.pairwise(example_mentions):
        assert a.end <= b.start
    for m in example_mentions:
        assert EXAMPLE[m.start : m.end] == m.text
        assert 0.0 <= m.confidence <= 1.0


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Baghdad", "IQ"),
        ("Iraq", "IQ"),
        ("Iran", "IR"),
        ("Saudi Arabia", "SA"),
        ("United States", "US"),
        ("Jordan", "JO"),
        ("United Arab Emirates", "AE"),
        ("Vienna", "AT"),
        ("Beirut", "LB"),
        ("Dubai", "AE"),
        ("Cairo", "EG"),
    ],
)
def test_example_places_resolve_to_the_right_country(
    example_mentions: list, name: str, country: str
) -> None:
    found = _resolved(example_mentions, name)
    assert found, f"{name} not found"
    assert {m.place.country_code for m in found} == {country}


@pytest.mark.parametrize(
    ("demonym", "country"),
    [("Iraqi", "IQ"), ("Iranian", "IR"), ("French", "FR"), ("Egyptian", "EG"), ("Lebanese", "LB")],
)
def test_demonyms_are_flagged_and_mean_their_country(
    example_mentions: list, demonym: str, country: str
) -> None:
    found = _resolved(example_mentions, demonym)
    assert found
    assert all(m.demonym and m.place.country_code == country for m in found)
    assert all(m.place.kind == "country" for m in found)


def test_green_zone_in_every_spelling(example_mentions: list) -> None:
    zone = [m for m in example_mentions if "green zone" in m.text.lower()]
    # "Green Zone" (x3, one of them "of Baghdad") and "green zone" (x2).
    assert len(zone) >= 5
    assert {m.place.id for m in zone} == {"geomap:green-zone"}
    outside = [m for m in zone if m.modifier == "outside"]
    assert outside and all(m.precision == 2 for m in outside)


def test_southern_provinces_are_iraqs_south(example_mentions: list) -> None:
    [south] = _resolved(example_mentions, "southern provinces")
    assert south.place.kind == "region" and south.place.country_code == "IQ"
    basra = shape({"type": "Point", "coordinates": [47.78, 30.51]})
    assert south.place.area is not None and south.place.area.contains(basra)
    assert south.precision == 3


def test_people_and_organisations_are_not_places(example_mentions: list) -> None:
    texts = {m.text for m in example_mentions}
    for word in ("Price", "Sadr", "al-Sadr", "Brookings", "Facebook", "Shiite", "Haq", "Sisi"):
        assert word not in texts


def test_dateline_and_modifier(example_mentions: list) -> None:
    first = example_mentions[0]
    assert first.text == "BAGHDAD" and first.place.name == "Baghdad"
    around = [m for m in example_mentions if m.modifier == "around"]
    assert around and around[0].text == "Baghdad" and around[0].precision == 2


def test_context_decides_between_namesakes(parser: Geoparser) -> None:
    iraq = "Fighting spread from Baghdad to Kut, Amarah and Basra in southern Iraq."
    kut = _resolved(parser.parse(iraq), "Kut")
    assert kut and kut[0].place.country_code == "IQ"
    texas = "The Paris city council in Lamar County, Texas, met on Monday near Dallas."
    paris = _resolved(parser.parse(texas), "Paris")
    assert paris and paris[0].place.country_code == "US"
    france = "Protesters marched through Paris and Lyon on Saturday, French police said."
    paris = _resolved(parser.parse(france), "Paris")
    assert paris and paris[0].place.country_code == "FR"


def test_city_region_qualifier(parser: Geoparser) -> None:
    mentions = parser.parse(
        "The plant in Lima, Ohio, closed; a second site in Vienna, Virginia, stayed."
    )
    lima = _resolved(mentions, "Lima")
    vienna = _resolved(mentions, "Vienna")
    assert lima and lima[0].place.country_code == "US" and lima[0].place.admin1 == "Ohio"
    assert vienna and vienna[0].place.country_code == "US"


def test_vague_regions_follow_the_country_in_context(parser: Geoparser) -> None:
    zambia = "Floods hit Zambia's Southern Province, officials in Lusaka said."
    mentions = parser.parse(zambia)
    assert all(m.place.id != "geomap:southern-provinces" for m in mentions if m.place)


def test_person_names_are_not_places(parser: Geoparser) -> None:
    text = (
        "State Department spokesman Ned Price said on Monday that the Washington Post "
        "had asked Jordan's King Abdullah about the Brookings Institution report."
    )
    texts = {m.text for m in parser.parse(text)}
    assert "Price" not in texts and "Washington" not in texts and "Brookings" not in texts
    assert "Jordan" in texts


def test_places_leading_local_institutions_are_places(parser: Geoparser) -> None:
    text = "The Laurel County Sheriff's Office met on Monday. Hamas fired rockets at Ashkelon."
    found = {m.text: m.place for m in parser.parse(text)}
    assert found["Laurel County"] is not None and found["Laurel County"].country_code == "US"
    # A variant spelling of a German town does not make an organisation a place.
    assert "Hamas" not in found
    assert found["Ashkelon"] is not None and found["Ashkelon"].country_code == "IL"


def test_resolve_gold_spans_in_caller_order(parser: Geoparser) -> None:
    text = "Troops left Mosul for Kirkuk; Iraqi officials stayed in Erbil."
    spans = [(text.index("Erbil"), text.index("Erbil") + 5), (12, 17), (22, 28)]
    spans.append((text.index("Iraqi"), text.index("Iraqi") + 5))
    mentions = parser.resolve(text, spans)
    assert [(m.start, m.end) for m in mentions] == spans
    assert [m.place.name for m in mentions[:3]] == ["Erbil", "Mosul", "Kirkuk"]
    assert mentions[3].demonym and mentions[3].place.country_code == "IQ"


def test_resolve_rejects_spans_outside_the_text(parser: Geoparser) -> None:
    with pytest.raises(InputError):
        parser.resolve("Mosul", [(0, 50)])


def test_non_text_input_is_an_input_error(parser: Geoparser) -> None:
    with pytest.raises(InputError):
        parser.parse(b"Baghdad")  # type: ignore[arg-type]


def test_empty_and_placeless_text(parser: Geoparser) -> None:
    assert parser.parse("") == []
    assert parser.parse("the quick brown fox jumps over the lazy dog") == []


def test_geo_interface_feeds_shapely_and_geojson() -> None:
    [mention] = [m for m in geoparse("Shelling hit Kharkiv overnight.") if m.text == "Kharkiv"]
    feature = mention.__geo_interface__
    assert feature["type"] == "Feature"
    lon, lat = feature["geometry"]["coordinates"]
    assert 36 < lon < 37 and 49 < lat < 51  # Kharkiv, GeoJSON order
    assert shape(mention.place).geom_type == "Point"
    json.dumps(feature)  # plain JSON, nothing exotic


def test_unknown_mode_is_an_input_error() -> None:
    with pytest.raises(InputError):
        Geoparser(mode="slow")  # type: ignore[arg-type]


def test_unknown_sites_are_placed_at_the_nearest_local_place(parser: Geoparser) -> None:
    text = "Mourners gathered in Cairo at St. Mark's Coptic Cathedral after the attack."
    name = "St. Mark's Coptic Cathedral"
    start = text.index(name)
    cairo, cathedral = parser.resolve(text, [(21, 26), (start, start + len(name))])
    assert cairo.place is not None and not cairo.inferred
    assert cathedral.inferred and cathedral.place == cairo.place
    assert cathedral.precision == 2 and cathedral.confidence < cairo.confidence
    assert cathedral.to_dict()["inferred"] is True
    # With no town in the text, a country is too coarse to stand in.
    lone = "Fighting was reported in Syria near the Qatraneh Bridge."
    b = lone.index("Qatraneh Bridge")
    syria, bridge = parser.resolve(lone, [(25, 30), (b, b + len("Qatraneh Bridge"))])
    assert syria.place is not None and bridge.place is None and not bridge.inferred


def test_ner_finds_named_features_the_gazetteer_lacks(ner: Geoparser) -> None:
    text = "Divers searched the Neches River near Lufkin, Texas, on Tuesday."
    found = {m.text: m for m in ner.parse(text)}
    river = found.get("Neches River") or found.get("the Neches River")
    assert river is not None and river.inferred
    assert river.place is not None and river.place.name == "Lufkin"


def test_weak_names_stay_only_among_the_articles_places(fast: Geoparser) -> None:
    from geomap.geoparsing.tokens import Candidate

    def span(text: str, name: str, weak: bool = False) -> Candidate:
        start = text.index(name)
        return Candidate(start, start + len(name), name, weak=weak)

    text = "Torrington police and Waterbury officials met; Meredith said Baghdad was calm."
    both = fast.resolver.resolve(
        text,
        [
            span(text, "Torrington", weak=True),
            span(text, "Waterbury"),
            span(text, "Meredith", weak=True),
            span(text, "Baghdad"),
        ],
    )
    found = {m.text: m.place for m in both}
    # Torrington, Connecticut lies 28 km from Waterbury; no Meredith lies near
    # either of the article's sure places, so it is not a place here.
    assert found["Torrington"] is not None and found["Torrington"].admin1 == "Connecticut"
    assert "Meredith" not in found
    assert found["Baghdad"] is not None and found["Baghdad"].country_code == "IQ"


def test_places_that_lead_titles_and_schools(parser: Geoparser) -> None:
    text = (
        "Classes at East Bank Middle School were canceled, East Bank Mayor Chuck Blair "
        "said. An Alexandria man was hurt, Alexandria Police Spokeswoman Ashley "
        "Hildebrandt said."
    )
    spans = [(m.start, m.end) for m in parser.parse(text)]
    for name in ("East Bank", "Alexandria"):
        starts = [m.start() for m in re.finditer(name, text)]
        found = [sp for sp in spans if text[sp[0] : sp[1]] == name]
        assert [(s, s + len(name)) for s in starts] == found


def test_longer_names_and_short_words_are_not_their_parts(parser: Geoparser) -> None:
    text = "Storms in the Gulf of Alaska delayed tankers in the Gulf. She won the Miss category."
    found = [(m.text, m.place.name if m.place else None) for m in parser.parse(text)]
    gulfs = [m.start for m in parser.parse(text) if m.text == "Gulf"]
    assert gulfs == [text.rindex("Gulf")]
    assert ("Alaska", "Alaska") in found
    assert all(t != "Miss" for t, _ in found)


def test_many_word_places_opening_longer_names(parser: Geoparser) -> None:
    text = (
        "A volunteer from the Licking County Genealogy Society spoke at the Mount Pleasant "
        "Civic Center. DANIELSVILLE - Madison County commissioners voted Monday."
    )
    found = {m.text for m in parser.parse(text)}
    assert {"Licking County", "Mount Pleasant", "Madison County"} <= found


def test_a_lower_case_title_makes_a_surname(parser: Geoparser) -> None:
    text = 'Ripley High School won. "Tanner time!" exclaimed coach Ripley after the match.'
    ripleys = [m.start for m in parser.parse(text) if m.text == "Ripley"]
    assert text.rindex("Ripley") not in ripleys


def test_a_town_among_its_neighbours_stays_a_place(fast: Geoparser) -> None:
    near = "Tourists crowded Bath and Bristol on Sunday; a hot bath awaited them."
    found = {m.text: m.place for m in fast.parse(near)}
    assert found["Bath"] is not None and found["Bath"].country_code == "GB"


def test_a_name_does_not_vouch_for_itself_with_a_generic_word(parser: Geoparser) -> None:
    # "Karak district" is in Pakistan only, by name; it must not pull "Karak"
    # there against an article about Jordan.
    text = (
        "Jordanian forces and police in Irbid said gunmen attacked Karak. "
        "The attackers hid in Karak district, officials in Jordan said."
    )
    names = ["Jordanian", "Irbid", "Karak", "Karak district", "Jordan"]
    spans = []
    for name in names:
        start = text.index(name + ("." if name == "Karak" else ""))
        spans.append((start, start + len(name)))
    mentions = parser.resolve(text, spans)
    assert [m.text for m in mentions] == names
    karak = mentions[2]
    assert karak.place is not None and karak.place.country_code == "JO"


def test_a_bare_state_name_means_the_state(parser: Geoparser) -> None:
    text = "Farmers from Houston, Licking and Cabool, Missouri, drove cattle to Texas."
    found = {m.text: m.place for m in parser.parse(text)}
    assert found["Texas"] is not None and found["Texas"].kind == "admin1"
    # A region named after its own big city keeps the city's reading.
    egypt = parser.parse("Protesters marched in Cairo and Alexandria, Egypt, on Friday.")
    (alexandria,) = [m for m in egypt if m.text == "Alexandria"]
    assert alexandria.place is not None and alexandria.place.kind == "city"


def test_country_names_and_their_namesake_towns(parser: Geoparser) -> None:
    def places(text: str) -> dict[str, tuple[str, str | None]]:
        return {m.text: (m.place.kind, m.place.admin1) for m in parser.parse(text) if m.place}

    assert places("Floods hit Lebanon, Pennsylvania, on Monday.")["Lebanon"] == (
        "city",
        "Pennsylvania",
    )
    # A list is not a "City, Region" pair: Russia stays the country.
    assert places("Talks on Russia, U.S. officials said.")["Russia"] == ("country", None)
    assert places("Lebanon and Syria met; Hezbollah in Beirut.")["Lebanon"][0] == "country"


def test_canadian_and_australian_abbreviations(parser: Geoparser) -> None:
    text = "Floods hit Brandon, Man., and Toowoomba, Qld, on Monday."
    found = {m.text: m.place for m in parser.parse(text)}
    assert found["Man."] is not None and found["Man."].name == "Manitoba"
    assert found["Brandon"] is not None and found["Brandon"].admin1 == "Manitoba"
    assert found["Qld"] is not None and found["Qld"].name == "Queensland"


def test_small_places_in_compounds_are_weak(fast: Geoparser) -> None:
    text = "Wrestlers from Watertown-ML beat Delano and Mayer. Wal-Mart and Coca-Cola paid."
    found = {m.text: m.place for m in fast.parse(text)}
    # Watertown, Minnesota lies among the article's other towns; no "Cola"
    # or "Mart" does.
    assert found["Watertown"] is not None and found["Watertown"].admin1 == "Minnesota"
    assert set(found) == {"Watertown", "Delano", "Mayer"}


def test_streets_are_sites_in_the_town_they_are_said_to_be_in(parser: Geoparser) -> None:
    text = (
        "HOT SPRINGS, Ark. (AP) - A fire broke out on Hot Springs Drive in Lufkin, Texas, "
        "late Tuesday, and crews closed Denman Avenue for the night."
    )
    found = {m.text: m for m in parser.parse(text)}
    # The street is not the town whose name it carries: it is placed in the
    # town the article says it is in.
    in_hot_springs = [k for k, m in found.items() if m.place and m.place.name == "Hot Springs"]
    assert in_hot_springs == ["HOT SPRINGS"]
    drive = found["Hot Springs Drive"]
    assert drive.inferred and drive.place is not None and drive.place.name == "Lufkin"
    avenue = found["Denman Avenue"]
    assert avenue.inferred and avenue.place == drive.place
    assert avenue.precision == 2 and avenue.confidence < found["Lufkin"].confidence


def test_the_surname_of_a_full_name_is_that_person_alone(ner: Geoparser) -> None:
    text = (
        "Nancy Fairfield, 43, was charged on Monday in Dayton, Ohio. Fairfield declined "
        "to plead, and Fairfield's lawyers said little. Abraham Lincoln was quoted; "
        "Lincoln had said it first."
    )
    found = [m.text for m in ner.parse(text) if m.place is not None]
    assert "Fairfield" not in found and "Lincoln" not in found
    assert {"Dayton", "Ohio"} <= set(found)
    # A country or state keeps its sense: "Georgia" after "Georgia Frontiere".
    text = "Georgia Frontiere owned the team. Georgia voted on Tuesday, Atlanta said."
    assert "Georgia" in [m.text for m in ner.parse(text) if m.place is not None]


def test_saints_councils_and_numbered_roads(parser: Geoparser) -> None:
    text = (
        "RICHMOND, Va. (AP) - Crashes rose on St. Patrick's Day, Richmond Council said, "
        "and County Road 35 north of Glen Allen was closed."
    )
    found = {m.text: m for m in parser.parse(text)}
    assert "Patrick" not in found  # a saint, not Patrick County
    assert "County Road" not in found  # a numbered road, not a road named "County"
    council = [m for m in found.values() if m.start == text.index("Richmond Council")]
    assert council and council[0].place is not None and council[0].place.name == "Richmond"


def test_a_place_the_model_calls_a_person_is_a_place_where_things_are(ner: Geoparser) -> None:
    text = "Police said the missing woman was found Thursday in Glen Allen, and Calais was calm."
    found = {m.text: m for m in ner.parse(text)}
    assert "Glen Allen" in found and found["Glen Allen"].place is not None
    assert found["Glen Allen"].place.admin1 == "Virginia"


def test_abbreviations_and_units_named_after_towns(parser: Geoparser) -> None:
    text = (
        "CHARLESTON, W. Va. (AP) - Officials in Warren County's Hamilton Township, "
        "near Cincinnati, met in Washington, D.C.. Nothing changed."
    )
    found = {m.text: m for m in parser.parse(text)}
    assert found["W. Va."].place is not None and found["W. Va."].place.name == "West Virginia"
    assert "D.C." in found and "D.C.." not in found  # the full stop ends the sentence
    # The township is the mention, not the town of Hamilton inside its name.
    township = found["Hamilton Township"]
    assert "Hamilton" not in found
    assert township.place is not None and township.place.admin1 == "Ohio"


def test_english_words_are_weak_names(parser: Geoparser) -> None:
    # "Battle", "Liberal" and "Story" are small towns too, but here words of
    # names and titles: with no place of theirs around, they are not places.
    text = (
        "The Battle of the Bands drew a crowd; Liberal lawmakers were late, and Story "
        "time at the library was full, officials in Baghdad said."
    )
    found = {m.text for m in parser.parse(text) if m.place is not None}
    assert found == {"Baghdad"}
    # A word that names a town among the article's other places is kept.
    text = "READING, Pa. (AP) - Police in Reading and nearby Wyomissing closed two roads."
    reading = [m for m in parser.parse(text) if m.text == "Reading"]
    assert reading and reading[0].place is not None
    assert reading[0].place.admin1 == "Pennsylvania"


def test_frequent_personal_names_are_weak_names(fast: Geoparser) -> None:
    # Without a model, "Amanda" (Ohio) and "Moore" (Oklahoma)
    # said alone are people, unless among their own places.
    text = "Amanda and Moore said the fire near Baghdad was out."
    assert {m.text for m in fast.parse(text) if m.place is not None} == {"Baghdad"}


def test_bundled_word_lists() -> None:
    from geomap.resources import common_words, personal_names

    names = personal_names()
    assert {"george", "mary", "moore", "smith"} <= names and 1_000 < len(names) < 2_000
    words = common_words()
    assert {"battle", "story", "liberal", "reading"} <= words
    assert len(words) > 30_000
    assert all(w.isalpha() and w.islower() for w in words)
    assert "baghdad" not in words and "iraq" not in words  # proper nouns are left out


def test_a_bare_dateline_is_the_best_known_city(parser: Geoparser) -> None:
    # Agency copy with its tag stripped still opens with a dateline; a bare
    # one names the famous city, and a capital's dateline does not pull the
    # article's other names into its country.
    text = (
        "WASHINGTON Christopher Steele worked for the agency in Russia and Paris and "
        "at the Foreign Office in London, England, before he met officials in Iowa."
    )
    found = {m.text: m.place for m in parser.parse(text)}
    assert found["WASHINGTON"] is not None and found["WASHINGTON"].admin1_code == "US.DC"
    assert found["Paris"] is not None and found["Paris"].country_code == "FR"
    assert found["London"] is not None and found["London"].country_code == "GB"
    # A dateline with its state is that state's town.
    text = "WASHINGTON, Iowa The county fair opened on Friday."
    place = parser.parse(text)[0].place
    assert place is not None and place.admin1 == "Iowa"


def test_an_airport_by_its_bare_name_in_context(parser: Geoparser) -> None:
    text = "Fog in London, England, delayed flights at Heathrow on Saturday."
    heathrow = [m for m in parser.parse(text) if m.text == "Heathrow"]
    assert heathrow and heathrow[0].place is not None
    assert heathrow[0].place.id == "iata:LHR"


def test_a_stray_variant_is_placed_among_the_articles_places(parser: Geoparser) -> None:
    text = (
        "TBILISI, Georgia (AP) - South Ossetian forces attacked the Georgian-controlled "
        "villages of Nuli and Avnevi near Tskhinvali on Friday, officials in Gori said."
    )
    names = ["TBILISI", "Nuli", "Avnevi", "Tskhinvali", "Gori"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    found = dict(zip(names, parser.resolve(text, spans), strict=True))
    # A spelling variant of a village in American Samoa is not where this
    # Georgian village is: it is placed among the article's places instead.
    nuli = found["Nuli"]
    assert nuli.place is not None and nuli.place.country_code == "GE" and nuli.inferred
    assert found["Gori"].place is not None and not found["Gori"].inferred
    # A place reached by its own name is no stray ("Gori" is Gori, Georgia).
    assert found["Gori"].place.country_code == "GE"


def test_a_name_before_a_state_office_is_the_state(parser: Geoparser) -> None:
    text = "Former New York Gov. Mario Cuomo grew up in Queens, New York City."
    ny = parser.parse(text)[0]
    assert ny.text == "New York" and ny.place is not None
    assert (ny.place.kind, ny.place.admin1) == ("admin1", "New York")


def test_a_dateline_vouches_for_its_surroundings_not_its_whole_country(
    parser: Geoparser,
) -> None:
    text = (
        "NEWARK, N.J. (AP) - A French woman flew to San Francisco instead of Paris, "
        "the airline said from Newark."
    )
    paris = [m for m in parser.parse(text) if m.text == "Paris"]
    assert paris and paris[0].place is not None and paris[0].place.country_code == "FR"
    # Around the dateline, a namesake is still the local one.
    text = "NEWARK, N.J. (AP) - Crews in Elizabeth and Paterson cleared the roads."
    found = {m.text: m.place for m in parser.parse(text)}
    assert found["Paterson"] is not None and found["Paterson"].admin1 == "New Jersey"


def test_titles_and_given_names_make_people_of_big_towns(fast: Geoparser) -> None:
    # Lincoln (Nebraska) and George (South Africa) are cities of 100,000 or
    # more, but here a title and a surname make them people.
    text = "President Lincoln and George Bush were quoted in Baghdad, Iraq, on Monday."
    assert {m.text for m in fast.parse(text) if m.place is not None} == {"Baghdad", "Iraq"}
    # A state keeps its sense before a name.
    text = "Georgia Power raised rates in Atlanta, officials said."
    assert "Georgia" in {m.text for m in fast.parse(text) if m.place is not None}


def test_small_regions_of_small_countries_are_not_well_known(fast: Geoparser) -> None:
    # "Paul" is a council of Cape Verde: no reason to read a first name as it.
    text = "Police said Lt. Paul Smith was in Dallas on Friday."
    assert {m.text for m in fast.parse(text) if m.place is not None} == {"Dallas"}


def test_nobody_is_called_henry_county(parser: Geoparser) -> None:
    text = (
        "The 2008-09 Leadership Henry County class toured Paris, Tennessee. "
        "Henry County is rich in history."
    )
    found = [m for m in parser.parse(text) if m.text == "Henry County"]
    assert len(found) == 2 and all(m.place is not None for m in found)
    assert found[1].place is not None and found[1].place.admin1 == "Tennessee"


def test_a_big_town_after_a_given_name_is_a_surname_throughout(fast: Geoparser) -> None:
    # Lincoln, Nebraska is a city of 290,000; after "Robert" it is a person,
    # in this article only.
    text = "Gov. Robert Lincoln spoke in Boston. Lincoln later moved to Springfield, Illinois."
    found = {m.text for m in fast.parse(text) if m.place is not None}
    assert "Lincoln" not in found and {"Boston", "Springfield", "Illinois"} <= found
    assert "Lincoln" in {m.text for m in fast.parse("Lincoln, Nebraska, voted on Tuesday.")}


def test_an_abbreviated_title_makes_a_surname(parser: Geoparser) -> None:
    text = "A talk by Mrs. Lincoln, played by a local actress, in Richmond, Ky."
    found = {m.text for m in parser.parse(text) if m.place is not None}
    assert "Lincoln" not in found and {"Richmond", "Ky."} <= found


def test_an_english_word_town_before_a_name_is_still_the_town(parser: Geoparser) -> None:
    # "oxford" is an English word, not a given name: Oxford Crown Court sits
    # in Oxford.
    text = "Oxford Crown Court heard the case on Tuesday, police in Oxford, England, said."
    first = parser.parse(text)[0]
    assert (first.start, first.text) == (0, "Oxford")
    assert first.place is not None and first.place.country_code == "GB"


def test_a_namesake_abroad_wins_only_with_the_articles_evidence(parser: Geoparser) -> None:
    def found(text: str) -> dict:
        return {m.text: m for m in parser.parse(text) if m.place is not None}

    fire = "Paris police said the fire spread to two homes."
    # No evidence: the best-known place.
    assert found(fire)["Paris"].place.country_code == "FR"
    french = found(fire + " Crews from Lyon and Marseille helped.")["Paris"]
    assert french.place.country_code == "FR"
    # Sure places of the article in Tennessee: its home region, shown as
    # the evidence for the choice.
    paris = found(fire + " Crews from Nashville and Memphis helped.")["Paris"]
    assert (paris.place.country_code, paris.place.admin1) == ("US", "Tennessee")
    assert "home region" in dict(paris.reasons)
    # A town bearing a country's name, beside one neighbouring town.
    assert found("The Jordan council met on Monday.")["Jordan"].place.kind == "country"
    jordan = found("The Jordan council met on Monday. Residents of Shakopee came too.")["Jordan"]
    assert (jordan.place.country_code, jordan.place.admin1) == ("US", "Minnesota")
