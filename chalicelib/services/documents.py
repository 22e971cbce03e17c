"""Rendered documents: stored in S3 under `cases/<id>/documents/`, served as HTML.

A court document (司法确认申请书, 申请出具调解书, 调解不成功记录) is rendered once
from the court's view — full ID numbers and credit codes, as the court needs
them — stored, and sent to the court; its clerk reads that very copy. Anyone
else entitled to the case (a party, the mediator, the organization) gets the
same document rendered afresh from their own view, numbers masked as
chalicelib.domain.privacy rules (个人信息保护法 Art.6/51), dated as the stored copy.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import privacy
from chalicelib.domain.case import Case
from chalicelib.domain.confirmation import confirmation_deadline
from chalicelib.domain.deadlines import china_date
from chalicelib.domain.documents import PARTY_CONFIRMATION
from chalicelib.errors import NotFound
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.views import court_view, view_for, viewer_of

HTML = "text/html; charset=utf-8"


def render_and_store(deps: Deps, case: Case, name: str):
    """Render the court's copy of `name`, store it, and note it on the case (the caller commits)."""
    generated_on = china_date(deps.clock()).isoformat()
    rendered = deps.render(name, context(deps, court_view(deps, case), generated_on))
    key = f"cases/{case.case_id}/documents/{name}.html"
    deps.documents.put(key, rendered.body, HTML)
    case.documents[name] = {"key": key, "sha256": rendered.sha256, "content_type": HTML,
                            "generated_on": generated_on}
    return rendered


def context(deps: Deps, view: dict, generated_on: str) -> dict:
    """What a document renders from; its filing deadline counted on the official calendar (民诉法 Art.85)."""
    closes = confirmation_deadline((view.get("agreement") or {}).get("signed_date"),
                                   deps.calendars.calendar().is_workday)
    return {"case": view, "generated_on": generated_on, "confirmation_deadline": closes.isoformat() if closes else None}


def read_document(deps: Deps, principal: Principal, case_id: str, name: str) -> str:
    """GET /cases/{id}/documents/{name}: the court its stored copy, anyone else a rendering for them."""
    case = load_case(deps, principal, "document.read", case_id)
    viewer = viewer_of(principal, case)
    stored = case.documents.get(name) or {}
    if viewer == privacy.THE_COURT and stored.get("content_type", "").startswith("text/html"):
        return deps.documents.get(stored["key"]).decode("utf-8")
    view = view_for(deps, case, viewer, with_history=False)
    from chalicelib.rendering import document_names_for  # rendering loads Jinja2: only when needed

    if name not in document_names_for(view):
        raise NotFound(f"the case has no document {name!r}", code="document_not_found")
    extra = {}
    if name == PARTY_CONFIRMATION:  # what one party is asked to confirm: only a party can see theirs
        extra["party"] = _own_party(viewer, view)
    generated_on = stored.get("generated_on") or china_date(deps.clock()).isoformat()
    return deps.render(name, {**context(deps, view, generated_on), **extra}).html


def _own_party(viewer: privacy.Viewer, view: dict) -> dict:
    if viewer.kind != privacy.PARTY:
        raise NotFound("the party confirmation is shown to each party", code="document_not_found")
    return next(p for p in view["applicants"] + view["respondents"] if p["name"] == viewer.party_name)
