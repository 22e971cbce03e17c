"""A phone photo of an application through the presigned upload: the case opens at once as `reading`,
the upload step reads it by OCR, fills the case and sends the applicant's code (issue 10).

The real engine and OCR on a photo from the corpus's camera generator, the app on moto in-process."""
from __future__ import annotations

import json

import pytest

from chalicelib import entrypoints
from tests.extraction.corpus import camera_cases, materialise
from tests.integration.http import bearer, latest_code, multipart
from tests.integration.support import sqs_event, sqs_record
from tests.robustness.test_hostile_requests import real_extraction, send  # noqa: F401 (fixture)
from tests.robustness.test_presigned_uploads import _presign, _state, _upload_and_step


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    case = next(c for c in camera_cases() if c.producer == "photo" and c.document_type == "application")
    path, truth = materialise(case, tmp_path_factory.mktemp("photo"))
    return path.read_bytes(), truth


def test_a_photographed_application_is_shown_reading_then_filled_from_ocr(stack, real_extraction, photo, monkeypatch):
    data, truth = photo
    promised = _presign(stack)
    seen_while_reading = {}
    read_images = stack.deps.read_images

    def watched(pdf: bytes) -> dict:  # what the party's page sees while the worker reads
        seen_while_reading["upload"] = _state(stack, promised).json_body
        seen_while_reading["case"] = send(stack, "GET", f"/cases/{promised['case_id']}",
                                          bearer(promised["party_token"])).json_body
        return read_images(pdf)

    monkeypatch.setattr(stack.deps, "read_images", watched)
    _upload_and_step(promised, data)

    assert seen_while_reading["upload"]["status"] == "accepted"
    assert seen_while_reading["case"]["status"] == "received"
    assert "reading" in seen_while_reading["case"]["flags"]
    case = stack.deps.cases.get(promised["case_id"])
    applicant = truth["fields"]["applicants"][0]
    assert [p.name for p in case.applicants] == [p["name"] for p in truth["fields"]["applicants"]]
    assert [p.name for p in case.respondents] == [p["name"] for p in truth["fields"]["respondents"]]
    assert case.claim_amount == truth["fields"]["claim_amount"]
    assert "reading" not in case.flags
    assert {"scanned_application", "extraction_issues", "awaiting_verification"} <= set(case.flags)
    assert latest_code(stack.client, applicant["phone"])  # the party is told: the code went to the phone read


def test_a_redelivered_notice_reads_a_case_left_reading_and_nothing_twice(stack, real_extraction, photo,
                                                                          monkeypatch):
    data, _ = photo
    promised = _presign(stack)
    calls = []

    def dies(pdf: bytes) -> dict:  # the worker's first run is killed while it reads
        calls.append(len(pdf))
        raise TimeoutError("Lambda timed out")

    read_images = stack.deps.read_images
    monkeypatch.setattr(stack.deps, "read_images", dies)
    with pytest.raises(AssertionError):
        _upload_and_step(promised, data)  # the batch reports the record failed: SQS redelivers it
    assert "reading" in stack.deps.cases.get(promised["case_id"]).flags

    monkeypatch.setattr(stack.deps, "read_images", lambda pdf: calls.append(len(pdf)) or read_images(pdf))
    _upload_and_step(promised, data)
    read = stack.deps.cases.get(promised["case_id"])
    assert "reading" not in read.flags and read.applicants
    _upload_and_step(promised, data)  # once read, a redelivery reads nothing again
    assert len(calls) == 2


def test_a_photo_posted_directly_answers_at_once_reading_and_the_worker_reads_it(stack, real_extraction, photo):
    data, truth = photo
    body, content_type = multipart({"org_id": "xx-sme"}, data=data)
    answer = send(stack, "POST", "/applications", {"Content-Type": content_type}, body)
    assert answer.status_code == 201, answer.body
    created = answer.json_body
    assert created["status"] == "received" and "reading" in created["flags"]
    assert created["extraction"]["text_layer"] is False
    party = bearer(created["party_token"])
    assert "reading" in send(stack, "GET", f"/cases/{created['case_id']}", party).json_body["flags"]

    notice = json.dumps({"Records": [{"eventName": "ObjectCreated:Put",
                                      "s3": {"object": {"key": f"uploads/{created['case_id']}.pdf"}}}]})
    assert entrypoints.upload(sqs_event([sqs_record(notice)]), None) == {"batchItemFailures": []}
    read = send(stack, "GET", f"/cases/{created['case_id']}", party).json_body
    assert "reading" not in read["flags"] and "awaiting_verification" in read["flags"]
    assert [p["name"] for p in read["applicants"]] == [p["name"] for p in truth["fields"]["applicants"]]
    applicant = truth["fields"]["applicants"][0]
    assert read["applicants"][0]["id_number"] == applicant["id_number"]  # the token now speaks for the applicant
    assert latest_code(stack.client, applicant["phone"])
