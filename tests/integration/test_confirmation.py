"""Judicial confirmation for direct applications, the party's own page, and how a case continues."""
import pytest

from chalicelib.domain.parties import Party
from tests.integration.http import bearer, multipart, post_json, run_step, staff, verify_phone, webhook
from tests.integration.support import RESPONDENT, agreement_extraction, application_fields

ADMIN = staff("org_admin", org_id="xx-sme")


def settle(client, extractor, case_id, mediator):
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
    extractor.result = agreement_extraction()
    body, ctype = multipart({})
    answer = client.http.post(f"/cases/{case_id}/agreement", body=body, headers={**mediator, "Content-Type": ctype})
    assert answer.status_code == 200, answer.body
    return [i["party_token"] for i in
            post_json(client, f"/cases/{case_id}/invitations", {}, mediator).json_body["invitations"]]


@pytest.fixture
def direct_case(client, demo):
    answer = post_json(client, "/applications", application_fields()).json_body
    verify_phone(client, answer["case_id"], "13784660762")
    run_step("assignment", "assignment_queue")
    mediator_id = client.http.get(f"/cases/{answer['case_id']}", headers=ADMIN).json_body["mediator_id"]
    return answer["case_id"], staff("mediator", mediator_id=mediator_id)


def test_a_direct_application_goes_to_the_court_where_the_parties_live(client, direct_case, extractor, deps):
    case_id, mediator = direct_case
    tokens = settle(client, extractor, case_id, mediator)
    for token in tokens:
        last = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(token))
    assert last.status_code == 200 and last.json_body["status"] == "confirmation_requested"
    case = deps.cases.get(case_id)
    assert case.court_id == "weibin"  # both parties live in 卫滨区
    assert case.documents["confirmation-application"]["key"] == f"cases/{case_id}/documents/confirmation-application.html"


def test_several_competent_courts_need_the_parties_choice(client, direct_case, extractor, deps):
    case_id, mediator = direct_case
    case = deps.cases.get(case_id)
    moved = {**RESPONDENT, "address": "河南省新乡市红旗区自由路251号"}
    case.respondents = (Party.from_dict(moved),)
    deps.cases.commit(case)
    tokens = settle(client, extractor, case_id, mediator)
    post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(tokens[0]))
    unchosen = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(tokens[1]))
    assert unchosen.status_code == 422 and unchosen.json_body["error"]["code"] == "court_choice_required"
    options = {o["court_id"] for o in unchosen.json_body["error"]["details"]["options"]}
    assert options == {"weibin", "hongqi"}
    chosen = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "hongqi"},
                       bearer(tokens[1]))
    assert chosen.json_body["status"] == "confirmation_requested" and deps.cases.get(case_id).court_id == "hongqi"



def test_the_confirmation_window_is_checked(client, direct_case, extractor, clock):
    case_id, mediator = direct_case
    tokens = settle(client, extractor, case_id, mediator)
    clock.advance(days=40)
    late = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(tokens[0]))
    assert late.status_code == 422 and late.json_body["error"]["code"] == "confirmation_window_closed"


def test_each_party_sees_their_own_confirmation_page(client, direct_case, extractor):
    case_id, mediator = direct_case
    tokens = settle(client, extractor, case_id, mediator)
    page = client.http.get(f"/cases/{case_id}/documents/party-confirmation", headers=bearer(tokens[1]))
    assert page.status_code == 200 and RESPONDENT["name"] in page.body.decode()
    assert client.http.get(f"/cases/{case_id}/documents/party-confirmation", headers=mediator).status_code == 404
    assert client.http.get(f"/cases/{case_id}/documents/no-such", headers=mediator).status_code == 404


def test_invitation_links_carry_the_token_only_in_the_fragment(client, direct_case, extractor):
    case_id, mediator = direct_case
    settle(client, extractor, case_id, mediator)
    invitation = post_json(client, f"/cases/{case_id}/invitations", {}, mediator).json_body["invitations"][0]
    assert invitation["url"].endswith(f"/my-case?case={case_id}#token={invitation['party_token']}")


def test_after_a_rejected_confirmation_the_parties_may_mediate_again(client, demo, extractor, deps, clock):
    payload = {"event_id": "e1", "type": "case.delegated", "data": {**application_fields(), "mediator_id": "m-wang"}}
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    run_step("assignment", "assignment_queue")
    tokens = settle(client, extractor, case_id, staff("mediator", mediator_id="m-wang"))
    for token in tokens:
        post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(token))
    ruled = webhook(client, demo["court_secret"], {"event_id": "e2", "type": "confirmation.ruled", "data": {
        "case_id": case_id, "ruling": "rejected", "reason": "协议内容不明确"}}, now=clock().timestamp())
    assert ruled.status_code == 200
    again = post_json(client, f"/cases/{case_id}/mediation-again", {}, bearer(tokens[0]))
    assert again.status_code == 200, again.body
    assert again.json_body["status"] == "pending_assignment"
    run_step("assignment", "assignment_queue")
    case = deps.cases.get(case_id)
    assert case.status == "assigned" and case.consents == [] and case.agreement is None


def test_the_organization_closes_a_failed_case_nobody_takes_to_court(client, direct_case, deps):
    case_id, mediator = direct_case
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
    post_json(client, f"/cases/{case_id}/outcome", {"result": "terminated", "reason": "申请人撤回申请"}, mediator)
    refused = post_json(client, f"/cases/{case_id}/close", {"reason": "x"}, mediator)
    assert refused.status_code == 403 and refused.json_body["error"]["code"]
    closed = client.http.post(f"/cases/{case_id}/close", headers=ADMIN)  # no body: the default reason
    assert closed.status_code == 200, closed.body
    assert closed.json_body["status"] == "closed"
