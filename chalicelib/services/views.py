"""The case as the API shows it (GET /cases/{id}); also the context documents render from.

Every view is for someone: the parties' ID numbers, credit codes and phones are
shown in full or masked as chalicelib.domain.privacy rules (个人信息保护法
Art.6/51, CONTRACT R2) — `case_view` for a caller, `court_view` for what the
case's court is sent (its documents and notifications).
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import extensions, privacy, respondent_consent, termination
from chalicelib.domain.case import Case
from chalicelib.domain.integrity import REFERRED_FLAG
from chalicelib.services.access import party_name
from chalicelib.services.dependencies import Deps

_AGREEMENT_KEYS = ("agreement_number", "terms", "settlement_amount", "performance_deadline", "signed_date",
                   "mediator", "mediation_organization")


def viewer_of(principal: Principal, case: Case) -> privacy.Viewer:
    """The principal as the privacy rule knows them, for this case (anyone unnamed sees everything masked)."""
    role = principal.role
    if role == "party" and case.token_holder(principal.party_token_hash):  # load_case checked that it lives
        return privacy.Viewer(privacy.PARTY, party_name(principal, case))
    if role == "court_clerk" and principal.court_id and principal.court_id == case.court_id:
        return privacy.THE_COURT
    if role == "mediator" and principal.mediator_id and principal.mediator_id == case.mediator_id:
        return privacy.Viewer(privacy.MEDIATOR)
    if role == "org_admin" and principal.org_id and principal.org_id == case.org_id:
        return privacy.Viewer(privacy.ORGANIZATION)
    return privacy.NOBODY


def case_view(deps: Deps, case: Case, principal: Principal, *, with_history: bool = True) -> dict:
    """The case as `principal` may see it."""
    return view_for(deps, case, viewer_of(principal, case), with_history=with_history)


def court_view(deps: Deps, case: Case) -> dict:
    """The case as its court sees it: what court documents and notifications carry."""
    return view_for(deps, case, privacy.THE_COURT, with_history=False)


def view_for(deps: Deps, case: Case, viewer: privacy.Viewer, *, with_history: bool = True) -> dict:
    org = deps.roster.organization(case.org_id) if case.org_id else None
    return {
        "case_id": case.case_id,
        "you": viewer.party_name if viewer.kind == privacy.PARTY else None,  # which party is reading
        "status": case.status,
        "source": case.source,
        "referral": case.referral,
        "procedure": case.procedure,
        "court": _court(deps, case),
        "court_choice": case.court_choice,
        "intermediate_court": case.intermediate_court,
        "court_case_ref": case.court_case_ref,
        "court_case_number": case.court_case_number,
        "organization": org.to_dict() if org else None,
        "dispute_category": case.dispute_category,
        "claims": list(case.claims),
        "claim_amount": case.claim_amount,
        "facts": case.facts,
        "applicants": [privacy.party_as_seen(p.to_dict(), viewer) for p in case.applicants],
        "respondents": [privacy.party_as_seen(p.to_dict(), viewer) for p in case.respondents],
        "mediator": {"mediator_id": case.mediator_id, "name": case.mediator_name} if case.mediator_id else None,
        "mediator_id": case.mediator_id,
        "joint_choice": case.joint_choice,
        "assignment_basis": case.assignment_basis,  # why this mediator (在线调解规则 Art.10)
        "disclosures": list(case.disclosures),  # Art.13: what the mediator disclosed, and each party's answer
        "disclosure_answers": dict(case.disclosure_answers),
        "respondent_consent": _respondent_consent(case),
        "extension": ({**case.extension, "waiting_for": extensions.waiting(case.extension, case.party_names)}
                      if case.extension else None),
        "deadlines": dict(case.deadlines),
        "next_deadline": case.next_deadline,
        "flags": list(case.flags),
        "extraction_issues": list(case.extraction_issues),  # what the reading doubted (field, code, message)
        "intake_decision": case.intake_decision,
        "documents": sorted(case.documents),
        "consents": list(case.consents),
        "outcome": ({**case.outcome, "ground_label": termination.ground_label(case.outcome.get("ground"))}
                    if case.outcome else None),
        "ruling": case.ruling,
        "integrity": _integrity_as_seen(case, viewer),
        "history": deps.cases.history(case.case_id) if with_history else [],
        "agreement": {k: case.agreement.get(k) for k in _AGREEMENT_KEYS} if case.agreement else None,
        "failure_record": dict(case.failure_record) if case.failure_record is not None else None,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


def _respondent_consent(case: Case) -> dict | None:
    """在线调解规则 Art.15: asked of the respondents of a direct application (a court's case needs none)."""
    if case.source != "party" and not case.respondent_consents:
        return None
    names = [p.name for p in case.respondents]
    return {"answers": dict(case.respondent_consents),
            "waiting_for": respondent_consent.waiting(names, case.respondent_consents),
            "channels": respondent_consent.CHANNELS}


def _court(deps: Deps, case: Case) -> dict | None:
    """The case's court; one the parties chose that has not joined the platform yet is named from the choice."""
    court = deps.roster.court(case.court_id) if case.court_id else None
    if court:
        return {"court_id": court.court_id, "name": court.name, "address": court.address}
    chosen = case.court_choice or {}
    if case.court_id and chosen.get("court_id") == case.court_id:
        return {"court_id": case.court_id, "name": chosen["name"], "address": None}


def _integrity_as_seen(case: Case, viewer: privacy.Viewer) -> dict | None:
    """Parties and the mediator see only the flag (under review); the organization reads the signals, the
    court once the case is referred to it (issue 13)."""
    if case.integrity and (viewer.kind == privacy.ORGANIZATION or
                           (viewer.kind == privacy.COURT and REFERRED_FLAG in case.flags)):
        return case.integrity
    return None


def summary(case: Case) -> dict:
    """One row of GET /cases: names only, no personal numbers, so it is the same for every viewer."""
    return {"case_id": case.case_id, "status": case.status, "source": case.source, "procedure": case.procedure,
            "court_id": case.court_id, "org_id": case.org_id, "mediator_id": case.mediator_id,
            "dispute_category": case.dispute_category, "flags": list(case.flags),
            "applicants": [p.name for p in case.applicants], "respondents": [p.name for p in case.respondents],
            "deadlines": dict(case.deadlines), "next_deadline": case.next_deadline,
            "created_at": case.created_at, "updated_at": case.updated_at}
