"""Intake: a party's application (web form JSON or the PDF) becomes a case (受理前登记).

The PDF is stored under the case and extracted. The case waits in `received` until the
applicant answers the SMS code sent to the phone on the application (CONTRACT R2 §3;
chalicelib.services.party_access); then, in scope, it is queued for a mediator. An
application without a mobile number is refused (422 `phone_required`): nobody could
confirm it. An image-only PDF opens its case at once, flagged `reading`, for the upload
worker to read by OCR (chalicelib.services.reading); its code goes to the phone read.
The applicant gets a party token, returned once and stored only as a hash.
"""
from __future__ import annotations

import secrets

from chalicelib.auth import new_party_token
from chalicelib.domain.case import READING, UNNAMED_APPLICANT, UNREADABLE_SCAN, Case
from chalicelib.errors import Unprocessable, use_case
from chalicelib.observability import logger
from chalicelib.services import party_access
from chalicelib.services.case_input import case_fields, merge_extracted, new_case_id
from chalicelib.services.dependencies import Deps
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import text
from chalicelib.settings import get_settings


@use_case
def submit_application(deps: Deps, form: dict, pdf: bytes | None = None) -> dict:
    """POST /applications: JSON fields, or a PDF (with optional fields that override the extraction)."""
    org_id = known_organization(deps, form.get("org_id"))
    extraction = deps.extract(pdf) if pdf is not None else None
    if extraction is not None and awaits_ocr(extraction):
        return _open_for_reading(deps, org_id, pdf, extraction)
    if extraction is not None:
        check_application(extraction)
    case = open_party_case(deps, {**merge_extracted(form, extraction), "mediator_id": form.get("mediator_id")},
                           org_id, extraction)
    if case.applicant_phone is None:
        raise Unprocessable("the applicant's mobile number is needed: a code is sent there to confirm the "
                            "application (申请人手机号)", code="phone_required")
    party_access.admit_send(deps, case.case_id, case.applicant_phone)
    token, token_hash = new_party_token()
    if case.applicants:
        case.add_party_token(token_hash, case.applicants[0].name, deps.clock(), channel={"kind": "application"})
    if pdf is not None:
        store_application(deps, case, pdf)
    case.request_assignment(deps.clock())
    # The party must learn its case id and token: a lost message is re-sent by the sweep instead.
    commit(deps, case, new=True)
    return {"case_id": case.case_id, "status": case.status, "party_token": token, "extraction": extraction,
            "flags": list(case.flags), "verification": party_access.verification_for(deps, case, counted=True)}


def _open_for_reading(deps: Deps, org_id: str | None, pdf: bytes, extraction: dict) -> dict:
    """An image-only PDF (a photo, a scan): the case opens at once flagged `reading` and the file is handed
    to the upload worker, which S3 notifies of `uploads/` (chalicelib.services.reading). No phone is asked
    for yet: the worker sends the code to the one it reads."""
    case = open_party_case(deps, {}, org_id, extraction)
    case.flag(READING)
    token, token_hash = new_party_token()
    case.add_party_token(token_hash, UNNAMED_APPLICANT, deps.clock())
    store_application(deps, case, pdf)
    commit(deps, case, new=True)
    try:  # after the commit: the worker must find the case it reads
        deps.documents.put(f"uploads/{case.case_id}.pdf", pdf, "application/pdf")
    except Exception:  # the case stands; a person reads the stored file
        logger().exception("image-only application not handed to the upload worker", extra={"case_id": case.case_id})
        case.unflag(READING)
        case.flag(UNREADABLE_SCAN)
        commit(deps, case)
    return {"case_id": case.case_id, "status": case.status, "party_token": token, "extraction": extraction,
            "flags": list(case.flags), "verification": {"required": True, "sent_to": None}}


def awaits_ocr(extraction: dict) -> bool:
    """The text pass read a PDF whose pages are only images: OCR may read it (the upload worker's)."""
    return extraction.get("error") is None and extraction.get("text_layer") is False


def known_organization(deps: Deps, value) -> str | None:
    """The organization an application names (None: the default one), or 422 when there is none such."""
    org_id = text(value, "org_id")
    if org_id and deps.roster.organization(org_id) is None:
        raise Unprocessable(f"no mediation organization {org_id}", code="unknown_organization")
    return org_id


def read_application(deps: Deps, pdf: bytes) -> dict:
    """Extract, refusing what is not a readable application (no case is created for it)."""
    return check_application(deps.extract(pdf))


def check_application(extraction: dict) -> dict:
    """The extraction of a readable application, or 422 saying what the file reads as."""
    if extraction.get("error") or extraction.get("document_type") == "unknown":
        raise Unprocessable("the file is not a readable PDF application", code="unreadable_application",
                            details={"extraction": extraction})
    if extraction.get("document_type") != "application":
        raise Unprocessable(f"the file reads as a {extraction.get('document_type')}, not an application",
                            code="not_an_application", details={"extraction": extraction})
    return extraction


def open_party_case(deps: Deps, raw: dict, org_id: str | None, extraction: dict | None,
                    case_id: str | None = None) -> Case:
    fields = case_fields(raw)
    case = Case.open(case_id or new_case_id(deps.clock()), deps.clock(), "party", source="party", procedure="pre_filing",
                     org_id=org_id or get_settings().default_org_id,
                     joint_choice=text(raw.get("mediator_id"), "mediator_id"), **fields)
    if extraction and not extraction.get("text_layer", True):
        case.flag("scanned_application")  # no text layer: a person reads it
    if extraction and extraction.get("issues"):
        case.note_extraction_issues(extraction["issues"])
    return case


def store_application(deps: Deps, case: Case, pdf: bytes) -> None:
    """Stored before the case is written: an orphaned object is harmless, a case without its PDF is not."""
    key = f"cases/{case.case_id}/application/{secrets.token_hex(8)}.pdf"
    deps.documents.put(key, pdf, "application/pdf")
    case.documents["application"] = {"key": key, "content_type": "application/pdf"}
