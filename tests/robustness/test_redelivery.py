"""A step or request delivered twice has one effect (SQS redelivers; people press buttons twice).

tests/integration covers a duplicated assignment and a twice-delivered upload
notification; these cover the outcome step and the repeatable requests.
"""
import json

from chalicelib import aws, entrypoints
from chalicelib.auth import sign
from tests.integration.http import multipart, post_json, run_step
from tests.integration.support import agreement_extraction, receive_all, sqs_event, sqs_record
from tests.robustness.support import record_failure, snapshot


def _versions(stack, key: str) -> int:
    listing = aws.client("s3").list_object_versions(Bucket=stack.deps.documents.bucket, Prefix=key)
    return len(listing.get("Versions", []))


def test_a_redelivered_outcome_step_renders_the_failure_record_once(stack):
    case_id, mediator = stack.mediating_case()
    receive_all("outcome_queue"), receive_all("notifications_queue")
    failed = record_failure(stack, case_id, mediator)
    assert failed.status_code == 200, failed.body
    [message] = receive_all("outcome_queue")
    twice_in_one_batch = sqs_event([sqs_record(message["body"]), sqs_record(message["body"])])
    assert entrypoints.outcome(twice_in_one_batch, None) == {"batchItemFailures": []}
    after_first = snapshot(stack, case_id)
    assert entrypoints.outcome(sqs_event([sqs_record(message["body"])]), None) == {"batchItemFailures": []}
    assert snapshot(stack, case_id) == after_first
    assert _versions(stack, f"cases/{case_id}/documents/failure-record.html") == 1
    told = [json.loads(r["body"])["message"] for r in receive_all("notifications_queue")]
    assert told and {m["event_id"] for m in told} == {f"{case_id}:case.outcome:failed"}  # the court deduplicates


def test_accepting_twice_changes_the_case_once(stack):
    case_id, mediator = stack.mediating_case()
    before = snapshot(stack, case_id)
    again = post_json(stack.client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
    assert again.status_code == 200 and again.json_body["status"] == "mediating"
    assert snapshot(stack, case_id) == before


def test_a_party_consenting_twice_is_counted_once(stack):
    case_id, mediator = stack.mediating_case()
    stack.extractor.result = agreement_extraction(mediator_name=stack.deps.cases.get(case_id).mediator_name)
    body, content_type = multipart({})
    settled = stack.client.http.post(f"/cases/{case_id}/agreement", body=body,
                                     headers={**mediator, "Content-Type": content_type})
    assert settled.status_code == 200, settled.body
    run_step("outcome", "outcome_queue")
    invitations = post_json(stack.client, f"/cases/{case_id}/invitations", {}, mediator).json_body["invitations"]
    first_party = {"Authorization": f"Bearer {invitations[0]['party_token']}", "Content-Type": "application/json"}
    once = post_json(stack.client, f"/cases/{case_id}/confirmations", {"consent": True}, first_party)
    assert once.status_code == 200, once.body
    after_once = snapshot(stack, case_id)
    twice = post_json(stack.client, f"/cases/{case_id}/confirmations", {"consent": True}, first_party)
    assert twice.status_code == 200 and twice.json_body["consents"] == once.json_body["consents"]
    unchanged = snapshot(stack, case_id)
    assert unchanged.pop("version") >= after_once.pop("version")  # a rewrite of the same state is harmless
    assert unchanged == after_once


def test_a_webhook_delivered_eight_times_at_once_opens_one_case(stack, monkeypatch):
    """Courts retry on timeouts, so duplicates can arrive together; the event-id condition must win the race."""
    import threading

    from moto.core.botocore_stubber import BotocoreStubber

    from chalicelib.errors import SutiaoError
    from chalicelib.services.webhooks import receive_court_webhook
    from tests.robustness.conftest import delegated

    lock, original = threading.Lock(), BotocoreStubber.__call__

    def one_request_at_a_time(self, event_name, request, **kwargs):  # DynamoDB's per-request atomicity for moto
        with lock:
            return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", one_request_at_a_time)
    raw = json.dumps(delegated(stack.event_id())).encode()
    ts = str(int(stack.clock().timestamp()))
    headers = {"X-Court-Id": "weibin", "X-Timestamp": ts, "X-Signature": sign(stack.court_secret, ts, raw)}
    answers, start = [], threading.Barrier(8)

    def deliver():
        start.wait()
        try:
            answers.append(receive_court_webhook(stack.deps, headers, raw).status)
        except SutiaoError as err:
            answers.append(err.status)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answers) == [202] + [409] * 7
