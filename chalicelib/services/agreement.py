"""The signed agreement (调解协议书), uploaded by the mediator from a phone.

The upload is stored first and kept whatever it says. Blocking issues — not
an agreement, a party or the mediator unsigned, parties not matching the
case — answer 422 with the issues; otherwise the case is settled and the
outcome step is queued.
"""
from __future__ import annotations

import secrets

from chalicelib.auth import Principal
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.errors import Unprocessable
from chalicelib.services.access import load_case
from chalicelib.services.changes import commit, resend
from chalicelib.services.dependencies import Deps
from chalicelib.services.errors import use_case
from chalicelib.services.integrity import screen_settlement

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
    issues = blocking_issues(case, extraction)
    if issues:
        raise Unprocessable("the agreement cannot settle the case yet", code="agreement_not_acceptable",
                            details={"issues": issues, "extraction": extraction, "stored_as": key})
    fields = extraction.get("fields") or {}
    case.settle({k: fields.get(k) for k in AGREEMENT_KEYS} | {"key": key}, deps.clock())
    case.documents["agreement"] = {"key": key, "content_type": "application/pdf"}
    screen_settlement(deps, case)  # before any confirmation request (issue 13)
    commit(deps, case)
    return {"status": case.status, "extraction": extraction,
            "issues": [i for i in extraction.get("issues") or []]}


def blocking_issues(case: Case, extraction: dict) -> list[dict]:
    if extraction.get("document_type") != "agreement":
        return [{"field": "document_type", "code": "not_an_agreement",
                 "message": f"the file reads as {extraction.get('document_type')}, not a mediation agreement"}]
    fields = extraction.get("fields") or {}
    signatures = fields.get("signatures") or {}
    signed = set(signatures.get("parties") or [])
    issues = [{"field": "signatures.parties", "code": "party_unsigned", "message": f"{name} has not signed"}
              for name in case.party_names if name not in signed]
    if not signatures.get("mediator"):
        issues.append({"field": "signatures.mediator", "code": "mediator_unsigned",
                       "message": "the mediator has not signed"})
    named = {p.get("name") for p in (fields.get("applicants") or []) + (fields.get("respondents") or [])}
    if named != set(case.party_names):
        issues.append({"field": "parties", "code": "parties_mismatch",
                       "message": "the agreement's parties are not the case's parties",
                       "expected": sorted(case.party_names), "found": sorted(n for n in named if n)})
    return issues
