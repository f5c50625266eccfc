"""Places qualified by the names that follow them.

Event reports locate a small place by the larger ones around it, the way
addresses do: "a village near Tamso (Tamso district, Northern Region)",
"clashes in Tamale, Northern Region", "in Kibi town, Abuakwa South
district". The trailing names are containers, and they say which namesake
the first name is: "Tamale" in Ghana, not elsewhere. When no place of the
first name lies inside its containers, the gazetteer does not know the
village, and the name it matched belongs to somewhere else: the event is
then placed in the finest container, at the coarser precision of an area.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..gazetteer.names import loose_key
from ..gazetteer.reverse import haversine_km
from ..gazetteer.store import is_within
from ..models import Kind, Mention, Place

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = ["named_like_its_province", "qualified", "qualifier_starts"]

_CONTAINERS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2, Kind.REGION})
_FINE = frozenset({Kind.CITY, Kind.DISTRICT, Kind.LANDMARK, Kind.CUSTOM, Kind.ADMIN2})
# A town of this population is known well enough to be placed by its name.
_TOWN = 20_000
_RANK = {Kind.ADMIN2: 1, Kind.REGION: 2, Kind.ADMIN1: 2, Kind.COUNTRY: 3}

# What may stand between a name and its qualifier: a unit word ("village",
# "area", "sub-county") and then a comma or an opening bracket, or a comma
# inside a bracket already open ("(Tamso district, Northern Region)").
_UNIT = r"(?:\s+(?:[a-z][\w-]*|[A-Z][a-z]*\.?)){0,2}?"
_PAREN_GAP = re.compile(rf"^{_UNIT}\s*[\(\[](?:[^()\[\],]{{1,40}},)*\s*$")
_INNER_GAP = re.compile(r"^(?:[^()\[\],]{0,40},)+\s*$")
_COMMA_GAP = re.compile(rf"^{_UNIT}\s*,\s*$")
# "the Tamso area of Tarkwa", "Tamso neighbourhood of Tarkwa": a part of a town.
_PART_OF_GAP = re.compile(
    r"^,?\s+(?:(?:an?|the)\s+)?(?:area|neighbou?rhood|quarter|suburb|section|estate|slums?|locality|"
    r"district|village)\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# "Tamso of Tarkwa town": a part of a town the unit word says is one.
_OF_GAP = re.compile(r"^\s+(?:of|in)\s+(?:the\s+)?$", re.IGNORECASE)
_TOWN_AFTER = re.compile(r"\s+(?:city|town)\b", re.IGNORECASE)
# "Tanwoko in Soum province": a name, then its unit, after "in".
_IN_GAP = re.compile(r"^\s+in\s+(?:the\s+)?$")
_UNIT_AFTER = re.compile(
    r"\s+(?:province|district|county|region|state|governorate|department|oblast)\b",
    re.IGNORECASE,
)
# A bracket of names and unit words only: "(Tamso district, Western North)",
# not "(gunmen assumed responsible)".
_NAMES_TO_CLOSE = re.compile(
    r"^(?:(?:(?-i:[A-Z])[\w'’.-]*|al|el|de|du|des|la|le|of|wa|ash|ad|an|as|ar|"
    r"districts?|county|sub-?county|province|state|region|governorate|lga|municipality|"
    r"commune|department|division|area|town|city|village|constituency|ward|location|"
    r"prefecture|sector)\b[\s,/-]*){1,8}[\)\]]",
    re.IGNORECASE,
)


def named_like_its_province(m: Mention) -> bool:
    """Is ``m`` a province, or a town that shares its name with its
    province ("Tamso in Kumasi" may name Kumasi's region)?"""
    if m.place is not None and not m.demonym and m.place.kind == Kind.ADMIN1:
        return True
    if m.place is None or m.demonym or m.place.kind != Kind.CITY:
        return False
    key = loose_key(m.place.name)
    return any(
        c.kind == Kind.ADMIN1
        and c.country_code == m.place.country_code
        and loose_key(c.name) == key
        and c.admin1_code == m.place.admin1_code
        for c in m.candidates
    )


@dataclasses.dataclass(slots=True)
class _Link:
    mention: Mention
    bracketed: bool
    part: bool = False  # "the Kopri area of Vadodara": a part of a town


def _chain(text: str, ordered: Sequence[Mention], i: int) -> list[_Link]:
    """The mentions that follow ``ordered[i]`` as its qualifiers."""
    out: list[_Link] = []
    end = ordered[i].end
    in_bracket = False
    for n in ordered[i + 1 :]:
        gap = text[end : n.start]
        if len(gap) > 60:
            break
        if not out and (
            _PART_OF_GAP.match(gap) or (_OF_GAP.match(gap) and _TOWN_AFTER.match(text, n.end))
        ):
            return [_Link(n, True, part=True)]
        if (
            not out
            and _IN_GAP.match(gap)
            and (_UNIT_AFTER.match(text, n.end) or named_like_its_province(n))
        ):
            return [_Link(n, False)]
        if not in_bracket and _PAREN_GAP.match(gap):
            in_bracket = _NAMES_TO_CLOSE.match(text[n.start :]) is not None
            if not in_bracket:
                break
        elif not (_INNER_GAP if in_bracket else _COMMA_GAP).match(gap):
            break
        out.append(_Link(n, in_bracket))
        end = n.end
        if in_bracket and re.match(r"^\s*[\)\]]", text[end:]):
            break
    return out


def _inside(place: Place, container: Place) -> bool:
    if place.id == container.id:
        return True
    if container.kind in _CONTAINERS:
        if place.country_code != container.country_code:
            return False
        if container.kind == Kind.REGION and container.area is None:
            return True
        if container.kind == Kind.ADMIN2 and container.area is None and container.admin1_code:
            # An admin-2 unit known by a point: its province will do.
            return place.admin1_code == container.admin1_code or is_within(place, container)
        return is_within(place, container)
    # A town as qualifier ("a village (Kakamega)"): its surroundings.
    return (
        place.country_code == container.country_code
        and haversine_km(place.latitude, place.longitude, container.latitude, container.longitude)
        < 60
    )


def _options(
    m: Mention,
    gazetteer: Gazetteer | None = None,
    *,
    kinds: frozenset[str] | None = None,
    country: str | None = None,
) -> list[Place]:
    """The mention's place first, then the other places of its name (also
    of a name the geoparser left unresolved), then the gazetteer's places
    of that name of these kinds or in that country."""
    out = [] if m.place is None else [m.place]
    out += [c for c in m.candidates if m.place is None or c.id != m.place.id]
    if gazetteer is not None and (kinds or country):
        seen = {p.id for p in out}
        for match in gazetteer.matches(m.text, kind=kinds, country=country, limit=30):
            if match.place.id not in seen:
                seen.add(match.place.id)
                out.append(match.place)
    return out


def _qualifies(m: Mention, link: _Link, gazetteer: Gazetteer | None = None) -> bool:
    """Is the linked name a container of ``m``? A bracket qualifies any
    name; a comma only a finer name by a coarser unit ("Tamale, Northern
    Region", not "Accra, Kumasi and Tamale")."""
    q = link.mention
    options = _options(q, gazetteer, kinds=_CONTAINERS)
    if not options or q.demonym or m.place is None:
        return False
    if link.bracketed:
        return True
    if q.place is None or q.place.kind not in _CONTAINERS or m.place.kind not in _FINE:
        return False
    return _RANK.get(Kind(m.place.kind), 0) < _RANK.get(Kind(q.place.kind), 0)


def qualified(
    text: str, mentions: Sequence[Mention], gazetteer: Gazetteer | None = None
) -> list[Mention]:
    """``mentions`` with each name read in the light of its qualifiers: the
    namesake inside them, else (the gazetteer lacks the place) the finest
    container, at the precision of an area."""
    ordered = sorted(mentions, key=lambda m: m.start)
    reread = _provinces_named_like_their_capitals(text, ordered)
    if reread:
        ordered = [reread.get(id(m), m) for m in ordered]
    fixed: dict[int, Mention] = {}
    for i, m in enumerate(ordered):
        if m.place is None or m.demonym:
            continue
        links = [link for link in _chain(text, ordered, i) if _qualifies(m, link, gazetteer)]
        if not links:
            continue
        quals = [fixed.get(id(link.mention), link.mention) for link in links]
        new = _read(m, quals, links, gazetteer)
        if new is not None:
            fixed[id(m)] = new[0]
            back = {id(q): link.mention for q, link in zip(quals, links, strict=True)}
            for old, q in new[1]:
                if q is not old:
                    fixed[id(back[id(old)])] = q
    _units_of_unknown_names(text, ordered, fixed, gazetteer)
    if not fixed and not reread:
        return list(mentions)
    out = []
    for m in mentions:
        m = reread.get(id(m), m)
        out.append(fixed.get(id(m), m))
    return out


# "Kharkiv city", "Kharkiv and Poltava": the town, or a list, not a province.
_TOWN_OR_LIST_AFTER = re.compile(r"\s*(?:(?:city|town)\b|,?\s*(?:and|or|&)\s)", re.IGNORECASE)


def _provinces_named_like_their_capitals(
    text: str, ordered: Sequence[Mention]
) -> dict[int, Mention]:
    """The last name of an address read as a town that is also the name of
    its province ("a village near Stepove, Kharkiv"): there the province,
    the container the address names."""
    out: dict[int, Mention] = {}
    for i, m in enumerate(ordered):
        if m.place is None or m.demonym or m.place.kind not in _FINE:
            continue
        chain = _chain(text, ordered, i)
        if not chain:
            continue
        q = chain[-1].mention
        if q.place is None or q.place.kind != Kind.CITY or q.demonym:
            continue
        if _TOWN_OR_LIST_AFTER.match(text, q.end):
            continue
        key = loose_key(q.place.name)
        province = next(
            (
                c
                for c in q.candidates
                if c.kind == Kind.ADMIN1
                and c.country_code == q.place.country_code
                and loose_key(c.name) == key
            ),
            None,
        )
        if province is not None:
            out[id(q)] = dataclasses.replace(q, place=province)
    return out


def qualifier_starts(text: str, mentions: Sequence[Mention]) -> set[int]:
    """Where the names that qualify another place mention start: "Northern
    Region" in "Tamale (Northern Region)" says where Tamale is, and the
    event is in Tamale."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: set[int] = set()
    for i, m in enumerate(ordered):
        if m.place is None or m.demonym:
            continue
        for link in _chain(text, ordered, i):
            q = link.mention
            if q.place is not None and _qualifies(m, link) and _inside(m.place, q.place):
                out.add(q.start)
    return out


# An unknown name and a bracket: "Tamso (Wassa East, Western)".
_UNKNOWN_THEN_BRACKET = re.compile(
    r"(?-i:[A-Z])[\w'’-]+(?:\s+[a-z]+)?\s*[\(\[](?:[^()\[\],]{1,40},)*\s*$"
)


def _units_of_unknown_names(
    text: str, ordered: list[Mention], fixed: dict[int, Mention], gazetteer: Gazetteer | None
) -> None:
    """The names in a bracket after a name the geoparser does not know are
    its administrative units: "Tamso (Wassa, Western)" asks for the
    district and the region of those names, not for towns elsewhere."""
    for i, m in enumerate(ordered):
        if id(m) in fixed or m.demonym:
            continue
        before = text[max(0, m.start - 40) : m.start]
        opening = _UNKNOWN_THEN_BRACKET.search(before)
        if opening is None or (
            i > 0 and ordered[i - 1].end > m.start - len(before) + opening.start()
        ):
            continue
        if not _NAMES_TO_CLOSE.match(text[m.start :]):
            continue
        chain = [m, *(link.mention for link in _chain(text, ordered, i) if link.bracketed)]
        # A country the rest of the text names vouches for the reading.
        names = {loose_key(q.text) for q in chain}
        elsewhere = {
            o.place.country_code
            for o in ordered
            if o.place is not None and loose_key(o.text) not in names
        }
        if any(q.place is not None and q.place.country_code in elsewhere for q in chain):
            continue
        options = [_options(q, gazetteer, kinds=_CONTAINERS) for q in chain]
        if not all(options):
            continue
        country = _pick(options[-1], None, True, chain[-1].text).country_code
        for q, opts in zip(chain, options, strict=True):
            if id(q) in fixed or (q.place is not None and q.place.country_code == country):
                continue
            pick = _pick(opts, country, True, q.text)
            if pick.country_code == country:
                fixed[id(q)] = dataclasses.replace(q, place=pick)


def _pick(options: list[Place], country: str | None, bracketed: bool, name: str = "") -> Place:
    """A qualifier's place: one in ``country`` if it has one, else, in a
    bracket (where administrative units are named), a unit of that very
    name before a town."""
    if country is not None:
        for cand in options:
            if cand.country_code == country:
                return cand
    if bracketed and options[0].kind not in _CONTAINERS:
        for cand in options:
            if cand.kind in _CONTAINERS and loose_key(cand.name) == loose_key(name):
                return cand
    return options[0]


def _read(
    m: Mention, quals: list[Mention], links: list[_Link], gazetteer: Gazetteer | None = None
) -> tuple[Mention, list[tuple[Mention, Mention]]] | None:
    """The head and its qualifiers agreed, or None when nothing changes."""
    assert m.place is not None
    if m.place.kind == Kind.COUNTRY:
        return None
    # A qualifier repeating the head's name ("Tamso (Tamso, Western)") is
    # no evidence of where the head is.
    pairs = [
        (q, link)
        for q, link in zip(quals, links, strict=True)
        if loose_key(q.text) != loose_key(m.text)
    ]
    if not pairs:
        return None
    quals, links = [q for q, _ in pairs], [link for _, link in pairs]
    q_options = [_options(q, gazetteer, kinds=_CONTAINERS) for q in quals]
    home = m.place.country_code
    # The gazetteer's other places of a name speak only for a name the
    # geoparser left unresolved; a resolved one keeps its own reading.
    own = [
        opts if q.place is None else _options(q) for opts, q in zip(q_options, quals, strict=True)
    ]
    if any(any(c.country_code == home for c in opts) for opts in own):
        # The head's country has a place of a qualifier's name: the head
        # stands, and it tells which namesakes the qualifiers are.
        at_home = [
            q.place
            if q.place is not None and q.place.country_code == home
            else next((c for c in opts if c.country_code == home), q.place)
            for opts, q in zip(q_options, quals, strict=True)
        ]
        new = _replaced(quals, at_home)
        head = _namesake_inside(m, [p for p in at_home if p is not None], gazetteer)
        if head is m and links[0].part and at_home[0] is not None:
            head = _part_of_town(m, at_home[0], gazetteer)
        if head is m and not any(a is not b for a, b in new):
            return None
        return head, new
    # The qualifiers place the head in another country: they agree among
    # themselves first (the coarsest decides the country), then the head
    # takes its namesake there, else the finest qualifier stands for it.
    last = _pick(q_options[-1], None, links[-1].bracketed, quals[-1].text)
    chosen = [
        _pick(opts, last.country_code, link.bracketed, q.text)
        for opts, link, q in zip(q_options, links, quals, strict=True)
    ]
    for cand in _options(m, gazetteer, country=last.country_code):
        if all(_inside(cand, c) for c in chosen):
            head = dataclasses.replace(m, place=cand, reasons=(*m.reasons, ("qualified", 1.0)))
            return head, _replaced(quals, chosen)
    finest = chosen[0]
    head = dataclasses.replace(
        m,
        place=finest,
        precision=max(2, finest.precision),
        reasons=(*m.reasons, ("qualified", 0.0)),
    )
    return head, _replaced(quals, chosen)


def _namesake_inside(m: Mention, containers: list[Place], gazetteer: Gazetteer | None) -> Mention:
    """The head's namesake inside its containers when its own place is not
    ("Novo Selo, Vidin Province": the one in that province)."""
    assert m.place is not None
    boxes = [c for c in containers if c.kind in (Kind.ADMIN1, Kind.ADMIN2) and c.id != m.place.id]
    if not boxes or all(_inside(m.place, c) for c in boxes):
        return m
    for cand in _options(m, gazetteer, country=m.place.country_code):
        if cand.kind == m.place.kind and all(_inside(cand, c) for c in boxes):
            return dataclasses.replace(m, place=cand, reasons=(*m.reasons, ("qualified", 1.0)))
    # No place of the name lies inside its province (nor inside any other
    # container named): a village's namesake elsewhere in the country,
    # while the gazetteer lacks the village itself; the province stands
    # for it, as an area. (A town of some size outside the province the
    # writer gives is more often the writer's slip.)
    home = m.place.country_code
    provinces = [c for c in boxes if c.kind == Kind.ADMIN1 and c.country_code == home]
    if (
        not provinces
        or any(_inside(m.place, c) for c in containers if c.id != m.place.id)
        or (m.place.population or 0) >= _TOWN
    ):
        return m
    return dataclasses.replace(
        m,
        place=provinces[0],
        precision=max(2, provinces[0].precision),
        reasons=(*m.reasons, ("qualified", 0.0)),
    )


def _part_of_town(m: Mention, town: Place, gazetteer: Gazetteer | None) -> Mention:
    """A part of a town named with it ("the Kopri area of Vadodara") read
    as a namesake far from that town: its namesake near the town, else the
    town stands for it, as the gazetteer knows the town and not the part."""
    assert m.place is not None
    if town.kind != Kind.CITY or _inside(m.place, town):
        return m
    for cand in _options(m, gazetteer, country=town.country_code):
        if _inside(cand, town):
            return dataclasses.replace(m, place=cand, reasons=(*m.reasons, ("qualified", 1.0)))
    return dataclasses.replace(
        m,
        place=town,
        precision=max(2, town.precision),
        reasons=(*m.reasons, ("qualified", 0.0)),
    )


def _replaced(
    quals: list[Mention], chosen: Sequence[Place | None]
) -> list[tuple[Mention, Mention]]:
    return [
        (
            q,
            q
            if c is None or (q.place is not None and q.place.id == c.id)
            else dataclasses.replace(q, place=c),
        )
        for q, c in zip(quals, chosen, strict=True)
    ]
