"""Reverse geocoding: which district, admin-1 region and country contain a
point, and which populated place is nearest.

Built on shapely's STRtree and queried in bulk, so a million points cost a
few vectorised calls rather than a Python loop per point.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import shapely
from scipy.spatial import cKDTree
from shapely import STRtree

from ..models import Kind, Place

__all__ = ["ReverseIndex", "ReverseResult"]


class _Places(Protocol):
    """What the index reads from a :class:`~geomap.gazetteer.store.Gazetteer`
    (named by its methods, so that this module does not import the store,
    which imports it)."""

    def places_with_areas(self) -> Iterator[Place]: ...

    def get(self, place_id: str) -> Place: ...

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...


# Mean Earth radius (km), for the haversine distance to the nearest place.
EARTH_KM = 6371.0088
# Regions with a polygon whose name says they are water: the answer for a
# point at sea ("geomap reverse 26.5 52" is the Persian Gulf).
_SEA = re.compile(r"\b(?:sea|ocean|gulf|bay|strait|channel)\b", re.IGNORECASE)
# Kinds that count as a "district" answer: parts of a city, user sites.
_DISTRICT_KINDS = (Kind.DISTRICT, Kind.LANDMARK, Kind.CUSTOM)


@dataclass(frozen=True, slots=True)
class ReverseResult:
    """What contains a point, and the nearest populated place."""

    latitude: float
    longitude: float
    district: Place | None
    admin1: Place | None
    country: Place | None
    nearest: Place | None
    nearest_km: float | None
    sea: Place | None = None  # the sea or gulf around a point in no country

    @property
    def best(self) -> Place | None:
        """The most specific place: district, else the sea around a point in
        no country, else nearest town, else region."""
        return self.district or self.sea or self.nearest or self.admin1 or self.country

    def to_dict(self) -> dict[str, Any]:
        def name(p: Place | None) -> str | None:
            return p.name if p else None

        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "district": name(self.district),
            "district_id": self.district.id if self.district else None,
            # The region's GeoNames admin-1, as geocode gives for a town in
            # it ("England" for Westminster); admin1_id is the polygon's.
            "admin1": (self.admin1.admin1 or self.admin1.name) if self.admin1 else None,
            "admin1_id": self.admin1.id if self.admin1 else None,
            "country": name(self.country),
            "country_code": self.country.country_code if self.country else None,
            "nearest": name(self.nearest),
            "nearest_id": self.nearest.id if self.nearest else None,
            "nearest_km": None if self.nearest_km is None else round(self.nearest_km, 3),
            "sea": name(self.sea),
            "sea_id": self.sea.id if self.sea else None,
        }


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere: chord distances between them order like
    great-circle distances, so a k-d tree over them finds nearest points."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in km; works on scalars and numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


class ReverseIndex:
    """Spatial indexes over a gazetteer's polygons and populated places."""

    def __init__(self, gazetteer: _Places) -> None:
        self._gaz = gazetteer
        self.layers: dict[str, tuple[STRtree, list[Place], np.ndarray]] = {}
        groups: dict[str, list[Place]] = {"district": [], "admin1": [], "country": [], "sea": []}
        for place in gazetteer.places_with_areas():
            if place.kind in _DISTRICT_KINDS:
                groups["district"].append(place)
            elif place.kind == Kind.ADMIN1:
                groups["admin1"].append(place)
            elif place.kind == Kind.COUNTRY:
                groups["country"].append(place)
            elif place.kind == Kind.REGION and _SEA.search(place.name):
                groups["sea"].append(place)
        for layer, places in groups.items():
            geoms = np.array([p.area for p in places], dtype=object)
            # Prepared polygons make the many point-in-polygon tests cheap.
            shapely.prepare(geoms)
            areas = shapely.area(geoms) if len(geoms) else np.zeros(0)
            self.layers[layer] = (STRtree(geoms), places, areas)
        rows = gazetteer._query(
            "SELECT id, latitude, longitude FROM places WHERE kind = ? ORDER BY id", (Kind.CITY,)
        )
        self._city_ids = [r[0] for r in rows]
        self._city_lat = np.array([r[1] for r in rows], dtype=float)
        self._city_lon = np.array([r[2] for r in rows], dtype=float)
        self._towns = cKDTree(unit_vectors(self._city_lat, self._city_lon))

    def _containing(self, layer: str, points: np.ndarray) -> list[Place | None]:
        """For each point, the smallest polygon of ``layer`` that covers it."""
        tree, places, areas = self.layers[layer]
        out: list[Place | None] = [None] * len(points)
        if not places:
            return out
        # Bounding boxes from the tree, then the exact test on the candidate
        # pairs against the prepared polygons: faster than the tree's own
        # predicate, which does not reuse the preparation.
        pt_idx, geom_idx = tree.query(points)
        hit = shapely.intersects(tree.geometries[geom_idx], points[pt_idx])
        pt_idx, geom_idx = pt_idx[hit], geom_idx[hit]
        # Smallest area wins: the Green Zone inside Baghdad, an enclave
        # inside its surrounding region. Sort by (point, area) and keep the
        # first hit per point.
        order = np.lexsort((areas[geom_idx], pt_idx))
        seen = np.zeros(len(points), dtype=bool)
        for i in order:
            p = pt_idx[i]
            if not seen[p]:
                seen[p] = True
                out[p] = places[geom_idx[i]]
        return out

    def reverse_many(self, latitudes: Any, longitudes: Any) -> list[ReverseResult]:
        """Reverse-geocode arrays of points in bulk."""
        lat = np.asarray(latitudes, dtype=float)
        lon = np.asarray(longitudes, dtype=float)
        points = np.asarray(shapely.points(lon, lat))
        district = self._containing("district", points)
        admin1 = self._containing("admin1", points)
        country = self._containing("country", points)
        sea = self._containing("sea", points)
        nearest_idx, near_km = self._nearest_towns(lat, lon)
        results = []
        # One query per distinct town, not per point.
        towns = (
            {int(i): self._gaz.get(self._city_ids[i]) for i in np.unique(nearest_idx)}
            if len(self._city_ids)
            else {}
        )
        for i in range(len(points)):
            nearest = towns.get(int(nearest_idx[i]))
            results.append(
                ReverseResult(
                    latitude=float(lat[i]),
                    longitude=float(lon[i]),
                    district=district[i],
                    admin1=admin1[i],
                    country=country[i],
                    nearest=nearest,
                    nearest_km=float(near_km[i]) if nearest else None,
                    sea=sea[i] if country[i] is None else None,
                )
            )
        return results

    def _nearest_towns(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index and great-circle distance of each point's nearest town.

        A k-d tree over unit vectors: the straight-line (chord) distance
        between two points of the sphere grows with their great-circle
        distance, so the nearest by chord is the nearest on the globe, with
        no special case at the poles or across the antimeridian (which a
        tree over raw degrees gets wrong).
        """
        _, idx = self._towns.query(unit_vectors(lat, lon))
        idx = np.asarray(idx, dtype=np.intp)
        return idx, haversine_km(lat, lon, self._city_lat[idx], self._city_lon[idx])

    def reverse(self, latitude: float, longitude: float) -> ReverseResult:
        return self.reverse_many([latitude], [longitude])[0]
