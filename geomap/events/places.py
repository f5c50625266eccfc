"""Where an event happened: the most specific place the text ties to it.

Mentions in the event's sentences are scored by their relation to it ("in
X", "near X", "X's"), finer kinds first; places of reporting verbs, of
actors' affiliations, currencies and acting countries are skipped; an event
whose sentences name no place takes the place its passage named earlier,
else the document's finest place, else a demonym's country. A country is
the last choice: a town or province of it named with the event, or the land
a nationality names ("a Kenyan village") when the country is only a border
or an origin, comes first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..gazetteer.names import loose_key
from ..gazetteer.reverse import haversine_km
from ..gazetteer.store import Gazetteer
from ..models import Actor, Kind, Mention, Place
from .hits import _Cluster, _Hit
from .nationality import demonym_weight
from .qualifiers import named_like_its_province
from .sentences import Sentence

__all__ = ["PlaceChooser", "names_money", "seat_of"]


_LOCATIVE = re.compile(
    r"\b(?:in|at|inside|within|into|across|throughout|on|from|of)\s+(?:the\s+)?"
    r"(?:(?:heavily\s+)?[\w'’-]+\s+){0,2}?$",
    re.IGNORECASE,
)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?:heavily\s+)?[\w'’-]+\s+){0,2}?$", re.I)
_NEAR = re.compile(
    r"\b(?:near|outside|around|nearby|close\s+to|outskirts\s+of|edge\s+of|edges\s+of|gates?\s+of|"
    r"entrance\s+to|toward|towards|enter|entering|storm|storming|reach|approach\w*|"
    r"perimeter\s+of|between|km\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?$",
    re.IGNORECASE,
)
# A place that qualifies a name the gazetteer does not know, after a locative:
# "in Kibi village, Abuakwa district", "at Tamso (Western North)": the event
# is in that area.
_CHAIN_LOCATIVE = re.compile(
    r"\b(?:in|at|inside|near|outside|around)\s+(?:the\s+)?(?:(?:village|town|city|area)\s+of\s+)?"
    r"(?-i:[A-Z])[\w'’-]*(?:\s+(?:(?-i:[A-Z])[\w'’-]*|[a-z-]+)){0,2}?\s*(?:,|\(|\[)\s*"
    r"(?:[^,()\[\]]{1,30},\s*)?$",
    re.IGNORECASE,
)
# The place a coder says the event was coded to: "(coded as Tamso)",
# "coordinates for Tamso used", "Tamso coordinates used".
_CODED_AS = re.compile(
    r"\b(?:coded\s+(?:as|at|to|in)|coordinates\s+(?:for|of)|location\s+coded\s+as)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CODED_AFTER = re.compile(r"^\s+(?:coordinates|coords)\s+(?:were\s+|have\s+been\s+)?used\b", re.I)
# "(as reported)" and "As reported on 3 May," date a report; they do not
# place its speaker, and a bracket or a comma closes the reporting clause.
_REPORTING = re.compile(
    r"\b(?<!as\s)(?:said|says|told|speaking|spoke|according\s+to|statement|announced|reported|"
    r"wrote|tweeted|interview|news\s+conference|briefing)\b[^.;()]{0,40}?\b(?:in|from)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_AFFILIATION_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:foreign|interior|defen[cs]e|health|prime|president|ministry|minister|"
    r"government|officials?|authorities|spokes\w+|embassy|ambassador|king|queen|leader|"
    r"army|police|forces|military|media|television|tv|parliament|council|institution|"
    r"state\s+(?:media|television|tv|news|department|agency|broadcaster)|"
    r"university|post|times|news|airways|dollars?|pounds?|euros?|currency|lira|rupees?|"
    r"shillings?|francs?|exchange\s+rates?|people['’]s\s+(?:militia|republic|army|front|party))\b",
    re.IGNORECASE,
)
# A currency named after a country: "the US dollar exchange rate".
_MONEY_AFTER = re.compile(
    r"\s+(?:dollars?|pounds?|euros?|currency|currencies|lira|rupees?|shillings?|francs?|"
    r"dinars?|riy?als?|pesos?|yuan|yen|rubles?|roubles?|exchange\s+rates?)\b",
    re.IGNORECASE,
)


def names_money(text: str, end: int) -> bool:
    """Does the name ending at ``end`` name a currency rather than a place?"""
    return _MONEY_AFTER.match(text, end) is not None


# A country that acts is a party, not the scene: "the missiles Russia launched".
_COUNTRY_ACTS = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+)?(?:launched|fired|attacked|struck|shelled|sent|deployed|"
    r"said|says|claimed|denied|accused|announced|warned|threatened|carried\s+out|"
    r"conducted|bombed|invaded)\b",
    re.IGNORECASE,
)
# A country named as a border ("near the Mali border", "on the border with
# Niger", "the Kenya-Somalia border") draws a line; the event lies along it,
# as often on the other side as in that country.
_BORDER_AFTER = re.compile(r"^(?:\s*[-–/]\s*[\w'’]+(?:\s+[\w'’]+)?)?\s+borders?\b", re.I)
_BORDER_BEFORE = re.compile(
    r"\bborders?\s+(?:with|of|between)\s+(?:the\s+)?(?:[\w'’]+\s+(?:and|&)\s+(?:the\s+)?)?$",
    re.I,
)
# A country that leads, backs or hosts a party ("the Saudi-led coalition",
# "a Somalia-based group") names who acts, not where.
_SPONSOR_AFTER = re.compile(
    r"^-(?:led|backed|based|funded|sponsored|supported|allied|affiliated|aligned|trained|owned)\b",
    re.I,
)
_POSSESSIVE_PLACE = re.compile(
    r"^['’]s\s+(?:(?-i:[A-Z])|(?:outskirts|suburbs?|streets?|capital|cent(?:re|er)|north|south|"
    r"east|west|northern|southern|eastern|western|province|district|border|port|airport|old\s+"
    r"city|downtown|neighbo(?:u)?rhoods?|quarter|villages?|towns?)\b)",
    re.IGNORECASE,
)
_KIND_RANK = {
    Kind.LANDMARK: 1.5,
    Kind.DISTRICT: 1.5,
    Kind.CUSTOM: 1.5,
    Kind.CITY: 1.0,
    Kind.ADMIN2: 0.6,
    Kind.ADMIN1: 0.2,
    Kind.REGION: 0.0,
    Kind.COUNTRY: -0.5,
}


@dataclass(slots=True)
class _PlaceCandidate:
    score: float
    mention: Mention
    place: Place
    precision: int
    relation: str  # in | near | possessive | mentioned | a modifier ("around")


_KINDS = frozenset(k.value for k in Kind)


_TOWN_BEFORE = re.compile(r"\b(?:town|city|village|hamlet)\s+of\s+$", re.IGNORECASE)
# "Larkana city", "Amara town": the town, not the district of its name.
_TOWN_AFTER = re.compile(r"^\s+(?:city|town)\b", re.IGNORECASE)
_ADMIN1_AFTER = re.compile(r"^\s+(?:province|governorate|state|region|oblast)\b", re.I)
# "Tamale City", "Kibi Town": the town itself, not a fragment of a longer name.
_UNIT_NAME_AFTER = re.compile(r"^ (?:City|Town|Village|Township|Municipality)\b(?! (?-i:[A-Z]))")
_ADMIN2_AFTER = re.compile(r"^\s+(?:district|county|municipality|department)\b", re.I)
# A county is the first-level unit in some countries (Kenya, Liberia).
_COUNTY_AFTER = re.compile(r"^\s+county\b", re.I)


def _refine(m: Mention, before: str, after: str) -> Place:
    """The candidate the words around a mention ask for: "the town of
    Nabatieh" is the town, "Kunduz province" the province."""
    assert m.place is not None
    want: tuple[str, ...] = ()
    unit = m.text.rsplit(None, 1)[-1] if " " in m.text else ""
    if _TOWN_BEFORE.search(before) or _TOWN_AFTER.match(after):
        want = (Kind.CITY,)
    elif _ADMIN1_AFTER.match(after) or _ADMIN1_AFTER.match(" " + unit):
        want = (Kind.ADMIN1, Kind.REGION)
    elif _COUNTY_AFTER.match(after) or _COUNTY_AFTER.match(" " + unit):
        want = (Kind.ADMIN2, Kind.ADMIN1)
    elif _ADMIN2_AFTER.match(after) or _ADMIN2_AFTER.match(" " + unit):
        want = (Kind.ADMIN2,)
    if not want or m.place.kind in want:
        return m.place
    here = m.place
    options = [c for c in m.candidates if c.kind in want and c.country_code == here.country_code]
    if not options:
        return here
    # Of namesake units, the one the resolved place lies in ("Cuauhtemoc
    # municipality, Chihuahua" is the municipality of the town read in
    # Chihuahua, not the borough of the capital).
    return min(
        options,
        key=lambda c: (
            (c.admin1_code or "") != (here.admin1_code or ""),
            haversine_km(c.latitude, c.longitude, here.latitude, here.longitude),
        ),
    )


def _known_head(before: str, m: Mention, mentions: Sequence[Mention]) -> bool:
    """Does a place mention stand between the locative and ``m`` (then that
    one is the head, and ``m`` only its qualifier)?"""
    start = m.start - len(before)
    return any(start <= o.start < m.start and o.place is not None for o in mentions)


def _places_agree(a: Place | None, b: Place | None) -> bool:
    """Could two places be the scene of one event? Same place, one inside
    the other's country or region, or within 60 km."""
    if a is None or b is None or a.id == b.id:
        return True
    if a.country_code != b.country_code:
        return False
    coarse = (Kind.COUNTRY, Kind.ADMIN1, Kind.REGION)
    if a.kind == Kind.COUNTRY or b.kind == Kind.COUNTRY:
        return True
    if a.kind in coarse or b.kind in coarse:
        return (
            (a.admin1_code or "") == (b.admin1_code or "")
            or a.kind == Kind.REGION
            or (b.kind == Kind.REGION)
        )
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) < 60


_SEAT_KINDS = (Kind.ADMIN1, Kind.ADMIN2)
_SEAT_KM = 40.0


def seat_of(place: Place | None, gazetteer: Gazetteer | None) -> Place | None:
    """A province named like its capital ("Yazd province") stands at the
    town of that name, as event coders place an event known only to the
    province; the precision stays that of the area."""
    if place is None or gazetteer is None or place.kind not in _SEAT_KINDS:
        return place
    towns = [
        match.place
        for match in gazetteer.matches(place.name, country=place.country_code, kind=Kind.CITY)
        if loose_key(match.place.name) == loose_key(place.name)
        and match.place.admin1_code
        and match.place.admin1_code == place.admin1_code
    ]
    if not towns:
        return place

    def km(town: Place) -> float:
        return haversine_km(town.latitude, town.longitude, place.latitude, place.longitude)

    # Where the province has several towns of the name, the seat is the one
    # near the district's point; namesake villages across the province
    # ("Cawayan" towns all over a region) are other places, and the
    # district's own point is then the better stand-in.
    town = min(towns, key=km)
    if len(towns) > 1 and place.kind == Kind.ADMIN2 and km(town) > _SEAT_KM:
        return place
    return town


# A country named as where people came from or as a border, not as a scene.
_NOT_THE_SCENE = frozenset({"from", "border", "mentioned"})
_AREA_THEN_FINE = re.compile(r"\s*[\(\[]\s*$")


class PlaceChooser:
    """The place-choosing part of :class:`~geomap.events.incidents.IncidentFinder`."""

    _by_sentence: dict[int, list[_Hit]]
    _sentences: list[Sentence]
    _embedded: list[Mention]
    _qualifiers: set[int] = set()  # noqa: RUF012 - replaced per document

    def _embedded_place(
        self, cluster: _Cluster
    ) -> tuple[Place | None, int | None, str | None, str | None]:
        """A place named inside a longer name in the event's sentences
        ("workers at the Kakamega Sugar Company", "traders of the Garissa Livestock Market"): the
        event is there or near there, at precision 2."""
        spans = [(s.start, s.end) for s in cluster.sentences.values()]
        for m in self._embedded:
            if m.place is not None and any(a <= m.start < b for a, b in spans):
                how = f"'{m.text}' (inside a longer name; {m.place.kind})"
                return m.place, max(2, m.place.precision), m.place.name, how
        return None, None, None, None

    def _earlier_place(
        self,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> tuple[Place | None, int | None, str | None, str | None]:
        """Where the passage's earlier sentences put things ("Gunmen raided
        Kachibora. Three were killed.") when the event's own sentences name
        no place: the nearest earlier sentence of the paragraph (or the one
        before) with a place in a locative relation."""
        first = self._sentences[min(cluster.sentences)]
        for sent in reversed(self._sentences[max(0, first.index - 4) : first.index]):
            if sent.paragraph < first.paragraph - 1:
                break
            cands = [
                c
                for c in self._place_candidates(text, sent, [], mentions, actors)
                if c.relation != "mentioned"
            ]
            if cands:
                best = max(cands, key=lambda c: (c.score, -c.mention.start))
                how = f"'{best.mention.text}' (stated earlier in the passage; {best.place.kind})"
                return best.place, min(3, max(1, best.precision)), best.place.name, how
        return None, None, None, None

    def _place(
        self,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> tuple[Place | None, int | None, str | None, str | None]:
        """The best place mention of the cluster's sentences (see module doc)."""
        trig_sentences = {h.sentence.index for h in cluster.hits}
        best: _PlaceCandidate | None = None
        for idx, sent in sorted(cluster.sentences.items()):
            own = [h for h in cluster.hits if h.sentence.index == idx]
            for cand in self._place_candidates(text, sent, own, mentions, actors):
                if idx in trig_sentences:
                    cand.score += 0.75
                if best is None or (cand.score, -cand.mention.start) > (
                    best.score,
                    -best.mention.start,
                ):
                    best = cand
        if best is None:
            return None, None, None, None
        if best.place.kind == Kind.COUNTRY:
            best = self._finer_in_country(best, text, cluster, mentions, actors)
        if best.place.kind == Kind.COUNTRY and best.relation in _NOT_THE_SCENE:
            # A border has two sides: any other nationality of the event's
            # sentences that is not a foreigner's says which one.
            least = 0 if best.relation == "border" else 1
            land = self._land_named(text, cluster, mentions, best.place, least)
            if land is not None and land.place is not None:
                return land.place, 3, land.place.name, f"'{land.text}' (the land named)"
        m, place = best.mention, best.place
        how = f"'{m.text}' ({best.relation}; {place.kind})"
        return place, min(3, max(1, best.precision)), place.name, how

    def _land_named(
        self,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        other: Place,
        least: int = 1,
    ) -> Mention | None:
        """A nationality of the event's sentences that names the land the
        event struck ("raiders from X attack a Kenyan village"), of another
        country than the one only named as a border or an origin."""
        spans = [(s.start, s.end) for s in cluster.sentences.values()]
        for m in mentions:
            if (
                m.demonym
                and m.place is not None
                and m.place.kind == Kind.COUNTRY
                and m.place.country_code != other.country_code
                and any(a <= m.start < b for a, b in spans)
                and demonym_weight(text, m) >= least
                # "the Kenya-Somali border": its second name is no side.
                and (m.start == 0 or text[m.start - 1] not in "-–/")
            ):
                return m
        return None

    def _finer_in_country(
        self,
        best: _PlaceCandidate,
        text: str,
        cluster: _Cluster,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> _PlaceCandidate:
        """A country says least of all where an event was: a town or a
        province of that country that the event's sentences also name
        ("Tamso residents protested ... in Ghana") is within it, and says
        more."""
        finer = [
            cand
            for idx, sent in sorted(cluster.sentences.items())
            for cand in self._place_candidates(
                text, sent, [h for h in cluster.hits if h.sentence.index == idx], mentions, actors
            )
            if cand.place.kind not in (Kind.COUNTRY, Kind.REGION)
            and cand.place.country_code == best.place.country_code
        ]
        if not finer:
            return best
        return max(finer, key=lambda c: (c.score, -c.mention.start))

    def _sentence_place(
        self,
        text: str,
        sent: Sentence,
        own: list[_Hit],
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> Place | None:
        """Where a sentence says its event happened, if it says so plainly
        ("in X", "near X", "X's"): used to keep events in different places
        apart while clustering."""
        cands = [
            c
            for c in self._place_candidates(text, sent, own, mentions, actors)
            if c.relation != "mentioned"
        ]
        if not cands:
            return None
        best = max(cands, key=lambda c: (c.score, -c.mention.start))
        return best.place

    def _place_candidates(
        self,
        text: str,
        sent: Sentence,
        own: list[_Hit],
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
    ) -> list[_PlaceCandidate]:
        actor_spans = [sp for a in actors for sp in a.spans if a.kind != "government"]
        out = []
        for m in mentions:
            if not (sent.start <= m.start < sent.end) or m.place is None or m.demonym:
                continue
            if any(s <= m.start < e for s, e in actor_spans):
                continue  # "Brookings Institution", a reporter's name
            before = text[max(sent.start, m.start - 60) : m.start]
            after = text[m.end : m.end + 30]
            if (
                _AFFILIATION_AFTER.match(after)
                or _REPORTING.search(before)
                or (
                    m.place.kind == Kind.COUNTRY
                    and (_COUNTRY_ACTS.match(after) or _SPONSOR_AFTER.match(after))
                )
            ):
                continue  # "Iraq's foreign minister", "said in a statement from Vienna"
            if (
                re.match(r"^ [A-Z][a-z]", after)
                and not _UNIT_NAME_AFTER.match(after)
                and m.place.kind == Kind.CITY
            ):
                continue  # "Green [Zone]": a fragment of a longer, unknown name
            if own and not self._nearest_trigger_is_ours(sent, m, own):
                continue  # in a sentence shared with another event, the nearer one's
            place = _refine(m, before, after)
            kind = place.kind
            score = _KIND_RANK.get(Kind(kind), 0.0) if kind in _KINDS else 0.0
            precision = place.precision
            if m.precision and place is m.place:
                precision = m.precision
            relation = "mentioned"
            if kind == Kind.COUNTRY and (
                _BORDER_AFTER.match(after) or _BORDER_BEFORE.search(before)
            ):
                relation = "border"  # a line, not the scene: no locative's weight
            elif _CODED_AS.search(before) or _CODED_AFTER.match(after):
                score += 3.0  # the coder's own choice of place
                relation = "coded as"
            elif _NEAR.search(before):
                score += 2.0
                precision = max(precision, 2)
                relation = "near"
            elif _TOWN_BEFORE.search(before):
                score += 2.5  # "the northern Mali town of Gao": the place itself
                relation = "in"
            elif _LOCATIVE.search(before):
                # "of" ("the Green Zone of Baghdad") says containment, weaker;
                # "from" names where people or things came from, more often
                # than where the event was.
                tail = before.rstrip().lower()
                score += 1.0 if tail.endswith(" of") or _FROM.search(before) else 2.0
                relation = "from" if _FROM.search(before) else "in"
            elif _POSSESSIVE_PLACE.match(after):
                score += 1.5
                relation = "possessive"  # "Baghdad's Green Zone", not "Iran's interference"
            elif self._finer_after_area(text, m, mentions):
                score += 2.0  # "in northwestern Tamso (Kibi, Western)": the finer place
                relation = "in"
            elif _CHAIN_LOCATIVE.search(before) and not _known_head(before, m, mentions):
                score += 2.0
                precision = max(precision, 2)
                relation = "in the area of"
            if m.modifier:
                relation = m.modifier
            if m.start in self._qualifiers:
                score -= 1.0  # "Tamso (Western)": Western says where Tamso is
            score += 0.5 * m.confidence
            out.append(_PlaceCandidate(score, m, place, precision, relation))
        return out

    @staticmethod
    def _finer_after_area(text: str, m: Mention, mentions: Sequence[Mention]) -> bool:
        """Does ``m`` open a bracket (or follow a comma) right after a
        country, region or province, and name a finer place in it? Writers
        go from coarse to fine there: "in western Tamso (Kibi, Western)",
        "in Ashanti (Kumasi)"."""
        assert m.place is not None
        if m.place.kind not in (Kind.CITY, Kind.ADMIN2, Kind.DISTRICT):
            return False
        prev = max((o for o in mentions if o.end <= m.start), key=lambda o: o.end, default=None)
        if prev is None or prev.place is None or prev.demonym:
            return False
        if prev.place.kind not in (Kind.COUNTRY, Kind.REGION, Kind.ADMIN1):
            return False
        if prev.place.country_code != m.place.country_code or named_like_its_province(m):
            return False  # "(Sadah)": the province, as likely as its town
        return _AREA_THEN_FINE.match(text, prev.end, m.start) is not None

    def _nearest_trigger_is_ours(self, sent: Sentence, m: Mention, own: list[_Hit]) -> bool:
        """In a sentence shared with another event's trigger, keep the place
        only when one of our triggers is at least as near."""
        others = [h for h in self._by_sentence.get(sent.index, []) if h not in own]
        if not others:
            return True

        def dist(h: _Hit) -> int:
            return min(abs(m.start - h.end), abs(h.start - m.end))

        return min(dist(h) for h in own) <= min(dist(h) for h in others)
