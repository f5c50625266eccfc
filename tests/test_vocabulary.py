"""The rules written as data: one loader, notes, no duplicates, and acronyms
that count only when written in capitals."""

from __future__ import annotations

import re

import pytest

from geomap import vocabulary
from geomap.errors import GeomapError
from geomap.events import vocabulary as events_vocabulary
from geomap.events.actor_words import _FIXED_SEATS
from geomap.events.extract import Extractor
from geomap.geoparsing import vocabulary as geoparsing_vocabulary
from geomap.geoparsing.parser import Geoparser
from geomap.geoparsing.tokens import is_acronym

FILES = [("geomap.geoparsing", "words"), ("geomap.events", "words")]


@pytest.mark.parametrize(("package", "name"), FILES)
def test_every_list_has_a_note_and_no_duplicate(package: str, name: str) -> None:
    data = vocabulary.load(package, name)
    assert data
    for key, entry in data.items():
        assert isinstance(entry, dict) and entry.get("note"), f"{key} has no note"
        items = list(entry["words"])
        assert len(items) == len(set(items)), f"{key} lists a word twice"


def test_geoparser_lists_are_lower_case_unless_marked() -> None:
    for key, entry in vocabulary.load("geomap.geoparsing", "words").items():
        if isinstance(entry["words"], dict) or "Case-sensitive" in entry["note"]:
            continue
        assert all(w == w.lower() for w in entry["words"]), key


def test_one_loader_for_both_stages() -> None:
    assert events_vocabulary.load("words") is vocabulary.load("geomap.events", "words")
    assert geoparsing_vocabulary.words("months")[:2] == ("january", "february")
    assert "monday" in geoparsing_vocabulary.word_set("weekdays")
    with pytest.raises(GeomapError, match="no list"):
        geoparsing_vocabulary.words("no such list")
    with pytest.raises(GeomapError, match="cannot read"):
        vocabulary.load("geomap.geoparsing", "no such file")


def test_acronyms() -> None:
    assert all(map(is_acronym, ["UN", "DRC", "U.A.E.", "HKSAR", "CAR"]))
    assert not any(map(is_acronym, ["Car", "LOUTRAKI", "US Capitol", "A", "Un"]))


@pytest.fixture(scope="module")
def fast() -> Geoparser:
    return Geoparser(mode="fast")


def _places(parser: Geoparser, text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.place.name if m.place else None) for m in parser.parse(text)]


def test_acronym_places_only_in_capitals(fast: Geoparser) -> None:
    # "Car" is a word (and a village), not the CAR, the Central African Republic.
    assert ("Car", "Central African Republic") not in _places(
        fast, "Car bombs hit Baghdad. A Car Bomb exploded near the market."
    )
    assert _places(fast, "Doctors flew to the Drc and then to Uae.") == []
    assert ("DRC", "Democratic Republic of the Congo") in _places(
        fast, "Fighting in the DRC continued."
    )
    assert ("UAE", "United Arab Emirates") in _places(fast, "Troops left the UAE on Monday.")


def test_acronyms_in_reviewed_phrases_only_in_capitals(fast: Geoparser) -> None:
    assert _places(fast, "He told us capitol police were there.") == []
    assert ("US Capitol", "United States Capitol") in _places(
        fast, "Protesters gathered at the US Capitol on Monday."
    )


def test_institutions_named_by_acronym_only_in_capitals() -> None:
    def seats(text: str) -> list[str]:
        return [name for pattern, name, *_ in _FIXED_SEATS if pattern.search(text)]

    assert seats("Farmers who lost their land") == []
    assert seats("the NGO Un Ponte Per") == []
    assert seats("the WHO said") == ["World Health Organization"]
    assert seats("the UN said") == ["United Nations"]
    assert seats("the United Nations said") == ["United Nations"]
    assert seats("the world health organization said") == ["World Health Organization"]


def test_an_ngo_named_un_is_not_at_the_un(fast: Geoparser) -> None:
    text = (
        "Gunmen killed three people in Mosul, Iraq on Monday, said Marco Rossi, "
        "director of the NGO Un Ponte Per."
    )
    for actor in Extractor(fast).extract(text).actors:
        assert not (actor.location_note and re.search("United Nations", actor.location_note))
