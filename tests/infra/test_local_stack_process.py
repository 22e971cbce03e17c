"""`make run`'s process: it serves the app, prints one banner, and stops on SIGTERM within 5 s."""
from __future__ import annotations

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


def test_it_prints_one_banner_with_the_demo_roster_and_no_moto_request_lines(running):
    requests.get(f"{running.base_url}/openapi.json", timeout=10)
    log = running.log()
    assert log.count("Sutiao local stack ready in") == 1
    assert "Data lives in memory" in log and "court weibin, organization xx-sme" in log
    assert running.court_secret
    assert '"GET /openapi.json HTTP/1.1" 200' in log  # one line per API request ...
    assert "POST / HTTP/1.1" not in log  # ... and none for the SDK calls moto serves


def test_sigterm_stops_everything_within_five_seconds():
    stack = start_local_stack(seed=False)
    assert stack.stop(timeout=5) < 5
    assert stack.process.returncode == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{stack.base_url}/openapi.json", timeout=2)
