"""LocalGeocoder: a geopy Geocoder over the offline gazetteer."""

from __future__ import annotations

import math
import socket
import warnings
from typing import Any

import pandas as pd
import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point as GeopyPoint

from geomap.errors import InputError
from geomap.gazetteer.store import Gazetteer
from geomap.geocoder import LocalGeocoder


def test_is_a_geopy_geocoder(geocoder: LocalGeocoder) -> None:
    assert issubclass(LocalGeocoder, Geocoder)
    assert isinstance(geocoder, Geocoder)


def test_default_gazetteer_is_the_shared_one(gazetteer: Gazetteer) -> None:
    assert LocalGeocoder().gazetteer is gazetteer


def test_geocode_returns_a_location_with_the_full_record(
    geocoder: LocalGeocoder, gazetteer: Gazetteer
) -> None:
    place = gazetteer.lookup("Vienna, Virginia")[0]
    location = geocoder.geocode("Vienna, Virginia")
    assert isinstance(location, Location)
    assert location.raw == place.to_dict() | {"match": "exact", "match_score": 1.0}
    assert location.raw["country_code"] == "US"
    assert location.raw["admin1"] == "Virginia"
    assert (location.latitude, location.longitude) == (place.latitude, place.longitude)
    assert location.address == place.address
    assert "Vienna" in location.address


def test_geocode_country_codes_and_kind(geocoder: LocalGeocoder) -> None:
    location = geocoder.geocode("Vienna", country_codes="US")
    assert isinstance(location, Location)
    assert location.raw["country_code"] == "US"
    region = geocoder.geocode("Baghdad", kind="admin1")
    assert isinstance(region, Location)
    assert region.raw["kind"] == "admin1"


def test_geocode_accepts_geopy_timeout(geocoder: LocalGeocoder) -> None:
    location = geocoder.geocode("Kut", timeout=5)
    assert isinstance(location, Location)
    assert location.raw["country_code"] == "IQ"


def test_exactly_one_false_returns_a_list(geocoder: LocalGeocoder) -> None:
    locations = geocoder.geocode("Vienna", exactly_one=False)
    assert isinstance(locations, list)
    assert len(locations) > 1
    assert all(isinstance(loc, Location) for loc in locations)
    assert locations[0] == geocoder.geocode("Vienna")
    assert len({loc.raw["id"] for loc in locations}) == len(locations)


def test_unknown_name_gives_none(geocoder: LocalGeocoder) -> None:
    assert geocoder.geocode("Xqzzyplace") is None
    assert geocoder.geocode("Xqzzyplace", exactly_one=False) == []


def test_rate_limiter_and_pandas_apply(geocoder: LocalGeocoder) -> None:
    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0)
    names = pd.Series(["Baghdad", math.nan, "Vienna, Virginia", "Xqzzyplace"])
    locations = names.apply(geocode)
    assert len(locations) == 4
    assert isinstance(locations[0], Location)
    assert locations[0].raw["country_code"] == "IQ"
    assert locations[1] is None  # the empty cell
    assert isinstance(locations[2], Location)
    assert locations[2].raw["country_code"] == "US"
    assert locations[3] is None


def test_reverse_in_baghdad(geocoder: LocalGeocoder) -> None:
    location = geocoder.reverse("33.30, 44.39")
    assert isinstance(location, Location)
    assert location.raw["reverse"]["country"] == "Iraq"
    assert location.raw["reverse"]["country_code"] == "IQ"
    assert location.raw["reverse"]["admin1"] == "Baghdad"
    assert location.raw["country_code"] == "IQ"


@pytest.mark.usefixtures("handmade_layer")
def test_reverse_gives_the_green_zone(geocoder: LocalGeocoder, gazetteer: Gazetteer) -> None:
    green_zone = gazetteer.lookup("Green Zone")[0]
    location = geocoder.reverse("33.30, 44.39")
    assert isinstance(location, Location)
    assert location.raw["id"] == green_zone.id
    assert location.raw["kind"] == "district"
    assert location.raw["reverse"]["district"] == green_zone.name
    assert location.raw["reverse"]["country"] == "Iraq"


@pytest.mark.parametrize("query", [(33.30, 44.39), GeopyPoint(33.30, 44.39), "33.30 44.39"])
def test_reverse_accepts_what_geopy_accepts(geocoder: LocalGeocoder, query: Any) -> None:
    location = geocoder.reverse(query)
    assert isinstance(location, Location)
    assert location.raw["reverse"]["latitude"] == pytest.approx(33.30)
    assert location.raw["reverse"]["longitude"] == pytest.approx(44.39)


def test_reverse_exactly_one_false(geocoder: LocalGeocoder) -> None:
    locations = geocoder.reverse("33.30, 44.39", exactly_one=False)
    assert isinstance(locations, list)
    assert len(locations) == 1
    assert locations[0] == geocoder.reverse("33.30, 44.39")


@pytest.mark.parametrize(
    "query", ["abc", "95, 44", "", "33.3", "33.3, north", (math.nan, 44.0), (33.3,)]
)
def test_reverse_of_malformed_input_raises_input_error(geocoder: LocalGeocoder, query: Any) -> None:
    with pytest.raises(InputError) as info, warnings.catch_warnings():
        # geopy warns before refusing a latitude beyond a pole; the error is what counts.
        warnings.simplefilter("ignore", UserWarning)
        geocoder.reverse(query)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("query", [None, []])
def test_reverse_of_nothing_raises_input_error(geocoder: LocalGeocoder, query: Any) -> None:
    with pytest.raises(InputError):
        geocoder.reverse(query)


def test_no_network(geocoder: LocalGeocoder, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("geomap tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # The guard is in place: any connection attempt now fails.
    with pytest.raises(AssertionError, match="network"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)

    fresh = LocalGeocoder()
    location = fresh.geocode("Basrah")
    assert isinstance(location, Location)
    assert location.raw["country_code"] == "IQ"
    reverse = fresh.reverse("33.30, 44.39")
    assert isinstance(reverse, Location)
    assert reverse.raw["reverse"]["country"] == "Iraq"


# -- geopy's own keywords (issue 15, item 6) ------------------------------------


def test_nominatim_keywords_are_accepted(geocoder: LocalGeocoder) -> None:
    location = geocoder.geocode(
        "Basra", language="uk", addressdetails=True, namedetails=True, extratags=True
    )
    assert isinstance(location, Location)
    assert location.raw["address"] == {
        "city": "Basrah",
        "state": "Basra",
        "country": "Iraq",
        "country_code": "iq",
    }
    assert location.raw["language"] == "uk" and location.raw["namedetails"]["name"] == "Basrah"
    state = geocoder.geocode("Basra", featuretype="state")
    assert isinstance(state, Location) and state.raw["kind"] == "admin1"
    assert geocoder.geocode("London", country_codes=["ca"]).raw["country_code"] == "CA"
    with pytest.raises(InputError, match="unknown country 'ZZ'"):
        geocoder.geocode("London", country_codes="ZZ")
    with pytest.raises(InputError, match="featuretype"):
        geocoder.geocode("London", featuretype="village")


def test_viewbox_bounded(geocoder: LocalGeocoder) -> None:
    box = [(29.0, 43.0), (38.0, 49.0)]  # Iraq
    inside = geocoder.geocode("Alexandria", viewbox=box, bounded=True)
    assert inside is None or inside.raw["country_code"] == "IQ"
    assert geocoder.geocode("Alexandria", viewbox=box).raw["country_code"] == "EG"


def test_structured_queries(geocoder: LocalGeocoder) -> None:
    location = geocoder.geocode({"city": "Vienna", "state": "Virginia"})
    assert isinstance(location, Location) and location.raw["admin1"] == "Virginia"
    london = geocoder.geocode({"city": "London", "country": "Canada"})
    assert isinstance(london, Location) and london.raw["country_code"] == "CA"
    country = geocoder.geocode({"country": "Iraq"})
    assert isinstance(country, Location) and country.raw["kind"] == "country"
    with pytest.raises(InputError, match="structured-query"):
        geocoder.geocode({"town": "Kut"})


def test_reverse_zoom_picks_the_level(geocoder: LocalGeocoder) -> None:
    point = "33.30, 44.39"  # the Green Zone
    kinds = {z: geocoder.reverse(point, zoom=z).raw["kind"] for z in (3, 5, 10, 18)}
    assert kinds == {3: "country", 5: "admin1", 10: "city", 18: "district"}
    location = geocoder.reverse(point, language="uk", addressdetails=True, namedetails=True)
    assert location.raw["address"]["country"] == "Iraq"


def test_junk_is_none_through_geopy(geocoder: LocalGeocoder) -> None:
    for junk in ("xxxxxxxx", "X", "the city"):
        assert geocoder.geocode(junk) is None
    assert geocoder.geocode("the West Bank").raw["country_code"] == "PS"
