"""The handlers with real-shaped payloads from tests/events/."""
import copy
import json
import uuid
from pathlib import Path

import boto3

from chalicelib import entrypoints
from chalicelib.settings import get_settings
from tests.integration.http import staff, webhook
from tests.integration.support import application_fields, receive_all, verified_application

EVENTS = Path(__file__).resolve().parents[1] / "events"


def load(name: str, **fill) -> dict:
    text = (EVENTS / name).read_text(encoding="utf-8")
    for key, value in fill.items():
        text = text.replace("{" + key + "}", value)
    return json.loads(text)


def sqs_batch(*bodies: dict) -> dict:
    template = load("sqs-batch.json")["Records"][0]
    return {"Records": [{**copy.deepcopy(template), "messageId": str(uuid.uuid4()), "body": json.dumps(b)}
                        for b in bodies]}


def test_court_webhooks_from_the_samples(client, demo, clock, deps):
    created = webhook(client, demo["court_secret"], load("court-case-delegated.json"), now=clock().timestamp())
    assert created.status_code == 202
    case = client.http.get(f"/cases/{created.json_body['case_id']}", headers=staff("court_clerk", court_id="weibin"))
    assert case.json_body["applicants"][0]["id_number"] == "410711200109070262"
    assert case.json_body["court_case_ref"] == "（2026）豫0703诉前调117号"


def test_an_assignment_batch_with_one_bad_record_fails_only_that_record(deps, demo):
    case_id = verified_application(deps)
    receive_all("assignment_queue")
    batch = sqs_batch({"case_id": case_id}, {"no": "case id"})
    result = entrypoints.assignment(batch, None)
    assert result == {"batchItemFailures": [{"itemIdentifier": batch["Records"][1]["messageId"]}]}
    assert deps.cases.get(case_id).status == "assigned"


def test_the_uploads_queue_takes_s3_notifications_and_ignores_the_test_event(deps, demo, extractor):
    extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                        "issues": [], "fields": application_fields()}
    case_id = "C20260302feedbeef"
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=get_settings().documents_bucket, Key=f"uploads/{case_id}.pdf", Body=b"%PDF-1.7")
    batch = sqs_batch(load("s3-object-created.json", case_id=case_id), load("s3-test-event.json"))
    assert entrypoints.upload(batch, None) == {"batchItemFailures": []}
    case = deps.cases.get(case_id)
    assert (case.status, case.flags) == ("received", ["awaiting_verification"])  # its code went to the applicant
    assert len(deps.sms.messages("13784660762")) == 1


def test_the_scheduled_sweep_runs_on_the_eventbridge_event(deps, demo):
    assert entrypoints.sweep(load("scheduled.json"), None) == {"reassigned": 0, "terminated": 0, "requeued": 0, "resent": 0,
                                                               "reminded": 0}
