"""Offline place labels: incident places first, then countries, cities, regions.

A label candidate is ``[lat, lon, name, min_zoom, class, ...]`` with class 0
(incident place; also the incidents there and their marker size), 1
(country), 2 (city, by population) or 3 (admin-1 region). The page runtime
places them greedily in this order at every zoom, dropping any that would
collide with a label already placed or with an incident marker, so the
places where things happened are named first and nothing overlaps.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

from shapely.geometry.base import BaseGeometry

from .basemap import _touches, regions_near
from .inputs import _Data

INCIDENT, COUNTRY, CITY, REGION = range(4)
# Cities this large are labelled anywhere in the world; smaller ones only near the data.
WORLD_CITY = 1_500_000
# On a clustered map the BUSIEST incident places are named at every zoom,
# the others from CLUSTERED_LABEL_ZOOM, where clusters have mostly split.
BUSIEST = 12
CLUSTERED_LABEL_ZOOM = 8


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def label_candidates(
    incidents: dict[str, Any],
    groups: list[dict[str, Any]],
    basemap: dict[str, Any] | None,
    near: BaseGeometry | None,
    countries: frozenset[str] = frozenset(),
    clustered: bool = False,
) -> dict[str, Any]:
    """The label payload: candidates in priority order and their string table.

    ``countries``: ISO codes of the countries holding incidents, labelled at
    every zoom right after the incident places. ``clustered``: the markers
    are clustered, so only the busiest places are named at every zoom and the
    others once clusters have split.
    """
    strings: list[str] = []
    index: dict[str, int] = {}

    def add(text: str) -> int:
        escaped = html.escape(text, quote=True)
        if escaped not in index:
            index[escaped] = len(strings)
            strings.append(escaped)
        return index[escaped]

    rows: list[list[Any]] = []
    taken: list[tuple[str, float, float]] = []
    strings_in, records = incidents.get("s", []), incidents["i"]
    # Incident places: one label per point, naming the place of its incidents.
    at_point: dict[tuple[float, float], list[int]] = defaultdict(list)
    for lat, lon, k in incidents["p"]:
        at_point[(lat, lon)].append(k)
    for group in groups:
        place = group["_place"]
        at_point[(round(place.latitude, 5), round(place.longitude, 5))].extend(group["i"])
    busiest = sorted(at_point.items(), key=lambda item: (-len(item[1]), item[0]))
    for rank, ((lat, lon), ks) in enumerate(busiest):
        where = records[ks[0]][8]
        name = _plain(strings_in[where]) if where >= 0 else ""
        if not name:
            continue
        size = max(records[k][1] for k in ks)
        zoom = CLUSTERED_LABEL_ZOOM if clustered and rank >= BUSIEST else 0
        rows.append([lat, lon, add(name), zoom, INCIDENT, sorted(ks), size])
        taken.append((_key(name), lat, lon))

    def near_taken(name: str, lat: float, lon: float) -> bool:
        key = _key(name)
        return any(k == key and abs(a - lat) < 1.5 and abs(b - lon) < 1.5 for k, a, b in taken)

    if basemap is not None:

        def order(f: dict[str, Any]) -> tuple[bool, int, str]:
            return (f.get("c") not in countries, f["z"], f["n"])

        for feature in sorted(basemap["countries"], key=order):
            if feature["n"]:
                zoom = 0 if feature.get("c") in countries else feature["z"]
                rows.append([*feature["p"], add(feature["n"]), zoom, COUNTRY])
        for name, lat, lon, population, _cc, zoom in basemap.get("cities", []):
            here = near is not None and _touches([lon, lat, lon, lat], near)
            if population < WORLD_CITY and not here:
                continue
            if near_taken(name, lat, lon):
                continue
            rows.append([lat, lon, add(name), zoom, CITY])
            taken.append((_key(name), lat, lon))
        regions = [f for f in regions_near(basemap, near, countries) if f["n"]]
        for feature in sorted(regions, key=lambda f: (f["z"], f["n"])):
            if near_taken(feature["n"], *feature["p"]):
                continue  # "Damascus" the governorate beside Damascus the city
            rows.append([*feature["p"], add(feature["n"]), max(feature["z"], 5), REGION])
    return {"c": rows, "s": strings}


def incident_countries(data: _Data) -> frozenset[str]:
    """ISO codes of the countries where the incidents are (else the mentioned places)."""
    found = frozenset(
        i.place.country_code for i in data.incidents if i.place is not None and i.place.country_code
    )
    if found:
        return found
    return frozenset(
        m.place.country_code for m in data.mentions if m.place is not None and m.place.country_code
    )


def _plain(escaped: str) -> str:
    return html.unescape(escaped)
