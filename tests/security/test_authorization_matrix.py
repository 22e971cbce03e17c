"""The whole authorization matrix: every operation of /openapi.json × every kind of caller (issue 8).

The expected outcome of every cell is written below by hand, from CONTRACT R2 — never read from
chalicelib.services.authorization — so a policy change the contract does not allow fails here, and so
does a new route nobody wrote a row for.

A cell is OK when the call got past authorization and the service did it (2xx: every probe is a
request that succeeds for an entitled caller, on a case in the status it needs); otherwise the
refusal is exact: 401 (no or bad credentials), 403 (a role that may never do this, or a scope it
lacks outside a case), 404 `case_not_found` (a case the caller may not see, answered like a case
that does not exist). A refused call must leave the case and the roster as they were.
"""
from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass
from typing import Callable

import jwt
import pytest

from chalicelib.auth import mint_token, sign
from chalicelib.auth.keys import key_set
from chalicelib.openapi import build_document
from chalicelib.settings import get_settings
from tests.integration.http import bearer, multipart, staff

OK = "ok"

# ---- who calls ----

SCOPED = ("mediator", "other_mediator", "org_admin", "other_org_admin", "court_clerk", "other_court_clerk",
          "platform_admin", "party", "other_party")
UNAUTHENTICATED = ("none", "expired", "forged_key", "alg_none", "hs512", "other_issuer", "unknown_kid", "court",
                   "forged_court")
KINDS = SCOPED + UNAUTHENTICATED


def _claims(**changes) -> dict:
    """A platform operator's claims, the most a forger could want, valid for an hour."""
    now = int(time.time())
    return {"iss": get_settings().jwt_issuer, "iat": now - 10, "exp": now + 3600, "role": "platform_admin",
            **changes}


def _real_key() -> tuple[str, str]:
    keys = key_set()
    return keys.current, keys.current_key


FORGED = {
    "expired": lambda: mint_token("org_admin", org_id="xx-sme", ttl_seconds=60, now=time.time() - 3600),
    "forged_key": lambda: jwt.encode(_claims(), "not-the-signing-key-" * 3, algorithm="HS256",
                                     headers={"kid": _real_key()[0]}),
    "alg_none": lambda: jwt.encode(_claims(), None, algorithm="none"),
    "hs512": lambda: jwt.encode(_claims(), _real_key()[1], algorithm="HS512", headers={"kid": _real_key()[0]}),
    "other_issuer": lambda: jwt.encode(_claims(iss="someone-else"), _real_key()[1], algorithm="HS256",
                                       headers={"kid": _real_key()[0]}),
    "unknown_kid": lambda: jwt.encode(_claims(), "a-key-retired-in-a-rotation-" * 2, algorithm="HS256",
                                      headers={"kid": "k-retired"}),
}


def credentials(kind: str, world, scene, body: bytes) -> dict:
    """The headers a caller of this kind sends; scene is the case the call is about."""
    if kind in FORGED:
        return bearer(FORGED[kind]())
    if kind in ("court", "forged_court"):  # a court's webhook signature, offered where a bearer token is due
        ts = str(int(world.clock().timestamp()))
        secret = world.court_secret if kind == "court" else "not-the-court-secret"
        return {"X-Court-Id": "weibin", "X-Timestamp": ts, "X-Signature": sign(secret, ts, body)}
    other_mediator = next(m for m in world.mediator_ids if m != scene.mediator_id)
    return {
        "none": {},
        "mediator": staff("mediator", mediator_id=scene.mediator_id),
        "other_mediator": staff("mediator", mediator_id=other_mediator),
        "org_admin": staff("org_admin", org_id="xx-sme"),
        "other_org_admin": staff("org_admin", org_id="other-org"),
        "court_clerk": staff("court_clerk", court_id="weibin"),
        "other_court_clerk": staff("court_clerk", court_id="hongqi"),
        "platform_admin": staff("platform_admin"),
        "party": bearer(scene.party_token),
        "other_party": bearer(world.stranger_token),
    }[kind]


# ---- what each operation is asked (a request that succeeds for an entitled caller) ----

@dataclass(frozen=True)
class Probe:
    path: str  # formatted with case_id and a unique n
    body: Callable | None = None  # world -> JSON body; "multipart" for the agreement upload
    status: str | None = None  # the case status the operation acts on (a fresh case when it is allowed)
    court_change: bool = False  # an allowed call rewrites court weibin: put it back afterwards
    not_found: str = "case_not_found"  # the code of a 404 for a case out of the caller's scope
    as_respondent: bool = False  # the entitled party is the respondent (its consent to mediation)


def _signed_agreement(world):
    from tests.integration.support import agreement_extraction

    world.extractor.result = agreement_extraction(mediator_name=None)  # who may upload, not whose name it bears
    return "multipart"


SCHEDULE = {"holidays": ["2027-01-01"], "workdays": []}

PROBES: dict[tuple[str, str, str], Probe] = {
    ("GET", "/openapi.json", ""): Probe("/openapi.json"),
    ("POST", "/applications", ""): Probe("/applications", lambda w: w.application()),
    ("POST", "/uploads", ""): Probe("/uploads", lambda w: {"org_id": "xx-sme"}),
    ("GET", "/uploads/{upload_id}", ""): Probe("/uploads/{case_id}", not_found="upload_not_found"),
    ("POST", "/webhooks/court", ""): Probe("/webhooks/court", lambda w: w.delegated_event()),
    ("POST", "/auth/party-code", ""): Probe("/auth/party-code", lambda w: {"case_id": w.unique("C"),
                                                                          "phone": w.unique_phone()}),
    ("POST", "/auth/party-login", ""): Probe("/auth/party-login", lambda w: w.sign_in()),
    ("GET", "/_local/messages", ""): Probe("/_local/messages?to=13900000000"),
    ("POST", "/auth/login", ""): Probe("/auth/login", lambda w: w.staff_login()),
    ("POST", "/auth/password", ""): Probe("/auth/password", lambda w: w.password_link()),
    ("POST", "/auth/logout", ""): Probe("/auth/logout", lambda w: {}),
    ("POST", "/accounts/invitations", "org_admin"): Probe("/accounts/invitations", lambda w: {
        "role": "org_admin", "username": w.unique("probe-admin"), "org_id": "xx-sme"}),
    ("POST", "/accounts/invitations", "court_clerk"): Probe("/accounts/invitations", lambda w: {
        "role": "court_clerk", "username": w.unique("probe-clerk"), "court_id": "weibin"}),
    ("GET", "/accounts", ""): Probe("/accounts?org_id=xx-sme"),
    ("POST", "/accounts/{username}/reset", ""): Probe("/accounts/probe-managed/reset", lambda w: w.managed_account(),
                                                      not_found="account_not_found"),
    ("POST", "/accounts/{username}/disable", ""): Probe("/accounts/probe-managed/disable",
                                                        lambda w: w.managed_account(), not_found="account_not_found"),
    ("POST", "/accounts/{username}/enable", ""): Probe("/accounts/probe-managed/enable",
                                                       lambda w: w.managed_account(), not_found="account_not_found"),
    ("GET", "/cases", ""): Probe("/cases?court_id=weibin"),
    ("GET", "/cases/{case_id}", ""): Probe("/cases/{case_id}"),
    ("POST", "/cases/{case_id}/acceptance", ""): Probe("/cases/{case_id}/acceptance",
                                                       lambda w: {"decision": "accept"}, "assigned"),
    ("POST", "/cases/{case_id}/extension", ""): Probe("/cases/{case_id}/extension",
                                                      lambda w: {"days": 5}, "mediating"),
    ("POST", "/cases/{case_id}/extension/answer", ""): Probe("/cases/{case_id}/extension/answer",
                                                             lambda w: {"agree": True}, "extension_proposed"),
    ("POST", "/cases/{case_id}/disclosure-answer", ""): Probe("/cases/{case_id}/disclosure-answer",
                                                              lambda w: {"decision": "continue"}, "invited"),
    ("POST", "/cases/{case_id}/respondent-consent", ""): Probe(
        "/cases/{case_id}/respondent-consent",
        lambda w: {"agree": True, "respondent": "新乡市瑞丰食品股份有限公司", "channel": "phone"}, "invited",
        as_respondent=True),
    ("POST", "/cases/{case_id}/invitations", ""): Probe("/cases/{case_id}/invitations", lambda w: {}, "mediating"),
    ("POST", "/cases/{case_id}/agreement", ""): Probe("/cases/{case_id}/agreement", _signed_agreement, "mediating"),
    ("POST", "/cases/{case_id}/outcome", ""): Probe("/cases/{case_id}/outcome",
                                                    lambda w: {"result": "terminated", "reason": "撤回"}, "mediating"),
    ("POST", "/cases/{case_id}/confirmations", ""): Probe("/cases/{case_id}/confirmations",
                                                          lambda w: {"consent": True}, "settled"),
    ("POST", "/cases/{case_id}/mediation-again", ""): Probe("/cases/{case_id}/mediation-again", lambda w: {},
                                                            "confirmation_rejected"),
    ("POST", "/cases/{case_id}/close", ""): Probe("/cases/{case_id}/close",
                                                  lambda w: {"reason": "当事人已自动履行"}, "settled"),
    ("GET", "/cases/{case_id}/documents/{name}", ""): Probe("/cases/{case_id}/documents/confirmation-application"),
    ("GET", "/cases/{case_id}/files/{name}", ""): Probe("/cases/{case_id}/files/agreement"),
    ("POST", "/cases/{case_id}/ruling", ""): Probe("/cases/{case_id}/ruling", lambda w: {
        "ruling": "confirmed", "ruling_number": "（2026）豫0703民特5号"}, "confirmation_requested"),
    ("POST", "/cases/{case_id}/filing", ""): Probe("/cases/{case_id}/filing", lambda w: {
        "court_case_number": "（2026）豫0703民初5号"}, "failed"),
    ("GET", "/courts/{court_id}", ""): Probe("/courts/weibin", not_found="court_not_found"),
    ("POST", "/courts/{court_id}/webhook-secret", ""): Probe("/courts/weibin/webhook-secret", lambda w: {},
                                                             court_change=True),
    ("PUT", "/courts/{court_id}", "update"): Probe("/courts/weibin", lambda w: {"address": "河南省新乡市卫滨区平原路"},
                                                   court_change=True),
    ("PUT", "/courts/{court_id}", "dock"): Probe("/courts/weibin", lambda w: {"org_id": "other-org"},
                                                 court_change=True),
    ("PUT", "/courts/{court_id}", "create"): Probe("/courts/new-court-{n}",
                                                   lambda w: {"name": "新乡市新法院", "org_id": "xx-sme"}),
    ("PUT", "/calendars/{year}", ""): Probe("/calendars/2027", lambda w: SCHEDULE),
    ("POST", "/organizations", ""): Probe("/organizations", lambda w: {
        "org_id": "xx-sme", "name": "新乡市中小企业协会调解委员会", "address": "河南省新乡市卫滨区"}),
    ("GET", "/organizations/{org_id}", ""): Probe("/organizations/xx-sme"),
    ("POST", "/mediators", ""): Probe("/mediators", lambda w: {"mediator_id": w.unique("m-probe"), "name": "试调解员"}),
    ("GET", "/mediators", ""): Probe("/mediators?court_id=weibin"),
    ("PUT", "/mediators/{mediator_id}", ""): Probe("/mediators/m-zhao", lambda w: {"capacity": 5}),
    ("POST", "/mediators/{mediator_id}/sanctions", ""): Probe("/mediators/m-wang/sanctions", lambda w: {
        "kind": "warning", "reason": "未按时回复当事人"}),
    ("GET", "/mediators/{mediator_id}/performance", ""): Probe("/mediators/m-wang/performance"),
    ("POST", "/mediators/{mediator_id}/reports", ""): Probe("/mediators/m-wang/reports",
                                                           lambda w: {"reason": "调解中偏袒一方"},
                                                           not_found="mediator_not_found"),
    ("GET", "/mediator-reports", ""): Probe("/mediator-reports"),
    ("POST", "/mediator-reports/{report_id}/decision", ""): Probe("/mediator-reports/{report_id}/decision",
                                                                  lambda w: {"decision": "dismiss", "note": "查无实据"},
                                                                  not_found="report_not_found"),
    ("POST", "/cases/{case_id}/complaints", ""): Probe("/cases/{case_id}/complaints", lambda w: {"text": "调解员态度生硬"}),
    ("GET", "/complaints", ""): Probe("/complaints?state=open"),
    ("POST", "/complaints/{complaint_id}/answer", ""): Probe("/complaints/{complaint_id}/answer",
                                                             lambda w: {"answer": "已约谈调解员"},
                                                             not_found="complaint_not_found"),
    ("POST", "/cases/{case_id}/rating", ""): Probe("/cases/{case_id}/rating", lambda w: {"score": 4, "comment": "耐心"}),
    ("POST", "/cases/{case_id}/review", ""): Probe("/cases/{case_id}/review", lambda w: {"decision": "clear"},
                                                   "integrity_review"),
    ("GET", "/intake", ""): Probe("/intake"),
    ("POST", "/cases/{case_id}/corrections", ""): Probe("/cases/{case_id}/corrections",
                                                        lambda w: {"claim_amount": "1000.00"}, "intake"),
    ("POST", "/cases/{case_id}/intake-decision", ""): Probe("/cases/{case_id}/intake-decision",
                                                            lambda w: {"decision": "send_on"}, "intake"),
    ("POST", "/cases/{case_id}/reassign", ""): Probe("/cases/{case_id}/reassign", lambda w: {"reason": "调解员回避"},
                                                     "mediating"),
    ("GET", "/reports/statistics", ""): Probe("/reports/statistics?court_id=weibin"),
    ("GET", "/reports/monthly", ""): Probe("/reports/monthly?court_id=weibin"),
    ("GET", "/reports/subsidies", ""): Probe("/reports/subsidies"),
    ("POST", "/reports/subsidies/periods/{period}/close", ""): Probe("/reports/subsidies/periods/2026-01/close",
                                                                     lambda w: {}),
    ("GET", "/", ""): Probe("/"),
    ("GET", "/apply", ""): Probe("/apply"),
    ("GET", "/my-case", ""): Probe("/my-case"),
    ("GET", "/mediator", ""): Probe("/mediator"),
    ("GET", "/login", ""): Probe("/login"),
    ("GET", "/set-password", ""): Probe("/set-password"),
    ("GET", "/admin", ""): Probe("/admin"),
    ("GET", "/dashboard", ""): Probe("/dashboard"),
    ("GET", "/court", ""): Probe("/court"),
}

# ---- the expected outcomes, written from CONTRACT R2 ----

PUBLIC = {kind: OK for kind in KINDS}
NOT_SIGNED_IN = {kind: 401 for kind in UNAUTHENTICATED}


def staff_only(**cells) -> dict:
    """A bearer-token route: every unauthenticated kind is 401; each scoped kind is written out."""
    return {**NOT_SIGNED_IN, **cells}


THE_ASSIGNED_MEDIATOR = staff_only(
    mediator=OK, other_mediator=404, org_admin=403, other_org_admin=403, court_clerk=403, other_court_clerk=403,
    platform_admin=403, party=403, other_party=403)
ANYONE_ON_THE_CASE = staff_only(
    mediator=OK, other_mediator=404, org_admin=OK, other_org_admin=404, court_clerk=OK, other_court_clerk=404,
    platform_admin=403, party=OK, other_party=404)
A_PARTY_ITSELF = staff_only(
    mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=403,
    other_court_clerk=403, platform_admin=403, party=OK, other_party=404)
ADMINS_OF_THE_ACCOUNT = staff_only(  # a mediator of xx-sme: its organization's admin, or the operator
    mediator=403, other_mediator=403, org_admin=OK, other_org_admin=404, court_clerk=403, other_court_clerk=403,
    platform_admin=OK, party=403, other_party=403)
THE_PLATFORM_OPERATOR = staff_only(
    mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=403, other_court_clerk=403,
    platform_admin=OK, party=403, other_party=403)

# Issue 13: a court's figures are its own clerk's and its docked organization's; the subsidy ledger
# (cooperation agreement §五) is each organization's own: another organization's admin sees or closes its own.
THE_COURTS_FIGURES = staff_only(
    mediator=403, other_mediator=403, org_admin=OK, other_org_admin=403, court_clerk=OK, other_court_clerk=403,
    platform_admin=403, party=403, other_party=403)
THE_ORGANIZATIONS_LEDGER = staff_only(
    mediator=403, other_mediator=403, org_admin=OK, other_org_admin=OK, court_clerk=403, other_court_clerk=403,
    platform_admin=403, party=403, other_party=403)
THE_ORGANIZATIONS_ADMIN = staff_only(  # a case of xx-sme: its admin; another organization's finds no such case
    mediator=403, other_mediator=403, org_admin=OK, other_org_admin=404, court_clerk=403, other_court_clerk=403,
    platform_admin=403, party=403, other_party=403)
# Issue 14: a court without an integrated system rules and files from its clerk's console.
THE_CASES_COURT = staff_only(
    mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=OK, other_court_clerk=404,
    platform_admin=403, party=403, other_party=403)
THE_COURT_OR_THE_OPERATOR = staff_only(  # court weibin's settings
    mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=OK, other_court_clerk=403,
    platform_admin=OK, party=403, other_party=403)

EXPECTED: dict[tuple[str, str, str], dict] = {
    ("GET", "/openapi.json", ""): PUBLIC,
    ("POST", "/applications", ""): PUBLIC,
    ("POST", "/uploads", ""): PUBLIC,
    ("GET", "/uploads/{upload_id}", ""): ANYONE_ON_THE_CASE,  # an upload that opened a case: who sees the case
    ("POST", "/webhooks/court", ""): {**{kind: 401 for kind in KINDS}, "court": OK},
    ("POST", "/auth/party-code", ""): PUBLIC,  # a bearer token neither helps nor hinders getting a code
    ("POST", "/auth/party-login", ""): PUBLIC,  # the code is the credential
    ("GET", "/_local/messages", ""): PUBLIC,  # the local stage's SMS outbox (no such route on any other stage)
    ("POST", "/auth/login", ""): PUBLIC,  # the username and password are the credential
    ("POST", "/auth/password", ""): PUBLIC,  # the link's token is the credential
    ("POST", "/auth/logout", ""): staff_only(  # any staff member ends their own session; parties have none
        mediator=OK, other_mediator=OK, org_admin=OK, other_org_admin=OK, court_clerk=OK, other_court_clerk=OK,
        platform_admin=OK, party=403, other_party=403),
    ("POST", "/accounts/invitations", "org_admin"): staff_only(  # an admin of xx-sme: its own admins or the operator
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=403, court_clerk=403, other_court_clerk=403,
        platform_admin=OK, party=403, other_party=403),
    ("POST", "/accounts/invitations", "court_clerk"): THE_PLATFORM_OPERATOR,  # courts' clerks: the operator's
    ("GET", "/accounts", ""): staff_only(  # ?org_id=xx-sme: its own admin, or the operator naming it
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=403, court_clerk=403, other_court_clerk=403,
        platform_admin=OK, party=403, other_party=403),
    ("POST", "/accounts/{username}/reset", ""): ADMINS_OF_THE_ACCOUNT,
    ("POST", "/accounts/{username}/disable", ""): ADMINS_OF_THE_ACCOUNT,
    ("POST", "/accounts/{username}/enable", ""): ADMINS_OF_THE_ACCOUNT,
    ("GET", "/cases", ""): staff_only(  # ?court_id=weibin: each caller's own scope narrows the list
        mediator=OK, other_mediator=OK, org_admin=OK, other_org_admin=OK, court_clerk=OK, other_court_clerk=403,
        platform_admin=403, party=403, other_party=403),
    ("GET", "/cases/{case_id}", ""): ANYONE_ON_THE_CASE,
    ("GET", "/cases/{case_id}/documents/{name}", ""): ANYONE_ON_THE_CASE,
    ("POST", "/cases/{case_id}/acceptance", ""): THE_ASSIGNED_MEDIATOR,
    ("POST", "/cases/{case_id}/extension", ""): THE_ASSIGNED_MEDIATOR,  # proposes; the parties answer
    ("POST", "/cases/{case_id}/extension/answer", ""): A_PARTY_ITSELF,  # 在线调解规则 Art.24
    ("POST", "/cases/{case_id}/disclosure-answer", ""): A_PARTY_ITSELF,  # Art.13
    ("POST", "/cases/{case_id}/respondent-consent", ""): staff_only(  # Art.15: the respondent, or recorded
        mediator=OK, other_mediator=404, org_admin=403, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=OK, other_party=404),
    ("POST", "/cases/{case_id}/invitations", ""): THE_ASSIGNED_MEDIATOR,
    ("POST", "/cases/{case_id}/agreement", ""): THE_ASSIGNED_MEDIATOR,
    ("POST", "/cases/{case_id}/outcome", ""): THE_ASSIGNED_MEDIATOR,
    ("POST", "/cases/{case_id}/confirmations", ""): staff_only(
        mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=OK, other_party=404),
    ("POST", "/cases/{case_id}/mediation-again", ""): staff_only(
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=404, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=OK, other_party=404),
    ("POST", "/cases/{case_id}/close", ""): staff_only(
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=404, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("GET", "/cases/{case_id}/files/{name}", ""): ANYONE_ON_THE_CASE,  # the uploaded PDFs, as the documents
    ("POST", "/cases/{case_id}/ruling", ""): THE_CASES_COURT,  # issue 14: as the webhook confirmation.ruled
    ("POST", "/cases/{case_id}/filing", ""): THE_CASES_COURT,  # as the webhook case.filed
    ("GET", "/courts/{court_id}", ""): THE_COURT_OR_THE_OPERATOR,  # never the webhook secret
    ("POST", "/courts/{court_id}/webhook-secret", ""): THE_COURT_OR_THE_OPERATOR,
    ("PUT", "/courts/{court_id}", "update"): staff_only(
        mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=OK,
        other_court_clerk=403, platform_admin=OK, party=403, other_party=403),
    ("PUT", "/courts/{court_id}", "dock"): THE_PLATFORM_OPERATOR,  # org_id: the cooperation agreement
    ("PUT", "/courts/{court_id}", "create"): THE_PLATFORM_OPERATOR,
    ("PUT", "/calendars/{year}", ""): THE_PLATFORM_OPERATOR,
    ("POST", "/organizations", ""): staff_only(  # org_id xx-sme
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=OK, party=403, other_party=403),
    ("GET", "/organizations/{org_id}", ""): PUBLIC,  # the contact an organization publishes (name, phone, address)
    ("POST", "/mediators", ""): staff_only(  # into the admin's own organization
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=OK, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("GET", "/mediators", ""): staff_only(  # ?court_id=weibin
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=OK, court_clerk=OK,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("PUT", "/mediators/{mediator_id}", ""): staff_only(  # m-zhao of xx-sme: its own admin only
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("POST", "/mediators/{mediator_id}/sanctions", ""): staff_only(  # m-wang of xx-sme: its own admin only
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("GET", "/mediators/{mediator_id}/performance", ""): staff_only(
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("POST", "/mediators/{mediator_id}/reports", ""): staff_only(  # m-wang is on weibin's invited roster
        mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=OK,
        other_court_clerk=404, platform_admin=403, party=403, other_party=403),
    ("GET", "/mediator-reports", ""): staff_only(  # each admin reads its own organization's queue
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=OK, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("POST", "/mediator-reports/{report_id}/decision", ""): staff_only(  # a report in xx-sme's queue
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=404, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("POST", "/cases/{case_id}/complaints", ""): staff_only(  # the parties speak; the organization reads
        mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=OK, other_party=404),
    ("GET", "/complaints", ""): staff_only(  # each admin reads its own organization's queue
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=OK, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("POST", "/complaints/{complaint_id}/answer", ""): staff_only(  # a complaint in xx-sme's queue
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=404, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    ("POST", "/cases/{case_id}/rating", ""): staff_only(
        mediator=403, other_mediator=403, org_admin=403, other_org_admin=403, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=OK, other_party=404),
    ("POST", "/cases/{case_id}/review", ""): staff_only(  # the organization's admin decides its held cases
        mediator=403, other_mediator=403, org_admin=OK, other_org_admin=404, court_clerk=403,
        other_court_clerk=403, platform_admin=403, party=403, other_party=403),
    # Issue 14: the organization reviews its own public applications and hands its own cases on.
    ("GET", "/intake", ""): THE_ORGANIZATIONS_LEDGER,  # each admin pages through its own organization's queue
    ("POST", "/cases/{case_id}/corrections", ""): THE_ORGANIZATIONS_ADMIN,
    ("POST", "/cases/{case_id}/intake-decision", ""): THE_ORGANIZATIONS_ADMIN,
    ("POST", "/cases/{case_id}/reassign", ""): THE_ORGANIZATIONS_ADMIN,
    ("GET", "/reports/statistics", ""): THE_COURTS_FIGURES,  # ?court_id=weibin, docked with xx-sme
    ("GET", "/reports/monthly", ""): THE_COURTS_FIGURES,
    ("GET", "/reports/subsidies", ""): THE_ORGANIZATIONS_LEDGER,
    ("POST", "/reports/subsidies/periods/{period}/close", ""): THE_ORGANIZATIONS_LEDGER,
    ("GET", "/", ""): PUBLIC,
    ("GET", "/apply", ""): PUBLIC,
    ("GET", "/my-case", ""): PUBLIC,
    ("GET", "/mediator", ""): PUBLIC,
    ("GET", "/login", ""): PUBLIC,
    ("GET", "/set-password", ""): PUBLIC,
    ("GET", "/admin", ""): PUBLIC,  # the shell only: its script shows nothing without a session, the API decides
    ("GET", "/court", ""): PUBLIC,
    ("GET", "/dashboard", ""): PUBLIC,
}
ROWS = sorted(EXPECTED)


def _operations() -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in build_document()["paths"].items()
            for method in item if method != "parameters"}


def test_every_operation_has_a_row_and_every_row_names_every_caller():
    assert {(method, path) for method, path, _ in EXPECTED} == _operations()
    assert set(PROBES) == set(EXPECTED)
    incomplete = {row: sorted(set(KINDS) ^ set(cells)) for row, cells in EXPECTED.items() if set(cells) != set(KINDS)}
    assert not incomplete
    cells = len(EXPECTED) * len(KINDS)
    allowed = sum(outcome == OK for cells_ in EXPECTED.values() for outcome in cells_.values())
    print(f"\nauthorization matrix: {len(_operations())} operations ({len(EXPECTED)} rows with variants) × "
          f"{len(KINDS)} callers = {cells} cells ({allowed} allowed, {cells - allowed} refused)")


@pytest.fixture(scope="module")
def shared(world):
    """The case every read and every refusal is tried on: settled, the applicant invited."""
    return world.case("settled")


def _send(world, method: str, path: str, headers: dict, body):
    if body == "multipart":
        raw, ctype = multipart({})
    else:
        raw, ctype = (json.dumps(body).encode(), "application/json") if body is not None else (b"", None)
    return raw, (lambda auth: world.client.http.request(
        method, path, body=raw, headers={**auth, **headers, **({"Content-Type": ctype} if ctype else {})}))


def _state(world, scene) -> tuple:
    deps = world.deps
    return (repr(deps.cases.get(scene.case_id)), repr(deps.roster.court("weibin", fresh=True)),
            repr(deps.roster.calendar(2027)), repr(deps.roster.organization("xx-sme", fresh=True)),
            len(deps.roster.organization_mediators("xx-sme")))


def _outcome(response):
    if 200 <= response.status_code < 300:
        return OK
    return response.status_code


@pytest.mark.parametrize("row", ROWS, ids=[" ".join(r).strip() for r in ROWS])
@pytest.mark.filterwarnings("ignore:The HMAC key is")  # PyJWT on the HS512 forgery; the point is its refusal
def test_each_caller_gets_what_the_contract_says(world, shared, row):
    method, _, _ = row
    probe, expected = PROBES[row], EXPECTED[row]
    wrong = []
    for kind in KINDS:
        allowed = expected[kind] == OK
        scene = world.case(probe.status) if allowed and probe.status else shared
        if probe.as_respondent and scene is not shared:
            scene = dataclasses.replace(scene, party_token=scene.respondent_token)
        court_before = world.deps.roster.court("weibin", fresh=True)
        before = _state(world, scene)
        path = probe.path.format(case_id=scene.case_id, n=world.unique("n"),
                                 report_id=world.open_report if "{report_id}" in probe.path else "",
                                 complaint_id=world.open_complaint if "{complaint_id}" in probe.path else "")
        raw, request = _send(world, method, path, {}, probe.body(world) if probe.body else None)
        response = request(credentials(kind, world, scene, raw))
        got = _outcome(response)
        if got != expected[kind]:
            wrong.append(f"{kind}: expected {expected[kind]}, got {response.status_code} {response.body[:160]!r}")
        elif got == 404 and response.json_body["error"]["code"] != probe.not_found:
            wrong.append(f"{kind}: 404 {response.json_body['error']['code']}, not {probe.not_found}")
        elif got != OK and _state(world, scene) != before:
            wrong.append(f"{kind}: refused with {got} but the case or the roster changed")
        if probe.court_change:
            world.deps.roster.save_court(court_before)
    assert not wrong, "\n".join(wrong)


STRANGERS = {  # each case route, tried by the out-of-scope caller of the role entitled to it
    "": ("GET", lambda w, scene: staff("org_admin", org_id="other-org")),
    "/documents/confirmation-application": ("GET", lambda w, scene: staff("court_clerk", court_id="hongqi")),
    "/files/agreement": ("GET", lambda w, scene: staff("court_clerk", court_id="hongqi")),
    "/acceptance": ("POST", lambda w, scene: staff("mediator", mediator_id=next(
        m for m in w.mediator_ids if m != scene.mediator_id))),
    "/confirmations": ("POST", lambda w, scene: bearer(w.stranger_token)),
    "/mediation-again": ("POST", lambda w, scene: bearer(w.stranger_token)),
    "/close": ("POST", lambda w, scene: staff("org_admin", org_id="other-org")),
}


@pytest.mark.parametrize("route", sorted(STRANGERS))
def test_a_case_out_of_scope_answers_exactly_like_a_case_that_does_not_exist(world, shared, route):
    """No probing of case ids: the stranger's answer for a real case is the answer for a made-up one."""
    method, stranger = STRANGERS[route]
    missing = "C20260302ffffffff"
    body = json.dumps({"decision": "accept", "consent": True}) if method == "POST" else None
    real, made_up = (world.client.http.request(method, f"/cases/{case_id}{route}", body=body,
                                               headers={**stranger(world, shared), "Content-Type": "application/json"})
                     for case_id in (shared.case_id, missing))
    assert real.status_code == made_up.status_code == 404
    assert real.json_body == json.loads(made_up.body.decode().replace(missing, shared.case_id))
