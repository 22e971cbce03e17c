"""OCR of phone photos and flatbed scans (issue 10), on the corpus's camera generators.

The documents are the text corpus's own (run-in, labelled, multi-party), drawn
again as image-only PDFs by `corpus/camera.py`; each is read once per run
through `extract_with_ocr`, the upload worker's entry point.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.extraction.corpus import camera_cases, materialise
from tests.extraction.corpus.compare import OCR_KEYS, by_field_kind, compare
from tests.extraction.corpus.support import REPO

FLOORS = {"flatscan": 0.95, "photo": 0.85}  # issue 10: names, ids, credit codes, amounts
CASES = camera_cases()


@pytest.fixture(scope="session")
def ocr_read(cache_dir):
    """`ocr_read(case)` → (truth, result), each document recognised once per run (shared by xdist workers)."""
    from chalicelib.extraction import extract_with_ocr

    shared = cache_dir / "ocr-results"
    shared.mkdir(parents=True, exist_ok=True)

    def run(case):
        path, truth = materialise(case, cache_dir)
        saved = shared / f"{case.name}.json"
        if not saved.exists():
            scratch = shared / f".{case.name}.{os.getpid()}"
            scratch.write_text(json.dumps(extract_with_ocr(path.read_bytes()), ensure_ascii=False), "utf-8")
            os.replace(scratch, saved)
        return truth, json.loads(saved.read_text("utf-8"))

    return run


@pytest.mark.parametrize("producer", sorted(FLOORS))
def test_field_kinds_reach_the_floor(producer, ocr_read):
    pairs = [ocr_read(case) for case in CASES if case.producer == producer]
    shares = by_field_kind(pairs)
    print(producer, {kind: f"{right}/{total}" for kind, (right, total) in shares.items()})
    assert all(total for _, total in shares.values()), f"a field kind missing from the {producer} generator"
    low = {kind: f"{right}/{total}" for kind, (right, total) in shares.items() if right / total < FLOORS[producer]}
    assert not low, f"{producer} below {FLOORS[producer]}: {low}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_value_read_is_marked_ocr(case, ocr_read):
    truth, result = ocr_read(case)
    assert result["text_layer"] is False and result["document_type"] == truth["document_type"]
    marked = {i["field"]: i["confidence"] for i in result["issues"] if i["code"] == "ocr"}
    fields = result["fields"]
    stated = [f"{side}[{n}].{key}" for side in ("applicants", "respondents") for n, party in enumerate(fields[side])
              for key, value in party.items() if value is not None and key != "kind"]
    stated += [key for key in ("claim_amount", "settlement_amount", "court", "signed_date") if fields.get(key)]
    assert stated and all(0 < marked[path] <= 1 for path in stated), set(stated) - set(marked)
    assert fields["signatures"] is None  # agreements: marks on an image are left to a person, and say so
    assert ("signatures" in marked) == (case.document_type == "agreement")


BROKEN = [case for case in CASES if case.options.broken]


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c.name)
def test_a_failed_check_read_by_ocr_is_a_doubt_not_the_partys_error(case, ocr_read):
    truth, result = ocr_read(case)
    expected = {i["field"] for i in truth["issues"] if i.get("code") == "checksum"}
    assert expected, "the generator broke no check digit"
    assert not [i for i in result["issues"] if i["code"] == "checksum"]
    doubts = {i["field"] for i in result["issues"] if i["code"] == "ocr_doubt" and i["check"] == "checksum"}
    assert expected <= doubts


def test_a_text_layer_is_not_recognised_again(cache_dir):
    from chalicelib.extraction import extract_with_ocr
    from tests.extraction.corpus import cases

    path, truth = materialise(next(c for c in cases() if c.name == "runin-app-00"), cache_dir)
    result = extract_with_ocr(path.read_bytes())
    assert result["text_layer"] is True
    assert not [i for i in result["issues"] if i["code"] == "ocr"]
    assert all(leaf.ok for leaf in compare(truth, result, keys=OCR_KEYS))


def test_the_api_import_chain_loads_no_ocr():
    """OCR's libraries cost about a second to import: the API (app.py and its chain) never loads them."""
    code = ("import sys, app, chalicelib.extraction, chalicelib.services.uploads, chalicelib.entrypoints; "
            "print([m for m in ('rapidocr_onnxruntime', 'onnxruntime', 'cv2', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
