"""The assigned mediator accepts (with disclosures) or declines (with a reason, then reassignment)."""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import status as st
from chalicelib.domain.deadlines import mediation_deadline
from chalicelib.errors import BadRequest, use_case
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.performance import record_decline
from chalicelib.services.unit_of_work import commit, resend
from chalicelib.services.validation import LONG, text, texts
from chalicelib.services.views import summary

DECISIONS = ("accept", "decline")


@use_case
def answer_assignment(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    decision = body.get("decision")
    disclosures = body.get("disclosures") or []
    if decision not in DECISIONS:
        raise BadRequest("decision must be accept or decline", code="invalid_decision")
    if not isinstance(disclosures, list) or not all(isinstance(d, str) for d in disclosures):
        raise BadRequest("disclosures must be a list of strings", code="invalid_disclosures")
    disclosures = texts(disclosures, "disclosures", max_length=LONG)
    reason = text(body.get("reason"), "reason", max_length=LONG)
    case = load_case(deps, principal, "case.accept", case_id)
    if decision == "accept" and case.status == st.MEDIATING:
        resend(deps, case_id)  # a retried accept: make sure the court heard of it
        return summary(case)
    now = deps.clock()
    if decision == "accept":
        case.accept(principal.mediator_id, now, mediation_deadline(now, case.procedure, deps.calendars.calendar()),
                    disclosures)
    else:
        case.decline(principal.mediator_id, reason or "", now)
    commit(deps, case)
    if decision == "decline":
        record_decline(deps, case_id, principal.mediator_id, reason)
    return summary(case)
