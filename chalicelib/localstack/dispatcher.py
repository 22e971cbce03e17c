"""Deliver local SQS messages to handlers the way Lambda's event source mapping does.

`chalice local` never fires SQS handlers (aws/chalice#899). A `QueueDispatcher`
long-polls one queue and calls the handler with a Lambda-shaped SQS batch
event, the same object Lambda would call (`app.handle_assignment(event,
context)`). It deletes the records the handler did not report in
`batchItemFailures`, and leaves the failed ones on the queue: they come back,
and after the queue's maxReceiveCount SQS (moto) moves them to the DLQ.

One deliberate difference from AWS: a failed record becomes visible again
after `retry_delay_seconds` (default 1 s) instead of the queue's visibility
timeout (minutes), so local retries are visible while you watch.
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from typing import Any, Callable

from chalice.local import LambdaContext

log = logging.getLogger(__name__)

Handler = Callable[[dict, Any], "dict | None"]


def sqs_event(messages: list[dict], queue_arn: str, region: str) -> dict:
    """A Lambda SQS event for messages as `ReceiveMessage` returned them."""
    return {"Records": [_record(m, queue_arn, region) for m in messages]}


def _record(message: dict, queue_arn: str, region: str) -> dict:
    body = message["Body"]
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": body,
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": {
            name: {
                "stringValue": value.get("StringValue"),
                "binaryValue": value.get("BinaryValue"),
                "stringListValues": value.get("StringListValues", []),
                "binaryListValues": value.get("BinaryListValues", []),
                "dataType": value["DataType"],
            }
            for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message.get("MD5OfBody") or hashlib.md5(body.encode("utf-8")).hexdigest(),  # noqa: S324
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def failed_message_ids(result: Any, message_ids: list[str]) -> set[str]:
    """Which records failed, read as Lambda reads a ReportBatchItemFailures response.

    None or no failures: all succeeded. An identifier that is not in the batch
    makes Lambda treat the whole batch as failed; so does an unreadable answer.
    """
    if result is None:
        return set()
    try:
        failed = {item["itemIdentifier"] for item in result.get("batchItemFailures", [])}
    except (AttributeError, KeyError, TypeError):
        return set(message_ids)
    return failed if failed <= set(message_ids) else set(message_ids)


class QueueDispatcher(threading.Thread):
    """Long-polls one queue and hands each batch to `handler(event, context)`."""

    def __init__(self, queue_name: str, handler: Handler, *, sqs: Any, region: str, stop: threading.Event,
                 batch_size: int = 10, wait_seconds: int = 1, retry_delay_seconds: int = 1,
                 function_name: str | None = None, memory_mb: int = 1024, timeout_seconds: int = 60):
        super().__init__(name=f"dispatch-{queue_name}", daemon=True)
        self.queue_name = queue_name
        self.handler = handler
        self.function_name = function_name or getattr(handler, "__name__", "handler")
        self._sqs = sqs
        self._region = region
        self._halt = stop
        self._batch_size = batch_size
        self._wait_seconds = wait_seconds
        self._retry_delay = retry_delay_seconds
        self._memory_mb = memory_mb
        self._timeout_ms = timeout_seconds * 1000
        self._queue_url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
        self._queue_arn = sqs.get_queue_attributes(
            QueueUrl=self._queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.poll_once()
            except Exception:  # noqa: BLE001 - a dispatcher must outlive one bad poll
                log.exception("dispatcher for %s: poll failed", self.queue_name)
                self._halt.wait(1)

    def poll_once(self) -> int:
        """Receive one batch and deliver it; returns how many records were delivered."""
        messages = self._sqs.receive_message(
            QueueUrl=self._queue_url, MaxNumberOfMessages=self._batch_size, WaitTimeSeconds=self._wait_seconds,
            AttributeNames=["All"], MessageAttributeNames=["All"],
        ).get("Messages", [])
        if messages:
            self.deliver(messages)
        return len(messages)

    def deliver(self, messages: list[dict]) -> set[str]:
        """Call the handler with one batch, settle each record; returns the failed message ids."""
        ids = [m["MessageId"] for m in messages]
        started = time.perf_counter()
        try:
            result = self.handler(sqs_event(messages, self._queue_arn, self._region), self._context())
            failed = failed_message_ids(result, ids)
        except Exception:  # noqa: BLE001 - Lambda fails the whole batch when the handler raises
            log.exception("%s raised; the whole batch of %d will be retried", self.function_name, len(ids))
            failed = set(ids)
        self._settle(messages, failed)
        log.info("sqs %s -> %s: %d record(s), %d failed (%.0f ms)", self.queue_name, self.function_name,
                 len(ids), len(failed), (time.perf_counter() - started) * 1000)
        return failed

    def _settle(self, messages: list[dict], failed: set[str]) -> None:
        done = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                for i, m in enumerate(messages) if m["MessageId"] not in failed]
        retry = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": self._retry_delay}
                 for i, m in enumerate(messages) if m["MessageId"] in failed]
        if done:
            self._sqs.delete_message_batch(QueueUrl=self._queue_url, Entries=done)
        if retry:
            self._sqs.change_message_visibility_batch(QueueUrl=self._queue_url, Entries=retry)

    def _context(self) -> LambdaContext:
        return LambdaContext(self.function_name, self._memory_mb, max_runtime_ms=self._timeout_ms)
