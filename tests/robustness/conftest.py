"""The robustness suite's stack: the app on moto in-process, built once per test module.

Per-test setup of moto (clients, tables, roster) costs seconds; hostile
requests cost milliseconds. So each module shares one stack, and a test that
needs untouched state opens its own fresh case (`Stack.mediating_case()`).
The lifecycle's fakes and helpers (tests.integration.support/http) are reused.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest

from tests.integration.http import bearer, post_json, run_step, staff, webhook
from tests.integration.support import Clock, FakeExtractor, FakeNotifier, application_fields, create_resources
from tests.robustness.dynamodb_limits import enforce_key_limits

ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SECURITY_TOKEN": "testing",
       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}
ROOMY = 1000  # mediator capacity: a module opens many cases and none should wait for a free mediator


@dataclass
class Stack:
    client: object  # chalice.test.Client
    deps: object  # chalicelib.services.dependencies.Deps
    clock: Clock
    extractor: FakeExtractor
    court_secret: str
    _ids: itertools.count = field(default_factory=itertools.count)

    def event_id(self) -> str:
        return f"ev-robust-{next(self._ids)}"

    def delegate(self, **data):
        """A court delegates a fresh case (a new event id each time); returns the HTTP answer."""
        return webhook(self.client, self.court_secret, delegated(self.event_id(), **data), now=self.clock().timestamp())

    def mediating_case(self) -> tuple[str, dict]:
        """A fresh court case, assigned and accepted: (case_id, its mediator's headers)."""
        created = self.delegate()
        assert created.status_code == 202, created.body  # CONTRACT §3: accepted, assignment follows
        case_id = created.json_body["case_id"]
        assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
        mediator = staff("mediator", mediator_id=self.deps.cases.get(case_id).mediator_id)
        accepted = post_json(self.client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
        assert accepted.status_code == 200, accepted.body
        return case_id, mediator

    def mediating_case_while(self, outage) -> tuple[str, dict]:
        """A fresh mediating case opened while SQS works, then `outage` (with a `down` flag) taken down again."""
        outage.down = False
        try:
            return self.mediating_case()
        finally:
            outage.down = True

    def party_case(self) -> tuple[str, dict]:
        """A fresh direct application: (case_id, the applicant's headers)."""
        applied = post_json(self.client, "/applications", application_fields(dispute_category="labor"))
        assert applied.status_code == 201, applied.body
        return applied.json_body["case_id"], bearer(applied.json_body["party_token"])


def delegated(event_id: str, **data) -> dict:
    return {"event_id": event_id, "type": "case.delegated",
            "data": {"court_case_ref": "（2026）豫0703诉前调1号", **application_fields(), **data}}


@pytest.fixture(scope="module")
def stack():
    from chalice.test import Client
    from moto import mock_aws

    import app as app_module
    from chalicelib import bootstrap as bootstrap_module
    from chalicelib.domain.roster import Mediator
    from chalicelib.services.roster import seed_demo
    from chalicelib.settings import reset_settings

    with pytest.MonkeyPatch.context() as patch:
        for key, value in ENV.items():
            patch.setenv(key, value)
        patch.delenv("SUTIAO_AWS_ENDPOINT_URL", raising=False)
        reset_settings()
        with mock_aws():
            enforce_key_limits(patch)
            for key, value in (create_resources() or {}).items():
                patch.setenv(key, value)
            reset_settings()
            clock, extractor = Clock(), FakeExtractor()
            deps = bootstrap_module.bootstrap(clock=clock, notifier=FakeNotifier(), extract=extractor)
            patch.setattr(bootstrap_module, "default_deps", lambda: deps)
            demo = seed_demo(deps)
            for mediator in deps.roster.mediators(demo["mediator_ids"]):
                deps.roster.update_mediator_profile(Mediator(**{**vars(mediator), "capacity": ROOMY}))
            with Client(app_module.app) as client:
                yield Stack(client=client, deps=deps, clock=clock, extractor=extractor,
                            court_secret=demo["court_secret"])
        reset_settings()


@pytest.fixture(autouse=True)
def _fresh_extractor(request):
    """Each test that uses the stack starts with the fake extractor answering `{}` (nothing recognised)."""
    if "stack" in request.fixturenames:
        extractor = request.getfixturevalue("stack").extractor
        extractor.result, extractor.calls = {}, 0


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Overrides the suite-wide reset: the module's stack owns the settings (set once, reset at its teardown).

    Resetting before every test would drop and rebuild every boto3 client, which costs far more than the
    hostile request itself.
    """
    yield
