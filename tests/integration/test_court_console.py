"""The court clerk's console routes (issue 14) on moto: ruling and filing by hand, the same path as the court's
webhooks and never twice; the court's settings and its webhook-secret rotation; the PDFs of a case; a document
link opened in a browser."""
import json
import uuid
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from chalicelib.adapters.roster_repository import RosterRepository
from chalicelib.auth import sign
from chalicelib.services.webhooks import _verified_court
from tests.integration.http import bearer, multipart, post_json, run_step, staff, webhook
from tests.integration.support import APPLICANT, agreement_extraction, application_fields

CLERK = staff("court_clerk", court_id="weibin")
RULING = {"ruling": "confirmed", "ruling_number": "（2026）豫0703民特12号"}
FILING = {"court_case_number": "（2026）豫0703民初345号"}


def _delegated(client, demo, clock, **data) -> str:
    payload = {"event_id": f"ev-{uuid.uuid4().hex}", "type": "case.delegated",
               "data": {**application_fields(), "mediator_id": "m-wang", **data}}
    created = webhook(client, demo["court_secret"], payload, now=clock().timestamp())
    assert created.status_code == 202, created.body
    run_step("assignment", "assignment_queue")
    return created.json_body["case_id"]


@pytest.fixture
def requested(client, demo, extractor, clock):
    """A delegated case of court weibin whose parties all asked the court to confirm their agreement."""
    case_id = _delegated(client, demo, clock)
    mediator = staff("mediator", mediator_id="m-wang")
    assert post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator).status_code == 200
    extractor.result = agreement_extraction()
    body, ctype = multipart({})
    settled = client.http.post(f"/cases/{case_id}/agreement", body=body, headers={**mediator, "Content-Type": ctype})
    assert settled.status_code == 200, settled.body
    tokens = [i["party_token"] for i in
              post_json(client, f"/cases/{case_id}/invitations", {}, mediator).json_body["invitations"]]
    for token in tokens:
        assert post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, bearer(token)).status_code == 200
    assert client.http.get(f"/cases/{case_id}", headers=CLERK).json_body["status"] == "confirmation_requested"
    return case_id


@pytest.fixture
def failed(client, demo, clock):
    case_id = _delegated(client, demo, clock)
    mediator = staff("mediator", mediator_id="m-wang")
    assert post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator).status_code == 200
    record = {"basic_facts": "双方买卖合同纠纷", "reasons": "金额分歧过大", "disputed_points": "货款数额"}
    ended = post_json(client, f"/cases/{case_id}/outcome", {"result": "failed", "reason": "分歧过大",
                                                           "record": record}, mediator)
    assert ended.status_code == 200, ended.body
    return case_id


def _ruled_webhook(client, demo, clock, case_id, event_id, **ruling):
    return webhook(client, demo["court_secret"], {"event_id": event_id, "type": "confirmation.ruled",
                                                  "data": {"case_id": case_id, **RULING, **ruling}},
                   now=clock().timestamp())


def _ruling_entries(deps, case_id) -> list[dict]:
    return [h for h in deps.cases.history(case_id) if h["to_status"] in ("confirmed", "confirmation_rejected")]


def test_a_clerk_confirms_from_the_console_and_the_webhook_after_it_changes_nothing(client, demo, deps, clock,
                                                                                    requested):
    answer = post_json(client, f"/cases/{requested}/ruling", RULING, CLERK)
    assert answer.status_code == 200, answer.body
    assert answer.json_body["status"] == "confirmed" and answer.json_body["changed"] is True
    sms_after_console = len(deps.sms.messages(APPLICANT["phone"]))
    entries = _ruling_entries(deps, requested)
    assert len(entries) == 1 and entries[0]["actor"] == "court_clerk:weibin"

    again = post_json(client, f"/cases/{requested}/ruling", RULING, CLERK)
    assert again.status_code == 200 and again.json_body["changed"] is False
    late = _ruled_webhook(client, demo, clock, requested, "ev-late-ruling")
    assert late.status_code == 200, late.body
    assert len(_ruling_entries(deps, requested)) == 1
    assert len(deps.sms.messages(APPLICANT["phone"])) == sms_after_console  # the parties were told once

    other = _ruled_webhook(client, demo, clock, requested, "ev-other-ruling", ruling="rejected")
    assert other.status_code == 409 and other.json_body["error"]["code"] == "already_ruled"
    renumbered = post_json(client, f"/cases/{requested}/ruling", {**RULING, "ruling_number": "（2026）豫0703民特99号"},
                           CLERK)
    assert renumbered.status_code == 409 and renumbered.json_body["error"]["code"] == "already_ruled"
    assert deps.cases.get(requested).ruling["ruling_number"] == RULING["ruling_number"]


def test_a_webhook_ruling_first_leaves_the_console_nothing_to_do(client, demo, deps, clock, requested):
    assert _ruled_webhook(client, demo, clock, requested, "ev-first", ruling="rejected").status_code == 200
    same = post_json(client, f"/cases/{requested}/ruling", {**RULING, "ruling": "rejected"}, CLERK)
    assert same.status_code == 200 and same.json_body == {
        "case_id": requested, "status": "confirmation_rejected", "changed": False,
        "ruling": {"ruling": "rejected", "ruling_number": RULING["ruling_number"], "reason": None}}
    different = post_json(client, f"/cases/{requested}/ruling", RULING, CLERK)
    assert different.status_code == 409 and different.json_body["error"]["code"] == "already_ruled"
    assert len(_ruling_entries(deps, requested)) == 1
    replayed = _ruled_webhook(client, demo, clock, requested, "ev-first", ruling="rejected")
    assert replayed.status_code == 409 and replayed.json_body["error"]["code"] == "replayed_event"


def test_filing_either_way_happens_once(client, demo, deps, clock, failed):
    filed = post_json(client, f"/cases/{failed}/filing", FILING, CLERK)
    assert filed.status_code == 200, filed.body
    assert filed.json_body["status"] == "filed" and filed.json_body["changed"] is True
    late = webhook(client, demo["court_secret"], {"event_id": "ev-filed", "type": "case.filed",
                                                  "data": {"case_id": failed, **FILING}}, now=clock().timestamp())
    assert late.status_code == 200, late.body
    other = post_json(client, f"/cases/{failed}/filing", {"court_case_number": "（2026）豫0703民初1号"}, CLERK)
    assert other.status_code == 409 and other.json_body["error"]["code"] == "already_filed"
    entries = [h for h in deps.cases.history(failed) if h["to_status"] == "filed"]
    assert len(entries) == 1 and deps.cases.get(failed).court_case_number == FILING["court_case_number"]


def test_a_webhook_filing_first_then_the_console(client, demo, deps, clock, failed):
    assert webhook(client, demo["court_secret"], {"event_id": "ev-filed-first", "type": "case.filed",
                                                  "data": {"case_id": failed, **FILING}},
                   now=clock().timestamp()).status_code == 200
    same = post_json(client, f"/cases/{failed}/filing", FILING, CLERK)
    assert same.status_code == 200 and same.json_body["changed"] is False
    assert len([h for h in deps.cases.history(failed) if h["to_status"] == "filed"]) == 1


def test_only_the_clerk_of_the_cases_court_rules_and_files(client, requested, failed, deps):
    other_court = post_json(client, f"/cases/{requested}/ruling", RULING, staff("court_clerk", court_id="hongqi"))
    assert other_court.status_code == 404 and other_court.json_body["error"]["code"] == "case_not_found"
    admin = post_json(client, f"/cases/{failed}/filing", FILING, staff("org_admin", org_id="xx-sme"))
    assert admin.status_code == 403 and admin.json_body["error"]["code"] == "forbidden_role"
    too_early = post_json(client, f"/cases/{failed}/ruling", RULING, CLERK)
    assert too_early.status_code == 409 and too_early.json_body["error"]["code"] == "invalid_transition"
    unnumbered = post_json(client, f"/cases/{requested}/ruling", {"ruling": "confirmed"}, CLERK)
    assert unnumbered.status_code == 400
    assert deps.cases.get(requested).status == "confirmation_requested"
    assert deps.cases.get(failed).status == "failed"


def test_the_clerk_reads_the_courts_settings_without_the_secret(client, demo):
    answer = client.http.get("/courts/weibin", headers=CLERK)
    assert answer.status_code == 200, answer.body
    body = answer.json_body
    assert body["name"] == "新乡市卫滨区人民法院" and "m-wang" in body["invited_roster"]
    assert body["webhook_secret_set"] is True
    assert demo["court_secret"] not in answer.body.decode() and "webhook_secret" not in body
    assert client.http.get("/courts/weibin", headers=staff("court_clerk", court_id="hongqi")).status_code == 403
    assert client.http.get("/courts/weibin", headers=staff("org_admin", org_id="xx-sme")).status_code == 403
    assert client.http.get("/courts/nowhere", headers=staff("platform_admin")).status_code == 404


def test_a_rotated_secret_is_shown_once_and_the_old_one_is_refused(client, demo, deps, clock):
    elsewhere = RosterRepository()  # another warm process, which read the court before the rotation
    assert elsewhere.court("weibin").webhook_secret == demo["court_secret"]
    rotated = client.http.post("/courts/weibin/webhook-secret", headers=CLERK)
    assert rotated.status_code == 200, rotated.body
    new_secret = rotated.json_body["webhook_secret"]
    assert len(new_secret) == 64 and new_secret != demo["court_secret"]
    shown = client.http.get("/courts/weibin", headers=CLERK)
    assert new_secret not in shown.body.decode() and shown.json_body["secret_rotated_at"]

    event = {"event_id": "ev-after-rotation", "type": "case.delegated", "data": application_fields()}
    old = webhook(client, demo["court_secret"], event, now=clock().timestamp())
    assert old.status_code == 401 and old.json_body["error"]["code"] == "bad_signature"
    assert webhook(client, new_secret, event, now=clock().timestamp()).status_code == 202

    # the other process knew only the old secret: the new one's signature makes it read the court again
    raw = json.dumps(event).encode()
    ts = str(int(clock().timestamp()))
    court = _verified_court(replace(deps, roster=elsewhere), {"X-Court-Id": "weibin", "X-Timestamp": ts,
                                                               "X-Signature": sign(new_secret, ts, raw)}, raw)
    assert court.webhook_secret == new_secret
    assert elsewhere.court("weibin").webhook_secret == new_secret  # and stops taking the old one


def test_the_pdf_of_a_case_opens_by_a_five_minute_link(client, requested, deps, clock):
    answer = client.http.get(f"/cases/{requested}/files/agreement", headers=CLERK)
    assert answer.status_code == 200, answer.body
    body = answer.json_body
    assert body["name"] == "agreement" and body["content_type"] == "application/pdf"
    query = parse_qs(urlsplit(body["url"]).query)
    assert query.get("X-Amz-Expires") == ["300"] or query.get("Expires")
    assert deps.cases.get(requested).documents["agreement"]["key"] in urlsplit(body["url"]).path
    assert "inline" in query["response-content-disposition"][0]
    assert body["expires_at"] > clock().isoformat()[:16]
    fetched = requests.get(body["url"], timeout=5)  # moto answers the presigned GET as S3 would
    assert fetched.status_code == 200 and fetched.content == b"%PDF-1.7"
    missing = client.http.get(f"/cases/{requested}/files/application", headers=CLERK)
    assert missing.status_code == 404 and missing.json_body["error"]["code"] == "file_not_found"
    unknown = client.http.get(f"/cases/{requested}/files/secrets", headers=CLERK)
    assert unknown.status_code == 404 and unknown.json_body["error"]["code"] == "file_not_found"
    stranger = client.http.get(f"/cases/{requested}/files/agreement", headers=staff("court_clerk", court_id="hongqi"))
    assert stranger.status_code == 404 and stranger.json_body["error"]["code"] == "case_not_found"


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_a_document_link_opened_in_a_browser_gets_the_page_that_opens_it(client, requested):
    path = f"/cases/{requested}/documents/confirmation-application"
    page = client.http.get(path, headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 401
    assert page.headers["Content-Type"].startswith("text/html")
    html = page.body.decode()
    assert "sutiao.staff.session" in html or "S.session()" in html
    nonce = page.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html and "秦涵" not in html  # the page holds no data of the case
    assert 'sandbox=""' in html


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "application/json, text/html;q=0.5",
                                    "text/html;q=0"])
def test_an_api_client_without_a_token_keeps_the_json_401(client, requested, accept):
    headers = {"Accept": accept} if accept else {}
    answer = client.http.get(f"/cases/{requested}/documents/confirmation-application", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.json_body["error"]["code"]


def test_a_browser_with_a_bad_token_still_gets_json(client, requested):
    answer = client.http.get(f"/cases/{requested}/documents/confirmation-application",
                             headers={"Accept": BROWSER_ACCEPT, "Authorization": "Bearer nonsense"})
    assert answer.status_code == 401 and answer.json_body["error"]["code"]
