"""GET /cases: a page of cases through a GSI (never a Scan), scoped to the caller.

An org admin sees their organization's cases, a court clerk their court's, a
mediator the cases assigned to them (their phone page lists these).
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.errors import BadRequest, Forbidden
from chalicelib.services.access import require_role
from chalicelib.services.dependencies import Deps
from chalicelib.services.views import summary

# query parameter -> top-level attribute; the first one given picks the index
_PARAMS = (("status", "status"), ("mediator_id", "mediator_id"), ("court_id", "court_id"),
           ("category", "dispute_category"), ("org_id", "org_id"))
MAX_LIMIT = 100


def list_cases(deps: Deps, principal: Principal, params: dict) -> dict:
    require_role(principal, "org_admin", "court_clerk", "mediator")
    wanted = {attr: params[name] for name, attr in _PARAMS if params.get(name)}
    scope = _scope(principal, wanted)
    wanted.update(scope)
    first = next(name for name, attr in _PARAMS if attr in wanted)
    key_attr = dict(_PARAMS)[first]
    filters = {attr: value for attr, value in wanted.items() if attr != key_attr}
    try:
        limit = min(int(params.get("limit") or 20), MAX_LIMIT)
        cases, cursor = deps.cases.list(first, wanted[key_attr], filters=filters, limit=max(limit, 1),
                                        cursor=params.get("cursor"))
    except ValueError as err:
        raise BadRequest(str(err), code="invalid_query") from None
    return {"cases": [summary(c) for c in cases], "cursor": cursor}


def _scope(principal: Principal, wanted: dict) -> dict:
    if principal.role == "mediator":
        if wanted.get("mediator_id") not in (None, principal.mediator_id):
            raise Forbidden("a mediator sees only the cases assigned to them", code="other_mediator")
        return {"mediator_id": principal.mediator_id}
    if principal.role == "court_clerk":
        if wanted.get("court_id") not in (None, principal.court_id):
            raise Forbidden("a court clerk sees only their own court's cases", code="other_court")
        return {"court_id": principal.court_id}
    if wanted.get("org_id") not in (None, principal.org_id):
        raise Forbidden("an organization admin sees only their organization's cases", code="other_org")
    return {"org_id": principal.org_id}
