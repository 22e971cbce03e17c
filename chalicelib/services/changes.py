"""Committing a change to a case and sending the messages it causes (a transactional outbox).

The messages are stored on the case item in the same transaction as the
change and marked pending there, then sent; a successful send removes the
mark. If the process dies or the send fails in between, the mark stays and the
sweep sends them once they are older than `OUTBOX_GRACE` (a retried step or
request sends them at once). Every message carries an id derived from the
change, so receivers deduplicate a message sent twice.

Messages to the assignment queue are not marked: the case waits in
`pending_assignment` until the assignment step has run, and the sweep requeues
every case waiting there (its status is the mark, the step's change clears it),
which saves one write per intake.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.adapters.case_repository import CapacityChange, ProcessedEvent
from chalicelib.domain import events as ev
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import iso
from chalicelib.observability import logger
from chalicelib.services.dependencies import Deps
from chalicelib.services.projections import project

# Longer than any function's timeout (.chalice/config.json: 60 s at most), so the sweep never sends
# messages whose first send may still be under way.
OUTBOX_GRACE = timedelta(minutes=2)
RECOVERED_BY_STATUS = frozenset({"assignment"})  # see the module docstring


def commit(deps: Deps, case: Case, *, new: bool = False, event_key: str | None = None,
           extra_messages: list[dict] = (), must_send: bool = False) -> list[dict]:
    """Persist the case with its history, capacity changes and pending messages, then send them.

    When sending fails the messages stay pending for the sweep, so a request answers as the change
    stands (a 5xx would be a defect, CONTRACT §3); an SQS step passes `must_send` to re-raise instead,
    so SQS redelivers it at once and the redelivery sends them.
    """
    events = case.take_events()
    outbox = [m for e in events for m in messages_for(case, e)] + list(extra_messages)
    now = iso(deps.clock())
    processed = ProcessedEvent(event_key, _expiry(deps)) if event_key else None
    marked = any(m["queue"] not in RECOVERED_BY_STATUS for m in outbox)
    stored = deps.cases.commit(case, new=new, outbox=outbox, pending_since=now if marked else None,
                               capacity=_capacity(events, now), processed=processed)
    project(deps, case, events)
    try:
        send(deps, outbox)
        if stored.pending and not stored.carried:  # carried ones are the sweep's: leave the mark
            deps.cases.sent(stored)
    except Exception:  # any failure to send: the change stands, its messages stay pending
        logger().warning("messages not sent; the sweep will send them", extra={"case_id": case.case_id})
        if must_send:
            raise
    return outbox


def resend(deps: Deps, case_id: str) -> None:
    """A redelivered step, retried request or the sweep: send the case's stored messages again."""
    stored = deps.cases.outbox(case_id)
    send(deps, stored.messages)
    if stored.pending:
        deps.cases.sent(stored)


def send(deps: Deps, messages: list[dict]) -> None:
    for message in messages:
        deps.publisher.send(message["queue"], message["body"])


def notification(case: Case, kind: str, discriminator: str, data: dict) -> dict:
    """An outbound court notification (CONTRACT §3) with a deterministic event id."""
    return court_notification(case.case_id, case.court_id, case.court_case_ref, kind, discriminator, data)


def court_notification(case_id: str, court_id: str | None, court_case_ref: str | None, kind: str,
                       discriminator: str, data: dict) -> dict:
    return {"queue": "notifications",
            "body": {"court_id": court_id,
                     "message": {"event_id": f"{case_id}:{kind}:{discriminator}", "type": kind,
                                 "data": {"case_id": case_id, "court_case_ref": court_case_ref, **data}}}}


def messages_for(case: Case, event: ev.Event) -> list[dict]:
    if isinstance(event, ev.AssignmentRequested):
        return [{"queue": "assignment", "body": {"case_id": case.case_id}}]
    if isinstance(event, ev.MediationEnded):
        # Carries what the court needs, so the step reads the case only when it must render.
        return [{"queue": "outcome", "body": {"case_id": case.case_id, "result": event.result,
                                              "reason": event.reason, "court_id": case.court_id,
                                              "court_case_ref": case.court_case_ref}}]
    if not case.court_id:
        return []  # direct applications have no court to tell
    if isinstance(event, ev.MediatorAssigned):
        return [notification(case, "case.assigned", event.mediator_id, {"mediator_id": event.mediator_id})]
    if isinstance(event, ev.CaseAccepted):
        return [notification(case, "case.accepted", event.mediator_id, {"mediator_id": event.mediator_id})]
    return []


def _capacity(events: list[ev.Event], now: str) -> CapacityChange:
    reserve = next((e.mediator_id for e in events if isinstance(e, ev.MediatorAssigned)), None)
    release = tuple(e.mediator_id for e in events if isinstance(e, ev.MediatorReleased))
    return CapacityChange(reserve=reserve, release=release, now=now)


def _expiry(deps: Deps) -> datetime:
    return deps.clock() + timedelta(days=deps.processed_event_ttl_days)
