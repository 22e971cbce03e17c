"""Court webhooks (CONTRACT §3): signed by the court, applied once per event id.

- `case.delegated` (委派, before filing) and `case.entrusted` (委托, after filing)
  create a case; an attached application PDF is extracted to fill gaps.
- `confirmation.ruled` → `confirmed` or `confirmation_rejected`; `case.filed` → `filed`: the path the
  clerk's console takes too (services.court_decisions), so a case is ruled or filed once either way.
- `mediator.reported` → a misconduct report in the mediator's organization's queue (services.discipline).
The event id is recorded in the same transaction as the change, so a replay
is refused and changes nothing.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from chalicelib.auth import verify_court_signature
from chalicelib.domain.case import Case
from chalicelib.domain.exceptions import DomainError
from chalicelib.errors import BadRequest, Conflict, NotFound, Unauthorized, Unprocessable, use_case
from chalicelib.services import court_decisions
from chalicelib.services.case_input import case_fields, merge_extracted, new_case_id
from chalicelib.services.dependencies import Deps
from chalicelib.services.discipline import receive_report
from chalicelib.services.intake import read_application, store_application
from chalicelib.services.ports import DuplicateEvent
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import SHORT, text
from chalicelib.web import check_body_size, read_json

REFERRAL_TYPES = {"case.delegated": "delegated", "case.entrusted": "entrusted"}
EVENT_TYPES = (*REFERRAL_TYPES, "confirmation.ruled", "case.filed", "mediator.reported")


@dataclass(frozen=True)
class WebhookResult:
    status: int
    body: dict


@use_case
def receive_court_webhook(deps: Deps, headers: dict, raw_body: bytes) -> WebhookResult:
    check_body_size(raw_body)  # before the HMAC over it: 413, as on every route (CONTRACT R2)
    court = _verified_court(deps, headers, raw_body)
    payload = read_json(raw_body, "/webhooks/court", "POST")
    event_id, kind, data = payload.get("event_id"), payload.get("type"), payload.get("data")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= SHORT or not isinstance(data, dict):
        raise BadRequest(f"a webhook needs event_id (a string of at most {SHORT} characters), type and data (object)",
                         code="invalid_webhook")
    event_key = f"webhook:{court.court_id}:{event_id}"
    try:
        if kind in REFERRAL_TYPES:
            # 202 (CONTRACT §3: 200/202): the case is opened, its assignment follows asynchronously
            return WebhookResult(202, {"case_id": _open_referred_case(deps, court, kind, data, event_key)})
        if kind == "confirmation.ruled":
            return WebhookResult(200, {"case_id": _apply(deps, court.court_id, data, event_key, court_decisions.rule)})
        if kind == "case.filed":
            return WebhookResult(200, {"case_id": _apply(deps, court.court_id, data, event_key, court_decisions.file)})
        if kind == "mediator.reported":  # the organization's queue (services.discipline); one report per event id
            report = receive_report(deps, court, event_id, data)
            return WebhookResult(202, {"case_id": report["case_id"], "report_id": report["report_id"],
                                       "decide_by": report["decide_by"]})
    except DuplicateEvent:
        _refuse_replay(deps, event_key)
    raise BadRequest(f"unknown webhook type {kind!r}", code="unknown_event_type")


def _verified_court(deps: Deps, headers: dict, raw_body: bytes):
    """The signing court; a signature that fails against the cached court is tried once against the court as
    stored, so a secret just rotated (services.roster.rotate_webhook_secret) works at once in every process."""
    court_id = _header(headers, "X-Court-Id")
    court = deps.roster.court(court_id) if court_id and len(court_id) <= SHORT else None
    try:
        return _signed_by(deps, court, headers, raw_body)
    except Unauthorized:
        if court is None:
            raise
        return _signed_by(deps, deps.roster.court(court_id, fresh=True), headers, raw_body)


def _signed_by(deps: Deps, court, headers: dict, raw_body: bytes):
    if court is None or not court.webhook_secret:
        raise Unauthorized("X-Court-Id names no court we know", code="unknown_court")
    verify_court_signature(court.webhook_secret, _header(headers, "X-Timestamp"), raw_body or b"",
                           _header(headers, "X-Signature"), now=deps.clock().timestamp())
    return court


def _open_referred_case(deps: Deps, court, kind: str, data: dict, event_key: str) -> str:
    referral = REFERRAL_TYPES[kind]
    procedure = "pre_filing" if referral == "delegated" else data.get("procedure")
    if procedure not in ("simple", "ordinary", "pre_filing"):
        # a value outside the two is the schema's 400; a missing one only this event type needs is a 422
        raise Unprocessable("case.entrusted needs data.procedure simple or ordinary", code="invalid_procedure")
    pdf = _pdf(data)
    extraction = read_application(deps, pdf) if pdf else None
    now = deps.clock()
    case = Case.open(new_case_id(now), now, f"court:{court.court_id}", source="court", referral=referral,
                     procedure=procedure, court_id=court.court_id, org_id=court.org_id,
                     court_case_ref=text(data.get("court_case_ref"), "court_case_ref"),
                     court_case_number=text(data.get("court_case_number"), "court_case_number"),
                     joint_choice=text(data.get("mediator_id"), "mediator_id"),
                     **case_fields(merge_extracted(data, extraction)))
    if pdf:
        store_application(deps, case, pdf)
    case.request_assignment(now, f"court:{court.court_id}")
    commit(deps, case, new=True, event_key=event_key)
    return case.case_id


def _apply(deps: Deps, court_id: str, data: dict, event_key: str, decision) -> str:
    """A ruling or filing (services.court_decisions, the console's path too): the same one told again by
    another event changes nothing; a replayed event id is refused as before."""
    case_id = data.get("case_id")
    case = deps.cases.get(case_id) if isinstance(case_id, str) and 0 < len(case_id) <= SHORT else None
    if case is None or case.court_id != court_id:
        raise NotFound("no case of this court has that case_id", code="case_not_found")
    try:
        case, changed = court_decisions.decide(deps, case, decision, data, event_key=event_key)
    except DomainError:
        _refuse_if_replayed(deps, event_key)
        raise
    if not changed:
        _refuse_if_replayed(deps, event_key)
    return case.case_id


def _refuse_if_replayed(deps: Deps, event_key: str) -> None:
    seen, _ = deps.processed.case_of(event_key)
    if seen:
        _refuse_replay(deps, event_key)


def _refuse_replay(deps: Deps, event_key: str) -> None:
    _, case_id = deps.processed.case_of(event_key)
    raise Conflict("this event_id was already processed", code="replayed_event", details={"case_id": case_id})


def _pdf(data: dict) -> bytes | None:
    encoded = data.get("application_pdf_base64")
    if not encoded:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("application_pdf_base64 is not valid base64", code="invalid_pdf") from None


def _header(headers: dict, name: str) -> str | None:
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    return lowered.get(name.lower())
