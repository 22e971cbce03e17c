"""Hand-written hostile requests: each is refused with a 4xx in CONTRACT's error shape, and changes nothing.

The defects these cases found have been mended by their owners; the cases
stay as regressions. A defect found later is marked with a strict xfail
(`reason="BUG: ..."`) until it is mended.
"""
import json
from dataclasses import dataclass

import jwt
import pytest

from chalicelib.auth import mint_token, sign
from chalicelib.settings import get_settings
from tests.integration.http import bearer, multipart, post_json, staff, webhook
from tests.integration.support import application_fields, party
from tests.robustness.errors import refused
from tests.robustness.support import record_failure, snapshot

JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Scene:
    """One court case in mediation and one direct application, shared by the tests that only read."""

    case_id: str
    mediator: dict
    party_case: str
    party: dict


@pytest.fixture(scope="module")
def scene(stack) -> Scene:
    case_id, mediator = stack.mediating_case()
    party_case, party_headers = stack.party_case()
    return Scene(case_id, mediator, party_case, party_headers)


def send(stack, method, path, headers=None, body=b""):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return stack.client.http.request(method, path, headers=headers or {}, body=raw)


# ---- bodies that are not the JSON object a route reads ----

NOT_AN_OBJECT = {
    "malformed": b'{"decision": ',
    "empty": b"",
    "array": b"[]",
    "null": b"null",
    "latin-1": '{"reason": "caf\xe9"}'.encode("latin-1"),
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    "lone surrogate": b'{"decision": "accept", "reason": "\\ud800"}',
}


@pytest.mark.parametrize("kind", NOT_AN_OBJECT)
@pytest.mark.parametrize("route", ["/applications", "/uploads", "/cases/{case}/acceptance", "/cases/{case}/outcome",
                                   "/cases/{case}/extension", "/cases/{case}/confirmations", "/organizations"])
def test_a_body_that_is_not_a_json_object_is_refused_and_changes_nothing(stack, scene, route, kind):
    before = snapshot(stack, scene.case_id)
    answer = send(stack, "POST", route.format(case=scene.case_id), {**scene.mediator, **JSON}, NOT_AN_OBJECT[kind])
    refused(answer, 400, "invalid_json")
    assert snapshot(stack, scene.case_id) == before


@pytest.mark.parametrize("kind", NOT_AN_OBJECT)
def test_a_signed_webhook_that_is_not_a_json_object_is_refused(stack, kind):
    answer = webhook(stack.client, stack.court_secret, None, now=stack.clock().timestamp(), body=NOT_AN_OBJECT[kind])
    refused(answer, 400, "invalid_json")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
@pytest.mark.parametrize("route", ["/applications", "/cases/{case}/acceptance", "/cases/{case}/agreement"])
def test_a_body_of_the_wrong_media_type_is_refused(stack, scene, route, content_type):
    """A JSON route reads a missing Content-Type as JSON (Chalice and API Gateway alike): then the body's 400."""
    headers = {"Authorization": scene.mediator["Authorization"]}
    if content_type:
        headers["Content-Type"] = content_type
    before = snapshot(stack, scene.case_id)
    answer = send(stack, "POST", route.format(case=scene.case_id), headers, b'{"decision": "maybe"}')
    refused(answer, (400, 415))
    assert snapshot(stack, scene.case_id) == before


# ---- fields of the wrong type, nulls, sizes, odd text ----

APPLICATION_FIELDS = [
    pytest.param({"applicants": "秦涵"}, 400, id="applicants-string"),
    pytest.param({"applicants": [None]}, 400, id="applicants-null-party"),
    pytest.param({"applicants": [{"name": None}]}, 400, id="applicants-null-name"),
    pytest.param({"claims": "请求支付"}, 400, id="claims-string"),
    pytest.param({"claims": [None, 5]}, 400, id="claims-not-strings"),
    pytest.param({"facts": ["x"]}, 400, id="facts-list"),
    pytest.param({"dispute_category": ["labor"]}, 400, id="category-list"),
    pytest.param({"claim_amount": True}, 400, id="amount-bool"),
    pytest.param({"claim_amount": "-1"}, 400, id="amount-negative"),
    pytest.param({"claim_amount": 1e300}, 400, id="amount-huge"),
    pytest.param({"applicants": ["秦涵"]}, 400, id="applicants-list-of-strings"),
    pytest.param({"applicants": [{"name": 5}]}, 400, id="party-name-number"),
    pytest.param({"org_id": 5}, 400, id="org-id-number"),
    pytest.param({"org_id": {"id": "xx-sme"}}, 400, id="org-id-object"),
    pytest.param({"facts": "事实" * 150_000}, (400, 413), id="facts-600KB"),
    pytest.param({"applicants": [{**party("秦涵"), "address": "路" * 250_000}]}, (400, 413), id="address-750KB"),
]


@pytest.mark.parametrize("change, status", APPLICATION_FIELDS)
def test_an_application_with_a_field_of_the_wrong_kind_is_refused(stack, change, status):
    before = len(list(stack.deps.cases.in_status("pending_assignment")))
    refused(send(stack, "POST", "/applications", JSON, application_fields(**change)), status)
    assert len(list(stack.deps.cases.in_status("pending_assignment"))) == before


ODD_NAMES = ["\u202e涵秦\u202c", "秦\u200b涵", "Ｑｉｎ　Ｈａｎ", "秦涵👩‍⚖️", "e\u0301", "𠀀𪚥"]  # RLO, ZWSP, fullwidth, ZWJ emoji,
# a combining accent, astral CJK


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_but_valid_unicode_survives_the_round_trip(stack, name):
    phone = f"1360000{ODD_NAMES.index(name):04d}"  # a mobile of its own: a phone gets a few codes an hour
    answer = send(stack, "POST", "/applications", JSON, application_fields(applicants=[party(name, phone=phone)]))
    assert answer.status_code == 201, answer.body
    case = send(stack, "GET", f"/cases/{answer.json_body['case_id']}", bearer(answer.json_body["party_token"]))
    assert case.json_body["applicants"][0]["name"] == name


def test_nested_nulls_are_read_as_absent(stack):
    body = application_fields(respondents=None, claims=None, facts=None, claim_amount=None,
                              applicants=[{**party("秦涵"), "address": None, "id_number": None,
                                           "phone": "13600009999"}])  # the mobile the code goes to
    answer = send(stack, "POST", "/applications", JSON, body)
    assert answer.status_code == 201, answer.body


MEDIATOR_BODIES = [
    pytest.param("acceptance", {"decision": 1}, 400, id="decision-number"),
    pytest.param("acceptance", {"decision": None}, 400, id="decision-null"),
    pytest.param("acceptance", {"decision": "accept", "disclosures": "none"}, 400, id="disclosures-string"),
    pytest.param("acceptance", {"decision": "accept", "disclosures": [None]}, 400, id="disclosures-null"),
    pytest.param("acceptance", {"decision": "decline", "reason": 5}, (400, 422), id="decline-reason-number"),
    pytest.param("outcome", {"result": None}, 400, id="result-null"),
    pytest.param("outcome", {"result": "failed", "record": "x"}, 400, id="record-string"),
    pytest.param("outcome", {"result": "terminated", "reason": ["x"]}, (400, 422), id="terminate-reason-list"),
    pytest.param("extension", {"days": "10", "agreed_by": []}, 400, id="days-string"),
    pytest.param("extension", {"days": 10, "agreed_by": "秦涵"}, 400, id="agreed-by-string"),
    pytest.param("extension", {"days": 10, "agreed_by": [1, {}]}, (400, 422), id="agreed-by-not-names"),
    pytest.param("confirmations", {"consent": "true"}, 400, id="consent-string"),
]


@pytest.mark.parametrize("route, body, status", MEDIATOR_BODIES)
def test_a_mediator_request_with_a_field_of_the_wrong_kind_changes_nothing(stack, scene, route, body, status):
    before = snapshot(stack, scene.case_id)
    refused(post_json(stack.client, f"/cases/{scene.case_id}/{route}", body, scene.mediator), status)
    assert snapshot(stack, scene.case_id) == before


ROSTER_BODIES = [
    pytest.param("PUT", "/courts/hostile", {"name": "法院", "invited_roster": "m-li"}, 400, id="roster-string"),
    pytest.param("PUT", "/courts/hostile", {"name": "法院", "callback_url": "javascript:alert(1)"}, 400,
                 id="callback-js"),
    pytest.param("PUT", "/courts/hostile", {"name": "法院", "callback_url": 5}, 400, id="callback-number"),
    pytest.param("PUT", "/courts/hostile", {"name": ["法院"]}, 400, id="court-name-list"),
    pytest.param("POST", "/mediators", {"mediator_id": "m-x1", "name": "x", "specialties": "labor"}, 400,
                 id="specialties-string"),
    pytest.param("POST", "/mediators", {"mediator_id": "m-x2", "name": "x", "capacity": "5"}, 400,
                 id="capacity-string"),
    pytest.param("POST", "/mediators", {"mediator_id": "m-x3", "name": "x", "specialties": [{}]}, 400,
                 id="specialties-objects"),
    pytest.param("POST", "/mediators", {"mediator_id": "m-x4", "name": "x", "capacity": True}, 400,
                 id="capacity-bool"),
    pytest.param("POST", "/mediators", {"mediator_id": 5, "name": "x"}, 400, id="mediator-id-number"),
    pytest.param("POST", "/organizations", {"org_id": "xx-sme", "name": 5}, 400, id="org-name-number"),
]


@pytest.mark.parametrize("method, path, body, status", ROSTER_BODIES)
def test_a_roster_request_with_a_field_of_the_wrong_kind_is_refused(stack, method, path, body, status):
    owner = staff("platform_admin") if path.startswith("/courts/") else staff("org_admin", org_id="xx-sme")
    refused(send(stack, method, path, owner, body), status)


@pytest.mark.parametrize("cursor", [
    "!!", "bm90IGpzb24",
    "eyJ4IjoxfQ",  # {"x": 1}: JSON, but no key this API returned
])
def test_a_forged_cursor_is_refused(stack, cursor):
    refused(send(stack, "GET", f"/cases?cursor={cursor}", staff("org_admin", org_id="xx-sme")), 400)


@pytest.mark.parametrize("limit", ["abc", "1.5", "1e3"])
def test_a_limit_that_is_not_a_number_is_refused(stack, limit):
    refused(send(stack, "GET", f"/cases?limit={limit}", staff("org_admin", org_id="xx-sme")), 400)


# ---- multipart uploads ----

def _post_file(stack, path, headers, body, content_type):
    return send(stack, "POST", path, {**headers, "Content-Type": content_type}, body)


@pytest.mark.parametrize("body, content_type, code", [
    (b"--x\r\n\r\n--x--", "multipart/form-data", "invalid_multipart"),
    (b"", "multipart/form-data; boundary=x", "invalid_multipart"),
    (b"no parts here", "multipart/form-data; boundary=x", "invalid_multipart"),
    (multipart({"org_id": "xx-sme"}, file_field="document")[0], multipart({})[1], "missing_file"),
    (multipart({}, data=b"")[0], multipart({})[1], "missing_file"),
    (multipart({"org_id": "\xff\xfe"}, data=b"%PDF-1.7")[0].replace("\xff\xfe".encode(), b"\xff\xfe"),
     multipart({})[1], "invalid_multipart"),
], ids=["no-boundary", "empty-body", "no-parts", "no-file-part", "empty-file", "form-text-not-utf8"])
def test_a_broken_form_is_refused(stack, body, content_type, code):
    refused(_post_file(stack, "/applications", {}, body, content_type), 400, code)


def test_a_25_mb_upload_is_refused_as_too_large(stack, scene):
    body, content_type = multipart({}, data=b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024))
    refused(_post_file(stack, "/applications", {}, body, content_type), 413, "payload_too_large")
    refused(_post_file(stack, f"/cases/{scene.case_id}/agreement", scene.mediator, body, content_type), 413)


@pytest.fixture
def real_extraction(stack, monkeypatch):
    """The real extraction engine instead of the fake, for files that are not what they claim."""
    from chalicelib import bootstrap

    monkeypatch.setattr(stack.deps, "extract", bootstrap._extract)


NOT_A_PDF = {"gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "text": "调解协议书\n".encode() * 50,
             "truncated pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "zeros": bytes(4096)}


@pytest.mark.parametrize("kind", NOT_A_PDF)
def test_an_application_that_is_not_a_pdf_is_refused_and_opens_no_case(stack, real_extraction, kind):
    before = len(list(stack.deps.cases.in_status("pending_assignment")))
    body, content_type = multipart({}, data=NOT_A_PDF[kind])
    error = refused(_post_file(stack, "/applications", {}, body, content_type), 422, "unreadable_application")
    assert error["details"]["extraction"]["error"]["code"]
    assert len(list(stack.deps.cases.in_status("pending_assignment"))) == before


def _bucket_keys(prefix: str) -> set[str]:
    from chalicelib import aws

    listing = aws.client("s3").list_objects_v2(Bucket=get_settings().documents_bucket, Prefix=prefix)
    return {o["Key"] for o in listing.get("Contents", [])}


@pytest.mark.parametrize("kind", NOT_A_PDF)
def test_a_rejected_agreement_is_still_kept_in_the_bucket(stack, real_extraction, kind):
    case_id, mediator = stack.mediating_case()
    body, content_type = multipart({}, data=NOT_A_PDF[kind])
    answer = _post_file(stack, f"/cases/{case_id}/agreement", mediator, body, content_type)
    refused(answer, 422, "agreement_not_acceptable")
    kept = _bucket_keys(f"cases/{case_id}/agreement/")
    assert len(kept) == 1
    assert stack.deps.documents.get(kept.pop()) == NOT_A_PDF[kind]
    assert stack.deps.cases.get(case_id).status == "mediating"


# ---- path parameters ----

ODD_IDS = {"dot-dot": "..%2F..%2Fetc%2Fpasswd", "dot-dot-raw": "..", "nul": "%00", "long": "C" * 3000,
           "unicode": "案件２０２６", "emoji": "📁", "spaces": "C%20%20", "quote": "C'%22;--"}


@pytest.mark.parametrize("kind", ODD_IDS)
@pytest.mark.parametrize("method, template", [("GET", "/cases/{id}"), ("POST", "/cases/{id}/acceptance"),
                                              ("GET", "/cases/{id}/documents/failure-record"),
                                              ("GET", "/cases/{case}/documents/{id}")])
def test_an_odd_case_id_or_document_name_is_not_found(stack, scene, method, template, kind):
    path = template.format(id=ODD_IDS[kind], case=scene.case_id)
    refused(send(stack, method, path, {**scene.mediator, **JSON}, {"decision": "accept"}), 404)


def test_a_court_id_too_long_for_a_key_is_refused(stack):
    refused(send(stack, "PUT", f"/courts/{ODD_IDS['long']}", staff("platform_admin"), {"name": "法院"}), (400, 404))


def test_an_unknown_case_id_is_not_found_for_every_route(stack, scene):
    for method, route in [("GET", ""), ("POST", "/acceptance"), ("POST", "/invitations"), ("POST", "/outcome"),
                          ("POST", "/extension"), ("GET", "/documents/failure-record")]:
        answer = send(stack, method, f"/cases/C20260302ffffffff{route}", {**scene.mediator, **JSON},
                      {"decision": "accept", "result": "terminated", "days": 5, "agreed_by": []})
        refused(answer, 404)


# ---- who may call ----

def _expired_token():
    return mint_token("mediator", mediator_id="m-wang", ttl_seconds=60, now=1_000_000_000)


def _forged_token():
    s = get_settings()
    return jwt.encode({"iss": s.jwt_issuer, "iat": 2_000_000_000 - 10, "exp": 4_000_000_000, "role": "org_admin",
                       "org_id": "xx-sme"}, "not-the-secret-" * 3, algorithm="HS256")


def _unsigned_token():
    s = get_settings()
    return jwt.encode({"iss": s.jwt_issuer, "iat": 1, "exp": 4_000_000_000, "role": "org_admin", "org_id": "xx-sme"},
                      None, algorithm="none")


def _signed(algorithm="HS256", **claims):
    """A token signed with the real secret, carrying exactly these claims over a valid base."""
    s = get_settings()
    base = {"iss": s.jwt_issuer, "iat": 1, "exp": 4_000_000_000, "role": "org_admin", "org_id": "xx-sme"}
    return jwt.encode({k: v for k, v in {**base, **claims}.items() if v is not None}, s.jwt_secret,
                      algorithm=algorithm)


def _scopeless_token():
    return _signed(role="mediator", org_id=None)


@pytest.mark.parametrize("authorization, code", [
    (None, "missing_token"), ("", "missing_token"), ("Basic bWU6cHc=", "invalid_token"), ("Bearer", "invalid_token"),
    ("Bearer a.b.c", "invalid_token"), ("Bearer short", "invalid_token"), ("Bearer x.y", "invalid_token"),
    (_expired_token, "token_expired"), (_forged_token, "invalid_token"), (_unsigned_token, "invalid_token"),
    (_scopeless_token, "invalid_token"), (lambda: _signed(iss="someone-else"), "invalid_token"),
    (lambda: _signed(role="party"), "invalid_token"),
    (lambda: _signed(role="court", court_id="weibin"), "invalid_token"),
    (lambda: _signed(role="org_admin", org_id=""), "invalid_token"),
    (lambda: _signed(algorithm="HS512"), "invalid_token"),
    (lambda: _signed(exp=None), "invalid_token"),
], ids=["none", "empty", "basic", "bearer-no-token", "three-junk-parts", "too-short", "one-dot", "expired",
        "forged", "alg-none", "no-scope", "other-issuer", "party-role-jwt", "court-role-jwt", "empty-scope",
        "hs512", "no-expiry"])
@pytest.mark.parametrize("method, route", [("GET", "/cases/{case}"), ("GET", "/cases"),
                                           ("POST", "/cases/{case}/outcome"), ("GET", "/mediators")])
@pytest.mark.filterwarnings("ignore:The HMAC key is")  # PyJWT on the HS512 forgery; the point is its refusal
def test_a_caller_without_a_valid_token_is_unauthorized(stack, scene, method, route, authorization, code):
    value = f"Bearer {authorization()}" if callable(authorization) else authorization
    headers = dict(JSON) if value is None else {**JSON, "Authorization": value}
    before = snapshot(stack, scene.case_id)
    refused(send(stack, method, route.format(case=scene.case_id), headers, {"result": "terminated"}), 401, code)
    assert snapshot(stack, scene.case_id) == before


@pytest.mark.parametrize("who, status", [
    (lambda s: staff("mediator", mediator_id="m-zhao"), 404),  # mediator A on mediator B's case
    (lambda s: staff("court_clerk", court_id="hongqi"), 404),  # the clerk of another court
    (lambda s: staff("org_admin", org_id="other-org"), 404),  # the admin of another organization
    (lambda s: s.party, 404),  # a party token of another case
    (lambda s: bearer("x" * 43), 404),  # a party token nobody was given
], ids=["other-mediator", "other-court-clerk", "other-org-admin", "other-case-party", "unknown-party-token"])
def test_a_caller_from_elsewhere_cannot_see_the_case(stack, scene, who, status):
    refused(send(stack, "GET", f"/cases/{scene.case_id}", who(scene)), status, "case_not_found")
    refused(send(stack, "GET", f"/cases/{scene.case_id}/documents/confirmation-application", who(scene)), status)


@pytest.mark.parametrize("who", [
    lambda s: staff("mediator", mediator_id="m-zhao"), lambda s: staff("court_clerk", court_id="weibin"),
    lambda s: staff("org_admin", org_id="xx-sme"), lambda s: s.party,
], ids=["other-mediator", "own-court-clerk", "own-org-admin", "other-case-party"])
@pytest.mark.parametrize("route, body", [("acceptance", {"decision": "decline", "reason": "x"}),
                                         ("outcome", {"result": "terminated", "reason": "x"}),
                                         ("extension", {"days": 5, "agreed_by": []}), ("invitations", {}),
                                         ("confirmations", {"consent": True})])
def test_only_the_assigned_mediator_or_a_party_of_the_case_may_change_it(stack, scene, who, route, body):
    before = snapshot(stack, scene.case_id)
    refused(post_json(stack.client, f"/cases/{scene.case_id}/{route}", body, {**who(scene), **JSON}), (403, 404))
    assert snapshot(stack, scene.case_id) == before


_ROSTER_CHANGES = [("GET", "/mediators", None), ("POST", "/mediators", {"mediator_id": "m-evil", "name": "x"}),
                   ("PUT", "/courts/weibin", {"callback_url": "https://evil.example/"}),
                   ("POST", "/organizations", {"org_id": "xx-sme", "name": "x"})]


def _clerk(scene):
    return staff("court_clerk", court_id="weibin")


@pytest.mark.parametrize("headers, method, path, body", [
    *[pytest.param(lambda s: s.mediator, *c, id=f"mediator-{c[0]}-{c[1]}") for c in _ROSTER_CHANGES],
    *[pytest.param(lambda s: s.party, *c, id=f"party-{c[0]}-{c[1]}") for c in _ROSTER_CHANGES],
    # CONTRACT R2: the court owns its settings; the clerk reads its roster but adds no mediator or organization
    *[pytest.param(_clerk, *c, id=f"court-clerk-{c[0]}-{c[1]}") for c in _ROSTER_CHANGES[1:4:2]],
    pytest.param(lambda s: staff("org_admin", org_id="xx-sme"), *_ROSTER_CHANGES[2], id="org-admin-PUT-/courts/weibin"),
    pytest.param(lambda s: staff("court_clerk", court_id="hongqi"), *_ROSTER_CHANGES[2],
                 id="other-court-clerk-PUT-/courts/weibin"),
])
def test_only_the_owner_may_change_the_roster(stack, scene, headers, method, path, body):
    refused(send(stack, method, path, headers(scene), body or b""), 403)
    assert stack.deps.roster.court("weibin").callback_url is None
    assert stack.deps.roster.mediator("m-evil") is None


def test_a_listing_stays_in_the_callers_scope(stack, scene):
    refused(send(stack, "GET", "/cases", scene.party), 403)
    refused(send(stack, "GET", "/cases?mediator_id=m-somebody-else", scene.mediator), 403)
    own = send(stack, "GET", "/cases", scene.mediator)
    assert own.status_code == 200 and scene.case_id in [c["case_id"] for c in own.json_body["cases"]]
    assert {c["mediator_id"] for c in own.json_body["cases"]} == {stack.deps.cases.get(scene.case_id).mediator_id}
    refused(send(stack, "GET", "/cases?court_id=weibin", staff("court_clerk", court_id="hongqi")), 403)
    refused(send(stack, "GET", "/cases?org_id=xx-sme", staff("org_admin", org_id="other")), 403)


# ---- court webhooks ----

def _raw_webhook(stack, body: bytes, **headers):
    return send(stack, "POST", "/webhooks/court", {**JSON, **headers}, body)


def _signed_headers(stack, body: bytes, *, secret=None, offset=0, court="weibin"):
    ts = str(int(stack.clock().timestamp()) + offset)
    return {"X-Court-Id": court, "X-Timestamp": ts, "X-Signature": sign(secret or stack.court_secret, ts, body)}


EVENT = json.dumps({"event_id": "ev-hostile", "type": "case.delegated", "data": {}}).encode()


@pytest.mark.parametrize("tamper, code", [
    (lambda s, h: h.pop("X-Signature"), "missing_signature"),
    (lambda s, h: h.pop("X-Timestamp"), "missing_signature"),
    (lambda s, h: h.pop("X-Court-Id"), "unknown_court"),
    (lambda s, h: h.update({"X-Court-Id": "nowhere"}), "unknown_court"),
    (lambda s, h: h.update({"X-Court-Id": "w" * 3000}), "unknown_court"),
    (lambda s, h: h.update(_signed_headers(s, EVENT, secret="wrong")), "bad_signature"),
    (lambda s, h: h.update({"X-Signature": h["X-Signature"].upper()}), "bad_signature"),
    (lambda s, h: h.update({"X-Signature": "sha256=签名"}), "bad_signature"),
    (lambda s, h: h.update(_signed_headers(s, EVENT, offset=-301)), "stale_timestamp"),
    (lambda s, h: h.update(_signed_headers(s, EVENT, offset=+301)), "stale_timestamp"),
    (lambda s, h: h.update({"X-Timestamp": "9" * 400}), "invalid_timestamp"),
    (lambda s, h: h.update({"X-Timestamp": "1e9"}), "invalid_timestamp"),
    (lambda s, h: h.update({"X-Timestamp": "-1"}), "invalid_timestamp"),
], ids=["no-signature", "no-timestamp", "no-court", "unknown-court", "long-court-id", "wrong-secret",
        "signature-case", "signature-non-ascii", "stale", "future", "timestamp-400-digits", "timestamp-float",
        "timestamp-negative"])
def test_a_webhook_the_court_did_not_sign_is_unauthorized_and_opens_nothing(stack, tamper, code):
    before = len(list(stack.deps.cases.in_status("pending_assignment")))
    headers = _signed_headers(stack, EVENT)
    tamper(stack, headers)
    refused(_raw_webhook(stack, EVENT, **headers), 401, code)
    assert len(list(stack.deps.cases.in_status("pending_assignment"))) == before


def test_a_body_changed_after_signing_is_refused(stack):
    headers = _signed_headers(stack, EVENT)
    refused(_raw_webhook(stack, EVENT.replace(b"ev-hostile", b"ev-hostilE"), **headers), 401, "bad_signature")


@pytest.mark.parametrize("payload, status, code", [
    ({"event_id": "ev-h1", "type": "case.archived", "data": {}}, 400, "unknown_event_type"),
    ({"event_id": "ev-h2", "type": None, "data": {}}, 400, "unknown_event_type"),
    ({"event_id": "ev-h3", "type": "case.delegated"}, 400, "invalid_webhook"),
    ({"type": "case.delegated", "data": {}}, 400, "invalid_webhook"),
    ({"event_id": 7, "type": "case.delegated", "data": {}}, 400, "invalid_webhook"),
    ({"event_id": "ev-h4", "type": "case.delegated", "data": "x"}, 400, "invalid_webhook"),
    ({"event_id": "ev-h5", "type": "case.entrusted", "data": {"procedure": "fast"}}, 400, "invalid_procedure"),
    ({"event_id": "ev-h6", "type": "case.delegated", "data": {"application_pdf_base64": "%%%"}}, 400, "invalid_pdf"),
    ({"event_id": "ev-h7", "type": "case.delegated", "data": {"applicants": "秦涵"}}, 400, None),
    ({"event_id": "ev-h8", "type": "confirmation.ruled", "data": {"case_id": "C20260302ffffffff"}}, 404,
     "case_not_found"),
    ({"event_id": "ev-h9", "type": "case.filed", "data": {"case_id": 12}}, 400, "invalid_webhook"),  # not a string
    pytest.param({"event_id": "ev-h10", "type": "case.filed", "data": {}}, 404, "case_not_found"),
    pytest.param({"event_id": "ev-h11", "type": "confirmation.ruled", "data": {"case_id": ""}}, 404,
                 "case_not_found"),
])
def test_a_signed_webhook_with_missing_or_odd_data_is_refused(stack, payload, status, code):
    before = len(list(stack.deps.cases.in_status("pending_assignment")))
    answer = webhook(stack.client, stack.court_secret, payload, now=stack.clock().timestamp())
    refused(answer, status, code)
    assert len(list(stack.deps.cases.in_status("pending_assignment"))) == before


def _failed_case(stack):
    case_id, mediator = stack.mediating_case()
    answer = record_failure(stack, case_id, mediator)
    assert answer.status_code == 200, answer.body
    return case_id


def test_a_replayed_case_filed_has_no_second_effect(stack):
    case_id = _failed_case(stack)
    filed = {"event_id": stack.event_id(), "type": "case.filed",
             "data": {"case_id": case_id, "court_case_number": "（2026）豫0703民初9号"}}
    first = webhook(stack.client, stack.court_secret, filed, now=stack.clock().timestamp())
    assert first.status_code == 200, first.body
    after_first = snapshot(stack, case_id)
    stack.clock.advance(seconds=30)  # a redelivery later, signed afresh
    again = webhook(stack.client, stack.court_secret, filed, now=stack.clock().timestamp())
    refused(again, 409, "replayed_event")
    assert snapshot(stack, case_id) == after_first


def test_the_same_event_id_with_a_different_body_is_still_a_replay(stack):
    case_id = _failed_case(stack)
    event_id = stack.event_id()
    first = webhook(stack.client, stack.court_secret, {"event_id": event_id, "type": "case.filed",
                                                       "data": {"case_id": case_id, "court_case_number": "A"}},
                    now=stack.clock().timestamp())
    assert first.status_code == 200, first.body
    after_first = snapshot(stack, case_id)
    changed = {"event_id": event_id, "type": "case.filed", "data": {"case_id": case_id, "court_case_number": "B"}}
    refused(webhook(stack.client, stack.court_secret, changed, now=stack.clock().timestamp()), (409,))
    assert snapshot(stack, case_id) == after_first


def test_a_replayed_delegation_opens_one_case_and_queues_one_assignment(stack):
    from tests.integration.support import receive_all

    receive_all("assignment_queue")  # start from an empty queue
    event = {"event_id": stack.event_id(), "type": "case.delegated",
             "data": {"court_case_ref": "（2026）豫0703诉前调77号", **application_fields()}}
    first = webhook(stack.client, stack.court_secret, event, now=stack.clock().timestamp())
    assert first.status_code == 202, first.body
    before = snapshot(stack, first.json_body["case_id"])
    for _ in range(2):
        error = refused(webhook(stack.client, stack.court_secret, event, now=stack.clock().timestamp()), 409)
        assert error["details"]["case_id"] == first.json_body["case_id"]
    assert [json.loads(r["body"])["case_id"] for r in receive_all("assignment_queue")] == [first.json_body["case_id"]]
    assert snapshot(stack, first.json_body["case_id"]) == before


# ---- input that is well-formed but names nothing we know ----

def test_an_application_to_an_unknown_organization_is_not_lost(stack):
    answer = send(stack, "POST", "/applications", JSON, application_fields(org_id="no-such-org"))
    if answer.status_code != 201:
        refused(answer, (400, 404, 422))
        return
    seen_by_admin = send(stack, "GET", f"/cases/{answer.json_body['case_id']}", staff("org_admin", org_id="xx-sme"))
    assert seen_by_admin.status_code == 200, "no organization's admin can see the case"


# ---- pages for people: query strings are echoed into HTML ----

@pytest.mark.parametrize("page, name", [("/apply", "org"), ("/my-case", "case"), ("/mediator", "case")])
def test_a_page_does_not_echo_markup_from_its_query(stack, page, name):
    payload = '"><script>alert(1)</script>'
    answer = send(stack, "GET", f"{page}?{name}=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert answer.status_code == 200
    html = answer.body.decode("utf-8")
    assert payload not in html and "&#34;&gt;&lt;script&gt;" in html


# ---- ids too long for a DynamoDB key (moto made to refuse them as DynamoDB does: dynamodb_limits.py) ----

def test_the_stack_refuses_an_oversized_key_like_dynamodb(stack):
    from pynamodb.exceptions import GetError

    with pytest.raises(GetError, match="maximum size limit"):
        stack.deps.cases.get("C" * 3000)


@pytest.mark.parametrize("query", ["status", "court_id", "mediator_id", "category", "org_id"])
def test_a_listing_filter_too_long_for_a_key_is_refused(stack, query):
    refused(send(stack, "GET", f"/cases?{query}={'x' * 3000}", staff("org_admin", org_id="xx-sme")), (400, 403))


def test_a_roster_filter_too_long_for_a_key_is_refused(stack):
    refused(send(stack, "GET", f"/mediators?court_id={'c' * 3000}", staff("org_admin", org_id="xx-sme")), 400)


def test_a_case_id_in_a_webhook_too_long_for_a_key_is_refused(stack):
    payload = {"event_id": stack.event_id(), "type": "case.filed", "data": {"case_id": "C" * 3000}}
    refused(webhook(stack.client, stack.court_secret, payload, now=stack.clock().timestamp()), (400, 404))


# ---- a year's holiday schedule ----

@pytest.mark.parametrize("year, body", [
    ("abc", {"holidays": []}), ("99999", {"holidays": []}), ("-1", {"holidays": []}), ("2027", {"holidays": "x"}),
    ("2027", {"holidays": ["2027-13-45"]}), ("2027", {"holidays": [None]}), ("2027", {"workdays": [{"d": 1}]}),
    ("2027", {"holidays": ["2026-10-01"]}),
], ids=["not-a-year", "far-future", "negative", "holidays-string", "impossible-date", "null-date", "workday-object",
        "date-of-another-year"])
def test_a_bad_holiday_schedule_is_refused(stack, year, body):
    refused(send(stack, "PUT", f"/calendars/{year}", staff("platform_admin"), body), (400, 404, 422))


@pytest.mark.parametrize("who", [lambda s: s.mediator, lambda s: staff("org_admin", org_id="xx-sme"),
                                 lambda s: staff("court_clerk", court_id="weibin")],
                         ids=["mediator", "org-admin", "court-clerk"])
def test_only_the_platform_operator_loads_a_holiday_schedule(stack, scene, who):
    refused(send(stack, "PUT", "/calendars/2027", who(scene), {"holidays": []}), 403)


def test_an_event_id_too_long_for_a_key_is_refused(stack):
    payload = {"event_id": "e" * 3000, "type": "case.delegated", "data": {}}
    refused(webhook(stack.client, stack.court_secret, payload, now=stack.clock().timestamp()), 400, "invalid_webhook")


def test_an_application_at_every_field_bound_is_refused_or_stored(stack):
    from chalicelib.services.case_input import MAX_PARTIES

    big = "纠" * 390
    parties = [party(f"申请人{i}" + big, address=big, phone=big, legal_representative=big, position=big, ethnicity=big,
                     gender=big, birth_date=big, id_number=big) for i in range(MAX_PARTIES)]
    body = application_fields(applicants=parties, respondents=parties, claims=["请" * 2000] * 50, facts="事" * 20000)
    answer = send(stack, "POST", "/applications", JSON, body)
    if answer.status_code != 201:
        refused(answer, (400, 413, 422))


def test_a_failure_record_at_every_bound_is_refused_or_stored(stack):
    case_id, mediator = stack.mediating_case()
    record = {k: "事" * 20000 for k in ("basic_facts", "reasons", "disputed_points", "cost_increasing_conduct",
                                        "undisputed_facts")}
    answer = post_json(stack.client, f"/cases/{case_id}/outcome", {"result": "failed", "reason": "分歧", "record": record},
                       mediator)
    if answer.status_code != 200:
        refused(answer, (400, 413, 422))
        assert stack.deps.cases.get(case_id).status == "mediating"


def test_an_agreement_that_reads_as_hundreds_of_terms_is_refused_or_settles(stack):
    from tests.integration.support import agreement_extraction

    case_id, mediator = stack.mediating_case()
    stack.extractor.result = agreement_extraction(mediator_name=stack.deps.cases.get(case_id).mediator_name)
    stack.extractor.result["fields"]["terms"] = ["被申请人支付" * 100] * 300
    body, content_type = multipart({})
    answer = _post_file(stack, f"/cases/{case_id}/agreement", mediator, body, content_type)
    if answer.status_code != 200:
        refused(answer, (400, 413, 422))
