"""The performance file (业绩档案): records kept per mediator as its cases change, and the parties' voice.

- An ended mediation (the outcome step) writes the case's outcome record in the mediator's partition —
  written again, never added to, when the step is redelivered — and refreshes the mediator's standing in
  its organization's partition, which the integrity review compares peers by.
- A decline writes its reason; a sanction its record (chalicelib.services.discipline).
- `POST /cases/{id}/complaints` (CONTRACT R2): a party complains about the mediator; the organization sees
  it in the file and in its queue of complaints to answer (`GET /complaints`, `POST /complaints/{id}/answer`;
  特邀调解规定 Art.24: parties may complain about an invited mediator, and the complaint is dealt with).
- `POST /cases/{id}/rating`: once per party, after the mediation ended, 1–5 and a comment.
- `GET /mediators/{id}/performance`: the file, for the admin of the mediator's organization.
Every read is one Query of one partition.
"""
from __future__ import annotations

import hashlib
import secrets

from chalicelib.auth import Principal
from chalicelib.domain import performance as files
from chalicelib.domain.deadlines import iso
from chalicelib.errors import BadRequest, Conflict, NotFound, use_case
from chalicelib.services.access import load_case, party_name
from chalicelib.services.authorization import Scope, authorize
from chalicelib.services.dependencies import Deps
from chalicelib.services.discipline import mediator_in_scope, mediator_records, organization_records
from chalicelib.services.validation import LONG, text


def file_outcome(deps: Deps, case_id: str) -> None:
    """The outcome step: the case's outcome in its mediator's file (safe to run twice)."""
    case = deps.cases.get(case_id)
    if case is None or not case.mediator_id or not case.outcome:
        return
    record = files.outcome_record(case_id, case.outcome["result"], case.dispute_category, case.accepted_at,
                                  case.mediation_ended_at or case.updated_at)
    deps.oversight.put(mediator_records(case.mediator_id), f"OUTCOME#{case_id}", record)
    if case.org_id:
        standing = files.standing(case.mediator_id, deps.oversight.query(mediator_records(case.mediator_id),
                                                                         "OUTCOME#"))
        deps.oversight.put(organization_records(case.org_id), f"STANDING#{case.mediator_id}", standing.to_dict())


def record_decline(deps: Deps, case_id: str, mediator_id: str, reason: str) -> None:
    at = iso(deps.clock())
    deps.oversight.put(mediator_records(mediator_id), f"DECLINE#{at}#{case_id}",
                       {"kind": "decline", "case_id": case_id, "reason": reason, "at": at})


@use_case
def complain(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    complaint = text(body.get("text"), "text", max_length=LONG, required=True)
    case = load_case(deps, principal, "case.complain", case_id)
    if not case.mediator_id:
        raise Conflict("no mediator has handled this case yet", code="no_mediator")
    at = iso(deps.clock())
    suffix = secrets.token_hex(4)
    complaint_id = f"{at.replace('-', '').replace(':', '')}-{suffix}"  # sorts by time, safe in a path
    record = {"kind": "complaint", "complaint_id": complaint_id, "case_id": case_id, "mediator_id": case.mediator_id,
              "text": complaint, "at": at}
    file_sk = f"COMPLAINT#{at}#{suffix}"
    deps.oversight.put(mediator_records(case.mediator_id), file_sk, record)
    org_id = case.org_id or deps.roster.mediator(case.mediator_id).org_id  # whoever keeps the mediator's roster
    deps.oversight.put(organization_records(org_id), f"COMPLAINT#{complaint_id}",
                       {**record, "mediator_name": case.mediator_name, "file_sk": file_sk}, state=files.COMPLAINT_OPEN)
    return {"case_id": case_id, "mediator_id": case.mediator_id, "complaint_id": complaint_id, "received_at": at}


@use_case
def list_complaints(deps: Deps, principal: Principal, params: dict) -> dict:
    """GET /complaints?state=open|answered: the organization's complaints, newest first, a page at a time."""
    from chalicelib.services.listing import page_of

    authorize(principal, "complaint.list", Scope(org_id=principal.org_id))
    state = params.get("state")
    records, cursor = page_of(params, lambda limit, start: deps.oversight.page(
        organization_records(principal.org_id), "COMPLAINT#", state=state, limit=limit, cursor=start))
    return {"complaints": [_complaint_view(r) for r in records], "cursor": cursor}


@use_case
def answer_complaint(deps: Deps, principal: Principal, complaint_id: str, body: dict) -> dict:
    """POST /complaints/{id}/answer: once; the answer goes into the mediator's performance file beside it."""
    authorize(principal, "complaint.answer", Scope(org_id=principal.org_id))
    answer = text(body.get("answer"), "answer", max_length=LONG, required=True)
    pk, sk = organization_records(principal.org_id), f"COMPLAINT#{complaint_id}"
    found = deps.oversight.get(pk, sk)
    if found is None:
        raise NotFound(f"no complaint {complaint_id[:64]} of your organization", code="complaint_not_found")
    record, state = found
    if state != files.COMPLAINT_OPEN:
        raise Conflict("this complaint was answered already", code="complaint_answered")
    answered = {**record, "answer": answer, "answered_by": principal.subject, "answered_at": iso(deps.clock())}
    if not deps.oversight.settle_state(pk, sk, files.COMPLAINT_OPEN, files.COMPLAINT_ANSWERED, answered):
        raise Conflict("this complaint was answered already", code="complaint_answered")
    deps.oversight.put(mediator_records(record["mediator_id"]), record["file_sk"],
                       {k: v for k, v in answered.items() if k not in ("file_sk", "mediator_name")})
    return _complaint_view({**answered, "state": files.COMPLAINT_ANSWERED})


def _complaint_view(record: dict) -> dict:
    return {k: record.get(k) for k in ("complaint_id", "case_id", "mediator_id", "mediator_name", "text", "at",
                                       "state", "answer", "answered_by", "answered_at")}


@use_case
def rate(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    score, comment = body.get("score"), text(body.get("comment"), "comment", max_length=files.COMMENT_MAX)
    if not isinstance(score, int) or isinstance(score, bool) or score not in files.RATING_SCORES:
        raise BadRequest("score must be an integer from 1 to 5", code="invalid_score")
    case = load_case(deps, principal, "case.rate", case_id)
    if not case.outcome or not case.mediator_id:
        raise Conflict("the mediation can be rated once it has ended", code="case_not_ended")
    who = hashlib.sha256(party_name(principal, case).encode("utf-8")).hexdigest()[:16]
    at = iso(deps.clock())
    record = {"kind": "rating", "case_id": case_id, "score": score, "comment": comment, "at": at}
    if not deps.oversight.put(mediator_records(case.mediator_id), f"RATING#{case_id}#{who}", record, only_new=True):
        raise Conflict("you have rated this mediation already", code="already_rated")
    return {"case_id": case_id, "score": score, "comment": comment, "at": at}


@use_case
def performance_file(deps: Deps, principal: Principal, mediator_id: str) -> dict:
    from chalicelib.services.subsidies import earned_by

    mediator = mediator_in_scope(deps, principal, "mediator.performance", mediator_id)
    file = files.performance_file(mediator.to_dict(), deps.oversight.query(mediator_records(mediator_id)))
    # 业绩档案 includes what the mediator earned: the subsidy ledger, reversals deducted (§五 经费保障)
    return {**file, "subsidies_earned": f"{earned_by(deps, mediator_id):.2f}"}
