"""Events that must be found: an old date that belongs to something else in
the sentence does not make the report background. Texts written for these
tests.
"""

from __future__ import annotations

import pytest
from eventcases import main

from geomap.events.extract import Extractor

# -- an old date of another clause does not date the event --------------------------


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # a relative clause
        ("Nurses marched to the tomb of a doctor in Kisumu who was murdered in 2009.", "Protests"),
        # a participle with its complement
        ("Nurses dismissed in 2017 demonstrated outside the hospital in Kisumu.", "Protests"),
        ("Nurses hurt in the March 2017 unrest held a sit-in in Kisumu.", "Protests"),
        # an infinitive
        (
            "Farmers protested in Kisumu to demand a bridge they were promised in 2016.",
            "Protests",
        ),
        # a lasting state
        ("Farmers in Kisumu protested over wages unpaid since January.", "Protests"),
        # a possessive date of a noun that is no trigger
        ("Relatives of nurses jailed after last year's strikes rallied in Kisumu.", "Protests"),
        # the date of an earlier event the text mentions
        (
            "Gunmen shot dead a trader in Kisumu. The trader had survived the raid on a "
            "bank that left four guards dead in May 2016.",
            "Violence against civilians",
        ),
    ],
)
def test_an_old_date_of_another_clause_leaves_the_event_current(
    extractor: Extractor, text: str, event_type: str
) -> None:
    incident = main(extractor, text, published="2020-05-06")
    assert incident.event_type == event_type
    assert incident.date is not None and incident.date.year == 2020


@pytest.mark.parametrize(
    "text",
    [
        "Clashes in Kisumu in 2015 left ten people dead.",
        "In 2016, nurses marched to the hospital in Kisumu.",
        "Nurses marched to the hospital in Kisumu in March 2016.",
    ],
)
def test_an_event_dated_years_ago_stays_background(extractor: Extractor, text: str) -> None:
    assert not extractor.extract(text, published="2020-05-06").incidents


# -- quotation marks that do not make speech ----------------------------------------


def test_a_text_quoted_from_end_to_end_is_a_report(extractor: Extractor) -> None:
    text = '"A clerk of a relief agency was wounded when bandits attacked his car near Garissa."'
    assert main(extractor, text).event_type == "Violence against civilians"


def test_a_word_in_quotes_is_a_term_not_speech(extractor: Extractor) -> None:
    text = 'Students of a boarding school near Kisii went on a "rampage" over food on Monday.'
    assert main(extractor, text).event_type == "Riots"


def test_quoted_speech_in_a_report_is_still_no_event(extractor: Extractor) -> None:
    text = (
        'The governor of Garissa spoke on Monday. "Bandits attacked our villages and burned '
        'our schools for years, and we will stop them," he said.'
    )
    assert not extractor.extract(text, published="2020-05-06").incidents


# -- guards that took a report for a reaction, a modal or a negation ----------------


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # "May" is the month, not a modal
        ("On 4 May hundreds of farmers protested in Kisii.", "Protests"),
        # a parenthesis ends the clause of its negation
        (
            "On 3 May 2020 (the day is not certain) clashes broke out between two clans "
            "near Wajir.",
            "Battles",
        ),
        # a verb in the past tense happened, whatever the clause after it says
        ("Farmers in Kisii protested that they could not sell their maize.", "Protests"),
        # a reaction word inside a title, and the trigger with its own verb
        (
            "A Criminal Investigations clerk was shot dead by robbers in Kisii on Monday.",
            "Violence against civilians",
        ),
        (
            "The preacher was denied entry at Mombasa airport which sparked violent "
            "protests in the city.",
            "Riots",
        ),
    ],
)
def test_a_report_is_not_taken_for_a_reaction_or_a_modal(
    extractor: Extractor, text: str, event_type: str
) -> None:
    assert main(extractor, text).event_type == event_type


@pytest.mark.parametrize(
    "text",
    [
        "Farmers in Kisii may protest next week.",
        "The governor condemned the attack on a bus in Kisii.",
        "There were no clashes in Kisii on Monday.",
        "Another rally will be held in Kisii next week.",
    ],
)
def test_reactions_and_modals_are_still_no_event(extractor: Extractor, text: str) -> None:
    assert not extractor.extract(text, published="2020-05-06").incidents


# -- wordings of events the lexicon lacked ------------------------------------------


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Nurses on strike over unpaid allowances in Kisii.", "Protests"),
        ("Fighting was reported near Beledweyne on Sunday.", "Battles"),
        ("Two clan militias exchanged gun fire near Beledweyne on Sunday.", "Battles"),
        (
            "Bandits launched a night attack targeting herders near Beledweyne.",
            "Violence against civilians",
        ),
    ],
)
def test_new_wordings_of_events(extractor: Extractor, text: str, event_type: str) -> None:
    assert main(extractor, text).event_type == event_type


def test_a_strike_threatened_is_no_event(extractor: Extractor) -> None:
    text = "Nurses in Kisii threatened to go on strike next month."
    assert not extractor.extract(text, published="2020-05-06").incidents


# -- headline grammar ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a bare noun opening the sentence
        "Raid on a goat market near Marsabit by armed herders.",
        "Night attack against a school near Marsabit.",
        # a present-tense verb with its subject and a bare object
        "Unknown gunmen attack pilgrims at a shrine near Marsabit.",
        "Armed gang assaults nurse at her home near Marsabit.",
    ],
)
def test_headline_grammar_reports_an_event(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Violence against civilians"


@pytest.mark.parametrize(
    "text",
    [
        "Opposition leaders attack government over fuel prices in Marsabit.",
        "Kenyan attack helicopters were delivered to the air force in Marsabit.",
        "Fears of attack grow among traders in Marsabit.",
    ],
)
def test_headline_grammar_is_no_licence_for_other_uses(extractor: Extractor, text: str) -> None:
    assert not extractor.extract(text, published="2020-05-06").incidents


# -- more wordings: the act, its weapon and its crowd ------------------------------


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Soldiers mutinied at a barracks in Gulu on Friday, firing into the air.", "Riots"),
        (
            "A man hacks his neighbour to death over a boundary near Gulu.",
            "Violence against civilians",
        ),
        (
            "Unknown men slit the throats of two herders near Gulu on Friday.",
            "Violence against civilians",
        ),
        (
            "Militiamen beat elderly farmers at a well near Gulu on Friday.",
            "Violence against civilians",
        ),
        (
            "Unknown attackers hurled a petrol bomb at a bar in Gulu on Friday.",
            "Violence against civilians",
        ),
        (
            "Gunmen took three aid workers hostage near Gulu on Friday.",
            "Violence against civilians",
        ),
        ("Rival supporters engaged in blows at a campaign meeting in Gulu.", "Riots"),
        ("Pupils pelt their teachers with stones at a school in Gulu.", "Riots"),
        ("Youths shattered windows of the council offices in Gulu on Friday.", "Riots"),
        ("Teachers march to the district office in Gulu to demand their arrears.", "Protests"),
        ("Traders waving placards gathered outside the council offices in Gulu.", "Protests"),
        (
            "Rebels set off explosives under a bridge near Gulu on Friday.",
            "Explosions/Remote violence",
        ),
        ("Gunboats bombard fishing villages near Gulu.", "Explosions/Remote violence"),
        ("Soldiers repulsed rebels who tried to enter a barracks near Gulu on Friday.", "Battles"),
        ("Clan violence near Gulu left four people dead on Friday.", "Battles"),
    ],
)
def test_wordings_the_lexicon_lacked(extractor: Extractor, text: str, event_type: str) -> None:
    assert main(extractor, text).event_type == event_type


@pytest.mark.parametrize(
    "text",
    [
        "An old fire destroyed the building in Gulu last night, officials said.",
        "Firefighters cleared glass from the shattered window of a shop in Gulu.",
        "Gulu council plans a march in March to mark its centenary.",
        "The hotel in Gulu hosted a conference on clan violence.",
    ],
)
def test_the_new_wordings_keep_their_limits(extractor: Extractor, text: str) -> None:
    assert not extractor.extract(text, published="2020-05-06").incidents


# -- harm stated otherwise, and guards that read one word too far -------------------


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # harm in other words makes a generic word an event
        ("A herder dies in a clan war over pasture near Moyale on Friday.", "Battles"),
        (
            "A deadly attack was carried out on a hamlet near Moyale on Friday.",
            "Violence against civilians",
        ),
        # "Suspected" opening the sentence is an adjective, not a suspicion
        (
            "Suspected members of a gang kill a farmer near Moyale on Friday.",
            "Violence against civilians",
        ),
        # "possible" qualifies the links, not the attack
        (
            "Herders with possible links to a militia attacks a school near Moyale.",
            "Violence against civilians",
        ),
        # an attack fought off
        ("Raiders were driven back by police reservists near Moyale on Friday.", "Battles"),
        ("An RCIED went off beside a bus near Moyale on Friday.", "Explosions/Remote violence"),
    ],
)
def test_harm_and_guards(extractor: Extractor, text: str, event_type: str) -> None:
    assert main(extractor, text).event_type == event_type


@pytest.mark.parametrize(
    "text",
    [
        "Police in Moyale warned of a possible attack on the market.",
        "Two men were arrested in Moyale on suspicion of the attack on a bus.",
    ],
)
def test_possible_and_suspected_events_stay_out(extractor: Extractor, text: str) -> None:
    incidents = extractor.extract(text, published="2020-05-06").incidents
    assert all(i.event_type == "Strategic developments" for i in incidents)


def test_a_pattern_ending_on_a_space_still_matches(extractor: Extractor) -> None:
    # "executing three " and "beat a " end on a space: their word boundary
    text = "Guards were filmed executing three prisoners at a camp near Moyale."
    assert main(extractor, text).event_type == "Violence against civilians"


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Farmers blocked the Kitale-Eldoret highway for hours over maize prices.", "Protests"),
        ("Borana and Gabra clans battle near Moyale.", "Battles"),
        ("Army operations against bandits near Moyale left four dead on Friday.", "Battles"),
    ],
)
def test_roads_named_with_hyphens_and_battles_in_headlines(
    extractor: Extractor, text: str, event_type: str
) -> None:
    assert main(extractor, text).event_type == event_type


def test_police_fighting_crime_is_no_battle(extractor: Extractor) -> None:
    text = "Police fight crime with new patrol cars in Moyale."
    assert not extractor.extract(text, published="2020-05-06").incidents


def test_damage_seen_is_no_act(extractor: Extractor) -> None:
    text = (
        "Photos showed the damage at a minister's house in Moyale on Friday, "
        "including shattered windows and a broken gate."
    )
    assert not extractor.extract(text, published="2020-05-06").incidents
