"""Where an incident happened, in the ways event reports state it: names
qualified by their containers ("X (District, Province)"), unknown villages
followed by the area they lie in, the coder's own "coded as X", unit words
after a town's name. Sentences written for these tests."""

from __future__ import annotations

import dataclasses

import pytest
from eventcases import main

from geomap.events.consistency import consistent
from geomap.events.extract import Extractor
from geomap.events.qualifiers import qualified
from geomap.gazetteer.reverse import haversine_km
from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.parser import Geoparser
from geomap.models import Kind, Place


def test_bracketed_container_overrules_a_foreign_namesake(extractor: Extractor) -> None:
    # The geoparser reads "Sabaa" as a Malaysian state; the bracket says
    # the place is in Tripoli, whose surroundings are then the honest answer.
    text = "Artillery shells hit houses in Sabaa (Tripoli) overnight."
    mentions = extractor.geoparser.parse(text)
    head = next(m for m in mentions if m.text == "Sabaa")
    assert head.place is not None and head.place.country_code != "LY"
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == "LY"
    assert inc.geo_precision == 2


def test_unknown_first_qualifier_is_skipped(extractor: Extractor) -> None:
    # "Xelobu" is not a mention; "Soum" still qualifies the head.
    inc = main(extractor, "Gunmen killed a trader in Hoka (Xelobu, Soum) on Monday.")
    assert inc.place is not None and inc.place.country_code == "BF"
    assert inc.geo_precision is not None and inc.geo_precision >= 2


def test_qualifier_in_the_heads_country_leaves_the_head(extractor: Extractor) -> None:
    inc = main(extractor, "Protesters blocked the main road in Paris (Texas) on Monday.")
    assert inc.place is not None and inc.place.name == "Paris"
    assert inc.place.country_code == "US" and inc.geo_precision == 1


def test_list_of_towns_is_not_a_chain_of_qualifiers(extractor: Extractor) -> None:
    text = "Rebels attacked Kabul, Kandahar and Herat on Monday."
    mentions = extractor.geoparser.parse(text)
    assert [m.place for m in qualified(text, mentions)] == [m.place for m in mentions]


def test_bracket_of_other_words_is_no_qualifier(gazetteer: Gazetteer) -> None:
    text = "A bomb went off in Nairobi (police blamed a gang) on Monday."
    parser = Geoparser(gazetteer, mode="fast")
    mentions = parser.parse(text)
    assert [m.place for m in qualified(text, mentions)] == [m.place for m in mentions]


def test_area_of_an_unknown_village_after_a_locative(extractor: Extractor) -> None:
    # The village is unknown; the constituency that follows it is where the
    # event is, before the county named after it.
    inc = main(
        extractor,
        "Bandits shot two herders in Xelobu village, Kimilili constituency, in Bungoma County.",
    )
    assert inc.place is not None and inc.place.name == "Kimilili"
    assert inc.geo_precision == 2


def test_coded_as_names_the_coded_place(extractor: Extractor) -> None:
    inc = main(
        extractor,
        "Militants raided a hamlet east of Dori (coded as Djibo) and killed three people.",
    )
    assert inc.place is not None and inc.place.name == "Djibo"


def test_town_followed_by_its_unit_word(extractor: Extractor) -> None:
    # "Wajir Town" is the town, not a fragment of an unknown longer name.
    inc = main(extractor, "A grenade blast wounded two traders in Wajir Town on Sunday.")
    assert inc.place is not None and inc.place.name == "Wajir"
    assert inc.place.kind == Kind.CITY


def test_militia_named_after_a_region_is_not_the_scene(extractor: Extractor) -> None:
    inc = main(
        extractor,
        "Soldiers fired mortars at the positions of the Luhansk People's Militia "
        "in the area of Zolote on Friday.",
    )
    assert inc.place is not None and inc.place.name == "Zolote"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # A variant spelling ("Mogilev" for Mahilyow) after "in".
        ("Some forty people rallied in Mogilev on Sunday.", "Mogilev", "BY"),
        # An English word as a name, called a unit by the word after it.
        ("Soldiers detained two traders in Bingo department on Monday.", "Bingo", "BF"),
        # "the countryside of": the place it is the countryside of.
        ("Shells fell on farms in the eastern countryside of Idleb.", "Idleb", "SY"),
        # The ends of a road: small towns in a compound.
        ("A landmine hit a lorry on the Garsen-Lamu road at dawn.", "Garsen", "KE"),
    ],
)
def test_weak_name_in_an_event_reports_locative_frame(
    gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    found = [m for m in mentions if m.text == name]
    assert found and found[0].place is not None
    assert found[0].place.country_code == country


def test_first_name_after_in_stays_weak(gazetteer: Gazetteer) -> None:
    # "Leo" is a first name before it is a town: "in" alone does not make it one.
    mentions = Geoparser(gazetteer, mode="fast").parse("The award went to the team in Leo.")
    assert not [m for m in mentions if m.text == "Leo" and m.place is not None]


def test_bracket_after_an_unknown_name_names_units(extractor: Extractor) -> None:
    # "Kossi" alone reads as a town in India; after an unknown village and
    # in a bracket it is the Burkinabe province of that name.
    inc = main(extractor, "Gunmen burned granaries in Tiwega (Xelobu, Kossi) on Monday.")
    assert inc.place is not None and inc.place.country_code == "BF"
    assert inc.place.kind in (Kind.ADMIN1, Kind.ADMIN2)


def test_unresolved_qualifier_still_vouches_for_the_head(extractor: Extractor) -> None:
    # "Poni" is left unresolved and "Sud-Ouest" reads as a Cameroonian
    # region; Poni's Burkinabe province keeps the Burkinabe town.
    inc = main(extractor, "Teachers marched through Gaoua (Poni, Sud-Ouest) on Tuesday.")
    assert inc.place is not None and inc.place.name == "Gaoua"
    assert inc.place.country_code == "BF"


def test_qualifier_repeating_the_head_is_no_evidence(extractor: Extractor) -> None:
    text = "Residents blocked roads in Colon (Colon) on Monday."
    mentions = extractor.geoparser.parse(text)
    head = next(m for m in mentions if m.text == "Colon")
    inc = main(extractor, text)
    assert inc.place is not None and head.place is not None
    assert inc.place.id == head.place.id


def test_head_takes_its_namesake_inside_a_same_country_qualifier(
    gazetteer: Gazetteer,
) -> None:
    # The head read as the Springfield of another state; the qualifier
    # names the state, whose Springfield it then is.
    text = "Riots broke out in Springfield, Ohio."
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    head = next(m for m in mentions if m.text == "Springfield")
    other = next(
        p
        for p in gazetteer.lookup("Springfield", country="US", kind="city", limit=30)
        if p.admin1 not in (None, "Ohio")
    )
    wrong = [dataclasses.replace(m, place=other) if m is head else m for m in mentions]
    fixed = next(m for m in qualified(text, wrong, gazetteer) if m.text == "Springfield")
    assert fixed.place is not None and fixed.place.admin1 == "Ohio"


def test_name_before_an_admin_unit_word_is_a_place(gazetteer: Gazetteer) -> None:
    # "LGA", "Sub-County": units of Nigeria and Kenya written after the name.
    parser = Geoparser(gazetteer, mode="fast")
    for text, name, country in [
        ("Gunmen seized four farmers in Gujba LGA on Monday.", "Gujba", "NG"),
        ("Youths blocked the highway in Tiaty Sub-County.", "Tiaty", "KE"),
    ]:
        found = [m for m in parser.parse(text) if m.text == name]
        assert found and found[0].place is not None
        assert found[0].place.country_code == country


def test_part_of_a_town_read_with_the_town(extractor: Extractor) -> None:
    # "Brooklyn" alone is in the United States; "the Brooklyn area of
    # Mombasa" is a part of Mombasa.
    inc = main(extractor, "Traders protested in the Brooklyn area of Mombasa on Friday.")
    assert inc.place is not None and inc.place.name == "Mombasa"
    assert inc.geo_precision == 2


def test_qualifier_does_not_outrank_its_head(extractor: Extractor) -> None:
    inc = main(extractor, "Gunmen shot dead a shopkeeper in Celaya, Guanajuato, on Sunday.")
    assert inc.place is not None and inc.place.name == "Celaya"


@pytest.mark.parametrize(
    "text",
    [
        "Around 2 June 2021 (as reported), nurses marched in Celaya, Guanajuato, over pay.",
        "As reported on 2 June 2021, in Celaya, Guanajuato, nurses marched over unpaid wages.",
    ],
)
def test_as_reported_dates_the_report_and_does_not_place_a_speaker(
    extractor: Extractor, text: str
) -> None:
    inc = main(extractor, text, published="2021-06-03")
    assert inc.place is not None and inc.place.name == "Celaya"


def test_a_currency_named_after_a_country_does_not_pull_names_abroad(
    extractor: Extractor,
) -> None:
    # "US" names a currency here: it says nothing of where the town is, so
    # "Sidon" keeps its best-known reading in Lebanon.
    inc = main(
        extractor,
        "Shopkeepers angry at the soaring US dollar exchange rate marched to the "
        "central bank branch in Sidon on Tuesday.",
    )
    assert inc.place is not None and inc.place.country_code == "LB"


def test_a_currency_named_after_a_country_is_not_the_last_resort_place(
    extractor: Extractor,
) -> None:
    # The village is unknown: better no place than the currency's country.
    inc = main(
        extractor,
        "Farmers angry at the soaring US dollar exchange rate blocked the main road "
        "in Xelobu on Tuesday.",
    )
    assert inc.place is None or inc.place.country_code != "US"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # "Salim" is known only as a West Bank village; both other names
        # are Yemeni, so the Yemeni names place the event.
        (
            "Mortar rounds struck houses in Salim on Tuesday. "
            "The hamlet lies between Damt and Qaatabah.",
            "YE",
        ),
        # A clan named like a Scottish town.
        (
            "Herders of the Ayr clan clashed with farmers on Tuesday. "
            "Elders in Gaalkacyo and Hobyo condemned the fighting.",
            "SO",
        ),
    ],
)
def test_a_lone_foreign_reading_gives_way_to_the_reports_country(
    extractor: Extractor, text: str, country: str
) -> None:
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == country


def test_a_lone_foreign_reading_takes_its_namesake_in_the_reports_country(
    gazetteer: Gazetteer,
) -> None:
    text = "Youths rioted in Kwale after arrests in Msambweni and Ukunda."
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    head = next(m for m in mentions if m.text == "Kwale")
    abroad = next(p for p in gazetteer.lookup("Kwale", limit=10) if p.country_code == "NG")
    wrong = [dataclasses.replace(m, place=abroad) if m is head else m for m in mentions]
    fixed = next(m for m in consistent(text, wrong, gazetteer) if m.text == "Kwale")
    assert fixed.place is not None and fixed.place.country_code == "KE"


def test_one_name_against_one_is_a_draw(gazetteer: Gazetteer) -> None:
    # A capital and a foreign country's town: nothing says which is odd.
    text = "Traders from Kampala were robbed in Nairobi on Monday."
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    assert [m.place for m in consistent(text, mentions, gazetteer)] == [m.place for m in mentions]


def test_village_whose_namesakes_lie_outside_its_province_takes_the_province(
    extractor: Extractor,
) -> None:
    # The gazetteer knows Stepove only in other provinces; the event is in
    # the province the report gives, as an area.
    inc = main(extractor, "Artillery fire damaged farm buildings near Stepove, Luhansk, on Friday.")
    assert inc.place is not None and inc.place.admin1 == "Luhansk"
    assert inc.geo_precision is not None
    assert inc.geo_precision >= 2


def test_town_outside_the_province_named_keeps_its_place(extractor: Extractor) -> None:
    # A town of some size is placed by its name: the province is the slip.
    inc = main(extractor, "Students marched through Melitopol, Luhansk, on Friday.")
    assert inc.place is not None and inc.place.name == "Melitopol"


def test_last_name_of_an_address_is_the_province_of_that_name(extractor: Extractor) -> None:
    # "Kharkiv" alone is the city; closing "Stepove, Kharkiv" it is the
    # province, and Stepove's namesakes all lie in other provinces.
    inc = main(extractor, "Artillery fire damaged farm buildings near Stepove, Kharkiv, on Friday.")
    assert inc.place is not None and inc.place.admin1 == "Kharkiv"
    assert inc.geo_precision is not None and inc.geo_precision >= 2


def test_province_named_alone_stands_at_the_town_of_its_name(extractor: Extractor) -> None:
    inc = main(extractor, "Gunmen kidnapped two traders in Yazd province on Monday.")
    assert inc.place is not None and inc.place.kind == Kind.CITY
    assert inc.place.name == "Yazd" and inc.place.country_code == "IR"
    assert inc.geo_precision is not None and inc.geo_precision >= 2


def test_province_without_a_town_of_its_name_stays_the_province(extractor: Extractor) -> None:
    inc = main(extractor, "Farmers blocked highways across Sindh province on Monday.")
    assert inc.place is not None and inc.place.kind == Kind.ADMIN1


def test_lower_case_particle_inside_a_name(gazetteer: Gazetteer) -> None:
    # A Persian ezafe joins the town's name: not "Qala" elsewhere.
    text = "Police posts were attacked in Pul i Khumri overnight."
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    assert [m.text for m in mentions if m.place is not None] == ["Pul i Khumri"]


def test_apostrophe_before_a_closing_vowel_stays_in_the_name(gazetteer: Gazetteer) -> None:
    # "Dar'a" is the Syrian city, not "Dar" elsewhere; "Syria's" still
    # ends at its possessive.
    text = "Syria's army sent reinforcements to Dar'a on Sunday."
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    assert [m.text for m in mentions] == ["Syria", "Dar'a"]
    assert all(m.place is not None and m.place.country_code == "SY" for m in mentions)


def test_a_town_inside_a_groups_name_abroad_is_not_the_scene(extractor: Extractor) -> None:
    # "Raia" alone is a town in India; the document's region is Congolese.
    inc = main(
        extractor,
        "Militiamen of the Raia Mutomboki burned a school on Monday. "
        "Officials of South Kivu condemned the attack.",
    )
    assert inc.place is not None and inc.place.country_code == "CD"


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "In Celaya, Guanajuato, gunmen shot a shopkeeper in Colonia Del Valle on Sunday.",
            "Celaya",
        ),
        (
            "In Fortaleza, gunmen shot a shopkeeper in the Vila Mariana neighbourhood on Sunday.",
            "Fortaleza",
        ),
    ],
)
def test_a_part_of_a_town_read_far_from_the_town_is_a_namesake(
    extractor: Extractor, text: str, town: str
) -> None:
    # The gazetteer knows these neighbourhoods only in other cities.
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.name == town


def test_an_armed_groups_name_after_a_lower_case_article_is_no_place(
    extractor: Extractor,
) -> None:
    # "al Shabaab": the capitalised word alone names the group, not a
    # village of that name in Iran.
    inc = main(extractor, "Soldiers killed three members of al Shabaab on Monday.")
    assert inc.place is None or inc.place.country_code != "IR"


def test_a_people_named_by_its_group_noun_is_no_town(extractor: Extractor) -> None:
    # "Maasai pastoralists" are a people, not the Malaysian town of that name.
    inc = main(
        extractor, "Clashes between Maasai pastoralists and farmers left two dead on Monday."
    )
    assert inc.place is None or inc.place.country_code != "MY"


def test_a_name_in_its_province_is_qualified_by_it(extractor: Extractor) -> None:
    # "Harvest" alone is a town in Alabama; "in Idleb province" says where.
    inc = main(
        extractor, "Militants shelled houses in the town of Harvest in Idleb province on Monday."
    )
    assert inc.place is not None and inc.place.country_code == "SY"


def _km(place: Place, lat: float, lon: float) -> float:
    return haversine_km(place.latitude, place.longitude, lat, lon)


def test_district_seat_is_not_a_namesake_village_across_the_province(
    extractor: Extractor,
) -> None:
    # Chiapas has several villages named Cintalapa, far from the
    # municipality; its seat has a longer name, so the municipality's own
    # point stands for the event.
    inc = main(extractor, "Farmers blocked a highway in Cintalapa municipality on Friday.")
    assert inc.place is not None and inc.place.country_code == "MX"
    assert _km(inc.place, 16.68, -93.72) < 25


def test_unit_word_takes_the_unit_around_the_resolved_town(extractor: Extractor) -> None:
    # "municipality" asks for the municipality of the town read in
    # Chihuahua, not for the capital's borough of the same name.
    inc = main(
        extractor, "Two ranchers were shot dead in Cuauhtemoc municipality of Chihuahua state."
    )
    assert inc.place is not None and inc.place.admin1 == "Chihuahua"
    assert _km(inc.place, 28.41, -106.87) < 25


def test_part_of_a_town_read_far_away_takes_the_town(extractor: Extractor) -> None:
    # "Rampur" is read in another state; "area of Surat city" says where it is.
    inc = main(
        extractor, "Police fired tear gas at stone-throwers in the Rampur area of Surat city."
    )
    assert inc.place is not None and inc.place.name == "Surat"
    assert inc.geo_precision == 2


def test_province_after_in_qualifies_the_place_before_it(extractor: Extractor) -> None:
    # "in Daraa" names the governorate Jasim lies in, not a second scene.
    inc = main(extractor, "Residents of Jasim in Daraa staged a sit-in over bread shortages.")
    assert inc.place is not None and inc.place.name == "Jasim"


def test_origin_after_from_is_not_the_scene(extractor: Extractor) -> None:
    inc = main(extractor, "Traders from Kisumu protested outside parliament in Nairobi on Monday.")
    assert inc.place is not None and inc.place.name == "Nairobi"


def test_city_after_a_name_takes_the_town_not_its_district(extractor: Extractor) -> None:
    inc = main(extractor, "Lawyers protested outside the courts in Larkana city on Tuesday.")
    assert inc.place is not None and inc.place.kind == Kind.CITY
    assert inc.place.name == "Larkana"


def test_town_in_a_groups_name_places_an_otherwise_unplaced_event(
    extractor: Extractor,
) -> None:
    # No place outside the group's name: the group's town is the best guess,
    # at the precision of an area.
    text = "Members of the Garissa Traders Association marched against new market levies."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.name == "Garissa"
    assert inc.geo_precision == 2


def test_bracket_after_a_country_names_the_finer_place(extractor: Extractor) -> None:
    # From coarse to fine: the bracket after "eastern Ukraine" says where.
    text = "Shelling damaged several houses in eastern Ukraine (Popasna, Luhansk) on Sunday."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.name == "Popasna"


def test_bracket_after_a_province_names_the_town(extractor: Extractor) -> None:
    text = "Teachers held a sit-in at the education office in Sindh (Hyderabad) on Monday."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.name == "Hyderabad"
    assert inc.place.country_code == "PK"


def test_unknown_village_of_a_town_is_placed_at_the_town_as_an_area(
    extractor: Extractor,
) -> None:
    # "Ortaklar" is read as a namesake across the country; "village of
    # Semdinli" says it is Semdinli's, and the gazetteer lacks it.
    text = "An explosive device killed a shepherd in Ortaklar village of Semdinli on Sunday."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.name == "Semdinli"
    assert inc.geo_precision == 2


def test_part_word_before_the_rest_of_its_name_is_no_town(extractor: Extractor) -> None:
    # "Colonia" opens the name of a neighbourhood ("Colonia 12 de
    # Diciembre"), not the village called La Colonia 50 km away.
    text = "In Zapopan, Jalisco, gunmen killed a mechanic in Colonia 12 de Diciembre on Friday."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.name == "Zapopan"


def test_town_of_the_country_named_beats_the_country(extractor: Extractor) -> None:
    # "in Kenya" says only the country; the town the same sentence names is
    # in it and says more.
    inc = main(extractor, "Kakamega traders marched against rising food prices in Kenya.")
    assert inc.place is not None and inc.place.name == "Kakamega"
    assert inc.place.kind == Kind.CITY


def test_a_country_named_as_a_border_is_not_the_scene(extractor: Extractor) -> None:
    # "near the Togo border" draws a line; the province named is the place.
    text = "Two herders were shot dead at a well of Koulpelogo province, near the Togo border."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == "BF"
    assert inc.place.kind != Kind.COUNTRY


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # Raiders' nationality against the land they raided.
        ("Somali bandits raided a Kenyan village and drove off the cattle.", "KE"),
        # A foreigner's nationality against the police acting at home.
        ("Armed men robbed a German missionary; Ugandan police later arrested them.", "UG"),
    ],
)
def test_nationality_of_the_land_beats_that_of_raiders_and_foreigners(
    extractor: Extractor, text: str, country: str
) -> None:
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == country


def test_origin_country_gives_way_to_the_land_struck(extractor: Extractor) -> None:
    # "from Tanzania" says where the men came from; "a Kenyan village"
    # is where they struck.
    text = "Armed men from Tanzania burned a Kenyan village at night."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == "KE"


def test_a_country_that_hosts_a_party_is_not_the_scene(extractor: Extractor) -> None:
    # "a Somalia-based gang" says where the gang is from, not where it shot.
    text = "Tanzanian police said two traders were shot dead by members of a Somalia-based gang."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == "TZ"


def test_a_border_country_gives_way_to_the_other_side_named(extractor: Extractor) -> None:
    # A border has two sides; the soldiers' nationality says which one.
    text = "Two Togolese soldiers were killed in an ambush near the border with Burkina Faso."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == "TG"
