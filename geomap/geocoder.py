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
from .gazetteer.geocoding import Candidate, geocode_candidates
from .gazetteer.geocoding import country_codes as resolve_countries
from .gazetteer.store import Gazetteer
from .models import Kind, Place

__all__ = ["LocalGeocoder", "parse_point"]

# Nominatim's featuretype values, as gazetteer kinds.
_FEATURETYPES: dict[str, tuple[str, ...]] = {
    "country": (Kind.COUNTRY,),
    "state": (Kind.ADMIN1,),
    "city": (Kind.CITY,),
    "settlement": (Kind.CITY, Kind.DISTRICT, Kind.ADMIN2, Kind.ADMIN1, Kind.COUNTRY),
}
# Nominatim's structured-query fields, most specific first.
_STRUCTURED = ("amenity", "street", "city", "county", "state", "country", "postalcode")


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

    The keywords of geopy's ``Nominatim`` are accepted, so code written for
    it runs unchanged: ``country_codes``, ``featuretype`` ("country",
    "state", "city", "settlement"), ``limit``, ``viewbox`` with ``bounded``,
    ``addressdetails`` (``raw["address"]`` with city, state, country and
    country_code), structured queries (a dict with city, county, state,
    country ...), and ``reverse(..., zoom=)`` (3-4 a country, 5-9 a state,
    10-13 a town, 14 and above the most specific place). ``language`` and
    ``namedetails`` are accepted and recorded in ``raw``; the installed data
    has no per-language names, so names are the gazetteer's own. Transport
    arguments (``timeout``) and ``geometry`` and ``extratags`` are ignored,
    as geopy documents for services that do not support them.

    Parameters
    ----------
    gazetteer
        A :class:`~geomap.Gazetteer`; the shared default when omitted.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("user_agent", "geomap-local")
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()
        self._countries: dict[str, str] | None = None

    def geocode(
        self,
        query: str | dict[str, str],
        *,
        exactly_one: bool = True,
        timeout: Any = None,
        limit: int | None = None,
        addressdetails: bool = False,
        language: str | bool = False,
        geometry: str | None = None,
        extratags: bool = False,
        country_codes: str | Iterable[str] | None = None,
        viewbox: Any = None,
        bounded: bool = False,
        featuretype: str | None = None,
        namedetails: bool = False,
        kind: str | Iterable[str] | None = None,
    ) -> Location | list[Location] | None:
        """Resolve a place name ("Basra", "Vienna, Virginia") or a structured
        query ({"city": "Vienna", "state": "Virginia"}).

        Junk and unknown names give None (see
        :func:`~geomap.gazetteer.geocoding.geocode_candidates`); ``raw``
        carries ``match`` ("exact" or "fuzzy") and ``match_score``.
        """
        del timeout, geometry, extratags
        text: Any = query
        if isinstance(query, dict):
            text, countries = _structured(query)
            country_codes = country_codes or countries
        if not isinstance(text, str):
            # pandas hands NaN for empty cells; geopy services answer None.
            return None if exactly_one else []
        kinds = _kinds(featuretype, kind)
        codes = resolve_countries(self.gazetteer, country_codes) if country_codes else None
        found = geocode_candidates(self.gazetteer, text, country=codes, kind=kinds)
        if viewbox is not None and bounded:
            found = [c for c in found if _inside(c.place, viewbox)]
        extra: dict[str, Any] = {}
        if language:
            extra["language"] = language
        if namedetails:
            extra["namedetails"] = {"name": None}
        locations = [
            self._location(c, addressdetails, extra)
            for c in found[: (1 if exactly_one else (limit or 10))]
        ]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def _location(self, cand: Candidate, details: bool, extra: dict[str, Any]) -> Location:
        raw = dict(extra, match=cand.status, match_score=cand.similarity)
        if "namedetails" in raw:
            raw["namedetails"] = {"name": cand.place.name, "matched": cand.match.name}
        if details:
            raw["address"] = self._address(cand.place)
        return _location(cand.place, raw)

    def _address(self, place: Place) -> dict[str, Any]:
        """Nominatim's ``address`` block, from the place's own fields."""
        address: dict[str, Any] = {}
        if place.kind in (Kind.CITY, Kind.DISTRICT, Kind.LANDMARK, Kind.CUSTOM):
            address["city"] = place.name
        if place.admin1 and place.kind != Kind.COUNTRY:
            address["state"] = place.admin1
        if place.country_code:
            if self._countries is None:
                self._countries = {
                    p.country_code: p.name
                    for p in self.gazetteer.places(Kind.COUNTRY)
                    if p.country_code
                }
            if place.country_code in self._countries:
                address["country"] = self._countries[place.country_code]
            address["country_code"] = place.country_code.lower()
        return address

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = None,
        language: str | bool = False,
        addressdetails: bool = True,
        zoom: int | None = None,
        namedetails: bool = False,
    ) -> Location | list[Location] | None:
        """The most specific place at a point, with its containing regions.

        ``raw`` holds the reverse record (district, admin1, country, nearest
        place and its distance) merged into the answer's record. ``zoom``
        chooses the level of the answer as Nominatim's does: 3-4 the
        country, 5-9 the admin-1 region, 10-13 the nearest town, 14 and
        above the most specific place.
        """
        del timeout, namedetails
        lat, lon = parse_point(query)
        result = self.gazetteer.reverse(lat, lon)
        if zoom is None or zoom >= 14:
            best = result.best
        elif zoom >= 10:
            best = result.nearest or result.admin1 or result.country
        elif zoom >= 5:
            best = result.admin1 or result.country
        else:
            best = result.country
        if best is None:
            return None if exactly_one else []
        extra: dict[str, Any] = {"reverse": result.to_dict()}
        if language:
            extra["language"] = language
        if addressdetails:
            extra["address"] = self._address(best)
        location = _location(best, extra)
        return location if exactly_one else [location]


def _structured(query: dict[str, str]) -> tuple[str | None, list[str] | None]:
    """A Nominatim structured query as "name, qualifier, ..." and countries."""
    unknown = set(query) - set(_STRUCTURED)
    if unknown:
        raise InputError(
            f"unknown structured-query field(s) {sorted(unknown)}: use {', '.join(_STRUCTURED)}"
        )
    parts = [str(query[k]).strip() for k in ("city", "county", "state") if query.get(k)]
    country = str(query.get("country") or "").strip()
    if not parts:
        return (country or None), None  # {"country": "Iraq"}: the country itself
    return ", ".join(parts), ([country] if country else None)


def _kinds(featuretype: str | None, kind: str | Iterable[str] | None) -> list[str] | None:
    kinds = [kind] if isinstance(kind, str) else list(kind or [])
    if featuretype:
        if featuretype not in _FEATURETYPES:
            raise InputError(
                f"unknown featuretype {featuretype!r}: use one of {', '.join(_FEATURETYPES)}"
            )
        kinds += list(_FEATURETYPES[featuretype])
    return kinds or None


def _inside(place: Place, viewbox: Any) -> bool:
    """Is the place inside geopy's viewbox ([Point, Point] or [(lat, lon), ...])?"""
    (lat1, lon1), (lat2, lon2) = (parse_point(corner) for corner in viewbox)
    return min(lat1, lat2) <= place.latitude <= max(lat1, lat2) and min(
        lon1, lon2
    ) <= place.longitude <= max(lon1, lon2)
