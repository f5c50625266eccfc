"""Incidents, actors and exports from news text (geomap.extract and friends).

Everything runs against the real default gazetteer and geoparser. The short
articles below were written for these tests; places and events are
illustrative.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.events.actors import find_actors
from geomap.events.casualties import casualties
from geomap.events.extract import Extractor, extract, extract_findings
from geomap.events.sentences import split_sentences
from geomap.events.taxonomy import (
    BATTLES,
    EVENT_TYPES,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    VIOLENCE,
)
from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.parser import Geoparser
from geomap.models import Actor, Extraction, Incident
from geomap.scale.export import CSV_COLUMNS, EXTRA_COLUMNS, to_csv, to_geodataframe, to_geojson

# -- fixtures ----------------------------------------------------------------------


@pytest.fixture(scope="module", params=["fast", "ner"])
def geoparser(request: pytest.FixtureRequest, gazetteer: Gazetteer) -> Geoparser:
    """Both recognisers: extraction must work with spaCy and without it."""
    if request.param == "ner":
        pytest.importorskip("spacy")
        from geomap.errors import GeomapError
        from geomap.geoparsing.parser import load_spacy

        try:
            return Geoparser(gazetteer, mode="ner", nlp=load_spacy())
        except GeomapError as exc:
            pytest.skip(str(exc))
    return Geoparser(gazetteer, mode="fast")


@pytest.fixture(scope="module")
def example_text(repo_root: Path) -> str:
    return (repo_root / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def example(example_text: str, geoparser: Geoparser) -> Extraction:
    return extract(example_text, geoparser=geoparser, source="baghdad-2021-11-07.txt")


def _has_green_zone(gazetteer: Gazetteer) -> bool:
    return any("green zone" in p.name.lower() for p in gazetteer.lookup("Green Zone", limit=3))


def _green_zone_or_xfail(gazetteer: Gazetteer) -> None:
    if not _has_green_zone(gazetteer):
        pytest.xfail(
            "the gazetteer has no Green Zone yet: it comes with the hand-made layer "
            "(gazetteer/handmade/places.geojson), which is being added separately"
        )


def _only(incidents: Sequence[Incident], event_type: str, sub_type: str | None = None) -> Incident:
    found = [
        i
        for i in incidents
        if i.event_type == event_type and (sub_type is None or i.sub_event_type == sub_type)
    ]
    assert len(found) == 1, [(i.event_type, i.sub_event_type, i.date) for i in incidents]
    return found[0]


def _actor(actors: Sequence[Actor], surname: str) -> Actor:
    found = [a for a in actors if a.name.lower().endswith(surname.lower())]
    assert len(found) == 1, [a.name for a in actors]
    return found[0]


# -- the example article ------------------------------------------------------------


def test_example_publication_date_comes_from_the_text(example: Extraction) -> None:
    assert example.published == dt.date(2021, 11, 7)


def test_example_drone_attack_is_one_incident(example: Extraction, gazetteer: Gazetteer) -> None:
    strike = _only(example.incidents, EXPLOSIONS, "Air/drone strike")
    assert strike.date == dt.date(2021, 11, 7)
    # Five passages in four paragraphs tell of the same attack.
    paragraphs = {example.text.count("\n\n", 0, e.start) for e in strike.evidence}
    assert len(paragraphs) >= 4
    assert strike.injured == 7  # "Seven of ... security guards were injured"
    assert strike.fatalities is None  # none stated
    assert strike.actor1 is not None and strike.actor1.startswith("Unidentified Armed Group")
    assert strike.source == "baghdad-2021-11-07.txt"
    _green_zone_or_xfail(gazetteer)
    assert strike.place is not None
    assert "green zone" in (strike.place.id + strike.place.name).lower().replace("-", " ")
    assert strike.geo_precision == 1


def test_example_friday_protest_at_the_green_zone_edge(
    example: Extraction, gazetteer: Gazetteer
) -> None:
    friday = [i for i in example.incidents if i.date == dt.date(2021, 11, 5)]
    assert len(friday) == 1
    protest = friday[0]
    assert protest.event_type in (PROTESTS, RIOTS, BATTLES)
    assert protest.fatalities == 1  # "a protester ... was killed"
    assert protest.injured is None  # "Dozens of security forces" is not a number
    assert protest.actor2 is not None and "Security Forces" in protest.actor2
    _green_zone_or_xfail(gazetteer)
    assert protest.place is not None and "green zone" in protest.place.name.lower()
    assert protest.geo_precision == 2  # "attempted to enter the green zone": its edge


def test_example_troop_deployment(example: Extraction) -> None:
    troops = _only(example.incidents, STRATEGIC, "Other")
    assert troops.date == dt.date(2021, 11, 7)
    assert troops.place is not None and troops.place.name == "Baghdad"
    assert troops.geo_precision == 2  # "around Baghdad"
    assert troops.actor1 == "Military Forces of Iraq"


def test_example_reactions_are_not_incidents(example: Extraction) -> None:
    # Condemnations by Iran, Egypt, the US and Saudi Arabia, the funeral, the
    # 2019 protests (background): none is an incident of its own.
    assert len(example.incidents) == 3
    assert all(i.date and i.date >= dt.date(2021, 11, 1) for i in example.incidents)


def test_example_background_on_request(example_text: str, geoparser: Geoparser) -> None:
    ex, findings = extract_findings(example_text, geoparser=geoparser, include_background=True)
    old = [f for f in findings if f.background]
    assert len(old) == 1
    assert old[0].incident.event_type == PROTESTS
    assert old[0].incident.date == dt.date(2019, 9, 1)
    assert old[0].incident.date_precision == "year"  # "late 2019"
    assert len(ex.incidents) == 4


def test_example_evidence_offsets_point_into_the_text(example: Extraction) -> None:
    for incident in example.incidents:
        assert incident.evidence
        for e in incident.evidence:
            assert example.text[e.start : e.end] == e.text
        assert 0.0 < incident.confidence < 1.0
        assert incident.event_type in EVENT_TYPES
        assert incident.sub_event_type in EVENT_TYPES[incident.event_type]


def test_example_remarks_explain_the_coding(example_text: str, geoparser: Geoparser) -> None:
    _, findings = extract_findings(example_text, geoparser=geoparser)
    friday = next(f for f in findings if f.incident.date == dt.date(2021, 11, 5))
    assert "injured: 'Dozens' is not a number" in friday.remarks
    assert "date: 'Friday'" in friday.remarks


@pytest.mark.parametrize(
    ("surname", "country", "city"),
    [
        ("al-Kadhimi", "IQ", "Baghdad"),
        ("Khatibzadeh", "IR", "Tehran"),
        ("el-Sisi", "EG", "Cairo"),
        ("Ned Price", "US", "Washington"),
        ("Mikati", "LB", "Beirut"),
        ("Macron", "FR", "Paris"),
        ("Abdullah", "JO", "Amman"),
        ("Barham Salih", "IQ", "Baghdad"),
    ],
)
def test_example_actors_are_placed(
    example: Extraction, surname: str, country: str, city: str
) -> None:
    actor = _actor(example.actors, surname)
    assert actor.kind == "person"
    assert actor.place is not None
    assert actor.place.country_code == country
    assert actor.place.name == city
    assert actor.location_note and "seat of" in actor.location_note


def test_example_actor_roles_and_affiliations(example: Extraction) -> None:
    khatibzadeh = _actor(example.actors, "Khatibzadeh")
    assert (khatibzadeh.role, khatibzadeh.affiliation) == ("spokesman", "Iranian Foreign Ministry")
    assert _actor(example.actors, "Ned Price").affiliation == "State Department"
    assert _actor(example.actors, "Mikati").role == "Prime Minister"
    khazali = _actor(example.actors, "al-Khazali")
    assert (khazali.role, khazali.affiliation) == ("militia leader", "Asaib Ahl al-Haq")
    groups = {a.name for a in example.actors if a.kind == "armed_group"}
    assert {"Asaib Ahl al-Haq", "Popular Mobilization Forces"} <= groups


def test_example_repeated_references_merge(example: Extraction) -> None:
    text = example.text
    kadhimi = _actor(example.actors, "al-Kadhimi")
    forms = {text[s:e] for s, e in kadhimi.spans}
    assert {"Mustafa al-Kadhimi", "Al-Kadhimi", "al-Khadimi", "Al-Khadimi"} <= forms
    sisi = _actor(example.actors, "el-Sisi")
    assert "El-Sissi" in {text[s:e] for s, e in sisi.spans}
    assert len([a for a in example.actors if "Kadhimi" in a.name]) == 1
    # "Ned Price" is a person: his surname is not "Prime" misspelt.
    price = _actor(example.actors, "Ned Price")
    assert {text[s:e] for s, e in price.spans} == {"Ned Price"}


def test_example_reporters_from_the_contributor_line(example: Extraction) -> None:
    reporters = {a.name: a for a in example.actors if a.kind == "reporter"}
    expected = {
        "Zeina Karam": "Vienna",
        "Sarah El Deeb": "Beirut",
        "Jon Gambrell": "Dubai",
        "Aya Batrawy": "Dubai",
        "Samy Magdy": "Cairo",
    }
    for name, city in expected.items():
        place = reporters[name].place
        assert place is not None and place.name == city, name
        assert "contributor line" in (reporters[name].location_note or "")
    agency = reporters["Associated Press"]
    assert agency.place is not None and agency.place.name == "Baghdad"
    assert agency.location_note and "dateline" in agency.location_note


# -- articles written for these tests -----------------------------------------------

BATTLE = """date 2023-03-14 KIDAL, Mali (AP) — Fighters from two rival armed groups clashed \
on Monday near the town of Ansongo in northern Mali, killing at least 12 people, local \
officials said.

The fighting between the Platform coalition and the Coordination of Azawad Movements lasted \
several hours, according to a resident reached by telephone. Four civilians were wounded.

A spokesman for the Coordination of Azawad Movements, Mohamed Ould Mahmoud, said his group \
had repelled the attack and would not give up its positions.

The United Nations mission in Mali condemned the violence and called for restraint.
"""

PROTEST = """NAIROBI, Kenya (AP) — Thousands of protesters marched through central Nairobi on \
Tuesday to denounce rising fuel prices, and police fired tear gas to disperse them near \
Parliament.

Demonstrators chanted slogans against the government and some jeered at officers, witnesses \
said. No injuries were reported.

Interior Minister Kithure Kindiki said the protest had been illegal. Opposition leaders said \
another rally will be held next week.
"""

AIRSTRIKE = """date 2022-08-22 KABUL, Afghanistan — A drone strike hit a house in Chahar Dara \
district of Kunduz province late Saturday, killing three men, a provincial official said \
Sunday.

The official, who spoke on condition of anonymity, said the men were farmers. Two children \
were also injured in the strike.

It was not immediately clear who carried out the attack.
"""

NO_INCIDENT = """date 2023-02-02 CAIRO (AP) — Egypt's central bank raised its main interest \
rates on Thursday, its third increase in six months, as the government struggles with \
inflation.

Markets rallied after the announcement and the pound strengthened against the dollar. \
Finance Minister Mohamed Maait said the economy would grow by 4% this year.

The International Monetary Fund praised the reforms. Maait, who was detained briefly in 2011 \
during the uprising, told reporters in Cairo that the government would not resort to new \
taxes and would avoid any attack on subsidies.
"""

TWO_COUNTRIES = """date 2024-02-05 BEIRUT (AP) — An Israeli airstrike struck a car near the \
southern Lebanese town of Nabatieh on Sunday, killing two people, Lebanon's state news agency \
said.

In neighboring Syria, gunmen abducted four aid workers on the road between Idlib and Aleppo \
on Saturday, the aid group said in a statement from Gaziantep, Turkey. No group claimed \
responsibility for the abduction.

The European Union condemned both attacks.
"""

SUICIDE = """MOGADISHU, Somalia (AP) — A suicide bomber blew himself up at a busy market in \
Baidoa on Wednesday, killing 12 people and wounding dozens, police said.

Al-Shabab claimed responsibility for the bombing in a statement on its radio station.

In Washington, the State Department condemned the attack. "We stand with the people of \
Somalia," spokesman Matthew Miller said.
"""


def test_battle_between_two_armed_groups(geoparser: Geoparser) -> None:
    ex = extract(BATTLE, geoparser=geoparser)
    assert len(ex.incidents) == 1
    battle = ex.incidents[0]
    assert (battle.event_type, battle.sub_event_type) == (BATTLES, "Armed clash")
    assert battle.date == dt.date(2023, 3, 13)  # Monday before a Tuesday article
    assert battle.place is not None and battle.place.name == "Ansongo"
    assert battle.geo_precision == 2  # "near the town of Ansongo"
    assert battle.fatalities == 12  # "at least 12"
    assert battle.injured == 4  # "Four civilians were wounded"
    assert {battle.actor1, battle.actor2} == {
        "Platform coalition",
        "Coordination of Azawad Movements",
    }
    spokesman = _actor(ex.actors, "Mohamed Ould Mahmoud")
    assert spokesman.role == "spokesman"
    assert spokesman.affiliation == "Coordination of Azawad Movements"


def test_protest_in_a_capital(geoparser: Geoparser) -> None:
    ex = extract(PROTEST, published=dt.date(2023, 7, 12), geoparser=geoparser)
    # The rally announced for next week has not happened: one incident.
    assert len(ex.incidents) == 1
    protest = ex.incidents[0]
    assert (protest.event_type, protest.sub_event_type) == (PROTESTS, "Protest with intervention")
    assert protest.date == dt.date(2023, 7, 11)
    assert protest.place is not None and protest.place.name == "Nairobi"
    assert protest.place.country_code == "KE"
    assert (protest.actor1, protest.actor2) == ("Protesters (Kenya)", "Police Forces of Kenya")
    assert protest.fatalities is None
    minister = _actor(ex.actors, "Kindiki")
    assert minister.place is not None and minister.place.name == "Nairobi"


def test_airstrike_in_a_rural_district(geoparser: Geoparser) -> None:
    ex = extract(AIRSTRIKE, geoparser=geoparser)
    assert len(ex.incidents) == 1
    strike = ex.incidents[0]
    assert (strike.event_type, strike.sub_event_type) == (EXPLOSIONS, "Air/drone strike")
    assert strike.date == dt.date(2022, 8, 20)  # "late Saturday", not "said Sunday"
    assert strike.date_precision == "day"
    assert strike.place is not None
    assert strike.place.name == "Chahar Dara" and strike.place.kind == "admin2"
    assert strike.geo_precision == 2
    assert (strike.fatalities, strike.injured) == (3, 2)
    assert strike.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert strike.actor2 == "Civilians (Afghanistan)"


def test_article_without_incidents(geoparser: Geoparser) -> None:
    ex = extract(NO_INCIDENT, geoparser=geoparser)
    # "Markets rallied", "detained briefly in 2011", "would avoid any attack":
    # a rally of prices, background, a hypothetical.
    assert ex.incidents == ()
    maait = _actor(ex.actors, "Maait")
    assert maait.role == "Finance Minister"
    assert maait.place is not None and maait.place.name == "Cairo"


def test_two_events_in_two_countries(geoparser: Geoparser) -> None:
    ex = extract(TWO_COUNTRIES, geoparser=geoparser)
    assert len(ex.incidents) == 2
    strike = _only(ex.incidents, EXPLOSIONS, "Air/drone strike")
    assert strike.date == dt.date(2024, 2, 4)
    assert strike.place is not None and strike.place.country_code == "LB"
    assert strike.place.kind == "city"  # "the town of Nabatieh", not the governorate
    assert strike.geo_precision == 2
    assert strike.fatalities == 2
    assert strike.actor1 == "Military Forces of Israel"
    abduction = _only(ex.incidents, VIOLENCE, "Abduction/forced disappearance")
    assert abduction.date == dt.date(2024, 2, 3)
    assert abduction.place is not None and abduction.place.country_code == "SY"
    # Gaziantep is where the statement came from, not where it happened.
    assert abduction.place.name != "Gaziantep"
    assert abduction.actor1 == "Unidentified Armed Group (Syria)"
    assert abduction.actor2 == "Civilians (Syria)"


def test_suicide_bombing_claimed_by_a_named_group(geoparser: Geoparser) -> None:
    ex = extract(SUICIDE, published="2023-11-08", geoparser=geoparser)
    assert len(ex.incidents) == 1
    bomb = ex.incidents[0]
    assert (bomb.event_type, bomb.sub_event_type) == (EXPLOSIONS, "Suicide bomb")
    assert bomb.date == dt.date(2023, 11, 8)
    assert bomb.place is not None and bomb.place.name == "Baidoa"  # not Washington
    assert (bomb.fatalities, bomb.injured) == (12, None)
    assert bomb.actor1 == "Al-Shabab"
    assert bomb.actor2 == "Civilians (Somalia)"  # "police said" is a source, not a party
    assert any(a.name == "Al-Shabab" and a.kind == "armed_group" for a in ex.actors)


def test_publication_date_fallback_lowers_confidence(geoparser: Geoparser) -> None:
    dated = extract("Gunmen abducted two engineers in Kirkuk on Monday.", published="2024-05-08")
    undated = extract("Gunmen abducted two engineers in Kirkuk.", published="2024-05-08")
    assert dated.incidents[0].date == dt.date(2024, 5, 6)
    assert undated.incidents[0].date == dt.date(2024, 5, 8)
    assert undated.incidents[0].confidence < dated.incidents[0].confidence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Militants stormed an army base in Borno state on Tuesday, killing 12 soldiers.",
            [(BATTLES, "Armed clash")],
        ),
        (
            "Protesters stormed the parliament in Colombo on Tuesday.",
            [(RIOTS, "Violent demonstration")],
        ),
        (
            "Police arrested three men suspected of planning an attack in Kabul on Tuesday.",
            [(STRATEGIC, "Arrests")],
        ),
        (
            "Security forces defused a roadside bomb on the highway between Kandahar and Kabul.",
            [(STRATEGIC, "Disrupted weapons use")],
        ),
        (
            "The army recaptured the town of Palma from insurgents last week.",
            [(BATTLES, "Government regains territory")],
        ),
        (
            "Russian missiles struck Kharkiv overnight, injuring 15 people.",
            [(EXPLOSIONS, "Shelling/artillery/missile attack")],
        ),
        ("Protesters were arrested in Minsk on Sunday.", [(PROTESTS, "Protest with intervention")]),
        ("The president will visit Baghdad on Monday.", []),
        ("Protests are planned in Lagos next week.", []),
        ("The government denied that troops had opened fire on protesters in Khartoum.", []),
        ("Patriots fans celebrated in Boston on Sunday.", []),
    ],
)
def test_one_sentence_reports(
    sentence: str, expected: list[tuple[str, str]], geoparser: Geoparser
) -> None:
    ex = extract(sentence, published="2023-06-07", geoparser=geoparser)
    assert [(i.event_type, i.sub_event_type) for i in ex.incidents] == expected


# -- pieces --------------------------------------------------------------------------


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "Gen. Ali Hassan met U.S. troops in Mosul. They left on Oct. 10.\n\nA new paragraph."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Gen. Ali Hassan met U.S. troops in Mosul.",
        "They left on Oct. 10.",
        "A new paragraph.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Seven of the guards were injured.", (None, 7)),
        ("A protester affiliated with the militias was killed.", (1, None)),
        ("The blast killed 12 people and wounded twenty-five others.", (12, 25)),
        ("At least 1,200 people were killed.", (1200, None)),
        ("Dozens of security forces were injured.", (None, None)),
        ("The death toll rose to 31.", (31, None)),
        ("Two thirds of the seats were lost.", (None, None)),
    ],
)
def test_casualties(sentence: str, expected: tuple[int | None, int | None]) -> None:
    killed, injured, _ = casualties(sentence)
    assert (killed, injured) == expected


def test_actors_found_without_the_geoparser_argument(gazetteer: Gazetteer) -> None:
    actors = find_actors(
        "Lebanese Prime Minister Najib Mikati called on Sunday.", gazetteer=gazetteer
    )
    assert [(a.name, a.role) for a in actors] == [("Najib Mikati", "Prime Minister")]


def test_spacy_people_are_an_optional_extra(example_text: str, gazetteer: Gazetteer) -> None:
    pytest.importorskip("spacy")
    from geomap.errors import GeomapError
    from geomap.geoparsing.parser import load_spacy

    try:
        nlp = load_spacy()
    except GeomapError as exc:  # the model is not installed
        pytest.skip(str(exc))
    fast = Geoparser(gazetteer, mode="fast")
    plain = Extractor(fast).extract(example_text)
    with_ner = Extractor(fast, nlp=nlp).extract(example_text)
    names = {a.name for a in with_ner.actors}
    assert {a.name for a in plain.actors} <= names
    assert with_ner.incidents == plain.incidents


# -- input errors --------------------------------------------------------------------


def test_text_must_be_a_string() -> None:
    with pytest.raises(InputError, match="expected text"):
        extract(b"bytes")  # type: ignore[arg-type]


def test_unreadable_publication_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="publication date"):
        extract("Troops deployed around Baghdad.", published="last Tuesday-ish")


@pytest.mark.parametrize(
    "published", [dt.date(2021, 11, 7), dt.datetime(2021, 11, 7, 9, 30), "2021-11-07"]
)
def test_publication_date_forms(published: object, geoparser: Geoparser) -> None:
    ex = extract("Troops deployed around Baghdad on Friday.", published=published)  # type: ignore[arg-type]
    assert ex.published == dt.date(2021, 11, 7)
    assert ex.incidents[0].date == dt.date(2021, 11, 5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                "Troops killed protesters clashed in Baghdad on Friday . the attack , "
                "Seven were injured Al-Kadhimi said “ ” \n\n airstrike near Mosul".split(" ")
            ),
            max_size=40,
        ).map(" ".join),
    )
)
def test_extract_never_raises_on_text(text: str) -> None:
    ex = extract(text, published="2021-11-07")
    for incident in ex.incidents:
        for e in incident.evidence:
            assert text[e.start : e.end] == e.text
    for actor in ex.actors:
        assert all(0 <= s < e <= len(text) for s, e in actor.spans)


# -- exports -------------------------------------------------------------------------


def test_geojson_is_valid_and_lon_lat(example: Extraction) -> None:
    data = to_geojson(example)
    # Strict JSON: no NaN, no tuples, nothing json cannot write.
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["type"] == "FeatureCollection"
    layers = [f["properties"]["layer"] for f in data["features"]]
    assert set(layers) == {"incidents", "actors", "mentions"}
    assert layers.count("incidents") == len(example.incidents)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geom = feature["geometry"]
        assert geom is None or geom["type"] == "Point"
        if geom is not None:
            lon, lat = geom["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    troops = next(f for f in data["features"] if f["properties"].get("event_type") == STRATEGIC)
    lon, lat = troops["geometry"]["coordinates"]
    assert lon == pytest.approx(44.4, abs=0.2) and lat == pytest.approx(33.3, abs=0.2)
    assert len({f["id"] for f in data["features"]}) == len(data["features"])
    assert to_geojson(example) == data  # deterministic


def test_geojson_keeps_unplaced_with_null_geometry(geoparser: Geoparser) -> None:
    ex = extract("Protesters were arrested on Friday.", published="2021-11-07")
    assert ex.incidents and ex.incidents[0].place is None
    features = to_geojson(ex, layers=["incidents"])["features"]
    assert [f["geometry"] for f in features] == [None]


def test_csv_columns_exactly(example: Extraction) -> None:
    text = to_csv(example)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
        "location", "latitude", "longitude", "geo_precision", "fatalities", "notes", "source",
        "injured", "confidence", "evidence_start", "evidence_end",
    ]  # fmt: skip
    assert tuple(rows[0]) == CSV_COLUMNS + EXTRA_COLUMNS
    assert len(rows) == 1 + len(example.incidents)
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["country"] == "Iraq"
    assert float(record["latitude"]) == pytest.approx(33.3, abs=0.2)
    assert float(record["longitude"]) == pytest.approx(44.4, abs=0.2)
    assert to_csv(example) == text  # deterministic
    acled_only = next(csv.reader(io.StringIO(to_csv(example, extra=False))))
    assert tuple(acled_only) == CSV_COLUMNS


def test_geodataframe(example: Extraction, geoparser: Geoparser) -> None:
    second = extract(TWO_COUNTRIES, geoparser=geoparser)
    frame = to_geodataframe([example, second])
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert len(frame) == len(example.incidents) + len(second.incidents)
    assert list(frame.columns[: len(CSV_COLUMNS)]) == list(CSV_COLUMNS)
    row = frame.iloc[0]
    assert row.geometry.x == pytest.approx(row["longitude"])
    assert row.geometry.y == pytest.approx(row["latitude"])
    assert str(frame["fatalities"].dtype) == "Int64"


def test_exports_accept_incidents_and_reject_other_things(example: Extraction) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(list(example.incidents)))))
    assert len(rows) == 1 + len(example.incidents)
    with pytest.raises(InputError):
        to_csv("not an extraction")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        to_geojson([1, 2])  # type: ignore[list-item]
    with pytest.raises(InputError, match="layer"):
        to_geojson(example, layers=["roads"])
