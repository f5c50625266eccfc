"""A geopy geocoder backed by the local gazetteer: no network, no key, no quota.

It drops into code written for any geopy service::

    from geopy.extra.rate_limiter import RateLimiter
    from geomap import LocalGeocoder

    geocode = RateLimiter(LocalGeocoder().geocode, min_delay_seconds=0)
    df["location"] = df["place"].apply(geocode)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point as GeopyPoint

from .errors import InputError
from .gazetteer.store import Gazetteer
from .models import Place

__all__ = ["LocalGeocoder", "parse_point"]


def _location(place: Place, extra: dict[str, Any] | None = None) -> Location:
    raw = place.to_dict()
    if extra:
        raw.update(extra)
    return Location(place.address, (place.latitude, place.longitude), raw)


def parse_point(query: Any) -> tuple[float, float]:
    """Accept what geopy's reverse accepts: "lat, lon", (lat, lon), a Point."""
    # geopy reads None and an empty sequence as (0, 0): refuse them instead
    # of answering for the Gulf of Guinea.
    if query is None or (isinstance(query, str | list | tuple) and not query):
        raise InputError("reverse geocoding needs a coordinate pair, got nothing")
    try:
        point = query if isinstance(query, GeopyPoint) else GeopyPoint(query)
    except (ValueError, TypeError) as exc:
        raise InputError(f"not a coordinate pair: {query!r} (expected 'LAT, LON')") from exc
    lat, lon = float(point.latitude), float(point.longitude)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"coordinates out of range: {lat}, {lon}")
    return lat, lon


class LocalGeocoder(Geocoder):
    """geopy ``Geocoder`` over geomap's offline gazetteer.

    ``geocode`` and ``reverse`` return :class:`geopy.location.Location` objects
    whose ``raw`` is the full place record (id, kind, country_code, admin1,
    population, precision ...). Nothing here opens a network connection: the
    base class's HTTP adapter is created but never used.

    Parameters
    ----------
    gazetteer
        A :class:`~geomap.Gazetteer`; the shared default when omitted.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("user_agent", "geomap-local")
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = None,
        country_codes: str | Iterable[str] | None = None,
        kind: str | Iterable[str] | None = None,
        limit: int | None = 10,
    ) -> Location | list[Location] | None:
        """Resolve a place name ("Basra", "Vienna, Virginia").

        ``timeout`` is accepted for geopy compatibility and ignored: lookups
        are local. ``country_codes`` follows geopy's Nominatim keyword.
        """
        del timeout
        if not isinstance(query, str):
            # pandas hands NaN for empty cells; geopy services answer None.
            return None if exactly_one else []
        places = self.gazetteer.lookup(query, country=country_codes, kind=kind, limit=limit)
        if exactly_one:
            return _location(places[0]) if places else None
        return [_location(p) for p in places]

    def reverse(
        self, query: Any, *, exactly_one: bool = True, timeout: Any = None
    ) -> Location | list[Location] | None:
        """The most specific place at a point, with its containing regions.

        ``raw`` holds the reverse record (district, admin1, country, nearest
        place and its distance) merged into the best place's record.
        """
        del timeout
        lat, lon = parse_point(query)
        result = self.gazetteer.reverse(lat, lon)
        best = result.best
        if best is None:
            return None if exactly_one else []
        location = _location(best, {"reverse": result.to_dict()})
        return location if exactly_one else [location]
