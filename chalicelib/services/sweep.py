"""The scheduled sweep: deadlines that passed, and cases waiting for a mediator.

- Assigned but unanswered after 3 working days → released and reassigned.
- Mediation time limit passed → terminated with reason and ground `time_limit` (在线调解规则 Art.25).
- Waiting in `pending_assignment` for a while (no candidate then, or a lost
  message) → queued for assignment again.
- Reminders to parties and mediators that are due (services.notices.remind).
- Messages committed more than `OUTBOX_GRACE` ago and still unsent (the
  process died or SQS failed after the commit) → sent (services.unit_of_work).
Each change is conditioned on the case's version, so an overlapping sweep or
a concurrent mediator action simply wins or loses cleanly.
"""
from __future__ import annotations

from datetime import timedelta

from chalicelib.domain import status as st
from chalicelib.domain.deadlines import SOONEST_ACCEPTANCE, SOONEST_MEDIATION_END, iso
from chalicelib.domain.exceptions import DomainError
from chalicelib.domain.termination import TIME_LIMIT
from chalicelib.observability import logger
from chalicelib.services import notices
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import StaleCase
from chalicelib.services.unit_of_work import OUTBOX_GRACE, RECOVERED_BY_STATUS, commit, resend

REQUEUE_AFTER = timedelta(minutes=15)


def sweep_deadlines(deps: Deps) -> dict:
    now = deps.clock()
    counts = {"reassigned": 0, "terminated": 0, "requeued": 0}
    for case in deps.cases.in_status(st.ASSIGNED, updated_before=iso(now - SOONEST_ACCEPTANCE)):
        if case.deadline("acceptance") and case.deadline("acceptance") < now:
            counts["reassigned"] += _apply(deps, case, lambda c: c.replace_unanswered(now))
    for case in deps.cases.in_status(st.MEDIATING, updated_before=iso(now - SOONEST_MEDIATION_END)):
        if case.deadline("mediation") and case.deadline("mediation") < now:
            counts["terminated"] += _apply(deps, case, lambda c: c.terminate(TIME_LIMIT, now, "system",
                                                                              ground=TIME_LIMIT))
    for case in deps.cases.in_status(st.PENDING_ASSIGNMENT, updated_before=iso(now - REQUEUE_AFTER)):
        deps.publisher.send("assignment", {"case_id": case.case_id})
        counts["requeued"] += 1
    counts["resent"] = resend_unsent(deps, before=iso(now - OUTBOX_GRACE))
    counts["reminded"] = notices.remind(deps, now)
    return counts


def resend_unsent(deps: Deps, before: str) -> int:
    """Send every case's messages still pending since before `before` (whatever its status)."""
    resent = 0
    for case_id in list(deps.cases.unsent_before(before)):
        try:
            resend(deps, case_id, skip=RECOVERED_BY_STATUS)  # a waiting case is requeued by its status
            resent += 1
        except Exception:  # SQS still failing: the mark stays, the next sweep tries again; go on with the rest
            logger().exception("could not send the pending messages", extra={"case_id": case_id})
    return resent


def _apply(deps: Deps, case, change) -> int:
    try:
        change(case)
        commit(deps, case)
        return 1
    except (StaleCase, DomainError):
        return 0  # changed meanwhile (accepted at the last minute, say): nothing to do
