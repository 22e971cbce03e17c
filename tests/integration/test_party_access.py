"""Parties get back in by case number + SMS code; a public application costs no mediator before that.

Through chalice.test.Client on moto, with the local SMS outbox (the party-access table) read back
through GET /_local/messages, as a person would read their phone.
"""
import json
import re
import statistics
import time

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.settings import reset_settings
from tests.integration.http import bearer, latest_code, post_json, run_step, staff, verify_phone, webhook
from tests.integration.support import APPLICANT, application_fields, party, receive_all

PHONE = "13784660762"  # APPLICANT's
MEDIATOR = staff("mediator", mediator_id="m-wang")


@pytest.fixture
def client(deps):
    """The local stage, where GET /_local/messages exists (chalice.test.Client defaults to dev)."""
    with Client(app_module.app, stage_name="local") as c:
        yield c


@pytest.fixture
def quick(monkeypatch):
    """No answer floor: these tests are about the rules, not the timing."""
    monkeypatch.setenv("PARTY_CODE_ANSWER_SECONDS", "0")
    reset_settings()


def apply(client, **fields) -> dict:
    answer = post_json(client, "/applications", application_fields(**fields))
    assert answer.status_code == 201, answer.json_body
    return answer.json_body


def login(client, case_id, code, phone=PHONE):
    return post_json(client, "/auth/party-login", {"case_id": case_id, "phone": phone, "code": code})


def ask_code(client, case_id, phone=PHONE):
    return post_json(client, "/auth/party-code", {"case_id": case_id, "phone": phone})


def messages(client, phone=PHONE) -> list[dict]:
    return client.http.get(f"/_local/messages?to={phone}").json_body["messages"]


def sees(client, case_id, token) -> int:
    return client.http.get(f"/cases/{case_id}", headers=bearer(token)).status_code


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# ---- verification of a public application ----

def test_submitting_sends_one_code_to_the_applicant_and_says_where(client, demo, quick):
    body = apply(client)
    assert body["verification"] == {"required": True, "sent_to": "137****0762", "expires_in": 600}
    sent = messages(client)
    assert len(sent) == 1 and sent[0]["to"] == PHONE and body["case_id"] in sent[0]["text"]
    assert set(sent[0]) == {"to", "text", "at"}


def test_a_public_application_reserves_no_mediator_before_its_phone_is_confirmed(client, demo, deps, quick):
    cases = [apply(client, applicants=[party(f"申请人{i}", phone=f"1390000{i:04d}")])["case_id"]
             for i in range(6)]
    assert receive_all("assignment_queue") == []
    mediators = deps.roster.mediators(demo["mediator_ids"])
    assert [m.active_load for m in mediators] == [0] * len(mediators)  # the abuse hole of issue 8 is shut
    assert {deps.cases.get(c).status for c in cases} == {"received"}

    assert verify_phone(client, cases[0], "13900000000").status_code == 200
    run_step("assignment", "assignment_queue")
    assert sum(m.active_load for m in deps.roster.mediators(demo["mediator_ids"])) == 1
    assert deps.cases.get(cases[0]).status == "assigned"
    confirmed = messages(client, "13900000000")[0]["text"]  # newest first: the receipt, after the code
    assert "已受理" in confirmed and cases[0] in confirmed and "/my-case" in confirmed


def test_a_court_case_needs_no_verification(client, demo, clock, quick):
    payload = {"event_id": "ev-court-1", "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调1号", **application_fields()}}
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    assert [json.loads(r["body"]) for r in receive_all("assignment_queue")] == [{"case_id": case_id}]
    sent = [m["text"] for m in messages(client)]  # no code to answer: only the case number and the way in
    assert len(sent) == 1 and not re.search(r"验证码\d{6}", sent[0]) and case_id in sent[0] and "/my-case" in sent[0]


def test_an_application_without_a_mobile_number_is_refused_clearly(client, demo, deps, quick):
    landline = {**APPLICANT, "phone": "0373-3011234"}
    answer = post_json(client, "/applications", application_fields(applicants=[landline]))
    assert answer.status_code == 422 and answer.json_body["error"]["code"] == "phone_required"


# ---- codes at their edges ----

def test_a_code_works_until_ten_minutes_and_not_at_ten(client, demo, clock, quick):
    first = apply(client)
    clock.advance(minutes=9, seconds=59)
    assert verify_phone(client, first["case_id"], PHONE).status_code == 200

    second = apply(client, applicants=[party("王丽", phone="15837318283")])
    clock.advance(minutes=10)
    late = verify_phone(client, second["case_id"], "15837318283")
    assert late.status_code == 401 and late.json_body["error"]["code"] == "invalid_code"


@pytest.mark.parametrize("wrong_tries, then", [(4, 200), (5, 401)])
def test_the_fifth_wrong_try_kills_the_code_and_the_fourth_does_not(client, demo, quick, wrong_tries, then):
    case_id = apply(client)["case_id"]
    code = latest_code(client, PHONE)
    for _ in range(wrong_tries):
        refused = login(client, case_id, wrong(code))
        assert refused.status_code == 401 and refused.json_body["error"]["code"] == "invalid_code"
    assert login(client, case_id, code).status_code == then


def test_a_code_is_used_once(client, demo, quick):
    case_id = apply(client)["case_id"]
    code = latest_code(client, PHONE)
    assert login(client, case_id, code).status_code == 200
    assert login(client, case_id, code).status_code == 401


def test_a_new_code_replaces_the_earlier_one(client, demo, quick):
    case_id = apply(client)["case_id"]
    earlier = latest_code(client, PHONE)
    assert ask_code(client, case_id).status_code == 202
    newer = latest_code(client, PHONE)
    if newer != earlier:  # one in a million they are equal
        assert login(client, case_id, earlier).status_code == 401
    assert login(client, case_id, newer).status_code == 200


def test_sends_per_phone_are_limited_with_retry_after(client, demo, clock, quick):
    case_id = apply(client)["case_id"]  # the first of five sends this hour
    for _ in range(4):
        clock.advance(minutes=1)
        assert ask_code(client, case_id).status_code == 202
    refused = ask_code(client, case_id)
    assert refused.status_code == 429 and refused.json_body["error"]["code"] == "too_many_codes"
    assert int(refused.headers["Retry-After"]) == 56 * 60 + 1  # the first send leaves the hour in 56 min
    assert len(messages(client)) == 5
    clock.advance(minutes=56, seconds=1)
    assert ask_code(client, case_id).status_code == 202


def test_sends_per_case_are_limited_whatever_the_phone(client, demo, quick):
    case_id = apply(client)["case_id"]
    answers = [ask_code(client, case_id, f"1590000{i:04d}").status_code for i in range(10)]
    assert answers == [202] * 9 + [429]  # the application's own send was the first of ten


def test_party_code_never_reveals_whether_the_phone_is_on_the_case(client, demo, monkeypatch):
    monkeypatch.setenv("PARTY_CODE_ANSWER_SECONDS", "0.3")
    reset_settings()
    case_id = apply(client)["case_id"]
    timings = {"member": [], "stranger": [], "no case": []}
    answers = set()
    for i in range(3):
        for kind, (case, phone) in {"member": (case_id, PHONE), "stranger": (case_id, f"1860000{i:04d}"),
                                    "no case": (f"C20260302{i:08x}", f"1870000{i:04d}")}.items():
            started = time.monotonic()
            answer = ask_code(client, case, phone)
            timings[kind].append(time.monotonic() - started)
            answers.add((answer.status_code, json.dumps(answer.json_body, sort_keys=True)))
    assert len(answers) == 1 and next(iter(answers))[0] == 202
    medians = {kind: statistics.median(t) for kind, t in timings.items()}
    assert min(min(t) for t in timings.values()) >= 0.3
    assert max(medians.values()) - min(medians.values()) < 0.05, medians
    assert len(messages(client)) == 4 and messages(client, "18600000000") == []


def test_party_login_refuses_alike_whatever_was_wrong(client, demo, quick):
    case_id = apply(client)["case_id"]
    code = latest_code(client, PHONE)
    answers = [login(client, case_id, wrong(code)), login(client, case_id, code, "18600000000"),
               login(client, "C20260302deadbeef", code)]
    assert {(a.status_code, a.json_body["error"]["code"], a.json_body["error"]["message"]) for a in answers} == \
        {(401, "invalid_code", answers[0].json_body["error"]["message"])}


@pytest.mark.parametrize("body, status, code", [
    ({"case_id": "C1", "phone": "12345"}, 422, "invalid_phone"),  # a string, but no mobile number: a rule, not a shape
    ({"case_id": "../x", "phone": PHONE}, 400, "invalid_case_id"),
    ({"phone": PHONE}, 400, "invalid_case_id"),  # the message says it is missing
    ({"case_id": "C1", "phone": PHONE, "code": "12345a"}, 400, "invalid_code_format")])
def test_malformed_sign_in_requests_are_refused_saying_why(client, demo, quick, body, status, code):
    path = "/auth/party-login" if "code" in body else "/auth/party-code"
    answer = post_json(client, path, body)
    assert (answer.status_code, answer.json_body["error"]["code"]) == (status, code)


def test_phones_are_read_however_they_are_written(client, demo, quick):
    case_id = apply(client, applicants=[party("李四", phone="158-3731-8283")])["case_id"]
    code = latest_code(client, "15837318283")
    assert login(client, case_id, code, "+86 158 3731 8283").status_code == 200


# ---- tokens: revoked by a new one, expired after the case ends ----

def test_a_party_login_revokes_the_partys_earlier_token(client, demo, quick):
    body = apply(client)
    assert sees(client, body["case_id"], body["party_token"]) == 200
    fresh = verify_phone(client, body["case_id"], PHONE).json_body["party_token"]
    assert sees(client, body["case_id"], body["party_token"]) == 404
    assert sees(client, body["case_id"], fresh) == 200


@pytest.fixture
def mediating_court_case(client, demo, clock):
    payload = {"event_id": "ev-court-2", "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调2号", **application_fields()}}
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    run_step("assignment", "assignment_queue")
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, MEDIATOR)
    return case_id


def test_a_new_invitation_revokes_the_earlier_ones(client, mediating_court_case):
    case_id = mediating_court_case
    first = post_json(client, f"/cases/{case_id}/invitations", {}, MEDIATOR).json_body["invitations"]
    second = post_json(client, f"/cases/{case_id}/invitations", {}, MEDIATOR).json_body["invitations"]
    assert [sees(client, case_id, i["party_token"]) for i in first] == [404, 404]
    assert [sees(client, case_id, i["party_token"]) for i in second] == [200, 200]


def test_a_party_of_a_court_case_signs_in_by_sms_too(client, mediating_court_case, quick):
    assert ask_code(client, mediating_court_case).status_code == 202
    answer = verify_phone(client, mediating_court_case, PHONE)
    assert answer.status_code == 200 and answer.json_body["status"] == "mediating"
    assert sees(client, mediating_court_case, answer.json_body["party_token"]) == 200


def test_party_tokens_expire_ninety_days_after_the_case_ends(client, mediating_court_case, clock):
    case_id = mediating_court_case
    token = post_json(client, f"/cases/{case_id}/invitations", {}, MEDIATOR).json_body["invitations"][0]["party_token"]
    ended = post_json(client, f"/cases/{case_id}/outcome", {"result": "terminated", "reason": "申请人撤回申请"}, MEDIATOR)
    assert ended.status_code == 200, ended.json_body
    clock.advance(days=89, hours=23)
    assert sees(client, case_id, token) == 200
    clock.advance(hours=1)
    assert sees(client, case_id, token) == 404


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_local_outbox_exists_only_on_the_local_stage(deps, stage):
    reset_settings()  # read the stage inside the call, as a Lambda of that stage does
    with Client(app_module.app, stage_name=stage) as other:
        answer = other.http.get(f"/_local/messages?to={PHONE}")
    assert answer.status_code == 404 and answer.json_body["error"]["code"] == "not_found"
