"""The routes the organization's console needs beyond issue 13 (issue 14): editing a mediator's entry,
the queue of complaints to answer, the organization's staff accounts — through the API on moto."""
import json

from chalicelib.domain.accounts import Account
from tests.integration.http import bearer, mediating_with_party, post_json, staff

ADMIN = staff("org_admin", org_id="xx-sme")


def _put(client, path: str, body: dict, headers: dict):
    return client.http.put(path, body=json.dumps(body).encode(), headers={**headers, "Content-Type": "application/json"})


def test_an_edit_changes_the_profile_and_keeps_the_standing_and_load(client, deps, demo):
    post_json(client, "/mediators/m-zhao/sanctions", {"kind": "suspension", "reason": "待核查"}, ADMIN)
    edited = _put(client, "/mediators/m-zhao", {"name": "赵丽娟", "specialties": ["labor"], "capacity": 8,
                                                "phone": "13900000004"}, ADMIN)
    assert edited.status_code == 200, edited.body
    got = deps.roster.mediator("m-zhao")
    assert (got.specialties, got.capacity, got.phone, got.status) == (["labor"], 8, "13900000004", "suspended")
    assert edited.json_body["status"] == "suspended" and edited.json_body["capacity"] == 8


def test_an_edit_is_refused_when_it_is_not_the_admins_or_the_mediator_was_removed(client, deps, demo):
    other = _put(client, "/mediators/m-zhao", {"capacity": 9}, staff("org_admin", org_id="other-org"))
    assert other.status_code == 403 and deps.roster.mediator("m-zhao").capacity == 5
    assert _put(client, "/mediators/m-zhao", {"capacity": 0}, ADMIN).json_body["error"]["code"] == "invalid_capacity"
    assert _put(client, "/mediators/m-zhao", {"status": "active"}, ADMIN).status_code == 400  # standing: sanctions
    assert _put(client, "/mediators/m-zhao", {}, ADMIN).status_code == 400
    post_json(client, "/mediators/m-zhao/sanctions", {"kind": "removal", "reason": "收受财物"}, ADMIN)
    closed = _put(client, "/mediators/m-zhao", {"name": "改名"}, ADMIN)
    assert closed.status_code == 409 and closed.json_body["error"]["code"] == "mediator_removed"
    assert deps.roster.mediator("m-zhao").name == "赵丽娟"


def _complaint(client, deps, demo, clock, event_id: str, text: str) -> tuple[str, str]:
    case_id, token = mediating_with_party(client, deps, demo["court_secret"], event_id, clock().timestamp())
    lodged = post_json(client, f"/cases/{case_id}/complaints", {"text": text}, bearer(token))
    assert lodged.status_code == 201, lodged.body
    return case_id, lodged.json_body["complaint_id"]


def test_complaints_wait_in_the_queue_newest_first_until_answered_once(client, deps, demo, clock):
    first_case, first = _complaint(client, deps, demo, clock, "ev-c1", "调解员多次迟到")
    clock.advance(minutes=5)
    _, second = _complaint(client, deps, demo, clock, "ev-c2", "调解员态度生硬")
    page = client.http.get("/complaints?state=open&limit=1", headers=ADMIN).json_body
    assert [c["complaint_id"] for c in page["complaints"]] == [second] and page["cursor"]
    rest = client.http.get(f"/complaints?state=open&limit=1&cursor={page['cursor']}", headers=ADMIN).json_body
    assert [(c["complaint_id"], c["case_id"], c["text"]) for c in rest["complaints"]] == [
        (first, first_case, "调解员多次迟到")]

    answered = post_json(client, f"/complaints/{first}/answer", {"answer": "已约谈调解员并责令改正"}, ADMIN)
    assert answered.status_code == 200 and answered.json_body["state"] == "answered"
    again = post_json(client, f"/complaints/{first}/answer", {"answer": "再答"}, ADMIN)
    assert again.status_code == 409 and again.json_body["error"]["code"] == "complaint_answered"
    still_open = client.http.get("/complaints?state=open", headers=ADMIN).json_body["complaints"]
    assert [c["complaint_id"] for c in still_open] == [second]
    mediator_id = deps.cases.get(first_case).mediator_id
    file = client.http.get(f"/mediators/{mediator_id}/performance", headers=ADMIN).json_body
    assert [(c["complaint_id"], c["answer"]) for c in file["complaints"] if c["complaint_id"] == first] == [
        (first, "已约谈调解员并责令改正")]


def test_another_organizations_admin_neither_sees_nor_answers_the_complaint(client, deps, demo, clock):
    _, complaint_id = _complaint(client, deps, demo, clock, "ev-c3", "调解员泄露信息")
    stranger = staff("org_admin", org_id="other-org")
    assert client.http.get("/complaints", headers=stranger).json_body["complaints"] == []
    refused = post_json(client, f"/complaints/{complaint_id}/answer", {"answer": "x"}, stranger)
    assert refused.status_code == 404 and refused.json_body["error"]["code"] == "complaint_not_found"
    forged = client.http.get("/complaints?cursor=eyJwayI6eyJTIjoiT1JHI290aGVyIn19", headers=ADMIN)
    assert forged.status_code == 400 and forged.json_body["error"]["code"] == "invalid_query"


def test_the_staff_list_pages_through_the_organizations_accounts_and_shows_no_secret(client, deps, demo, clock):
    for name, org in (("xa-admin", "xx-sme"), ("xb-mediator", "xx-sme"), ("xc-admin", "xx-sme"),
                      ("other-admin", "other-org")):
        role = "mediator" if "mediator" in name else "org_admin"
        deps.accounts.save(Account(name, role, clock(), status="active", org_id=org, password_hash="$argon2id$x",
                                   mediator_id="m-li" if role == "mediator" else None), None)
    deps.accounts.save(Account("clerk", "court_clerk", clock(), court_id="weibin"), None)
    first = client.http.get("/accounts?limit=2", headers=ADMIN)
    assert first.status_code == 200, first.body
    second = client.http.get(f"/accounts?limit=2&cursor={first.json_body['cursor']}", headers=ADMIN).json_body
    names = [a["username"] for a in first.json_body["accounts"] + second["accounts"]]
    assert names == ["xa-admin", "xb-mediator", "xc-admin"]
    assert "argon2" not in first.body.decode() and "password_hash" not in first.body.decode()
    assert client.http.get("/accounts?org_id=other-org", headers=ADMIN).status_code == 403
    operator = client.http.get("/accounts?org_id=other-org", headers=staff("platform_admin")).json_body
    assert [a["username"] for a in operator["accounts"]] == ["other-admin"]
    assert client.http.get("/accounts", headers=staff("platform_admin")).status_code == 400
