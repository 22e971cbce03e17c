"""SMS notices to parties and mediators (issue 11 "Messages"), read from the local outbox on moto.

Each step tells its people once; a redelivered step, a retried request and the sweep's resend send
nothing twice; reminders come on days 20 and 27 of the confirmation window and one working day before a
mediator's deadline; no text carries a token or an ID number; notices count towards no code send window.
"""
import json
from datetime import datetime, timezone

import pytest

from chalicelib import entrypoints
from chalicelib.domain.deadlines import CHINA
from chalicelib.services.sweep import sweep_deadlines
from tests.integration.http import bearer, multipart, post_json, run_step, staff, webhook
from tests.integration.support import (
    APPLICANT,
    RESPONDENT,
    agreement_extraction,
    application_fields,
    receive_all,
    sqs_event,
)

MEDIATOR = staff("mediator", mediator_id="m-wang")
MEDIATOR_PHONE = "13800000001"  # m-wang in the demo roster
ID_NUMBER = "410702198511023848"


def texts(deps, phone: str) -> list[str]:
    """Every SMS the phone got, oldest first."""
    return [m["text"] for m in reversed(deps.sms.messages(phone))]


def delegate(client, demo, clock, applicant_phone: str, respondent_phone: str):
    fields = application_fields(applicants=[{**APPLICANT, "phone": applicant_phone, "id_number": ID_NUMBER}],
                                respondents=[{**RESPONDENT, "phone": respondent_phone}])
    payload = {"event_id": f"ev-{applicant_phone}", "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调9号", **fields}}
    return webhook(client, demo["court_secret"], payload, now=clock().timestamp())


def delegated_case(client, demo, clock, applicant_phone: str, respondent_phone: str) -> str:
    return delegate(client, demo, clock, applicant_phone, respondent_phone).json_body["case_id"]


def accept(client, case_id: str):
    return client.http.post(f"/cases/{case_id}/acceptance", headers=MEDIATOR,
                            body=json.dumps({"decision": "accept", "disclosures": []}))


def settle(client, extractor, case_id: str, signed_date: str = "2026-03-02"):
    extractor.result = agreement_extraction(signed_date=signed_date)
    body, ctype = multipart({})
    answer = client.http.post(f"/cases/{case_id}/agreement", body=body, headers={**MEDIATOR, "Content-Type": ctype})
    assert answer.status_code == 200, answer.body
    receive_all("outcome_queue")


def test_each_step_tells_its_people_once_and_no_text_holds_a_token_or_id_number(client, demo, clock, extractor, deps):
    case_id = delegated_case(client, demo, clock, "13700000011", "13700000012")
    received = (f"法院已将您的纠纷委派调解，案件编号{case_id}。查看进度请打开http://127.0.0.1:8000/my-case?case={case_id}"
                "，凭案件编号、本手机号和验证码进入。")
    assert texts(deps, "13700000011") == texts(deps, "13700000012") == [received]
    run_step("assignment", "assignment_queue")
    assert texts(deps, MEDIATOR_PHONE) == [
        f"新案件{case_id}分给您调解，请在3月5日前接受或拒绝：http://127.0.0.1:8000/mediator?case={case_id}"]
    assert texts(deps, "13700000011") == [received]  # parties hear once a mediator has accepted

    assert accept(client, case_id).status_code == 200
    accepted = f"案件{case_id}由调解员王建国调解，调解期限到4月1日。调解员会联系您。"
    assert texts(deps, "13700000011") == texts(deps, "13700000012") == [received, accepted]

    settle(client, extractor, case_id)
    invitation = (f"案件{case_id}已达成调解协议。如申请司法确认，请在4月1日前打开链接同意："
                  f"http://127.0.0.1:8000/my-case?case={case_id}")
    assert texts(deps, "13700000011")[-1] == invitation

    tokens = [i["party_token"] for i in client.http.post(f"/cases/{case_id}/invitations", headers=MEDIATOR,
                                                         body="{}").json_body["invitations"]]
    for token in tokens:
        assert client.http.post(f"/cases/{case_id}/confirmations", headers=bearer(token),
                                body=json.dumps({"consent": True})).status_code == 200
    ruled = webhook(client, demo["court_secret"], {"event_id": "ev-2", "type": "confirmation.ruled", "data": {
        "case_id": case_id, "ruling": "confirmed", "ruling_number": "（2026）豫0703民特9号"}}, now=clock().timestamp())
    assert ruled.status_code == 200
    ruling = f"法院已裁定确认案件{case_id}的调解协议有效，一方不履行的，另一方可申请强制执行。"
    assert texts(deps, "13700000012") == [received, accepted, invitation, ruling]

    everything = texts(deps, "13700000011") + texts(deps, "13700000012") + texts(deps, MEDIATOR_PHONE)
    assert len(everything) == 9
    for text in everything:
        assert ID_NUMBER not in text and "token" not in text and "#" not in text
        assert not any(token in text for token in tokens)


def test_a_redelivered_step_a_retried_request_and_the_sweep_send_no_second_sms(client, demo, clock, deps):
    case_id = delegated_case(client, demo, clock, "13700000021", "13700000022")
    assert delegate(client, demo, clock, "13700000021", "13700000022").status_code == 409  # the court resends it
    message = receive_all("assignment_queue")
    assert entrypoints.assignment(sqs_event(message), None) == {"batchItemFailures": []}
    assert entrypoints.assignment(sqs_event(message), None) == {"batchItemFailures": []}  # SQS redelivers it
    assert len(texts(deps, MEDIATOR_PHONE)) == 1
    assert accept(client, case_id).status_code == 200
    assert accept(client, case_id).status_code == 200  # the retried accept resends what the change caused
    assert len(texts(deps, "13700000021")) == 2  # the case number on intake, the mediator's acceptance
    deps.cases.commit(deps.cases.get(case_id), outbox=deps.cases.outbox(case_id).messages,
                      pending_since="2026-03-01T00:00:00Z")  # as if the process had died before clearing the mark
    assert sweep_deadlines(deps)["resent"] == 1
    assert len(texts(deps, "13700000021")) == 2 and len(texts(deps, MEDIATOR_PHONE)) == 1


def test_a_failed_mediation_tells_the_parties_what_comes_next_and_whom_to_call(client, demo, clock, deps):
    case_id = delegated_case(client, demo, clock, "13700000031", "13700000032")
    run_step("assignment", "assignment_queue")
    accept(client, case_id)
    record = {"basic_facts": "买卖合同纠纷", "reasons": "双方对金额分歧较大", "disputed_points": "货款数额"}
    answer = post_json(client, f"/cases/{case_id}/outcome", {"result": "failed", "reason": "分歧较大",
                                                            "record": record}, headers=MEDIATOR)
    assert answer.status_code == 200, answer.body
    assert texts(deps, "13700000032")[-1] == f"案件{case_id}调解未成功，法院将依法立案审理。咨询电话0373-0000000。"


def test_notices_count_towards_no_code_send_window(client, demo, clock, deps):
    case_id = delegated_case(client, demo, clock, "13700000041", "13700000042")
    run_step("assignment", "assignment_queue")
    accept(client, case_id)
    for _ in range(5):  # the phone's whole hourly window (party_codes.SENDS_PER_PHONE)
        asked = post_json(client, "/auth/party-code", {"case_id": case_id, "phone": "13700000041"})
        assert asked.status_code == 202, asked.body


@pytest.fixture
def settled_case(client, demo, clock, extractor, deps):
    case_id = delegated_case(client, demo, clock, "13700000051", "13700000052")
    run_step("assignment", "assignment_queue")
    accept(client, case_id)
    settle(client, extractor, case_id, signed_date="2026-03-02")  # effective 3-02: day 30 is 4-01, a Wednesday
    return case_id


def at(month: int, day: int, hour_cst: int = 10) -> datetime:
    return datetime(2026, month, day, hour_cst, 0, tzinfo=CHINA).astimezone(timezone.utc)


def test_confirmation_reminders_on_days_20_and_27_of_the_window(client, clock, deps, settled_case):
    def reminders(phone):
        return [t for t in texts(deps, phone) if "还剩" in t]

    for moment, expected in [(at(3, 21), 0),  # day 19
                             (at(3, 22, 7), 0),  # day 20 before 08:00 China time: nobody is woken
                             (at(3, 22), 2), (at(3, 22, 15), 0),  # day 20, once
                             (at(3, 23), 0), (at(3, 28), 0)]:  # days 21 and 26
        clock.now = moment
        assert sweep_deadlines(deps)["reminded"] == expected, moment
    assert reminders("13700000051") == [f"案件{settled_case}申请司法确认还剩10天（4月1日截止），请打开链接同意："
                                        f"http://127.0.0.1:8000/my-case?case={settled_case}"]
    token = client.http.post(f"/cases/{settled_case}/invitations", headers=MEDIATOR,
                             body="{}").json_body["invitations"][0]["party_token"]
    assert client.http.post(f"/cases/{settled_case}/confirmations", headers=bearer(token),
                            body=json.dumps({"consent": True})).json_body["status"] == "settled"
    clock.now = at(3, 29)  # day 27: only the party who has not consented yet
    assert sweep_deadlines(deps)["reminded"] == 1
    assert len(reminders("13700000051")) == 1 and len(reminders("13700000052")) == 2
    assert "还剩3天" in reminders("13700000052")[-1]
    clock.now = at(4, 2)  # the window closed on day 30
    assert sweep_deadlines(deps)["reminded"] == 0


def test_a_mediator_is_reminded_one_working_day_before_a_deadline(client, demo, clock, deps):
    clock.now = at(3, 4)  # Wednesday: 3 working days later is Monday 3-09, so the reminder comes Friday 3-06
    case_id = delegated_case(client, demo, clock, "13700000061", "13700000062")
    run_step("assignment", "assignment_queue")
    assert deps.cases.get(case_id).deadlines["acceptance"] == "2026-03-09T15:59:59Z"
    reminder = f"提醒：案件{case_id}的接受期限3月9日届满，请及时处理：http://127.0.0.1:8000/mediator?case={case_id}"
    for moment, expected in [(at(3, 5), 0), (at(3, 6), 1), (at(3, 7), 0)]:
        clock.now = moment
        assert sweep_deadlines(deps)["reminded"] == expected, moment
    assert texts(deps, MEDIATOR_PHONE)[-1] == reminder

    clock.now = at(3, 8)  # accepted on Sunday: 30 days later is Tuesday 4-07, after the Qingming days 4-04..4-06
    assert accept(client, case_id).status_code == 200
    for moment, expected in [(at(4, 2), 0), (at(4, 3), 1), (at(4, 6), 0)]:  # Friday 4-03 is the working day before
        clock.now = moment
        assert sweep_deadlines(deps)["reminded"] == expected, moment
    assert texts(deps, MEDIATOR_PHONE)[-1].startswith(f"提醒：案件{case_id}的调解期限4月7日届满")


def test_the_working_day_before_a_deadline_follows_the_official_calendar(deps):
    calendar = deps.calendars.calendar()
    # 2026 National Day (chinesecalendar): 10-01..10-07 off, Saturday 10-10 a make-up working day.
    assert calendar.working_day_before(datetime(2026, 10, 8).date()).isoformat() == "2026-09-30"
    assert calendar.working_day_before(datetime(2026, 10, 12).date()).isoformat() == "2026-10-10"


def test_an_org_admin_sets_the_contact_parties_are_shown(client, demo, deps):
    admin = staff("org_admin", org_id="xx-sme")
    answer = post_json(client, "/organizations", {"org_id": "xx-sme", "name": "新乡市中小企业协会调解委员会",
                                                  "address": "河南省新乡市卫滨区胜利路1号", "phone": "0373-3011234"},
                       headers=admin)
    assert answer.status_code == 201, answer.body
    shown = client.http.get("/organizations/xx-sme")  # what the pages' footers show, to anyone
    assert shown.status_code == 200 and shown.json_body["phone"] == "0373-3011234"
    assert shown.json_body["address"] == "河南省新乡市卫滨区胜利路1号"
    missing = client.http.get("/organizations/no-such-org")
    assert missing.status_code == 404 and missing.json_body["error"]["code"] == "organization_not_found"
    refused = post_json(client, "/organizations", {"org_id": "xx-sme", "name": "x", "phone": "call us"},
                        headers=admin)
    assert refused.status_code == 422 and refused.json_body["error"]["code"] == "invalid_phone"
