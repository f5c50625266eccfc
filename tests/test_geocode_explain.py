"""``geomap geocode --explain``: every score is the sum of its named parts,
and every status comes with its reason."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.gazetteer.geocoding import geocode_candidates
from geomap.gazetteer.store import Gazetteer
from geomap.scale.geocode import status_and_reason


@pytest.mark.parametrize("name", ["Alexandria", "Basra", "Man.", "Springfield", "Mosull", "Kyiv"])
def test_parts_add_up_to_the_score(gazetteer: Gazetteer, name: str) -> None:
    found = geocode_candidates(gazetteer, name)
    assert found
    for cand in found[:10]:
        assert cand.parts and cand.parts[0][0] == "prior"
        assert sum(v for _, v in cand.parts) == pytest.approx(cand.rank_score, abs=0.01)


def test_each_status_has_its_reason(gazetteer: Gazetteer) -> None:
    status, reason = status_and_reason(geocode_candidates(gazetteer, "Springfield"))
    assert status == "ambiguous" and "Springfield, US" in reason and "km away" in reason
    status, reason = status_and_reason(geocode_candidates(gazetteer, "Mosull"))
    assert status == "fuzzy" and "similarity" in reason
    assert status_and_reason([]) == ("not found", "no trusted name matches")
    # The governorate is capped below its city: the cap is a named part.
    basra = geocode_candidates(gazetteer, "Basra")
    assert any(name == "below its city of the same name" for c in basra for name, _ in c.parts)


def test_cli_explains_in_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["geocode", "Man.", "xqzzyv", "--explain"])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0].startswith("Man.: matched (the next candidate scores")
    assert "Manitoba, CA" in lines[1] and "abbreviation with its stop +5.00" in lines[1]
    assert "xqzzyv: not found (no trusted name matches)" in lines
    data = runner.invoke(main, ["geocode", "Springfield", "--explain", "--format", "json"])
    rows = json.loads(data.output)
    assert rows[0]["status"] == "ambiguous" and "km away" in rows[0]["reason"]
    assert sum(rows[0]["parts"].values()) == pytest.approx(rows[0]["score"], abs=0.01)
    refused = runner.invoke(
        main, ["geocode", "--input", "x.csv", "-c", "a", "-o", "o.csv", "--explain"]
    )
    assert refused.exit_code != 0 and "explain" in refused.output
