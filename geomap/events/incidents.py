"""Incidents: who did what, when and where, coded in ACLED's terms.

The rules are transparent and general; each step can be read on its own:

1. **Sentences** are split with character offsets (:func:`split_sentences`);
   quoted speech is masked, because rhetoric ("cowardly rocket attacks don't
   build homelands") is not a report of an event.
2. **Triggers** from lexicons mapped to ACLED's event types and sub-types
   are found in each sentence. A trigger is skipped when it is the object of
   a reaction ("condemned the attack", "blamed him for Friday's clashes"),
   hypothetical ("threatening to storm", "could escalate") or negated.
3. **Clustering** merges passages about one event: a definite reference ("the
   attack", "the assassination attempt") joins the latest event of its family;
   an indefinite trigger joins an event of the same type nearby if dates and
   places agree; a generic word ("explosion", "gunfire") joins a recent event
   of its family. Protest passages that turn violent in the same paragraph
   become one riot. Sentences right after an event that report casualties or
   damage are added as evidence.
4. Each event gets a **date** (the date expression nearest its trigger, else
   one from its other sentences, else the publication date with a lower
   confidence), a **place** (mentions in a locative relation - "in/at/near X",
   "X's" - preferred, finest first; places of reporting verbs and of actors'
   affiliations skipped), **actors** (state forces, protesters, civilians,
   named armed groups, "Unidentified Armed Group" when not claimed) and
   **casualties** (numbers in words or digits; "dozens" is noted, not counted).

Events dated more than 30 days before publication are background ("mass
protests in late 2019") and are left out unless asked for.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from ..models import Actor, Evidence, Incident, Mention, Place
from .casualties import casualties, passage_toll
from .coding import (
    crowd_destruction,
    decide_type,
    explosion_with_fire,
    mob_reason,
    one_sided_battle,
)
from .consistency import consistent
from .countries import Countries
from .cues import (
    armed_target,
)
from .date_links import old
from .dates import DateMention, find_dates
from .document_place import document_place
from .event_dates import EventDater, dates_agree
from .hits import Finding, _Cluster, _Hit
from .parties import PartyNamer
from .places import PlaceChooser, _places_agree, seat_of
from .qualifiers import qualified, qualifier_starts
from .sentences import Sentence, _quote_mask, split_sentences
from .taxonomy import (
    BACKGROUND_DAYS,
    BATTLES,
    EVENT_TYPES,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    VIOLENCE,
)
from .tolls import continuations, one_event_toll, stated_coding
from .triggers import (
    _ARMED_STORMING,
    _CASUALTY_WORDS,
    _CROWD,
    _CROWD_NEAR,
    _DEFINITE,
    _POSSESSED,
    _TRIGGER_RE,
    _TRIGGERS,
    _armed_not_crowd,
    _protest_cause,
    headline_act,
    reported,
)

__all__ = [
    "BACKGROUND_DAYS",
    "EVENT_TYPES",
    "Finding",
    "IncidentFinder",
    "Sentence",
    "casualties",
    "find_incidents",
    "split_sentences",
]


class IncidentFinder(EventDater, PlaceChooser, PartyNamer):
    """Rule-based incident coding for one document at a time."""

    def __init__(self, countries: Countries) -> None:
        self.countries = countries
        self._by_sentence: dict[int, list[_Hit]] = {}
        self._dates: list[DateMention] = []
        self._sentences: list[Sentence] = []
        self._published: dt.date | None = None
        self._declined: set[DateMention] = set()

    def find(
        self,
        text: str,
        *,
        mentions: Sequence[Mention],
        actors: Sequence[Actor] = (),
        published: dt.date | None = None,
        source: str | None = None,
        sentences: Sequence[Sentence] | None = None,
        dates: Sequence[DateMention] | None = None,
        focus: Place | None = None,
        embedded: Sequence[Mention] = (),
    ) -> list[Finding]:
        sentences = list(sentences if sentences is not None else split_sentences(text))
        if not sentences:
            return []
        if dates is None:
            dates = find_dates(text, published)
        quotes = _quote_mask(text, sentences)
        self._dates = list(dates)
        self._sentences = sentences
        self._published = published
        # Old dates found to be something else's ("killed in 1998"): they
        # date no event of this text, not even by carrying over.
        self._declined = set()
        self._embedded = list(embedded)
        mentions = qualified(text, mentions, self.countries.gazetteer)
        mentions = consistent(text, mentions, self.countries.gazetteer)
        self._qualifiers = qualifier_starts(text, mentions)
        hits = self._hits(text, sentences, quotes, dates, published)
        self._by_sentence = {}
        for h in hits:
            self._by_sentence.setdefault(h.sentence.index, []).append(h)
        clusters = self._cluster(text, mentions, actors)
        continuations(sentences, clusters)
        out = []
        for cluster in clusters:
            finding = self._code(text, cluster, mentions, actors, published, source, focus)
            if finding is not None:
                out.append(finding)
        out.sort(key=lambda f: f.incident.evidence[0].start if f.incident.evidence else 0)
        return stated_coding(text, one_event_toll(out, sentences))

    # -- triggers ------------------------------------------------------------------

    def _hits(
        self,
        text: str,
        sentences: Sequence[Sentence],
        quotes: Sequence[tuple[int, int]],
        dates: Sequence[DateMention],
        published: dt.date | None,
    ) -> list[_Hit]:
        # One pass of the trigger pattern over the whole text, then each
        # match is judged inside its sentence.
        starts = [s.start for s in sentences]
        per_sentence: dict[int, list[re.Match[str]]] = {}
        for m in _TRIGGER_RE.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= sentences[i].end:
                per_sentence.setdefault(i, []).append(m)
        hits: list[_Hit] = []
        for i, matches in per_sentence.items():
            sent = sentences[i]
            body = sent.text
            found = []
            for m in matches:
                start, end = m.start(), m.end()
                if any(qs <= start < qe for qs, qe in quotes):
                    continue
                trig = _TRIGGERS[int(str(m.lastgroup)[1:])]
                if trig.crowd and not _CROWD_NEAR.search(text, max(0, sent.start - 300), sent.end):
                    continue  # "the gunmen fired in the air": no crowd, no protest
                if trig.flag == "violent" and _armed_not_crowd(body):
                    trig = _ARMED_STORMING  # "militants stormed the base": no riot
                before = body[: start - sent.start]
                after = text[end : min(end + 40, sent.end)]
                if not reported(before, m.group(), after):
                    continue  # "condemned the attack", "could escalate", "no clashes"
                if _protest_cause(trig, before, text[start : start + 40]):
                    continue  # "protested the lynching of a trader"
                if trig.event_type == EXPLOSIONS and _POSSESSED.search(before[-100:]):
                    continue  # "seized rifles and a grenade": held, not thrown
                if trig.strength == "generic" and headline_act(before, m.group(), after):
                    trig = dataclasses.replace(trig, strength="act")  # "Gunmen attack woman"
                definite = bool(_DEFINITE.search(before[-40:]))
                found.append(_Hit(start, end, trig, sent, definite))
            if not found:
                continue
            self._assign_dates(text, sent, found, dates, published)
            hits.extend(found)
        return hits

    # -- clustering ----------------------------------------------------------------

    def _cluster(
        self, text: str, mentions: Sequence[Mention], actors: Sequence[Actor]
    ) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        for index in sorted(self._by_sentence):
            group = self._by_sentence[index]
            # Hits of one family in one sentence are one event.
            families: dict[str, list[_Hit]] = {}
            for h in group:
                families.setdefault(h.trigger.family, []).append(h)
            # A sentence that mixes protest words and violence words
            # ("clashes between protesters and police") is about the protest.
            if (
                "protest" in families
                and "violence" in families
                and not any(
                    h.trigger.event_type == EXPLOSIONS and h.trigger.strength == "specific"
                    for h in families["violence"]
                )
            ):
                violence = families.pop("violence")
                if all(h.date is None for h in families["protest"]):
                    # "demonstrated over the assassination in 1990": the date
                    # is the violence's, not the protest's.
                    for h in violence:
                        if h.date is not None and old(h.date, self._published):
                            self._declined.add(h.date)
                        h.date = None
                families["protest"].extend(violence)
            # "defused a roadside bomb", "intercepted a drone": the device is
            # what was disrupted, not a second event.
            disrupted = "strategic:Disrupted weapons use"
            if (
                disrupted in families
                and "violence" in families
                and all(h.trigger.event_type == EXPLOSIONS for h in families["violence"])
            ):
                families[disrupted].extend(families.pop("violence"))
            # "Protesters were arrested", "rioters torched shops": part of the protest.
            for fam in ("strategic:Arrests", "strategic:Looting/property destruction"):
                if "protest" in families and fam in families:
                    families["protest"].extend(families.pop(fam))
            for family, fam_hits in families.items():
                fam_hits.sort(key=lambda h: h.start)
                place = self._sentence_place(text, fam_hits[0].sentence, fam_hits, mentions, actors)
                target = self._attach_target(clusters, family, fam_hits, place)
                if target is None:
                    if all(h.trigger.strength == "anaphor" for h in fam_hits):
                        continue  # "the incident" with nothing to refer to
                    target = _Cluster(family=family)
                    clusters.append(target)
                for h in fam_hits:
                    target.add(h)
                if target.place_hint is None:
                    target.place_hint = place
        return clusters

    def _attach_target(
        self, clusters: list[_Cluster], family: str, hits: list[_Hit], place: Place | None
    ) -> _Cluster | None:
        sent = hits[0].sentence
        date = next((h.date for h in hits if h.date is not None), None)
        specific = [h for h in hits if h.trigger.strength == "specific"]
        definite = all(h.definite for h in (specific or hits))
        types = {h.trigger.event_type for h in specific}
        if not definite and all(h.trigger.strength == "anaphor" for h in hits):
            return None  # "a strike", "an incident": too vague to be anything
        best: _Cluster | None = None
        for c in reversed(clusters):  # most recent first
            gap = sent.paragraph - c.last.paragraph
            same_family = c.family == family
            # Violence in a protest's paragraph is that protest turning violent.
            riot = (
                c.family == "protest"
                and family == "violence"
                and gap == 0
                and not any(t == EXPLOSIONS for t in types)
            )
            destruction = (
                c.family == "protest"
                and family == "strategic:Looting/property destruction"
                and gap <= 1
            )
            if not (same_family or riot or destruction):
                continue
            if not dates_agree(c.date, date) or not _places_agree(c.place_hint, place):
                continue
            if riot or destruction:
                best = c
                break
            if definite:
                window = 8  # "the attack", "the assassination attempt"
            elif not specific:
                window = 3  # "an explosion", "gunfire": a recent event
            else:
                window = 2
                ctypes = {h.trigger.event_type for h in c.hits}
                if family == "protest":
                    # A protest that turns violent is one event, not two.
                    types, ctypes = types | {PROTESTS, RIOTS}, ctypes | {PROTESTS, RIOTS}
                if not types & ctypes:
                    continue
            if gap <= window:
                best = c
                break
        return best

    # -- coding --------------------------------------------------------------------

    def _code(
        self,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
        published: dt.date | None,
        source: str | None,
        focus: Place | None,
    ) -> Finding | None:
        remarks: list[str] = []
        specific = [h for h in cluster.hits if h.trigger.strength in ("specific", "act")]
        # Generic words alone ("an explosion was heard") are an event only
        # when the passage reports casualties.
        if not specific and not any(
            _CASUALTY_WORDS.search(s.text) for s in cluster.sentences.values()
        ):
            return None
        event_type, sub_type = decide_type(cluster.family, cluster.hits)
        words = list(dict.fromkeys(text[h.start : h.end] for h in cluster.hits))
        remarks.append("type: from " + ", ".join(f"'{w}'" for w in words[:6]))
        sentences = [cluster.sentences[i] for i in sorted(cluster.sentences)]
        body = " ".join(s.text for s in sentences)
        mob = mob_reason(body, cluster, actors)
        if mob and sub_type in ("Attack", "Armed clash", "Looting/property destruction"):
            # ACLED: violence by a crowd or an unorganised group (residents,
            # supporters, youths) that is not demonstrating is mob violence;
            # clashes between such groups, or with police, and their
            # arson or looting are riots too.
            demo = any(h.trigger.family == "protest" for h in cluster.hits) or _CROWD.search(body)
            event_type = RIOTS
            sub_type = (
                "Violent demonstration"
                if demo and "demonstrat" in body.lower()
                else ("Mob violence")
            )
            remarks.append(f"type: {mob} (no armed, organised group)")
        elif sub_type == "Looting/property destruction" and crowd_destruction(
            body, cluster, actors
        ):
            event_type, sub_type = RIOTS, "Mob violence"
            remarks.append("type: destruction by a crowd or group (no armed, organised group)")
        elif (
            event_type == VIOLENCE
            and sub_type in ("Attack", "Abduction/forced disappearance")
            and armed_target(body)
        ):
            # ACLED: violence against armed, organised men (police, soldiers,
            # militia) is a battle; only unarmed victims make it violence
            # against civilians.
            event_type, sub_type = BATTLES, "Armed clash"
            remarks.append("type: the targets are armed (a battle)")
        elif (
            event_type == BATTLES
            and sub_type == "Armed clash"
            and (why := one_sided_battle(cluster.hits, body))
        ):
            event_type, sub_type = VIOLENCE, "Attack"
            remarks.append(f"type: {why}")
        elif (
            event_type == EXPLOSIONS
            and sub_type
            in ("Shelling/artillery/missile attack", "Grenade", "Remote explosive/landmine/IED")
            and explosion_with_fire(sub_type, body)
        ):
            # Shelling together with small-arms fire is an armed clash.
            event_type, sub_type = BATTLES, "Armed clash"
            remarks.append("type: explosives with small-arms fire (a battle)")

        # When: the cluster's own date, else the publication date.
        date_m = cluster.date
        confidence = 0.55 if specific else 0.35
        carried = None if date_m is not None else self._date_in_force(text, cluster)
        if date_m is not None:
            date, precision = date_m.date, date_m.precision
            last = date_m.last
            remarks.append(f"date: '{date_m.text}'")
            confidence += 0.1
        elif carried is not None:
            date, precision, last = carried.date, carried.precision, carried.last
            remarks.append(f"date: '{carried.text}', stated earlier in the passage")
            confidence += 0.05
        elif published is not None:
            date, precision, last = published, "day", published
            remarks.append("date: publication date (no date stated for the event)")
            confidence -= 0.1
        else:
            date, precision, last = None, None, None
            remarks.append("date: unknown (no date in text, no publication date)")
            confidence -= 0.15
        background = (
            published is not None and last is not None and (published - last).days > BACKGROUND_DAYS
        )

        # Where.
        place, geo_precision, location_text, how = self._place(text, cluster, mentions, actors)
        if place is None:
            place, geo_precision, location_text, how = self._earlier_place(
                text, cluster, mentions, actors
            )
            if place is not None:
                confidence -= 0.05
        if place is None:
            place, geo_precision, location_text, how = self._embedded_place(cluster)
        if place is None and focus is not None:
            place, geo_precision, location_text = focus, max(2, focus.precision), focus.name
            how = "dateline place (no place stated for the event)"
            confidence -= 0.1
        elif place is None:
            place, geo_precision, location_text, how = document_place(text, mentions, actors)
            if place is not None:
                confidence -= 0.1
        elif place is not None:
            confidence += 0.1
        else:
            confidence -= 0.15
        seat = seat_of(place, self.countries.gazetteer)
        if seat is not place and how:
            place, how = seat, f"{how}, at the town of its name"
        if how:
            remarks.append(f"place: {how}")

        # Who.
        country = place.country_code if place else (focus.country_code if focus else None)
        actor1, actor2, who = self._actors(text, cluster, event_type, sub_type, actors, country)
        remarks.extend(who)
        if event_type == BATTLES and sub_type != "Armed clash" and actor1:
            sub_type = (
                "Government regains territory"
                if actor1.startswith(("Military Forces", "Police Forces", "Security Forces"))
                else "Non-state actor overtakes territory"
            )

        # Casualties.
        # The largest count stated, plus victims stated as additional ("two
        # civilians were also killed", "another soldier died later").
        killed, injured, notes = passage_toll([s.text for s in sentences])
        remarks.extend(notes)
        if sub_type == "Abduction/forced disappearance" and killed:
            # ACLED: an abduction in which the victim is killed is an attack.
            sub_type = "Attack"

        confidence += min(0.15, 0.05 * (len(sentences) - 1))
        evidence = tuple(Evidence(s.start, s.end, s.text) for s in sentences)
        incident = Incident(
            event_type=event_type,
            sub_event_type=sub_type,
            date=date,
            date_precision=precision,
            place=place,
            geo_precision=geo_precision,
            location_text=location_text,
            actor1=actor1,
            actor2=actor2,
            fatalities=killed,
            injured=injured,
            evidence=evidence,
            confidence=round(max(0.05, min(0.95, confidence)), 2),
            source=source,
        )
        return Finding(incident, tuple(dict.fromkeys(remarks)), background)


def find_incidents(
    text: str,
    *,
    mentions: Sequence[Mention],
    actors: Sequence[Actor] = (),
    published: dt.date | None = None,
    source: str | None = None,
    countries: Countries,
    sentences: Sequence[Sentence] | None = None,
    dates: Sequence[DateMention] | None = None,
    focus: Place | None = None,
    include_background: bool = False,
    embedded: Sequence[Mention] = (),
) -> list[Finding]:
    """Incidents of one document, in text order, with remarks.

    ``mentions`` and ``actors`` come from the geoparser and
    :func:`geomap.events.actors.find_actors`; ``focus`` (the dateline place) is the
    fallback location of events the text does not place; ``embedded`` are
    places named inside longer names ("Kakamega Sugar Company", "Garissa Livestock Market"), the
    fallback before it.
    """
    finder = IncidentFinder(countries)
    found = finder.find(
        text,
        mentions=mentions,
        actors=actors,
        published=published,
        source=source,
        sentences=sentences,
        dates=dates,
        focus=focus,
        embedded=embedded,
    )
    return [f for f in found if include_background or not f.background]
