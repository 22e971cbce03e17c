"""Fire scheduled handlers locally with EventBridge-shaped "Scheduled Event" dicts.

On AWS `sweep_deadlines` runs every 15 minutes; locally the interval is
shorter (SCHEDULE_INTERVAL_SECONDS, default 60) so deadlines visibly move.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Callable

from chalice.local import LambdaContext

log = logging.getLogger(__name__)


def scheduled_event(rule_name: str, region: str, account_id: str, now: datetime | None = None) -> dict:
    """The event EventBridge sends a scheduled rule's target."""
    moment = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account_id,
        "time": moment,
        "region": region,
        "resources": [f"arn:aws:events:{region}:{account_id}:rule/{rule_name}"],
        "detail": {},
    }


class Scheduler(threading.Thread):
    """Calls `handler(event, context)` every `interval_seconds` until `stop` is set."""

    def __init__(self, name: str, handler: Callable[[dict, Any], Any], interval_seconds: float, *,
                 region: str, account_id: str, stop: threading.Event):
        super().__init__(name=f"schedule-{name}", daemon=True)
        self.function_name = name
        self.handler = handler
        self.interval_seconds = interval_seconds
        self._region = region
        self._account_id = account_id
        self._halt = stop

    def run(self) -> None:
        while not self._halt.wait(self.interval_seconds):
            self.fire()

    def fire(self) -> None:
        started = time.perf_counter()
        event = scheduled_event(f"sutiao-local-{self.function_name}", self._region, self._account_id)
        try:
            self.handler(event, LambdaContext(self.function_name, 256, max_runtime_ms=60_000))
        except Exception:  # noqa: BLE001 - the next tick tries again, as EventBridge would
            log.exception("scheduled %s raised", self.function_name)
            return
        log.info("schedule -> %s (%.0f ms)", self.function_name, (time.perf_counter() - started) * 1000)
