"""Faults in the middle of a request: no half-written case, and a retry (or the sweep) completes the step.

tests/integration/test_faults.py covers the SQS steps (a throttled transaction,
a lost send inside the assignment step, a stale read) and the sweep requeueing
an intake whose message was lost, at the service level. These tests go through
HTTP, where the caller sees the fault and retries.
"""
import json

import botocore.exceptions
import pytest

from chalicelib import aws, entrypoints
from chalicelib.adapters.models import CaseModel, connection
from chalicelib.services.sweep import sweep_deadlines
from tests.integration.http import multipart, post_json, staff, verify_phone, webhook
from tests.integration.support import agreement_extraction, application_fields, receive_all, sqs_event
from tests.robustness.conftest import delegated
from tests.robustness.errors import refused
from tests.robustness.support import record_failure


class LostSends:
    """An SQS outage: every send fails until `restore()`."""

    def __init__(self, real):
        self.real, self.down = real, True

    def send(self, queue, body, delay_seconds=0):
        if self.down:
            raise botocore.exceptions.EndpointConnectionError(endpoint_url="https://sqs")
        self.real.send(queue, body, delay_seconds)


@pytest.fixture
def sqs_down(stack, monkeypatch):
    lost = LostSends(stack.deps.publisher)
    monkeypatch.setattr(stack.deps, "publisher", lost)
    for name in ("assignment_queue", "outcome_queue", "notifications_queue"):
        receive_all(name)  # start from empty queues
    return lost


def _fail(service_client, event_name):
    def refuse(**_):
        raise botocore.exceptions.ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}},
                                              event_name.rsplit(".", 1)[-1])
    service_client.meta.events.register(f"before-call.{event_name}", refuse, unique_id="robustness-fault")
    return lambda: service_client.meta.events.unregister(f"before-call.{event_name}", unique_id="robustness-fault")


def _case_ids() -> set[str]:
    return {m.case_id for m in CaseModel.scan()}


def _internal_error(answer):
    assert answer.status_code >= 500, answer.body
    assert json.loads(answer.body)["error"]["code"] == "internal_error"


def test_an_application_whose_queue_send_fails_leaves_no_orphaned_case(stack, sqs_down):
    """Either the party gets its case (and token) and the step follows later, or nothing was opened."""
    before = _case_ids()
    answer = post_json(stack.client, "/applications", application_fields())
    opened = _case_ids() - before
    if answer.status_code >= 500:
        assert opened == set(), "the case exists, but the party was never given its id or token"
        return
    assert answer.status_code == 201 and opened == {answer.json_body["case_id"]}
    # the phone's confirmation is what queues a public application: the party is in though the send fails
    assert verify_phone(stack.client, answer.json_body["case_id"], "13784660762").status_code == 200
    sqs_down.down = False
    stack.clock.advance(minutes=16)
    sweep_deadlines(stack.deps)
    queued = [json.loads(r["body"]) for r in receive_all("assignment_queue")]
    assert answer.json_body["case_id"] in [m["case_id"] for m in queued]



def test_an_application_pdf_that_cannot_be_stored_opens_no_case(stack):
    stack.extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                              "issues": [], "fields": application_fields()}
    before = _case_ids()
    restore = _fail(aws.client("s3"), "s3.PutObject")
    try:
        body, content_type = multipart({})
        answer = stack.client.http.post("/applications", body=body, headers={"Content-Type": content_type})
    finally:
        restore()
    _internal_error(answer)
    assert _case_ids() == before


def test_an_application_whose_transaction_fails_opens_no_case_and_queues_nothing(stack):
    receive_all("assignment_queue")
    before = _case_ids()
    restore = _fail(connection().client, "dynamodb.TransactWriteItems")
    try:
        answer = post_json(stack.client, "/applications", application_fields())
    finally:
        restore()
    _internal_error(answer)
    assert _case_ids() == before
    assert receive_all("assignment_queue") == []


def test_a_delegation_whose_queue_send_fails_is_assigned_after_the_sweep(stack, sqs_down):
    event = delegated(stack.event_id())
    first = webhook(stack.client, stack.court_secret, event, now=stack.clock().timestamp())
    assert first.status_code == 202, first.body  # the case stands; its assignment message waits for the sweep
    case_id = first.json_body["case_id"]
    sqs_down.down = False
    again = webhook(stack.client, stack.court_secret, event, now=stack.clock().timestamp())
    assert refused(again, 409, "replayed_event")["details"]["case_id"] == case_id
    assert stack.deps.cases.get(case_id).status == "pending_assignment"
    stack.clock.advance(minutes=16)
    sweep_deadlines(stack.deps)
    assert case_id in [json.loads(r["body"])["case_id"] for r in receive_all("assignment_queue")]


def _lost_then_retried(stack, sqs_down, case_id, request, *, status: str, queue: str) -> list[dict]:
    """`request` commits while SQS is down (answering as the change stands: no 5xx), is retried once SQS is
    back (one effect), then the sweep runs: what reached `queue`."""
    receive_all(queue)
    sqs_down.down = True
    answered = request()
    assert 200 <= answered.status_code < 300, answered.body
    assert stack.deps.cases.get(case_id).status == status  # the change stands; its message did not leave
    sqs_down.down = False
    request()
    stack.clock.advance(minutes=16)
    sweep_deadlines(stack.deps)
    return [json.loads(r["body"]) for r in receive_all(queue)]


def _settle(stack, case_id, mediator):
    stack.extractor.result = agreement_extraction(mediator_name=stack.deps.cases.get(case_id).mediator_name)
    body, content_type = multipart({})
    return stack.client.http.post(f"/cases/{case_id}/agreement", body=body,
                                  headers={**mediator, "Content-Type": content_type})


def test_an_acceptance_whose_court_notice_was_lost_is_resent_by_the_retry(stack, sqs_down):
    sqs_down.down = False
    case_id = stack.delegate().json_body["case_id"]
    assert entrypoints.assignment(sqs_event(receive_all("assignment_queue")), None) == {"batchItemFailures": []}
    mediator = staff("mediator", mediator_id=stack.deps.cases.get(case_id).mediator_id)
    told = _lost_then_retried(stack, sqs_down, case_id,
                              lambda: post_json(stack.client, f"/cases/{case_id}/acceptance", {"decision": "accept"},
                                                mediator),
                              status="mediating", queue="notifications_queue")
    assert "case.accepted" in [m["message"]["type"] for m in told]


def test_a_failed_mediation_whose_outcome_message_was_lost_is_completed_by_a_retry_or_the_sweep(stack, sqs_down):
    case_id, mediator = stack.mediating_case_while(sqs_down)
    queued = _lost_then_retried(stack, sqs_down, case_id, lambda: record_failure(stack, case_id, mediator),
                                status="failed", queue="outcome_queue")
    assert any(m["case_id"] == case_id and m["result"] == "failed" for m in queued)


def test_a_settlement_whose_outcome_message_was_lost_is_completed_by_a_retry_or_the_sweep(stack, sqs_down):
    case_id, mediator = stack.mediating_case_while(sqs_down)
    queued = _lost_then_retried(stack, sqs_down, case_id, lambda: _settle(stack, case_id, mediator),
                                status="settled", queue="outcome_queue")
    assert any(m["case_id"] == case_id and m["result"] == "settled" for m in queued)


def test_a_confirmation_request_whose_court_notice_was_lost_is_resent_by_the_retry(stack, sqs_down):
    case_id, mediator = stack.mediating_case_while(sqs_down)
    sqs_down.down = False
    assert _settle(stack, case_id, mediator).status_code == 200
    invitations = post_json(stack.client, f"/cases/{case_id}/invitations", {}, mediator).json_body["invitations"]
    parties = [{"Authorization": f"Bearer {i['party_token']}", "Content-Type": "application/json"} for i in invitations]
    for headers in parties[:-1]:
        assert post_json(stack.client, f"/cases/{case_id}/confirmations", {"consent": True}, headers).status_code == 200
    consent = lambda: post_json(stack.client, f"/cases/{case_id}/confirmations", {"consent": True},  # noqa: E731
                                parties[-1])
    told = _lost_then_retried(stack, sqs_down, case_id, consent, status="confirmation_requested",
                              queue="notifications_queue")
    assert "confirmation.requested" in [m["message"]["type"] for m in told]


def test_an_agreement_whose_transaction_fails_keeps_the_upload_and_the_case_mediating(stack):
    case_id, mediator = stack.mediating_case()
    stack.extractor.result = agreement_extraction(mediator_name=stack.deps.cases.get(case_id).mediator_name)
    body, content_type = multipart({}, data=b"%PDF-1.7 signed")
    restore = _fail(connection().client, "dynamodb.TransactWriteItems")
    try:
        answer = stack.client.http.post(f"/cases/{case_id}/agreement", body=body,
                                        headers={**mediator, "Content-Type": content_type})
    finally:
        restore()
    _internal_error(answer)
    assert stack.deps.cases.get(case_id).status == "mediating"
    listing = aws.client("s3").list_objects_v2(Bucket=stack.deps.documents.bucket, Prefix=f"cases/{case_id}/agreement/")
    assert [stack.deps.documents.get(o["Key"]) for o in listing["Contents"]] == [b"%PDF-1.7 signed"]
    retried = stack.client.http.post(f"/cases/{case_id}/agreement", body=body,
                                     headers={**mediator, "Content-Type": content_type})
    assert retried.status_code == 200 and stack.deps.cases.get(case_id).status == "settled"
