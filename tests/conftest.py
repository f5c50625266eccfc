"""Shared fixtures: the real default gazetteer (no mocks) and paths.

The default gazetteer is built on first use (about 25 s) and cached in
$GEOMAP_HOME or ~/.cache/geomap; later sessions open it in milliseconds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.errors import GeomapError
from geomap.events.extract import Extractor
from geomap.gazetteer.store import Gazetteer
from geomap.geocoder import LocalGeocoder
from geomap.geoparsing.parser import Geoparser
from geomap.resources import bundled_dir


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def extractor(gazetteer: Gazetteer) -> Extractor:
    """An extractor over the fast geoparser (rules alone), shared."""
    return Extractor(Geoparser(gazetteer, mode="fast"))


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The shared default gazetteer, read-only: never write to it."""
    return Gazetteer.default()


@pytest.fixture
def gazetteer_copy(gazetteer: Gazetteer, tmp_path: Path) -> Iterator[Gazetteer]:
    """A private copy of the default gazetteer, for tests that write to it."""
    path = tmp_path / "gazetteer.gpkg"
    shutil.copyfile(gazetteer.path, path)
    with Gazetteer(path) as copy:
        yield copy


@pytest.fixture(scope="session")
def shared_corpora(repo_root: Path) -> Path:
    path = (repo_root / ".." / "shared" / "corpora").resolve()
    if not path.is_dir():
        pytest.skip(f"the shared evaluation corpora are not at {path}")
    return path


@pytest.fixture(scope="session")
def handmade_layer() -> Path:
    """The reviewed hand-made layer (Green Zone, vague regions, spellings).

    Tests of what only that layer provides skip until it is written, rather
    than fail on data that does not exist yet.
    """
    path = bundled_dir("handmade") / "places.geojson"
    if not path.exists():
        pytest.skip(f"the hand-made layer {path} has not been written yet")
    return path


# Parsers and the geocoder over the default gazetteer, built once per session.
@pytest.fixture(scope="session")
def fast(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer, mode="fast")


@pytest.fixture(scope="session")
def ner(gazetteer: Gazetteer) -> Geoparser:
    try:
        return Geoparser(gazetteer, mode="ner")
    except GeomapError as exc:
        pytest.skip(f"mode 'ner' unavailable: {exc}")


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> LocalGeocoder:
    return LocalGeocoder(gazetteer)
