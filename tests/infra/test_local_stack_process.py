"""`make run`'s process: it serves the app, prints one banner, and stops on SIGTERM within 5 s."""
from __future__ import annotations

import time

import pytest
import requests

from tests.e2e.client import Client, start_local_stack

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def running():
    stack = start_local_stack()
    yield stack
    stack.stop(timeout=10)


def test_it_serves_the_app_and_accepts_minted_tokens(running):
    api = Client(running.base_url)
    assert api.get("/openapi.json").json()["openapi"].startswith("3.")
    assert api.as_token("not.a.jwt").get("/cases").status_code == 401
    assert api.as_staff("org_admin", org_id="xx-sme").get("/cases").status_code == 200


@pytest.mark.parametrize("authorization", [None, "Bearer x.y.z"])
def test_a_path_no_route_matches_is_a_json_404(running, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = requests.get(f"{running.base_url}/no/such/route", headers=headers, timeout=10)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"error": {"code": "not_found", "message": "no route matches this method and path"}}


def _log_once_it_shows(running, text: str, timeout: float = 30) -> str:
    """The process's output once `text` appears in it (the output is read by another thread)."""
    deadline = time.monotonic() + timeout
    while text not in running.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    return running.log()


def test_it_prints_one_banner_with_the_demo_roster_and_no_moto_request_lines(running):
    requests.get(f"{running.base_url}/openapi.json?probe=1", timeout=10)
    log = _log_once_it_shows(running, "GET /openapi.json?probe=1")
    assert log.count("Sutiao local stack ready in") == 1
    assert "Data lives in memory" in log and "court weibin, organization xx-sme" in log
    assert running.court_secret
    assert '"GET /openapi.json?probe=1 HTTP/1.1" 200' in log  # one line per API request ...
    assert "POST / HTTP/1.1" not in log  # ... and none for the SDK calls moto serves


def test_the_banner_prints_a_platform_operator_token_the_stack_accepts(running):
    log = _log_once_it_shows(running, "platform_admin")
    token = next(line.split()[-1] for line in log.splitlines() if line.strip().startswith("platform_admin"))
    operator = Client(running.base_url).as_token(token)
    assert operator.put("/calendars/2027", {"holidays": ["2027-01-01"], "workdays": []}).status_code == 200
    assert operator.get("/cases").status_code == 403  # the operator administers the platform, not cases


def test_the_banner_names_the_seeded_accounts_of_the_contract_and_each_signs_in(running):
    log = _log_once_it_shows(running, "sign in")
    line = next(line for line in log.splitlines() if line.strip().startswith("sign in"))
    accounts = ["platform-admin", "xx-sme-admin", "weibin-clerk", "m-wang", "m-li", "m-zhang", "m-zhao"]
    assert line.endswith("password demo-password for " + ", ".join(accounts)) and f"{running.base_url}/login" in line
    api = Client(running.base_url)
    for username in accounts:
        answer = api.post("/auth/login", {"username": username, "password": "demo-password"})
        assert answer.status_code == 200, (username, answer.text)


def test_sigterm_stops_everything_within_five_seconds():
    stack = start_local_stack(seed=False)
    # SEED=0: no demo accounts either (CONTRACT R2 §3)
    refused = requests.post(f"{stack.base_url}/auth/login", json={"username": "platform-admin",
                                                                 "password": "demo-password"}, timeout=30)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_credentials"
    assert "not seeded (SEED=0)" in stack.log()
    assert stack.stop(timeout=5) < 5
    assert stack.process.returncode == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{stack.base_url}/openapi.json", timeout=2)


def test_a_browser_upload_to_the_presigned_target_reaches_the_upload_handler(running):
    """S3 (moto) → notification on uploads/ → uploads queue → dispatcher → handle_upload reads the file; this one
    is no PDF, so it is refused as a direct upload would be, and the page's poll learns why (issue 8)."""
    api = Client(running.base_url)
    presigned = api.post("/uploads", {"org_id": "xx-sme"}).json()
    target = presigned["upload"]
    stored = requests.post(target["url"], data=target["fields"], timeout=30,
                           files={"file": ("application.pdf", b"%PDF-1.7 not really a pdf", "application/pdf")})
    assert stored.status_code in (200, 201, 204)
    party = api.as_token(presigned["party_token"])
    state = party.wait_for(f"/uploads/{presigned['case_id']}", lambda r: r.json().get("status") != "pending",
                           timeout=60)
    assert state.json()["status"] == "rejected", running.log()[-2000:]
    assert state.json()["error"]["code"] == "unreadable_application"
    assert party.get(f"/cases/{presigned['case_id']}").status_code == 404
