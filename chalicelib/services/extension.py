"""Extending the mediation time limit (在线调解规则 Art.24): the mediator proposes, each party answers itself.

When the last party agrees the time limit moves (its last day counted as 民事诉讼法
Art.85 counts it) and the court is told (`case.extended`: the new deadline and who
agreed, CONTRACT R2); one refusal ends the proposal with no extension.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain.deadlines import extended_deadline
from chalicelib.errors import BadRequest, Unprocessable, use_case
from chalicelib.services.access import load_case, party_name
from chalicelib.services.dependencies import Deps
from chalicelib.services.unit_of_work import commit, resend
from chalicelib.services.validation import LONG, text
from chalicelib.services.views import summary


@use_case
def propose_extension(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/extension `{"days": N, "reason"}` by the assigned mediator."""
    days = body.get("days")
    if not isinstance(days, int) or isinstance(days, bool):
        raise BadRequest("days (integer) is required", code="invalid_extension")
    if body.get("agreed_by"):
        raise Unprocessable("each party agrees to an extension itself, on its case page (在线调解规则第二十四条)",
                            code="party_consent_required")
    reason = text(body.get("reason"), "reason", max_length=LONG)
    case = load_case(deps, principal, "case.extend", case_id)
    case.propose_extension(days, reason, deps.clock())
    commit(deps, case)
    return {**summary(case), "extension": case.extension}


@use_case
def answer_extension(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/extension/answer `{"agree": bool}` by a party, for itself."""
    agree = body.get("agree")
    if not isinstance(agree, bool):
        raise BadRequest("agree (true or false) is required", code="invalid_answer")
    case = load_case(deps, principal, "case.extension.answer", case_id)
    name = party_name(principal, case)
    earlier = ((case.extension or {}).get("answers") or {}).get(name)
    if earlier is not None and earlier["agreed"] == agree:
        resend(deps, case_id)  # a retried answer: the court must have heard of a completed extension
        return {**summary(case), "extension": case.extension}
    due, proposal = case.deadline("mediation"), case.extension
    # Only a case in mediation with an open proposal has both; without them the case refuses the answer itself.
    extended = extended_deadline(due, proposal["days"], deps.calendars.calendar()) if due and proposal else None
    case.answer_extension(name, agree, deps.clock(), extended)
    commit(deps, case)
    return {**summary(case), "extension": case.extension}

