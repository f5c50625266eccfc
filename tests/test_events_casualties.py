"""Casualty counts as an event's coding takes them: stated conventions,
shares of a total, and how a note's deaths add up."""

from __future__ import annotations

import pytest
from eventcases import main

from geomap.events.casualties import casualties, passage_toll
from geomap.events.extract import Extractor
from geomap.events.tolls import coded_count


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        # A total over several places is divided evenly between their events.
        (
            "On 3 May 2020, gunmen raided the hamlets of Kalo and Besse, killing 9 herders. "
            "Fatalities spread across three locations.",
            3,
        ),
        # An odd share rounds to the nearer whole number.
        (
            "On 3 May 2020, gunmen raided the hamlets of Kalo and Besse, killing 5 herders. "
            "The deaths were split between three events.",
            2,
        ),
        # A split with no number of events: the places the note lists, or the
        # events it says it is coded as.
        (
            "On 3 May 2020, gunmen killed eight herders in Kalo and Besse. "
            "Fatalities split between events in Kalo and Besse.",
            4,
        ),
        (
            "On 3 May 2020, the army said it killed 12 rebels near Kalo, coded as three "
            "events with fatalities split between events.",
            4,
        ),
        # A share stated outright stands.
        (
            "On 3 May 2020, militia fighters shot dead 11 villagers near Kalo and Besse. "
            "Fatalities are split across 2 events (6).",
            6,
        ),
        # A coded count outranks a vague narrative, and adds what is known.
        (
            "On 3 May 2020, soldiers fought rebels near Kalo and killed several of them. "
            "Unknown rebel fatalities coded at 3 in addition to two reported deaths.",
            5,
        ),
    ],
)
def test_the_stated_coding_gives_the_toll(extractor: Extractor, text: str, toll: int) -> None:
    assert main(extractor, text).fatalities == toll


def test_a_place_coded_as_is_no_count() -> None:
    assert coded_count("Rebels (coded as Kalo at geoprecision 2) killed 4 farmers.") == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        # A closing count, past the sentences right after the event.
        (
            "On 3 May 2020, gunmen ambushed a minibus near Kalo. Witnesses said the "
            "attackers fled on motorbikes. Their motive is unclear. 3 fatalities.",
            3,
        ),
        # A count stated before the sentence that names the event.
        (
            "A prisoner died in a police cell in Kalo on 3 May 2020. Relatives said he "
            "was tortured by officers.",
            1,
        ),
    ],
)
def test_a_count_no_event_took_is_the_nearest_events(
    extractor: Extractor, text: str, toll: int
) -> None:
    assert main(extractor, text).fatalities == toll


def test_leaving_a_place_is_no_death(extractor: Extractor) -> None:
    text = (
        "On 3 May 2020, traders marched in Kalo against new market fees and left the "
        "market at noon."
    )
    assert main(extractor, text).fatalities is None


def test_the_main_event_takes_the_deaths_of_its_report(extractor: Extractor) -> None:
    # The deaths are told with arrests, which read as an event of their own.
    text = (
        "On 3 May 2020, police clashed with cattle raiders in Kalo. Two raiders died "
        "and four others were arrested."
    )
    incident = main(extractor, text)
    assert (incident.event_type, incident.fatalities) == ("Battles", 2)


@pytest.mark.parametrize(
    ("sentences", "toll"),
    [
        # The attackers' dead and their victims add up.
        (["Bandits shot dead four herders; two of the bandits were killed by the herders."], 6),
        (["Rebels killed 3 soldiers.", "Troops later killed 5 rebels near the river."], 8),
        # An overview of "people" already holds each side's dead.
        (["Six people were killed.", "The dead were 2 policemen and 4 gunmen."], 6),
        # Counts of one side overlap.
        (["Five villagers were killed.", "Three villagers were shot dead at the well."], 5),
    ],
)
def test_the_dead_of_each_side_add_up(sentences: list[str], toll: int) -> None:
    assert passage_toll(sentences)[0] == toll


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A range gives its lower bound, as a conservative coding does.
        ("Witnesses said raiders killed between 7 and 12 herders at the wells.", 7),
        ("Between five and nine guards were shot dead at the depot.", 5),
        ("The strike killed either two or three fighters.", 2),
        # Ages, a parent's children and a school class are not counts.
        ("A seven year old girl was killed by a stray bullet.", 1),
        ("A mother of six was hacked to death on her farm.", 1),
        ("A form three pupil was stabbed to death near the gate.", 1),
        # The people a bracket lists are the same dead again.
        ("Five miners (including two boys and a woman) were killed in the raid.", 5),
        # A count of two groups named together is one count.
        ("At least 12 guards and drivers were killed when the convoy was hit.", 12),
        # "and his son", "and another driver": one more each.
        ("A retired village chief and his eldest son were shot dead.", 2),
        ("A nurse and another health worker were killed at the clinic.", 2),
        # Another count's verb ends the subject.
        ("Nine cattle thieves captured and 2 killed by the vigilantes.", 2),
        # "one of whom" is one of them; property is nobody.
        ("Gunmen killed three, one of whom was a chief.", 3),
        ("The raiders killed six villagers, two granaries were also burned.", 6),
        # Bodies found, however they are told.
        ("Four burnt bodies found near the quarry.", 4),
        ("The badly decomposed body of a herder was found in a dam.", 1),
        ("The trader's body was later recovered from a ravine.", 1),
        ("The other two were found dead at dawn.", 2),
        # Victims killed "along with" the first.
        ("A judge was shot dead along with his driver and two guards.", 4),
        ("A chief was killed along with 40 goats.", 1),
        # A toll that rose, however far from its noun.
        ("The death toll from Friday's raid on the camp has risen to 14.", 14),
        # A joined count may follow a long noun, but not an "including" list.
        ("Gunmen killed four village defence volunteers (VDV) and two herders.", 6),
        ("Gunmen killed five traders including four Tuareg and one Hausa.", 5),
        # A list's items may be long; a bracket after a count breaks it down.
        ("2 border police, 3 private security guards and 1 driver were killed.", 6),
        ("Seven miners (3 men, 3 boys and a girl) were killed in the blast.", 7),
        # "the three" is three; what "left" people dead is not counted.
        ("Soldiers cornered the robbers and gunned down the three.", 3),
        ("Fighting between two clans left five people dead.", 5),
        # A pronoun names the people counted before it.
        ("Militiamen seized eleven cattle traders and shot them dead.", 11),
        ("Militiamen seized eleven cattle traders and executed them.", 11),
        ("Two herders went missing; their bodies were found at a well.", 2),
        ("Police arrested four youths, those arrested were later found dead.", 4),
        # The last of a list of verbs tells the fate.
        ("Three guards were bound, beaten and stabbed to death.", 3),
        ("Two porters were robbed, stripped and decapitated.", 2),
        ("A porter was dragged off the lorry and executed.", 1),
        ("A herder was hit by a stray bullet and later died in a clinic.", 1),
        # "Neutralised" is the military's word for killed.
        ("The army said it neutralised nine insurgents near the border.", 9),
        # The count or victim may stand between the verb and "to death".
        ("An angry crowd stoned three alleged cattle thieves to death.", 3),
        ("Herdsmen beat up a young fisherman to death by the lake.", 1),
        ("Two guards were clubbed to death and the depot was looted.", 2),
        ("A pedlar was kidnapped by five youths and strangled to death.", 1),
        ("A court in the capital sentenced four smugglers to death.", None),
        # An apposition between the count and its verb.
        ("Seven herders, including an elderly shepherd, were killed at the ford.", 7),
        ("Four porters, among them a teenage boy, were shot dead.", 4),
        # Singulars joined by "and" before "were" are as many.
        ("A retired customs officer and a taxi driver were killed at the junction.", 2),
        ("A heavy exchange of fire broke out and two rebels were killed.", 2),
        # One victim and a count joined to it: "and her two children".
        ("Bandits killed a night watchman and his three nephews at the farm.", 4),
        ("The gunmen shot dead the district clerk and two others at the gate.", 3),
        ("Raiders killed a herder and two donkeys were taken.", 1),
        # A second victim named by an agent noun ("a translator", "a cashier").
        ("Gunmen shot dead a customs officer and a local translator at dawn.", 2),
        # One word may qualify a count of deaths; "of" does not ("tens of deaths").
        ("The shelling caused 5 militia fatalities near the bridge.", 5),
        # A dash apposition; "and N others" after a named victim is one more.
        ("Four miners - two brothers, their uncle and a cook - were killed.", 4),
        ("The ward clerk, a retired teacher, and two other residents were shot dead.", 3),
    ],
)
def test_counts_read_as_a_coder_reads_them(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


def test_the_closing_summary_is_the_coded_count() -> None:
    text = "On 3 May 2020, gunmen fired on a bus near Kalo. 1 fatality and 4 injured."
    assert coded_count(text) == (1, None, None)


def test_the_killers_are_not_the_dead(extractor: Extractor) -> None:
    text = "On 3 May 2020, two men on a motorbike shot dead a money changer in Kalo."
    assert main(extractor, text).fatalities == 1


@pytest.mark.parametrize(
    ("text", "coded"),
    [
        ("Herders fought farmers near Kalo. FATALITIES: 7 - no further details.", 7),
        ("Herders fought farmers near Kalo. Fatalities: estimate 12/ confirmed: 4.", 4),
        # Further dead, or a range, are no coded count.
        ("A guard was shot near Kalo. FATALITIES: 2 others were stabbed.", None),
        ("Herders fought farmers near Kalo. Fatalities: 3-5 feared dead.", None),
    ],
)
def test_a_fatalities_field_is_the_coded_count(text: str, coded: int | None) -> None:
    assert coded_count(text)[0] == coded


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A letter dropped or doubled in haste is still the verb.
        ("Three porters were kiled when the ferry landing was raided.", 3),
        ("Raiders stormed the depot, killling 4 night guards.", 4),
        # The plain form of the verb, as headlines use it.
        ("Masked men assassinate a customs inspector near the toll gate.", 1),
        ("Rebels execute a ferryman accused of spying.", 1),
        # An attempt, a threat or a near miss is no death.
        ("Villagers tried to lynch a goat trader at the weekly fair.", None),
        ("Gunmen attempted to assassinate a district judge at his gate.", None),
        ("A cattle dealer was nearly lynched by traders at the fair.", None),
        ("Youths threatened to kill a farmer if he crossed the river again.", None),
    ],
)
def test_what_the_verb_says_happened(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Deaths the note codes as another event are not this one's.
        (
            "The raid followed an ambush on the ferry that killed five porters (coded separately).",
            None,
        ),
        ("3 guards killed (and 2 drivers - coded in a separate event) by raiders at the ford.", 3),
        # An adverbial of time between the auxiliary and the verb.
        ("Four ferrymen were in the early hours shot dead at the landing.", 4),
        ("Two clerks were on Sunday night killed at the weighbridge.", 2),
        # Animals are no fatalities; "camel thieves" are people.
        ("The raiders also killed three donkeys at the well.", None),
        ("Villagers lynched three suspected camel thieves at the well.", 3),
    ],
)
def test_whose_deaths_a_count_tells(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentences", "toll"),
    [
        # Another paper's higher figure gives way to the stated one, as the
        # most conservative figure is coded.
        (
            [
                "At least two porters were killed at the ferry.",
                "The Evening Courier reports five dead.",
            ],
            2,
        ),
        (["Three pedlars were shot dead at the market.", "Other sources said 7 pedlars died."], 3),
        # A further count an official gives is added, not a conflicting figure.
        (
            [
                "Three guards were killed at the depot.",
                "Regional officials reported that 2 raiders were also killed.",
            ],
            5,
        ),
    ],
)
def test_the_conservative_figure_stands(sentences: list[str], toll: int) -> None:
    assert passage_toll(sentences)[0] == toll


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A subject without an article is one person when its verb is singular.
        ("Regional tax collector Tom Bako was shot dead outside the depot.", 1),
        ("Former ferry company cashier was killed on leaving the union hall.", 1),
        ("No one was killed when the grenade hit the roof.", None),
        # A headline's singular noun and participle.
        ("Ward land surveyor killed at his farm by unknown men", 1),
        ("Ferry ticket clerk found dead near the jetty", 1),
        # Not a plural, and not a participle that takes an object.
        ("Ferry porters shot dead near the jetty", None),
        ("Fishermen killed at the jetty", None),
        ("Grenade blast killed ferry porters at the jetty", None),
    ],
)
def test_one_victim_without_an_article(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A toll revised upwards stands for the first figure.
        ("One porter died at first; the death total was later raised from 1 to 5.", 5),
        ("A mine killed a squad of six (later confirmed to be eight) rangers.", 8),
        # The wounded who died later add to the killed.
        (
            "Three rangers were killed and five porters wounded, one of whom later "
            "succumbed to his wounds.",
            4,
        ),
        ("A ranger was shot at the gate and died of his wounds days later.", 1),
    ],
)
def test_a_toll_that_grew(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A headline's bare singular object is one victim.
        ("Bandits kill ferry ticket collector near the landing", 1),
        ("Crowd lynches suspected goat thief, burns his hut", 1),
        # Not a plural, an infinitive of purpose or the noun "killing".
        ("Bandits kill ferry porters near the landing", None),
        ("Gunmen stormed the clinic to kill wounded ranger", None),
        ("The killing happened as rangers arrived.", None),
        # "shot and injured him" hurts, it does not kill.
        ("The guards shot and injured him at the gate.", None),
    ],
)
def test_a_bare_object_is_one_victim(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A relative clause between the count and its verb.
        ("Three pedlars who were accused of theft are lynched at the bus park.", 3),
        ("Two rangers who were killed by poachers were buried on Friday.", None),
        # A quoted noun is still the count's noun.
        ('Four "spies" are executed by the rebels.', 4),
        # An "including" list may run up to the verb.
        ("4 porters and 2 guards, including a cook, a clerk and a boatman were shot dead.", 6),
        # Singulars listed with commas are as many.
        ("A ferry clerk, an elderly fisherman, and a porter were killed by the blast.", 3),
    ],
)
def test_a_subject_with_more_words(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    "sentence",
    [
        "Porters rioted at the ferry following lynching of a trader accused of theft.",
        "Fishermen demanded an inquiry into the killing of a farmer.",
        "Rangers beat villagers to revenge the killing of a herder.",
        "Porters marched in protest at the killing of a trader by guards.",
    ],
)
def test_a_death_behind_the_event_is_not_its_toll(sentence: str) -> None:
    assert casualties(sentence)[0] is None


@pytest.mark.parametrize(
    "sentence",
    [
        # An earlier attack named by a relative clause is the cause, not the toll.
        "Farmers marched in the town against a spate of raids that had killed six herders.",
        "Police detained ten men in connection with an ambush which killed two guards.",
        "Porters protested over the ferry blast that left nine dead.",
    ],
)
def test_an_earlier_attack_in_a_relative_clause_is_not_the_toll(sentence: str) -> None:
    assert casualties(sentence)[0] is None


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # One of several fates tells how many died no more than "several" does.
        ("Seven rebels were killed, injured or captured in the sweep.", None),
        ("Nine smugglers were either killed or arrested near the dam.", None),
        # A fate stated on its own still counts.
        ("Seven rebels were killed and four captured in the sweep.", 7),
    ],
)
def test_one_of_several_fates_is_no_count(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A death by accident is no fatality of the violence that follows it.
        ("Porters burned a lorry that hit and killed a cyclist near the ferry.", None),
        ("A clerk died in a road accident and traders blocked the highway.", None),
        ("The roof of a hostel collapsed, killing four pupils.", None),
        # Violence before a crash still kills.
        ("Gunmen shot dead two guards and the car hit a wall.", 2),
    ],
)
def test_a_death_by_accident_is_no_toll(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # A deed told in the past perfect came before the event.
        ("A mob beat a herdsman who had allegedly killed a trader at the ferry.", None),
        # A death someone is held or sentenced for is the cause of the report.
        ("Two porters held for the murder of a clerk said they were beaten in custody.", None),
        ("Youths marched for a nurse sentenced to death for killing her employer.", None),
        # The event's own killing still counts.
        ("A mob lynched a herdsman who had allegedly killed a trader.", 1),
    ],
)
def test_an_earlier_deed_is_not_the_toll(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # The killing a clause after "after" tells of came first, in any tense.
        ("After rustlers kill three herders, one rustler was shot by rangers.", None),
        ("A crowd beat a porter to death after he allegedly stabbed a clerk to death.", 1),
    ],
)
def test_a_killing_after_which_the_event_came(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed
