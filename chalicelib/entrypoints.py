"""The batch functions behind app.py's event handlers (the local dispatcher calls the same ones).

SQS batches go through Powertools' BatchProcessor: each record succeeds or
fails on its own, and only failed records are reported for redelivery.
"""
from __future__ import annotations

import json

from chalicelib import bootstrap
from chalicelib.observability import logger


def _processor():
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType

    # Report a wholly failed batch like a partly failed one: the same redelivery, one code path.
    return BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def _batch(event: dict, context, handle, on_failure=None) -> dict:
    from aws_lambda_powertools.utilities.batch import process_partial_response

    def record_handler(record):
        try:
            return handle(json.loads(record.body))
        except Exception:
            if on_failure:
                on_failure(record)
            raise

    return process_partial_response(event=event, record_handler=record_handler,
                                    processor=_processor(), context=context)


def assignment(event: dict, context) -> dict:
    from chalicelib.services.assignment import assign_mediator

    return _batch(event, context, lambda body: assign_mediator(bootstrap.default_deps(), body["case_id"]))


def outcome(event: dict, context) -> dict:
    from chalicelib.services.outcome import process_outcome

    return _batch(event, context, lambda body: process_outcome(bootstrap.default_deps(), body))


def notification(event: dict, context) -> dict:
    from chalicelib.services.notifications import deliver

    return _batch(event, context, lambda body: deliver(bootstrap.default_deps(), body.get("court_id"), body["message"]),
                  on_failure=_back_off)


def _back_off(record) -> None:
    """A court that is down is retried after 30 s, 60 s, 120 s … (at most 15 min), then the DLQ."""
    from chalicelib.services.notifications import retry_delay

    receives = int(record.attributes.approximate_receive_count or 1)
    bootstrap.default_deps().publisher.delay_redelivery(record.event_source_arn, record.receipt_handle,
                                                        retry_delay(receives))


def upload(event: dict, context) -> dict:
    """Bodies are S3 event notifications (possibly the s3:TestEvent, which has no Records)."""
    from chalicelib.services.uploads import receive_uploaded

    def handle(body: dict):
        return [receive_uploaded(bootstrap.default_deps(), r["s3"]["object"]["key"]) for r in body.get("Records", [])
                if r.get("eventName", "").startswith("ObjectCreated")]

    return _batch(event, context, handle)


def sweep(event: dict, context) -> dict:
    from chalicelib.services.sweep import sweep_deadlines

    counts = sweep_deadlines(bootstrap.default_deps())
    logger().info("deadline sweep", extra=counts)
    return counts
