"""The organization admin's cases (issue 14): the intake queue, corrections and the intake decision, the
deadline-ordered list, and reassignment — through the API on moto."""
import itertools
import json

import pytest

from chalicelib.adapters.models import RosterModel
from chalicelib.domain import status as st
from chalicelib.domain.case import MEDIATOR_WITHDRAWN
from tests.integration.http import multipart, post_json, run_step, staff, webhook
from tests.integration.support import APPLICANT, RESPONDENT, application_fields, receive_all

ADMIN = staff("org_admin", org_id="xx-sme")
ID_NUMBER = "410711197612233848"


def _apply(client, extractor, **fields) -> str:
    """A public application by PDF whose reading doubted the applicant's ID number; it waits in received."""
    read = application_fields(applicants=[{**APPLICANT, "id_number": ID_NUMBER}], **fields)
    extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                        "fields": read, "issues": [{"field": "applicants[0].id_number", "code": "checksum",
                                                    "message": "身份证号码校验位不符"}]}
    body, ctype = multipart({})
    applied = client.http.post("/applications", body=body, headers={"Content-Type": ctype})
    assert applied.status_code == 201 and applied.json_body["status"] == "received", applied.body
    return applied.json_body["case_id"]


def _decide(client, case_id, decision, reason=None):
    return post_json(client, f"/cases/{case_id}/intake-decision",
                     {"decision": decision, **({"reason": reason} if reason else {})}, ADMIN)


def _court_messages() -> list[dict]:
    return [json.loads(r["body"])["message"] for r in receive_all("notifications_queue")]


def test_the_intake_queue_pages_through_the_organizations_waiting_applications(client, deps, demo, extractor):
    ids = [_apply(client, extractor) for _ in range(3)]
    first = client.http.get("/intake?limit=2", headers=ADMIN)
    assert first.status_code == 200, first.body
    rest = client.http.get(f"/intake?limit=2&cursor={first.json_body['cursor']}", headers=ADMIN).json_body
    items = first.json_body["items"] + rest["items"]
    assert sorted(i["case_id"] for i in items) == sorted(ids)
    item = items[0]
    assert set(item["waiting_because"]) == {"awaiting_verification", "extraction_issues"}
    assert item["extraction_issues"][0] == {"field": "applicants[0].id_number", "code": "checksum",
                                            "message": "身份证号码校验位不符"}
    assert item["applicants"][0]["id_number"] == "4107**********3848"  # the admin sees ID numbers masked
    assert item["applicants"][0]["phone"] == APPLICANT["phone"]  # and phones in full (privacy rule)
    other = client.http.get("/intake", headers=staff("org_admin", org_id="other-org")).json_body
    assert other["items"] == []


def test_corrected_and_sent_on_the_application_goes_to_assignment_once(client, deps, demo, extractor):
    case_id = _apply(client, extractor)
    seen = client.http.get(f"/cases/{case_id}", headers=ADMIN).json_body["applicants"][0]
    corrected = post_json(client, f"/cases/{case_id}/corrections",
                          {"claim_amount": "41000", "applicants": [{**seen, "address": "河南省新乡市红旗区"}]}, ADMIN)
    assert corrected.status_code == 200, corrected.body
    assert corrected.json_body["corrected"] == ["applicants", "claim_amount"]
    case = deps.cases.get(case_id)
    assert case.claim_amount == "41000.00" and case.applicants[0].address == "河南省新乡市红旗区"
    assert case.applicants[0].id_number == ID_NUMBER  # sent back masked: the stored number stays
    history = deps.cases.history(case_id)
    assert history[-1]["reason"] == "corrected: applicants, claim_amount" and "org_admin" in history[-1]["actor"]

    sent = _decide(client, case_id, "send_on")
    assert sent.status_code == 200 and sent.json_body["status"] == st.PENDING_ASSIGNMENT, sent.body
    assert not set(deps.cases.get(case_id).flags) & {"awaiting_verification", "extraction_issues"}
    again = _decide(client, case_id, "send_on")
    assert again.status_code == 200 and again.json_body["intake_decision"] == sent.json_body["intake_decision"]
    refused = _decide(client, case_id, "refuse", "不属于受理范围")
    assert refused.status_code == 409 and refused.json_body["error"]["code"] == "intake_decided"
    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    assert deps.cases.get(case_id).status == st.ASSIGNED
    late = post_json(client, f"/cases/{case_id}/corrections", {"claim_amount": "1.00"}, ADMIN)
    assert late.status_code == 409


def test_a_refused_application_is_closed_and_the_party_told_once(client, deps, demo, extractor):
    case_id = _apply(client, extractor)
    refused = _decide(client, case_id, "refuse", "纠纷已由法院受理")
    assert refused.status_code == 200 and refused.json_body["status"] == st.CLOSED, refused.body
    assert _decide(client, case_id, "refuse", "纠纷已由法院受理").status_code == 200

    def told():
        return [m["text"] for m in deps.sms.messages(APPLICANT["phone"]) if "未予受理" in m["text"]]

    assert len(told()) == 1 and "纠纷已由法院受理" in told()[0] and case_id in told()[0]
    sent_on = _decide(client, case_id, "send_on")
    assert sent_on.status_code == 409 and sent_on.json_body["error"]["code"] == "intake_decided"
    assert "refused: 纠纷已由法院受理" in [h["reason"] for h in deps.cases.history(case_id)]


def test_refusing_needs_a_reason_and_sending_on_a_complete_application(client, deps, demo, extractor):
    case_id = _apply(client, extractor, respondents=[])
    assert _decide(client, case_id, "refuse").json_body["error"]["code"] == "reason_required"
    incomplete = _decide(client, case_id, "send_on")
    assert incomplete.status_code == 422 and incomplete.json_body["error"]["code"] == "incomplete_application"
    fixed = post_json(client, f"/cases/{case_id}/corrections", {"respondents": [RESPONDENT]}, ADMIN)
    assert fixed.status_code == 200, fixed.body
    assert _decide(client, case_id, "send_on").status_code == 200
    assert deps.cases.get(case_id).intake_decision["decision"] == "send_on"


_EVENTS = itertools.count()


def _mediating_court_case(client, demo, clock, mediator="m-wang") -> str:
    """A court's case in mediation with `mediator` (the parties' joint choice)."""
    event = {"event_id": f"ev-admin-{next(_EVENTS)}", "type": "case.delegated",
             "data": {"court_case_ref": "（2026）豫0703诉前调9号", **application_fields(mediator_id=mediator)}}
    created = webhook(client, demo["court_secret"], event, now=clock().timestamp())
    assert created.status_code == 202, created.body
    case_id = created.json_body["case_id"]
    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    accepted = post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"},
                         staff("mediator", mediator_id=mediator))
    assert accepted.status_code == 200, accepted.body
    return case_id


def test_a_withdrawn_mediators_case_is_reassigned_with_capacity_moved_and_everyone_told(client, deps, demo, clock):
    case_id = _mediating_court_case(client, demo, clock)
    removed = post_json(client, "/mediators/m-wang/sanctions", {"kind": "suspension", "reason": "休假"}, ADMIN)
    assert removed.status_code == 200 and removed.json_body["flagged"] == [case_id], removed.body
    listed = client.http.get("/cases?flag=mediator_withdrawn", headers=ADMIN).json_body["cases"]
    assert [c["case_id"] for c in listed] == [case_id]
    _court_messages()  # what the suspension sent
    loads = {m: deps.roster.mediator(m).active_load for m in ("m-wang", "m-zhang")}

    moved = post_json(client, f"/cases/{case_id}/reassign", {"mediator_id": "m-zhang", "reason": "原调解员暂停接案"},
                      ADMIN)
    assert moved.status_code == 200, moved.body
    assert moved.json_body["released"] == "m-wang" and moved.json_body["mediator_id"] == "m-zhang"
    case = deps.cases.get(case_id)
    assert case.status == st.ASSIGNED and MEDIATOR_WITHDRAWN not in case.flags and "acceptance" in case.deadlines
    assert deps.roster.mediator("m-wang").active_load == loads["m-wang"] - 1
    assert deps.roster.mediator("m-zhang").active_load == loads["m-zhang"] + 1
    told = [m for m in _court_messages() if m["type"] == "case.assigned"]
    assert [m["data"]["mediator_id"] for m in told] == ["m-zhang"]
    assert any("改由调解员张志强" in m["text"] for m in deps.sms.messages(APPLICANT["phone"]))
    assert any("改派" in m["text"] for m in deps.sms.messages("13800000001"))  # the released mediator
    assert any(case_id in m["text"] for m in deps.sms.messages("13800000003"))  # the new one is asked to accept
    again = post_json(client, f"/cases/{case_id}/reassign", {"mediator_id": "m-zhang", "reason": "再次"}, ADMIN)
    assert again.status_code == 422 and again.json_body["error"]["code"] == "same_mediator"


def test_without_a_named_mediator_the_assignment_rules_choose(client, deps, demo, clock):
    case_id = _mediating_court_case(client, demo, clock)
    moved = post_json(client, f"/cases/{case_id}/reassign", {"reason": "当事人申请回避"}, ADMIN)
    assert moved.status_code == 200, moved.body
    assert moved.json_body["mediator_id"] == "m-zhang"  # the other contract mediator on weibin's roster
    assert moved.json_body["assignment_basis"]["kind"] == "designated"


@pytest.mark.parametrize("body, status, code", [
    ({"mediator_id": "m-li", "reason": "改派"}, 422, "mediator_ineligible"),  # no contract specialty
    ({"mediator_id": "m-nobody", "reason": "改派"}, 422, "mediator_ineligible"),
    ({"mediator_id": "m-zhang"}, 400, "reason_required"),
])
def test_a_reassignment_the_rules_refuse_changes_nothing(client, deps, demo, clock, body, status, code):
    case_id = _mediating_court_case(client, demo, clock)
    before = repr(deps.cases.get(case_id))
    refused = post_json(client, f"/cases/{case_id}/reassign", body, ADMIN)
    assert refused.status_code == status and refused.json_body["error"]["code"] == code, refused.body
    assert repr(deps.cases.get(case_id)) == before


def test_a_full_mediator_is_refused_and_the_case_keeps_its_own(client, deps, demo, clock):
    case_id = _mediating_court_case(client, demo, clock)
    RosterModel("MEDIATOR#m-zhang").update(actions=[RosterModel.active_load.set(RosterModel.capacity)])
    full = post_json(client, f"/cases/{case_id}/reassign", {"mediator_id": "m-zhang", "reason": "改派"}, ADMIN)
    assert full.status_code == 422 and full.json_body["error"]["code"] == "mediator_ineligible"
    assert deps.cases.get(case_id).mediator_id == "m-wang"
    other = post_json(client, f"/cases/{case_id}/reassign", {"reason": "改派"},
                      staff("org_admin", org_id="other-org"))
    assert other.status_code == 404 and other.json_body["error"]["code"] == "case_not_found"


def test_the_admins_list_puts_the_nearest_deadline_first(client, deps, demo, clock, extractor):
    waiting = _apply(client, extractor)  # received: no deadline yet, listed last
    early = _mediating_court_case(client, demo, clock)
    clock.advance(hours=30)
    late = _mediating_court_case(client, demo, clock, mediator="m-zhang")
    listed = client.http.get("/cases?order=deadline", headers=ADMIN)
    assert listed.status_code == 200, listed.body
    ids = [c["case_id"] for c in listed.json_body["cases"]]
    assert ids.index(early) < ids.index(late) < ids.index(waiting)
    rows = {c["case_id"]: c for c in listed.json_body["cases"]}
    assert rows[early]["next_deadline"] == deps.cases.get(early).deadlines["mediation"]
    assert rows[waiting]["next_deadline"] is None
    only = client.http.get("/cases?order=deadline&mediator_id=m-zhang", headers=ADMIN).json_body["cases"]
    assert [c["case_id"] for c in only] == [late]
    # the court's clerk: the court's own cases in the same order (the public application is not the court's)
    clerk = client.http.get("/cases?order=deadline", headers=staff("court_clerk", court_id="weibin"))
    assert clerk.status_code == 200, clerk.body
    assert [c["case_id"] for c in clerk.json_body["cases"]] == [early, late]
    unknown = client.http.get("/cases?order=deadline", headers=staff("court_clerk", court_id="nowhere"))
    assert unknown.status_code == 400 and unknown.json_body["error"]["code"] == "invalid_query"
    newest = client.http.get("/cases?status=mediating", headers=ADMIN).json_body["cases"]  # the contract's order
    assert [c["case_id"] for c in newest] == [late, early]
