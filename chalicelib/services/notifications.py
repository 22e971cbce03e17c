"""The notification step (SQS): a signed POST to the court's callback_url.

A failure raises, so SQS redelivers the message, later each time (the entry
point stretches its visibility timeout: `retry_delay`); the queue's redrive
policy moves it to the DLQ after 5 receives. The court deduplicates by `event_id`.
"""
from __future__ import annotations

from chalicelib.observability import logger
from chalicelib.services.dependencies import Deps

FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 900


def retry_delay(receives: int) -> int:
    """Exponential backoff by how often SQS has delivered the message."""
    return min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** max(receives - 1, 0))


def deliver(deps: Deps, court_id: str | None, message: dict) -> bool:
    """True when delivered; False when there is nowhere to deliver (no court, no callback_url)."""
    court = deps.roster.court(court_id) if court_id else None
    if court is None or not court.callback_url:
        logger().info("notification not sent: no callback_url", extra={"court_id": court_id,
                                                                       "event_id": message.get("event_id")})
        return False
    deps.notifier.post(court.callback_url, court.webhook_secret or "", message)
    return True
