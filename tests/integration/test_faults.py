"""Faults in the middle of a step: retried, nothing half-written, nothing lost."""
import json

import botocore.exceptions
import pytest

from chalicelib import entrypoints
from chalicelib.adapters.models import connection
from chalicelib.services.sweep import sweep_deadlines
from tests.integration.support import application_fields, receive_all, sqs_event, verified_application


class FlakyPublisher:
    """Fails the first `failures` sends, like an SQS outage."""

    def __init__(self, real, failures=1):
        self.real, self.failures = real, failures

    def send(self, queue, body, delay_seconds=0):
        if self.failures:
            self.failures -= 1
            raise botocore.exceptions.EndpointConnectionError(endpoint_url="https://sqs")
        self.real.send(queue, body, delay_seconds)


@pytest.fixture
def waiting_case(deps, demo):
    case_id = verified_application(deps)
    return case_id, receive_all("assignment_queue")


def test_a_throttled_transaction_fails_the_record_and_the_redelivery_assigns_once(deps, waiting_case):
    case_id, records = waiting_case
    client = connection().client  # the connection transactions go through

    def throttle(**kwargs):
        raise botocore.exceptions.ClientError(
            {"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "TransactWriteItems")

    client.meta.events.register("before-call.dynamodb.TransactWriteItems", throttle, unique_id="throttle")
    try:
        first = entrypoints.assignment(sqs_event(records), None)
    finally:
        client.meta.events.unregister("before-call.dynamodb.TransactWriteItems", unique_id="throttle")
    assert [f["itemIdentifier"] for f in first["batchItemFailures"]] == [records[0]["messageId"]]
    assert deps.cases.get(case_id).status == "pending_assignment"
    assert sum(deps.roster.mediator(m).active_load for m in ("m-wang", "m-zhang")) == 0  # nothing half-written

    assert entrypoints.assignment(sqs_event(records), None) == {"batchItemFailures": []}
    assert entrypoints.assignment(sqs_event(records), None) == {"batchItemFailures": []}  # a duplicate delivery
    case = deps.cases.get(case_id)
    assert case.status == "assigned"
    assert deps.roster.mediator(case.mediator_id).active_load == 1


def test_a_lost_send_after_the_commit_is_sent_on_redelivery(deps, waiting_case):
    case_id, records = waiting_case
    case = deps.cases.get(case_id)
    case.court_id = "weibin"  # so the assignment notifies a court
    deps.cases.commit(case)
    real = deps.publisher
    deps.publisher = FlakyPublisher(real)

    first = entrypoints.assignment(sqs_event(records), None)
    assert len(first["batchItemFailures"]) == 1
    assert deps.cases.get(case_id).status == "assigned"  # the change stands …
    assert receive_all("notifications_queue") == []  # … but its message did not leave

    assert entrypoints.assignment(sqs_event(records), None) == {"batchItemFailures": []}
    sent = [json.loads(r["body"]) for r in receive_all("notifications_queue")]
    assert [m["message"]["type"] for m in sent] == ["case.assigned"]
    assert deps.roster.mediator(deps.cases.get(case_id).mediator_id).active_load == 1


def test_a_stale_read_is_retried_against_the_fresh_case(deps, waiting_case):
    case_id, records = waiting_case
    real_get = deps.cases.get
    raced = []

    def get_then_someone_writes(cid):
        case = real_get(cid)
        if not raced:
            raced.append(True)
            other = real_get(cid)
            other.flag("reviewed")
            deps.cases.commit(other)  # bumps the version under our feet
        return case

    deps.cases.get = get_then_someone_writes
    assert entrypoints.assignment(sqs_event(records), None) == {"batchItemFailures": []}
    case = real_get(case_id)
    assert case.status == "assigned" and "reviewed" in case.flags
    assert deps.roster.mediator(case.mediator_id).active_load == 1


def test_an_intake_answers_even_when_its_message_is_lost(client, deps, demo, clock):
    from tests.integration.http import bearer, post_json, verify_phone

    real = deps.publisher
    deps.publisher = FlakyPublisher(real)
    answer = post_json(client, "/applications", application_fields())
    assert answer.status_code == 201  # the party has its case id and token
    case_id = answer.json_body["case_id"]
    verified = verify_phone(client, case_id, "13784660762")  # the step that queues a public application
    assert verified.status_code == 200  # the party is in, though the assignment message was lost
    assert client.http.get(f"/cases/{case_id}", headers=bearer(verified.json_body["party_token"])).status_code == 200
    assert receive_all("assignment_queue") == []
    clock.advance(minutes=16)
    assert sweep_deadlines(deps)["requeued"] == 1
    assert entrypoints.assignment(sqs_event(receive_all("assignment_queue")), None) == {"batchItemFailures": []}
    assert deps.cases.get(case_id).status == "assigned"


def test_a_lost_outcome_message_is_sent_by_the_retry_or_else_by_the_sweep(client, deps, demo, clock):
    from tests.integration.http import post_json, staff, webhook

    payload = {"event_id": "ev-x", "type": "case.delegated", "data": application_fields()}
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    entrypoints.assignment(sqs_event(receive_all("assignment_queue")), None)
    mediator = staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
    receive_all("notifications_queue")
    deps.publisher = FlakyPublisher(deps.publisher, failures=99)
    record = {"basic_facts": "a", "reasons": "b", "disputed_points": "c"}
    lost = post_json(client, f"/cases/{case_id}/outcome", {"result": "failed", "record": record}, mediator)
    assert lost.status_code == 200 and deps.cases.get(case_id).status == "failed"  # answered as the change stands
    deps.publisher.failures = 0

    clock.advance(minutes=16)
    assert sweep_deadlines(deps)["resent"] == 1
    assert sweep_deadlines(deps)["resent"] == 0  # sent once, the flag is cleared
    sent = [json.loads(r["body"]) for r in receive_all("outcome_queue")]
    assert [(m["case_id"], m["result"]) for m in sent] == [(case_id, "failed")]

    retried = post_json(client, f"/cases/{case_id}/outcome", {"result": "failed", "record": record}, mediator)
    assert retried.status_code == 200 and len(receive_all("outcome_queue")) == 1  # the retry re-sends too
