"""Judicial confirmation (司法确认): inviting the parties and collecting their consent.

Each consent joins the court the parties choose together (chalicelib.domain.court_choice;
the mediator's invitation may propose one). When the last party consents the case
becomes `confirmation_requested`; the joint application (or, for an entrusted case,
the request for a 调解书) is rendered, stored, and sent to the court as
`confirmation.requested` with its HTML and the materials of 民诉法解释 Art.354: the
signed agreement PDF (a download link and its SHA-256). A court refuses what Art.355
excludes or what comes after the 30-day window, so both are checked first
(chalicelib.domain.confirmation); a dispute that is an intermediate court's
(chalicelib.domain.court_level) goes there, or is flagged for the clerk with why.
"""
from __future__ import annotations

import hashlib
from datetime import date

from chalicelib.auth import Principal, new_party_token
from chalicelib.domain import confirmation as rules
from chalicelib.domain import court_choice
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.court_level import load_level_rules
from chalicelib.domain.courts import CourtRef, competent_courts, intermediate_courts, load_court_directory
from chalicelib.domain.deadlines import china_date, iso
from chalicelib.domain.documents import application_for
from chalicelib.errors import BadRequest, Conflict, use_case
from chalicelib.services.access import load_case, party_name
from chalicelib.services.dependencies import Deps
from chalicelib.services.documents import render_and_store
from chalicelib.services.unit_of_work import commit, resend
from chalicelib.services.validation import text
from chalicelib.settings import get_settings

INTERMEDIATE_FLAG = "intermediate_court"


@use_case
def invite_parties(deps: Deps, principal: Principal, case_id: str, body: dict | None = None) -> dict:
    """A fresh token and link for every party; each party's earlier tokens stop working (issue 8, Privacy).

    `court_id` proposes the court of the joint application, until a party's consent decides.
    """
    case = load_case(deps, principal, "case.invite", case_id)
    if case.status not in (st.MEDIATING, st.SETTLED):
        raise Conflict(f"parties are invited while mediating or once settled (status {case.status})",
                       code="invalid_transition")
    proposed = text((body or {}).get("court_id"), "court_id")
    if proposed:
        case.court_choice = court_choice.propose(case.court_choice, competent_options(deps, case, body or {}),
                                                 proposed, case.mediator_name or principal.mediator_id,
                                                 iso(deps.clock()))
    invitations = []
    for name in case.party_names:
        token, token_hash = new_party_token()
        case.add_party_token(token_hash, name, deps.clock(), channel={"kind": "invitation"})
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
    now = deps.clock()
    case.court_choice = court_choice.join(case.court_choice, competent_options(deps, case, body),
                                          text(body.get("court_id"), "court_id"), name, iso(now),
                                          case.token_channel(principal.party_token_hash))
    if case.consent(name, now):
        return request_confirmation(deps, case)
    commit(deps, case)
    return _consent_view(case)


def check_confirmable(deps: Deps, case: Case) -> None:
    agreement = case.agreement or {}
    rules.check_eligibility(case.dispute_category, agreement.get("terms") or [], case.claims)
    signed = agreement.get("signed_date")
    effective = rules.agreement_effective_date([date.fromisoformat(signed[:10])] if signed else [])
    rules.check_window(effective, china_date(deps.clock()), deps.calendars.calendar().is_workday)


def competent_options(deps: Deps, case: Case, body: dict) -> list[CourtRef]:
    """The courts this case's joint application may go to (Art.205), raised to the intermediate court
    when the dispute is one; flags the case for the clerk then, with the reason."""
    directory = load_court_directory()
    options = competent_courts(case, directory, court=deps.roster.court(case.court_id) if case.court_id else None,
                               organization=deps.roster.organization(case.org_id) if case.org_id else None,
                               property_location=text(body.get("property_location"), "property_location"))
    agreement = case.agreement or {}
    ground = load_level_rules().intermediate_ground(
        case.claim_amount or agreement.get("settlement_amount"),
        [p.address for p in case.parties], [*(agreement.get("terms") or []), *case.claims])
    if ground is None:
        return options
    case.flag(INTERMEDIATE_FLAG)
    case.intermediate_court = ground.to_dict()
    return options if case.referral else intermediate_courts(options, directory) or options


def request_confirmation(deps: Deps, case: Case) -> dict:
    """Render the application for the court the parties chose and send it (the last consent, or a cleared review)."""
    # the parties' choice; after a rejected confirmation they may choose anew (a referral's court stays the same)
    case.court_id = case.court_choice.get("court_id") or case.court_id
    name = application_for(case.referral)
    rendered = render_and_store(deps, case, name)
    case.apply_for_confirmation(name, rendered.html, rendered.sha256, materials=materials(deps, case))
    commit(deps, case)
    return _consent_view(case)


def materials(deps: Deps, case: Case) -> list[dict]:
    """What 民诉法解释 Art.354 asks the parties to submit, as the court can fetch and check it."""
    stored = case.documents.get("agreement") or {}
    if not stored.get("key"):
        return []
    if not stored.get("sha256"):  # settled before uploads kept their digest: read it once now
        pdf = deps.documents.get(stored["key"])
        stored.update(sha256=hashlib.sha256(pdf).hexdigest(), bytes=len(pdf))
    return [{"kind": "agreement", "name": "调解协议", "content_type": "application/pdf",
             "sha256": stored["sha256"], "bytes": stored.get("bytes"),
             "url": deps.documents.presigned_get(stored["key"])}]


def _consent_view(case: Case) -> dict:
    return {"case_id": case.case_id, "status": case.status, "consents": list(case.consents),
            "waiting_for": [n for n in case.party_names if n not in case.consents],
            "court_choice": case.court_choice}
