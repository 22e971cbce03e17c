"""Loading a case for an action, as chalicelib.services.authorization allows it.

A case the caller may not act on answers 404 `case_not_found`, the same as a
case that does not exist (no probing of ids); a role that may never do the
action answers 403 whatever the id.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain.case import Case
from chalicelib.errors import NotFound
from chalicelib.services.authorization import OutOfScope, authorize
from chalicelib.services.dependencies import Deps


def load_case(deps: Deps, principal: Principal, action: str, case_id: str) -> Case:
    case = deps.cases.get(case_id)
    try:
        authorize(principal, action, case, deps.clock())
    except OutOfScope:
        raise NotFound(f"no case {case_id} that you may see", code="case_not_found") from None
    return case


def load_visible(deps: Deps, principal: Principal, case_id: str) -> Case:
    """GET /cases/{id}."""
    return load_case(deps, principal, "case.read", case_id)


def party_name(principal: Principal, case: Case) -> str:
    """The name of the party whose token this is (load_case has checked that it is the case's and lives)."""
    return case.token_holder(principal.party_token_hash)
