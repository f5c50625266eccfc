"""The parties of an event, named as ACLED names them.

"Military Forces of Israel", "Police Forces of Kenya", "Protesters
(Kenya)", "Civilians (Syria)", "Unidentified Armed Group (Iraq)", a group
that claimed responsibility, "Government of Iraq" when its head was the
target."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..models import Actor
from .countries import Countries, country_name
from .cues import (
    _ACCORDING,
    _ADJ_ONE_WORD_BEFORE,
    _ADJ_RIGHT_BEFORE,
    _BETWEEN,
    _CIVILIANS,
    _CLAIMED,
    _GOV_TARGET,
    _GROUP_NAME,
    _PERPETRATORS,
    _SOURCE_AFTER,
    _STATE,
    _UNCLAIMED,
)
from .hits import _Cluster
from .taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, VIOLENCE

__all__ = ["PartyNamer"]


class PartyNamer:
    """The actor-naming part of :class:`~geomap.events.incidents.IncidentFinder`."""

    countries: Countries

    def _actors(
        self,
        text: str,
        cluster: _Cluster,
        event_type: str,
        sub_type: str,
        actors: Sequence[Actor],
        country: str | None,
    ) -> tuple[str | None, str | None, list[str]]:
        cname = country_name(country) if country else None
        suffix = f" ({cname})" if cname else ""
        notes: list[str] = []
        body = " ".join(cluster.sentences[i].text for i in sorted(cluster.sentences))
        spans = [(s.start, s.end) for s in cluster.sentences.values()]
        named = [
            a
            for a in actors
            if a.kind == "armed_group" and any(s <= x < e for x, _ in a.spans for s, e in spans)
        ]
        state = self._state_actor(body, country)
        unclaimed = bool(_UNCLAIMED.search(body))
        perpetrator: str | None = None
        claimed = _CLAIMED.search(body)
        if unclaimed:
            perpetrator = f"Unidentified Armed Group{suffix}"
            notes.append("actor1: not claimed")
        elif claimed:
            perpetrator = claimed["g"].strip()
        elif named:
            perpetrator = named[0].name
        elif _PERPETRATORS.search(body):
            perpetrator = f"Unidentified Armed Group{suffix}"

        civilians = f"Civilians{suffix}" if _CIVILIANS.search(body) else None
        target = _GOV_TARGET.search(body)
        gov: str | None = None
        if target:
            code = (
                self.countries.from_adjective(target["dem"].strip()) if target["dem"] else None
            ) or country
            gov = f"Government of {country_name(code)}" if code else None

        if event_type in (PROTESTS, RIOTS):
            crowd = "Rioters" if event_type == RIOTS else "Protesters"
            second = state if sub_type != "Peaceful protest" or state else None
            if event_type == RIOTS and sub_type == "Mob violence":
                second = civilians or state
            return f"{crowd}{suffix}", second, notes
        if event_type == BATTLES:
            between = _BETWEEN.search(body)
            sides: list[str | None] = []
            if between:
                for part in (between["a"], between["b"]):
                    label = self._side(part, country, named)
                    if label:
                        sides.append(label)
            for cand in self._sides_in_order(body, country, named):
                if cand not in sides:
                    sides.append(cand)
            sides += [None, None]
            return sides[0], sides[1], notes
        if event_type == EXPLOSIONS:
            first = perpetrator
            if first is None:
                first = self._state_near_trigger(text, cluster, country)
            second = gov or civilians
            if second is None and state and state != first:
                second = state
            return first, second, notes
        if event_type == VIOLENCE:
            first = perpetrator or (state if not civilians else None) or state
            return first, civilians or gov or f"Civilians{suffix}", notes
        # Strategic developments: the acting side.
        return state or perpetrator, None, notes

    def _state_actor(self, body: str, country: str | None) -> str | None:
        return next((label for _, label in self._state_forces(body, country)), None)

    def _state_forces(self, body: str, country: str | None) -> Iterator[tuple[int, str]]:
        """State forces named in ``body`` with their offsets, ACLED-style:
        "Police Forces of Kenya", "Military Forces of Israel"."""
        for m in _STATE.finditer(body):
            word = m["f"].lower()
            if _SOURCE_AFTER.match(body[m.end() : m.end() + 30]) or _ACCORDING.search(
                body[max(0, m.start() - 30) : m.start()]
            ):
                continue  # "police said": a source, not a party
            code = self.countries.from_adjective(m["dem"]) if m["dem"] else None
            if word == "forces" and not code:
                continue  # bare "forces" is too vague without a demonym
            code = code or country
            name = country_name(code) if code else None
            if not name:
                continue
            if "police" in word:
                yield m.start(), f"Police Forces of {name}"
            elif word == "security forces":
                yield m.start(), f"Security Forces of {name}"
            else:
                yield m.start(), f"Military Forces of {name}"

    def _sides_in_order(self, body: str, country: str | None, named: Sequence[Actor]) -> list[str]:
        """The armed parties of a passage in order of appearance: the one
        named first is usually the subject ("The army recaptured the town
        from insurgents")."""
        found: list[tuple[int, str]] = list(self._state_forces(body, country))
        for a in named:
            found += [(m.start(), a.name) for m in re.finditer(re.escape(a.name), body)]
        cname = country_name(country) if country else None
        unidentified = (
            f"Unidentified Armed Group ({cname})" if cname else "Unidentified Armed Group"
        )
        found += [(m.start(), unidentified) for m in _PERPETRATORS.finditer(body)]
        return list(dict.fromkeys(label for _, label in sorted(found)))

    def _state_near_trigger(self, text: str, cluster: _Cluster, country: str | None) -> str | None:
        """ "Israeli airstrikes": a demonym right before the trigger."""
        for h in cluster.hits:
            before = text[max(0, h.start - 30) : h.start]
            for pattern in (_ADJ_RIGHT_BEFORE, _ADJ_ONE_WORD_BEFORE):
                m = pattern.search(before)
                code = self.countries.from_adjective(m.group(1)) if m else None
                if code:
                    return f"Military Forces of {country_name(code)}"
        return None

    def _side(self, part: str, country: str | None, named: Sequence[Actor]) -> str | None:
        part = part.strip()
        for a in named:
            if a.name.lower() in part.lower():
                return a.name
        state = self._state_actor(part, country)
        if state:
            return state
        group = _GROUP_NAME.search(part)
        if group:
            return " ".join(group.group().split())
        if _PERPETRATORS.search(part):
            cname = country_name(country) if country else None
            return f"Unidentified Armed Group ({cname})" if cname else "Unidentified Armed Group"
        return None
