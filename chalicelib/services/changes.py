"""Committing a change to a case and sending the messages it causes (a transactional outbox).

The messages are stored on the case item in the same transaction as the
change, then sent. If sending fails, the step fails and is retried; the retry
finds the change already made and sends the stored messages again. Every
message carries an id derived from the change, so receivers deduplicate.
"""
from __future__ import annotations


from datetime import datetime, timedelta

from chalicelib.adapters.case_repository import CapacityChange, ProcessedEvent
from chalicelib.domain import events as ev
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import iso
from chalicelib.observability import logger
from chalicelib.services.dependencies import Deps


def commit(deps: Deps, case: Case, *, new: bool = False, event_key: str | None = None,
           extra_messages: list[dict] = (), must_send: bool = True) -> list[dict]:
    """Persist the case with its history and capacity changes, then send its messages.

    When sending fails the case is flagged for the sweep; `must_send` then re-raises
    (a step is redelivered, a request retried) or, when False, lets the caller answer.
    """
    events = case.take_events()
    outbox = [m for e in events for m in messages_for(case, e)] + list(extra_messages)
    processed = ProcessedEvent(event_key, _expiry(deps)) if event_key else None
    deps.cases.commit(case, new=new, outbox=outbox, capacity=_capacity(events, deps),
                      processed=processed)
    try:
        send(deps, outbox)
    except Exception:  # any failure to send: the change stands, its messages must still leave
        _flag_unsent(deps, case.case_id)
        if must_send:
            raise
    return outbox


def resend(deps: Deps, case_id: str) -> None:
    """A redelivered step or retried request whose change is already made: send its messages again."""
    outbox, flagged = deps.cases.outbox(case_id)
    send(deps, outbox)
    if flagged:
        deps.cases.mark_outbox(case_id, unsent=False)


def _flag_unsent(deps: Deps, case_id: str) -> None:
    logger().warning("messages not sent; the sweep will send them", extra={"case_id": case_id})
    try:
        deps.cases.mark_outbox(case_id, unsent=True)
    except Exception:  # the store is failing too: the retry or the pending-assignment requeue remains
        logger().exception("could not flag the unsent messages", extra={"case_id": case_id})


def send(deps: Deps, outbox: list[dict]) -> None:
    for message in outbox:
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


def _capacity(events: list[ev.Event], deps: Deps) -> CapacityChange:
    reserve = next((e.mediator_id for e in events if isinstance(e, ev.MediatorAssigned)), None)
    release = tuple(e.mediator_id for e in events if isinstance(e, ev.MediatorReleased))
    return CapacityChange(reserve=reserve, release=release, now=iso(deps.clock()))


def _expiry(deps: Deps) -> datetime:
    return deps.clock() + timedelta(days=deps.processed_event_ttl_days)
