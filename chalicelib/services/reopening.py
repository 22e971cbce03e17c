"""How a case continues after a rejected confirmation, or ends without one.

After `confirmation_rejected` (驳回申请, 民事诉讼法 Art.206) the parties may
change the agreement through mediation again — a new mediator is assigned —
or sue (the court's `case.filed` webhook). A settled case the parties have
performed without confirmation, or a failed or terminated one nobody takes
to court, is closed by the organization.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.errors import use_case
from chalicelib.services.access import load_case, party_name
from chalicelib.services.dependencies import Deps
from chalicelib.services.unit_of_work import commit
from chalicelib.services.views import summary


@use_case
def mediate_again(deps: Deps, principal: Principal, case_id: str) -> dict:
    """A party (or the organization) asks for a new mediation after the court refused to confirm."""
    case = load_case(deps, principal, "case.reopen", case_id)
    actor = f"party:{party_name(principal, case)}" if principal.role == "party" else principal.subject
    case.mediate_again(deps.clock(), actor)
    commit(deps, case)
    return summary(case)


@use_case
def close_case(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    case = load_case(deps, principal, "case.close", case_id)
    case.close(body.get("reason") or "closed by the organization", deps.clock(), principal.subject)
    commit(deps, case)
    return summary(case)
