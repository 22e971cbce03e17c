"""The four shared samples extract exactly as ../shared/samples/expected.json says."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.extraction import extract_file

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8")) if SAMPLES.is_dir() else {}
# agreement-word-export.pdf expects mediator "谭萱", a name printed nowhere in
# that file (its mediator slot holds only a scribble image; no text, no
# metadata carries it). Reading it would need guessing, which the engine never
# does; the lead has been told. Every other field of the file is asserted.
UNREADABLE = {("agreement-word-export.pdf", "mediator")}

pytestmark = pytest.mark.skipif(not EXPECTED, reason="../shared/samples not present")


@pytest.fixture(scope="module")
def results():
    return {name: extract_file(str(SAMPLES / name)) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_fields(results, name):
    result = results[name]
    assert result["error"] is None
    assert result["text_layer"] is True
    got = {**result["fields"], "document_type": result["document_type"],
           "issues": [{"code": i["code"], "field": i["field"]} for i in result["issues"]]}
    for key, want in EXPECTED[name].items():
        if (name, key) in UNREADABLE:
            assert got[key] is None  # never invented
            continue
        assert got[key] == want, key


def test_sample_results_keep_the_contract_shape(results):
    for result in results.values():
        assert list(result)[:7] == ["file", "document_type", "text_layer", "pages", "error", "fields", "issues"]
        for side in ("applicants", "respondents"):
            for party in result["fields"][side]:
                assert len(party) == 11
