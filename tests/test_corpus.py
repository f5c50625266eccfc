"""Corpus runs: reading .txt/.jsonl/.html, bad documents, parallel = serial.

The corpus is written here, into a temporary directory: real articles
(the bundled example and short wire-style stories), plus the files a real
collection always holds somewhere: a binary file, a Latin-1 file, an empty
one, malformed JSON lines.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import click
import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli import GeomapGroup
from geomap.cli.batch import register
from geomap.errors import InputError, OutputError
from geomap.gazetteer.store import Gazetteer
from geomap.scale.corpus import process_corpus
from geomap.scale.documents import (
    Document,
    DocumentError,
    document_units,
    iter_documents,
    iter_unit,
)
from geomap.scale.records import INCIDENT_FIELDS

ROOT = Path(__file__).resolve().parents[1]

MOSUL = "MOSUL, Iraq (AP) — A roadside bomb killed three soldiers near Mosul on Tuesday."
BASRA = "Hundreds of protesters gathered in Basra on Friday, demanding jobs and electricity."
KIRKUK = (
    "KIRKUK, Iraq (AP) &mdash; Gunmen attacked a checkpoint in Kirkuk on Wednesday, "
    "killing two policemen."
)
PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Gunmen attack checkpoint in Kirkuk | Example News</title>
<meta property="article:published_time" content="2021-11-10T08:00:00Z">
<script>var city = "Paris"; document.write("London");</script><style>p {{color: red}}</style>
</head><body><nav><a href="/">Home</a> <a href="/paris">Paris</a></nav>
<article><h1>Gunmen attack checkpoint in Kirkuk</h1><p>{KIRKUK}</p>
<p>Police said the attackers fled toward Hawija.</p></article>
<footer>Copyright Example News, London</footer></body></html>"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("corpus")
    root = base / "articles"
    (root / "wire").mkdir(parents=True)
    example = (ROOT / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")
    (root / "a-baghdad.txt").write_text(example, encoding="utf-8")
    lines = [
        json.dumps({"id": "m1", "text": MOSUL, "date": "2021-11-09", "url": "https://x.test/1"}),
        "",  # blank lines are not records
        '{"text": "unterminated',
        json.dumps({"text": BASRA, "published": "not a date", "source": "wire"}),
        json.dumps({"text": "   "}),
        json.dumps(["not", "an", "object"]),
    ]
    (root / "b-feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "wire" / "c-kirkuk.html").write_text(PAGE, encoding="utf-8")
    (root / "d-binary.txt").write_bytes(bytes(range(256)) * 8)
    latin = "BAGHDAD (AP) - Café owners in Baghdad said a rocket hit the Green Zone on Monday."
    (root / "e-latin1.txt").write_bytes(latin.encode("latin-1"))
    (root / "f-empty.txt").write_bytes(b"")
    (root / "g-undecodable.txt").write_bytes(b"Troops in Basra \x81\x8d\x90 said \xff\xfe.")
    (root / ".hidden.txt").write_text("BAGHDAD - hidden files are skipped.", encoding="utf-8")
    (root / "notes.md").write_text("# not an article", encoding="utf-8")
    return root


def _items(corpus: Path) -> list[Document | DocumentError]:
    return list(iter_documents([corpus]))


def test_documents_and_errors_are_streamed_in_order(corpus: Path) -> None:
    items = _items(corpus)
    assert [i.index for i in items] == list(range(len(items)))
    ids = [Path(i.id).name for i in items]
    assert ids == [
        "a-baghdad.txt",
        "m1",
        "b-feed.jsonl:3",
        "b-feed.jsonl:4",
        "b-feed.jsonl:5",
        "b-feed.jsonl:6",
        "d-binary.txt",
        "e-latin1.txt",
        "f-empty.txt",
        "g-undecodable.txt",
        "c-kirkuk.html",
    ]
    errors = {Path(i.id).name: i.error for i in items if isinstance(i, DocumentError)}
    assert "invalid JSON" in errors["b-feed.jsonl:3"]
    assert errors["b-feed.jsonl:5"] == "empty document"
    assert "JSON object" in errors["b-feed.jsonl:6"]
    assert "binary" in errors["d-binary.txt"]
    assert errors["f-empty.txt"] == "empty document"
    assert "cannot decode" in errors["g-undecodable.txt"]
    assert len(errors) == 6


def test_jsonl_fields(corpus: Path) -> None:
    docs = {Path(d.id).name: d for d in _items(corpus) if isinstance(d, Document)}
    mosul = docs["m1"]
    assert (mosul.text, mosul.published, mosul.source) == (MOSUL, "2021-11-09", "https://x.test/1")
    basra = docs["b-feed.jsonl:4"]
    assert (basra.published, basra.source) == ("not a date", "wire")


def test_latin1_is_decoded_with_the_fallback(corpus: Path) -> None:
    doc = next(d for d in _items(corpus) if d.id.endswith("e-latin1.txt"))
    assert isinstance(doc, Document)
    assert "Café owners" in doc.text and doc.encoding == "cp1252"


def test_html_readable_text_title_and_date(corpus: Path) -> None:
    doc = next(d for d in _items(corpus) if d.id.endswith(".html"))
    assert isinstance(doc, Document)
    assert doc.title == "Gunmen attack checkpoint in Kirkuk | Example News"
    assert doc.published == "2021-11-10T08:00:00Z"
    # The headline repeating the title goes, so the dateline opens the text.
    assert doc.text.startswith("KIRKUK, Iraq (AP) — Gunmen attacked")
    assert "Hawija" in doc.text
    for furniture in ("Paris", "London", "color", "Home", "Copyright"):
        assert furniture not in doc.text


def test_html_time_element_gives_the_date(tmp_path: Path) -> None:
    page = '<html><body><time datetime="2020-01-03">3 Jan</time><p>Clashes in Mosul.</p></body>'
    (tmp_path / "t.htm").write_text(page, encoding="utf-8")
    (doc,) = iter_documents([tmp_path])
    assert isinstance(doc, Document) and doc.published == "2020-01-03"


def test_globs_and_missing_inputs(corpus: Path) -> None:
    found = list(iter_documents([str(corpus / "**" / "*.html")]))
    assert [Path(d.id).name for d in found] == ["c-kirkuk.html"]
    with pytest.raises(InputError, match="no such file or directory"):
        list(iter_documents([corpus / "nope"]))
    with pytest.raises(InputError, match="no files match"):
        list(iter_documents([str(corpus / "*.xml")]))
    # A file given by name is taken whatever it is, and reported if unusable.
    (item,) = iter_documents([corpus / "notes.md"])
    assert isinstance(item, DocumentError) and "not a .txt" in item.error


def test_units_reproduce_the_stream(corpus: Path) -> None:
    units = document_units([corpus], records_per_unit=2)
    assert len(units) > 6  # the JSONL file is cut in several units
    from_units = [item for unit in units for item in iter_unit(unit)]
    assert from_units == _items(corpus)


def _records(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def serial(corpus: Path, tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Any:
    out = tmp_path_factory.mktemp("serial") / "incidents.jsonl"
    summary = process_corpus([corpus], out, workers=1, mentions=True, gazetteer=gazetteer)
    return summary, out


def test_serial_run_summary_and_records(serial: Any) -> None:
    summary, out = serial
    assert (summary.documents, summary.processed, len(summary.errors)) == (11, 5, 6)
    records = _records(out)
    assert len(records) == summary.incidents > 5
    assert all(list(r) == list(INCIDENT_FIELDS) for r in records)
    assert [r["doc_index"] for r in records] == sorted(r["doc_index"] for r in records)
    by_doc = {r["document"] for r in records}
    assert "m1" in by_doc and any(d.endswith("c-kirkuk.html") for d in by_doc)
    mosul = next(r for r in records if r["document"] == "m1")
    assert (mosul["location"], mosul["country"], mosul["fatalities"]) == ("Mosul", "Iraq", 3)
    assert mosul["event_date"] == "2021-11-09" and mosul["source"] == "https://x.test/1"
    # An unreadable date field does not cost the article its incidents.
    assert any(r["document"].endswith("b-feed.jsonl:4") for r in records)


def test_mentions_are_written_beside(serial: Any) -> None:
    summary, out = serial
    mentions = _records(out.with_name("incidents.mentions.jsonl"))
    assert len(mentions) == summary.mentions
    assert sum(m["place_id"] is None for m in mentions) == summary.unplaced_mentions
    assert any(m["text"] == "Green Zone" and m["place_id"] for m in mentions)


def test_parallel_run_equals_serial_run(
    serial: Any, corpus: Path, tmp_path: Path, gazetteer: Gazetteer
) -> None:
    out = tmp_path / "parallel.jsonl"
    summary = process_corpus([corpus], out, workers=2, batch_size=1, gazetteer=gazetteer.path)
    assert out.read_bytes() == serial[1].read_bytes()
    assert summary.to_dict() | {"seconds": 0, "output": "", "workers": 0} == serial[0].to_dict() | {
        "seconds": 0,
        "output": "",
        "workers": 0,
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parallel.jsonl"]


def test_gpkg_output(serial: Any, corpus: Path, tmp_path: Path, gazetteer: Gazetteer) -> None:
    out = tmp_path / "incidents.gpkg"
    process_corpus([corpus], out, workers=2, mentions=True, gazetteer=gazetteer, summary=False)
    assert sorted(pyogrio.list_layers(out)[:, 0]) == ["incidents", "mentions"]
    gdf = gpd.read_file(out, layer="incidents")
    records = _records(serial[1])
    assert len(gdf) == len(records) and gdf.crs.to_epsg() == 4326
    assert list(gdf["document"]) == [r["document"] for r in records]
    placed = gdf[gdf["latitude"].notna()]
    assert (placed.geometry.y == placed["latitude"]).all()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents.gpkg"]


def test_corpus_without_incidents_still_writes_valid_outputs(
    tmp_path: Path, gazetteer: Gazetteer
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_bytes(b"")
    for name in ("empty.jsonl", "empty.gpkg"):
        summary = process_corpus([tmp_path / "in"], tmp_path / name, workers=1, summary=False)
        assert (summary.documents, summary.incidents, len(summary.errors)) == (1, 0, 1)
    assert (tmp_path / "empty.jsonl").read_text() == ""
    assert len(gpd.read_file(tmp_path / "empty.gpkg", layer="incidents")) == 0


def test_bad_output_or_input_is_an_error_before_any_work(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(InputError, match=r"\.jsonl or \.gpkg"):
        process_corpus([corpus], tmp_path / "out.csv")
    with pytest.raises(InputError, match="no such file"):
        process_corpus([tmp_path / "missing"], tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_summary_is_logged(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, gazetteer: Gazetteer
) -> None:
    with caplog.at_level(logging.INFO, logger="geomap"):
        process_corpus(
            [corpus / "b-feed.jsonl"], tmp_path / "o.jsonl", workers=1, gazetteer=gazetteer
        )
    records = [r for r in caplog.records if r.name.startswith("geomap")]
    assert records[-1].levelno == logging.INFO
    assert records[-1].getMessage().startswith("5 documents (2 processed, 3 errors):")
    skipped = [r for r in records if r.levelno == logging.WARNING]
    assert any("b-feed.jsonl:3" in r.getMessage() for r in skipped)


@click.group(cls=GeomapGroup)
def app() -> None:
    """The batch commands alone."""


register(app)


def test_cli_corpus(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(app, ["corpus", str(corpus), "-o", str(out), "-j", "1", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["documents"] == 11 and payload["errors"] == 6
    assert len(_records(out)) == payload["incidents"]
    missing = CliRunner().invoke(app, ["corpus", str(tmp_path / "nope"), "-o", str(out)])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no such file")


def test_utf16_fifos_and_oversized_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geomap.scale.documents as corpus_module

    (tmp_path / "a-utf16.txt").write_bytes("Clashes in Mosul on Monday.".encode("utf-16"))
    os.mkfifo(tmp_path / "b-fifo.txt")  # would block a reader forever
    (tmp_path / "c-big.txt").write_text("Mosul " * 100)
    big_line = json.dumps({"text": "Basra " * 100})
    lines = [json.dumps({"text": "Kut"}), big_line, json.dumps({"text": "Amarah"})]
    (tmp_path / "d.jsonl").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(corpus_module, "MAX_DOCUMENT_BYTES", 200)
    items = {Path(i.id).name: i for i in iter_documents([tmp_path])}
    utf16 = items["a-utf16.txt"]
    assert isinstance(utf16, Document) and utf16.text == "Clashes in Mosul on Monday."
    assert items["b-fifo.txt"] == DocumentError(
        1, str(tmp_path / "b-fifo.txt"), "not a regular file"
    )
    big = items["c-big.txt"]
    assert isinstance(big, DocumentError) and "larger than" in big.error
    assert (
        isinstance(items["d.jsonl:2"], DocumentError) and "longer than" in items["d.jsonl:2"].error
    )
    assert isinstance(items["d.jsonl:3"], Document) and items["d.jsonl:3"].text == "Amarah"
    # Units cut around the long line read the same documents.
    units = document_units([tmp_path / "d.jsonl"], records_per_unit=1)
    assert [i.id for u in units for i in iter_unit(u)] == [
        f"{tmp_path / 'd.jsonl'}:{n}" for n in (1, 2, 3)
    ]


def test_an_output_inside_the_corpus_is_not_read_back(tmp_path: Path, gazetteer: Gazetteer) -> None:
    (tmp_path / "a.txt").write_text(MOSUL, encoding="utf-8")
    out = tmp_path / "incidents.jsonl"
    first = process_corpus([tmp_path], out, workers=1, gazetteer=gazetteer, summary=False)
    second = process_corpus([tmp_path], out, workers=1, gazetteer=gazetteer, summary=False)
    assert first.documents == second.documents == 1 and not second.errors


def test_progress_bar_and_unwritable_outputs(
    corpus: Path, serial: Any, tmp_path: Path, gazetteer: Gazetteer
) -> None:
    out = tmp_path / "bar.jsonl"
    process_corpus([corpus], out, workers=1, progress=True, gazetteer=gazetteer, summary=False)
    assert out.read_bytes() == serial[1].read_bytes()
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(OutputError, match=r"cannot write .*file/o\.jsonl"):
        process_corpus([corpus], tmp_path / "file" / "o.jsonl", workers=1, gazetteer=gazetteer)
