"""The vertical slice through the HTTP API (chalice.test.Client) and the SQS steps, on moto."""
import json

from tests.integration.http import bearer, multipart, run_step, staff, webhook
from tests.integration.support import agreement_extraction, application_fields


def delegated(demo, client, clock, event_id="ev-1"):
    payload = {"event_id": event_id, "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调1号", **application_fields()}}
    return webhook(client, demo["court_secret"], payload, now=clock().timestamp())


def test_a_delegated_case_goes_from_webhook_to_confirmation(client, demo, clock, notifier, extractor, deps):
    deps.roster.save_court(deps.roster.court("weibin", fresh=True).__class__(
        **{**vars(deps.roster.court("weibin", fresh=True)), "callback_url": "https://court.example/cb"}))
    created = delegated(demo, client, clock)
    assert created.status_code == 202, created.body
    case_id = created.json_body["case_id"]

    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    clerk = staff("court_clerk", court_id="weibin")
    case = client.http.get(f"/cases/{case_id}", headers=clerk).json_body
    assert case["status"] == "assigned" and case["mediator_id"] == "m-wang"  # the contract specialist
    assert case["deadlines"]["acceptance"] and case["source"] == "court" and case["referral"] == "delegated"
    mediator = staff("mediator", mediator_id="m-wang")

    accepted = client.http.post(f"/cases/{case_id}/acceptance", headers=mediator,
                                body=json.dumps({"decision": "accept", "disclosures": []}))
    assert accepted.status_code == 200 and accepted.json_body["status"] == "mediating"

    extractor.result = agreement_extraction()
    body, ctype = multipart({})
    settled = client.http.post(f"/cases/{case_id}/agreement", body=body,
                               headers={**mediator, "Content-Type": ctype})
    assert settled.status_code == 200, settled.body
    assert settled.json_body["status"] == "settled"
    assert run_step("outcome", "outcome_queue") == {"batchItemFailures": []}
    assert run_step("notification", "notifications_queue") == {"batchItemFailures": []}
    assert [m["type"] for _, m in notifier.posts] == ["case.assigned", "case.accepted", "case.outcome"]
    assert deps.roster.mediator("m-wang").active_load == 0

    invitations = client.http.post(f"/cases/{case_id}/invitations", headers=mediator, body="{}").json_body
    tokens = [i["party_token"] for i in invitations["invitations"]]
    assert len(tokens) == 2
    first = client.http.post(f"/cases/{case_id}/confirmations", headers=bearer(tokens[0]),
                             body=json.dumps({"consent": True})).json_body
    assert first["status"] == "settled" and len(first["waiting_for"]) == 1
    last = client.http.post(f"/cases/{case_id}/confirmations", headers=bearer(tokens[1]),
                            body=json.dumps({"consent": True}))
    assert last.status_code == 200, last.body
    assert last.json_body["status"] == "confirmation_requested"
    run_step("notification", "notifications_queue")
    requested = notifier.posts[-1][1]
    assert requested["type"] == "confirmation.requested" and "司法确认" in requested["data"]["document_html"]

    doc = client.http.get(f"/cases/{case_id}/documents/confirmation-application", headers=bearer(tokens[0]))
    assert doc.status_code == 200 and doc.headers["Content-Type"] == "text/html; charset=utf-8"

    ruled = webhook(client, demo["court_secret"], {"event_id": "ev-2", "type": "confirmation.ruled", "data": {
        "case_id": case_id, "ruling": "confirmed", "ruling_number": "（2026）豫0703民特1号"}}, now=clock().timestamp())
    assert ruled.status_code == 200, ruled.body
    final = client.http.get(f"/cases/{case_id}", headers=clerk).json_body
    assert final["status"] == "confirmed"
    assert [h["to_status"] for h in final["history"]] == [
        "received", "pending_assignment", "assigned", "mediating", "settled", "confirmation_requested", "confirmed"]
