"""Local SQS delivery: Lambda-shaped batches, partial failures redelivered, the DLQ after five tries."""
from __future__ import annotations

import threading

import boto3
import pytest

from chalicelib.localstack import QueueDispatcher, failed_message_ids, sqs_event
from tests.infra.conftest import REGION

QUEUE = "sutiao-assignment"


class RecordingHandler:
    """A test handler: remembers each batch, fails the records whose body is in `failing`."""

    def __init__(self, failing=()):
        self.failing = set(failing)
        self.batches: list[list[dict]] = []
        self.delivered = threading.Event()

    def __call__(self, event, context):
        records = event["Records"]
        self.batches.append(records)
        self.delivered.set()
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in records
                                      if r["body"] in self.failing]}

    def bodies(self) -> list[str]:
        return [r["body"] for batch in self.batches for r in batch]


@pytest.fixture
def sqs(aws_stack):
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def server_sqs():
    """SQS of a moto server, as the local stack talks to it (over HTTP)."""
    from chalicelib.localstack import start_moto
    from tests.infra.conftest import build_stack

    server, endpoint = start_moto()
    client = lambda service: boto3.client(service, region_name=REGION, endpoint_url=endpoint)  # noqa: E731
    build_stack(client=client)
    yield client("sqs")
    server.stop()


def _dispatcher(sqs, handler, stop=None) -> QueueDispatcher:
    return QueueDispatcher(QUEUE, handler, sqs=sqs, region=REGION, stop=stop or threading.Event(),
                           wait_seconds=0, retry_delay_seconds=0, function_name="handle_assignment")


def _send(sqs, *bodies: str, queue: str = QUEUE) -> None:
    url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
    for body in bodies:
        sqs.send_message(QueueUrl=url, MessageBody=body)


def _count(sqs, queue: str) -> int:
    url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def test_a_message_reaches_its_handler_as_a_lambda_sqs_record_and_is_deleted(sqs):
    handler = RecordingHandler()
    _send(sqs, '{"case_id": "c-1"}')
    assert _dispatcher(sqs, handler).poll_once() == 1
    (record,) = handler.batches[0]
    assert record["body"] == '{"case_id": "c-1"}'
    assert record["messageId"] and record["receiptHandle"] and record["md5OfBody"]
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["eventSource"] == "aws:sqs" and record["awsRegion"] == REGION
    assert record["eventSourceARN"] == f"arn:aws:sqs:{REGION}:123456789012:{QUEUE}"
    assert _count(sqs, QUEUE) == 0


def test_the_dispatcher_thread_delivers_until_stopped(sqs):
    handler, stop = RecordingHandler(), threading.Event()
    dispatcher = _dispatcher(sqs, handler, stop)
    dispatcher.start()
    _send(sqs, "hello")
    try:
        assert handler.delivered.wait(timeout=30)
    finally:
        stop.set()
        dispatcher.join(timeout=30)
    assert handler.bodies() == ["hello"] and not dispatcher.is_alive()


@pytest.mark.parametrize("moto", ["in-process", "server"])
def test_only_the_failed_record_is_redelivered_and_lands_in_the_dlq_after_five_receives(moto, request):
    sqs = request.getfixturevalue("sqs" if moto == "in-process" else "server_sqs")
    handler = RecordingHandler(failing={"bad"})
    dispatcher = _dispatcher(sqs, handler)
    _send(sqs, "good-1", "bad", "good-2")
    while dispatcher.poll_once():  # each poll redelivers what is visible; ends when the queue is empty
        assert len(handler.batches) < 20
    assert sorted(handler.bodies()) == sorted(["good-1", "good-2"] + ["bad"] * 5)
    retries = [r for batch in handler.batches[1:] for r in batch]
    assert [r["body"] for r in retries] == ["bad"] * 4
    assert [r["attributes"]["ApproximateReceiveCount"] for r in retries] == ["2", "3", "4", "5"]
    dlq = sqs.get_queue_url(QueueName=f"{QUEUE}-dlq")["QueueUrl"]
    (dead,) = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert dead["Body"] == "bad"
    assert _count(sqs, QUEUE) == 0


def test_a_handler_that_raises_fails_the_whole_batch(sqs):
    def broken(event, context):
        raise RuntimeError("boom")

    _send(sqs, "a", "b")
    failed = _dispatcher(sqs, broken).deliver(
        sqs.receive_message(QueueUrl=sqs.get_queue_url(QueueName=QUEUE)["QueueUrl"], MaxNumberOfMessages=10)["Messages"])
    assert len(failed) == 2
    assert _count(sqs, QUEUE) == 2


@pytest.mark.parametrize("result, failed", [
    (None, set()),
    ({"batchItemFailures": []}, set()),
    ({"batchItemFailures": [{"itemIdentifier": "m2"}]}, {"m2"}),
    ({"batchItemFailures": [{"itemIdentifier": "not-in-batch"}]}, {"m1", "m2"}),
    ("nonsense", {"m1", "m2"}),
])
def test_partial_failure_responses_are_read_as_lambda_reads_them(result, failed):
    assert failed_message_ids(result, ["m1", "m2"]) == failed


def test_the_app_handlers_take_the_raw_lambda_event_the_dispatcher_builds(sqs):
    from chalice.local import LambdaContext

    import app

    _send(sqs, "{}")
    url = sqs.get_queue_url(QueueName=QUEUE)["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url)["Messages"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    result = app.handle_assignment(sqs_event(messages, arn, REGION), LambdaContext("handle_assignment", 256))
    assert set(result) == {"batchItemFailures"}
