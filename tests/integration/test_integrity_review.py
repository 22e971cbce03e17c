"""Integrity review (issue 13, CONTRACT R2 `POST /cases/{id}/review`): signals when the agreement is accepted,
the hold on the confirmation request, clear and refer — through the API on moto, with the thresholds
production ships (the other suites quiet the cross-case ones: tests/integrity_thresholds.json)."""
import json

import pytest

from chalicelib.settings import reset_settings
from tests.integration.http import bearer, multipart, post_json, run_step, staff, webhook
from tests.integration.support import agreement_extraction, application_fields, receive_all

ADMIN = staff("org_admin", org_id="xx-sme")
CLERK = staff("court_clerk", court_id="weibin")


@pytest.fixture(autouse=True)
def shipped_thresholds(monkeypatch):
    monkeypatch.delenv("INTEGRITY_THRESHOLDS", raising=False)
    reset_settings()


def _open(client, demo, clock, event_id: str) -> str:
    answer = webhook(client, demo["court_secret"], {"event_id": event_id, "type": "case.delegated",
                                                    "data": application_fields()}, now=clock().timestamp())
    assert answer.status_code == 202, answer.body
    return answer.json_body["case_id"]


def _settle(client, deps, extractor, case_id: str, terms=None) -> list[dict]:
    """Accept and upload the signed agreement; the parties' bearer headers."""
    run_step("assignment", "assignment_queue")
    mediator = staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)
    assert post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator).status_code == 200
    extractor.result = agreement_extraction()
    if terms:
        extractor.result["fields"]["terms"] = terms
    body, ctype = multipart({})
    settled = client.http.post(f"/cases/{case_id}/agreement", body=body, headers={**mediator, "Content-Type": ctype})
    assert settled.status_code == 200, settled.body
    invited = post_json(client, f"/cases/{case_id}/invitations", {}, mediator).json_body["invitations"]
    return [bearer(i["party_token"]) for i in invited]


def _consent_all(client, case_id: str, parties: list[dict]) -> dict:
    for party in parties:
        answer = post_json(client, f"/cases/{case_id}/confirmations", {"consent": True}, party)
        assert answer.status_code == 200, answer.body
    return answer.json_body


def _court_messages(case_id: str) -> list[str]:
    return [json.loads(r["body"])["message"]["type"] for r in receive_all("notifications_queue")
            if json.loads(r["body"])["message"]["data"].get("case_id") == case_id]


def test_a_plain_settlement_is_not_held(client, deps, demo, clock, extractor):
    case_id = _open(client, demo, clock, "ev-plain")
    parties = _settle(client, deps, extractor, case_id)
    assert "integrity_review" not in deps.cases.get(case_id).flags
    assert _consent_all(client, case_id, parties)["status"] == "confirmation_requested"
    assert "confirmation.requested" in _court_messages(case_id)


def test_a_ring_between_the_same_pair_is_held_until_an_admin_clears_it(client, deps, demo, clock, extractor):
    earlier = [_open(client, demo, clock, f"ev-ring-{n}") for n in range(2)]
    case_id = _open(client, demo, clock, "ev-ring-2")
    parties = _settle(client, deps, extractor, case_id)
    case = deps.cases.get(case_id)
    assert "integrity_review" in case.flags
    signal, = case.integrity["signals"]
    assert signal["code"] == "repeat_pair" and sorted(signal["cases"]) == sorted(earlier)
    assert "2 other cases" in signal["explanation"]

    consented = _consent_all(client, case_id, parties)
    assert consented["status"] == "settled" and consented["waiting_for"] == []
    assert "confirmation.requested" not in _court_messages(case_id)  # held: nothing left for the court
    seen_by_party = client.http.get(f"/cases/{case_id}", headers=parties[0]).json_body
    assert "integrity_review" in seen_by_party["flags"] and seen_by_party["integrity"] is None
    seen_by_admin = client.http.get(f"/cases/{case_id}", headers=ADMIN).json_body
    assert seen_by_admin["integrity"]["signals"][0]["code"] == "repeat_pair"
    assert client.http.get(f"/cases/{case_id}", headers=CLERK).json_body["integrity"] is None  # not referred

    cleared = post_json(client, f"/cases/{case_id}/review", {"decision": "clear", "note": "关联交易属实"}, ADMIN)
    assert cleared.status_code == 200, cleared.body
    assert cleared.json_body["status"] == "confirmation_requested"
    assert _court_messages(case_id) == ["confirmation.requested"]
    again = post_json(client, f"/cases/{case_id}/review", {"decision": "clear"}, ADMIN)
    assert again.status_code == 409 and again.json_body["error"]["code"] == "not_under_review"


def test_cleared_before_the_parties_consent_the_request_leaves_with_the_last_consent(client, deps, demo, clock,
                                                                                     extractor):
    case_id = _open(client, demo, clock, "ev-payee")
    parties = _settle(client, deps, extractor, case_id, terms=["被申请人于2026年3月31日前向王小明支付货款40000元"])
    assert [s["code"] for s in deps.cases.get(case_id).integrity["signals"]] == ["third_party_payee"]
    assert post_json(client, f"/cases/{case_id}/review", {"decision": "clear"}, ADMIN).json_body["status"] == "settled"
    assert _consent_all(client, case_id, parties)["status"] == "confirmation_requested"


def test_a_referred_case_tells_the_court_and_stays_held(client, deps, demo, clock, extractor):
    case_id = _open(client, demo, clock, "ev-refer")
    parties = _settle(client, deps, extractor, case_id, terms=["被申请人将40000元汇入王小明的账户"])
    _court_messages(case_id)  # what the lifecycle sent so far
    referred = post_json(client, f"/cases/{case_id}/review", {"decision": "refer", "note": "疑似虚假调解"}, ADMIN)
    assert referred.status_code == 200 and referred.json_body["court_told"] is True
    messages = [json.loads(r["body"])["message"] for r in receive_all("notifications_queue")]
    told, = [m for m in messages if m["type"] == "integrity.referred"]
    assert told["data"]["signals"][0]["code"] == "third_party_payee" and told["data"]["note"] == "疑似虚假调解"
    assert _consent_all(client, case_id, parties)["status"] == "settled"
    assert "confirmation.requested" not in _court_messages(case_id)
    assert client.http.get(f"/cases/{case_id}", headers=CLERK).json_body["integrity"]["decision"] == "refer"
    other_org = staff("org_admin", org_id="other-org")
    assert post_json(client, f"/cases/{case_id}/review", {"decision": "clear"}, other_org).status_code == 404
