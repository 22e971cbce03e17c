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

Notices to people (SMS to parties and mediators, services.notices) ride in the same outbox, last, so a
phone that cannot be reached never holds back a court's message.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from chalicelib.domain import events as ev
from chalicelib.domain import extensions
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import iso
from chalicelib.observability import logger
from chalicelib.services import notices
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import CapacityChange, ProcessedEvent
from chalicelib.services.projections import project

# Longer than any function's timeout (.chalice/config.json: 60 s at most), so the sweep never sends
# messages whose first send may still be under way.
OUTBOX_GRACE = timedelta(minutes=2)
RECOVERED_BY_STATUS = frozenset({"assignment"})  # see the module docstring


def commit(deps: Deps, case: Case, *, new: bool = False, event_key: str | None = None,
           must_send: bool = False) -> list[dict]:
    """Persist the case with its history, capacity changes and pending messages, then send them.

    When sending fails the messages stay pending for the sweep, so a request answers as the change
    stands (a 5xx would be a defect, CONTRACT §3); an SQS step passes `must_send` to re-raise instead,
    so SQS redelivers it at once and the redelivery sends them.
    """
    events = case.take_events()
    # the court's and the queues' messages, then the people's (SMS, chalicelib.services.notices) last
    outbox = [m for e in events for m in messages_for(case, e)] + notices.for_events(deps, case, events)
    now = iso(deps.clock())
    processed = ProcessedEvent(event_key, _expiry(deps)) if event_key else None
    marked = any(m["queue"] not in RECOVERED_BY_STATUS for m in outbox)
    stored = deps.cases.commit(case, new=new, outbox=outbox, pending_since=now if marked else None,
                               capacity=_capacity(events, now), processed=processed)
    if new:
        from chalicelib.services.integrity import index_new_case

        index_new_case(deps, case)
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


def resend(deps: Deps, case_id: str, skip: frozenset = frozenset()) -> None:
    """A redelivered step, retried request or the sweep: send the case's stored messages again.

    `skip`: queues the caller recovers otherwise (the sweep requeues cases by status).
    """
    stored = deps.cases.outbox(case_id)
    send(deps, [m for m in stored.messages if m["queue"] not in skip])
    if stored.pending:
        deps.cases.sent(stored)


def send(deps: Deps, messages: list[dict]) -> None:
    for message in messages:
        if message["queue"] == notices.QUEUE:
            notices.deliver(deps, message["body"])
        else:
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
    return MESSAGES[type(event)](case, event)


def _nothing(case: Case, event: ev.Event) -> list[dict]:
    return []


def _assignment(case: Case, event: ev.AssignmentRequested) -> list[dict]:
    return [{"queue": "assignment", "body": {"case_id": case.case_id}}]


def _outcome(case: Case, event: ev.MediationEnded) -> list[dict]:
    # Carries what the court needs, so the step reads the case only when it must render.
    return [{"queue": "outcome", "body": {"case_id": case.case_id, "result": event.result, "reason": event.reason,
                                          "ground": event.ground, "court_id": case.court_id,
                                          "court_case_ref": case.court_case_ref}}]


def _extended(case: Case, event: ev.MediationExtended) -> list[dict]:
    """CONTRACT R2 `case.extended`: the new deadline and who agreed."""
    if not case.court_id:
        return []
    return [notification(case, "case.extended", event.new_deadline,
                         {"days": event.days, "new_deadline": event.new_deadline,
                          "agreed_by": extensions.agreed_by(case.extension)})]


def _to_the_court(kind: str, discriminator: Callable[[ev.Event], str], data: Callable[[ev.Event], dict]):
    def messages(case: Case, event: ev.Event) -> list[dict]:
        if not case.court_id:
            return []  # direct applications have no court to tell (until one is chosen to confirm)
        return [notification(case, kind, discriminator(event), data(event))]
    return messages


def _mediator(event) -> dict:
    return {"mediator_id": event.mediator_id}


# Every event and the messages it causes (CONTRACT §3 for the court's); a new event needs its row.
MESSAGES: dict[type[ev.Event], Callable[[Case, ev.Event], list[dict]]] = {
    ev.CaseReceived: _nothing,  # the intake's own answer tells the applicant; assignment has its own event
    ev.AssignmentRequested: _assignment,
    ev.MediatorAssigned: _to_the_court("case.assigned", lambda e: e.mediator_id, _mediator),
    ev.MediatorReleased: _nothing,  # a capacity change, written in the same transaction (_capacity)
    ev.MediatorReplaced: _nothing,  # the court hears of the new mediator by case.assigned; people by SMS
    ev.ApplicationRefused: _nothing,  # a public application has no court; the party is told by SMS
    ev.CaseAccepted: _to_the_court("case.accepted", lambda e: e.mediator_id, _mediator),
    ev.MediationEnded: _outcome,  # the outcome step renders what it needs and tells the court
    ev.MediationExtended: _extended,
    ev.ConfirmationRequested: _to_the_court(
        "confirmation.requested", lambda e: e.document,
        lambda e: {"document": e.document, "document_html": e.document_html, "sha256": e.sha256,
                   "court_choice": e.court_choice, "intermediate_court": e.intermediate_court,
                   "materials": list(e.materials)}),
    ev.IntegrityReferred: _to_the_court("integrity.referred", lambda e: "referred",
                                        lambda e: {"signals": list(e.signals), "note": e.note}),
    ev.ConfirmationRuled: _nothing,  # the court's own webhook: nothing to tell it back
    ev.CaseFiled: _nothing,  # likewise
    ev.CaseClosed: _nothing,  # the organization's own decision; the statistics count it (services.projections)
}


def _capacity(events: list[ev.Event], now: str) -> CapacityChange:
    reserve = next((e.mediator_id for e in events if isinstance(e, ev.MediatorAssigned)), None)
    release = tuple(e.mediator_id for e in events if isinstance(e, ev.MediatorReleased))
    return CapacityChange(reserve=reserve, release=release, now=now)


def _expiry(deps: Deps) -> datetime:
    return deps.clock() + timedelta(days=deps.processed_event_ttl_days)
