"""The default recogniser: geomap's rules, refereed by spaCy's named entities.

spaCy's small English model vetoes places inside PERSON entities, adds
GPE/LOC/NORP spans the rules missed and keeps towns inside ORG entities as
weak names; see :class:`SpacyRecognizer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..gazetteer.names import loose_key
from .directions import direction_of
from .document import DocumentText
from .entities import Entity, _surnames, spacy_entities
from .recognize import Candidate, FastRecognizer
from .spans import dedupe, with_modifiers
from .tokens import _ADMIN_UNITS, _LOCATED, _NUMBERED, _POSSESSIVE, _is_feature, _serves, _titled

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = ["SpacyRecognizer"]


class SpacyRecognizer(FastRecognizer):
    """The fast rules, refereed by a spaCy NER model.

    PERSON/ORG/WORK_OF_ART entities veto rule matches inside them (unless the
    entity *is* a country or region name the gazetteer knows); GPE/LOC/FAC
    entities that the gazetteer knows are added, NORP ones as demonyms.
    """

    _VETO = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
    _ADD = frozenset({"GPE", "LOC", "FAC"})

    # spaCy refuses texts beyond nlp.max_length (1,000,000 characters) and
    # its memory grows with the text: long texts go in pieces of this size.
    chunk_size = 100_000

    def __init__(self, gazetteer: Gazetteer, nlp: Any) -> None:
        super().__init__(gazetteer)
        self.nlp = nlp

    def entities(self, text: str) -> list[Entity]:
        """spaCy's entities of ``text``, with offsets into ``text``."""
        return spacy_entities(self.nlp, text, self.chunk_size)

    def candidates(
        self, text: str | DocumentText, ents: Sequence[Entity] | None = None
    ) -> list[Candidate]:
        doc = DocumentText.of(text)
        text = doc.text
        rule = super().candidates(doc)
        if ents is None:
            # One spaCy run per document: later stages (actors) reuse it.
            if doc.ents is None:
                doc.ents = self.entities(text)
            ents = doc.ents
        people = [(e.start, e.end) for e in ents if e.label == "PERSON"]
        names = [(e.start, e.end) for e in ents if e.label in self._VETO]
        surnames = _surnames(text, people)
        kept = []
        for c in rule:
            if c.dateline or c.demonym or c.feature:
                kept.append(c)
                continue
            strong = self._strong(c.text)
            # One sense per discourse, with the model's eye for names: a
            # word that ends a person's full name ("Gov. Ronnie Musgrove",
            # "Abraham Lincoln") is that person when it stands alone, unless
            # it is a well-known place the model did not call a person here.
            as_person = (c.start, c.end) in people  # the model calls just this a person
            if loose_key(c.text) in surnames and (self._strength(c.text) < 2 or as_person):
                continue
            # A person's name vetoes any place inside it ("Ned Price"),
            # unless the "person" is exactly a well-known place: the small
            # model calls "Jordan" or "Georgia" a PERSON now and then.
            serves = _serves(text, c.end)
            in_person = any(s <= c.start and c.end <= e for s, e in people)
            # The model stretches a PERSON over a title: "Alexandria Police
            # Spokeswoman Ashley Hildebrandt" still names Alexandria.
            # Nobody is called "Madison County", and no organisation makes
            # one less of a place: the model's entity swallowed it.
            unit = c.text.split()[-1].lower() in _ADMIN_UNITS
            led = unit or (serves and any(s == c.start for s, _ in people))
            # Nor where the sentence puts someone or something in it: "in
            # Glen Allen", "the town of Calais", "near Kent".
            located = as_person and _LOCATED.search(text, max(0, c.start - 30), c.start)
            if in_person and not led and not located and not (strong and as_person):
                continue
            # Inside an organisation's name, a well-known place is still a
            # mention ("Edmonton Police Service"); a small one is not.
            # The small model also calls many small towns ORG: keep such a
            # name as weak, for the resolver to keep only where it lies among
            # the article's other places.
            in_name = any(s <= c.start and c.end <= e for s, e in names)
            # A town inside an organisation's or product's name ("Toyota
            # Camry") is weak unless it is a country or region or serves it.
            if in_name and not (strong or serves or unit or located):
                c = replace(c, weak=True)
            kept.append(c)
        extra = []
        for ent in ents:
            if ent.label not in self._ADD and ent.label != "NORP":
                continue
            start, end = ent.start, ent.end
            phrase = text[start:end]
            if phrase.lower().startswith("the "):
                start, phrase = start + 4, phrase[4:]
            phrase = _POSSESSIVE.sub("", phrase) if phrase.endswith(("'s", "’s")) else phrase
            end = start + len(phrase)
            if not phrase:
                continue
            is_place, is_demonym = self._lookup(phrase)
            if ent.label != "NORP" and loose_key(phrase) in surnames:
                continue
            if ent.label == "NORP" and is_demonym:
                extra.append(Candidate(start, end, phrase, demonym=True))
            elif direction_of(phrase.lower()):
                continue  # "the North" of a story is not Cameroon's North Region
            elif ent.label in self._ADD and is_place and not _titled(text, start):
                extra.append(Candidate(start, end, phrase))
            elif _NUMBERED.match(text, end):
                continue  # "County Road 417": a numbered road, not "County Road"
            elif _is_feature(phrase, ent.label) and not any(
                start <= c.start and c.end <= end and _serves(text, c.end) for c in kept
            ):
                # "the Tallow River"; but in "Baxter County Jail" the
                # mention is the county, found by the rules already.
                extra.append(Candidate(start, end, phrase))
        return with_modifiers(text, dedupe([*kept, *extra]))
