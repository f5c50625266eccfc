"""Incident coding on short event reports: each failure class found in a
reading of coded events, with texts written for these tests.

Every test states what a coder following ACLED's codebook would record and
checks the main incident (see geomap.events.evaluate.main_incident).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from eventcases import main

from geomap.errors import InputError
from geomap.events.casualties import casualties
from geomap.events.evaluate import (
    current_taxonomy,
    evaluate_events,
    read_acled,
    split_of,
    states_day,
)
from geomap.events.extract import Extractor
from geomap.gazetteer.store import Gazetteer

# -- trigger wording -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("A man shoots a trader dead at the market in Kaya.", "Violence against civilians"),
        ("A sniper killed a shopkeeper in Kaya on Monday.", "Violence against civilians"),
        ("Two rival militias fought for hours near Kaya on Monday.", "Battles"),
        ("A farmer was beaten by unknown men in Kaya on Monday.", "Violence against civilians"),
        ("A teacher was killed by unidentified gunmen in Kaya.", "Violence against civilians"),
        ("The air force conducted an aerial operation on rebel camps near Kaya.", None),
        ("On 4 May 2020, shots were observed near Kaya.", None),
        ("A bomb attached to a motorbike exploded in Kaya, killing two.", None),
        ("Three died in a clash between rival gangs in Kaya.", None),
    ],
)
def test_trigger_wording_reports_an_event(
    extractor: Extractor, text: str, event_type: str | None
) -> None:
    incident = main(extractor, text)
    if event_type is not None:
        assert incident.event_type == event_type
    if "aerial operation" in text:
        assert incident.sub_event_type == "Air/drone strike"
    if "motorbike exploded" in text:
        assert incident.sub_event_type == "Remote explosive/landmine/IED"
    if "clash between rival gangs" in text:
        assert incident.event_type in ("Battles", "Riots")


# -- battles against armed men ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a police post in Kaya on Monday, killing two officers.",
        "Militants ambushed an army patrol near Kaya; three soldiers were killed.",
        "Unknown assailants attacked the gendarmerie in Kaya and wounded a gendarme.",
        "On 4 May 2020, two soldiers were shot and later killed near Kaya.",
    ],
)
def test_attacks_on_police_or_soldiers_are_battles(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).event_type == "Battles"


def test_attacks_on_villagers_stay_violence_against_civilians(extractor: Extractor) -> None:
    incident = main(extractor, "Gunmen attacked villagers in Kaya, killing four farmers.")
    assert incident.event_type == "Violence against civilians"
    assert incident.fatalities == 4


# -- riots -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Protesters burned tyres in the streets of Kisumu on Monday.",
        "Residents barricaded the main road in Kisumu to protest power cuts.",
        "Demonstrators threw stones at police in Kisumu.",
    ],
)
def test_destructive_crowds_riot(extractor: Extractor, text: str) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Violent demonstration")


@pytest.mark.parametrize(
    "text",
    [
        "Teachers staged a peaceful march in Kisumu over pay.",
        # Blocking a road is not violent by itself (barricades or fires are).
        "Residents blocked the main road in Kisumu to protest power cuts.",
    ],
)
def test_a_peaceful_march_is_a_protest(extractor: Extractor, text: str) -> None:
    incident = main(extractor, text)
    assert (incident.event_type, incident.sub_event_type) == ("Protests", "Peaceful protest")


def test_violence_by_a_crowd_is_mob_violence(extractor: Extractor) -> None:
    incident = main(extractor, "A suspected thief was lynched by a mob in Kisumu on Monday.")
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")


# -- death counts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("On 29 April 2020, gunmen shot dead a trader in Kaya.", 1, None),
        ("On September 26, eight soldiers were killed by an IED.", 8, None),
        ("1 killed 3 injured in a clash over land.", 1, 3),
        ("A herder was burned alive by the attackers.", 1, None),
        ("The driver died of his injuries in hospital.", 1, None),
        ("The raiders killed 6 volunteer fighters and 1 soldier.", 7, None),
        ("Thirteen soldiers and one gendarme were killed in the ambush.", 14, None),
        ("Nine killed and dozens wounded in the raid.", 9, None),
        ("Fatalities coded as 3, as reported.", 3, None),
        ("Police fired on the crowd; two deaths were reported.", 2, None),
        ("The bodies of three attackers were found later.", 3, None),
        ("A mob beat to death a suspected thief.", 1, None),
        ("She was found beheaded outside the village.", 1, None),
    ],
)
def test_death_counts(sentence: str, killed: int | None, injured: int | None) -> None:
    assert casualties(sentence)[:2] == (killed, injured)


def test_vague_counts_are_not_numbers() -> None:
    killed, _, remarks = casualties("Several people were killed.")
    assert killed is None and any("not a number" in r for r in remarks)


def test_round_estimates_take_acled_figures() -> None:
    # ACLED codes "tens" as 10, "dozens" as 12, "hundreds" as 100.
    killed, _, remarks = casualties("Dozens of people were killed.")
    assert killed == 12 and any("as ACLED codes it" in r for r in remarks)


def test_the_year_is_never_the_toll(extractor: Extractor) -> None:
    incident = main(extractor, "On 29 April 2020, gunmen shot dead a trader in Kaya.")
    assert incident.fatalities == 1
    assert incident.date == dt.date(2020, 4, 29)


# -- qualifiers and places -------------------------------------------------------------


def test_a_parenthesised_qualifier_places_an_unknown_village(extractor: Extractor) -> None:
    incident = main(extractor, "On 3 May 2020, fighting west of Barh (Maqbanah, Taizz) killed two.")
    assert incident.place is not None and incident.place.country_code == "YE"
    assert incident.event_type == "Battles"


def test_an_arabic_article_is_not_alabama(extractor: Extractor) -> None:
    incident = main(
        extractor, "On 3 May 2020, clashes in Al Haqban village (Damt, Ad Dali) killed one."
    )
    assert incident.place is not None and incident.place.country_code == "YE"


def test_a_currency_is_not_the_event_place(extractor: Extractor) -> None:
    incident = main(
        extractor,
        "Protesters angry at the US dollar exchange rate blocked roads in Beirut on Monday.",
    )
    assert incident.place is not None and incident.place.country_code == "LB"


def test_an_earlier_sentence_places_the_event(extractor: Extractor) -> None:
    text = "On 4 May 2020, gunmen raided a village near Kaya. Three farmers were killed."
    incident = main(extractor, text)
    assert incident.place is not None and incident.place.name == "Kaya"
    assert incident.fatalities == 3


def test_the_town_of_x_beats_a_region(extractor: Extractor) -> None:
    text = "Saudi-led airstrikes hit the town of Saada in northern Yemen on Monday, killing five."
    incident = main(extractor, text, "2021-03-02")
    assert incident.place is not None and incident.place.kind == "city"
    assert incident.event_type == "Explosions/Remote violence"


def test_shelling_a_named_city(extractor: Extractor) -> None:
    text = (
        "Russian forces shelled the city of Kostiantynivka on Tuesday, killing two civilians. "
        "The attack came as fighting raged near Bakhmut."
    )
    incident = main(extractor, text, "2023-02-01")
    assert incident.sub_event_type == "Shelling/artillery/missile attack"
    assert incident.place is not None and incident.place.name.startswith("Kost")


def test_launch_sites_are_not_event_places(extractor: Extractor) -> None:
    text = (
        "KYIV, Ukraine (AP) — Ukraine's air defences shot down 61 of the 71 missiles Russia "
        "launched overnight, the military said."
    )
    incident = main(extractor, text, "2023-02-01")
    assert incident.sub_event_type == "Disrupted weapons use"
    assert incident.place is not None and incident.place.country_code == "UA"


def test_an_agency_acronym_is_not_a_capital(extractor: Extractor) -> None:
    ex = extractor.extract(
        "Protesters blocked roads in Beirut on Monday, the state news agency SANA reported.",
        published="2021-03-09",
    )
    assert all(m.text != "SANA" for m in ex.mentions)


def test_background_is_not_an_event(extractor: Extractor) -> None:
    text = (
        "In recent years militants have attacked villages near Mopti, killing hundreds. "
        "On Sunday gunmen killed three farmers in Djenne."
    )
    ex = extractor.extract(text, published="2021-06-07")
    assert [i.date for i in ex.incidents] == [dt.date(2021, 6, 6)]


@pytest.mark.parametrize(
    "text",
    [
        "BAMAKO, Mali (AP) — June 7, 2021 — Gunmen killed three farmers near Mopti on Sunday.",
        "Three farmers killed near Mopti\n\nJune 7, 2021\n\nGunmen killed three farmers near "
        "Mopti on Sunday, officials said.",
    ],
)
def test_publication_date_at_the_head(extractor: Extractor, text: str) -> None:
    ex = extractor.extract(text)
    assert ex.published == dt.date(2021, 6, 7)
    assert [i.date for i in ex.incidents] == [dt.date(2021, 6, 6)]


def test_no_date_is_said_not_invented(extractor: Extractor) -> None:
    incident = main(extractor, "Gunmen killed three farmers near Mopti.", "2021-06-07")
    assert incident.date == dt.date(2021, 6, 7)
    assert any("publication date" in r for r in incident.remarks)


def test_every_incident_says_why(extractor: Extractor) -> None:
    incident = main(extractor, "On 4 May 2020, gunmen killed two traders in Kaya.")
    aspects = {r.split(":", 1)[0] for r in incident.remarks}
    assert {"type", "date", "place", "fatalities"} <= aspects


def test_the_example_article_keeps_its_drone_strike(extractor: Extractor, repo_root: Path) -> None:
    text = (repo_root / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")
    ex = extractor.extract(text)
    strikes = [i for i in ex.incidents if i.sub_event_type == "Air/drone strike"]
    assert strikes and strikes[0].date == dt.date(2021, 11, 7)
    assert strikes[0].place is not None and "Green Zone" in strikes[0].place.name


# -- the evaluation harness ------------------------------------------------------------

_COLUMNS = (
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,"
    "latitude,longitude,geo_precision,fatalities,notes"
)
_ROWS = (
    "T1,2020-05-04,Violence against civilians,Attack,Unidentified Armed Group,Burkina Faso,"
    '13.09,-1.08,1,3,"On 4 May 2020, gunmen killed three farmers in Kaya."',
    "T2,2020-05-04,Riots/Protests,,Rioters (Kenya),Kenya,-0.09,34.77,1,0,"
    '"Protesters burned tyres in Kisumu on 4 May 2020."',
    "T3,2020-05-04,Strategic developments,Arrests,Police Forces,Kenya,-1.29,36.82,1,0,"
    '"Police arrested a journalist in Nairobi on 4 May 2020."',
)
CODED = "\n".join((_COLUMNS, *_ROWS)) + "\n"


def test_eval_events_scores_a_coded_file(extractor: Extractor) -> None:
    records = list(read_acled(io.StringIO(CODED)))
    assert [r.types for r in records][1] == {"Riots"}  # the old taxonomy, by actor name
    report = evaluate_events(records, lambda t, p: extractor.extract(t, published=p))
    figures = report.figures()
    assert figures["records"] == 2  # strategic developments are left out by default
    assert figures["type"] == 100.0
    assert figures["within_25km"] == 100.0
    assert figures["deaths_exact"] == 100.0 and figures["deaths_exact_n"] == 1
    assert figures["date_stated_day"] == 100.0


def test_eval_events_rejects_a_file_without_acled_columns() -> None:
    with pytest.raises(InputError, match="missing column"):
        list(read_acled(io.StringIO("a,b\n1,2\n")))


def test_taxonomy_and_split_helpers() -> None:
    assert current_taxonomy("Remote violence", None) == (
        frozenset({"Explosions/Remote violence"}),
        None,
    )
    # Old violence against civilians by rioters, or against protesters, is
    # mob violence or excessive force against protesters today.
    assert current_taxonomy(
        "Violence against civilians", None, "Rioters (Kenya)", "Civilians (Kenya)"
    )[0] == frozenset({"Violence against civilians", "Riots"})
    assert current_taxonomy(
        "Violence against civilians", None, "Police Forces of Kenya", "Protesters (Kenya)"
    )[0] == frozenset({"Violence against civilians", "Protests"})
    assert current_taxonomy(
        "Violence against civilians", None, "Unidentified Armed Group", "Civilians (Kenya)"
    )[0] == frozenset({"Violence against civilians"})
    assert states_day("On 29 April 2020, ...", dt.date(2020, 4, 29))
    assert not states_day("Last week, ...", dt.date(2020, 4, 29))
    record = next(read_acled(io.StringIO(CODED)))
    assert split_of(record) in ("dev", "test")


# -- the commands ----------------------------------------------------------------------


def test_eval_events_command(tmp_path: Path, gazetteer: Gazetteer) -> None:
    import json

    from click.testing import CliRunner

    from geomap.cli import main

    coded = tmp_path / "coded.csv"
    coded.write_text(CODED, encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        main,
        ["eval-events", str(coded), "--parser", "fast", "--errors", str(errors), "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["overall"]["records"] == 2
    assert set(figures["by_event_type"]) == {"Violence against civilians", "Riots"}
    assert set(figures["by_country"]) == {"Burkina Faso", "Kenya"}
    lines = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["T1", "T2"]
    assert lines[0]["gold"]["fatalities"] == 3 and lines[0]["extracted"]["fatalities"] == 3
    table = CliRunner().invoke(main, ["eval-events", str(coded), "--parser", "fast"])
    assert "By event type" in table.stdout and "By country" in table.stdout
    # Figures by any column of the export: here the coder's actor.
    by = CliRunner().invoke(
        main, ["eval-events", str(coded), "--parser", "fast", "--by", "actor1", "--json"]
    )
    assert by.exit_code == 0, by.output
    groups = json.loads(by.stdout)["by_actor1"]
    assert set(groups) == {"Unidentified Armed Group", "Rioters (Kenya)"}
    assert groups["Rioters (Kenya)"]["records"] == 1
    by_table = CliRunner().invoke(main, ["eval-events", str(coded), "--by", "actor1"])
    assert "By actor1" in by_table.stdout and "Rioters (Kenya)" in by_table.stdout


def test_eval_events_command_rejects_bad_input(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from geomap.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-events", str(bad), "--parser", "fast"])
    assert result.exit_code == 1
    assert "missing column" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(main, ["eval-events", str(tmp_path / "none.csv")])
    assert missing.exit_code != 0 and "no such file" in missing.output
    coded = tmp_path / "coded.csv"
    coded.write_text(CODED, encoding="utf-8")
    no_column = CliRunner().invoke(main, ["eval-events", str(coded), "--by", "year"])
    assert no_column.exit_code == 1 and "no column 'year'" in no_column.output
    assert "Traceback" not in no_column.output


def test_extract_explain(tmp_path: Path, gazetteer: Gazetteer) -> None:
    from click.testing import CliRunner

    from geomap.cli import main

    article = tmp_path / "a.txt"
    article.write_text("On 4 May 2020, gunmen killed two traders in Kaya.", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["extract", str(article), "--explain", "--parser", "fast", "--published", "2020-05-05"],
    )
    assert result.exit_code == 0, result.output
    assert "Incident 1: Violence against civilians / Attack" in result.stdout
    assert "fatalities: 2 from 'killed two'" in result.stdout
    assert "date: '4 May 2020'" in result.stdout


# -- a user's own event model ------------------------------------------------------------


def _training_csv(path: Path) -> Path:
    """Coded events written for this test: two sub-types, told apart by words."""
    rows = [_COLUMNS]
    places = ["Kaya", "Djibo", "Dori", "Fada", "Kongoussi", "Ouahigouya"]
    for i, town in enumerate(places * 4):
        rows.append(
            f"A{i},2020-05-04,Protests,Peaceful protest,Protesters,Burkina Faso,13.0,-1.0,1,0,"
            f'"On 4 May 2020, teachers marched peacefully in {town} to demand their pay."'
        )
        rows.append(
            f"B{i},2020-05-04,Riots,Violent demonstration,Rioters,Burkina Faso,13.0,-1.0,1,0,"
            f'"On 4 May 2020, youths burned tyres and threw stones in {town} over fuel prices."'
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_an_event_model_trains_saves_loads_and_decides_types(
    tmp_path: Path, extractor: Extractor
) -> None:
    pytest.importorskip("sklearn")
    from geomap.events.model import EventModel, cross_validate, train

    records = list(read_acled(_training_csv(tmp_path / "coded.csv")))
    assert cross_validate(records, folds=3)["sub_type"] > 90
    model = train(records)
    saved = EventModel.load(model.save(tmp_path / "model.npz"))
    assert saved.classes == model.classes
    assert saved.predict(["Youths burned tyres and threw stones in Tenkodogo."]) == [
        ("Riots", "Violent demonstration")
    ]
    with_model = Extractor(extractor.geoparser, event_model=saved)
    incident = main(with_model, "On 4 May 2020, teachers marched peacefully in Kaya.")
    assert (incident.event_type, incident.sub_event_type) == ("Protests", "Peaceful protest")
    assert any("event model" in r for r in incident.remarks)


def test_an_event_model_file_is_checked(tmp_path: Path) -> None:
    from geomap.events.model import EventModel

    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(InputError, match="cannot read the event model"):
        EventModel.load(bad)


def test_events_train_command(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from click.testing import CliRunner

    from geomap.cli import main as cli

    coded = _training_csv(tmp_path / "coded.csv")
    out = tmp_path / "model.npz"
    result = CliRunner().invoke(
        cli, ["events", "train", str(coded), "-o", str(out), "--folds", "3"]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and "cross-validation" in result.stderr
    nowhere = CliRunner().invoke(cli, ["events", "train", str(coded), "-o", "/nonexistent/m.npz"])
    assert nowhere.exit_code == 1 and "no such folder" in nowhere.output


def test_a_place_inside_a_longer_name_places_the_event(extractor: Extractor) -> None:
    incident = main(extractor, "Workers at the Kakamega Sugar Company went on strike on Monday.")
    assert incident.place is not None and incident.place.name == "Kakamega"
    assert incident.geo_precision == 2
    assert any("inside a longer name" in r for r in incident.remarks)
