"""The default gazetteer as users meet it: lookup, reverse, tables, files."""

from __future__ import annotations

import math
import random
import re
import shutil
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
from geopy.distance import geodesic
from shapely.geometry import Point, shape

from geomap.errors import GazetteerError, GazetteerMissingError, InputError
from geomap.gazetteer.names import exact_key, loose_key
from geomap.gazetteer.reverse import haversine_km
from geomap.gazetteer.schema import NameFlag
from geomap.gazetteer.store import Gazetteer
from geomap.models import Kind, Place

GREEN_ZONE = (33.305, 44.385)  # (lat, lon) of Baghdad's International Zone
KINDS = {str(k) for k in Kind}


@pytest.fixture(scope="module")
def all_places(gazetteer: Gazetteer) -> list[Place]:
    return list(gazetteer.places())


@pytest.fixture(scope="module")
def basra_city(gazetteer: Gazetteer) -> Place:
    return gazetteer.lookup("Basrah", country="IQ", kind="city")[0]


# -- acceptance: lookup -------------------------------------------------------

BASRA_SPELLINGS = ["Basrah", "Al Basrah", "BASRA", "al-Basra"]


@pytest.mark.parametrize("spelling", BASRA_SPELLINGS)
def test_basra_spellings_give_basra_iraq_first(gazetteer: Gazetteer, spelling: str) -> None:
    first = gazetteer.lookup(spelling)[0]
    assert first.country_code == "IQ"
    assert loose_key(first.name) == "basra"


def test_basra_spellings_all_give_the_city(gazetteer: Gazetteer) -> None:
    firsts = {spelling: gazetteer.lookup(spelling)[0] for spelling in BASRA_SPELLINGS}
    assert {p.id for p in firsts.values()} == {firsts["Basrah"].id}
    assert firsts["al-Basra"].name == "Basrah"
    assert firsts["al-Basra"].kind == Kind.CITY


def test_vienna_is_vienna_austria(gazetteer: Gazetteer) -> None:
    first = gazetteer.lookup("Vienna")[0]
    assert first.country_code == "AT"
    assert first.name == "Vienna"


def test_vienna_virginia_is_in_the_united_states(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Vienna, Virginia")
    assert found, "the qualifier removed every candidate"
    assert found[0].country_code == "US"
    assert found[0].admin1 == "Virginia"
    assert all(p.admin1 == "Virginia" for p in found)


def test_a_qualifier_naming_nothing_leaves_no_candidates(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Vienna, Xqzzyland") == []


def test_kut_is_in_iraq(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Kut")[0].country_code == "IQ"


def test_nassiriya_is_nasiriyah_iraq(gazetteer: Gazetteer) -> None:
    first = gazetteer.lookup("Nassiriya")[0]
    assert first.name == "Nasiriyah"
    assert first.country_code == "IQ"


def test_country_filter(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Vienna", country="US", limit=None)
    assert len(found) >= 2
    assert {p.country_code for p in found} == {"US"}
    # Lower case and iterables are accepted too.
    assert gazetteer.lookup("Vienna", country=["us"], limit=None) == found


def test_kind_filter(gazetteer: Gazetteer) -> None:
    regions = gazetteer.lookup("Baghdad", kind="admin1")
    cities = gazetteer.lookup("Baghdad", kind=[Kind.CITY], country="IQ")
    assert regions and cities
    assert {p.kind for p in regions} == {"admin1"}
    assert {p.kind for p in cities} == {"city"}
    assert regions[0].country_code == cities[0].country_code == "IQ"
    assert regions[0].id != cities[0].id


def test_limit(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.lookup("Vienna", limit=2)) == 2
    assert len(gazetteer.lookup("Vienna", limit=None)) > 2


@pytest.mark.parametrize("name", ["", "   ", "---", "Xqzzyplace"])
def test_unknown_or_empty_names_give_nothing(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) == []
    assert name not in gazetteer


def test_contains(gazetteer: Gazetteer) -> None:
    assert "al-Basra" in gazetteer
    assert 42 not in gazetteer


def test_alternate_names_resolve(gazetteer: Gazetteer) -> None:
    match = gazetteer.matches("Bagdad")[0]
    assert match.place.id == "gn:98182"  # GeoNames' id for the city of Baghdad
    assert match.flag == NameFlag.ALTERNATE
    assert match.exact
    assert exact_key(match.name) == "bagdad"


# -- coverage -----------------------------------------------------------------


def test_countries_have_polygons(gazetteer: Gazetteer) -> None:
    countries = list(gazetteer.places(Kind.COUNTRY))
    assert len(countries) >= 230
    assert all(p.area is not None for p in countries)
    codes = [p.country_code for p in countries]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", c or "") for c in codes)
    # The representative point lies on the country's own polygon.
    assert all(p.area is not None and p.area.intersects(p.point) for p in countries)


def test_admin1_regions_worldwide_have_polygons(gazetteer: Gazetteer) -> None:
    regions = list(gazetteer.places(Kind.ADMIN1))
    assert len(regions) >= 3000
    assert all(p.area is not None for p in regions)
    assert len({p.country_code for p in regions}) >= 200
    assert all(p.area is not None and p.area.intersects(p.point) for p in regions)


def test_admin1_points_follow_geonames_where_shipped(gazetteer: Gazetteer) -> None:
    # GeoNames' own point for each Australian state (from its dump), inside
    # the state; elsewhere the centroid of the polygon's largest part.
    import csv

    path = Path(__file__).resolve().parents[1] / "gazetteer" / "data" / "admin1_points.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 8 and {r["country_code"] for r in rows} == {"AU"}
    for row in rows:
        place = gazetteer.get(f"gn:{row['geonameid']}")
        point = (float(row["latitude"]), float(row["longitude"]))
        assert (place.latitude, place.longitude) == point
        assert place.area is not None and place.area.covers(place.point)
    queensland = gazetteer.get("gn:2152274")
    assert (queensland.name, queensland.latitude, queensland.longitude) == ("Queensland", -20, 145)
    alberta = gazetteer.get("gn:5883102")  # no shipped point: inside its polygon
    assert alberta.area is not None and alberta.area.covers(alberta.point)


def test_all_iraqi_governorates_are_admin1(gazetteer: Gazetteer) -> None:
    iraqi = [p for p in gazetteer.places(Kind.ADMIN1) if p.country_code == "IQ"]
    assert len(iraqi) >= 18
    iraq = gazetteer.get("gn:99237")  # GeoNames' id for Iraq
    assert iraq.area is not None
    assert all(iraq.area.intersects(p.point) for p in iraqi)


@pytest.mark.parametrize(
    "name", ["Baghdad", "Basra", "Nineveh", "Dhi Qar", "Anbar", "Erbil", "Kirkuk"]
)
def test_iraqi_governorate_by_name(gazetteer: Gazetteer, name: str) -> None:
    found = gazetteer.lookup(name, country="IQ", kind="admin1")
    assert found, f"no Iraqi governorate called {name!r}"
    assert found[0].area is not None


def test_governorate_names_are_distinct_places(gazetteer: Gazetteer) -> None:
    names = ["Baghdad", "Basra", "Nineveh", "Dhi Qar", "Anbar", "Erbil", "Kirkuk"]
    ids = {gazetteer.lookup(n, country="IQ", kind="admin1")[0].id for n in names}
    assert len(ids) == len(names)


def test_populated_places(gazetteer: Gazetteer, all_places: list[Place]) -> None:
    cities = [p for p in all_places if p.kind == Kind.CITY]
    assert len(cities) >= 200_000
    assert gazetteer.info()["kinds"]["city"] == len(cities)
    with_population = [p for p in cities if p.population]
    assert len(with_population) >= len(cities) // 2
    assert all(p.population is not None and p.population > 0 for p in with_population)


# -- every place --------------------------------------------------------------


def test_every_place_is_well_formed(all_places: list[Place]) -> None:
    assert len(all_places) >= 250_000
    for p in all_places:
        assert p.id and p.name and p.kind in KINDS, p
        assert -90 <= p.latitude <= 90 and -180 <= p.longitude <= 180, p
        assert not (math.isnan(p.latitude) or math.isnan(p.longitude)), p


def test_ids_are_unique_and_follow_the_scheme(all_places: list[Place]) -> None:
    ids = [p.id for p in all_places]
    assert len(set(ids)) == len(ids)
    scheme = r"(gn|ne|iata|geomap|kenya-data|psgc|indiapost|user):\S+"
    assert all(re.fullmatch(scheme, i) for i in ids)


def test_ids_round_trip_through_get(gazetteer: Gazetteer, all_places: list[Place]) -> None:
    for place in random.Random(0).sample(all_places, 2000):
        again = gazetteer.get(place.id)
        assert again == place
        assert again.id == place.id


def test_places_are_found_by_their_own_name(gazetteer: Gazetteer, all_places: list[Place]) -> None:
    plain = [p for p in all_places if "," not in p.name]
    for place in random.Random(0).sample(plain, 2000):
        assert place in gazetteer.lookup(place.name, limit=None), place


def test_places_with_a_comma_are_found_by_their_own_name(
    gazetteer: Gazetteer, all_places: list[Place]
) -> None:
    with_comma = [p for p in all_places if "," in p.name]
    assert with_comma
    missing = [p.name for p in with_comma if p not in gazetteer.lookup(p.name, limit=None)]
    assert missing == []


def test_geonames_ids_are_the_geonames_ids(gazetteer: Gazetteer) -> None:
    assert gazetteer.get("gn:98182").name == "Baghdad"
    assert gazetteer.get("gn:99237").name == "Iraq"


def test_unknown_id_raises_key_error(gazetteer: Gazetteer) -> None:
    with pytest.raises(KeyError):
        gazetteer.get("gn:0")


# -- hand-made layer ----------------------------------------------------------


@pytest.mark.usefixtures("handmade_layer")
def test_green_zone(gazetteer: Gazetteer) -> None:
    first = gazetteer.lookup("Green Zone")[0]
    assert first.kind == Kind.DISTRICT
    assert first.country_code == "IQ"
    assert geodesic((first.latitude, first.longitude), GREEN_ZONE).km < 2
    assert first.area is not None
    assert first.area.contains(Point(44.39, 33.30))


@pytest.mark.usefixtures("handmade_layer")
def test_southern_provinces_cover_basra(gazetteer: Gazetteer, basra_city: Place) -> None:
    first = gazetteer.lookup("southern provinces")[0]
    assert first.kind == Kind.REGION
    assert first.country_code == "IQ"
    assert first.area is not None
    assert first.area.covers(basra_city.point)


@pytest.mark.usefixtures("handmade_layer")
def test_kurdistan_is_in_iraq(gazetteer: Gazetteer) -> None:
    first = gazetteer.lookup("Kurdistan")[0]
    assert first.country_code == "IQ"
    assert first.kind in (Kind.REGION, Kind.ADMIN1)


# -- reverse ------------------------------------------------------------------


def test_reverse_in_baghdad(gazetteer: Gazetteer) -> None:
    result = gazetteer.reverse(33.30, 44.39)
    assert result.admin1 is not None and result.admin1.name == "Baghdad"
    assert result.admin1.kind == Kind.ADMIN1
    assert result.country is not None and result.country.name == "Iraq"
    assert result.nearest is not None and result.nearest.name == "Baghdad"
    assert result.nearest.country_code == "IQ"
    # The distance reported is the great-circle distance to that town.
    expected = geodesic((33.30, 44.39), (result.nearest.latitude, result.nearest.longitude)).km
    assert result.nearest_km == pytest.approx(expected, rel=0.01)


@pytest.mark.usefixtures("handmade_layer")
def test_reverse_names_the_green_zone(gazetteer: Gazetteer) -> None:
    result = gazetteer.reverse(33.30, 44.39)
    green_zone = gazetteer.lookup("Green Zone")[0]
    assert result.district == green_zone
    assert result.best == green_zone
    assert result.to_dict()["district"] == green_zone.name


def test_reverse_in_the_ocean_has_no_country(gazetteer: Gazetteer) -> None:
    result = gazetteer.reverse(-40.0, -130.0)  # South Pacific
    assert result.country is None
    assert result.admin1 is None
    assert result.district is None
    assert result.nearest is not None
    assert result.nearest_km is not None and result.nearest_km > 500
    assert result.to_dict()["country"] is None


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91, 0), (-90.5, 0), (0, 180.5), (0, -181), (math.nan, 0), (0, math.inf)],
)
def test_reverse_out_of_range_raises(
    gazetteer: Gazetteer, latitude: float, longitude: float
) -> None:
    with pytest.raises(InputError, match="out of range"):
        gazetteer.reverse(latitude, longitude)


def test_reverse_nearest_is_the_nearest_by_great_circle(gazetteer: Gazetteer) -> None:
    cities = list(gazetteer.places(Kind.CITY))
    lat = np.array([p.latitude for p in cities])
    lon = np.array([p.longitude for p in cities])
    rng = random.Random(0)
    # Fiji straddles the antimeridian; Svalbard and Alaska test shrunken
    # longitude degrees; the rest are random, many of them at sea.
    points = [(-16.8, -179.99), (-16.8, 179.99), (78.2, 15.6), (51.0, 179.5), (64.8, -147.7)]
    points += [(rng.uniform(-55, 70), rng.uniform(-180, 180)) for _ in range(200)]
    for point in points:
        result = gazetteer.reverse(*point)
        assert result.nearest is not None and result.nearest_km is not None
        true_km = float(haversine_km(point[0], point[1], lat, lon).min())
        own_km = float(
            haversine_km(point[0], point[1], result.nearest.latitude, result.nearest.longitude)
        )
        assert result.nearest_km == pytest.approx(own_km, abs=0.01), point
        if true_km <= 1500:
            assert result.nearest_km == pytest.approx(true_km, abs=0.01), point
        else:  # documented: far out at sea the answer is an upper bound
            assert result.nearest_km >= true_km - 0.01, point


def test_reverse_many_agrees_with_reverse(gazetteer: Gazetteer) -> None:
    points = [(33.30, 44.39), (48.21, 16.37), (-40.0, -130.0)]
    bulk = gazetteer.reverse_index.reverse_many([p[0] for p in points], [p[1] for p in points])
    assert bulk == [gazetteer.reverse(*p) for p in points]
    assert bulk[1].country is not None and bulk[1].country.country_code == "AT"


# -- tables and files ---------------------------------------------------------


def test_to_geodataframe(gazetteer: Gazetteer) -> None:
    countries = list(gazetteer.places(Kind.COUNTRY))
    gdf = gazetteer.to_geodataframe(Kind.COUNTRY)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert list(gdf.columns) == [*countries[0].to_dict(), "geometry"]
    assert len(gdf) == len(countries)
    assert set(gdf.geom_type) == {"Point"}
    iraq = gdf[gdf["id"] == "gn:99237"].iloc[0]
    assert iraq["name"] == "Iraq"
    assert (iraq.geometry.x, iraq.geometry.y) == (iraq["longitude"], iraq["latitude"])


def test_to_geodataframe_areas(gazetteer: Gazetteer) -> None:
    gdf = gazetteer.to_geodataframe(Kind.COUNTRY, areas=True)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert len(gdf) >= 230


def test_geopackage_opens_in_gis_tools(gazetteer: Gazetteer) -> None:
    layers = {name: gtype for name, gtype in pyogrio.list_layers(gazetteer.path)}
    assert layers.get("places") == "Point"
    assert layers.get("areas") == "MultiPolygon"
    info = pyogrio.read_info(gazetteer.path, layer="places")
    assert info["crs"] == "EPSG:4326"
    assert info["features"] == len(gazetteer)


def test_geopackage_geometries_match_the_attributes(gazetteer: Gazetteer) -> None:
    points = gpd.read_file(gazetteer.path, layer="places", where="country_code = 'IQ'")
    assert points.crs is not None and points.crs.to_epsg() == 4326
    assert len(points) > 100
    assert (points.geometry.x == points["longitude"]).all()
    assert (points.geometry.y == points["latitude"]).all()
    areas = gpd.read_file(gazetteer.path, layer="areas", where="country_code = 'IQ'")
    iraq = areas[areas["id"] == "gn:99237"]
    assert len(iraq) == 1
    assert iraq.geometry.iloc[0].contains(Point(44.39, 33.30))


def test_place_geo_interface(gazetteer: Gazetteer) -> None:
    iraq = gazetteer.get("gn:99237")
    baghdad = gazetteer.get("gn:98182")
    assert iraq.area is not None
    assert shape(iraq).equals(iraq.area)
    assert shape(baghdad).equals(Point(baghdad.longitude, baghdad.latitude))
    gdf = gpd.GeoDataFrame.from_features([iraq, baghdad], crs="EPSG:4326")
    assert list(gdf["id"]) == ["gn:99237", "gn:98182"]
    assert list(gdf["name"]) == ["Iraq", "Baghdad"]
    assert list(gdf.geom_type) == ["MultiPolygon", "Point"]


# -- bad files ----------------------------------------------------------------


def _assert_rebuild_hint(error: GazetteerError, path: Path) -> None:
    message = str(error)
    assert str(path) in message
    assert "geomap gazetteer build" in message


def test_random_bytes_raise_gazetteer_error(tmp_path: Path) -> None:
    path = tmp_path / "random.gpkg"
    path.write_bytes(random.Random(0).randbytes(1 << 20))
    with pytest.raises(GazetteerError) as info:
        Gazetteer(path)
    _assert_rebuild_hint(info.value, path)


def test_overwritten_copy_raises_gazetteer_error(gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "damaged.gpkg"
    shutil.copyfile(gazetteer.path, path)
    with open(path, "r+b") as fh:  # clobber the SQLite header page
        fh.write(random.Random(1).randbytes(4096))
    with pytest.raises(GazetteerError) as info:
        Gazetteer(path)
    _assert_rebuild_hint(info.value, path)


def test_truncated_copy_raises_gazetteer_error(gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "truncated.gpkg"
    with open(gazetteer.path, "rb") as fh:
        path.write_bytes(fh.read(1 << 20))
    # Opening may succeed if the metadata sits in the first megabyte; using
    # the file must not.
    with pytest.raises(GazetteerError) as info, Gazetteer(path) as truncated:
        truncated.lookup("Baghdad")
    _assert_rebuild_hint(info.value, path)


def test_sqlite_file_that_is_not_a_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "other.gpkg"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(GazetteerError) as info:
        Gazetteer(path)
    _assert_rebuild_hint(info.value, path)


def test_missing_path_raises_gazetteer_missing_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.gpkg"
    with pytest.raises(GazetteerMissingError) as info:
        Gazetteer(path)
    assert isinstance(info.value, FileNotFoundError)
    assert str(path) in str(info.value)
    assert "geomap gazetteer build" in str(info.value)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Heathrow Airport", "GB"),
        ("Pearson International Airport", "CA"),
        ("Aden airport", "YE"),
        ("Damascus International Airport", "SY"),
        ("Mogadishu airport", "SO"),
    ],
)
def test_airports_by_the_names_news_uses(gazetteer: Gazetteer, name: str, country: str) -> None:
    (best, *_) = gazetteer.lookup(name)
    assert best.kind == "landmark" and best.country_code == country
    assert best.precision == 1


def test_curated_airports_are_not_duplicated(gazetteer: Gazetteer) -> None:
    # The hand-made layer's Kabul airport wins; no second record beside it.
    found = gazetteer.lookup("Kabul airport")
    assert found[0].id == "geomap:kabul-airport"
    assert not any(p.id.startswith("iata:") and p.country_code == "AF" for p in found)
    # An airport's bare distinctive word is one more reading of a name some
    # place already has ("Heathrow" is also a town in Florida), never a new
    # name to find in text ("O'Hare" names no place, so it stays unknown).
    heathrow = gazetteer.lookup("Heathrow")
    assert {p.id for p in heathrow} >= {"iata:LHR"}
    assert any(p.kind == "city" and p.country_code == "US" for p in heathrow)
    assert not any(p.id.startswith("iata:") for p in gazetteer.lookup("O'Hare"))
    # A city-less remainder is no airport's name.
    assert not any(p.id.startswith("iata:") for p in gazetteer.lookup("International Airport"))


def test_reviewed_names_outrank_other_places_variants(gazetteer: Gazetteer) -> None:
    # GeoNames lists "White House" among Casablanca's variants; the reviewed
    # landmark comes first, and Casablanca stays a candidate.
    found = gazetteer.lookup("White House")
    assert (found[0].kind, found[0].country_code) == ("landmark", "US")
    assert any(p.name == "Casablanca" for p in found)


@pytest.mark.parametrize(("demonym", "continent"), [("European", "Europe"), ("Asians", "Asia")])
def test_continent_demonyms(gazetteer: Gazetteer, demonym: str, continent: str) -> None:
    (best, *_) = gazetteer.matches(demonym, demonyms=True)
    assert best.demonym and best.place.name == continent and best.place.kind == "region"


def test_a_dotted_abbreviation_prefers_names_with_their_stop(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Man.")[0].name == "Manitoba"
    assert gazetteer.lookup("Man")[0].name == "Isle of Man"
    assert gazetteer.lookup("Qld")[0].name == "Queensland"
