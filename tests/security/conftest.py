"""The security suite's world: the robustness suite's stack (moto in-process, one per module) with cases to act on.

Building moto and the roster costs seconds and an authorization probe costs milliseconds, so a module
shares one world; a probe that is allowed to change a case gets a fresh case in the status it needs
(`World.case(status)`), so no allowed cell disturbs another.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property

import pytest

from chalicelib.services.roster import DEMO_MEDIATORS
from tests.integration.http import bearer, multipart, post_json, run_step, staff, webhook
from tests.integration.support import APPLICANT, Clock, FakeExtractor, agreement_extraction, application_fields
from tests.robustness.conftest import _fresh_settings, stack  # noqa: F401 - the shared stack and its settings rule

STATUSES = ("assigned", "mediating", "settled", "confirmation_requested", "confirmation_rejected")
FAILED = "failed"  # mediating, then the mediator's failure record: waiting for the court to file (立案)
FAILURE_RECORD = {"basic_facts": "买卖合同纠纷", "reasons": "金额分歧过大", "disputed_points": "货款数额"}
# Scenes in mediation with the parties invited (their own choices need their tokens): scene -> what is done.
INVITED = ("invited", "extension_proposed")
HELD = "integrity_review"  # settled, and held: the agreement pays someone who is not a party
INTAKE = "intake"  # a public application waiting in received for its phone to be confirmed (the intake queue)


@dataclass
class Scene:
    """A court-delegated case (court weibin, organization xx-sme) and the people of it."""

    case_id: str
    mediator_id: str
    party_token: str | None = None  # the applicant's, once invited
    respondent_token: str | None = None  # the respondent's, once invited


@dataclass
class World:
    client: object  # chalice.test.Client
    deps: object
    clock: Clock
    extractor: FakeExtractor
    court_secret: str
    mediator_ids: list[str]
    _ids: itertools.count = field(default_factory=itertools.count)

    def unique(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    def unique_phone(self) -> str:
        """A mobile number no other probe used: each phone has its own SMS send window."""
        return f"139{next(self._ids):08d}"

    def application(self) -> dict:
        """A public application whose applicant has a phone of its own."""
        return application_fields(applicants=[{**APPLICANT, "phone": self.unique_phone()}])

    def sign_in(self) -> dict:
        """What a party types to get back in: a court case's number, the applicant's phone and a live code."""
        from chalicelib.services.party_access import send_code

        phone, event = self.unique_phone(), self.delegated_event()
        event["data"]["applicants"] = [{**APPLICANT, "phone": phone}]
        created = webhook(self.client, self.court_secret, event, now=self.clock().timestamp())
        assert created.status_code == 202, created.body
        case_id = created.json_body["case_id"]
        send_code(self.deps, case_id, phone)
        code = re.search(r"验证码(\d{6})", self.deps.sms.messages(phone)[0]["text"]).group(1)
        return {"case_id": case_id, "phone": phone, "code": code}

    def staff_login(self) -> dict:
        """A staff member's username and password (an account of its own, made once)."""
        from chalicelib.auth.passwords import hash_password
        from chalicelib.domain.accounts import Account

        if self.deps.accounts.account("probe-login") is None:
            self.deps.accounts.save(Account("probe-login", "mediator", self.clock(), status="active",
                                            mediator_id="m-wang", org_id="xx-sme",
                                            password_hash=hash_password("probe-password")), None)
        return {"username": "probe-login", "password": "probe-password"}

    def password_link(self) -> dict:
        """A fresh invitation link's token and a password to set with it."""
        import secrets

        from chalicelib.domain.accounts import Account, Link, link_digest

        token = secrets.token_urlsafe(32)
        link = Link.issue(link_digest(token), self.unique("probe-invited"), "invite", self.clock())
        self.deps.accounts.save_with_link(Account(link.username, "org_admin", self.clock(), org_id="xx-sme",
                                                  link_digest=link.digest), None, link)
        return {"token": token, "password": "a-new-password"}

    def managed_account(self) -> dict:
        """The account `probe-managed` (a mediator of xx-sme), active again whatever was done to it."""
        from chalicelib.domain.accounts import Account

        found = self.deps.accounts.account("probe-managed")
        self.deps.accounts.save(Account("probe-managed", "mediator", self.clock(), status="active",
                                        mediator_id="m-li", org_id="xx-sme", password_hash="unused"),
                                found[1] if found else None)
        return {}

    def delegated_event(self) -> dict:
        return {"event_id": self.unique("ev-security"), "type": "case.delegated",
                "data": {"court_case_ref": "（2026）豫0703诉前调7号", **application_fields()}}

    @cached_property
    def open_report(self) -> str:
        """A court's misconduct report waiting in xx-sme's queue (mediator.reported): its report id."""
        reported = webhook(self.client, self.court_secret, {
            "event_id": self.unique("ev-report"), "type": "mediator.reported",
            "data": {"mediator_id": "m-wang", "reason": "调解中偏袒一方"}}, now=self.clock().timestamp())
        assert reported.status_code == 202, reported.body
        return reported.json_body["report_id"]

    @cached_property
    def open_complaint(self) -> str:
        """A party's complaint waiting in xx-sme's queue: its complaint id."""
        scene = self.case("invited")
        lodged = post_json(self.client, f"/cases/{scene.case_id}/complaints", {"text": "调解员态度生硬"},
                           bearer(scene.party_token))
        assert lodged.status_code == 201, lodged.body
        return lodged.json_body["complaint_id"]

    def case(self, status: str) -> Scene:
        """A fresh case driven through the real routes to `status` (one of STATUSES, of INVITED, HELD or INTAKE)."""
        if status in INVITED:
            return self._invited(status)
        if status == INTAKE:
            applied = post_json(self.client, "/applications", self.application())
            assert applied.status_code == 201 and applied.json_body["status"] == "received", applied.body
            # no mediator yet: a mediator's token for the refused cells names one of the roster's (not this case's)
            return Scene(applied.json_body["case_id"], self.mediator_ids[0], applied.json_body["party_token"])
        if status == FAILED:
            return self._failed()
        held, status = status == HELD, "settled" if status == HELD else status
        created = webhook(self.client, self.court_secret, self.delegated_event(), now=self.clock().timestamp())
        assert created.status_code == 202, created.body
        case_id = created.json_body["case_id"]
        assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
        scene = Scene(case_id, self.deps.cases.get(case_id).mediator_id)
        mediator = staff("mediator", mediator_id=scene.mediator_id)
        steps = STATUSES[1:STATUSES.index(status) + 1]
        if "mediating" in steps:
            assert post_json(self.client, f"/cases/{case_id}/acceptance", {"decision": "accept"},
                             mediator).status_code == 200
        if "settled" in steps:
            self.extractor.result = agreement_extraction(mediator_name=self.deps.cases.get(case_id).mediator_name)
            if held:
                self.extractor.result["fields"]["terms"] = ["被申请人于2026年3月31日前向王小明支付货款40000元"]
            body, ctype = multipart({})
            settled = self.client.http.post(f"/cases/{case_id}/agreement", body=body,
                                            headers={**mediator, "Content-Type": ctype})
            assert settled.status_code == 200, settled.body
            invited = post_json(self.client, f"/cases/{case_id}/invitations", {}, mediator)
            tokens = [i["party_token"] for i in invited.json_body["invitations"]]
            scene.party_token = tokens[0]
        if "confirmation_requested" in steps:
            for token in tokens:
                assert post_json(self.client, f"/cases/{case_id}/confirmations", {"consent": True},
                                 bearer(token)).status_code == 200
        if "confirmation_rejected" in steps:
            ruled = webhook(self.client, self.court_secret, {
                "event_id": self.unique("ev-ruling"), "type": "confirmation.ruled",
                "data": {"case_id": case_id, "ruling": "rejected", "ruling_number": "（2026）豫0703民特1号"}},
                now=self.clock().timestamp())
            assert ruled.status_code == 200, ruled.body
        assert self.deps.cases.get(case_id).status == status
        assert held == ("integrity_review" in self.deps.cases.get(case_id).flags)
        return scene

    def _invited(self, status: str) -> Scene:
        scene = self.case("mediating")
        mediator = staff("mediator", mediator_id=scene.mediator_id)
        invited = post_json(self.client, f"/cases/{scene.case_id}/invitations", {}, mediator)
        scene.party_token, scene.respondent_token = [i["party_token"] for i in invited.json_body["invitations"]]
        if status == "extension_proposed":
            proposed = post_json(self.client, f"/cases/{scene.case_id}/extension", {"days": 5}, mediator)
            assert proposed.status_code == 200, proposed.body
        return scene

    def _failed(self) -> Scene:
        scene = self.case("mediating")
        failed = post_json(self.client, f"/cases/{scene.case_id}/outcome",
                           {"result": "failed", "reason": "分歧过大", "record": FAILURE_RECORD},
                           staff("mediator", mediator_id=scene.mediator_id))
        assert failed.status_code == 200, failed.body
        return scene

    @cached_property
    def stranger_token(self) -> str:
        """The applicant's token of a direct application: a real party token, of another case."""
        applied = post_json(self.client, "/applications", application_fields(dispute_category="labor"))
        assert applied.status_code == 201, applied.body
        return applied.json_body["party_token"]


@pytest.fixture(scope="module")
def world(stack):
    return World(client=stack.client, deps=stack.deps, clock=stack.clock, extractor=stack.extractor,
                 court_secret=stack.court_secret, mediator_ids=[m.mediator_id for m in DEMO_MEDIATORS])
