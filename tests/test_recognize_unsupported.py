"""A small town read abroad on its prior alone, in an article whose other
names lie in another country, is a namesake of a place the gazetteer lacks.
Sentences written for these tests."""

from __future__ import annotations

from geomap.gazetteer.store import Gazetteer
from geomap.geoparsing.parser import Geoparser


def _read(gazetteer: Gazetteer, text: str) -> dict[str, tuple[str | None, bool]]:
    mentions = Geoparser(gazetteer, mode="fast").parse(text)
    return {m.text: (m.place.country_code if m.place else None, m.inferred) for m in mentions}


def test_a_small_town_abroad_gives_way_to_the_articles_country(gazetteer: Gazetteer) -> None:
    # "Tuggen" is known only as a Swiss village; two towns of Burkina Faso
    # around it say it is a village there the gazetteer lacks.
    read = _read(gazetteer, "Gunmen burned the market of Tuggen, a village between Kaya and Dori.")
    assert read["Kaya"] == ("BF", False)
    assert read["Tuggen"] != ("CH", False)


def test_a_city_abroad_stays_abroad(gazetteer: Gazetteer) -> None:
    read = _read(gazetteer, "Herders from Kaya and Dori met envoys in Geneva on Monday.")
    assert read["Geneva"] == ("CH", False)


def test_one_name_against_one_proves_nothing(gazetteer: Gazetteer) -> None:
    read = _read(gazetteer, "Herders clashed in Tuggen and Kaya on Monday.")
    assert read["Tuggen"] == ("CH", False)
