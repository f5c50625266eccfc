"""The one atomic writer: an output appears whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geomap.errors import OutputError
from geomap.scale.files import atomic_output, atomic_write


def test_atomic_output_moves_a_finished_file_into_place(tmp_path: Path) -> None:
    dest = tmp_path / "points.gpkg"
    frame = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(44.4, 33.3)], crs=4326)
    with atomic_output(dest) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".gpkg" and not dest.exists()
        frame.to_file(tmp, driver="GPKG", layer="points")  # GDAL wants no file there yet
    assert gpd.read_file(dest)["name"].tolist() == ["a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["points.gpkg"]
    # Permissions of an ordinary new file, not the private ones of a temporary file.
    umask = os.umask(0)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_leaves_nothing_and_keeps_the_old_file(tmp_path: Path) -> None:
    dest = tmp_path / "out.csv"
    dest.write_text("old\n", encoding="utf-8")
    with pytest.raises(ValueError), atomic_output(dest) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise ValueError("the writer failed")
    assert dest.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_unwritable_folder_is_one_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="could not write"):
        atomic_write(tmp_path / "missing" / "x.csv", b"a")
    with pytest.raises(OutputError), atomic_output(tmp_path / "missing" / "x.csv"):
        pass
