"""Where actors are: stated in the text, the seat of their office, their country."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..geoparsing.tokens import Candidate
from ..models import Actor, Mention
from .actor_words import (
    _AGENCIES,
    _BYLINE,
    _CONTRIBUTORS,
    _FIXED_SEATS,
    _IN_PLACE,
    _ORG_HEADS,
    _Draft,
    _office_pattern,
    _with_article,
)
from .countries import Countries, country_name

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer


class ActorLocator:
    """The locating part of :class:`~geomap.events.actors.ActorFinder`."""

    gazetteer: Gazetteer
    countries: Countries

    def _focus_country(self, cand: Candidate | None, mentions: Sequence[Mention]) -> str | None:
        """The dateline's (``cand``) country, else the most mentioned country."""
        if cand is not None:
            for m in mentions:
                if m.start == cand.start and m.place is not None:
                    return m.place.country_code
        counts: dict[str, int] = {}
        for m in mentions:
            if m.place is not None and m.place.country_code:
                counts[m.place.country_code] = counts.get(m.place.country_code, 0) + 1
        if not counts:
            return None
        return min(counts, key=lambda c: (-counts[c], c))

    def _locate_person(
        self, text: str, d: _Draft, by_start: dict[int, Mention], focus: str | None
    ) -> None:
        if d.place is not None:
            return
        # 1. The text says where: "X in Vienna", "X, speaking in Cairo,".
        for _s, e in d.spans:
            m = _IN_PLACE.match(text[e : e + 40])
            if m:
                mention = by_start.get(e + m.end())
                if mention is not None and mention.place is not None and not mention.demonym:
                    d.place = mention.place
                    d.note = f"stated in text ('in {mention.text}')"
                    return
        if d.kind == "reporter":
            return
        # 2. An office of a country whose text did not name it: "Prime
        # Minister X" beside "the Iraqi prime minister" elsewhere.
        if d.country is None and d.office and d.role:
            found = self._unnamed_office_country(text, d.role)
            if found:
                d.country, d.country_note = found[0], f"'{found[1]}' elsewhere in the text"
            elif focus:
                d.country, d.country_note = focus, "the article's country (dateline or focus)"
            if d.country and d.affiliation is None:
                d.affiliation = country_name(d.country)
        self._locate_org(d)

    def _unnamed_office_country(self, text: str, role: str) -> tuple[str, str] | None:
        """The country of "the Iraqi prime minister" when only one is named."""
        pat = _office_pattern(role.lower())
        found = {
            c: m.group()
            for m in pat.finditer(text)
            if (c := self.countries.from_adjective(m[1])) is not None
        }
        if len(found) != 1:
            return None
        code, phrase = next(iter(found.items()))
        return code, f"the {phrase}"

    def _locate_org(self, d: _Draft) -> None:
        """Institution seat, else capital for a state office, else country."""
        if d.place is not None:
            return
        # "a non-resident member of the Brookings Institution" is precisely
        # not at its seat.
        away = bool(d.role and re.search(r"non-?resident|visiting|former", d.role, re.I))
        label = " ".join(x for x in (d.affiliation, d.name if d.kind != "person" else None) if x)
        for pattern, canonical, city, cc, _own in _FIXED_SEATS:
            if away or not (d.institution == canonical or pattern.search(label)):
                continue
            place = self.countries.city(city, cc)
            if place is not None:
                d.place = place
                d.note = f"seat of the {canonical} ({place.name})"
                return
        if d.country and d.office and not away:
            cap = self.countries.capital(d.country)
            if cap is not None:
                d.place = cap
                d.note = (
                    f"seat of the {self._office_label(d)} ({cap.name}); "
                    f"country from {d.country_note or 'the text'}"
                )
                return
        if d.country:
            d.place = self.countries.place(d.country)
            if d.place is not None:
                d.note = f"country of affiliation, from {d.country_note or 'the text'}"

    def _reporters(
        self,
        text: str,
        by_start: dict[int, Mention],
        people: list[_Draft],
        consumed: set[int],
        ranges: list[tuple[int, int]],
    ) -> None:
        """Contributor lines: "Associated Press editors Zeina Karam in Vienna, ..."."""
        for m in _CONTRIBUTORS.finditer(text):
            org = " ".join(m["org"].split()) or None
            role = m["role"].rstrip("s") if m["role"] != "staff" else "staff"
            role = f"{org} {role}" if org else role
            base = m.start("list")
            pending: list[tuple[str, int, int]] = []
            for part in re.finditer(r"[^,]+", m["list"]):
                chunk_start = base + part.start()
                chunk = part.group()
                names = re.split(r"\s+and\s+", chunk.strip())
                offset = chunk_start + (len(chunk) - len(chunk.lstrip()))
                for piece in names:
                    pstart = text.find(piece, offset)
                    offset = pstart + len(piece)
                    loc = re.search(r"\s+(?:in|from)\s+", piece)
                    who = piece[: loc.start()] if loc else piece
                    who = re.sub(r"^(?:and|also)\s+", "", who.strip())
                    who_start = text.find(who, pstart)
                    if not who or not who[:1].isupper():
                        continue
                    if loc is None and by_start.get(who_start) is not None and not pending:
                        continue  # "Dubai, United Arab Emirates": a qualifier
                    if loc is None and by_start.get(who_start) is not None:
                        continue
                    pending.append((who, who_start, who_start + len(who)))
                    if loc is not None:
                        place_at = pstart + loc.end()
                        mention = by_start.get(place_at)
                        for name, s, e in pending:
                            d = _Draft(name=name, kind="reporter", start=s, role=role)
                            d.spans.append((s, e))
                            if org:
                                d.affiliation = org
                            if mention is not None and mention.place is not None:
                                d.place = mention.place
                                d.note = f"stated in text ('in {mention.text}', contributor line)"
                            people.append(d)
                            consumed.add(s)
                        pending = []
            for name, s, e in pending:
                d = _Draft(name=name, kind="reporter", start=s, role=role, affiliation=org)
                d.spans.append((s, e))
                people.append(d)
                consumed.add(s)
            consumed.update(range(m.start(), m.end()))
            ranges.append((m.start(), m.end()))
        # A byline at the head: "By Jane Doe".
        first = text.lstrip().split("\n", 1)[0]
        b = _BYLINE.match(first)
        if b:
            start = text.find(b["names"])
            for piece in re.split(r"\s+and\s+|,\s*", b["names"]):
                s = text.find(piece, start)
                d = _Draft(name=piece.strip(), kind="reporter", start=s, role="byline")
                d.spans.append((s, s + len(piece)))
                people.append(d)
                consumed.add(s)

    def _dateline(
        self,
        text: str,
        cand: Candidate | None,
        by_start: dict[int, Mention],
        people: list[_Draft],
    ) -> None:
        """The wire agency of the dateline ``cand`` ("BAGHDAD (AP) -"), placed there."""
        if cand is None:
            return
        mention = by_start.get(cand.start)
        agency = re.match(r"[^()\n]{0,40}?\((\w+)\)", text[cand.end : cand.end + 60])
        if agency is None:
            return  # "KABUL, Afghanistan —": no agency named
        name = _AGENCIES.get(agency.group(1), agency.group(1))
        d = _Draft(name=name, kind="reporter", start=cand.start, role="news agency (dateline)")
        d.spans.append((cand.start, cand.end + agency.end()))
        if mention is not None and mention.place is not None:
            d.place, d.note = mention.place, f"dateline '{cand.text}'"
        people.append(d)

    @staticmethod
    def _office_label(d: _Draft) -> str:
        """ "Iranian Foreign Ministry", "President of Egypt", "government of
        the United States": what sits in the capital."""
        country = _with_article(country_name(d.country) or "")
        if d.kind == "government":
            return f"government of {country}"
        if d.affiliation and any(w.lower() in _ORG_HEADS for w in d.affiliation.split()):
            return d.affiliation
        return f"{d.role or 'office'} of {country}"

    @staticmethod
    def _actor(d: _Draft) -> Actor:
        return Actor(
            name=d.name,
            kind=d.kind,
            role=d.role,
            affiliation=d.affiliation,
            place=d.place,
            location_note=d.note,
            spans=tuple(sorted(set(d.spans))),
        )
