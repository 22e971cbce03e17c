"""Rendered documents: stored in S3 under `cases/<id>/documents/`, served as HTML."""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import china_date
from chalicelib.errors import NotFound
from chalicelib.services.access import load_visible
from chalicelib.services.dependencies import Deps
from chalicelib.services.views import case_view

PARTY_CONFIRMATION = "party-confirmation"


def render_and_store(deps: Deps, case: Case, name: str, view: dict | None = None):
    """Render `name` for the case, store it, and note it on the case (the caller commits)."""
    rendered = deps.render(name, context(deps, view or case_view(deps, case, with_history=False)))
    key = f"cases/{case.case_id}/documents/{name}.html"
    deps.documents.put(key, rendered.html.encode("utf-8"), "text/html; charset=utf-8")
    case.documents[name] = {"key": key, "sha256": rendered.sha256, "content_type": "text/html; charset=utf-8"}
    return rendered


def context(deps: Deps, view: dict) -> dict:
    return {"case": view, "generated_on": china_date(deps.clock()).isoformat()}


def read_document(deps: Deps, principal: Principal, case_id: str, name: str) -> str:
    """GET /cases/{id}/documents/{name}: the stored HTML, else a fresh rendering when it applies."""
    case = load_visible(deps, principal, case_id)
    stored = case.documents.get(name)
    if stored and stored.get("content_type", "").startswith("text/html"):
        return deps.documents.get(stored["key"]).decode("utf-8")
    view = case_view(deps, case, with_history=False)
    from chalicelib.rendering import document_names_for  # rendering loads Jinja2: only when needed

    if name not in document_names_for(view):
        raise NotFound(f"the case has no document {name!r}", code="document_not_found")
    extra = {}
    if name == PARTY_CONFIRMATION:  # what one party is asked to confirm: only a party can see theirs
        extra["party"] = _own_party(principal, case)
    return deps.render(name, {**context(deps, view), **extra}).html


def _own_party(principal: Principal, case: Case) -> dict:
    if principal.role != "party":
        raise NotFound("the party confirmation is shown to each party", code="document_not_found")
    name = case.token_holder(principal.party_token_hash)
    return next(p.to_dict() for p in case.parties if p.name == name)
