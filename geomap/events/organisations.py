"""Organisations and governments among a text's actors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..gazetteer.names import exact_key
from ..models import Kind, Mention
from .actor_places import ActorLocator
from .actor_words import (
    _ALIAS_AFTER,
    _ARMED_HEADS,
    _FIXED_SEATS,
    _GOVERNMENT_VERBS,
    _KNOWN_ARMED,
    _ORG_HEADS,
    _PREPOSITION_BEFORE,
    _ROLE_NOUNS,
    _SMALL,
    _STATE_FORCES,
    _STOP_NAMES,
    _absorb,
    _Draft,
    _occurrences,
    _Tok,
    _with_article,
)
from .countries import Countries, country_name

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer


class OrganisationReader(ActorLocator):
    """The organisation part of :class:`~geomap.events.actors.ActorFinder`."""

    gazetteer: Gazetteer
    countries: Countries

    def _organisations(
        self,
        text: str,
        runs: list[list[_Tok]],
        consumed: set[int],
        ranges: list[tuple[int, int]],
        people: list[_Draft],
    ) -> list[_Draft]:
        covered = [s for d in people for s in d.spans]
        out = []
        for run in runs:
            if run[0].start in consumed:
                continue
            toks = run
            while toks and toks[0].low in _STOP_NAMES:
                toks = toks[1:]
            if not toks or any(s < toks[-1].end and toks[0].start < e for s, e in covered):
                continue
            if any(
                consumed_start <= toks[0].start < consumed_end
                for consumed_start, consumed_end in ranges
            ):
                continue
            name = text[toks[0].start : toks[-1].end]
            key = exact_key(name)
            known = key in _KNOWN_ARMED
            seat = any(p.fullmatch(name) for p, *_ in _FIXED_SEATS)
            if not (known or seat) and toks[-1].low not in _ORG_HEADS:
                continue
            if len(toks) == 1 and not (known or seat):
                continue  # a bare "Council" or "Army"
            if self._descriptor_only(text, run):
                continue  # "State Department" before "spokesman Ned Price"
            country = None
            head = toks[0]
            code = self.countries.from_adjective(head.text)
            if code:
                country = code
            state = bool(code) and bool(_STATE_FORCES.search(name))
            kind = "organisation"
            if known or (toks[-1].low in _ARMED_HEADS and not state):
                kind = "armed_group"
            if state:
                kind = "government"
            d = _Draft(name=name, kind=kind, start=toks[0].start, country=country)
            if code:
                d.country_note = f"demonym '{head.text}'"
            d.spans.append((toks[0].start, toks[-1].end))
            out.append(d)
        return out

    def _descriptor_only(self, text: str, run: list[_Tok]) -> bool:
        """Is this run the affiliation in front of a person's role and name?"""
        after = text[run[-1].end : run[-1].end + 60]
        m = re.match(r"^\s+([a-z-]+(?:\s+[a-z-]+)?)\s+[A-Z]", after)
        return m is not None and m.group(1).split()[-1] in _ROLE_NOUNS

    def _merge_orgs(self, text: str, toks: list[_Tok], orgs: list[_Draft]) -> list[_Draft]:
        merged: list[_Draft] = []
        for d in sorted(orgs, key=lambda o: o.start):
            twin = next((o for o in merged if exact_key(o.name) == exact_key(d.name)), None)
            if twin is None:
                merged.append(d)
            else:
                _absorb(twin, d)
        # "X, or Y in Arabic", "X (Y)", "X, also known as Y": aliases.
        for d in merged:
            for _s, e in [sp for sp in d.spans if text[sp[0] : sp[1]] == d.name]:
                m = _ALIAS_AFTER.match(text, e)
                if m is None:
                    continue
                alias = m["alias"].strip()
                d.aliases.add(alias)
                for o in list(merged):
                    if o is not d and exact_key(o.name) == exact_key(alias):
                        _absorb(d, o)
                        merged.remove(o)
                for a in _occurrences(text, alias):
                    if a not in d.spans:
                        d.spans.append(a)
        # Acronyms: "PMF" for "Popular Mobilization Forces".
        for d in merged:
            initials = "".join(
                w[0] for w in re.findall(r"[A-Za-z][\w-]*", d.name) if w.lower() not in _SMALL
            ).upper()
            if len(initials) < 2:
                continue
            for tok in toks:
                if tok.text == initials and not any(s <= tok.start < e for s, e in d.spans):
                    d.spans.append((tok.start, tok.end))
                    d.aliases.add(initials)
        for d in merged:
            d.spans.sort()
        return merged

    def _governments(self, text: str, mentions: Sequence[Mention]) -> list[_Draft]:
        """Countries that speak or act, and "the <demonym> government"."""
        found: dict[str, _Draft] = {}
        for m in mentions:
            p = m.place
            if p is None or p.kind != Kind.COUNTRY or not p.country_code:
                continue
            after = text[m.end : m.end + 60]
            if _PREPOSITION_BEFORE.search(text[max(0, m.start - 12) : m.start]):
                continue  # "the UN mission in Mali condemned": Mali is not the subject
            if m.demonym:
                if not re.match(r"^\s+(?:government|authorities|cabinet)\b", after):
                    continue
            elif not _GOVERNMENT_VERBS.match(after):
                continue
            cc = p.country_code
            d = found.get(cc)
            if d is None:
                d = found[cc] = _Draft(
                    name=f"Government of {_with_article(country_name(cc) or p.name)}",
                    kind="government",
                    start=m.start,
                    country=cc,
                    country_note=f"'{m.text}'",
                    office="government",
                )
            d.spans.append((m.start, m.end))
        for d in found.values():
            self._locate_org(d)
        return list(found.values())
