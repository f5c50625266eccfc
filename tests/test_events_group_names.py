"""Names of armed groups and peoples that a gazetteer also lists as towns
are no places of an event. Sentences written for these tests."""

from __future__ import annotations

from eventcases import main

from geomap.events.extract import Extractor


def _mention_texts(extractor: Extractor, text: str) -> list[str]:
    return [m.text for m in extractor.extract(text, published="2021-03-02").mentions]


def test_an_armed_groups_name_is_no_town(extractor: Extractor) -> None:
    # "Boko" alone is a Congolese village: inside the group's name it is no
    # place, not even the last resort of an event that names none.
    text = "Boko Haram fighters stormed a market on Monday, killing four traders."
    assert main(extractor, text).place is None
    text = "Boko Haram fighters stormed a market near Maiduguri on Monday, killing four traders."
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == "NG"


def test_an_armed_group_alone_gives_no_place_abroad(extractor: Extractor) -> None:
    # No other place: better none than a village of the group's name in Asia.
    text = "Suspected al-Shabaab gunmen ambushed a water truck on Monday, killing its driver."
    assert _mention_texts(extractor, text) == []
    assert main(extractor, text).place is None


def test_a_peoples_name_before_herders_is_no_town(extractor: Extractor) -> None:
    # "Maasai herdsmen": the people, not the Malaysian town of that name, and
    # so in the whole article ("two Maasai").
    text = (
        "Maasai herdsmen were wounded when rangers fired on cattle near Narok on Monday. "
        "Two Maasai were taken to hospital."
    )
    assert "Maasai" not in _mention_texts(extractor, text)
    inc = main(extractor, text)
    assert inc.place is not None and inc.place.country_code == "KE"


def test_clans_listed_before_their_noun_are_peoples(extractor: Extractor) -> None:
    text = "Maasai and Ruvu clans fought over a grazing dispute near Narok on Monday."
    assert "Maasai" not in _mention_texts(extractor, text)


def test_ethnic_militias_and_doubled_words_are_no_towns(extractor: Extractor) -> None:
    texts = [
        "Ruvu and Maasai ethnic militias fought over grazing land on Monday.",
        # A local word said twice ("boda boda", motorcycle taxis) is a noun.
        "Boda boda riders blocked a highway on Monday to protest police harassment.",
    ]
    for text in texts:
        mentions = _mention_texts(extractor, text)
        assert "Maasai" not in mentions and "Boda" not in mentions
