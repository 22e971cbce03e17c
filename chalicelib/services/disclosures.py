"""The parties' answer to the mediator's disclosures (在线调解规则 Art.13; 特邀调解规定 Art.15).

What the mediator disclosed at acceptance is on the case view; each party
consents to the mediator continuing or asks for another, and one such request
releases and excludes the mediator and queues the case for a new assignment
(chalicelib.domain.disclosures).
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import disclosures as rule
from chalicelib.errors import BadRequest, use_case
from chalicelib.services.access import load_case, party_name
from chalicelib.services.dependencies import Deps
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import LONG, text
from chalicelib.services.views import summary


@use_case
def answer_disclosures(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/disclosure-answer `{"decision": "continue" | "replace", "reason"}` by a party."""
    decision = body.get("decision")
    if decision not in rule.DECISIONS:
        raise BadRequest("decision must be continue or replace", code="invalid_decision")
    reason = text(body.get("reason"), "reason", max_length=LONG)
    case = load_case(deps, principal, "case.disclosure.answer", case_id)
    name = party_name(principal, case)
    if decision == rule.CONTINUE and (case.disclosure_answers.get(name) or {}).get("decision") == rule.CONTINUE:
        return _answer(case)  # a retried consent: nothing new
    case.answer_disclosure(name, decision, reason, deps.clock())
    commit(deps, case)
    return _answer(case)


def _answer(case) -> dict:
    return {**summary(case), "disclosures": list(case.disclosures),
            "disclosure_answers": dict(case.disclosure_answers)}
