"""Roster discipline: sanctions on a mediator, what a withdrawal does to its cases, and courts' reports.

`POST /mediators/{id}/sanctions` (CONTRACT R2) by the admin of the mediator's organization. A
suspension or removal (chalicelib.domain.discipline) sets the mediator's roster status, which the
ranking (`Mediator.has_room`) and the capacity reservation (a condition on `status = active`) read, so no
new case reaches the mediator from that moment. Then each open case is handed on: an `assigned` case is
released and ranked again at once; a case in mediation is flagged `mediator_withdrawn` for the admin
and its parties are told by SMS. A removal also closes the mediator's entry on every court's invited
roster that holds it (特邀调解规定 Art.26, 除名) and tells those courts (`mediator.removed`).

A removal is idempotent: asked again, it sets nothing new and repeats the hand-on, so cases it could not
reach and notifications that were not sent the first time go now (their ids are deterministic: courts
deduplicate). Those messages are not in a case's outbox (a mediator has none): repeating the removal is
their recovery, and its answer says whether they left.

A court that finds misconduct (the agreement: 人民法院…发现…违法违规情形的，应当及时…通报) sends the signed
webhook `mediator.reported`; the report waits in the organization's queue with a deadline to decide
(`GET /mediator-reports`, `POST /mediator-reports/{id}/decision`).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace

from chalicelib.auth import Principal
from chalicelib.domain import discipline as rules
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import iso, parse_iso
from chalicelib.domain.roster import Mediator
from chalicelib.errors import Conflict, NotFound, Unprocessable, use_case
from chalicelib.observability import logger
from chalicelib.services import notices
from chalicelib.services.authorization import Scope, authorize
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import StaleCase
from chalicelib.services.unit_of_work import commit, send
from chalicelib.services.validation import LONG, text

OPEN_STATUSES = (st.ASSIGNED, st.MEDIATING)
_PAGE = 100
_ATTEMPTS = 3


def mediator_records(mediator_id: str) -> str:
    """The partition of a mediator's performance file and sanctions in the oversight table."""
    return f"MEDIATOR#{mediator_id}"


def organization_records(org_id: str) -> str:
    return f"ORG#{org_id}"


def mediator_in_scope(deps: Deps, principal: Principal, action: str, mediator_id: str) -> Mediator:
    """The mediator, when the principal's organization holds it; an unknown one answers like another's."""
    mediator = deps.roster.mediator(mediator_id)
    authorize(principal, action, Scope(org_id=mediator.org_id if mediator else None))
    return mediator


@use_case
def sanction_mediator(deps: Deps, principal: Principal, mediator_id: str, body: dict) -> dict:
    mediator = mediator_in_scope(deps, principal, "mediator.sanction", mediator_id)
    kind, reason = body.get("kind"), text(body.get("reason"), "reason", max_length=LONG)
    if kind == "removal" and mediator.status == rules.REMOVED:
        return {"mediator_id": mediator_id, "status": rules.REMOVED, "already_removed": True,
                **withdraw(deps, mediator, reason or "除名", principal.subject, removal=True)}
    return apply_sanction(deps, mediator, kind, reason, principal.subject)


def apply_sanction(deps: Deps, mediator: Mediator, kind: str, reason: str | None, by: str) -> dict:
    record = rules.sanction(mediator.mediator_id, mediator.status, kind, reason, by, deps.clock())
    if record.to_status != record.from_status and not deps.roster.set_mediator_status(
            mediator.mediator_id, record.to_status, record.from_status):
        raise Conflict("the mediator's status changed meanwhile; read it again", code="stale_mediator")
    deps.oversight.put(mediator_records(mediator.mediator_id), f"SANCTION#{record.at}#{kind}",
                       {**record.to_dict(), "kind": "sanction", "sanction": record.kind})
    effects = {}
    if kind == "removal" or (record.to_status in rules.WITHDRAWN and record.from_status not in rules.WITHDRAWN):
        effects = withdraw(deps, mediator, record.reason, by, removal=kind == "removal")
    return {"mediator_id": mediator.mediator_id, "status": record.to_status, "sanction": record.to_dict(), **effects}


def withdraw(deps: Deps, mediator: Mediator, reason: str, by: str, *, removal: bool) -> dict:
    """Hand on the mediator's open cases; on removal also close its invited-roster entries and tell the courts."""
    reassigned, flagged = [], []
    for status in OPEN_STATUSES:
        for case_id in _open_cases(deps, mediator.mediator_id, status):
            why = f"mediator {rules.REMOVED if removal else rules.SUSPENDED}: {reason}"
            outcome = _hand_on(deps, case_id, mediator.mediator_id, why, by)
            if outcome == st.ASSIGNED:
                reassigned.append(case_id)
            elif outcome == st.MEDIATING:
                flagged.append(case_id)
    courts, sent = (_close_roster_entries(deps, mediator, reason) if removal else ([], True))
    return {"reassigned": reassigned, "flagged": flagged, "courts_told": courts, "notifications_sent": sent}


def _open_cases(deps: Deps, mediator_id: str, status: str) -> list[str]:
    """Through the mediator index (a Query per page, never a scan)."""
    found, cursor = [], None
    while True:
        cases, cursor = deps.cases.list("mediator_id", mediator_id, filters={"status": status}, limit=_PAGE,
                                        cursor=cursor)
        found += [c.case_id for c in cases]
        if not cursor:
            return found


def _hand_on(deps: Deps, case_id: str, mediator_id: str, reason: str, by: str) -> str | None:
    """The case's status when the withdrawal changed it, else None (read again when it moved meanwhile)."""
    for _ in range(_ATTEMPTS):
        case = deps.cases.get(case_id)
        status = case.status if case else None
        if case is None or not case.withdraw_mediator(mediator_id, reason, deps.clock(), by):
            return None
        try:
            commit(deps, case)
        except StaleCase:
            continue
        if status == st.MEDIATING:
            tell_parties(deps, case)
        return status
    logger().warning("case kept changing; the next removal request hands it on", extra={"case_id": case_id})
    return None


def tell_parties(deps: Deps, case: Case) -> None:
    """An SMS to every party with a mobile number, once: their mediator no longer handles the case."""
    notices.tell_parties_now(deps, case, list(case.parties), f"mediator-withdrawn:{case.mediator_id}",
                             "mediator-withdrawn")


def _close_roster_entries(deps: Deps, mediator: Mediator, reason: str) -> tuple[list[str], bool]:
    courts, messages = deps.roster.rostered_courts(mediator.mediator_id), []
    for court_id in courts:
        court = deps.roster.court(court_id, fresh=True)
        if court is None:
            continue
        if mediator.mediator_id in court.invited_roster:
            deps.roster.save_court(replace(court, invited_roster=[m for m in court.invited_roster
                                                                   if m != mediator.mediator_id]))
        messages.append(removed_notice(court_id, mediator, reason))
    try:
        send(deps, messages)
        return courts, True
    except Exception:
        logger().warning("mediator.removed not sent; repeat the removal to send it",
                         extra={"mediator_id": mediator.mediator_id})
        return courts, False


def removed_notice(court_id: str, mediator: Mediator, reason: str) -> dict:
    """`mediator.removed` (CONTRACT R2) for one court, with a deterministic event id."""
    return {"queue": "notifications",
            "body": {"court_id": court_id,
                     "message": {"event_id": f"mediator:{mediator.mediator_id}:removed:{court_id}",
                                 "type": "mediator.removed",
                                 "data": {"mediator_id": mediator.mediator_id, "name": mediator.name,
                                          "org_id": mediator.org_id, "reason": reason,
                                          "invited_roster_entry": "closed"}}}}


# ---- a court's report of misconduct ----

def receive_report(deps: Deps, court, event_id: str, data: dict) -> dict:
    """`mediator.reported`: one report per event id (a redelivery is refused as a replay, changing nothing)."""
    mediator_id = text(data.get("mediator_id"), "mediator_id")
    mediator = deps.roster.mediator(mediator_id) if mediator_id else None
    if mediator is None:
        raise Unprocessable("mediator.reported needs data.mediator_id of a mediator on the roster",
                            code="unknown_mediator")
    now = deps.clock()
    report_id = hashlib.sha256(f"{court.court_id}|{event_id}".encode()).hexdigest()[:20]
    report = {"report_id": report_id, "court_id": court.court_id, "event_id": event_id,
              "mediator_id": mediator_id, "mediator_name": mediator.name, "org_id": mediator.org_id,
              "case_id": text(data.get("case_id"), "case_id"), "reason": text(data.get("reason"), "reason",
                                                                              max_length=LONG),
              "received_at": iso(now), "decide_by": iso(rules.report_deadline(now))}
    if not deps.oversight.put(organization_records(mediator.org_id), f"REPORT#{report_id}", report,
                              only_new=True, state="open"):
        raise Conflict("this event_id was already processed", code="replayed_event",
                       details={"report_id": report_id})
    return report


@use_case
def report_from_console(deps: Deps, principal: Principal, mediator_id: str, body: dict) -> dict:
    """The court clerk reports a mediator on its own court's invited roster (the same queue as the webhook)."""
    authorize(principal, "mediator.report", Scope(court_id=principal.court_id))
    court = deps.roster.court(principal.court_id)
    if court is None or mediator_id not in court.invited_roster:
        raise NotFound(f"no mediator {mediator_id} on your court's invited roster", code="mediator_not_found")
    return receive_report(deps, court, f"console-{secrets.token_hex(8)}", {**body, "mediator_id": mediator_id})


@use_case
def list_reports(deps: Deps, principal: Principal) -> dict:
    authorize(principal, "report.list", Scope(org_id=principal.org_id))
    now = deps.clock()
    reports = sorted(deps.oversight.query(organization_records(principal.org_id), "REPORT#"),
                     key=lambda r: r["received_at"], reverse=True)
    return {"reports": [{**{k: v for k, v in r.items() if k != "sk"},
                         "overdue": "decision" not in r and parse_iso(r["decide_by"]) < now} for r in reports]}


@use_case
def decide_report(deps: Deps, principal: Principal, report_id: str, body: dict) -> dict:
    authorize(principal, "report.decide", Scope(org_id=principal.org_id))
    pk, sk = organization_records(principal.org_id), f"REPORT#{report_id}"
    found = deps.oversight.get(pk, sk)
    if found is None:
        raise NotFound(f"no report {report_id} of your organization", code="report_not_found")
    report, state = found
    if state != "open":
        raise Conflict("this report was decided already", code="report_decided", details={"decision": report.get("decision")})
    decision, note = body.get("decision"), text(body.get("note"), "note", max_length=LONG)
    if decision not in rules.REPORT_DECISIONS:
        raise Unprocessable(f"decision must be one of {', '.join(rules.REPORT_DECISIONS)}", code="invalid_decision")
    mediator = deps.roster.mediator(report["mediator_id"])
    reason = note or f"court {report['court_id']} reported: {report.get('reason') or ''}".strip()
    if decision != "dismiss":  # refused before the report is marked decided when it cannot apply
        rules.sanction(mediator.mediator_id, mediator.status, decision, reason, principal.subject, deps.clock())
    decided = {**report, "decision": decision, "note": note, "decided_by": principal.subject,
               "decided_at": iso(deps.clock())}
    if not deps.oversight.settle_state(pk, sk, "open", "decided", decided):
        raise Conflict("this report was decided already", code="report_decided")
    result = {"report": decided}
    if decision != "dismiss":
        result["sanction"] = apply_sanction(deps, mediator, decision, reason, principal.subject)
    return result
