"""Judicial confirmation (司法确认): inviting the parties and collecting their consent.

When the last party consents the case becomes `confirmation_requested`; the
joint application (or, for an entrusted case, the request for a 调解书) is
rendered, stored, and sent to the court as `confirmation.requested` with its
HTML. A court refuses what Art.355 excludes or what comes after the 30-day
window, so both are checked first (chalicelib.domain.confirmation).
"""
from __future__ import annotations

from datetime import date

from chalicelib.auth import Principal, new_party_token
from chalicelib.domain import confirmation as rules
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.courts import competent_courts, load_court_directory
from chalicelib.domain.deadlines import china_date
from chalicelib.errors import BadRequest, Conflict, Unprocessable
from chalicelib.services.access import load_case, party_name
from chalicelib.services.changes import commit, notification, resend
from chalicelib.services.dependencies import Deps
from chalicelib.services.documents import render_and_store
from chalicelib.services.errors import use_case
from chalicelib.services.validation import text
from chalicelib.services.views import court_view
from chalicelib.settings import get_settings


@use_case
def invite_parties(deps: Deps, principal: Principal, case_id: str) -> dict:
    """A fresh token and link for every party ; each party's earlier tokens stop working (issue 8, Privacy)."""
    case = load_case(deps, principal, "case.invite", case_id)
    if case.status not in (st.MEDIATING, st.SETTLED):
        raise Conflict(f"parties are invited while mediating or once settled (status {case.status})",
                       code="invalid_transition")
    invitations = []
    for name in case.party_names:
        token, token_hash = new_party_token()
        case.add_party_token(token_hash, name, deps.clock())
        invitations.append({"party_name": name, "party_token": token,
                            # the token rides in the fragment, which browsers never send to a server
                            "url": f"{get_settings().public_base_url}/my-case?case={case_id}#token={token}"})
    deps.cases.commit(case)
    return {"invitations": invitations}


@use_case
def give_consent(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    if body.get("consent") is not True:
        raise BadRequest('send {"consent": true} to join the application', code="consent_required")
    case = load_case(deps, principal, "case.consent", case_id)
    name = party_name(principal, case)
    if case.status == st.CONFIRMATION_REQUESTED:
        resend(deps, case_id)  # a retry after a lost message: the court must get the application
        return _consent_view(case)
    check_confirmable(deps, case)
    if case.consent(name, deps.clock()):
        return request_confirmation(deps, case, body)
    commit(deps, case)
    return _consent_view(case)


def check_confirmable(deps: Deps, case: Case) -> None:
    agreement = case.agreement or {}
    rules.check_eligibility(case.dispute_category, agreement.get("terms") or [], case.claims)
    signed = agreement.get("signed_date")
    if not signed:
        raise Unprocessable("the agreement has no signing date", code="agreement_not_effective")
    calendar = deps.calendars.calendar()
    rules.check_window(date.fromisoformat(signed[:10]), china_date(deps.clock()), calendar.is_workday)


def request_confirmation(deps: Deps, case: Case, body: dict) -> dict:
    if not case.court_id:
        case.court_id = _chosen_court(deps, case, body)
    name = "mediation-document-request" if case.referral == "entrusted" else "confirmation-application"
    rendered = render_and_store(deps, case, name)
    message = notification(case, "confirmation.requested", name,
                           {"document": name, "document_html": rendered.html, "sha256": rendered.sha256})
    commit(deps, case, extra_messages=[message])
    return _consent_view(case)


def _chosen_court(deps: Deps, case: Case, body: dict) -> str:
    """A direct application goes to a competent court (Art.205); where several fit, the parties choose."""
    view = court_view(deps, case)  # the court is chosen from the parties' addresses
    location = text(body.get("property_location"), "property_location")
    options = competent_courts(view, load_court_directory(), location)
    wanted = text(body.get("court_id"), "court_id")
    chosen = [c for c in options if c.court_id == wanted] or (options if len(options) == 1 else [])
    if not chosen:
        raise Unprocessable("choose the court to apply to (court_id)", code="court_choice_required",
                            details={"options": [c.to_dict() for c in options]})
    return chosen[0].court_id


def _consent_view(case: Case) -> dict:
    return {"case_id": case.case_id, "status": case.status, "consents": list(case.consents),
            "waiting_for": [n for n in case.party_names if n not in case.consents]}
