"""Extending the mediation time limit, which needs every party's agreement."""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.errors import BadRequest, use_case
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.validation import texts
from chalicelib.services.views import summary


@use_case
def extend_mediation(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/extension `{"days": N, "agreed_by": [party names]}`."""
    days, agreed_by = body.get("days"), body.get("agreed_by")
    if not isinstance(days, int) or isinstance(days, bool) or not isinstance(agreed_by, list):
        raise BadRequest("days (integer) and agreed_by (party names) are required", code="invalid_extension")
    agreed_by = texts(agreed_by, "agreed_by")
    case = load_case(deps, principal, "case.extend", case_id)
    case.extend(days, agreed_by, deps.clock())
    deps.cases.commit(case)
    return summary(case)
