"""The parties' choices over HTTP on moto (在线调解规则 Art.10, 13, 15, 24) and the records the court gets."""
import json

import pytest

from chalicelib.services.sweep import sweep_deadlines
from tests.integration.http import bearer, post_json, run_step, staff, verify_phone, webhook
from tests.integration.support import APPLICANT, RESPONDENT, application_fields, receive_all

MEDIATOR = staff("mediator", mediator_id="m-wang")
ORG_ADMIN = staff("org_admin", org_id="xx-sme")
RESPONDENT_PHONE = "13937301234"


def court_messages(kind: str) -> list[dict]:
    bodies = [json.loads(r["body"]) for r in receive_all("notifications_queue")]
    return [b["message"] for b in bodies if b["message"]["type"] == kind]


def delegate(client, demo, clock, event_id="ev-choices", **data) -> str:
    payload = {"event_id": event_id, "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调9号", **application_fields(), **data}}
    created = webhook(client, demo["court_secret"], payload, now=clock().timestamp())
    assert created.status_code == 202, created.body
    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    return created.json_body["case_id"]


def invited(client, case_id: str, mediator=MEDIATOR) -> dict:
    answer = post_json(client, f"/cases/{case_id}/invitations", {}, mediator)
    assert answer.status_code == 201, answer.body
    return {i["party_name"]: bearer(i["party_token"]) for i in answer.json_body["invitations"]}


def accept(client, case_id: str, mediator=MEDIATOR, disclosures=()) -> None:
    answer = post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept",
                                                                "disclosures": list(disclosures)}, mediator)
    assert answer.status_code == 200, answer.body


def sign_in(client, case_id: str, phone: str) -> dict:
    """A party gets back in as on /my-case: a fresh code to the phone, then the login."""
    assert post_json(client, "/auth/party-code", {"case_id": case_id, "phone": phone}).status_code == 202
    signed = verify_phone(client, case_id, phone)
    assert signed.status_code == 200, signed.body
    return bearer(signed.json_body["party_token"])


def view(client, case_id: str, headers=MEDIATOR) -> dict:
    return client.http.get(f"/cases/{case_id}", headers=headers).json_body


# ---- the respondent's consent (Art.15) ----

@pytest.fixture
def direct_case(client, demo):
    fields = application_fields(respondents=[{**RESPONDENT, "phone": RESPONDENT_PHONE}])
    applied = post_json(client, "/applications", fields)
    assert applied.status_code == 201, applied.body
    case_id = applied.json_body["case_id"]
    assert verify_phone(client, case_id, APPLICANT["phone"]).status_code == 200
    return case_id


def test_a_respondent_is_asked_by_sms_and_assignment_does_not_wait(client, direct_case):
    texts = [m["text"] for m in client.http.get(f"/_local/messages?to={RESPONDENT_PHONE}").json_body["messages"]]
    assert any(direct_case in t and "是否同意调解" in t and "/my-case?case=" in t for t in texts), texts
    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    case = view(client, direct_case, ORG_ADMIN)
    assert case["status"] == "assigned"  # asking holds nothing up
    assert case["respondent_consent"]["waiting_for"] == [RESPONDENT["name"]]


def test_a_respondent_who_declines_ends_the_case_and_the_applicant_may_sue(client, deps, direct_case):
    run_step("assignment", "assignment_queue")
    respondent = sign_in(client, direct_case, RESPONDENT_PHONE)
    answer = post_json(client, f"/cases/{direct_case}/respondent-consent", {"agree": False}, respondent)
    assert answer.status_code == 200, answer.body
    case = view(client, direct_case, respondent)
    assert case["status"] == "terminated"
    assert case["outcome"]["ground"] == "respondent_declined" and case["outcome"]["ground_label"]
    assert case["respondent_consent"]["answers"][RESPONDENT["name"]]["channel"] == "online"
    assert deps.roster.mediator(deps.cases.get(direct_case).mediator_id or "m-wang").active_load == 0
    texts = [m["text"] for m in client.http.get(f"/_local/messages?to={APPLICANT['phone']}").json_body["messages"]]
    assert any("不同意调解" in t and "起诉" in t for t in texts), texts
    run_step("outcome", "outcome_queue")
    record = client.http.get(f"/cases/{direct_case}/documents/failure-record", headers=respondent)
    assert record.status_code == 200 and "被申请人明确表示不同意调解" in record.body.decode()


def test_the_respondent_is_asked_once_however_often_the_step_runs(client, deps, direct_case):
    from chalicelib.services.respondent_consent import ask_respondents

    def asked() -> int:
        messages = client.http.get(f"/_local/messages?to={RESPONDENT_PHONE}").json_body["messages"]
        return sum("是否同意调解" in m["text"] for m in messages)

    assert asked() == 1
    ask_respondents(deps, deps.cases.get(direct_case))  # a retried verification asks again: one SMS still
    assert asked() == 1


def test_an_applicant_cannot_answer_for_the_respondent(client, direct_case):
    applicant = sign_in(client, direct_case, APPLICANT["phone"])
    answer = post_json(client, f"/cases/{direct_case}/respondent-consent", {"agree": True}, applicant)
    assert answer.status_code == 422 and answer.json_body["error"]["code"] == "not_a_respondent"


def test_the_mediator_records_consent_given_by_phone(client, direct_case):
    run_step("assignment", "assignment_queue")
    mediator = staff("mediator", mediator_id=view(client, direct_case, ORG_ADMIN)["mediator_id"])
    answer = post_json(client, f"/cases/{direct_case}/respondent-consent",
                       {"agree": True, "respondent": RESPONDENT["name"], "channel": "phone",
                        "note": "2026年3月2日电话联系吕然萱，同意调解"}, mediator)
    assert answer.status_code == 200, answer.body
    case = view(client, direct_case, mediator)
    assert case["status"] == "assigned" and case["respondent_consent"]["waiting_for"] == []
    entry = case["respondent_consent"]["answers"][RESPONDENT["name"]]
    assert entry["agreed"] is True and entry["channel"] == "phone"
    online = post_json(client, f"/cases/{direct_case}/respondent-consent",
                       {"agree": True, "respondent": RESPONDENT["name"], "channel": "online"}, mediator)
    assert online.status_code == 400  # the mediator cannot answer "online" for the respondent
    unsaid = post_json(client, f"/cases/{direct_case}/respondent-consent", {"agree": True}, mediator)
    assert unsaid.status_code == 422 and unsaid.json_body["error"]["code"] == "consent_record_incomplete"


# ---- extensions (Art.24) ----

def test_every_party_agrees_and_the_court_is_told_the_new_deadline_and_who(client, demo, clock):
    case_id = delegate(client, demo, clock)
    accept(client, case_id)
    tokens = invited(client, case_id)
    receive_all("notifications_queue")
    proposed = post_json(client, f"/cases/{case_id}/extension", {"days": 10, "reason": "双方需要核对账目"}, MEDIATOR)
    assert proposed.status_code == 200, proposed.body
    before = view(client, case_id)["deadlines"]["mediation"]
    first = post_json(client, f"/cases/{case_id}/extension/answer", {"agree": True}, tokens[APPLICANT["name"]])
    assert first.status_code == 200 and first.json_body["deadlines"]["mediation"] == before
    assert view(client, case_id)["extension"]["waiting_for"] == [RESPONDENT["name"]]
    last = post_json(client, f"/cases/{case_id}/extension/answer", {"agree": True}, tokens[RESPONDENT["name"]])
    assert last.status_code == 200
    # accepted Monday 2026-03-02: limit 2026-04-01; + 10 days = Saturday 04-11 → Monday 04-13 (Art.85)
    assert last.json_body["deadlines"]["mediation"] == "2026-04-13T15:59:59Z"
    [told] = court_messages("case.extended")
    assert told["data"]["new_deadline"] == "2026-04-13T15:59:59Z" and told["data"]["days"] == 10
    assert [a["party"] for a in told["data"]["agreed_by"]] == [APPLICANT["name"], RESPONDENT["name"]]
    again = post_json(client, f"/cases/{case_id}/extension/answer", {"agree": True}, tokens[RESPONDENT["name"]])
    assert again.status_code == 200 and again.json_body["deadlines"]["mediation"] == "2026-04-13T15:59:59Z"


def test_one_party_refuses_and_there_is_no_extension(client, demo, clock):
    case_id = delegate(client, demo, clock)
    accept(client, case_id)
    tokens = invited(client, case_id)
    receive_all("notifications_queue")
    post_json(client, f"/cases/{case_id}/extension", {"days": 10}, MEDIATOR)
    before = view(client, case_id)["deadlines"]["mediation"]
    post_json(client, f"/cases/{case_id}/extension/answer", {"agree": True}, tokens[APPLICANT["name"]])
    refused = post_json(client, f"/cases/{case_id}/extension/answer", {"agree": False}, tokens[RESPONDENT["name"]])
    assert refused.status_code == 200 and refused.json_body["extension"]["state"] == "refused"
    assert view(client, case_id)["deadlines"]["mediation"] == before
    assert court_messages("case.extended") == []
    late = post_json(client, f"/cases/{case_id}/extension/answer", {"agree": True}, tokens[APPLICANT["name"]])
    assert late.status_code == 200 and late.json_body["extension"]["state"] == "refused"  # the same answer again
    ticked = post_json(client, f"/cases/{case_id}/extension", {"days": 5, "agreed_by": ["秦涵"]}, MEDIATOR)
    assert ticked.status_code == 422 and ticked.json_body["error"]["code"] == "party_consent_required"


def test_the_mediator_cannot_answer_for_a_party(client, demo, clock):
    case_id = delegate(client, demo, clock)
    accept(client, case_id)
    post_json(client, f"/cases/{case_id}/extension", {"days": 10}, MEDIATOR)
    answer = post_json(client, f"/cases/{case_id}/extension/answer", {"agree": True}, MEDIATOR)
    assert answer.status_code == 403


# ---- disclosures (Art.13) ----

def test_a_party_who_objects_to_a_disclosure_gets_another_mediator(client, deps, demo, clock):
    case_id = delegate(client, demo, clock)
    accept(client, case_id, disclosures=["本人三年前曾担任被申请人的法律顾问"])
    tokens = invited(client, case_id)
    shown = view(client, case_id, tokens[APPLICANT["name"]])
    assert shown["disclosures"] == ["本人三年前曾担任被申请人的法律顾问"]
    ok = post_json(client, f"/cases/{case_id}/disclosure-answer", {"decision": "continue"}, tokens[RESPONDENT["name"]])
    assert ok.status_code == 200 and view(client, case_id)["status"] == "mediating"
    objected = post_json(client, f"/cases/{case_id}/disclosure-answer",
                         {"decision": "replace", "reason": "担心调解员偏向被申请人"}, tokens[APPLICANT["name"]])
    assert objected.status_code == 200, objected.body
    assert objected.json_body["status"] == "pending_assignment"
    assert deps.roster.mediator("m-wang").active_load == 0
    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    case = deps.cases.get(case_id)
    assert case.status == "assigned" and case.mediator_id == "m-zhang" and "m-wang" in case.excluded_mediators


def test_asking_for_another_mediator_needs_a_reason(client, demo, clock):
    case_id = delegate(client, demo, clock)
    accept(client, case_id, disclosures=["与申请人是同一小区邻居"])
    tokens = invited(client, case_id)
    answer = post_json(client, f"/cases/{case_id}/disclosure-answer", {"decision": "replace"},
                       tokens[APPLICANT["name"]])
    assert answer.status_code == 422 and answer.json_body["error"]["code"] == "reason_required"


# ---- the chosen mediator (Art.10) ----

def test_an_eligible_joint_choice_is_assigned_and_the_parties_see_why(client, demo, clock):
    case_id = delegate(client, demo, clock, mediator_id="m-zhang")
    case = view(client, case_id, ORG_ADMIN)
    assert case["mediator_id"] == "m-zhang"
    assert case["assignment_basis"]["kind"] == "joint_choice" and case["assignment_basis"]["why"]


def test_an_ineligible_joint_choice_is_replaced_by_a_designation_with_the_reason(client, demo, clock):
    case_id = delegate(client, demo, clock, mediator_id="m-li")  # m-li does not take contract disputes
    case = view(client, case_id, ORG_ADMIN)
    assert case["mediator_id"] in ("m-wang", "m-zhang")
    basis = case["assignment_basis"]
    assert basis["kind"] == "designated" and basis["not_chosen_because"] == ["no_specialty"]
    assert "不承办这类纠纷" in basis["why"][0]


def test_a_direct_application_may_name_the_chosen_mediator(client, demo):
    applied = post_json(client, "/applications", application_fields(mediator_id="m-zhang"))
    assert applied.status_code == 201, applied.body
    verify_phone(client, applied.json_body["case_id"], APPLICANT["phone"])
    run_step("assignment", "assignment_queue")
    assert view(client, applied.json_body["case_id"], ORG_ADMIN)["mediator_id"] == "m-zhang"


# ---- records to the court (Art.21, 25) ----

def test_a_case_ended_by_the_time_limit_sends_its_record_with_the_outcome(client, deps, demo, clock):
    case_id = delegate(client, demo, clock)
    accept(client, case_id)
    receive_all("notifications_queue")
    clock.advance(days=31)
    assert sweep_deadlines(deps)["terminated"] == 1
    assert run_step("outcome", "outcome_queue") == {"batchItemFailures": []}
    [told] = court_messages("case.outcome")
    assert told["data"]["result"] == "terminated" and told["data"]["ground"] == "time_limit"
    html = told["data"]["document_html"]
    assert "调解不成功记录" in html and "调解期限届满" in html and "需要向人民法院提示的其他情况" in html
    stored = deps.cases.get(case_id).documents["failure-record"]
    assert deps.documents.get(stored["key"]).decode() == html


def test_a_failure_record_carries_every_item_of_article_21(client, deps, demo, clock):
    case_id = delegate(client, demo, clock)
    accept(client, case_id)
    receive_all("notifications_queue")
    record = {"basic_facts": "2026年3月5日组织双方视频调解一次", "reasons": "被申请人不同意分期还款",
              "disputed_points": "货款是否已部分支付", "cost_increasing_conduct": "被申请人两次无故缺席",
              "other_matters": "被申请人表示正在申请破产重整", "undisputed_facts": "双方于2025年签订买卖合同"}
    failed = post_json(client, f"/cases/{case_id}/outcome", {"result": "failed", "reason": "分歧较大",
                                                            "record": record}, MEDIATOR)
    assert failed.status_code == 200, failed.body
    run_step("outcome", "outcome_queue")
    [told] = court_messages("case.outcome")
    for value in record.values():
        assert value in told["data"]["document_html"]
