"""Local scheduled events: EventBridge-shaped, accepted by the app's scheduled handler."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

from chalicelib.localstack import Scheduler, scheduled_event


def test_a_scheduled_event_looks_like_eventbridges():
    event = scheduled_event("sutiao-local-sweep_deadlines", "us-east-1", "123456789012",
                            now=datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc))
    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert event["time"] == "2026-11-27T08:00:00Z" and event["detail"] == {}
    assert event["resources"] == ["arn:aws:events:us-east-1:123456789012:rule/sutiao-local-sweep_deadlines"]


def test_the_scheduler_hands_the_event_to_the_handler_and_survives_its_failure():
    seen = []

    def handler(event, context):
        seen.append((event["detail-type"], context.function_name))
        raise RuntimeError("a failing sweep must not stop the next one")

    scheduler = Scheduler("sweep_deadlines", handler, 60, region="us-east-1", account_id="123456789012",
                          stop=threading.Event())
    scheduler.fire()
    scheduler.fire()
    assert seen == [("Scheduled Event", "sweep_deadlines")] * 2


def test_the_app_sweep_handler_runs_on_the_scheduled_event(stack_environment):
    from chalice.local import LambdaContext

    import app

    result = app.sweep_deadlines(scheduled_event("r", "us-east-1", "123456789012"),
                                 LambdaContext("sweep_deadlines", 256))
    assert isinstance(result, dict)
