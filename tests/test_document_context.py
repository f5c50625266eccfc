"""One document context: the dateline, the tokens and spaCy's run are
computed once per document, however many stages read them.

The stages run for real (real gazetteer, real spaCy model); the counters
only wrap the functions to see how often each is called.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.events.article import Article
from geomap.events.extract import Extractor
from geomap.geoparsing import document as document_module
from geomap.geoparsing.document import DocumentText
from geomap.geoparsing.parser import Geoparser
from geomap.geoparsing.referee import SpacyRecognizer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "baghdad-2021-11-07.txt").read_text(encoding="utf-8")


def _counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_one_spacy_run_and_one_dateline_search_per_document(
    monkeypatch: pytest.MonkeyPatch, ner: Geoparser
) -> None:
    extractor = Extractor(ner)
    spacy_runs = _counting(monkeypatch, SpacyRecognizer, "entities")
    dateline_searches = _counting(monkeypatch, document_module, "find_dateline")
    tokenisations = _counting(monkeypatch, document_module, "_tokens")
    extraction = extractor.extract(EXAMPLE)
    assert extraction.incidents  # the stages really ran
    assert len(spacy_runs) == 1
    assert len(dateline_searches) == 1
    assert len(tokenisations) == 1


def test_stages_accept_the_context_or_a_string(fast: Geoparser) -> None:
    article = Article(EXAMPLE)
    assert fast.parse(article) == fast.parse(EXAMPLE)
    assert article.dateline is not None and EXAMPLE[: article.dateline.end].strip()
    # The event stage's view of the same document keeps what was computed.
    plain = DocumentText(EXAMPLE)
    _ = plain.dateline
    promoted = Article.of(plain)
    assert promoted.text == EXAMPLE and Article.of(promoted) is promoted
    head = promoted.header_end
    assert all(d.start >= head for d in promoted.body_dates(None))
    assert promoted.body_dates(None) is promoted.body_dates(None)  # cached per date
