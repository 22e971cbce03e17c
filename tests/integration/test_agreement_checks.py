"""The uploaded agreement is checked against this case (人民调解法 Art.29; 特邀调解规定 Art.24), over the API on moto.

Each mismatch answers 422 with one blocking issue in plain Chinese; the upload is kept and the case stays in
mediation. The case is delegated by 卫滨区法院 on 2026-03-02 (10:00 in China) and accepted by 王建国 the same day.
"""
import pytest

from tests.integration.http import multipart, post_json, run_step, staff, webhook
from tests.integration.support import agreement_extraction, application_fields, party

MEDIATOR = staff("mediator", mediator_id="m-wang")


@pytest.fixture
def mediating(client, demo, clock):
    payload = {"event_id": "ev-agreement", "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调7号", **application_fields(), "mediator_id": "m-wang"}}
    case_id = webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body["case_id"]
    run_step("assignment", "assignment_queue")
    assert post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, MEDIATOR).status_code == 200
    return case_id


def upload(client, case_id, data=b"%PDF-1.7 agreement"):
    body, ctype = multipart({}, data=data)
    return client.http.post(f"/cases/{case_id}/agreement", body=body, headers={**MEDIATOR, "Content-Type": ctype})


def with_fields(**fields) -> dict:
    result = agreement_extraction()
    result["fields"].update(fields)
    return result


@pytest.mark.parametrize("extraction, code, words", [
    (with_fields(mediation_organization="中国中小企业协会调解中心新乡工作站"), "organization_mismatch",
     "协议上写的调解组织是中国中小企业协会调解中心新乡工作站"),
    (with_fields(mediator="徐军"), "mediator_mismatch", "本案的调解员是王建国"),
    (agreement_extraction(signed_date="2023-03-08"), "signed_before_mediation", "2023年3月8日"),
    (agreement_extraction(signed_date="2026-03-03"), "signed_in_future", "晚于今天"),
    (with_fields(signatures={"parties": ["秦涵", "新乡市瑞丰食品股份有限公司"], "mediator": True, "seal": False}),
     "seal_missing", "没有调解组织的印章"),
])
def test_an_agreement_that_is_not_this_cases_is_refused_and_kept(client, mediating, extractor, deps,
                                                                  extraction, code, words):
    extractor.result = extraction
    answer = upload(client, mediating)
    assert answer.status_code == 422, answer.body
    [issue] = answer.json_body["error"]["details"]["issues"]
    assert issue["code"] == code and words in issue["message"]
    assert deps.documents.get(answer.json_body["error"]["details"]["stored_as"]) == b"%PDF-1.7 agreement"
    assert deps.cases.get(mediating).status == "mediating"


def test_another_cases_agreement_names_no_stranger_as_unsigned(client, mediating, extractor):
    extractor.result = with_fields(applicants=[party("张三")], respondents=[party("李四")],
                                   signatures={"parties": ["张三"], "mediator": True, "seal": True})
    answer = upload(client, mediating)
    assert answer.status_code == 422
    [issue] = answer.json_body["error"]["details"]["issues"]
    assert issue["code"] == "not_this_case" and issue["message"].startswith("这不是本案的调解协议")
    assert issue["found"] == ["张三", "李四"] and issue["expected"] == ["新乡市瑞丰食品股份有限公司", "秦涵"]


def test_this_cases_agreement_settles_it_with_the_pdfs_sha256(client, mediating, extractor, deps):
    import hashlib

    extractor.result = agreement_extraction()
    answer = upload(client, mediating, b"%PDF-1.7 the signed one")
    assert answer.status_code == 200 and answer.json_body["status"] == "settled"
    stored = deps.cases.get(mediating).documents["agreement"]
    assert stored["sha256"] == hashlib.sha256(b"%PDF-1.7 the signed one").hexdigest() and stored["bytes"] == 23


def test_a_case_accepted_before_acceptance_was_recorded_counts_from_intake(client, mediating, extractor, deps,
                                                                           clock):
    case = deps.cases.get(mediating)
    case.accepted_at = None
    deps.cases.commit(case)
    clock.advance(days=2)
    extractor.result = agreement_extraction(signed_date="2026-03-01")  # before the case arrived
    assert upload(client, mediating).json_body["error"]["details"]["issues"][0]["code"] == "signed_before_mediation"
    extractor.result = agreement_extraction(signed_date="2026-03-02")
    assert upload(client, mediating).status_code == 200
