"""A file that arrives through the presigned (large-file) path gets the same checks as a direct upload (issue 8)."""
import json
import os

import fastjsonschema
import pytest

from chalicelib import aws, entrypoints
from chalicelib.openapi import json_schema
from chalicelib.settings import get_settings
from tests.integration.http import bearer, multipart
from tests.integration.support import application_fields, sqs_event, sqs_record
from tests.robustness.errors import refused
from tests.robustness.test_hostile_requests import JSON, real_extraction, send  # noqa: F401 (fixture)

RANDOM_5_MB = os.urandom(5 * 1024 * 1024)


def _presign(stack, **body):
    answer = send(stack, "POST", "/uploads", JSON, body or {"org_id": "xx-sme"})
    assert answer.status_code == 201, answer.body
    return answer.json_body


def _upload_and_step(promised: dict, data: bytes) -> None:
    """What the browser and S3 do (post to the presigned target, notify the queue), then the uploads step."""
    fields = promised["upload"]["fields"]
    metadata = {k[len("x-amz-meta-"):]: v for k, v in fields.items() if k.startswith("x-amz-meta-")}
    aws.client("s3").put_object(Bucket=get_settings().documents_bucket, Key=fields["key"], Body=data,
                                Metadata=metadata)
    notice = json.dumps({"Records": [{"eventName": "ObjectCreated:Post", "s3": {"object": {"key": fields["key"]}}}]})
    assert entrypoints.upload(sqs_event([sqs_record(notice)]), None) == {"batchItemFailures": []}


def _state(stack, promised, token=None):
    return send(stack, "GET", f"/uploads/{promised['case_id']}", bearer(token or promised["party_token"]))


def test_an_upload_to_an_unknown_organization_is_refused_like_a_direct_one(stack):
    refused(send(stack, "POST", "/uploads", JSON, {"org_id": "no-such-org"}), 422, "unknown_organization")


def test_a_random_5_mb_file_through_the_presigned_path_is_refused_as_a_direct_upload_is(stack, real_extraction):
    body, content_type = multipart({}, data=RANDOM_5_MB)
    direct = refused(send(stack, "POST", "/applications", {"Content-Type": content_type}, body), 422)
    promised = _presign(stack)
    assert _state(stack, promised).json_body["status"] == "pending"
    _upload_and_step(promised, RANDOM_5_MB)
    _upload_and_step(promised, RANDOM_5_MB)  # a redelivered notification changes nothing
    assert stack.deps.cases.get(promised["case_id"]) is None  # no case, nothing queued
    state = _state(stack, promised)
    assert state.status_code == 200 and state.json_body["status"] == "rejected"
    assert (state.json_body["error"]["code"], state.json_body["error"]["message"]) == (direct["code"], direct["message"])
    assert stack.deps.documents.get(promised["upload"]["fields"]["key"]) == RANDOM_5_MB  # the upload is kept
    fastjsonschema.validate(json_schema("UploadState"), state.json_body)  # as /openapi.json describes it


def test_an_agreement_uploaded_as_an_application_is_refused_with_the_direct_code(stack):
    stack.extractor.result = {"document_type": "agreement", "text_layer": True, "pages": 1, "error": None,
                              "issues": [], "fields": application_fields()}
    promised = _presign(stack)
    _upload_and_step(promised, b"%PDF-1.7 an agreement")
    assert _state(stack, promised).json_body["error"]["code"] == "not_an_application"
    assert stack.deps.cases.get(promised["case_id"]) is None


def test_a_readable_application_is_accepted_and_names_its_case(stack):
    stack.extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                              "issues": [], "fields": application_fields()}
    promised = _presign(stack)
    _upload_and_step(promised, b"%PDF-1.7 an application")
    state = _state(stack, promised).json_body
    assert (state["status"], state["case_id"]) == ("accepted", promised["case_id"])
    opened = stack.deps.cases.get(promised["case_id"])  # it waits for the applicant's phone, as a direct one does
    assert (opened.status, opened.flags) == ("received", ["awaiting_verification"])


@pytest.mark.parametrize("result", [{}, {"document_type": "application", "fields": {}}])
def test_someone_elses_token_learns_nothing_about_an_upload(stack, result):
    stack.extractor.result = {"document_type": "unknown", "error": {"code": "not_pdf", "message": "x"}} if not result \
        else {**result, "text_layer": True, "pages": 1, "error": None, "issues": []}
    promised, other = _presign(stack), _presign(stack)
    _upload_and_step(promised, b"%PDF-1.7")
    refused(_state(stack, promised, token=other["party_token"]), 404, "upload_not_found")
