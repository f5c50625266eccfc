"""Places read inside longer capitalised names, the last resort of an event
that names no place: only where the run reads as a place's body. Sentences
written for these tests."""

from __future__ import annotations

import pytest
from eventcases import main

from geomap.events.extract import Extractor


@pytest.mark.parametrize(
    "text",
    [
        # "Ain" opens many Arabic place names; alone it is a French department.
        "Shells fell on homes in Ain Zeituna overnight, wounding two women.",
        # An acronym in mixed-case prose is no Russian town called Ola.
        "Lecturers of the OLA Polytechnic marched to demand unpaid wages.",
    ],
)
def test_no_place_from_a_names_first_word(extractor: Extractor, text: str) -> None:
    assert main(extractor, text).place is None


def test_a_place_before_english_words_still_places_the_event(extractor: Extractor) -> None:
    inc = main(extractor, "Workers of the Kakamega Sugar Company went on strike over pay.")
    assert inc.place is not None and inc.place.country_code == "KE"
