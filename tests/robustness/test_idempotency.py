"""Idempotency-Key on POST /applications and POST /uploads (CONTRACT R2): a retried submission makes one case."""
import hashlib
import json
import uuid

import pytest

from chalicelib.errors import Conflict
from chalicelib.services.idempotency import remembered
from chalicelib.services.intake import submit_application
from tests.integration.http import multipart
from tests.integration.support import application_fields, party
from tests.robustness.errors import refused
from tests.robustness.test_hostile_requests import JSON, send


def _cases(stack) -> set[str]:
    return {c.case_id for c in stack.deps.cases.in_status("received")}  # waiting for the applicant's phone


def _apply(stack, key, body=None, **fields):
    return send(stack, "POST", "/applications", {**JSON, "Idempotency-Key": key},
                body or application_fields(applicants=[party(f"申请人{key[:8]}", phone=_phone(key))], **fields))


def _phone(key: str) -> str:
    """A mobile number of the key's own: each phone has its own SMS send window."""
    return f"139{int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 10 ** 8:08d}"


def test_a_retried_application_gets_the_first_answer_and_makes_one_case(stack):
    key, before = uuid.uuid4().hex, _cases(stack)
    first, again = _apply(stack, key), _apply(stack, key)
    assert first.status_code == again.status_code == 201, (first.body, again.body)
    assert again.json_body == first.json_body  # the same case_id and party_token
    assert _cases(stack) - before == {first.json_body["case_id"]}


def test_a_retried_pdf_upload_makes_one_case(stack):
    stack.extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                              "issues": [], "fields": application_fields()}
    body, content_type = multipart({"org_id": "xx-sme"}, data=b"%PDF-1.7 one application")
    headers = {"Content-Type": content_type, "Idempotency-Key": uuid.uuid4().hex}
    before = _cases(stack)
    answers = [send(stack, "POST", "/applications", headers, body) for _ in range(3)]
    assert {a.status_code for a in answers} == {201}
    assert len({json.dumps(a.json_body, sort_keys=True) for a in answers}) == 1
    assert len(_cases(stack) - before) == 1 and stack.extractor.calls == 1


def test_the_same_key_with_another_body_is_refused_and_creates_nothing(stack):
    key = uuid.uuid4().hex
    assert _apply(stack, key).status_code == 201
    before = _cases(stack)
    refused(_apply(stack, key, facts="另一份申请"), 422, "idempotency_key_reused")
    assert _cases(stack) == before


def test_a_key_is_remembered_for_24_hours_only(stack):
    key = uuid.uuid4().hex
    first = _apply(stack, key)
    stack.clock.advance(hours=23, minutes=59)
    assert _apply(stack, key).json_body["case_id"] == first.json_body["case_id"]
    stack.clock.advance(minutes=2)
    later = _apply(stack, key)
    assert later.status_code == 201 and later.json_body["case_id"] != first.json_body["case_id"]


def test_a_duplicate_arriving_while_the_first_runs_waits_and_creates_nothing(stack):
    """The conditional put claims the key first: a concurrent duplicate sees it in progress (409, retry)."""
    key, form, before = uuid.uuid4().hex, application_fields(), _cases(stack)
    duplicate = []

    def first():
        with pytest.raises(Conflict) as refusal:
            remembered(stack.deps, key, "applications", (form, b""), lambda: duplicate.append("ran") or (201, {}))
        duplicate.append(refusal.value.code)
        return 201, submit_application(stack.deps, form)

    status, body = remembered(stack.deps, key, "applications", (form, b""), first)
    assert duplicate == ["idempotency_in_progress"]  # the duplicate never ran
    assert _cases(stack) - before == {body["case_id"]}
    assert remembered(stack.deps, key, "applications", (form, b""), lambda: (500, {})) == (status, body)


def test_a_claim_left_by_a_crashed_request_lapses(stack):
    key, form = uuid.uuid4().hex, application_fields()

    def crash():
        raise SystemExit("the Lambda died mid-request")  # not an Exception: nothing releases the claim

    with pytest.raises(SystemExit):
        remembered(stack.deps, key, "applications", (form, b""), crash)
    with pytest.raises(Conflict):
        remembered(stack.deps, key, "applications", (form, b""), lambda: (201, {"ran": True}))
    stack.clock.advance(minutes=3)
    assert remembered(stack.deps, key, "applications", (form, b""), lambda: (201, {"ran": True})) == (201, {"ran": True})


def test_a_refused_request_does_not_hold_its_key(stack):
    key = uuid.uuid4().hex
    refused(_apply(stack, key, org_id="no-such-org"), 422, "unknown_organization")
    assert _apply(stack, key, org_id="xx-sme").status_code == 201


def test_a_retried_presign_returns_the_same_upload(stack):
    headers = {**JSON, "Idempotency-Key": uuid.uuid4().hex}
    first = send(stack, "POST", "/uploads", headers, {"org_id": "xx-sme"})
    again = send(stack, "POST", "/uploads", headers, {"org_id": "xx-sme"})
    assert first.status_code == again.status_code == 201 and again.json_body == first.json_body
    refused(send(stack, "POST", "/uploads", headers, {"org_id": None}), 422, "idempotency_key_reused")


@pytest.mark.parametrize("key", ["", "has space", "键", "k" * 256])
def test_a_key_that_is_not_printable_ascii_is_refused(stack, key):
    refused(_apply(stack, key), 400)
