"""Small helpers for driving the app through chalice.test.Client."""
import json
import time

from chalicelib import entrypoints
from chalicelib.auth import mint_token, sign
from tests.integration.support import receive_all, sqs_event


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def staff(role: str, **scope) -> dict:
    return bearer(mint_token(role, **scope))


def post_json(client, path, body, headers=None):
    return client.http.post(path, body=json.dumps(body), headers=headers or {"Content-Type": "application/json"})


def webhook(client, secret, payload, *, court_id="weibin", now=None, body=None):
    raw = body if body is not None else json.dumps(payload).encode()
    ts = str(int(now if now is not None else time.time()))
    return client.http.post("/webhooks/court", body=raw, headers={
        "Content-Type": "application/json", "X-Court-Id": court_id, "X-Timestamp": ts,
        "X-Signature": sign(secret, ts, raw)})


def run_step(name: str, queue: str) -> dict:
    return getattr(entrypoints, name)(sqs_event(receive_all(queue)), None)


def multipart(fields: dict, file_field="file", data=b"%PDF-1.7", filename="doc.pdf"):
    boundary = "sutiaoboundary"
    chunks = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
              for k, v in fields.items()]
    chunks.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{filename}\""
                  f"\r\nContent-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(chunks) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def latest_code(client, phone: str) -> str:
    """The code of the newest SMS the local outbox holds for `phone` (GET /_local/messages)."""
    import re

    messages = client.http.get(f"/_local/messages?to={phone}").json_body["messages"]
    return re.search(r"验证码(\d{6})", next(m["text"] for m in messages if "验证码" in m["text"])).group(1)


def verify_phone(client, case_id: str, phone: str):
    """Sign in with the code the phone received: what confirms a public application (CONTRACT R2 §3)."""
    return post_json(client, "/auth/party-login", {"case_id": case_id, "phone": phone,
                                                   "code": latest_code(client, phone)})


def mediating_with_party(client, deps, court_secret: str, event_id: str, now: float) -> tuple[str, str]:
    """A court-delegated case in mediation, its parties invited: (case_id, the applicant's party token)."""
    from tests.integration.support import application_fields

    opened = webhook(client, court_secret, {"event_id": event_id, "type": "case.delegated",
                                            "data": application_fields()}, now=now)
    case_id = opened.json_body["case_id"]
    run_step("assignment", "assignment_queue")
    mediator = staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)
    post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
    invited = post_json(client, f"/cases/{case_id}/invitations", {}, mediator).json_body
    return case_id, invited["invitations"][0]["party_token"]
