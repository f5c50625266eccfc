"""Names in every script GeoNames has, and the names shown to readers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from geomap.cli import main
from geomap.gazetteer.names import display_form, exact_key, loose_key
from geomap.gazetteer.store import Gazetteer
from geomap.geocoder import LocalGeocoder
from geomap.models import Kind

# -- keys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("بـغـداد", "بغداد"),  # tatweel
        ("بَغْدَادُ", "بغداد"),  # harakat
        ("المدينة المنورة", "المدينه المنوره"),  # ta marbuta
        ("مستشفى", "مستشفي"),  # alef maksura
        ("أربيل", "اربيل"),  # alef with hamza above
        ("إدلب", "ادلب"),  # alef with hamza below
        ("آمرلي", "امرلي"),  # alef with madda
        ("ٱلموصل", "الموصل"),  # alef wasla
        ("سؤال", "سوال"),  # hamza on waw
        ("کرمانشاه", "كرمانشاه"),  # Persian keheh
        ("یزد", "يزد"),  # Persian yeh
    ],
)
def test_arabic_script_variants_share_a_key(variant: str, plain: str) -> None:
    assert exact_key(variant) == exact_key(plain)
    assert loose_key(variant) == loose_key(plain)


def test_the_arabic_article_is_loose_like_the_latin_one() -> None:
    assert loose_key("الموصل") == loose_key("موصل")
    assert exact_key("الموصل") != exact_key("موصل")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Київ", "Киів"), ("Йемен", "Иемен"), ("バグダード", "ハクタート"), ("東京", "東亰")],
)
def test_cyrillic_and_cjk_match_exactly(a: str, b: str) -> None:
    # Their marks make other letters (ї, й, the kana voicing marks).
    assert loose_key(a) != loose_key(b)


def test_cyrillic_is_case_folded() -> None:
    assert exact_key("МОСКВА") == exact_key("Москва") == "москва"


@pytest.mark.parametrize(
    ("name", "key"),
    [("Sāmarrā'", "samarra"), ("St. John's", "st johns"), ("Łódź", "lodz"), ("Ḩimş", "hims")],
)
def test_latin_keys_are_unchanged(name: str, key: str) -> None:
    assert exact_key(name) == key


# -- display names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("Rafaḩ", "Rafah"),
        ("Arīḩā", "Ariha"),
        ("Al Ḩudaydah", "Al Hudaydah"),
        ("Karbalā’", "Karbala"),
        ("‘Ajlūn", "Ajlun"),
        ("Dar’ā", "Dar'a"),
        ("Rīga", "Riga"),
        ("São Paulo", "São Paulo"),  # Latin-1 accents are kept
        ("Zürich", "Zürich"),
        ("Côte d’Ivoire", "Côte d’Ivoire"),
        ("Kupyansk", "Kupyansk"),
        ("Москва", "Москва"),
    ],
)
def test_display_form(source: str, shown: str) -> None:
    assert display_form(source) == shown


@given(st.text(max_size=30))
def test_display_form_never_changes_the_key(name: str) -> None:
    assert exact_key(display_form(name)) == exact_key(name)


# -- the gazetteer, through the CLI and the API ----------------------------------

OTHER_SCRIPTS = {
    "بغداد": ("gn:98182", "Baghdad"),
    "الموصل": ("gn:99072", "Mosul"),
    "المَوْصِل": ("gn:99072", "Mosul"),
    "بـغـداد": ("gn:98182", "Baghdad"),
    "Київ": ("gn:703448", "Kyiv"),
    "Москва": ("gn:524901", "Moscow"),
    "東京": ("gn:1850147", "Tokyo"),
    "کرمانشاه": ("gn:128226", "Kermanshah"),
}


def _geocode_json(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["geocode", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_geocode_names_in_other_scripts_from_the_cli() -> None:
    rows = _geocode_json(*OTHER_SCRIPTS)
    assert [r["query"] for r in rows] == list(OTHER_SCRIPTS)
    for row in rows:
        place = row["place"]
        assert isinstance(place, dict), row
        assert row["status"] == "matched", row
        assert (place["id"], place["name"]) == OTHER_SCRIPTS[str(row["query"])]


def test_geocode_names_in_other_scripts_through_geopy(geocoder: LocalGeocoder) -> None:
    for query, (ident, name) in OTHER_SCRIPTS.items():
        location = geocoder.geocode(query)
        assert location is not None, query
        assert location.raw["id"] == ident
        assert location.raw["name"] == name


def test_english_text_never_reaches_other_scripts(gazetteer: Gazetteer) -> None:
    # Every name in another script has a key with a non-ASCII letter.
    rows = gazetteer._query(
        "SELECT count(*) FROM names WHERE name = ? AND key = ?", ("بغداد", loose_key("بغداد"))
    )
    assert rows[0][0] >= 1
    assert not gazetteer.matches("Bghdad")


@pytest.mark.parametrize(
    ("query", "ident", "name", "local_name"),
    [
        ("Rafah", "gn:281102", "Rafah", "Rafaḩ"),
        ("Hudaydah", "gn:79415", "Al Hudaydah", "Al Ḩudaydah"),
        ("Baghdad", "gn:98182", "Baghdad", None),
    ],
)
def test_names_shown_are_the_english_forms(
    query: str, ident: str, name: str, local_name: str | None
) -> None:
    place = _geocode_json(query)[0]["place"]
    assert isinstance(place, dict)
    assert (place["id"], place["name"], place["local_name"]) == (ident, name, local_name)


def test_ariha_in_syria_is_shown_without_transliteration_marks(gazetteer: Gazetteer) -> None:
    place = gazetteer.get("gn:172994")
    assert (place.name, place.local_name) == ("Ariha", "Arīḩā")
    # The source's spelling still finds it.
    assert "gn:172994" in {p.id for p in gazetteer.lookup("Arīḩā", country="SY")}


def test_local_name_is_a_csv_column() -> None:
    result = CliRunner().invoke(main, ["geocode", "Rafah", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()[:2]
    assert header.split(",")[-1] == "local_name"
    assert row.endswith("Rafaḩ")


def test_west_darfur_is_not_west_soudan(gazetteer: Gazetteer) -> None:
    place = _geocode_json("West Darfur")[0]["place"]
    assert isinstance(place, dict)
    assert (place["id"], place["name"], place["kind"]) == ("gn:408658", "West Darfur", "admin1")
    assert gazetteer.lookup("West Soudan")[0].id == "gn:408658"


def test_london_is_in_england_by_geocode_and_by_reverse() -> None:
    place = _geocode_json("London", "--country", "GB")[0]["place"]
    assert isinstance(place, dict)
    assert place["admin1"] == "England"
    result = CliRunner().invoke(main, ["reverse", "51.5074", "-0.1278", "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    answer = answer[0] if isinstance(answer, list) else answer
    assert answer["admin1"] == "England"


def test_region_populations_say_what_they_are(gazetteer: Gazetteer) -> None:
    # No package ships admin-1 populations: the figure is a sum of towns.
    anbar = gazetteer.lookup("Anbar", kind=Kind.ADMIN1)[0]
    assert anbar.population
    assert "sum of its GeoNames towns" in anbar.source
