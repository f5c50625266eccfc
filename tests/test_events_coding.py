"""Coding rules of ACLED's codebook that carry over to any country: who was
hit decides battle or violence against civilians, what the crowd did decides
riot or protest, and how a report adds up its dead. Texts written for these
tests.
"""

from __future__ import annotations

import pytest
from eventcases import main

from geomap.events.casualties import casualties, passage_toll, tally
from geomap.events.extract import Extractor

# -- armed targets make a battle ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May 2020, unknown gunmen shot dead an army lieutenant in Kaya.",
        "Police shot dead two suspected Harakat members in Kaya on Monday.",
        "Soldiers killed four members of al-Harakat near Kaya on Monday.",
        "Thirty warriors were killed in a failed cattle raid near Kaya.",
        "Gunmen fired at a patrol in Kaya on Monday and the police returned fire.",
        "Robbers opened fire against a police unit in Kaya on Monday.",
        "Two soldiers died of gunshot wounds after an attack in Kaya on Monday.",
        "On 3 May 2020, gunmen attacked a group of dozos near Kaya, killing two.",
        "Police shot dead three Tonga sect members in Kaya on Monday.",
        "Police gunned down two suspected Tonga members in Kaya on Monday.",
        "Three carjackers were shot dead by police in Kisumu on Monday.",
        "Police shot dead three kidnappers in a forest near Kaya on Monday.",
        "On 3 May 2020, two police officers were abducted by gunmen near Kaya.",
        "Soldiers shot dead two militants near Kaya and seized rifles, ammunition and a grenade.",
        "Police shot dead a gunman armed with a hand grenade at a checkpoint in Kaya on Monday.",
        "Two cattle rustlers were killed by security forces near Kaya on Monday.",
        "Police pursued cattle rustlers near Kaya on Monday and shot two.",
        "On Monday, soldiers attacked a band of poachers near Kaya, killing three.",
        "On Monday, a police officer in Kaya shot dead two of his colleagues at the station.",
        "On 3 May 2020, gunmen shot and wounded two cops at a market in Kaya.",
        "On 3 May 2020, gunmen shot dead a policewoman at a market in Kaya.",
        "Gunmen ambushed a convoy of soldiers on the road to Kaya on Monday.",
        "On 3 May 2020, police ambushed a gang of robbers near Kaya.",
        "On 5 May 2020, soldiers killed four presumed Harakat and/or Tonga militants near Kaya.",
        "On 5 May 2020, militiamen killed twelve suspected Harakat Sahel (HK) members at Kaya.",
        "On 5 May 2020, an alleged member of the Tonga gang was shot and wounded in Kaya.",
        "On 14 March 2023, gunmen in Kaya shot dead one member of the state security.",
        "On Monday, three Tonga members were shot dead by police in Kaya.",
        "On Monday, an officer in Kaya shot dead two colleagues at the station.",
        "On 5 May 2020, rebels raided a hamlet near Kaya and killed four people described as "
        "Tonga militiamen.",
        "On 5 May 2020, troops repel a rebel attack on Kaya, three dead.",
        "On 5 May 2020, gunmen raided a check point east of Kaya.",
        "Raiders killed two civilians near Kaya on Monday and clashed with soldiers.",
        "On Monday, troops dislodged the Tonga from two villages near Kaya, killing a few.",
        "Police encountered Harakat near Kaya on Monday and killed three.",
        "On Monday, a ranger in Kaya followed the tracks of a herd and was gunned down.",
        "On Monday, a gendarme was taken to a clinic in Kaya when she was wounded by thieves.",
    ],
)
def test_violence_against_armed_men_is_a_battle(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Battles"


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2020, a policeman shot and killed a man in Kaya.",
        "The police in Kaya shot and wounded a youth on Monday.",
        "On 3 May 2020, gunmen shot dead the dozo chief of a village near Kaya.",
        "On 3 May 2020, gunmen shot dead a retired soldier at his farm near Kaya.",
        "On 3 May 2020, gunmen wounded an off-duty police officer in Kaya.",
        "In Kaya, gunmen shot a trader suspected of being an informer on Monday.",
        "On 3 May 2020, militants killed at least six herders at a well near Kaya.",
        "Two herders were wounded in Kaya on Monday in an attack attributed to rebels.",
        "A trader died in Kaya on Monday after an attack from a local militia.",
        "On 3 May 2020, gunmen ambushed a minibus near Kaya and shot dead two passengers.",
        "On 3 May 2020, soldiers detained a herder who was shot dead near Kaya.",
        "On 3 May 2020, gunmen shot dead a soldier (off duty) at a bar in Kaya.",
        "On 3 May 2020, gunmen attacked a convoy of aid workers near Kaya, wounding two.",
        "A shop in Kisumu was burnt in post election violence, two traders were killed.",
        "On 3 May 2020, a trader was wounded in a drive-by shooting in Kaya.",
        "On 5 May 2020, militants shot dead a member of the state security (assumed off-duty "
        "officer) in Kaya.",
        "On 5 May 2020, rebels killed four civilians described as Tonga partisans near Kaya.",
        "Raiders killed six civilians near Kaya on Monday during the tribal clashes.",
        "Bandits shot six civilians at a market in Kaya on Monday, days after clashes over "
        "grazing land.",
        "On 3 May 2020, gunmen shot dead a trader near the police station in Kaya.",
        "Gunmen attacked the house of a soldier in Kaya on Monday and hurt his wife.",
        "On Monday, militants in Kaya killed the wife of a gendarme.",
    ],
)
def test_armed_men_as_agents_stay_violence_against_civilians(
    extractor: Extractor, text: str
) -> None:
    assert main(extractor, text).event_type == "Violence against civilians"


# -- riots and protests ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A farmers' protest in Kisumu turned violent on Monday.",
        "Students protested in Kisumu on Monday; several vehicles were burnt during the protest.",
        "Traders demonstrated in Kisumu on Monday, destroying property in the market.",
        "Students protested violently in Kisumu on Monday.",
        "A rally in Kisumu descended into violence on Monday.",
        "Youths demonstrated in Kisumu on Monday and smashed the windows of a bus.",
        "Police battled protesters in Kisumu on Monday.",
        "Hundreds of protesters armed with clubs blocked a road in Kisumu on Monday.",
        "On Monday, demonstrators in Kisumu scuffled with police outside the county offices.",
        "A confrontation broke out between marchers and police in Kisumu on Monday.",
        "One man died on Monday in a skirmish between protestors and police in Kisumu.",
        "Police and a group of activists clashed in Kisumu on Monday.",
        "On Monday, clashes were reported in Kisumu between police and hawkers.",
    ],
)
def test_a_protest_that_turns_destructive_is_a_riot(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Riots"


def test_men_armed_with_machetes_without_a_crowd_are_no_riot(extractor: Extractor) -> None:
    text = "On 4 May 2020, men armed with machetes assaulted bus passengers near Kaya."
    assert main(extractor, text).event_type == "Violence against civilians"


@pytest.mark.parametrize(
    "text",
    [
        "Riot police dispersed a protest by teachers in Kisumu on Monday.",
        "Anti-riot police broke up a sit-in by nurses in Kisumu on Monday.",
    ],
)
def test_riot_police_are_no_riot(extractor: Extractor, text: str) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == (
        "Protests",
        "Protest with intervention",
    )


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        (
            "Traders in Kisumu protested on Monday against the torching of their stalls.",
            "Protests",
        ),
        (
            "Students marched in Kisumu on Monday in response to clashes between rival gangs.",
            "Protests",
        ),
        ("Traders in Kisumu protested the eviction on Monday by burning tyres.", "Riots"),
        ("Youths in Kisumu protested on Monday against the tax and torched a bus.", "Riots"),
    ],
)
def test_violence_a_protest_is_about_is_its_cause(
    extractor: Extractor, text: str, event_type: str
) -> None:
    assert main(extractor, text).event_type == event_type


def test_looted_funds_are_no_looting(extractor: Extractor) -> None:
    text = "Teachers marched in Kisumu on Monday to demand that looted public funds be returned."
    assert main(extractor, text).event_type == "Protests"


def test_torches_carried_by_marchers_are_no_arson(extractor: Extractor) -> None:
    text = "On Monday, residents of Kisumu protested against the government, carrying torches."
    assert main(extractor, text).event_type == "Protests"


# -- death counts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Three guards and a driver were killed in the ambush.", 4),
        ("Two rebels, three soldiers, and a civilian were killed near the camp.", 6),
        ("Gunmen raided the farm, killing and robbing him.", 1),
        ("Herder shot dead in clashes with police.", 1),
        ("Police officer dies after attack on patrol.", 1),
        ("Villagers lynch suspected cattle thief.", 1),
        ("Four soldiers were killed; two civilians were also killed.", 6),
        ("In another attack, three people were killed.", 3),
        ("At least 40 huts burned, 3 killed.", 3),
        ("One person died and five people were injured.", 1),
        ("The driver died and the guard was injured.", 1),
        ("Two officials were ambushed and killed by raiders.", 2),
        ("Gunmen shot a trader, resulting in his death.", 1),
        ("Militia guns down two police officers.", 2),
        ("A police officer and a civilian died in the firefight.", 2),
        ("Four guards were shot; 2 died at once, 1 died later in hospital.", 3),
        ("In the attack on a school, 1 woman and 1 child were killed.", 2),
        ("A mob lynched to death a man in the market.", 1),
        ("A man from the old quarter died under torture.", 1),
        ("The body of a woman was found in the river.", 1),
        ("Four bodies have been pulled from the lake.", 4),
        ("A nurse at the district clinic, was shot dead on her way home.", 1),
        ("A village reservist (KPR) was killed when raiders struck.", 1),
        ('A suspected "spy" was shot dead by militants.', 1),
        ("The chief of the village, a man of sixty, was found dead in a ditch.", 1),
        ("Police detective shot dead near the station.", 1),
        ("Three traders die in clashes at the market.", 3),
        ("The boy later died in hospital.", 1),
        ("Guards shot a looter, who died on the way to the clinic.", 1),
        ("Farmers discovered three bodies in a well.", 3),
        ("Villagers fled their homes after militiamen carried out the killing of six herders.", 6),
        ("Raiders shot dead three farmers and a boy near the river.", 4),
        ("A strike hit a farm, killing two herders, a local chief said.", 2),
        ("Raiders killed an old herder and his grandson near the well.", 2),
        ("Gunmen shot dead a guard and a passing driver.", 2),
        ("Gunmen killed a guard and his colleague was wounded.", 1),
        ("Gunmen killed a guard and wounded his colleague.", 1),
        ("Fighters ambushed the convoy, resulting in the killing of 12 soldiers.", 12),
        ("The corpses of four herders were found near the river.", 4),
    ],
)
def test_counts_of_the_dead(sentence: str, killed: int) -> None:
    assert casualties(sentence)[0] == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Traders rioted after soldiers shot dead a porter at the market.", None),
        ("Students marched to protest the death of a classmate hit by a bus.", None),
        ("A crowd burned the house of a man accused of killing two herders.", None),
        ("Four men suspected of murdering a farmer were lynched by villagers.", 4),
        ("Police gave up a murder suspect whom the crowd beat to death.", 1),
        ("Traders marched following the killing of two porters by bandits.", None),
        ("Women gathered to decry the alleged killing of a teacher.", None),
    ],
)
def test_deaths_given_as_the_background_are_no_toll(sentence: str, killed: int | None) -> None:
    assert casualties(sentence)[0] == killed


def test_additional_victims_are_kept_apart() -> None:
    t = tally("Another soldier died later of his injuries.")
    assert (t.killed, t.more_killed) == (None, 1)


def test_victims_stated_as_additional_add_up_across_sentences(extractor: Extractor) -> None:
    text = (
        "On 4 May 2020, militants attacked an army post in Kaya, and three soldiers were "
        "killed. Another soldier later died of his injuries."
    )
    assert main(extractor, text).fatalities == 4


def test_a_victim_who_dies_later_is_counted_once() -> None:
    assert passage_toll(["Raiders killed a herder near the well.", "He died later."])[0] == 1
    assert passage_toll(["Raiders shot a herder near the well.", "He later died."])[0] == 1


def test_victims_stated_as_more_add_up() -> None:
    assert passage_toll(["Two soldiers died at the scene.", "Two more died in hospital."])[0] == 4
    assert casualties("More than 5 people were killed.")[0] == 5


def test_a_claimed_toll_gives_way_to_a_stated_one() -> None:
    stated = "Two guards were killed when a bomb hit the post."
    assert passage_toll([stated, "The rebels claim they killed nine."])[0] == 2
    assert passage_toll([stated, "Conflicting reports gave seven deaths."])[0] == 2
    assert passage_toll(["The rebels claim they killed nine."])[0] == 9
    assert passage_toll(["Rebels claimed responsibility.", "Nine were killed."])[0] == 9


def test_a_stated_toll_is_not_added_to(extractor: Extractor) -> None:
    text = (
        "On 4 May 2020, gunmen shot dead a trader in Kaya. Two of his sons were also "
        "killed. 3 fatalities."
    )
    assert main(extractor, text).fatalities == 3


# -- events reported without the usual trigger words -------------------------------------


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("On 4 May 2020, monitors recorded 12 explosions near Kaya.", "Explosions/Remote violence"),
        ("On 4 May 2020, monitors heard 30 shots near Kaya.", "Battles"),
        ("Dock workers in Kisumu went on a 48-hour strike over pay on Monday.", "Protests"),
        ("Nurses in Kisumu began a work stoppage on Monday to demand their wages.", "Protests"),
        ("Police battle armed robbers in Kisumu.", "Battles"),
        ("Bandits attack villagers near Kaya, steal cattle.", "Violence against civilians"),
        ("On 4 May 2020, militants used explosives to destroy a bridge near Kaya.", None),
        ("On 4 May 2020, residents of Kaya set a suspected thief alight.", "Riots"),
        ("A herder accused of theft was lynched by villagers in Kaya on Monday.", "Riots"),
    ],
)
def test_events_without_the_usual_trigger_words_are_found(
    extractor: Extractor, text: str, event_type: str | None
) -> None:
    incident = main(extractor, text)
    if event_type is not None:
        assert incident.event_type == event_type


# -- protests the authorities step into ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Traders protested in Kisumu on Monday. Police intervened.",
        "Students marched through Kisumu on Monday and were dispersed by police.",
        "Police broke up a rally of teachers in Kisumu on Monday.",
        # Tear gas, and forces stopping or turning back the crowd.
        "Police fired teargas at traders protesting in Kisumu on Monday.",
        "Police teargassed students protesting in Kisumu on Monday.",
        "On Monday, marchers in Kisumu were turned back by police at the county offices.",
        "Hawkers protested in Kisumu on Monday, but police prevented them from reaching it.",
    ],
)
def test_authorities_stepping_in_is_an_intervention(extractor: Extractor, text: str) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == (
        "Protests",
        "Protest with intervention",
    )


def test_an_arrest_that_a_protest_is_about_is_no_intervention(extractor: Extractor) -> None:
    text = "Journalists protested in Kisumu on Monday against the arrest of an editor."
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Protests", "Peaceful protest")


def test_shots_in_the_air_without_a_crowd_are_no_protest(extractor: Extractor) -> None:
    text = "On 4 May 2020, gunmen raided a village near Kaya, fired in the air and looted shops."
    assert main(extractor, text).event_type == "Violence against civilians"


def test_an_abduction_in_which_the_victim_is_killed_is_an_attack(extractor: Extractor) -> None:
    text = "On 4 May 2020, gunmen abducted a teacher near Kaya and later executed him."
    incident = main(extractor, text)
    assert incident.event_type == "Violence against civilians"
    assert incident.sub_event_type == "Attack"


@pytest.mark.parametrize(
    "text",
    [
        "Three people were killed on Monday in violence between two clans near Kaya.",
        "Raiders attacked a village near Kaya on Monday; the herders fought back, and four died.",
        "Four police officers are feared dead after an attack on their camp near Kaya on Monday.",
        "Gunmen gun down two soldiers near Kaya.",
        "Five suspected Harakat militants were shot dead by police near Kaya on Monday.",
        "A police station in Kaya, Sanmatenga, attacked by gunmen on Monday.",
        "Gunmen attacked a village near Kaya on Monday and were repulsed by the police.",
        "On Monday, two people died in clashes between the Tonga and Sala communities near Kaya.",
        "A man was killed near Kaya in a fight between Tonga and Sala people over a well.",
        "Two men were killed near Kaya on Monday in a conflict between fishermen and farmers.",
        "Three people were killed near Kaya on Monday amid revenge killings between two lineages.",
    ],
)
def test_two_sided_violence_is_a_battle(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Battles"


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2020, a Unity Party member was shot dead by gunmen in Kaya.",
        "On 3 May 2020, Tonga militiamen attacked and wounded two Unity Party members in Kaya.",
        "On 3 May 2020, unknown assailants killed a Unity Party member near Kaya.",
    ],
)
def test_a_party_member_shot_by_gunmen_is_a_civilian(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Violence against civilians"


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        (
            "On 4 May 2020, militants ambushed an army convoy near Kaya with a roadside bomb "
            "and then opened fire on the soldiers.",
            "Battles",
        ),
        (
            "On 3 May 2020, militants detonated an IED under an army truck near Kaya, "
            "then opened fire on the soldiers.",
            "Battles",
        ),
        (
            "On 3 May 2020, gunmen threw a grenade at a police post in Kaya "
            "and fired on the officers.",
            "Battles",
        ),
        (
            "A roadside bomb hit a bus near Kaya on Monday, killing four passengers.",
            "Explosions/Remote violence",
        ),
    ],
)
def test_a_bomb_that_opens_a_gunfight_is_a_battle(
    extractor: Extractor, text: str, event_type: str
) -> None:
    assert main(extractor, text).event_type == event_type


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Heavy casualties were reported in the clashes (coded as 10).", 10),
        ("Between six and eight attackers were killed (coded as 7 fatalities total).", 7),
    ],
)
def test_a_stated_coding_convention_stands(sentence: str, killed: int) -> None:
    assert casualties(sentence)[0] == killed


def test_a_rampage_by_one_man_is_no_riot(extractor: Extractor) -> None:
    text = "On 4 May 2020, a gunman went on a rampage in a bar in Kaya, killing three people."
    assert main(extractor, text).event_type == "Violence against civilians"


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("University staff in Kisumu started a strike on Monday to demand grants.", "Protests"),
        ("Thousands went to the streets of Kisumu on Monday to call for a vote.", "Protests"),
        ("On 4 May 2020, militants exploded a bridge near Kaya.", "Explosions/Remote violence"),
        ("On 4 May 2020, the two armies exchanged artillery fire near Kaya.", "Battles"),
        (
            "On 4 May 2020, rebels fired grenade launchers at army positions near Kaya.",
            "Explosions/Remote violence",
        ),
        (
            "On 4 May 2020, troops fired heavy machine guns and tanks at rebel posts near Kaya.",
            "Explosions/Remote violence",
        ),
        (
            "On 4 May 2020, rebels fired grenade launchers and small arms at army posts near Kaya.",
            "Battles",
        ),
        ("On 4 May 2020, gunmen hijacked a bus near Kaya.", "Violence against civilians"),
        ("Supporters tried to break down the gate of the town hall in Kisumu.", "Riots"),
        ("On Monday, traders in Kisumu set old tyres alight to protest a new levy.", "Riots"),
        ("Angry voters in Kisumu smashed the ballot boxes on Monday.", "Riots"),
    ],
)
def test_more_wordings_of_events(extractor: Extractor, text: str, event_type: str) -> None:
    assert main(extractor, text).event_type == event_type


def test_arson_by_an_unorganised_group_is_mob_violence(extractor: Extractor) -> None:
    text = "On 4 May 2020, supporters of a rival candidate burnt the party offices in Kisumu."
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")


@pytest.mark.parametrize(
    "text",
    [
        "Angry traders in Kisumu on Monday burnt down a lorry that had hit a hawker.",
        "Voters in Kisumu beat up a clerk accused of rigging on Monday.",
    ],
)
def test_a_group_placed_and_dated_before_its_violence_is_a_mob(
    extractor: Extractor, text: str
) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")


@pytest.mark.parametrize(
    "text",
    [
        "3 May: market traders in Kisumu killed a suspected thief.",
        "A group of outraged riders attacked a lorry driver in Kisumu on Monday.",
        "Six houses were burnt in Kisumu on Monday by a group of local motorbike taxi operators.",
    ],
)
def test_a_group_after_a_dated_heading_or_outraged_is_a_mob(
    extractor: Extractor, text: str
) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        (
            "On 5 May 2020, monitors observed a total of 30 shots involving heavy machine guns "
            "near Kaya.",
            "Shelling/artillery/missile attack",
        ),
        (
            "On 5 May 2020, monitors observed a total of 30 shots involving small arms near Kaya.",
            "Armed clash",
        ),
        (
            "On 5 May 2020, rebels fired 14.5mm machine guns at farms east of Kaya.",
            "Shelling/artillery/missile attack",
        ),
        (
            "On 5 May 2020, rebels fired machine guns, presumably heavy, at farms east of Kaya.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_shots_of_heavy_weapons_are_shelling(
    extractor: Extractor, text: str, sub_type: str
) -> None:
    assert main(extractor, text).sub_event_type == sub_type


@pytest.mark.parametrize(
    "text",
    [
        "On 5 May 2020, the air force launched attacks on rebel camps near Kaya.",
        "On 5 May 2020, army jets strike rebel positions near Kaya, killing twelve.",
        "On 5 May 2020, attacks by helicopter gunships hit a rebel camp near Kaya.",
    ],
)
def test_aircraft_as_attackers_are_an_air_strike(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2020, hundreds of irate hawkers in Kisumu looted a warehouse of the council.",
        "Pupils at a boarding school near Kaya allegedly torched two dormitories on Monday.",
        "On Monday, a crowd, chiefly young traders, ransacked the market office in Kisumu.",
    ],
)
def test_destruction_by_a_crowd_is_a_riot(extractor: Extractor, text: str) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2020, militants looted a warehouse of the council near Kaya.",
        "On Monday, police torched the huts of hawkers in Kisumu.",
    ],
)
def test_destruction_by_armed_men_is_no_riot(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type != "Riots"


@pytest.mark.parametrize(
    "text",
    [
        "Villagers of a hamlet south of Kaya seized a suspected goat thief and beat him to death.",
        "On 9 May 2020, fishermen from the lakeside quarter of Kisumu attacked a tax collector.",
    ],
)
def test_a_crowd_as_the_subject_of_violence_is_a_mob(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Riots"


@pytest.mark.parametrize(
    "text",
    [
        "On 9 May 2020, three traders were injured when unknown men attacked their stall in Kaya.",
        "When they refused to pay, the men in the truck attacked a tax collector near Kaya.",
    ],
)
def test_a_crowd_that_is_no_subject_makes_no_mob(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Violence against civilians"


def test_a_few_men_are_no_crowd(extractor: Extractor) -> None:
    text = "On Monday, three men attacked a shopkeeper in Kisumu and stabbed him."
    assert main(extractor, text).event_type == "Violence against civilians"


def test_a_group_of_men_is_a_crowd(extractor: Extractor) -> None:
    text = "On Monday, a group of men attacked a shopkeeper in Kisumu and stabbed him."
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2020, students in Kisumu attacked two teachers and injured them while "
        "protesting against the new fees.",
        "Hawkers protested in Kisumu on Monday against the new levy. They beat a lorry driver.",
    ],
)
def test_violence_the_protesters_do_makes_a_riot(extractor: Extractor, text: str) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Violent demonstration")


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, teachers in Kisumu staged a march in solidarity with a colleague assaulted "
        "by a parent.",
        "Hawkers protested in Kisumu on Monday against the new levy, and police beat them. "
        "They beat a lorry driver.",
    ],
)
def test_violence_the_protesters_do_not_do_makes_no_riot(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Protests"


@pytest.mark.parametrize(
    "text",
    [
        "Traders marched in Kisumu on Monday, and some property damage was reported.",
        "A rally of hawkers in Kisumu on Monday was marred by heavy violence.",
        "A violent student protest took place in Kisumu on Monday.",
        "Pupils of a boarding school near Kisumu burnt their dormitory on Monday in protest "
        "over the food.",
        "Demonstrators in Kisumu damaged two buses on Monday during a march against the fees.",
    ],
)
def test_destruction_or_violence_told_as_a_noun_makes_a_riot(
    extractor: Extractor, text: str
) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Violent demonstration")


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        (
            "Hawkers protested in Kisumu on Monday; police opened fire on them, wounding four.",
            "Excessive force against protesters",
        ),
        ("Hawkers protested in Kisumu on Monday after police shot a driver.", "Peaceful protest"),
        (
            "Police shot in the air to disperse hawkers protesting in Kisumu on Monday.",
            "Protest with intervention",
        ),
    ],
)
def test_forces_harming_a_peaceful_crowd_is_excessive_force(
    extractor: Extractor, text: str, sub_type: str
) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Protests", sub_type)


def test_killing_an_accused_witch_is_mob_violence(extractor: Extractor) -> None:
    text = "On Monday, an elderly woman accused of witchcraft was beaten to death near Kisumu."
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("On Monday, youths pelted police with stones at a market in Kisumu.", "Mob violence"),
        (
            "On Monday, youths put up barricades in Kisumu and pelted police with stones.",
            "Violent demonstration",
        ),
        (
            "On Monday, youths pelted police with stones in Kisumu, demanding their pay.",
            "Violent demonstration",
        ),
    ],
)
def test_a_violent_crowd_without_a_demonstration_is_a_mob(
    extractor: Extractor, text: str, sub_type: str
) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", sub_type)


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, the county office in Kisumu was burnt down by demonstrators.",
        "On Monday, hawkers in Kisumu blocked a street with burning logs to protest the levy.",
        "Students protested in Kisumu on Monday and threw bottles at the police.",
        "Workers protested at a factory near Kisumu on Monday, with casualties on both sides.",
        "Students demonstrated in Kisumu on Monday and caused heavy damage to the library.",
    ],
)
def test_crowd_destruction_in_other_words_is_a_violent_demonstration(
    extractor: Extractor, text: str
) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Violent demonstration")


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("On 4 May 2020, gunmen shot a farmer near Kaya and abducted his son.", "Attack"),
        ("On 4 May 2020, gunmen abducted a farmer near Kaya.", "Abduction/forced disappearance"),
    ],
)
def test_an_abduction_in_an_attack_that_hurts_people_is_an_attack(
    extractor: Extractor, text: str, sub_type: str
) -> None:
    assert main(extractor, text).sub_event_type == sub_type
