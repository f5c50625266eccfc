"""One call from a news article to places, actors and incidents.

>>> from geomap.events.extract import extract
>>> ex = extract("BAGHDAD (AP) - Troops deployed around Baghdad on Sunday.",
...              published="2021-11-07")
>>> [(i.event_type, i.date.isoformat(), i.place.name) for i in ex.incidents]
[('Strategic developments', '2021-11-07', 'Baghdad')]

The geoparser runs once per document; sentences, dates, actors and
incidents are then read from its mentions with regular expressions and
cached gazetteer look-ups, so thousands of articles take minutes, not hours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
from collections.abc import Sequence
from typing import Any

from ..errors import InputError
from ..gazetteer.names import loose_key
from ..geoparsing import Geoparser
from ..geoparsing.recognize import FastRecognizer
from ..geoparsing.tokens import _NOT_PLACES
from ..models import Extraction, Incident, Kind, Mention, Place
from ..resources import common_words
from .actors import ActorFinder
from .article import Article
from .group_names import group_spans, without_groups
from .incidents import Finding, find_incidents
from .model import EventModel
from .places import names_money
from .published import dateline_date, parse_published

__all__ = ["Extractor", "extract", "extract_findings"]

_AREA_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2, Kind.REGION})


class Extractor:
    """Extraction with a reusable geoparser and cached look-ups.

    Parameters
    ----------
    geoparser
        The geoparser to use; the project's default one when omitted ("auto":
        spaCy-refereed where the model is installed). For large corpora pass
        ``Geoparser(mode="fast")``: much faster.
    nlp
        A spaCy pipeline whose PERSON entities add people the rules missed,
        for a fast-mode geoparser (one more model run per document). A
        "ner"-mode geoparser's own spaCy run is reused for this at no cost.
    """

    def __init__(
        self,
        geoparser: Geoparser | None = None,
        *,
        nlp: Any = None,
        event_model: EventModel | None = None,
    ) -> None:
        self.geoparser = geoparser or Geoparser()
        self.nlp = nlp
        self.actor_finder = ActorFinder(self.geoparser.gazetteer)
        self.event_model = event_model

    def findings(
        self,
        text: str,
        *,
        published: dt.date | dt.datetime | str | None = None,
        source: str | None = None,
        include_background: bool = False,
    ) -> tuple[Extraction, list[Finding]]:
        """The extraction and, per incident, the remarks made while coding it."""
        if not isinstance(text, str):
            raise InputError(f"expected text (str), got {type(text).__name__}")
        pub = _published(published, text)
        # The one document context: dateline, tokens, spaCy's entities,
        # sentences and dates are computed once, here or by the first stage
        # that needs them, and every stage below reads the same ones.
        article = Article(text)
        # A "ner" geoparser runs spaCy once; the actor finder reuses its
        # entities through the article.
        mentions = self._mentions(article)
        actors = self.actor_finder.find(article, mentions, nlp=self.nlp)
        findings = find_incidents(
            text,
            mentions=mentions,
            actors=actors,
            published=pub,
            source=source,
            countries=self.actor_finder.countries,
            sentences=article.sentences,
            dates=article.body_dates(pub),
            focus=_dateline_place(article, mentions),
            include_background=include_background,
            embedded=self._embedded(article, mentions),
        )
        incidents = tuple(_with_remarks(f) for f in findings)
        if self.event_model is not None and incidents:
            incidents = _retyped(incidents, self.event_model)
        extraction = Extraction(
            text=text,
            mentions=tuple(mentions),
            incidents=incidents,
            actors=tuple(actors),
            published=pub,
            source=source,
        )
        return extraction, findings

    def _mentions(self, article: Article) -> list[Mention]:
        """The geoparser's mentions, without a country named only for its
        currency ("the US dollar exchange rate"): that names no scene, and
        left in, it would pull the article's other names to its country."""
        cands = self.geoparser.recognize(article)
        kept = [c for c in cands if c.demonym or not names_money(article.text, c.end)]
        # An armed group's or a people's name is no place ("Boko Haram").
        kept = without_groups(article.text, kept)
        return self.geoparser.resolver.resolve(article.text, kept)

    def _embedded(self, article: Article, mentions: Sequence[Mention]) -> list[Mention]:
        """Places named inside longer capitalised names the geoparser left out
        ("Kakamega Sugar Company", "Marsabit Teachers College"): resolved in the
        document's context, for events that name no other place."""
        text = article.text
        taken = [(m.start, m.end) for m in mentions]
        # Nor inside an armed group's or a people's name ("Boko Haram").
        groups, group_keys = group_spans(text)
        recognizer = self.geoparser.recognizer
        spans: list[tuple[int, int]] = []
        for run in _CAPITALISED.finditer(text):
            if any(a < run.end() and run.start() < b for a, b in [*taken, *groups]):
                continue
            words = run.group().split()
            first = words[0]
            if loose_key(first) in group_keys or not _names_a_body(words, recognizer):
                continue
            if first.lower() in recognizer.weak_words or not recognizer._lookup(first)[0]:
                continue
            if recognizer._variant_only(first):
                continue
            spans.append((run.start(), run.start() + len(first)))
        if not spans:
            return []
        found = self.geoparser.resolve(article, [*taken, *spans])
        # The countries the document's own regions and demonyms name: a
        # town named inside a longer name elsewhere ("Raia" in an armed
        # group's name, read as a town in India) is another name's fragment.
        countries = {
            m.place.country_code
            for m in mentions
            if m.place is not None and (m.demonym or m.place.kind in _AREA_KINDS)
        }
        return [
            m
            for m in found[len(taken) :]
            if m.place is not None
            and not m.demonym
            and (not countries or m.place.country_code in countries)
        ]

    def extract(
        self,
        text: str,
        *,
        published: dt.date | dt.datetime | str | None = None,
        source: str | None = None,
        include_background: bool = False,
    ) -> Extraction:
        return self.findings(
            text, published=published, source=source, include_background=include_background
        )[0]


def _published(value: dt.date | dt.datetime | str | None, text: str) -> dt.date | None:
    if value is None:
        return dateline_date(text)
    pub = parse_published(value)
    if pub is None:
        raise InputError(
            f"cannot read the publication date {value!r}: pass a date, a datetime or an "
            "ISO 8601 string such as '2021-11-07'"
        )
    return pub


def _dateline_place(article: Article, mentions: list[Mention]) -> Place | None:
    cand = article.dateline
    if cand is None:
        return None
    for m in mentions:
        if m.start == cand.start and m.place is not None:
            return m.place
    return None


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]{2,}(?:\s+[A-Z][\w'’-]{2,}){0,2}")
_COMMON = common_words()


def _names_a_body(words: list[str], recognizer: FastRecognizer) -> bool:
    """Does a capitalised run read as a place's body ("Kakamega Sugar
    Company", "Tamso traders")? Not a month ("Nov."), an acronym in mixed-case
    prose ("SPLA fighters"), nor a two-word proper name whose first word opens
    many place names ("Abu Tamso", "Ain Tamso": the second word is no English
    word, so the pair is one name the gazetteer lacks)."""
    first = words[0]
    if first.lower() in _NOT_PLACES:
        return False
    if first.isupper() and not recognizer._written_as(first):
        return False
    if len(words) == 2:
        # "Tamso traders", "Tamso Monday", "Tamso MPs": an English word, a
        # date or an acronym after the place.
        word = words[1].rstrip("'’")
        second = word.lower()
        return (
            second in _COMMON
            or second.removesuffix("s") in _COMMON
            or second in _NOT_PLACES
            or word.removesuffix("s").isupper()
        )
    return True


def _retyped(incidents: tuple[Incident, ...], model: EventModel) -> tuple[Incident, ...]:
    """The user's model decides type and sub-type from each incident's evidence."""
    kinds = model.predict([i.notes or "" for i in incidents])
    out = []
    for incident, (event_type, sub_type) in zip(incidents, kinds, strict=True):
        was = f"{incident.event_type} / {incident.sub_event_type}"
        out.append(
            dataclasses.replace(
                incident,
                event_type=event_type,
                sub_event_type=sub_type,
                remarks=(*incident.remarks, f"type: the event model's (the rules said {was})"),
            )
        )
    return tuple(out)


def _with_remarks(finding: Finding) -> Incident:
    # The coder's notes travel with the incident into every export.
    return dataclasses.replace(finding.incident, remarks=tuple(finding.remarks))


_shared: dict[int, Extractor] = {}
_shared_lock = threading.Lock()


def _extractor(geoparser: Geoparser | None) -> Extractor:
    key = id(geoparser) if geoparser is not None else 0
    with _shared_lock:
        ex = _shared.get(key)
        if ex is None or (geoparser is not None and ex.geoparser is not geoparser):
            if len(_shared) > 16:
                _shared.clear()
            ex = _shared[key] = Extractor(geoparser)
        return ex


def extract(
    text: str,
    *,
    published: dt.date | dt.datetime | str | None = None,
    source: str | None = None,
    geoparser: Geoparser | None = None,
    include_background: bool = False,
) -> Extraction:
    """Places, actors and incidents of one news text.

    Parameters
    ----------
    text
        The article.
    published
        Its publication date (a date, a datetime or an ISO string). When
        omitted it is read from the text's head ("date 2021-11-07 BAGHDAD
        (AP)"), else relative dates ("on Friday") stay unresolved.
    source
        A label copied to every incident (a URL, a file name).
    geoparser
        The :class:`~geomap.geoparse.Geoparser` to use (default: fast mode).
    include_background
        Keep events dated more than 30 days before publication ("the mass
        protests of late 2019"), which are left out by default.

    Raises
    ------
    InputError
        ``text`` is not a string or ``published`` cannot be read as a date.
    """
    return _extractor(geoparser).extract(
        text, published=published, source=source, include_background=include_background
    )


def extract_findings(
    text: str,
    *,
    published: dt.date | dt.datetime | str | None = None,
    source: str | None = None,
    geoparser: Geoparser | None = None,
    include_background: bool = False,
) -> tuple[Extraction, list[Finding]]:
    """Like :func:`extract`, plus each incident's remarks and background flag."""
    return _extractor(geoparser).findings(
        text, published=published, source=source, include_background=include_background
    )
