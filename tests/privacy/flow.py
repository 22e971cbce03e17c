"""Parties with real-looking personal numbers, and the lifecycle driven through the HTTP API in-process."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from chalicelib.auth import mint_token
from tests.integration.http import bearer, multipart, run_step, webhook
from tests.integration.support import party

# Invented people and companies; the identifiers carry valid check digits (GB 11643, GB 32100).
PERSON = party("谭强", id_number="410711197612233848", phone="15855608283", address="河南省新乡市辉县市解放大道202号")
COMPANY = party("新乡市卓越物流有限公司", "organization", credit_code="914107046UARJR4A0U", phone="15873501187",
                legal_representative="贾博志", address="河南省新乡市原阳县金穗大道137号")
CO_APPLICANT = party("李明", id_number="41070219800229561X", phone="13784660762", address="河南省新乡市牧野区东干道88号")
OTHER_COMPANY = party("新乡市瑞丰农业科技股份有限公司", "organization", credit_code="91410702C6B36JMW9L",
                      phone="15839738201", legal_representative="周立", address="河南省新乡市红旗区")
PARTIES = (PERSON, COMPANY)
ID_NUMBERS = [p[k] for p in (PERSON, COMPANY, CO_APPLICANT, OTHER_COMPANY) for k in ("id_number", "credit_code")
              if p[k]]
PHONES = [p["phone"] for p in (PERSON, COMPANY, CO_APPLICANT, OTHER_COMPANY)]

CLERK = {"role": "court_clerk", "court_id": "weibin"}
MEDIATOR = "the assigned mediator"
ORG_ADMIN = {"role": "org_admin", "org_id": "xx-sme"}


def staff(role: str, **scope) -> str:
    return mint_token(role, **scope)


@dataclass
class Flow:
    """One case driven step by step; every token handed out is kept, so a test can look for it."""

    client: object
    demo: dict
    clock: object
    extractor: object
    case_id: str | None = None
    tokens: dict = field(default_factory=dict)  # party name -> party token
    staff_tokens: list = field(default_factory=list)
    mediator_id: str | None = None

    def token(self, role: str, **scope) -> str:
        minted = staff(role, **scope)
        self.staff_tokens.append(minted)
        return minted

    def headers(self, who) -> dict:
        if who == MEDIATOR:
            return bearer(self.token("mediator", mediator_id=self.mediator_id))
        if isinstance(who, str):  # a party's name
            return bearer(self.tokens[who])
        return bearer(self.token(**who))

    def delegate(self, parties=PARTIES, event_id="ev-privacy-1") -> str:
        applicants, respondents = [parties[0]], list(parties[1:])
        payload = {"event_id": event_id, "type": "case.delegated",
                   "data": {"court_case_ref": f"（2026）豫0703诉前调{event_id}号", "applicants": applicants,
                            "respondents": respondents, "claims": ["请求被申请人支付货款41679元"],
                            "claim_amount": "41679.00", "facts": "双方签订买卖合同，被申请人未付货款。",
                            "dispute_category": "contract"}}
        created = webhook(self.client, self.demo["court_secret"], payload, now=self.clock().timestamp())
        assert created.status_code == 202, created.body
        self.case_id = created.json_body["case_id"]
        assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
        self.mediator_id = self.get(CLERK).json_body["mediator_id"]
        return self.case_id

    def accept(self) -> None:
        accepted = self.client.http.post(f"/cases/{self.case_id}/acceptance", headers=self.headers(MEDIATOR),
                                         body=json.dumps({"decision": "accept", "disclosures": []}))
        assert accepted.status_code == 200, accepted.body

    def settle(self, parties=PARTIES) -> None:
        self.extractor.result = agreement(parties)
        body, ctype = multipart({})
        settled = self.client.http.post(f"/cases/{self.case_id}/agreement", body=body,
                                        headers={**self.headers(MEDIATOR), "Content-Type": ctype})
        assert settled.status_code == 200, settled.body
        run_step("outcome", "outcome_queue")
        run_step("notification", "notifications_queue")

    def invite(self) -> list[dict]:
        answer = self.client.http.post(f"/cases/{self.case_id}/invitations", headers=self.headers(MEDIATOR), body="{}")
        assert answer.status_code == 201, answer.body
        invitations = answer.json_body["invitations"]
        self.tokens.update({i["party_name"]: i["party_token"] for i in invitations})
        return invitations

    def consent_all(self) -> None:
        for name in list(self.tokens):
            answer = self.client.http.post(f"/cases/{self.case_id}/confirmations", headers=self.headers(name),
                                           body=json.dumps({"consent": True}))
            assert answer.status_code == 200, answer.body
        run_step("notification", "notifications_queue")

    def rule(self, event_id="ev-privacy-ruling") -> None:
        ruled = webhook(self.client, self.demo["court_secret"], {"event_id": event_id, "type": "confirmation.ruled",
                        "data": {"case_id": self.case_id, "ruling": "confirmed",
                                 "ruling_number": "（2026）豫0703民特1号"}}, now=self.clock().timestamp())
        assert ruled.status_code == 200, ruled.body

    def fail(self) -> None:
        record = {"basic_facts": "双方对货款数额分歧较大。", "reasons": "被申请人拒绝调解方案。",
                  "disputed_points": "货款数额", "cost_increasing_conduct": None, "undisputed_facts": "双方签订了买卖合同。"}
        failed = self.client.http.post(f"/cases/{self.case_id}/outcome", headers=self.headers(MEDIATOR),
                                       body=json.dumps({"result": "failed", "reason": "调解不成", "record": record}))
        assert failed.status_code == 200, failed.body
        run_step("outcome", "outcome_queue")
        run_step("notification", "notifications_queue")

    def request_confirmation(self) -> "Flow":
        """From a court's delegation to `confirmation_requested`: every party consented, the court was sent it."""
        self.delegate()
        self.accept()
        self.settle()
        self.invite()
        self.consent_all()
        return self

    def get(self, who, path: str = ""):
        return self.client.http.get(f"/cases/{self.case_id}{path}", headers=self.headers(who))


def agreement(parties) -> dict:
    names = [p["name"] for p in parties]
    return {"document_type": "agreement", "text_layer": True, "pages": 2, "error": None, "issues": [],
            "fields": {"applicants": [parties[0]], "respondents": list(parties[1:]),
                       "agreement_number": "（2026）新中小调字第043号",
                       "terms": ["被申请人于2026年3月31日前向申请人支付货款40000元"],
                       "settlement_amount": "40000.00", "performance_deadline": "2026-03-31",
                       "mediator": "王建国", "mediation_organization": "新乡市中小企业协会调解委员会",
                       "signed_date": "2026-03-02",
                       "signatures": {"parties": names, "mediator": True, "seal": True}}}
