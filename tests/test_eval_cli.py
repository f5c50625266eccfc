"""`geomap eval`: the command that measures the geoparser on gold corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

CORPUS = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Troops entered Mosul. Smoke rose over Kirkuk.]]></text>
    <toponyms>
      <toponym><start>15</start><end>20</end><phrase>Mosul</phrase>
        <gaztag geonameid="99072"><lat>36.335</lat><lon>43.11889</lon></gaztag></toponym>
      <toponym><start>38</start><end>44</end><phrase>Kirkuk</phrase>
        <gaztag geonameid="94787"><lat>35.46806</lat><lon>44.39222</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_eval_prints_both_modes(tmp_path: Path) -> None:
    corpus = tmp_path / "mini.xml"
    corpus.write_text(CORPUS, encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(corpus), "--parser", "fast", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["gold"]["resolution"]["accuracy_161"] == 1.0
    recognition = report["end-to-end"]["recognition"]
    assert recognition["precision"] == 1.0 and recognition["recall"] == 1.0


def test_eval_rejects_a_file_that_is_not_a_corpus(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body>no corpus</body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and "bad.xml" in result.output


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "floor"), [("lgl.xml", 0.80), ("trnews.xml", 0.83)])
def test_gold_span_accuracy_does_not_regress(shared_corpora: Path, name: str, floor: float) -> None:
    # A regression guard at the level reached, not the target (see README).
    result = CliRunner().invoke(
        main, ["eval", str(shared_corpora / name), "--mode", "gold", "--parser", "fast", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["gold"]["resolution"]["accuracy_161"] >= floor


def _corpus(docids: list[str]) -> str:
    """A corpus of one short article per id, each naming Mosul."""
    articles = "".join(
        f'<article docid="{docid}"><text><![CDATA[Troops entered Mosul.]]></text><toponyms>'
        "<toponym><start>15</start><end>20</end><phrase>Mosul</phrase>"
        '<gaztag geonameid="99072"><lat>36.335</lat><lon>43.11889</lon></gaztag>'
        "</toponym></toponyms></article>"
        for docid in docids
    )
    return f'<?xml version="1.0" encoding="utf-8"?><articles>{articles}</articles>'


def test_split_is_fixed_by_document_id(tmp_path: Path) -> None:
    from geomap.geoparsing.corpora import in_test_split, read_corpus, split_documents

    ids = [str(n) for n in range(1, 41)]
    corpus = tmp_path / "forty.xml"
    corpus.write_text(_corpus(ids), encoding="utf-8")
    documents = read_corpus(corpus)
    test = [d.docid for d in split_documents(documents, "test")]
    dev = [d.docid for d in split_documents(documents, "dev")]
    # Fixed for ever: these ids are in the test split, by SHA-256 of the id.
    assert test == [i for i in ids if in_test_split(i)]
    assert test == ["1", "14", "18", "24", "31", "39"]
    assert sorted(test + dev, key=int) == ids and not set(test) & set(dev)
    assert [d.docid for d in split_documents(documents, "all")] == ids
    # A document's part depends on its id alone, not on its neighbours.
    reversed_corpus = tmp_path / "reversed.xml"
    reversed_corpus.write_text(_corpus(ids[::-1][:12]), encoding="utf-8")
    assert [d.docid for d in split_documents(read_corpus(reversed_corpus), "test")] == [
        "39",
        "31",
    ]


def test_split_rejects_an_unknown_name() -> None:
    from geomap.errors import InputError
    from geomap.geoparsing.corpora import split_documents

    with pytest.raises(InputError, match="split"):
        split_documents([], "train")  # type: ignore[arg-type]


def test_eval_scores_only_the_split(tmp_path: Path) -> None:
    corpus = tmp_path / "forty.xml"
    corpus.write_text(_corpus([str(n) for n in range(1, 41)]), encoding="utf-8")
    counts = {}
    for split in ("all", "dev", "test"):
        result = CliRunner().invoke(
            main,
            ["eval", str(corpus), "--parser", "fast", "--mode", "gold", "--split", split, "--json"],
        )
        assert result.exit_code == 0, result.output
        counts[split] = json.loads(result.output)["gold"]["documents"]
    assert counts == {"all": 40, "dev": 34, "test": 6}
    result = CliRunner().invoke(main, ["eval", str(corpus), "--split", "train"])
    assert result.exit_code == 2 and "--split" in result.output
