"""Corpus extraction on a real Dask LocalCluster (two worker processes).

The incident rows must be those of the single-process run; the dataset must
read back with dask_geopandas.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from geomap.errors import InputError, OutputError
from geomap.gazetteer.store import Gazetteer
from geomap.scale.corpus import process_corpus
from geomap.scale.distributed import partition_units, process_corpus_dask
from geomap.scale.documents import document_units
from geomap.scale.records import INCIDENT_FIELDS

dask_geopandas = pytest.importorskip("dask_geopandas")
distributed = pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parents[1]

STORIES = [
    "MOSUL, Iraq (AP) — A roadside bomb killed three soldiers near Mosul on Tuesday.",
    "Hundreds of protesters gathered in Basra on Friday, demanding jobs and electricity.",
    "KIRKUK, Iraq (AP) — Gunmen attacked a checkpoint in Kirkuk on Wednesday, killing two.",
    "Militants fired rockets at a base near Erbil on Sunday; no casualties were reported.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-corpus")
    example = (ROOT / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")
    for i in range(3):
        (root / f"article-{i}.txt").write_text(example, encoding="utf-8")
    with open(root / "feed.jsonl", "w", encoding="utf-8") as fh:
        for i in range(40):
            record = {"id": f"s{i}", "text": STORIES[i % 4], "date": f"2021-11-{1 + i % 28:02d}"}
            fh.write(json.dumps(record) + "\n")
        fh.write("{broken\n")
    (root / "empty.txt").write_text("")
    return root


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _normal(row: dict[str, Any]) -> tuple[Any, ...]:
    """A row as comparable values: missing is None, numbers as floats."""
    out = []
    for name in INCIDENT_FIELDS:
        value = row.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out.append(round(float(value), 6))
        elif value is not None and str(value) == "<NA>":
            out.append(None)
        else:
            out.append(value)
    return tuple(out)


def test_partitions_keep_order_and_cover_everything(corpus: Path) -> None:
    units = document_units([corpus], records_per_unit=7)
    parts = partition_units(units, 4)
    assert len(parts) == 4 and [u for p in parts for u in p] == units
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert partition_units(units[:2], 10) == [[units[0]], [units[1]]]


def test_dask_run_equals_single_process_run(
    corpus: Path, tmp_path: Path, client: Any, gazetteer: Gazetteer
) -> None:
    single = tmp_path / "single.jsonl"
    expected = process_corpus([corpus], single, workers=1, gazetteer=gazetteer, summary=False)
    out = tmp_path / "dataset"
    summary = process_corpus_dask(
        [corpus], out, scheduler=client, partitions=5, records_per_unit=8, gazetteer=gazetteer
    )
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"part-{i:05d}.parquet" for i in range(5)]
    gdf = dask_geopandas.read_parquet(out).compute()
    assert gdf.crs.to_epsg() == 4326
    with open(single, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len(gdf) == len(rows) == expected.incidents > 30
    got = sorted(_normal(r) for r in gdf.drop(columns="geometry").to_dict("records"))
    assert got == sorted(_normal(r) for r in rows)
    for name in ("documents", "processed", "incidents", "mentions", "unplaced_mentions"):
        assert getattr(summary, name) == getattr(expected, name), name
    assert summary.errors == expected.errors  # in input order
    placed = gdf[gdf["latitude"].notna()]
    assert (placed.geometry.x == placed["longitude"]).all()
    # A second run replaces the dataset as a whole: no stale parts remain.
    process_corpus_dask([corpus], out, scheduler=client, partitions=2, summary=False)
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert len(dask_geopandas.read_parquet(out).compute()) == len(rows)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_refuses_to_replace_a_foreign_directory(corpus: Path, tmp_path: Path, client: Any) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("precious")
    with pytest.raises(InputError, match="not a geomap dataset"):
        process_corpus_dask([corpus], tmp_path / "mine", scheduler=client)
    assert (tmp_path / "mine" / "thesis.docx").read_text() == "precious"


def test_scheduler_address_and_default_cluster(corpus: Path, tmp_path: Path, client: Any) -> None:
    feed = corpus / "feed.jsonl"
    by_address = process_corpus_dask(
        [feed], tmp_path / "a", scheduler=client.scheduler.address, summary=False
    )
    own_cluster = process_corpus_dask([feed], tmp_path / "b", n_workers=2, summary=False)
    assert by_address.workers == own_cluster.workers == 2
    assert by_address.incidents == own_cluster.incidents > 0
    a = dask_geopandas.read_parquet(tmp_path / "a").compute()
    b = dask_geopandas.read_parquet(tmp_path / "b").compute()
    assert sorted(a["document"]) == sorted(b["document"])


def test_cli_corpus_dask(corpus: Path, tmp_path: Path, client: Any) -> None:
    import click
    from click.testing import CliRunner

    from geomap.cli import GeomapGroup
    from geomap.cli.batch import register

    @click.group(cls=GeomapGroup)
    def app() -> None:
        """The batch commands alone."""

    register(app)
    out = tmp_path / "ds"
    args = ["corpus-dask", str(corpus / "feed.jsonl"), "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--scheduler", client.scheduler.address, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["documents"] == 41 and payload["errors"] == 1
    assert len(dask_geopandas.read_parquet(out).compute()) == payload["incidents"]


def test_unwritable_output_dir_is_an_output_error(
    corpus: Path, tmp_path: Path, client: Any
) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        process_corpus_dask([corpus], tmp_path / "file" / "ds", scheduler=client)
