"""Judicial confirmation for direct applications, the party's own page, and how a case continues."""
import json

import pytest

from chalicelib.domain.parties import Party
from tests.integration.http import bearer, multipart, post_json, run_step, staff, verify_phone, webhook
from tests.integration.support import RESPONDENT, agreement_extraction, application_fields, receive_all

ADMIN = staff("org_admin", org_id="xx-sme")


def settle(client, extractor, case_id, mediator):
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
    named = client.http.get(f"/cases/{case_id}", headers=mediator).json_body["mediator"]["name"]
    extractor.result = agreement_extraction(mediator_name=named)
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


def _two_courts(deps, case_id):
    """The respondent moves to 红旗区: 卫滨区 (the applicant, the organization) and 红旗区 are both competent."""
    case = deps.cases.get(case_id)
    case.respondents = (Party.from_dict({**RESPONDENT, "address": "河南省新乡市红旗区自由路251号"}),)
    deps.cases.commit(case)


def test_several_competent_courts_need_the_parties_choice(client, direct_case, extractor, deps):
    case_id, mediator = direct_case
    _two_courts(deps, case_id)
    tokens = settle(client, extractor, case_id, mediator)
    unchosen = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(tokens[0]))
    assert unchosen.status_code == 422 and unchosen.json_body["error"]["code"] == "court_choice_required"
    options = {o["court_id"]: o for o in unchosen.json_body["error"]["details"]["options"]}
    assert set(options) == {"weibin", "hongqi"}
    assert options["hongqi"]["reasons"] == ["新乡市瑞丰食品股份有限公司住所地"]
    assert options["weibin"]["ground_labels"] == ["当事人住所地", "调解组织所在地"]
    assert deps.cases.get(case_id).consents == []  # a refused consent records nothing
    chosen = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "hongqi"},
                       bearer(tokens[0]))
    assert chosen.status_code == 200 and chosen.json_body["status"] == "settled"
    joined = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(tokens[1]))
    assert joined.json_body["status"] == "confirmation_requested" and deps.cases.get(case_id).court_id == "hongqi"


def test_a_consent_naming_another_court_is_refused_until_the_parties_agree(client, direct_case, extractor, deps,
                                                                          clock):
    case_id, mediator = direct_case
    _two_courts(deps, case_id)
    tokens = settle(client, extractor, case_id, mediator)
    first = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "hongqi"},
                      bearer(tokens[0]))
    assert first.status_code == 200
    clock.advance(hours=3)
    other = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "weibin"},
                      bearer(tokens[1]))
    assert other.status_code == 409 and other.json_body["error"]["code"] == "court_choice_conflict"
    assert other.json_body["error"]["details"]["court_choice"]["court_id"] == "hongqi"
    # the first party, still the only one to have joined, changes to the other's court; then the other joins
    changed = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "weibin"},
                        bearer(tokens[0]))
    assert changed.status_code == 200
    done = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "weibin"},
                     bearer(tokens[1]))
    assert done.json_body["status"] == "confirmation_requested"
    view = client.http.get(f"/cases/{case_id}", headers=bearer(tokens[0])).json_body
    choice = view["court_choice"]
    assert (choice["court_id"], choice["name"]) == ("weibin", "新乡市卫滨区人民法院")
    assert [(c["party"], c["at"]) for c in choice["consents"]] == [
        ("秦涵", "2026-03-02T05:00:00Z"), ("新乡市瑞丰食品股份有限公司", "2026-03-02T05:00:00Z")]
    assert {c["channel_label"] for c in choice["consents"]} == {"调解员发送的当事人邀请链接"}
    assert view["court"]["name"] == "新乡市卫滨区人民法院"


def test_a_court_that_is_not_competent_is_refused(client, direct_case, extractor):
    case_id, mediator = direct_case
    tokens = settle(client, extractor, case_id, mediator)
    refused = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "huojia"},
                        bearer(tokens[0]))
    assert refused.status_code == 422 and refused.json_body["error"]["code"] == "court_not_competent"
    assert [o["court_id"] for o in refused.json_body["error"]["details"]["options"]] == ["weibin"]


def test_the_mediators_invitation_proposes_a_court_the_parties_join(client, direct_case, extractor, deps):
    case_id, mediator = direct_case
    _two_courts(deps, case_id)
    settle(client, extractor, case_id, mediator)
    invited = post_json(client, f"/cases/{case_id}/invitations", {"court_id": "hongqi"}, mediator)
    assert invited.status_code == 201, invited.body
    tokens = [i["party_token"] for i in invited.json_body["invitations"]]
    proposed = client.http.get(f"/cases/{case_id}", headers=mediator).json_body["court_choice"]
    assert (proposed["court_id"], proposed["proposed_by"]["kind"], proposed["consents"]) == ("hongqi", "mediator", [])
    for token in tokens:
        last = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(token))
        assert last.status_code == 200, last.body
    assert last.json_body["status"] == "confirmation_requested" and deps.cases.get(case_id).court_id == "hongqi"
    html = client.http.get(f"/cases/{case_id}/documents/confirmation-application", headers=bearer(tokens[0])).body
    assert "新乡市红旗区人民法院" in html.decode() and "__" not in html.decode()


def test_the_court_gets_the_agreement_pdf_and_its_sha256(client, direct_case, extractor, deps):
    import hashlib

    case_id, mediator = direct_case
    tokens = settle(client, extractor, case_id, mediator)
    receive_all("notifications_queue")
    for token in tokens:
        post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(token))
    sent = [json.loads(r["body"])["message"] for r in receive_all("notifications_queue")]
    requested = next(m for m in sent if m["type"] == "confirmation.requested")
    [agreement] = requested["data"]["materials"]
    assert agreement["sha256"] == hashlib.sha256(b"%PDF-1.7").hexdigest()  # what settle() uploaded
    key = deps.cases.get(case_id).documents["agreement"]["key"]
    assert key in agreement["url"] and "Signature=" in agreement["url"]
    assert hashlib.sha256(deps.documents.get(key)).hexdigest() == agreement["sha256"]
    assert requested["data"]["court_choice"]["court_id"] == "weibin"


def test_an_agreement_settled_before_digests_were_kept_is_hashed_when_the_court_is_asked(client, direct_case,
                                                                                         extractor, deps):
    import hashlib

    case_id, mediator = direct_case
    tokens = settle(client, extractor, case_id, mediator)
    case = deps.cases.get(case_id)
    case.documents["agreement"] = {"key": case.documents["agreement"]["key"], "content_type": "application/pdf"}
    deps.cases.commit(case)
    receive_all("notifications_queue")
    for token in tokens:
        post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(token))
    sent = [json.loads(r["body"])["message"] for r in receive_all("notifications_queue")]
    [agreement] = next(m for m in sent if m["type"] == "confirmation.requested")["data"]["materials"]
    assert agreement["sha256"] == hashlib.sha256(b"%PDF-1.7").hexdigest() and agreement["bytes"] == 8


def test_a_dispute_above_the_basic_courts_goes_to_the_intermediate_court(client, demo, extractor, deps):
    fields = application_fields(claim_amount="600000000.00")
    answer = post_json(client, "/applications", fields).json_body
    verify_phone(client, answer["case_id"], "13784660762")
    run_step("assignment", "assignment_queue")
    case_id = answer["case_id"]
    mediator = staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)
    tokens = settle(client, extractor, case_id, mediator)
    for token in tokens:
        last = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(token))
    assert last.json_body["status"] == "confirmation_requested", last.body
    view = client.http.get(f"/cases/{case_id}", headers=ADMIN).json_body
    assert view["court_choice"]["court_id"] == "xinxiang-intermediate" and "intermediate_court" in view["flags"]
    assert "5亿元以上" in view["intermediate_court"]["reason"] and "法发〔2021〕27号" in view["intermediate_court"]["basis"]


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


def test_after_a_rejected_confirmation_the_parties_may_choose_another_court(client, direct_case, extractor, deps,
                                                                           demo, clock):
    case_id, mediator = direct_case
    _two_courts(deps, case_id)
    tokens = settle(client, extractor, case_id, mediator)
    for token in tokens:
        post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "weibin"}, bearer(token))
    ruled = webhook(client, demo["court_secret"], {"event_id": "e-rejected", "type": "confirmation.ruled", "data": {
        "case_id": case_id, "ruling": "rejected", "reason": "协议内容不明确"}}, now=clock().timestamp())
    assert ruled.status_code == 200, ruled.body
    assert post_json(client, f"/cases/{case_id}/mediation-again", {}, bearer(tokens[0])).status_code == 200
    run_step("assignment", "assignment_queue")
    again = staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)
    tokens = settle(client, extractor, case_id, again)
    for token in tokens:
        last = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "hongqi"},
                         bearer(token))
    assert last.json_body["status"] == "confirmation_requested", last.body
    assert deps.cases.get(case_id).court_id == "hongqi"
