"""Extraction accuracy, field by field, on the generated corpus and the samples.

Each (document, field) pair is its own test, so a failure names the producer,
the layout and the field, and shows only the leaves that differ.
"""

from __future__ import annotations

import json

import pytest

from tests.extraction.corpus import accuracy, cases, compare, owner_locked_case, random_case
from tests.extraction.corpus.compare import report
from tests.extraction.corpus.content import AGREEMENT_KEYS, APPLICATION_KEYS
from tests.extraction.corpus.support import SAMPLES

TOP_KEYS = ("document_type", "text_layer", "error", "pages", "issues")
SHARED_KEYS = ("applicants", "respondents", "dispute_category")
ACCURACY_TARGET = 0.98  # issue 3 (issue 10 asks >= 0.97 on the whole corpus)
PRODUCER_FLOOR = 0.93  # issue 10: no producer below this



def _keys(case) -> list[str]:
    specific = list(APPLICATION_KEYS) if case.document_type == "application" else (
        [k for k in APPLICATION_KEYS if k != "facts"] + list(AGREEMENT_KEYS))
    return list(TOP_KEYS) + list(SHARED_KEYS) + specific


TEXT_CASES = [c for c in cases() if c.producer != "scan"]
SCAN_CASES = [c for c in cases() if c.producer == "scan"]
FIELD_PARAMS = [pytest.param(case, key, id=f"{case.name}:{key}")
                for case in TEXT_CASES for key in _keys(case)]


@pytest.mark.parametrize(("case", "key"), FIELD_PARAMS)
def test_field(case, key, extracted):
    truth, result = extracted(case)
    leaves = compare(truth, result, keys=[key])
    assert leaves, f"nothing to compare for {key}"
    assert all(leaf.ok for leaf in leaves), f"{case.name} ({case.producer}) {key}:\n{report(leaves)}"


@pytest.mark.parametrize("case", SCAN_CASES, ids=lambda c: c.name)
def test_scan_reports_no_text_layer_and_invents_nothing(case, extracted):
    truth, result = extracted(case)
    assert result["text_layer"] is False
    assert result["issues"], "a scan must say why no fields were read"
    assert result["document_type"] in ("unknown", truth["document_type"])
    invented = [leaf for leaf in compare(truth, result, keys=list(truth["fields"]))
                if leaf.actual not in (None, [], "<missing>") and not leaf.ok]
    assert not invented, "fields read from a page without text:\n" + report(invented)


def test_owner_password_only_reads_or_refuses_cleanly(extracted):
    """Permissions-only encryption opens without a password: read it right, or say `encrypted`."""
    truth, result = extracted(owner_locked_case())
    if result.get("error"):
        assert result["error"]["code"] == "encrypted"
        assert result["document_type"] == "unknown"
        return
    assert all(leaf.ok for leaf in compare(truth, result)), report(compare(truth, result))


def _sample_truth(entry: dict) -> dict:
    fields = {k: v for k, v in entry.items() if k not in ("document_type", "issues")}
    return {"document_type": entry["document_type"], "fields": fields, "issues": entry["issues"]}


def _sample_params() -> list:
    path = SAMPLES / "expected.json"
    if not path.exists():
        return []
    expected = json.loads(path.read_text(encoding="utf-8"))
    return [pytest.param(name, key, _sample_truth(entry), id=f"sample:{name}:{key}")
            for name, entry in sorted(expected.items())
            for key in ["document_type", "issues"] + [k for k in entry if k not in ("document_type", "issues")]]


@pytest.mark.parametrize(("name", "key", "truth"), _sample_params())
def test_sample_field(name, key, truth, engine):
    result = _sample_result(name, engine)
    leaves = compare(truth, result, keys=[key])
    assert all(leaf.ok for leaf in leaves), f"{name} {key}:\n{report(leaves)}"


_sample_results: dict[str, dict] = {}


def _sample_result(name: str, engine) -> dict:
    if name not in _sample_results:
        _sample_results[name] = engine(str(SAMPLES / name))
    return _sample_results[name]


def test_aggregate_field_accuracy(extracted):
    """The share of all ground-truth leaves the engine gets exactly right."""
    pairs = [extracted(case) for case in TEXT_CASES]
    matched, total = accuracy(pairs)
    print(f"field accuracy {matched}/{total} = {100 * matched / total:.2f}% over {len(pairs)} documents")
    assert matched / total >= ACCURACY_TARGET, f"field accuracy {100 * matched / total:.2f}% < 98%"


def test_no_producer_below_the_floor(extracted):
    """Issue 10: the corpus as a whole is not allowed to hide one kind of document read badly."""
    by_producer: dict[str, list] = {}
    for case in TEXT_CASES:
        by_producer.setdefault(case.producer, []).append(extracted(case))
    shares = {producer: accuracy(pairs) for producer, pairs in by_producer.items()}
    low = {p: f"{100 * m / t:.1f}%" for p, (m, t) in shares.items() if m / t < PRODUCER_FLOOR}
    assert not low, f"producers below {100 * PRODUCER_FLOOR:.0f}%: {low}"


FUZZ_SEEDS = [425, 467, 488, 2257, 2417, 8107, 8129, 8447, 8479, 9117, 12117] + list(range(1000, 1024))  # the first eleven caught defects


@pytest.mark.parametrize("seed", FUZZ_SEEDS, ids=lambda s: f"random{s}")
def test_random_document(seed, extracted):
    """Documents drawn at random from every knob of the corpus, compared whole."""
    case = random_case(seed)
    truth, result = extracted(case)
    leaves = compare(truth, result)
    assert all(leaf.ok for leaf in leaves), f"{case.name} {case.look}:\n{report(leaves)}"
