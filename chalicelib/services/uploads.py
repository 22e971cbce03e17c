"""Large applications: a presigned POST straight to S3, then the uploads-queue step.

API Gateway refuses bodies over 10 MB (and Lambda takes 6 MB), so the browser
posts the PDF to S3 itself. The upload id is the future case id; the party
token's hash and the organization ride along as object metadata, fixed by
the policy, so the step can open the case without another round trip.
"""
from __future__ import annotations

from urllib.parse import unquote_plus

from chalicelib.adapters.exceptions import CaseExists
from chalicelib.auth import new_party_token
from chalicelib.domain.case import Case
from chalicelib.errors import SutiaoError
from chalicelib.observability import logger
from chalicelib.services import party_access
from chalicelib.services.case_input import new_case_id
from chalicelib.services.changes import commit, resend
from chalicelib.services.dependencies import Deps
from chalicelib.services.intake import open_party_case, read_application
from chalicelib.settings import get_settings

MAX_BYTES = 20 * 1024 * 1024


def presign_upload(deps: Deps, body: dict) -> dict:
    """POST /uploads: where to post the PDF, and the token to follow the case with."""
    case_id = new_case_id(deps.clock())
    token, token_hash = new_party_token()
    meta = {"x-amz-meta-token-hash": token_hash, "x-amz-meta-org-id": body.get("org_id") or ""}
    post = deps.documents.presigned_pdf_post(f"uploads/{case_id}.pdf", meta)
    return {"case_id": case_id, "upload": post, "party_token": token, "max_bytes": MAX_BYTES,
            "content_type": "application/pdf"}


def receive_uploaded(deps: Deps, key: str) -> str | None:
    """Open the case for an uploaded application; safe to run twice."""
    key = unquote_plus(key)
    if not (key.startswith("uploads/") and key.endswith(".pdf")):
        return None
    case_id = key[len("uploads/"):-len(".pdf")]
    if deps.cases.get(case_id) is not None:
        resend(deps, case_id)
        return case_id
    data, meta = deps.documents.get_with_metadata(key)
    case = _open(deps, case_id, data, meta)
    target = f"cases/{case_id}/application/{case_id}.pdf"
    deps.documents.copy(key, target)
    case.documents["application"] = {"key": target, "content_type": "application/pdf"}
    case.request_assignment(deps.clock())
    try:
        commit(deps, case, new=True)
    except CaseExists:
        resend(deps, case_id)
        return case_id
    party_access.verification_for(deps, case)  # once: a redelivery finds the case and sends no second code
    return case_id


def _open(deps: Deps, case_id: str, data: bytes, meta: dict) -> Case:
    org_id = meta.get("org-id") or get_settings().default_org_id
    try:
        if len(data) > MAX_BYTES:
            raise SutiaoError("over 20 MB", code="too_large")
        extraction = read_application(deps, data)
        case = open_party_case(deps, extraction.get("fields") or {}, org_id, extraction, case_id)
    except SutiaoError as err:
        # The party cannot be answered synchronously: keep a case that says what went wrong.
        logger().warning("unreadable upload", extra={"case_id": case_id, "code": err.code})
        case = Case.open(case_id, deps.clock(), "party", source="party", procedure="pre_filing", org_id=org_id)
        case.flag(err.code)
    if meta.get("token-hash"):
        case.add_party_token(meta["token-hash"], case.applicants[0].name if case.applicants else "applicant",
                             deps.clock())
    return case


