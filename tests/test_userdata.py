"""Users' own places: GeoJSON, CSV and GeoPackage files added to a gazetteer copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner
from shapely.geometry import Point, Polygon, box, mapping

from geomap.cli import main
from geomap.errors import GazetteerError, GazetteerMissingError, InputError
from geomap.gazetteer.store import Gazetteer
from geomap.gazetteer.userdata import add_places
from geomap.models import Kind

# A site near Baghdad airport, as a user might draw it.
CAMP = box(44.22, 33.27, 44.27, 33.31)


def feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def write_geojson(path: Path, *features: dict[str, Any]) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8"
    )
    return path


def point(longitude: float, latitude: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [longitude, latitude]}


def snapshot(path: Path) -> tuple[int, int, int]:
    """Counts of places, names and areas: unchanged means nothing was written."""
    with Gazetteer(path) as gaz:
        info = gaz.info()
    return info["places"], info["names"], pyogrio.read_info(path, layer="areas")["features"]


@pytest.fixture
def sites_geojson(tmp_path: Path) -> Path:
    return write_geojson(
        tmp_path / "sites.geojson",
        feature(
            mapping(CAMP),
            id="camp-victory",
            name="Camp Victory",
            country_code="IQ",
            aliases="Victory Base Complex|VBC Camp",
        ),
        # "Rashid" is also Rosetta's Arabic name in the default gazetteer.
        feature(point(44.36, 33.28), id="rashid-checkpoint", name="Rashid", country_code="iq"),
    )


def test_add_geojson(gazetteer_copy: Gazetteer, sites_geojson: Path) -> None:
    before = len(gazetteer_copy)
    assert add_places(gazetteer_copy.path, sites_geojson) == 2
    with Gazetteer(gazetteer_copy.path) as gaz:
        assert len(gaz) == before + 2
        camp = gaz.lookup("Camp Victory")[0]
        assert camp.id == "user:camp-victory"
        assert camp.kind == Kind.CUSTOM
        assert camp.country_code == "IQ"
        assert camp.area is not None and camp.area.equals(CAMP)
        assert CAMP.contains(camp.point)
        assert gaz.lookup("Victory Base Complex")[0].id == camp.id
        rashid = gaz.lookup("Rashid")[0]  # ranks above the default "Rashid"
        assert rashid.id == "user:rashid-checkpoint"
        assert (rashid.latitude, rashid.longitude) == (33.28, 44.36)
        assert rashid.country_code == "IQ"
        assert rashid.area is None


def test_a_polygon_site_answers_reverse_geocoding(
    gazetteer_copy: Gazetteer, sites_geojson: Path
) -> None:
    add_places(gazetteer_copy.path, sites_geojson)
    with Gazetteer(gazetteer_copy.path) as gaz:
        inside = gaz.reverse(33.29, 44.245)
        assert inside.district is not None and inside.district.id == "user:camp-victory"
        outside = gaz.reverse(33.35, 44.245)
        assert outside.district is None or outside.district.id != "user:camp-victory"


def test_add_csv(gazetteer_copy: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_text(
        "name,latitude,longitude,country_code,aliases\n"
        "Checkpoint Alpha,33.3121,44.3611,IQ,CP Alpha|Alpha Gate\n"
        "Victory,33.25,44.24,IQ,\n",
        encoding="utf-8",
    )
    before = len(gazetteer_copy)
    assert add_places(gazetteer_copy.path, path) == 2
    with Gazetteer(gazetteer_copy.path) as gaz:
        assert len(gaz) == before + 2
        alpha = gaz.lookup("Checkpoint Alpha")[0]
        assert alpha.id.startswith("user:")
        assert (alpha.latitude, alpha.longitude) == (33.3121, 44.3611)
        assert gaz.lookup("CP Alpha")[0].id == alpha.id
        assert gaz.lookup("Alpha Gate")[0].id == alpha.id
        victory = gaz.lookup("Victory")[0]  # above Victory, New York
        assert victory.country_code == "IQ"
        assert victory.source.endswith("sites.csv")


def test_add_geopackage(gazetteer_copy: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "sites.gpkg"
    frame = gpd.GeoDataFrame(
        {
            "name": ["Forward Base Delta", "Delta Compound"],
            "country_code": ["IQ", "IQ"],
            "population": [1200, None],
        },
        geometry=[Point(44.40, 33.35), Polygon([(44.0, 33.0), (44.1, 33.0), (44.1, 33.1)])],
        crs="EPSG:4326",
    ).to_crs("EPSG:3857")  # the reader must reproject to degrees
    frame.to_file(path, layer="sites", driver="GPKG")
    assert add_places(gazetteer_copy.path, path) == 2
    with Gazetteer(gazetteer_copy.path) as gaz:
        delta = gaz.lookup("Forward Base Delta")[0]
        assert delta.latitude == pytest.approx(33.35, abs=1e-6)
        assert delta.longitude == pytest.approx(44.40, abs=1e-6)
        assert delta.population == 1200
        compound = gaz.lookup("Delta Compound")[0]
        assert compound.area is not None
        assert compound.area.bounds == pytest.approx((44.0, 33.0, 44.1, 33.1), abs=1e-6)


def test_override_a_default_place_by_id(gazetteer_copy: Gazetteer, tmp_path: Path) -> None:
    original = gazetteer_copy.get("gn:98182")
    assert original.name == "Baghdad"
    path = tmp_path / "baghdad.csv"
    path.write_text("id,name,latitude,longitude,country_code\ngn:98182,Baghdad,33.5,44.0,IQ\n")
    before = len(gazetteer_copy)
    assert add_places(gazetteer_copy.path, path) == 1
    with Gazetteer(gazetteer_copy.path) as gaz:
        assert len(gaz) == before  # replaced, not added
        first = gaz.lookup("Baghdad")[0]
        assert first.id == "gn:98182"
        assert (first.latitude, first.longitude) == (33.5, 44.0)
        assert (first.latitude, first.longitude) != (original.latitude, original.longitude)
        assert gaz.get("gn:98182").latitude == 33.5
        assert sum(1 for p in gaz.lookup("Baghdad", limit=None) if p.id == "gn:98182") == 1


BAD_FILES: dict[str, str] = {
    "no-name-column.csv": "title,latitude,longitude\nSite,33.3,44.4\n",
    "no-latitude-column.csv": "name,longitude\nSite,44.4\n",
    "empty-coordinates.csv": "name,latitude,longitude\nGood,33.3,44.4\nSite,,\n",
    "text-coordinates.csv": "name,latitude,longitude\nSite,north,44.4\n",
    "latitude-95.csv": "name,latitude,longitude\nGood,33.3,44.4\nSite,95,44.4\n",
    "longitude-200.csv": "name,latitude,longitude\nSite,33.3,200\n",
    "empty-name.csv": "name,latitude,longitude\n,33.3,44.4\n",
    "garbage.geojson": "this is not GeoJSON {",
    "garbage.gpkg": "SQLite format 3\x00 but not really",
    "unknown-format.txt": "name,latitude,longitude\nSite,33.3,44.4\n",
}


@pytest.fixture
def bad_geojson(tmp_path: Path) -> dict[str, Path]:
    return {
        "null-geometry.geojson": write_geojson(
            tmp_path / "null-geometry.geojson",
            feature(point(44.4, 33.3), name="Good"),
            feature(None, name="Site"),
        ),
        "point-beyond-the-pole.geojson": write_geojson(
            tmp_path / "point-beyond-the-pole.geojson", feature(point(44.4, 100.0), name="Site")
        ),
        "no-name.geojson": write_geojson(
            tmp_path / "no-name.geojson", feature(point(44.4, 33.3), title="Site")
        ),
    }


@pytest.mark.parametrize("filename", sorted(BAD_FILES))
def test_bad_files_raise_and_change_nothing(
    gazetteer_copy: Gazetteer, tmp_path: Path, filename: str
) -> None:
    path = tmp_path / filename
    path.write_text(BAD_FILES[filename], encoding="utf-8")
    before = snapshot(gazetteer_copy.path)
    with pytest.raises(InputError) as info:
        add_places(gazetteer_copy.path, path)
    assert filename in str(info.value)
    assert snapshot(gazetteer_copy.path) == before


@pytest.mark.parametrize(
    "filename", ["null-geometry.geojson", "point-beyond-the-pole.geojson", "no-name.geojson"]
)
def test_bad_geojson_raises_and_changes_nothing(
    gazetteer_copy: Gazetteer, bad_geojson: dict[str, Path], filename: str
) -> None:
    before = snapshot(gazetteer_copy.path)
    with pytest.raises(InputError) as info:
        add_places(gazetteer_copy.path, bad_geojson[filename])
    assert filename in str(info.value)
    assert snapshot(gazetteer_copy.path) == before


def test_polygon_beyond_the_pole_is_rejected(gazetteer_copy: Gazetteer, tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "polygon-beyond-the-pole.geojson",
        feature(mapping(box(44, 100, 45, 101)), name="Site"),
    )
    before = snapshot(gazetteer_copy.path)
    with pytest.raises(InputError):
        add_places(gazetteer_copy.path, path)
    assert snapshot(gazetteer_copy.path) == before


def test_missing_file_raises(gazetteer_copy: Gazetteer, tmp_path: Path) -> None:
    before = snapshot(gazetteer_copy.path)
    with pytest.raises(InputError, match="no such file"):
        add_places(gazetteer_copy.path, tmp_path / "absent.geojson")
    assert snapshot(gazetteer_copy.path) == before


def test_cli_gazetteer_add(gazetteer_copy: Gazetteer, sites_geojson: Path) -> None:
    result = CliRunner().invoke(
        main, ["gazetteer", "add", str(sites_geojson), "--gazetteer", str(gazetteer_copy.path)]
    )
    assert result.exit_code == 0, result.output
    assert "added 2 places" in result.stderr
    assert result.stdout == ""
    with Gazetteer(gazetteer_copy.path) as gaz:
        assert gaz.lookup("Camp Victory")[0].id == "user:camp-victory"


def test_cli_gazetteer_add_bad_file(gazetteer_copy: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,latitude,longitude\nSite,95,44\n", encoding="utf-8")
    before = snapshot(gazetteer_copy.path)
    result = CliRunner().invoke(
        main, ["gazetteer", "add", str(path), "--gazetteer", str(gazetteer_copy.path)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(gazetteer_copy.path) == before


def test_missing_gazetteer_is_not_created(sites_geojson: Path, tmp_path: Path) -> None:
    target = tmp_path / "typo.gpkg"
    with pytest.raises(GazetteerError) as info:
        add_places(target, sites_geojson)
    assert not target.exists()
    assert isinstance(info.value, GazetteerMissingError)
