"""Reverse geocoding: which district, admin-1 region and country contain a
point, and which populated place is nearest.

Built on shapely's STRtree and queried in bulk, so a million points cost a
few vectorised calls rather than a Python loop per point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely import STRtree

from .models import Kind, Place

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

__all__ = ["ReverseIndex", "ReverseResult"]

# Mean Earth radius (km), for the haversine distance to the nearest place.
_EARTH_KM = 6371.0088
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

    @property
    def best(self) -> Place | None:
        """The most specific place: district, else nearest town, else region."""
        return self.district or self.nearest or self.admin1 or self.country

    def to_dict(self) -> dict[str, Any]:
        def name(p: Place | None) -> str | None:
            return p.name if p else None

        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "district": name(self.district),
            "district_id": self.district.id if self.district else None,
            "admin1": name(self.admin1),
            "admin1_id": self.admin1.id if self.admin1 else None,
            "country": name(self.country),
            "country_code": self.country.country_code if self.country else None,
            "nearest": name(self.nearest),
            "nearest_id": self.nearest.id if self.nearest else None,
            "nearest_km": None if self.nearest_km is None else round(self.nearest_km, 3),
        }


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in km; works on scalars and numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


class ReverseIndex:
    """Spatial indexes over a gazetteer's polygons and populated places."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        self.layers: dict[str, tuple[STRtree, list[Place], np.ndarray]] = {}
        groups: dict[str, list[Place]] = {"district": [], "admin1": [], "country": []}
        for place in gazetteer.places():
            if place.area is None:
                continue
            if place.kind in _DISTRICT_KINDS:
                groups["district"].append(place)
            elif place.kind == Kind.ADMIN1:
                groups["admin1"].append(place)
            elif place.kind == Kind.COUNTRY:
                groups["country"].append(place)
        for layer, places in groups.items():
            geoms = [p.area for p in places]
            areas = shapely.area(np.array(geoms, dtype=object)) if geoms else np.zeros(0)
            self.layers[layer] = (STRtree(np.array(geoms, dtype=object)), places, areas)
        rows = gazetteer._query(
            "SELECT id, latitude, longitude FROM places WHERE kind = ? ORDER BY id", (Kind.CITY,)
        )
        self._city_ids = [r[0] for r in rows]
        self._city_lat = np.array([r[1] for r in rows], dtype=float)
        self._city_lon = np.array([r[2] for r in rows], dtype=float)
        self._cities = STRtree(np.asarray(shapely.points(self._city_lon, self._city_lat)))

    def _containing(self, layer: str, points: np.ndarray) -> list[Place | None]:
        """For each point, the smallest polygon of ``layer`` that covers it."""
        tree, places, areas = self.layers[layer]
        out: list[Place | None] = [None] * len(points)
        if not places:
            return out
        pt_idx, geom_idx = tree.query(points, predicate="intersects")
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
        nearest_idx, near_km = self._nearest_towns(lat, lon, points)
        results = []
        for i in range(len(points)):
            nearest = self._gaz.get(self._city_ids[nearest_idx[i]]) if len(self._city_ids) else None
            results.append(
                ReverseResult(
                    latitude=float(lat[i]),
                    longitude=float(lon[i]),
                    district=district[i],
                    admin1=admin1[i],
                    country=country[i],
                    nearest=nearest,
                    nearest_km=float(near_km[i]) if nearest else None,
                )
            )
        return results

    def _nearest_towns(
        self, lat: np.ndarray, lon: np.ndarray, points: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Index and great-circle distance of each point's nearest town.

        STRtree.nearest works in raw degrees, where a degree of longitude
        shrinks towards the poles and the antimeridian is a wall. Its answer
        is only an upper bound: every town closer on the sphere lies in a
        box of that radius (widened in longitude by 1/cos(latitude), and
        wrapped across +-180 degrees), so those few are measured exactly.
        """
        idx = np.asarray(self._cities.nearest(points))
        best_km = haversine_km(lat, lon, self._city_lat[idx], self._city_lon[idx])
        # Beyond ~1,500 km (mid-ocean) the box would hold a continent; the
        # degree-space answer stands there.
        radius = np.minimum(best_km, 1500.0) / 111.2 + 1e-6
        cos_lat = np.cos(np.radians(np.minimum(np.abs(lat) + radius, 89.9)))
        dlon = np.minimum(radius / cos_lat, 180.0)
        queries, owners = [], []
        for shift in (0.0, -360.0, 360.0):
            lo, hi = lon + shift - dlon, lon + shift + dlon
            wanted = (hi >= -180.0) & (lo <= 180.0)
            if shift == 0.0:
                wanted[:] = True
            which = np.nonzero(wanted)[0]
            queries.append(
                shapely.box(
                    lo[which], lat[which] - radius[which], hi[which], lat[which] + radius[which]
                )
            )
            owners.append(which)
        boxes = np.concatenate(queries)
        owner = np.concatenate(owners)
        box_idx, town_idx = self._cities.query(boxes)
        point_idx = owner[box_idx]
        dist = haversine_km(
            lat[point_idx], lon[point_idx], self._city_lat[town_idx], self._city_lon[town_idx]
        )
        better = dist < best_km[point_idx] - 1e-9
        if better.any():
            p, t, d = point_idx[better], town_idx[better], dist[better]
            # The smallest distance per point: sort by (point, distance) and
            # keep each point's first row.
            order = np.lexsort((d, p))
            p, t, d = p[order], t[order], d[order]
            first = np.unique(p, return_index=True)[1]
            idx[p[first]] = t[first]
            best_km[p[first]] = d[first]
        return idx, best_km

    def reverse(self, latitude: float, longitude: float) -> ReverseResult:
        return self.reverse_many([latitude], [longitude])[0]
