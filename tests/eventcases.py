"""The helper the event-coding tests share: the main incident of a text."""

from __future__ import annotations

from geomap.events.evaluate import main_incident
from geomap.events.extract import Extractor
from geomap.models import Incident


def main(extractor: Extractor, text: str, published: str = "2020-05-06") -> Incident:
    """The text's main incident, published on ``published``; fails the test
    when there is none."""
    incident = main_incident(extractor.extract(text, published=published))
    assert incident is not None, f"no incident in {text!r}"
    return incident
