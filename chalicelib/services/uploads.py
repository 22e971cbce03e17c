"""Large applications: a presigned POST straight to S3, then the uploads-queue step.

API Gateway refuses bodies over 10 MB (and Lambda takes 6 MB), so the browser
posts the PDF to S3 itself. The upload id is the future case id; the party
token's hash and the organization ride along as object metadata, fixed by
the policy, so the step can open the case without another round trip.

The step applies the checks a direct upload gets (intake.check_application):
a file that is not a readable application opens no case. A file whose pages are
only images (a photo, a scan) opens its case at once, flagged `reading`, and the
step reads it by OCR (chalicelib.services.reading). The upload stays in
the bucket, and the refusal is recorded so the party's page, which polls
`GET /uploads/{upload_id}`, shows the error a direct upload would have given.
"""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote_plus

from chalicelib.auth import Principal, new_party_token
from chalicelib.domain.case import READING, UNNAMED_APPLICANT
from chalicelib.errors import NotFound, PayloadTooLarge, SutiaoError, use_case
from chalicelib.observability import logger
from chalicelib.services import party_access
from chalicelib.services.authorization import OutOfScope, authorize
from chalicelib.services.case_input import CASE_ID_PATTERN, new_case_id
from chalicelib.services.dependencies import Deps
from chalicelib.services.intake import awaits_ocr, check_application, known_organization, open_party_case
from chalicelib.services.ports import CaseExists
from chalicelib.services.reading import read_case
from chalicelib.services.unit_of_work import commit, resend
from chalicelib.settings import get_settings


@use_case
def presign_upload(deps: Deps, body: dict) -> dict:
    """POST /uploads: where to post the PDF, and the token to follow the case with."""
    org_id = known_organization(deps, body.get("org_id"))
    case_id = new_case_id(deps.clock())
    token, token_hash = new_party_token()
    meta = {"x-amz-meta-token-hash": token_hash, "x-amz-meta-org-id": org_id or ""}
    post = deps.documents.presigned_pdf_post(f"uploads/{case_id}.pdf", meta)
    return {"case_id": case_id, "upload": post, "party_token": token,
            "max_bytes": get_settings().extraction.max_bytes, "content_type": "application/pdf"}


PENDING, ACCEPTED, REJECTED = UPLOAD_STATES = ("pending", "accepted", "rejected")  # GET /uploads/{id}


def upload_state(deps: Deps, principal: Principal, upload_id: str) -> dict:
    """GET /uploads/{id}: `pending`, `accepted` (the case is open) or `rejected` (with the error)."""
    if not re.fullmatch(CASE_ID_PATTERN, upload_id):
        raise NotFound(f"no upload {upload_id}", code="upload_not_found")
    case = deps.cases.get(upload_id)
    if case is not None:
        try:
            authorize(principal, "case.read", case, deps.clock())
        except OutOfScope:
            raise NotFound(f"no upload {upload_id} that you may see", code="upload_not_found") from None
        return {"upload_id": upload_id, "status": ACCEPTED, "case_id": upload_id, "error": None}
    refusal = deps.upload_refusals.refusal(upload_id)
    if refusal is None:
        return {"upload_id": upload_id, "status": PENDING, "case_id": None, "error": None}
    if refusal.get("token_hash") != principal.party_token_hash:
        raise NotFound(f"no upload {upload_id} that you may see", code="upload_not_found")
    return {"upload_id": upload_id, "status": REJECTED, "case_id": None, "error": refusal["error"]}


def receive_uploaded(deps: Deps, key: str) -> str | None:
    """Open the case for an uploaded application, or record why not; safe to run twice.

    An image-only file opens its case at once, flagged `reading`, and is then read by OCR
    (chalicelib.services.reading) in this same step."""
    key = unquote_plus(key)
    if not (key.startswith("uploads/") and key.endswith(".pdf")):
        return None
    case_id = key[len("uploads/"):-len(".pdf")]
    case = deps.cases.get(case_id)
    if case is not None:
        if READING in case.flags:  # redelivered while it was being read: read it again
            read_case(deps, case, deps.documents.get(key))  # the upload itself: kept for days, ours to read
        else:
            resend(deps, case_id)
        return case_id
    if deps.upload_refusals.refusal(case_id) is not None:
        return None
    data, meta = deps.documents.get_with_metadata(key)
    try:
        case = _open(deps, case_id, data, meta)
        target = f"cases/{case_id}/application/{case_id}.pdf"
        deps.documents.copy(key, target)
        case.documents["application"] = {"key": target, "content_type": "application/pdf"}
        if READING not in case.flags:
            case.request_assignment(deps.clock())
        commit(deps, case, new=True, must_send=True)  # the SQS step: a failed send is redelivered
    except CaseExists:
        resend(deps, case_id)
        return case_id
    except SutiaoError as err:  # what a direct upload would have answered; the upload itself stays in the bucket
        logger().warning("refused upload", extra={"upload_id": case_id, "code": err.code})
        deps.upload_refusals.refuse(case_id, err.to_dict()["error"], meta.get("token-hash"), deps.clock(),
                                    timedelta(days=deps.processed_event_ttl_days))
        return None
    if READING in case.flags:
        read_case(deps, case, data)
    else:
        party_access.verification_for(deps, case)  # once: a redelivery finds the case and sends no second code
    return case_id


def _open(deps: Deps, case_id: str, data: bytes, meta: dict):
    """The case a direct upload of the same file would have opened; the same SutiaoError otherwise."""
    limit = get_settings().extraction.max_bytes
    if len(data) > limit:
        raise PayloadTooLarge(f"the upload is over {limit // (1024 * 1024)} MB", code="payload_too_large")
    extraction = deps.extract(data)
    reading = awaits_ocr(extraction)
    fields = {} if reading else check_application(extraction).get("fields") or {}
    case = open_party_case(deps, fields, meta.get("org-id") or None, extraction, case_id)
    if reading:
        case.flag(READING)
    if meta.get("token-hash"):
        case.add_party_token(meta["token-hash"], case.applicants[0].name if case.applicants else UNNAMED_APPLICANT,
                             deps.clock(), channel={"kind": "application"})
    return case
