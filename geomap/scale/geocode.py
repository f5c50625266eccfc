"""Geocoding a table's column of place names.

>>> import pandas as pd
>>> from geomap.scale.geocode import geocode_frame
>>> gdf = geocode_frame(pd.DataFrame({"town": ["Baghdad", "Springfield"]}), "town")
>>> list(gdf["status"])
['matched', 'ambiguous']

:func:`geocode_frame` adds the best place (and the runners-up, as JSON) for
a column of names. Each distinct (name, country) is looked up once and the
answer mapped back to every row, which is what makes long, repetitive
lists fast: an incident table names the same few hundred towns over and
over. Lookups go through :meth:`Gazetteer.matches`, so a batch ranks places
exactly as ``geomap geocode`` and :class:`~geomap.LocalGeocoder` do.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from ..errors import InputError
from ..gazetteer.geocoding import Candidate, answer_is_fuzzy, geocode_candidates
from ..gazetteer.names import exact_key
from ..gazetteer.reverse import haversine_km
from ..gazetteer.store import Gazetteer, Match
from ..models import Kind, precision_for_kind

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "AMBIGUITY_KM",
    "AMBIGUITY_MARGIN",
    "AMBIGUOUS",
    "FUZZY",
    "GEOCODE_COLUMNS",
    "MATCHED",
    "NOT_FOUND",
    "NameGeocoder",
    "geocode_frame",
]


MATCHED = "matched"
AMBIGUOUS = "ambiguous"
FUZZY = "fuzzy"  # found only through a looser spelling: see match_score
NOT_FOUND = "not found"

# A name is ambiguous when a candidate more than 161 km (100 miles, the
# radius geoparsing evaluations count as "right") from the best one scores
# almost as well. Scores are log10(population) plus bonuses, so a margin of
# 0.5 means "within a factor of about three": Springfield, Missouri against
# Springfield, Massachusetts, but not Vienna, Austria against Vienna,
# Virginia. The same place's city and admin-1 entries lie close together and
# never make a name ambiguous.
AMBIGUITY_KM = 161.0
AMBIGUITY_MARGIN = 0.5

GEOCODE_COLUMNS: tuple[str, ...] = (
    "status",
    "match_score",
    "place_id",
    "place_name",
    "place_local_name",
    "kind",
    "country_code",
    "admin1",
    "latitude",
    "longitude",
    "precision",
    "population",
    "candidates",
)
_FLOAT_COLUMNS = frozenset({"latitude", "longitude", "nearest_km", "match_score"})
_INT_COLUMNS = frozenset({"precision", "population"})
# -- geocoding names ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Answer:
    """The geocoding result for one distinct (name, country)."""

    status: str
    best: Match | None
    candidates: str  # JSON list of the top candidates
    score: float | None = None  # how closely the name matched (1.0 exact)


_NOT_FOUND = _Answer(NOT_FOUND, None, "[]")


class NameGeocoder:
    """Looks up distinct names once and remembers the answers.

    One instance serves a whole CSV run, so a name seen in the first chunk
    costs nothing in the later ones. The cache is bounded: past
    ``max_cache`` entries it starts again, which only costs speed.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        candidates: int = 3,
        kind: str | Iterable[str] | None = None,
        max_cache: int = 1_000_000,
    ) -> None:
        if candidates < 1:
            raise InputError(f"candidates must be at least 1, got {candidates}")
        self.gazetteer = gazetteer or Gazetteer.default()
        self.candidates = candidates
        self.kind = [kind] if isinstance(kind, str) else (list(kind) if kind else None)
        self.max_cache = max_cache
        self._answers: dict[tuple[str, str], _Answer] = {}
        self._countries: dict[str, str | None] = {}

    def country_code(self, value: str) -> str | None:
        """An ISO alpha-2 code for a country cell ("IQ", "Iraq"); "" is no filter.

        A value that names no country yields "?", which matches nothing: a
        row whose country is unknown is "not found" rather than matched
        anywhere in the world.
        """
        value = value.strip()
        if not value:
            return None
        code = self._countries.get(value)
        if code is None:
            if len(value) == 2 and value.isalpha():
                code = value.upper()
            else:
                found = self.gazetteer.matches(value, kind=Kind.COUNTRY, limit=1)
                code = (found[0].place.country_code or "?") if found else "?"
            self._countries[value] = code
        return code

    def answer(self, name: str, country: str) -> _Answer:
        # Gazetteer matches depend on a name only through its exact key, so
        # "BAGHDAD", "baghdad " and "Baghdad" are one lookup. A comma keeps
        # the raw name: it separates an address qualifier.
        if not name.isascii():
            # Lone surrogates (bytes a reader could not decode) cannot reach
            # SQLite: they become "?", which normalisation then drops.
            name = name.encode("utf-8", "replace").decode("utf-8")
            country = country.encode("utf-8", "replace").decode("utf-8")
        key = (name if "," in name else exact_key(name), country)
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) >= self.max_cache:
                self._answers.clear()
            found = self._answers[key] = self._lookup(name, self.country_code(country))
        return found

    def _lookup(self, name: str, country: str | None) -> _Answer:
        found = geocode_candidates(self.gazetteer, name, country=country, kind=self.kind)
        if not found:
            return _NOT_FOUND
        best = found[0]
        return _Answer(
            candidate_status(found),
            best.match,
            _candidates_json(found[: self.candidates]),
            best.similarity,
        )


def candidate_status(found: list[Candidate]) -> str:
    """matched, ambiguous or fuzzy, for candidates ranked best first."""
    return status_and_reason(found)[0]


def status_and_reason(found: list[Candidate]) -> tuple[str, str]:
    """The status of candidates ranked best first, and why, in words."""
    if not found:
        return NOT_FOUND, "no trusted name matches"
    if answer_is_fuzzy(found):
        return FUZZY, f"only a looser spelling matches, similarity {found[0].similarity:.2f}"
    best = found[0].place
    for other in found[1:]:
        gap = found[0].rank_score - other.rank_score
        if gap >= AMBIGUITY_MARGIN:
            break  # ranked by score: no later candidate can be close
        km = float(
            haversine_km(best.latitude, best.longitude, other.place.latitude, other.place.longitude)
        )
        if km > AMBIGUITY_KM:
            return AMBIGUOUS, (
                f"{other.place.name}, {other.place.country_code} scores within {gap:.2f} "
                f"(under {AMBIGUITY_MARGIN}) and lies {km:,.0f} km away"
            )
    if len(found) == 1:
        return MATCHED, "one candidate"
    gap = found[0].rank_score - found[1].rank_score
    if gap >= AMBIGUITY_MARGIN:
        return MATCHED, f"the next candidate scores {gap:.2f} lower"
    return MATCHED, f"the candidates scoring close to it lie within {AMBIGUITY_KM:.0f} km"


def _candidates_json(found: list[Candidate]) -> str:
    return json.dumps(
        [
            {
                "id": c.place.id,
                "name": c.place.name,
                "country_code": c.place.country_code,
                "lat": round(c.place.latitude, 5),
                "lon": round(c.place.longitude, 5),
                "score": c.rank_score,
                "match": c.status,
                "match_score": c.similarity,
            }
            for c in found
        ],
        ensure_ascii=False,
    )


def _factorize(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes and distinct cells of a column, the cells as text; a missing
    cell gets the last label, "".

    The column is not converted to a string dtype first: Arrow-backed
    strings refuse what an errors="surrogateescape" reader produced.
    """
    codes, uniques = pd.factorize(series.to_numpy(dtype=object))
    labels = [u if isinstance(u, str) else str(u) for u in uniques]
    labels.append("")
    return np.where(codes < 0, len(labels) - 1, codes), labels


def _check_columns(
    columns: Iterable[Any], needed: Iterable[str | None], added: Iterable[str], where: str
) -> None:
    present = [str(c) for c in columns]
    for col in needed:
        if col is not None and col not in present:
            shown = ", ".join(present[:20]) + (" ..." if len(present) > 20 else "")
            raise InputError(f"{where} has no column {col!r} (columns: {shown})")
    clash = [c for c in added if c in present]
    if clash:
        raise InputError(
            f"{where} already has the column(s) {', '.join(map(repr, clash))} that geocoding "
            "adds; pass a prefix (e.g. prefix='geo_', or --prefix geo_) to keep both"
        )


def _answers_frame(answers: list[_Answer], codes: np.ndarray, prefix: str) -> pd.DataFrame:
    """One row per input row, from the answers of the distinct names."""
    best = [a.best.place if a.best else None for a in answers]

    def column(get: Callable[[Any], Any], dtype: str | None = None) -> Any:
        values = np.array([get(p) if p is not None else None for p in best], dtype=object)
        out = values[codes]
        return pd.array(out, dtype=dtype) if dtype else out

    cols: dict[str, Any] = {
        "status": np.array([a.status for a in answers], dtype=object)[codes],
        "match_score": np.array(
            [np.nan if a.score is None else a.score for a in answers], dtype=float
        )[codes],
        "place_id": column(lambda p: p.id),
        "place_name": column(lambda p: p.name),
        "place_local_name": column(lambda p: p.local_name),
        "kind": column(lambda p: p.kind),
        "country_code": column(lambda p: p.country_code),
        "admin1": column(lambda p: p.admin1),
        "latitude": column(lambda p: p.latitude, "Float64").astype("float64"),
        "longitude": column(lambda p: p.longitude, "Float64").astype("float64"),
        "precision": column(lambda p: precision_for_kind(p.kind), "Int64"),
        "population": column(lambda p: p.population, "Int64"),
        "candidates": np.array([a.candidates for a in answers], dtype=object)[codes],
    }
    return pd.DataFrame({prefix + k: v for k, v in cols.items()})


def _points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Point geometries, None where a coordinate is missing."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    geoms = np.full(len(lat), None, dtype=object)
    geoms[ok] = shapely.points(lon[ok], lat[ok])
    return geoms


def geocode_frame(
    df: pd.DataFrame,
    column: str,
    *,
    country_column: str | None = None,
    candidates: int = 3,
    kind: str | Iterable[str] | None = None,
    prefix: str = "",
    gazetteer: Gazetteer | None = None,
    geocoder: NameGeocoder | None = None,
) -> gpd.GeoDataFrame:
    """Geocode a column of place names.

    Parameters
    ----------
    df
        The table; it is not modified.
    column
        The column of names ("Baghdad", "Vienna, Virginia").
    country_column
        A column restricting each row to a country: ISO alpha-2 codes or
        country names. Empty cells do not restrict.
    candidates
        How many candidates the ``candidates`` JSON column lists.
    kind
        Only places of these kinds (``city``, ``admin1`` ...).
    prefix
        Prepended to every added column, to keep input columns of the same
        names (``country_code``, ``latitude``).
    gazetteer
        The gazetteer; the shared default when omitted.
    geocoder
        A :class:`NameGeocoder` to reuse (and its cache) across calls.

    Returns
    -------
    geopandas.GeoDataFrame
        The input columns and :data:`GEOCODE_COLUMNS`: ``status`` is
        "matched", "ambiguous" (a far-apart candidate scores almost as well:
        the best guess is still filled in), "fuzzy" (found only through a
        looser spelling, "Mosull" for Mosul) or "not found"; ``match_score``
        is how closely the name matched (1.0 for an exact spelling, the
        similarity of the two spellings for a fuzzy match, empty when not
        found); ``candidates`` is a JSON list of the top candidates' id,
        name, country_code, lat, lon, score, match and match_score.
        Geometry: the best place's point in EPSG:4326, empty when not found.

    Raises
    ------
    InputError
        A named column is missing, or an added column already exists.
    """
    import geopandas as gpd

    added = [*(prefix + c for c in GEOCODE_COLUMNS), "geometry"]
    _check_columns(df.columns, [column, country_column], added, "the table")
    coder = geocoder or NameGeocoder(gazetteer, candidates=candidates, kind=kind)
    name_codes, names = _factorize(df[column])
    if country_column:
        country_codes, countries = _factorize(df[country_column])
    else:
        country_codes, countries = np.zeros(len(df), dtype=np.int64), [""]
    # Each distinct (name, country) pair once, as one integer per row.
    pairs = name_codes.astype(np.int64) * len(countries) + country_codes
    codes, uniques = pd.factorize(pairs)
    answers = [
        coder.answer(names[p // len(countries)], countries[p % len(countries)]) for p in uniques
    ]
    found = _answers_frame(answers, np.asarray(codes), prefix)
    found.index = df.index
    out = pd.concat([df, found], axis=1)
    geometry = _points(out[prefix + "latitude"].to_numpy(), out[prefix + "longitude"].to_numpy())
    return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")
