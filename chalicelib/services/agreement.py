"""The signed agreement (调解协议书), uploaded by the mediator from a phone.

The upload is stored first and kept whatever it says. Blocking issues — not an
agreement, another case's agreement, a party or the mediator unsigned, another
mediator or organization, a date before this mediation began or in the future,
no seal (chalicelib.domain.agreement_checks) — answer 422 with the issues;
otherwise the case is settled, with the PDF's SHA-256 kept for the court
(民诉法解释 Art.354), and the outcome step is queued.
"""
from __future__ import annotations

import hashlib
import secrets

from chalicelib.auth import Principal
from chalicelib.domain import agreement_checks
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import china_date, parse_iso
from chalicelib.errors import Unprocessable, use_case
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.integrity import screen_settlement
from chalicelib.services.unit_of_work import commit, resend

AGREEMENT_KEYS = ("agreement_number", "terms", "settlement_amount", "performance_deadline", "signed_date",
                  "mediator", "mediation_organization", "signatures")


@use_case
def upload_agreement(deps: Deps, principal: Principal, case_id: str, pdf: bytes) -> dict:
    case = load_case(deps, principal, "case.agreement", case_id)
    if case.status == st.SETTLED and case.agreement:
        resend(deps, case_id)  # a retry after a lost message: the case is settled, send what that caused
        return {"status": case.status, "extraction": None, "issues": [], "already_settled": True}
    key = f"cases/{case.case_id}/agreement/{secrets.token_hex(8)}.pdf"
    deps.documents.put(key, pdf, "application/pdf")
    extraction = deps.extract(pdf)
    issues = agreement_checks.blocking_issues(extraction, this_case(deps, case))
    if issues:
        raise Unprocessable("这份调解协议还不能用于本案，请按下列问题处理后重新上传。", code="agreement_not_acceptable",
                            details={"issues": issues, "extraction": extraction, "stored_as": key})
    fields = extraction.get("fields") or {}
    sha256 = hashlib.sha256(pdf).hexdigest()
    case.settle({k: fields.get(k) for k in AGREEMENT_KEYS} | {"key": key, "sha256": sha256}, deps.clock())
    case.documents["agreement"] = {"key": key, "content_type": "application/pdf", "sha256": sha256,
                                   "bytes": len(pdf)}
    screen_settlement(deps, case)  # before any confirmation request (issue 13)
    commit(deps, case)
    return {"status": case.status, "extraction": extraction,
            "issues": [i for i in extraction.get("issues") or []]}


def this_case(deps: Deps, case: Case) -> agreement_checks.ThisCase:
    """What the agreement is checked against; a case accepted before acceptance was recorded began at intake."""
    org = deps.roster.organization(case.org_id) if case.org_id else None
    began = parse_iso(case.accepted_at or case.created_at)
    return agreement_checks.ThisCase(party_names=tuple(case.party_names), mediator_name=case.mediator_name,
                                     organization_name=org.name if org else None,
                                     mediation_began=china_date(began), today=china_date(deps.clock()))
