"""Airports with an IATA code, from ``airportsdata`` (OurAirports and others, MIT).

Part of the default build (:mod:`geomap.gazetteer.sources`): the names news
uses for an airport, and no new bare name to find in text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..models import Kind
from .names import loose_key
from .schema import NameFlag, PlaceRecord

__all__ = ["airport_places"]

_AIRFIELD = re.compile(r"\b(?:airport|air ?base|airfield|air station)\b", re.IGNORECASE)
_INTERNATIONAL = re.compile(r"\s+(?:International|Intl|Ntl|National)\b", re.IGNORECASE)


def _airport_names(name: str, city: str, big_towns: set[str]) -> list[str]:
    """The ways news names an airport: "London Heathrow Airport" is also
    "Heathrow Airport"; "Kabul International Airport" also "Kabul Airport".

    The bare distinctive word ("Heathrow") is not among them: too many are
    surnames; ``_airports`` adds it only where some place already has it.
    """
    full = " ".join(name.replace("/", " ").split())
    names = [full]
    words = full.split()
    # The town an airport serves often leads its name even where the airport
    # lies in a suburb ("Toronto Pearson" is in Mississauga).
    towns = {city, city.split("-")[0], city.split(" ")[0]}
    towns |= {" ".join(words[:n]) for n in (1, 2) if loose_key(" ".join(words[:n])) in big_towns}
    for prefix in sorted(towns):
        n = len(prefix.split())
        rest = " ".join(words[n:])
        # Not "International Airport": the rest must still name this airport.
        generic = not _INTERNATIONAL.sub("", " " + _AIRFIELD.sub("", rest)).strip()
        if prefix and " ".join(words[:n]).casefold() == prefix.casefold() and not generic:
            names.append(rest)
    names += [_INTERNATIONAL.sub("", n) for n in names]
    return [n for n in dict.fromkeys(names) if _AIRFIELD.search(n) and len(n.split()) >= 2]


def airport_places(
    places: dict[str, PlaceRecord], admin1_by_id: dict[str, PlaceRecord]
) -> dict[str, PlaceRecord]:
    """Airports with an IATA code (airportsdata, from OurAirports and others).

    Airports are where much news happens (strikes, evacuations, arrivals).
    An airport the hand-made layer already has, within 5 km, is left to it.
    """
    import airportsdata

    curated = [
        (p.latitude, p.longitude)
        for p in places.values()
        if p.id.startswith("geomap:") and any(_AIRFIELD.search(n) for n in p.names)
    ]
    regions = {(r.country_code, loose_key(r.name)): r for r in admin1_by_id.values()}
    big_towns: dict[str, set[str]] = defaultdict(set)
    for p in places.values():
        if p.kind == Kind.CITY and (p.population or 0) >= 100_000 and p.country_code:
            big_towns[p.country_code].add(loose_key(p.name))
    airports = airportsdata.load("IATA")
    city_airports = Counter((a["country"], a["city"]) for a in airports.values() if a["city"])
    # Names some place already has: an airport's bare name is added only if
    # it is one of them ("Heathrow", a Florida town too), so that it adds a
    # reading to a known name and never a new name to find in text.
    known = {loose_key(n) for p in places.values() for n in p.names}
    out: dict[str, PlaceRecord] = {}
    for code, a in sorted(airports.items()):
        lat, lon = round(float(a["lat"]), 5), round(float(a["lon"]), 5)
        if any(abs(lat - y) < 0.05 and abs(lon - x) < 0.07 for y, x in curated):
            continue
        names = _airport_names(a["name"], a["city"] or "", big_towns[a["country"]])
        if not names:
            continue
        region = regions.get((a["country"], loose_key(a["subd"] or "")))
        rec = PlaceRecord(
            id=f"iata:{code}",
            name=names[0],
            kind=Kind.LANDMARK,
            latitude=lat,
            longitude=lon,
            country_code=a["country"] or None,
            admin1=region.name if region else (a["subd"] or None),
            admin1_code=region.admin1_code if region else None,
            source="airportsdata (OurAirports and others, MIT)",
        )
        rec.add_name(names[0], NameFlag.PRIMARY)
        for n in names[1:]:
            rec.add_name(n, NameFlag.ALTERNATE)
        # "Kabul airport": only where the city has one airport.
        if a["city"] and city_airports[(a["country"], a["city"])] == 1:
            rec.add_name(f"{a['city']} Airport", NameFlag.ALTERNATE)
        # "Heathrow": the distinctive word alone.
        bare = " ".join(_AIRFIELD.sub("", names[-1]).split())
        key = loose_key(_INTERNATIONAL.sub("", bare))
        if key in known and key != loose_key(a["city"] or ""):
            rec.add_name(bare, NameFlag.ALTERNATE)
        out[rec.id] = rec
    return out
