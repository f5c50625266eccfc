"""One document's extraction as flat records, and the files they are written to.

:func:`incident_records` and :func:`mention_records` turn a document's
extraction (from :mod:`geomap.scale.pipeline`) into flat, typed records whose
layouts (:data:`INCIDENT_FIELDS`, :data:`MENTION_FIELDS`) GeoPackage,
Parquet and JSON Lines outputs share; :func:`incident_frame` makes a
GeoDataFrame of them, and the JSON Lines sinks and GeoPackage layer writer
are what :mod:`geomap.scale.corpus` writes with.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas as gpd

    from ..models import Extraction


__all__ = [
    "INCIDENT_FIELDS",
    "MENTION_FIELDS",
    "incident_frame",
    "incident_records",
    "mention_records",
]

# Flat, typed record layouts: GeoPackage, Parquet and JSONL carry the same
# fields. The ACLED columns come from geomap.scale.export.
_INCIDENT_HEAD: dict[str, str] = {"document": "string", "doc_index": "Int64", "incident": "Int64"}
_INCIDENT_TAIL: dict[str, str] = {"place_id": "string", "published": "string"}
MENTION_FIELDS: dict[str, str] = {
    "document": "string",
    "doc_index": "Int64",
    "mention": "Int64",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "demonym": "boolean",
    "confidence": "float64",
    "precision": "Int64",
    "place_id": "string",
    "place_name": "string",
    "kind": "string",
    "country_code": "string",
    "admin1": "string",
    "latitude": "float64",
    "longitude": "float64",
}


_INT_FIELDS = frozenset(
    {"geo_precision", "fatalities", "injured", "evidence_start", "evidence_end"}
)


def _incident_fields() -> dict[str, str]:
    from .export import CSV_COLUMNS, EXTRA_COLUMNS

    middle: dict[str, str] = {}
    for name in (*CSV_COLUMNS, *EXTRA_COLUMNS, "date_precision"):
        if name in _INT_FIELDS:
            middle[name] = "Int64"
        elif name in ("latitude", "longitude", "confidence"):
            middle[name] = "float64"
        else:
            middle[name] = "string"
    return {**_INCIDENT_HEAD, **middle, **_INCIDENT_TAIL}


INCIDENT_FIELDS: dict[str, str] = _incident_fields()


def incident_records(index: int, document: str, ex: Extraction) -> list[dict[str, Any]]:
    """The flat incident records of one document's extraction."""
    from .export import incident_rows

    rows = incident_rows(ex)
    published = ex.published.isoformat() if ex.published else None
    return [
        {
            "document": document,
            "doc_index": index,
            "incident": i,
            **row,
            "place_id": inc.place.id if inc.place else None,
            "published": published,
        }
        for i, (inc, row) in enumerate(zip(ex.incidents, rows, strict=True))
    ]


def mention_records(index: int, document: str, ex: Extraction) -> list[dict[str, Any]]:
    """The flat place-mention records of one document's extraction."""
    return [
        {"document": document, "doc_index": index, "mention": i, **m.to_record()}
        for i, m in enumerate(ex.mentions)
    ]


# -- output ------------------------------------------------------------------------


def _typed_frame(records: Sequence[dict[str, Any]], fields: dict[str, str]) -> Any:
    import pandas as pd

    columns = {
        name: pd.Series([r.get(name) for r in records], dtype=dtype)
        for name, dtype in fields.items()
    }
    return pd.DataFrame(columns)


def incident_frame(
    records: Sequence[dict[str, Any]], fields: dict[str, str] | None = None
) -> gpd.GeoDataFrame:
    """Incident (or mention) records as a typed GeoDataFrame in EPSG:4326:
    the same schema whatever the records, so chunks and partitions agree."""
    import geopandas as gpd
    import numpy as np
    import shapely

    frame = _typed_frame(records, fields or INCIDENT_FIELDS)
    lat = frame["latitude"].to_numpy(dtype=float, na_value=np.nan)
    lon = frame["longitude"].to_numpy(dtype=float, na_value=np.nan)
    ok = np.isfinite(lat) & np.isfinite(lon)
    geometry = np.full(len(frame), None, dtype=object)
    geometry[ok] = shapely.points(lon[ok], lat[ok])
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


class _JsonlSink:
    """Records appended to a temporary file beside the final one."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        self.fh = open(self.tmp, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.count = 0

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.count += 1

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()

    def discard(self) -> None:
        self.close()
        self.tmp.unlink(missing_ok=True)


def _read_jsonl_chunks(path: Path, size: int = 50_000) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            chunk.append(json.loads(line))
            if len(chunk) == size:
                yield chunk
                chunk = []
    yield chunk  # possibly empty: an empty layer still gets its schema


def _write_gpkg_layer(src: Path, dest: Path, layer: str, fields: dict[str, str]) -> None:
    import pyogrio

    for i, chunk in enumerate(_read_jsonl_chunks(src)):
        if i and not chunk:
            break
        pyogrio.write_dataframe(
            incident_frame(chunk, fields), dest, layer=layer, driver="GPKG", append=i > 0
        )
