"""GET /cases: a page of cases through a GSI (never a Scan), scoped to the caller.

An org admin sees their organization's cases, a court clerk their court's, a
mediator the cases assigned to them (their phone page lists these). Newest first;
`order=deadline` lists an organization's open cases nearest deadline first (the
admin's console, issue 14) — or a court's, through its organization's index with
the court as a filter (a second GSI on the cases table would be a second index
created in one deploy, which DynamoDB refuses) — and `flag=` keeps the cases
carrying a flag.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.errors import BadRequest
from chalicelib.services.authorization import Scope, authorize
from chalicelib.services.dependencies import Deps
from chalicelib.services.views import summary

# query parameter -> top-level attribute; the first one given picks the index
_PARAMS = (("status", "status"), ("mediator_id", "mediator_id"), ("court_id", "court_id"),
           ("category", "dispute_category"), ("org_id", "org_id"))
_SCOPES = ("court_id", "org_id", "mediator_id")
MAX_LIMIT = 100
ORDERS = ("newest", "deadline")


def list_cases(deps: Deps, principal: Principal, params: dict) -> dict:
    wanted = {attr: params[name] for name, attr in _PARAMS if params.get(name)}
    for attr in _SCOPES:  # the caller's own scope narrows every query that names none
        if getattr(principal, attr):
            wanted.setdefault(attr, getattr(principal, attr))
    authorize(principal, "case.list", Scope(**{attr: wanted.get(attr) for attr in _SCOPES}))
    if params.get("order") == "deadline":
        wanted.setdefault("org_id", _organization_of(deps, wanted.get("court_id")))
        if not wanted["org_id"]:
            raise BadRequest("order=deadline lists an organization's or a court's cases: name org_id or court_id",
                             code="invalid_query")
        first, key_attr = "deadline", "org_id"
    else:
        first = next(name for name, attr in _PARAMS if attr in wanted)
        key_attr = dict(_PARAMS)[first]
    filters = {attr: value for attr, value in wanted.items() if attr != key_attr}
    if params.get("flag"):
        filters["flag"] = params["flag"]
    cases, cursor = page_of(params, lambda limit, start: deps.cases.list(
        first, wanted[key_attr], filters=filters, limit=limit, cursor=start))
    return {"cases": [summary(c) for c in cases], "cursor": cursor}


def _organization_of(deps: Deps, court_id: str | None) -> str | None:
    """The organization a court delegates and entrusts its cases to: their cases carry its org_id."""
    court = deps.roster.court(court_id) if court_id else None
    return court.org_id if court else None


def page_of(params: dict, fetch):
    """`fetch(limit, cursor)` with the request's `limit` (at most MAX_LIMIT) and `cursor`; a cursor that
    does not continue this list is a 400 `invalid_query` (every paged list of the API answers so)."""
    try:
        limit = min(int(params.get("limit") or 20), MAX_LIMIT)
        return fetch(max(limit, 1), params.get("cursor"))
    except ValueError as err:
        raise BadRequest(str(err), code="invalid_query") from None

