"""Who may see and act on a case.

A mediator: only the cases assigned to them; a party: only the case holding
their token; a court clerk: their court's cases; an org admin: their
organization's cases (and, to place them, cases not yet with an organization).
"""
from __future__ import annotations

from datetime import datetime

from chalicelib.auth import Principal
from chalicelib.domain.case import Case
from chalicelib.errors import Forbidden, NotFound
from chalicelib.services.dependencies import Deps


def may_see(principal: Principal, case: Case, now: datetime) -> bool:
    role = principal.role
    if role == "mediator":
        return principal.mediator_id is not None and principal.mediator_id == case.mediator_id
    if role == "party":
        return case.party_for_token(principal.party_token_hash, now) is not None
    if role == "court_clerk":
        return principal.court_id is not None and principal.court_id == case.court_id
    if role == "org_admin":
        return principal.org_id is not None and principal.org_id == case.org_id
    return False


def load_visible(deps: Deps, principal: Principal, case_id: str) -> Case:
    """The case, or 404 — also when it exists but is not the caller's (no probing of ids)."""
    case = deps.cases.get(case_id)
    if case is None or not may_see(principal, case, deps.clock()):
        raise NotFound(f"no case {case_id} that you may see", code="case_not_found")
    return case


def load_for_mediator(deps: Deps, principal: Principal, case_id: str) -> Case:
    if principal.role != "mediator":
        raise Forbidden("only the assigned mediator may do this", code="mediator_only")
    return load_visible(deps, principal, case_id)


def require_role(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise Forbidden(f"this needs the role {' or '.join(roles)}", code="forbidden_role")


def party_name(principal: Principal, case: Case) -> str:
    name = case.token_holder(principal.party_token_hash)  # after load_visible, which checked the token lives
    if principal.role != "party" or name is None:
        raise Forbidden("only a party of this case may do this", code="party_only")
    return name
