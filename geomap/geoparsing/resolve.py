"""Choosing the right place for each mention (the *resolution* step).

Each candidate's score starts from the gazetteer prior (kind, population,
how exactly the name matched) and is then moved by the document:

* **country focus**: the share of the article's unambiguous evidence
  (countries, demonyms, dominant big cities, the dateline) that points to a
  candidate's country;
* **admin hierarchy**: the same for its admin-1 region, so "Kut" in an Iraq
  article is Kut, Iraq, and "Georgia" beside Atlanta is the US state;
* **home region**: the admin-1 region most of the article's unambiguous
  places lie in, which favours a namesake there over a better-known one
  abroad ("Paris" beside Nashville and Memphis is Paris, Tennessee);
* **spatial coherence**: closeness to the places already resolved;
* **qualifiers**: "Vienna, Virginia" keeps only candidates in Virginia;
* **one sense per discourse**: a name repeated in an article means one place.

Two passes: the first resolves with evidence from unambiguous mentions, the
second with the first pass's answers (each mention's own vote left out).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from scipy.spatial import cKDTree

from ..gazetteer.names import loose_key
from ..gazetteer.reverse import EARTH_KM, haversine_km, unit_vectors
from ..gazetteer.store import Gazetteer, Match, is_within
from ..models import Kind, Mention, Place
from .abstain import Reason, corroboration, may_infer, place_unknown
from .abstain import prior_reason as _prior_reason
from .context import (
    _CANDIDATES,
    _GENERIC,
    _IN_TOWN,
    _LOCAL_KINDS,
    _NEAR_KM,
    _QUALIFIERS,
    CLUSTER_K,
    CLUSTER_KM,
    COUNTRY_TOWN_SUPPORT,
    PASSES,
    SUP_CAP,
    W_ADMIN1,
    W_CLUSTER,
    W_COUNTRY,
    W_DATELINE,
    W_HOME,
    W_NEAR,
    W_SUPPORT,
    WEAK_KM,
    _base,
    _home_regions,
    _local,
    _named_country,
    _names_country,
    _near_dateline,
    _Slot,
    _standalone_dateline,
    _state_before_its_namesakes,
    _state_offices,
    _unstray,
)
from .directions import direction_of, part_of
from .national import ABSTAINED, foreign_towns, settle_namesakes
from .regions import RegionLabels
from .tokens import Candidate, is_acronym, may_be_acronym
from .units import area_readings, narrow_by_units
from .unsupported import unsupported_abroad

__all__ = ["Resolver"]


class Resolver:
    """Resolve recognised spans to places with document context."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, bool, bool], list[Match]] = {}

    def _matches(self, text: str, demonym: bool) -> list[Match]:
        capitals = may_be_acronym(text)
        key = (loose_key(text), demonym, capitals)
        hit = self._cache.get(key)
        if hit is None:
            hit = self.gazetteer.matches(text, demonyms=True, limit=_CANDIDATES)
            if not capitals:
                # An acronym names its place only in capitals: "Car" is not the CAR.
                hit = [m for m in hit if not is_acronym(m.name)]
            if demonym:
                # A demonym means the country (or region) it names.
                dem = [m for m in hit if m.demonym]
                hit = dem or hit
            else:
                hit = [m for m in hit if not m.demonym] or hit
            if not hit:
                hit = self._fallback(text)
            # A bare country name means the country, or a first-level region
            # of the same name ("Georgia" the US state); a town named after it
            # only where the article is about that town (see _choose).
            if _names_country(hit):
                hit = [m for m in hit if m.place.kind in (Kind.COUNTRY, Kind.ADMIN1, Kind.CITY)]
            else:
                hit = _state_before_its_namesakes(hit)
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def _slot(self, cand: Candidate) -> _Slot:
        matches = self._matches(cand.text, cand.demonym)
        if not matches:
            # "Southern California", "Greater Toronto", "Upper Edmonton": the
            # name after a leading direction or qualifier, which becomes the
            # mention's modifier (a compass direction maps to that part).
            head, _, rest = cand.text.partition(" ")
            modifier = direction_of(head) or (head.lower() if head.lower() in _QUALIFIERS else None)
            if modifier and rest.strip():
                found = self._matches(rest, cand.demonym)
                if found:
                    cand = replace(cand, modifier=modifier)
                    return _Slot(cand, found, loose_key(rest))
        return _Slot(cand, matches, loose_key(cand.text))

    def _fallback(self, text: str) -> list[Match]:
        """Names the index lacks verbatim: drop a generic suffix or "the"
        ("Laurel County" -> "Laurel", "Anbar province" -> "Anbar")."""
        words = text.split()
        if len(words) > 1 and words[-1].lower().rstrip(".") in _GENERIC:
            head = " ".join(words[:-1])
            suffix = words[-1].lower().rstrip(".")
            found = self.gazetteer.matches(head, limit=_CANDIDATES)
            if not found and suffix != "area":
                found = RegionLabels.of(self.gazetteer).matches(head)
            if suffix == "area":  # "the Toronto area": any reading of the head
                return found
            if suffix in ("city", "town", "village", "township", "twp", "borough"):
                pref = [m for m in found if m.place.kind == Kind.CITY]
            else:
                pref = area_readings(found, head)
            return pref or found
        if words and words[0].lower() == "the" and len(words) > 1:
            return self.gazetteer.matches(" ".join(words[1:]), limit=_CANDIDATES)
        # "Upper Tamso": a region's name of several words, known from its towns.
        several = len(text.replace("-", " ").split()) > 1
        return RegionLabels.of(self.gazetteer).matches(text) if several else []

    def resolve(self, text: str, cands: Sequence[Candidate]) -> list[Mention]:
        slots = [self._slot(c) for c in cands]
        narrow_by_units(text, slots)
        RegionLabels.of(self.gazetteer).over_towns(slots)
        self._qualifiers(text, slots)
        _state_offices(text, slots)
        dateline = next((s for s in slots if s.cand.dateline and s.matches), None)
        if dateline is not None and dateline.qualifier is None:
            _standalone_dateline(dateline)
        self._score(slots, dateline)
        settle_namesakes(text, slots)
        if foreign_towns(text, slots):
            # Towns read abroad only on each other's word, in an article
            # worded as the news of another country: read again there.
            self._score(slots, dateline)
            settle_namesakes(text, slots)
        unsupported_abroad(slots)
        mentions = _unstray(slots, [self._mention(s) for s in slots])
        mentions = place_unknown(self.gazetteer, mentions)
        mentions = self._infer_unknown(text, mentions)
        if not any(s.cand.weak for s in slots):
            return mentions
        return self._keep_weak_among_others(slots, mentions)

    def _score(self, slots: list[_Slot], dateline: _Slot | None) -> None:
        """Choose every slot's reading: the passes of the module's docstring."""
        # Weak names (small places inside organisations' names) take context
        # but give none: they may not be places at all.
        sure = {s.key for s in slots if not s.cand.weak}
        support = self._region_support(slots, sure)
        cluster = self._cluster_support(slots, sure)
        # Pass 1: evidence from mentions whose reading is not in doubt.
        votes = [None if s.cand.weak else self._seed(s) for s in slots]
        home = _home_regions(slots, votes)
        self._choose(slots, votes, dateline, support, cluster, home)
        # Later passes: evidence from every answer of the pass before.
        for _ in range(PASSES - 1):
            votes = [s.choice.place if s.choice and not s.cand.weak else None for s in slots]
            self._choose(slots, votes, dateline, support, cluster, home)
        self._one_sense(slots)

    def _seed(self, slot: _Slot) -> Place | None:
        if not slot.matches:
            return None
        top = slot.matches[0]
        if slot.qualifier:
            return top.place
        if top.place.kind == Kind.COUNTRY or top.demonym:
            return top.place
        if len(slot.matches) == 1:
            return top.place
        margin = top.score - slot.matches[1].score
        return top.place if margin >= 1.5 else None

    def _qualifiers(self, text: str, slots: list[_Slot]) -> None:
        """ "City, Region" and "Village (District, Province)" pairs: keep the
        city candidates inside the region.

        When no candidate lies inside a sub-national qualifier and the best
        one is in another country ("Kain (Gilgil, Nakuru)" is not Kain,
        Belgium), the name is a local place the gazetteer lacks: it is left
        unresolved, to be placed at its qualifier.
        """
        for a, b in itertools.pairwise(slots):
            gap = text[a.cand.end : b.cand.start].strip()
            if gap not in (",", "(") or not a.matches or not b.matches:
                continue
            # A country's name is qualified only by a state or county:
            # "Lebanon, Pennsylvania" is the town, but "Mexico, U.S. officials"
            # is a list, not Russia, Ohio.
            kinds = (
                (Kind.ADMIN1, Kind.ADMIN2)
                if _names_country(a.matches)
                else (Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2, Kind.REGION)
            )
            regions = [m.place for m in b.matches if m.place.kind in kinds]
            inside = [m for m in a.matches if any(is_within(m.place, r) for r in regions)]
            if inside:
                a.matches = inside
                a.qualifier = regions
            elif (
                (
                    b.matches[0].place.kind in (Kind.ADMIN1, Kind.ADMIN2)
                    # "Lower Kamba (Nakuru)": a town in parentheses qualifies too.
                    or (gap == "(" and b.matches[0].place.kind == Kind.CITY)
                )
                and not a.cand.dateline
                and not _names_country(a.matches)
                and a.matches[0].place.kind not in (Kind.ADMIN1, Kind.REGION)
                and a.matches[0].place.country_code != b.matches[0].place.country_code
            ):
                a.matches = []

    @staticmethod
    def _keep_weak_among_others(slots: list[_Slot], mentions: list[Mention]) -> list[Mention]:
        """Weak names stay only where they resolve within WEAK_KM of one of
        the article's sure local places: "Torrington" beside Waterbury is the
        town; "Bell" in a story set in Ohio is a person."""
        pairs = list(zip(slots, mentions, strict=True))
        anchors = [m.place for s, m in pairs if not s.cand.weak and m.place and _local(m)]
        # Two different weak names that lie together vouch for each other:
        # "Delano and Mayer" are neighbouring Minnesota towns, not two people.
        weak = list(
            {s.key: m.place for s, m in pairs if s.cand.weak and m.place and _local(m)}.values()
        )
        if len(weak) > 1:
            lat = np.array([p.latitude for p in weak])
            lon = np.array([p.longitude for p in weak])
            km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
            np.fill_diagonal(km, np.inf)
            anchors += [
                p for p, near in zip(weak, (km <= WEAK_KM).any(axis=1), strict=True) if near
            ]
        if not anchors:
            return [m for s, m in pairs if not s.cand.weak]
        lat = np.array([p.latitude for p in anchors])
        lon = np.array([p.longitude for p in anchors])
        out = []
        for s, m in pairs:
            if s.cand.weak:
                p = m.place
                if p is None or not _local(m):
                    continue
                if float(haversine_km(p.latitude, p.longitude, lat, lon).min()) > WEAK_KM:
                    continue
            out.append(m)
        return out

    @staticmethod
    def _region_support(
        slots: list[_Slot], sure: set[str]
    ) -> dict[str, dict[tuple[str, str], float]]:
        """Per name, how many *other* names could lie in each admin-1 region.

        Local news strings together names that are each ambiguous ("Alexandria",
        "Brandon", "Douglas County") but that only one region holds all at
        once. Counting, per region, the names with some candidate there finds
        that region before any single name is settled. A name found in many
        regions ("Washington") says little about any of them, so each name's
        vote is shared out: 1 / (1 + ln(number of its regions)).
        """
        regions: dict[str, set[tuple[str, str]]] = {}
        for s in slots:
            if s.key in regions or not s.matches:
                continue
            # A country's name vouches for no town named after it.
            skip = (Kind.COUNTRY, Kind.CITY) if _names_country(s.matches) else (Kind.COUNTRY,)
            regions[s.key] = {
                (m.place.country_code, m.place.admin1_code)
                for m in s.matches
                if m.place.country_code and m.place.admin1_code and m.place.kind not in skip
            }
        # "Zarqa" and "Zarqa district" are one name here: neither may vouch
        # for the other's region.
        by_base: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
        for k, r in regions.items():
            if k in sure:
                by_base[_base(k)] |= r
        total: defaultdict[tuple[str, str], float] = defaultdict(float)
        weight = {b: 1.0 / (1.0 + math.log(len(r))) for b, r in by_base.items() if r}
        for b, r in by_base.items():
            for a in r:
                total[a] += weight.get(b, 0.0)
        out = {}
        for k, r in regions.items():
            if r:
                own = by_base.get(_base(k), set())
                w = weight.get(_base(k), 0.0)
                out[k] = {a: total[a] - (w if a in own else 0.0) for a in r}
        return out

    @staticmethod
    def _cluster_support(slots: list[_Slot], sure: set[str]) -> dict[int, np.ndarray]:
        """Per slot and candidate: how many other names have a candidate nearby.

        "Huntsville" beside "Walker County" is Huntsville, Texas, because
        Texas's Walker County lies around it while Alabama's does not. Two
        names' namesakes rarely fall within CLUSTER_KM of each other by
        chance, so each other name with a candidate that close counts fully.
        """
        first: dict[str, _Slot] = {}
        for s in slots:
            if s.matches:
                first.setdefault(s.key, s)
        if len(first) < 2:
            return {}
        keys = list(first)
        owner: list[int] = []
        lat: list[float] = []
        lon: list[float] = []
        for i, k in enumerate(keys):
            if k not in sure:
                continue
            named = _names_country(first[k].matches)
            skip = (Kind.COUNTRY, Kind.CITY) if named else (Kind.COUNTRY,)
            for m in first[k].matches[:CLUSTER_K]:
                if m.place.kind in skip:
                    continue
                owner.append(i)
                lat.append(m.place.latitude)
                lon.append(m.place.longitude)
        if not owner:
            return {}
        # Names sharing a base ("Zarqa", "Zarqa district") count as one.
        bases = {b: n for n, b in enumerate(dict.fromkeys(_base(k) for k in keys))}
        own = np.array([bases[_base(keys[i])] for i in owner])
        tree = cKDTree(unit_vectors(np.array(lat), np.array(lon)))
        chord = 2.0 * math.sin(CLUSTER_KM / EARTH_KM / 2.0)
        per_name: dict[str, np.ndarray] = {}
        for k in keys:
            ms = first[k].matches
            pts = unit_vectors(
                np.array([m.place.latitude for m in ms]), np.array([m.place.longitude for m in ms])
            )
            rows = np.zeros(len(ms))
            for r, hits in enumerate(tree.query_ball_point(pts, chord)):
                if ms[r].place.kind == Kind.COUNTRY or not hits:
                    continue
                near = np.unique(own[hits])
                rows[r] = int((near != bases[_base(k)]).sum())
            per_name[k] = rows
        return {id(s): per_name[s.key] for s in slots if s.key in per_name}

    def _choose(
        self,
        slots: list[_Slot],
        votes: Sequence[Place | None],
        dateline: _Slot | None,
        support: dict[str, dict[tuple[str, str], float]],
        cluster: dict[int, np.ndarray],
        home: dict[str, set[str]],
    ) -> None:
        # Each distinct name votes once: an article that repeats "Paris" ten
        # times must not outvote its one mention of Texas. A slot never sees
        # the vote of its own name, nor of the same name with a generic word
        # ("Zarqa district" does not vouch for "Zarqa").
        by_key: dict[str, Place] = {}
        for slot, place in zip(slots, votes, strict=True):
            if place is not None:
                by_key.setdefault(_base(slot.key), place)
        countries: Counter[str] = Counter(p.country_code for p in by_key.values() if p.country_code)
        admin1s: Counter[str] = Counter(
            p.admin1_code for p in by_key.values() if p.admin1_code and p.kind != Kind.COUNTRY
        )
        anchor = dateline.matches[0].place if dateline and dateline.matches else None
        # Local (non-country) votes as arrays: nearness is one vectorised
        # distance matrix per slot, not a Python loop per candidate pair.
        local = [(k, p) for k, p in by_key.items() if p.kind != Kind.COUNTRY]
        local_keys = np.array([k for k, _ in local], dtype=object)
        local_lat = np.array([p.latitude for _, p in local], dtype=float)
        local_lon = np.array([p.longitude for _, p in local], dtype=float)
        with_cc = sum(1 for p in by_key.values() if p.country_code)
        # Repetitions of a name with the same candidates score alike: once.
        done: dict[tuple[str, int], tuple[Match, float, float, tuple[Reason, ...]]] = {}
        for slot in slots:
            seen = done.get((slot.key, id(slot.matches)))
            if seen is not None:
                slot.choice, slot.score, slot.confidence, slot.reasons = seen
                continue
            if not slot.matches:
                continue
            own = by_key.get(_base(slot.key))
            n = with_cc - int(own is not None and bool(own.country_code))
            near = self._nearness(slot, local_keys, local_lat, local_lon)
            sup_here = support.get(slot.key, {})
            clus = cluster.get(id(slot))
            by_dateline = _near_dateline(slot, anchor)
            named = _named_country(slot.matches)
            scored = []
            for idx, m in enumerate(slot.matches):
                p = m.place
                c = countries[p.country_code or ""] - int(
                    own is not None and own.country_code == p.country_code
                )
                a = admin1s[p.admin1_code or ""] - int(
                    own is not None
                    and own.admin1_code == p.admin1_code
                    and own.kind != Kind.COUNTRY
                )
                # The named parts of the score, kept for the one that wins.
                parts: list[tuple[str, float]] = [(_prior_reason(m), m.score)]
                if n > 0:
                    parts.append(("country share", W_COUNTRY * c / n))
                if a > 0 and p.admin1_code:
                    # Any other mention in the same admin-1 region is strong
                    # evidence ("Paris" beside "Texas"); more adds a little.
                    parts.append(("same region", W_ADMIN1 * (0.75 + 0.25 * min(a, 4) / 4)))
                if anchor is not None and p.country_code == anchor.country_code:
                    if by_dateline is not None and by_dateline[idx]:
                        parts.append(("near dateline", W_DATELINE / 2))
                    if anchor.admin1_code and p.admin1_code == anchor.admin1_code:
                        parts.append(("dateline region", W_DATELINE / 2))
                parts.append(("nearness", W_NEAR * float(near[idx])))
                if (
                    p.admin1_code in home
                    and home[p.admin1_code] - {_base(slot.key)}
                    and p.country_code != slot.matches[0].place.country_code
                ):
                    # A namesake abroad of the best-known place ("Paris" in
                    # an article whose sure places are in Tennessee).
                    parts.append(("home region", W_HOME))
                if p.country_code and p.admin1_code:
                    sup = sup_here.get((p.country_code, p.admin1_code), 0.0)
                    parts.append(("region support", W_SUPPORT * min(sup, SUP_CAP) / SUP_CAP))
                if clus is not None and idx < len(clus):
                    parts.append(("cluster", W_CLUSTER * min(float(clus[idx]), SUP_CAP) / SUP_CAP))
                s = sum(v for _, v in parts)
                if (
                    named is not None
                    and p.kind == Kind.CITY
                    and not (
                        clus is not None
                        and idx < len(clus)
                        and clus[idx] >= COUNTRY_TOWN_SUPPORT
                        and countries[named] - int(own is not None and own.country_code == named)
                        == 0
                    )
                ):
                    # "Jordan" is the country unless the article names towns
                    # around Jordan, Minnesota, and nothing else in Jordan.
                    continue
                scored.append((s, m, parts))
            scored.sort(key=lambda x: (-x[0], x[1].place.id))
            slot.choice = scored[0][1]
            slot.score = scored[0][0]
            slot.reasons = tuple((k, round(v, 3)) for k, v in scored[0][2] if v)
            # Softmax over scores (base 10, like the log-population prior).
            z = sum(10 ** (s - scored[0][0]) for s, _, _ in scored[:10])
            slot.confidence = 1.0 / z
            done[(slot.key, id(slot.matches))] = (
                slot.choice,
                slot.score,
                slot.confidence,
                slot.reasons,
            )

    @staticmethod
    def _nearness(slot: _Slot, keys: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Per candidate: share of the other names' places within _NEAR_KM."""
        others = keys != _base(slot.key)
        total = int(others.sum())
        if total == 0:
            return np.zeros(len(slot.matches))
        c_lat = np.array([m.place.latitude for m in slot.matches])[:, None]
        c_lon = np.array([m.place.longitude for m in slot.matches])[:, None]
        dist = haversine_km(c_lat, c_lon, lat[None, others], lon[None, others])
        return np.asarray((dist < _NEAR_KM).sum(axis=1) / total, dtype=float)

    def _one_sense(self, slots: list[_Slot]) -> None:
        """Give every repetition of a name the reading of its best-scored use."""
        best: dict[str, _Slot] = {}
        for s in slots:
            if s.choice is not None and (s.key not in best or s.score > best[s.key].score):
                best[s.key] = s
        for s in slots:
            b = best.get(s.key)
            if b is not None and s.choice is not None and b is not s and not s.qualifier:
                s.choice, s.confidence = b.choice, b.confidence
                s.reasons = (*b.reasons, ("one sense per discourse", b.cand.text))

    @staticmethod
    def _infer_unknown(text: str, mentions: list[Mention]) -> list[Mention]:
        """Place names the gazetteer lacks at the nearest local place.

        A church, hospital, river or street that no package lists is almost
        always in or near the town the article is about: the town it is said
        to be in ("Denman Avenue in Lufkin"), else the closest local place
        mentioned before it (else after it) stands in, marked as inferred,
        with precision 2 and a confidence that says it is a guess. A country
        is too coarse to stand in for a site.
        """
        corroborated = corroboration(mentions)
        local = [
            i
            for i, m in enumerate(mentions)
            if m.place is not None
            and not m.inferred
            and m.place.kind in _LOCAL_KINDS
            and corroborated(m)
        ]
        if not local:
            return mentions
        out = list(mentions)
        for i, m in enumerate(mentions):
            if m.place is not None or m.demonym or not m.text[:1].isupper():
                continue
            if any(k == ABSTAINED for k, _ in m.reasons):
                continue  # namesakes the article cannot tell apart
            at = bisect.bisect_left(local, i)
            j = local[at - 1] if at else local[0]
            said_in = at < len(local) and _IN_TOWN.match(text, m.end, mentions[local[at]].start)
            if said_in:
                j = local[at]
            if not may_infer(m.text, bool(said_in)):
                continue
            host = mentions[j].place
            assert host is not None
            out[i] = replace(
                m,
                place=host,
                confidence=round(0.25 * mentions[j].confidence, 4),
                precision=max(2, host.precision),
                inferred=True,
                reasons=(("stands in for", mentions[j].text),),
            )
        return out

    def _mention(self, s: _Slot) -> Mention:
        c = s.cand
        place = s.choice.place if s.choice else None
        precision = None
        if place is not None and c.modifier:
            place = part_of(place, c.modifier)
        if place is not None:
            precision = place.precision
            # "around Baghdad", "outside the Green Zone": the event is near,
            # not at, the named place. "northern Iraq": part of the region.
            if c.modifier and precision == 1:
                precision = 2
        return Mention(
            start=c.start,
            end=c.end,
            text=c.text,
            place=place,
            confidence=round(s.confidence, 4) if place else 0.0,
            candidates=tuple(m.place for m in s.matches[:10]),
            demonym=c.demonym,
            precision=precision,
            modifier=c.modifier,
            reasons=self._reasons(s) if place is not None else s.abstained,
        )

    @staticmethod
    def _reasons(s: _Slot) -> tuple[Reason, ...]:
        extra: list[Reason] = []
        if s.qualifier:
            extra.append(("qualifier", ", ".join(dict.fromkeys(p.name for p in s.qualifier))))
        if s.cand.modifier:
            extra.append(("modifier", s.cand.modifier))
        return (*s.reasons, *extra)
