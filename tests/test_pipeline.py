"""The one document pipeline: extract, map and report read the same options
and give the same incidents, whatever the output's suffix.

Runs the real CLI in-process on the real gazetteer; the articles are short
wire-style stories of our own, one of them without any date in its text, so
that only ``--published`` can date it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import InputError
from geomap.scale.documents import Document, DocumentError
from geomap.scale.pipeline import ExtractOptions, extract_documents

# No date anywhere in the text: the event's date can only come from
# --published (or, without it, stay unknown).
UNDATED = (
    "Gunmen attacked a police checkpoint in Kirkuk, killing two policemen, "
    "officials said. Hours later a roadside bomb wounded three soldiers near Mosul."
)
DATED = "BASRA, Iraq (AP) — Hundreds of protesters gathered in Basra on Friday, 5 November 2021."


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("articles")
    (root / "a-undated.txt").write_text(UNDATED, encoding="utf-8")
    (root / "b-basra.txt").write_text(DATED, encoding="utf-8")
    return root


def _run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    lat = row.get("latitude")
    return (
        row.get("event_type"),
        row.get("event_date"),
        row.get("fatalities") or None,
        round(float(lat), 3) if lat not in (None, "") else None,
    )


def _incidents(path: Path) -> list[tuple[Any, ...]]:
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    elif path.suffix == ".csv":
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            row["fatalities"] = int(row["fatalities"]) if row["fatalities"] else None
    else:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        rows = [
            {
                **f["properties"],
                "latitude": f["geometry"]["coordinates"][1] if f["geometry"] else None,
            }
            for f in features
            if f["properties"]["layer"] == "incidents"
        ]
    return sorted(_key(r) for r in rows)


@pytest.mark.parametrize("parser", ["fast", "ner"])
def test_every_suffix_gives_the_same_incidents(articles: Path, tmp_path: Path, parser: str) -> None:
    """The corpus writer (.jsonl) once silently dropped --published and
    switched recogniser; now every output reads the same options."""
    found = {}
    for suffix in (".jsonl", ".geojson", ".csv"):
        out = tmp_path / f"out{suffix}"
        _run(
            "extract",
            str(articles),
            "--published",
            "2021-11-08",
            "--parser",
            parser,
            "-o",
            str(out),
        )
        found[suffix] = _incidents(out)
    assert found[".jsonl"] == found[".geojson"] == found[".csv"]
    dates = {key[1] for key in found[".jsonl"]}
    # The undated story takes --published; Basra's keeps its own day.
    assert "2021-11-08" in dates and "2021-11-05" in dates, dates


def test_published_is_honoured_by_a_corpus_run(articles: Path, tmp_path: Path) -> None:
    out_a, out_b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _run("extract", str(articles / "a-undated.txt"), "--parser", "fast", "-o", str(out_a))
    _run(
        "extract",
        str(articles / "a-undated.txt"),
        "--parser",
        "fast",
        "--published",
        "2022-03-01",
        "-o",
        str(out_b),
    )
    assert {k[1] for k in _incidents(out_b)} == {"2022-03-01"}
    assert "2022-03-01" not in {k[1] for k in _incidents(out_a)}


def test_map_and_report_take_the_document_options(articles: Path, tmp_path: Path) -> None:
    for command, name in (("map", "m.html"), ("report", "r.html")):
        out = tmp_path / name
        result = _run(
            command,
            str(articles),
            "--published",
            "2021-11-08",
            "--parser",
            "fast",
            "--workers",
            "1",
            "-o",
            str(out),
        )
        assert out.stat().st_size > 0, result.output
        assert "2021-11-08" in out.read_text(encoding="utf-8")


def test_bad_published_date_fails_before_any_work(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    result = CliRunner().invoke(
        main, ["extract", str(articles), "--published", "someday", "-o", str(out)]
    )
    assert result.exit_code != 0
    assert "publication date" in result.output and "Traceback" not in result.output
    assert not out.exists()
    with pytest.raises(InputError):
        ExtractOptions(published="someday")
    with pytest.raises(InputError):
        ExtractOptions(mode="quick")  # type: ignore[arg-type]


def test_parallel_equals_serial_and_keeps_input_order() -> None:
    docs: list[Any] = [
        Document(index=i, id=f"d{i}", text=text)
        for i, text in enumerate([DATED, UNDATED, DATED, DATED.replace("Basra", "Najaf")])
    ]
    docs[2] = DocumentError(2, "d2", "empty document")
    options = ExtractOptions(mode="fast", published="2021-11-08")
    serial = list(extract_documents(docs, options, workers=1))
    parallel = list(extract_documents(docs, options, workers=2, batch_size=1))
    assert [o.id for o in parallel] == ["d0", "d1", "d2", "d3"]
    assert [o.error is None for o in serial] == [o.error is None for o in parallel]
    assert [o.extraction for o in serial] == [o.extraction for o in parallel]
    # An unreadable document is an outcome with its reason, not an exception.
    assert serial[2].extraction is None and serial[2].error == "empty document"
    assert serial[0].extraction is not None and len(serial[0].extraction.incidents) == 1


def test_documents_stream_through_without_being_read_ahead() -> None:
    """A corpus is never held whole: the first outcome comes after reading
    one batch, not the whole input."""
    pulled: list[int] = []

    def documents() -> Any:
        for i in range(1_000):
            pulled.append(i)
            yield Document(index=i, id=f"d{i}", text=DATED)

    stream = extract_documents(documents(), ExtractOptions(mode="fast"), batch_size=2)
    first = next(stream)
    assert first.id == "d0" and first.extraction is not None
    assert len(pulled) <= 3, len(pulled)
    stream.close()
