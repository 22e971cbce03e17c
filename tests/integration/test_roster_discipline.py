"""Roster discipline (issue 13): sanctions, what a removal does at every case status, courts' reports,
complaints, ratings and the performance file — through the API on moto."""
import json

import pytest

from chalicelib.adapters.models import RosterModel
from chalicelib.domain import status as st
from chalicelib.domain.case import MEDIATOR_WITHDRAWN, Case
from chalicelib.domain.parties import parties_from
from tests.integration.http import bearer, mediating_with_party, multipart, post_json, run_step, staff, webhook
from tests.integration.support import APPLICANT, agreement_extraction, application_fields, receive_all

ADMIN = staff("org_admin", org_id="xx-sme")


def _removal(client, mediator_id="m-wang", reason="收受当事人财物"):
    return post_json(client, f"/mediators/{mediator_id}/sanctions", {"kind": "removal", "reason": reason}, ADMIN)


def _case_in(deps, clock, status: str, mediator_id: str = "m-wang") -> str:
    """A court case of the mediator in `status`, written as the lifecycle leaves it (capacity held while open)."""
    fields = application_fields()
    case = Case(case_id=f"C-{status}", source="court", procedure="pre_filing", created_at="2026-03-01T01:00:00Z",
                status=status, referral="delegated", court_id="weibin", org_id="xx-sme",
                dispute_category="contract", claims=fields["claims"], claim_amount=fields["claim_amount"],
                applicants=parties_from(fields["applicants"]), respondents=parties_from(fields["respondents"]),
                mediator_id=mediator_id, mediator_name="王建国")
    deps.cases.commit(case, new=True)
    if status in st.HOLDS_MEDIATOR:
        RosterModel(f"MEDIATOR#{mediator_id}").update(actions=[RosterModel.active_load.add(1)])
    return case.case_id


def _court_messages() -> list[dict]:
    return [json.loads(r["body"])["message"] for r in receive_all("notifications_queue")]


@pytest.mark.parametrize("status", st.ALL)
def test_a_removal_hands_on_the_case_at_every_status(client, deps, demo, clock, status):
    case_id = _case_in(deps, clock, status)
    before = deps.cases.get(case_id)
    removed = _removal(client)
    assert removed.status_code == 200, removed.body
    assert deps.roster.mediator("m-wang").status == "removed"
    case = deps.cases.get(case_id)
    if status == st.ASSIGNED:  # reassigned by the normal ranking, never to the removed mediator
        assert removed.json_body["reassigned"] == [case_id] and case.status == st.PENDING_ASSIGNMENT
        assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
        case = deps.cases.get(case_id)
        assert case.status == st.ASSIGNED and case.mediator_id == "m-zhang"  # the other contract mediator
        assert deps.roster.mediator("m-wang").active_load == 0
    elif status == st.MEDIATING:  # the admin reassigns; the parties are told
        assert removed.json_body["flagged"] == [case_id]
        assert case.status == st.MEDIATING and MEDIATOR_WITHDRAWN in case.flags
        def told() -> int:
            return sum(case_id in m["text"] and "原调解员" in m["text"] for m in deps.sms.messages(APPLICANT["phone"]))

        assert told() == 1
        assert _removal(client).status_code == 200  # asked again: the parties are not told twice
        assert told() == 1
    else:  # an ended or not yet assigned case keeps what it had
        assert (case.status, case.flags, case.mediator_id) == (before.status, before.flags, before.mediator_id)
        assert removed.json_body["reassigned"] == removed.json_body["flagged"] == []
    assert "m-wang" not in deps.roster.court("weibin", fresh=True).invited_roster  # the roster entry is closed
    told = [m for m in _court_messages() if m["type"] == "mediator.removed"]
    assert [(m["event_id"], m["data"]["mediator_id"]) for m in told] == [("mediator:m-wang:removed:weibin", "m-wang")]


def test_a_removal_asked_again_changes_nothing_but_sends_again(client, deps, demo):
    first = _removal(client)
    again = _removal(client)
    assert again.status_code == 200 and again.json_body["already_removed"] is True
    sanctions = client.http.get("/mediators/m-wang/performance", headers=ADMIN).json_body["sanctions"]
    assert [s["kind"] for s in sanctions] == ["removal"]
    ids = [m["event_id"] for m in _court_messages() if m["type"] == "mediator.removed"]
    assert first.json_body["courts_told"] == ["weibin"] and set(ids) == {"mediator:m-wang:removed:weibin"}
    refused = post_json(client, "/mediators/m-wang/sanctions", {"kind": "warning", "reason": "x"}, ADMIN)
    assert refused.status_code == 409 and refused.json_body["error"]["code"] == "invalid_sanction_status"


def test_a_suspended_mediator_gets_no_case_until_reinstated(client, deps, demo, clock):
    suspended = post_json(client, "/mediators/m-zhang/sanctions", {"kind": "suspension", "reason": "投诉调查中"}, ADMIN)
    assert suspended.json_body["status"] == "suspended"
    post_json(client, "/mediators/m-wang/sanctions", {"kind": "suspension", "reason": "投诉调查中"}, ADMIN)
    opened = webhook(client, demo["court_secret"], {"event_id": "ev-s1", "type": "case.delegated",
                                                    "data": application_fields()}, now=clock().timestamp())
    run_step("assignment", "assignment_queue")
    case = deps.cases.get(opened.json_body["case_id"])
    assert case.status == st.PENDING_ASSIGNMENT and "no_candidate" in case.flags  # both contract mediators out
    clock.advance(days=2)
    post_json(client, "/mediators/m-wang/sanctions", {"kind": "reinstatement", "reason": "查无实据"}, ADMIN)
    deps.publisher.send("assignment", {"case_id": case.case_id})  # what the sweep does for a waiting case
    run_step("assignment", "assignment_queue")
    assert deps.cases.get(case.case_id).mediator_id == "m-wang"
    history = client.http.get("/mediators/m-wang/performance", headers=ADMIN).json_body["sanctions"]
    assert [(s["kind"], s["from_status"], s["to_status"]) for s in history] == [
        ("suspension", "active", "suspended"), ("reinstatement", "suspended", "active")]


def test_a_court_report_lands_once_in_the_organization_queue_with_a_deadline(client, deps, demo, clock):
    event = {"event_id": "ev-report-1", "type": "mediator.reported",
             "data": {"mediator_id": "m-li", "reason": "调解中偏袒被申请人", "case_id": "C-x"}}
    first = webhook(client, demo["court_secret"], event, now=clock().timestamp())
    again = webhook(client, demo["court_secret"], event, now=clock().timestamp())
    assert first.status_code == 202 and first.json_body["decide_by"] == "2026-03-17T02:00:00Z"
    assert again.status_code == 409 and again.json_body["error"]["code"] == "replayed_event"
    queue = client.http.get("/mediator-reports", headers=ADMIN).json_body["reports"]
    assert [(r["report_id"], r["mediator_id"], r["overdue"]) for r in queue] == [
        (first.json_body["report_id"], "m-li", False)]
    clock.advance(days=16)
    assert client.http.get("/mediator-reports", headers=ADMIN).json_body["reports"][0]["overdue"] is True
    path = f"/mediator-reports/{first.json_body['report_id']}/decision"
    decided = post_json(client, path, {"decision": "criticism", "note": "通报批评"}, ADMIN)
    assert decided.status_code == 200 and decided.json_body["sanction"]["sanction"]["kind"] == "criticism"
    assert post_json(client, path, {"decision": "dismiss"}, ADMIN).json_body["error"]["code"] == "report_decided"
    other = staff("org_admin", org_id="other-org")
    assert client.http.get("/mediator-reports", headers=other).json_body["reports"] == []
    unknown = webhook(client, demo["court_secret"], {"event_id": "ev-report-2", "type": "mediator.reported",
                                                     "data": {"mediator_id": "m-nobody"}}, now=clock().timestamp())
    assert unknown.status_code == 422 and unknown.json_body["error"]["code"] == "unknown_mediator"


def _settled_case(client, deps, demo, clock, extractor, event_id: str, *, decline_first=False):
    opened = webhook(client, demo["court_secret"], {"event_id": event_id, "type": "case.delegated",
                                                    "data": application_fields()}, now=clock().timestamp())
    case_id = opened.json_body["case_id"]
    run_step("assignment", "assignment_queue")
    mediator = staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)
    if decline_first:
        post_json(client, f"/cases/{case_id}/acceptance", {"decision": "decline", "reason": "与被申请人有业务往来"},
                  mediator)
        run_step("assignment", "assignment_queue")
        mediator = staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
    clock.advance(days=3)
    extractor.result = agreement_extraction(mediator_name=deps.cases.get(case_id).mediator_name)
    body, ctype = multipart({})
    assert client.http.post(f"/cases/{case_id}/agreement", body=body,
                            headers={**mediator, "Content-Type": ctype}).status_code == 200
    assert run_step("outcome", "outcome_queue") == {"batchItemFailures": []}
    tokens = [i["party_token"] for i in
              post_json(client, f"/cases/{case_id}/invitations", {}, mediator).json_body["invitations"]]
    return case_id, tokens


def test_complaints_ratings_and_outcomes_fill_the_performance_file(client, deps, demo, clock, extractor):
    case_id, tokens = _settled_case(client, deps, demo, clock, extractor, "ev-p1", decline_first=True)
    party = bearer(tokens[0])
    complained = post_json(client, f"/cases/{case_id}/complaints", {"text": "调解员多次迟到"}, party)
    assert complained.status_code == 201
    rated = post_json(client, f"/cases/{case_id}/rating", {"score": 2, "comment": "不够耐心"}, party)
    assert rated.status_code == 201
    twice = post_json(client, f"/cases/{case_id}/rating", {"score": 5}, party)
    assert twice.status_code == 409 and twice.json_body["error"]["code"] == "already_rated"
    assert post_json(client, f"/cases/{case_id}/rating", {"score": 4}, bearer(tokens[1])).status_code == 201
    assert post_json(client, f"/cases/{case_id}/rating", {"score": 9}, party).status_code == 400
    deps.publisher.send("outcome", {"case_id": case_id, "result": "settled", "court_id": "weibin"})
    run_step("outcome", "outcome_queue")  # the redelivered step counts the case once

    mediator_id = deps.cases.get(case_id).mediator_id
    file = client.http.get(f"/mediators/{mediator_id}/performance", headers=ADMIN).json_body
    assert file["cases_by_outcome"] == {"settled": 1} and file["success_rate"] == 1.0
    assert file["average_days"] == 3.0  # accepted, then the agreement three days later
    assert [c["text"] for c in file["complaints"]] == ["调解员多次迟到"]
    assert file["ratings"]["count"] == 2 and file["ratings"]["average"] == 3.0
    assert file["subsidies_earned"] == "200.00"  # weibin-2026: a claim of 41,679 yuan, settled in March 2026
    decliner = "m-wang" if mediator_id != "m-wang" else "m-zhang"
    declines = client.http.get(f"/mediators/{decliner}/performance", headers=ADMIN).json_body["declines"]
    assert [(d["case_id"], d["reason"]) for d in declines] == [(case_id, "与被申请人有业务往来")]


def test_a_mediation_is_rated_only_once_it_ended(client, deps, demo, clock, extractor):
    case_id, token = mediating_with_party(client, deps, demo["court_secret"], "ev-r1", clock().timestamp())
    early = post_json(client, f"/cases/{case_id}/rating", {"score": 5}, bearer(token))
    assert early.status_code == 409 and early.json_body["error"]["code"] == "case_not_ended"
    assert post_json(client, f"/cases/{case_id}/complaints", {"text": "调解员要求私下见面"}, bearer(token)).status_code == 201


def test_the_court_clerk_reports_from_its_console_into_the_same_queue(client, deps, demo):
    clerk = staff("court_clerk", court_id="weibin")
    reported = post_json(client, "/mediators/m-zhao/reports", {"reason": "向当事人索要财物"}, clerk)
    assert reported.status_code == 202, reported.body
    queue = client.http.get("/mediator-reports", headers=ADMIN).json_body["reports"]
    assert [(r["mediator_id"], r["court_id"], r["reason"]) for r in queue] == [("m-zhao", "weibin", "向当事人索要财物")]
    elsewhere = post_json(client, "/mediators/m-nobody/reports", {"reason": "x"}, clerk)
    assert elsewhere.status_code == 404 and elsewhere.json_body["error"]["code"] == "mediator_not_found"
