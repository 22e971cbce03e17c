"""The lifecycle's routes through chalice.test.Client on moto: intake, webhooks, access, roster, listing."""
import json

import pytest

from chalicelib.domain.roster import Mediator
from tests.integration.http import bearer, multipart, post_json, run_step, staff, verify_phone, webhook
from tests.integration.support import agreement_extraction, application_fields, party, receive_all

MEDIATOR = staff("mediator", mediator_id="m-wang")


def delegated_payload(event_id="ev-1", **data):
    return {"event_id": event_id, "type": "case.delegated",
            "data": {"court_case_ref": "（2026）豫0703诉前调1号", **application_fields(), **data}}


@pytest.fixture
def assigned_case(client, demo, clock):
    created = webhook(client, demo["court_secret"], delegated_payload(), now=clock().timestamp())
    run_step("assignment", "assignment_queue")
    return created.json_body["case_id"]


@pytest.fixture
def mediating_case(client, assigned_case):
    post_json(client, f"/cases/{assigned_case}/acceptance", {"decision": "accept"}, MEDIATOR)
    return assigned_case


# ---- intake ----

def test_a_json_application_opens_a_case_that_waits_for_a_mediator(client, demo):
    answer = post_json(client, "/applications", application_fields())
    assert answer.status_code == 201
    body = answer.json_body
    assert body["status"] == "received" and body["party_token"] and body["extraction"] is None
    assert body["flags"] == ["awaiting_verification"] and body["verification"]["sent_to"] == "137****0762"
    case = client.http.get(f"/cases/{body['case_id']}", headers=bearer(body["party_token"])).json_body
    assert case["source"] == "party" and case["procedure"] == "pre_filing"
    assert case["organization"]["org_id"] == "xx-sme"
    assert "party_tokens" not in json.dumps(case) and body["party_token"] not in json.dumps(case)
    assert receive_all("assignment_queue") == []  # nobody confirmed the phone yet (CONTRACT R2 §3)
    assert verify_phone(client, body["case_id"], "13784660762").status_code == 200
    assert [json.loads(r["body"]) for r in receive_all("assignment_queue")] == [{"case_id": body["case_id"]}]


def test_a_pdf_application_is_stored_and_extracted(client, demo, extractor, deps):
    extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                        "issues": [], "fields": application_fields()}
    body, ctype = multipart({"org_id": "xx-sme"})
    answer = client.http.post("/applications", body=body, headers={"Content-Type": ctype})
    assert answer.status_code == 201, answer.body
    case = deps.cases.get(answer.json_body["case_id"])
    assert case.documents["application"]["key"].startswith(f"cases/{case.case_id}/application/")
    assert deps.documents.get(case.documents["application"]["key"]) == b"%PDF-1.7"
    assert case.status == "received" and case.flags == ["awaiting_verification"]
    assert case.applicants[0].name == "秦涵"


def test_a_file_that_is_not_an_application_is_refused_with_the_reason(client, demo, extractor):
    extractor.result = {"document_type": "unknown", "error": {"code": "not_pdf", "message": "not a PDF"},
                        "fields": {}, "issues": []}
    body, ctype = multipart({})
    answer = client.http.post("/applications", body=body, headers={"Content-Type": ctype})
    assert answer.status_code == 422
    assert answer.json_body["error"]["code"] == "unreadable_application"


def test_an_application_without_a_category_is_received_and_flagged(client, demo):
    answer = post_json(client, "/applications", application_fields(dispute_category=None))
    assert answer.json_body["status"] == "received" and answer.json_body["flags"] == ["awaiting_verification"]
    verified = verify_phone(client, answer.json_body["case_id"], "13784660762")
    assert verified.json_body["status"] == "received"
    assert client.http.get(f"/cases/{answer.json_body['case_id']}",
                           headers=bearer(verified.json_body["party_token"])).json_body["flags"] == ["out_of_scope"]


@pytest.mark.parametrize("change, code", [({"applicants": [{"kind": "person"}]}, "invalid_party"),
                                          ({"dispute_category": "crime"}, "invalid_category"),
                                          ({"claim_amount": "12万"}, "invalid_amount")])
def test_bad_application_fields_answer_400(client, demo, change, code):
    answer = post_json(client, "/applications", application_fields(**change))
    assert answer.status_code == 400 and answer.json_body["error"]["code"] == code


# ---- court webhooks ----

def test_a_replayed_event_is_refused_and_changes_nothing(client, demo, clock, deps):
    first = webhook(client, demo["court_secret"], delegated_payload(), now=clock().timestamp())
    again = webhook(client, demo["court_secret"], delegated_payload(), now=clock().timestamp())
    assert first.status_code == 202
    assert again.status_code == 409 and again.json_body["error"]["code"] == "replayed_event"
    assert again.json_body["error"]["details"]["case_id"] == first.json_body["case_id"]
    assert len(list(deps.cases.in_status("pending_assignment"))) == 1


@pytest.mark.parametrize("tamper, code", [("secret", "bad_signature"), ("court", "unknown_court"),
                                          ("stale", "stale_timestamp")])
def test_a_webhook_not_signed_by_the_court_is_refused(client, demo, clock, tamper, code):
    secret = "wrong" if tamper == "secret" else demo["court_secret"]
    court = "nowhere" if tamper == "court" else "weibin"
    now = clock().timestamp() - (301 if tamper == "stale" else 0)
    answer = webhook(client, secret, delegated_payload(), court_id=court, now=now)
    assert answer.status_code == 401 and answer.json_body["error"]["code"] == code


def test_an_entrusted_case_needs_its_procedure_and_gets_the_shorter_limit(client, demo, clock):
    payload = {**delegated_payload(), "type": "case.entrusted"}
    # valid as /openapi.json describes the body, so 422 (issue 8: no schema/implementation mismatch), not 400
    assert webhook(client, demo["court_secret"], payload, now=clock().timestamp()).status_code == 422
    payload["data"]["procedure"] = "simple"
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    run_step("assignment", "assignment_queue")
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, MEDIATOR)
    case = client.http.get(f"/cases/{case_id}", headers=MEDIATOR).json_body
    assert case["procedure"] == "simple" and case["deadlines"]["mediation"].startswith("2026-03-09")


def test_case_filed_moves_a_failed_case_to_filed(client, demo, clock, mediating_case):
    record = {"basic_facts": "买卖合同纠纷", "reasons": "被申请人不同意还款", "disputed_points": "货款金额"}
    post_json(client, f"/cases/{mediating_case}/outcome", {"result": "failed", "reason": "分歧", "record": record},
              MEDIATOR)
    answer = webhook(client, demo["court_secret"], {"event_id": "ev-9", "type": "case.filed", "data": {
        "case_id": mediating_case, "court_case_number": "（2026）豫0703民初9号"}}, now=clock().timestamp())
    assert answer.status_code == 200
    case = client.http.get(f"/cases/{mediating_case}", headers=staff("court_clerk", court_id="weibin")).json_body
    assert case["status"] == "filed" and case["court_case_number"] == "（2026）豫0703民初9号"


# ---- assignment, acceptance, decline ----

def test_a_decline_needs_a_reason_and_the_case_goes_to_another_mediator(client, assigned_case, deps):
    no_reason = post_json(client, f"/cases/{assigned_case}/acceptance", {"decision": "decline"}, MEDIATOR)
    assert no_reason.status_code == 422 and no_reason.json_body["error"]["code"] == "reason_required"
    declined = post_json(client, f"/cases/{assigned_case}/acceptance",
                         {"decision": "decline", "reason": "与被申请人法定代表人系同学"}, MEDIATOR)
    assert declined.json_body["status"] == "pending_assignment"
    assert deps.roster.mediator("m-wang").active_load == 0
    run_step("assignment", "assignment_queue")
    case = deps.cases.get(assigned_case)
    assert case.status == "assigned" and case.mediator_id == "m-zhang"  # the other contract mediator
    assert client.http.get(f"/cases/{assigned_case}", headers=MEDIATOR).status_code == 404


def test_a_mediator_with_a_declared_conflict_is_passed_over(client, demo, clock, deps):
    deps.roster.update_mediator_profile(Mediator("m-wang", "王建国", "xx-sme", specialties=["contract"],
                                                 relatives=["吕然萱"]))
    case_id = webhook(client, demo["court_secret"], delegated_payload(), now=clock().timestamp()).json_body["case_id"]
    run_step("assignment", "assignment_queue")
    assert deps.cases.get(case_id).mediator_id == "m-zhang"


def test_the_parties_joint_choice_is_honoured(client, demo, clock, deps):
    case_id = webhook(client, demo["court_secret"], delegated_payload(mediator_id="m-zhang"),
                      now=clock().timestamp()).json_body["case_id"]
    run_step("assignment", "assignment_queue")
    assert deps.cases.get(case_id).mediator_id == "m-zhang"


def test_no_candidate_leaves_the_case_waiting_with_a_flag_the_admin_sees(client, demo, clock):
    payload = delegated_payload(dispute_category="labor", respondents=[party("李秀兰")])  # the only labor mediator
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    listed = client.http.get("/cases?status=pending_assignment", headers=staff("org_admin", org_id="xx-sme"))
    assert [(c["case_id"], c["flags"]) for c in listed.json_body["cases"]] == [(case_id, ["no_candidate"])]


# ---- agreement and outcome ----

def test_an_agreement_missing_a_signature_answers_422_and_is_kept(client, mediating_case, extractor, deps):
    extractor.result = agreement_extraction(signed=("秦涵",))
    body, ctype = multipart({})
    answer = client.http.post(f"/cases/{mediating_case}/agreement", body=body,
                              headers={**MEDIATOR, "Content-Type": ctype})
    assert answer.status_code == 422
    details = answer.json_body["error"]["details"]
    assert [i["code"] for i in details["issues"]] == ["party_unsigned"]
    assert deps.documents.get(details["stored_as"]) == b"%PDF-1.7"
    assert deps.cases.get(mediating_case).status == "mediating"


@pytest.mark.parametrize("extraction, code", [
    (agreement_extraction(mediator=False), "mediator_unsigned"),
    (agreement_extraction(document_type="application"), "not_an_agreement")])
def test_other_blocking_agreement_issues(client, mediating_case, extractor, extraction, code):
    extractor.result = extraction
    body, ctype = multipart({})
    answer = client.http.post(f"/cases/{mediating_case}/agreement", body=body,
                              headers={**MEDIATOR, "Content-Type": ctype})
    assert answer.status_code == 422
    assert code in [i["code"] for i in answer.json_body["error"]["details"]["issues"]]


def test_a_failed_mediation_renders_the_failure_record(client, mediating_case, deps):
    incomplete = post_json(client, f"/cases/{mediating_case}/outcome",
                           {"result": "failed", "record": {"basic_facts": "x"}}, MEDIATOR)
    assert incomplete.status_code == 422 and incomplete.json_body["error"]["code"] == "failure_record_incomplete"
    record = {"basic_facts": "买卖合同纠纷", "reasons": "被申请人不同意还款", "disputed_points": "货款金额"}
    failed = post_json(client, f"/cases/{mediating_case}/outcome",
                       {"result": "failed", "reason": "分歧较大", "record": record}, MEDIATOR)
    assert failed.json_body["status"] == "failed"
    assert deps.roster.mediator("m-wang").active_load == 0
    assert run_step("outcome", "outcome_queue") == {"batchItemFailures": []}
    doc = client.http.get(f"/cases/{mediating_case}/documents/failure-record", headers=MEDIATOR)
    assert doc.status_code == 200 and "被申请人不同意还款" in doc.body.decode()


def test_only_the_assigned_mediator_may_act(client, mediating_case):
    other = staff("mediator", mediator_id="m-zhao")
    answer = post_json(client, f"/cases/{mediating_case}/outcome", {"result": "terminated", "reason": "x"}, other)
    assert answer.status_code == 404
    clerk = post_json(client, f"/cases/{mediating_case}/outcome", {"result": "terminated", "reason": "x"},
                      staff("court_clerk", court_id="weibin"))
    assert clerk.status_code == 403


# ---- who sees what ----

def test_visibility_by_role(client, assigned_case, demo):
    path = f"/cases/{assigned_case}"
    assert client.http.get(path, headers=staff("court_clerk", court_id="weibin")).status_code == 200
    assert client.http.get(path, headers=staff("court_clerk", court_id="other")).status_code == 404
    assert client.http.get(path, headers=staff("org_admin", org_id="xx-sme")).status_code == 200
    assert client.http.get(path, headers=staff("org_admin", org_id="other-org")).status_code == 404
    assert client.http.get(path, headers=bearer("a" * 43)).status_code == 404
    assert client.http.get(path).status_code == 401


def test_listing_pages_with_a_cursor_and_stays_in_scope(client, demo):
    for _ in range(3):
        post_json(client, "/applications", application_fields())
    admin = staff("org_admin", org_id="xx-sme")
    first = client.http.get("/cases?limit=2", headers=admin).json_body
    assert len(first["cases"]) == 2 and first["cursor"]
    second = client.http.get(f"/cases?limit=2&cursor={first['cursor']}", headers=admin).json_body
    ids = {c["case_id"] for c in first["cases"] + second["cases"]}
    assert len(ids) == 3
    assert client.http.get("/cases?cursor=%21%21", headers=admin).status_code == 400
    assert client.http.get("/cases", headers=staff("org_admin", org_id="other")).json_body["cases"] == []
    assert client.http.get("/cases?court_id=other", headers=staff("court_clerk", court_id="weibin")).status_code == 403
    assert client.http.get("/cases", headers=bearer("p" * 43)).status_code == 403  # a party lists nothing


def test_a_mediator_lists_only_their_own_cases(client, assigned_case):
    mine = client.http.get("/cases?mediator_id=m-wang", headers=MEDIATOR).json_body["cases"]
    assert [c["case_id"] for c in mine] == [assigned_case]
    assert client.http.get("/cases", headers=staff("mediator", mediator_id="m-li")).json_body["cases"] == []
    assert client.http.get("/cases?mediator_id=m-li", headers=MEDIATOR).status_code == 403


# ---- roster ----

def test_the_roster_routes(client, demo, deps):
    admin = staff("org_admin", org_id="xx-sme")
    operator, clerk = staff("platform_admin"), staff("court_clerk", court_id="hongqi")
    court = client.http.put("/courts/hongqi", body=json.dumps({
        "name": "新乡市红旗区人民法院", "callback_url": "https://hongqi.example/cb", "invited_roster": ["m-li"],
        "org_id": "xx-sme"}), headers=operator)
    assert court.status_code == 200 and court.json_body["webhook_secret"]
    again = client.http.put("/courts/hongqi", body=json.dumps({"callback_url": "https://hongqi.example/v2"}),
                            headers=clerk)
    assert "webhook_secret" not in again.json_body and again.json_body["invited_roster"] == ["m-li"]
    bad = client.http.put("/courts/hongqi", body=json.dumps({"callback_url": "ftp://x"}), headers=clerk)
    assert bad.status_code == 400
    added = post_json(client, "/mediators", {"mediator_id": "m-new", "name": "新调解员", "specialties": ["tort"],
                                             "capacity": 2}, admin)
    assert added.status_code == 201
    assert post_json(client, "/mediators", {"mediator_id": "m-new", "name": "x"}, admin).status_code == 409
    listed = client.http.get("/mediators", headers=admin).json_body["mediators"]
    assert {m["mediator_id"] for m in listed} == {"m-wang", "m-li", "m-zhang", "m-zhao", "m-new"}
    on_roster = client.http.get("/mediators?court_id=hongqi", headers=admin).json_body["mediators"]
    assert [m["mediator_id"] for m in on_roster] == ["m-li"]
    assert post_json(client, "/organizations", {"org_id": "xx-sme", "name": "新乡市中小企业协会调解委员会"},
                     admin).status_code == 201
    assert post_json(client, "/organizations", {"org_id": "else", "name": "x"}, admin).status_code == 403
    assert client.http.get("/mediators", headers=MEDIATOR).status_code == 403


def test_a_court_is_changed_only_by_its_clerk_or_the_operator(client, demo, deps):
    def put(body, who):
        return client.http.put("/courts/weibin", body=json.dumps(body), headers=who)

    for outsider in (staff("org_admin", org_id="xx-sme"), staff("court_clerk", court_id="hongqi"),
                     staff("mediator", mediator_id="m-wang")):
        assert put({"callback_url": "https://evil.example/"}, outsider).status_code == 403
    clerk = staff("court_clerk", court_id="weibin")
    refused = put({"org_id": "other-org"}, clerk)
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "forbidden_role"
    unknown = put({"invited_roster": ["m-li", "m-nobody"]}, clerk)
    assert unknown.status_code == 422 and unknown.json_body["error"]["details"]["unknown"] == ["m-nobody"]
    assert put({"invited_roster": ["m-li"], "org_id": "xx-sme"}, clerk).status_code == 200  # org_id unchanged
    assert put({"org_id": "other-org"}, staff("platform_admin")).status_code == 200
    court = deps.roster.court("weibin", fresh=True)
    assert (court.invited_roster, court.org_id, court.callback_url) == (["m-li"], "other-org", None)
    assert client.http.put("/courts/new-court", body=json.dumps({"name": "x"}), headers=clerk).status_code == 403


def test_a_court_clerk_reads_its_own_invited_roster(client, demo):
    clerk = staff("court_clerk", court_id="weibin")
    listed = client.http.get("/mediators", headers=clerk)
    assert listed.status_code == 200
    assert {m["mediator_id"] for m in listed.json_body["mediators"]} == set(demo["mediator_ids"])
    assert client.http.get("/mediators?court_id=hongqi", headers=clerk).status_code == 403
    assert post_json(client, "/mediators", {"mediator_id": "m-clerk", "name": "x"}, clerk).status_code == 403


def test_seeding_twice_keeps_the_court_secret(deps, demo):
    from chalicelib.services.roster import court_secret, seed_demo

    assert seed_demo(deps) == demo
    assert court_secret("weibin", deps) == demo["court_secret"]
    categories = {c for m in deps.roster.mediators(demo["mediator_ids"]) for c in m.specialties}
    assert categories == {"labor", "financial", "contract", "community", "family", "tort", "other"}


def test_an_application_to_an_unknown_organization_is_refused(client, demo):
    answer = post_json(client, "/applications", application_fields(org_id="no-such-org"))
    assert answer.status_code == 422 and answer.json_body["error"]["code"] == "unknown_organization"
