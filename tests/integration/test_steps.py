"""The scheduled sweep, the uploads step and notification delivery with retries and the DLQ."""
import json

import boto3
import pytest

from chalicelib import entrypoints
from chalicelib.domain.roster import Court
from chalicelib.services.sweep import sweep_deadlines
from chalicelib.services.uploads import presign_upload
from chalicelib.settings import get_settings
from tests.integration.http import bearer, post_json, run_step, staff, verify_phone, webhook
from tests.integration.support import application_fields, receive_all, sqs_event, sqs_record

MEDIATOR = staff("mediator", mediator_id="m-wang")


@pytest.fixture
def assigned_case(client, demo, clock):
    payload = {"event_id": "ev-1", "type": "case.delegated", "data": application_fields()}
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    run_step("assignment", "assignment_queue")
    receive_all("notifications_queue")
    return case_id


def test_an_unanswered_assignment_is_reassigned_after_three_working_days(deps, assigned_case, clock):
    # Assigned Monday 2026-03-02 (CST): the deadline is the end of Thursday 03-05.
    clock.advance(days=3, hours=12)  # Thursday evening in China: not yet passed
    assert sweep_deadlines(deps)["reassigned"] == 0
    clock.advance(hours=10)
    assert sweep_deadlines(deps)["reassigned"] == 1
    case = deps.cases.get(assigned_case)
    assert case.status == "pending_assignment" and case.excluded_mediators == ["m-wang"]
    assert deps.roster.mediator("m-wang").active_load == 0
    run_step("assignment", "assignment_queue")
    assert deps.cases.get(assigned_case).mediator_id == "m-zhang"
    assert sweep_deadlines(deps) == {"reassigned": 0, "terminated": 0, "requeued": 0, "resent": 0, "reminded": 0}


def test_the_time_limit_terminates_a_mediation(client, deps, assigned_case, clock):
    post_json(client, f"/cases/{assigned_case}/acceptance", {"decision": "accept"}, MEDIATOR)
    clock.advance(days=30)
    assert sweep_deadlines(deps)["terminated"] == 0
    clock.advance(days=1)
    assert sweep_deadlines(deps)["terminated"] == 1
    case = deps.cases.get(assigned_case)
    assert case.status == "terminated" and case.outcome == {"result": "terminated", "reason": "time_limit",
                                                            "ground": "time_limit"}
    assert deps.roster.mediator("m-wang").active_load == 0
    assert [json.loads(r["body"]) for r in receive_all("outcome_queue")] == [
        {"case_id": assigned_case, "result": "terminated", "reason": "time_limit", "ground": "time_limit",
         "court_id": "weibin", "court_case_ref": None}]


def test_an_uploaded_application_opens_the_case_it_was_promised(client, deps, demo, extractor):
    extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                        "issues": [], "fields": application_fields()}
    answer = post_json(client, "/uploads", {"org_id": "xx-sme"})
    assert answer.status_code == 201
    promised = answer.json_body
    post = promised["upload"]
    assert post["fields"]["key"] == f"uploads/{promised['case_id']}.pdf"
    policy = json.loads(__import__("base64").b64decode(post["fields"]["policy"]))
    assert ["content-length-range", 1, 20 * 1024 * 1024] in policy["conditions"]
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    s3 = boto3.client("s3", region_name="us-east-1")
    metadata = {k[len("x-amz-meta-"):]: v for k, v in post["fields"].items() if k.startswith("x-amz-meta-")}
    s3.put_object(Bucket=get_settings().documents_bucket, Key=post["fields"]["key"], Body=b"%PDF big",
                  Metadata=metadata)
    notice = {"Records": [{"eventName": "ObjectCreated:Post", "s3": {"object": {"key": post["fields"]["key"]}}}]}
    event = sqs_event([sqs_record(json.dumps(notice))])
    assert entrypoints.upload(event, None) == {"batchItemFailures": []}
    assert entrypoints.upload(sqs_event([sqs_record(json.dumps(notice))]), None) == {"batchItemFailures": []}
    case = client.http.get(f"/cases/{promised['case_id']}", headers=bearer(promised["party_token"]))
    assert case.status_code == 200 and case.json_body["status"] == "received"  # until the phone answers
    assert case.json_body["documents"] == ["application"] and case.json_body["flags"] == ["awaiting_verification"]
    assert len(deps.sms.messages("13784660762")) == 1  # one code, though the step ran twice
    assert receive_all("assignment_queue") == []
    assert verify_phone(client, promised["case_id"], "13784660762").status_code == 200
    assert len(receive_all("assignment_queue")) == 1
    assert entrypoints.upload(sqs_event([sqs_record(json.dumps({"Event": "s3:TestEvent"}))]), None) == {
        "batchItemFailures": []}


def test_presign_answers_where_to_post(deps):
    promised = presign_upload(deps, {})
    assert promised["upload"]["url"] and promised["max_bytes"] == 20 * 1024 * 1024


def test_notifications_are_signed_retried_and_end_in_the_dlq(deps, assigned_case, notifier, demo):
    court = deps.roster.court("weibin", fresh=True)
    deps.roster.save_court(Court(**{**vars(court), "callback_url": "https://court.example/cb"}))
    deps.roster.court("weibin", fresh=True)
    sqs = boto3.client("sqs", region_name="us-east-1")
    s = get_settings()
    url = sqs.get_queue_url(QueueName=s.notifications_queue)["QueueUrl"]
    message = {"court_id": "weibin", "message": {"event_id": "e1", "type": "case.assigned", "data": {}}}
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(message))
    notifier.failures = 99

    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    for receive in range(1, 6):  # the Lambda poller: receive, run, delete only what succeeded
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        record = {**sqs_record(got[0]["Body"], got[0]["MessageId"]), "receiptHandle": got[0]["ReceiptHandle"],
                  "eventSourceARN": arn, "attributes": {"ApproximateReceiveCount": str(receive)}}
        result = entrypoints.notification(sqs_event([record]), None)
        assert len(result["batchItemFailures"]) == 1
        assert sqs.receive_message(QueueUrl=url).get("Messages") is None  # backed off, not offered again at once
        # the backoff passing (30 s, 60 s, … on the real queue)
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"], VisibilityTimeout=0)
    assert sqs.receive_message(QueueUrl=url).get("Messages") is None  # the 6th receive moves it to the DLQ
    dlq = sqs.get_queue_url(QueueName=f"{s.notifications_queue}-dlq")["QueueUrl"]
    assert json.loads(sqs.receive_message(QueueUrl=dlq)["Messages"][0]["Body"]) == message

    notifier.failures = 0
    assert entrypoints.notification(sqs_event([sqs_record(json.dumps(message))]), None) == {"batchItemFailures": []}
    assert notifier.posts == [("https://court.example/cb", message["message"])]
