"""Parties get back into a case by case number + SMS code (CONTRACT R2 §3, issue 11 "Parties").

`POST /auth/party-code` answers 202 with the same body whatever the phone, and no sooner
than `party_code_answer_seconds`, so neither the answer nor its timing tells whether the
phone is on the case; the send windows count every request (counting only real sends would
make the 429 itself tell). `POST /auth/party-login` turns a live code into a new party token
(the party's earlier tokens stop working) and, on a public application still waiting, is
the verification that queues it for a mediator (issue 8, Abuse: no capacity before a person
is behind the application). Every failed login answers alike, after the same floor.
"""
from __future__ import annotations

import hashlib
import re
import time
from contextlib import contextmanager

from chalicelib.auth import new_party_token
from chalicelib.domain import party_codes as codes
from chalicelib.domain.case import AWAITING_VERIFICATION, Case
from chalicelib.domain.privacy import mask_phone
from chalicelib.errors import BadRequest, NotFound, TooManyRequests, Unauthorized, Unprocessable, use_case
from chalicelib.observability import logger
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import StaleCase, StaleRecord
from chalicelib.services.respondent_consent import ask_respondents
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import text
from chalicelib.settings import get_settings

_CASE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
ACCEPTED = {"message": "如果这个手机号是本案当事人的手机号，验证码已经发出，10分钟内有效。",
            "expires_in": int(codes.CODE_TTL.total_seconds())}
_ATTEMPTS = 3  # optimistic writes retried before giving up


@use_case
def request_code(deps: Deps, body: dict) -> dict:
    """POST /auth/party-code → 202 ACCEPTED whatever the phone; 429 beyond the send windows."""
    case_id, phone = _case_and_phone(body)
    with _no_sooner_than(get_settings().party_code_answer_seconds):
        admit_send(deps, case_id, phone)
        case = deps.cases.get(case_id)
        if case is not None and case.party_with_phone(phone):
            send_code(deps, case.case_id, phone)
    return dict(ACCEPTED)


@use_case
def sign_in(deps: Deps, body: dict) -> dict:
    """POST /auth/party-login → a new party token for the party whose phone took the code."""
    case_id, phone = _case_and_phone(body)
    code = body.get("code")
    if not (isinstance(code, str) and code.isascii() and code.isdigit() and len(code) == codes.CODE_DIGITS):
        raise BadRequest(f"code must be the {codes.CODE_DIGITS} digits of the SMS", code="invalid_code_format")
    with _no_sooner_than(get_settings().party_code_answer_seconds, only_on_failure=True):
        if not _use_code(deps, case_id, phone, code):
            raise _refused()
        token, case = _grant_token(deps, case_id, phone)
    return {"party_token": token, "case_id": case.case_id, "status": case.status}


def local_outbox(deps: Deps, to: str | None) -> dict:
    """GET /_local/messages?to=PHONE: every SMS the local stage "sent" there, newest first.

    The route answers only on the local stage; anywhere else it is a path no route matches.
    """
    if get_settings().stage != "local":
        raise NotFound("no route matches this method and path", code="not_found")
    phone = codes.normalise_phone(to)
    if phone is None:
        raise _not_a_mobile("to")
    return {"messages": deps.sms.messages(phone)}


def verification_for(deps: Deps, case: Case, *, counted: bool = False) -> dict:
    """After a public application is stored: send its code once, and say where it went.

    `counted`: the send was already admitted to the send windows (the synchronous intake does it
    before opening the case, so it can answer 429 instead).
    """
    phone = case.applicant_phone
    if AWAITING_VERIFICATION not in case.flags or phone is None:
        return {"required": AWAITING_VERIFICATION in case.flags, "sent_to": None}
    try:
        if not counted:
            admit_send(deps, case.case_id, phone)
        send_code(deps, case.case_id, phone)
    except Exception:  # the case stands; the applicant asks again from the page (POST /auth/party-code)
        logger().exception("verification code not sent", extra={"case_id": case.case_id})
        return {"required": True, "sent_to": None}
    return {"required": True, "sent_to": codes.mask_phone(phone),
            "expires_in": int(codes.CODE_TTL.total_seconds())}


def admit_send(deps: Deps, case_id: str, phone: str) -> None:
    """Count one send in the phone's and the case's windows, or 429 with when to try again."""
    keys = {f"PHONE#{codes.phone_digest(code_key(), phone)}": codes.SENDS_PER_PHONE,
            f"CASE#{case_id}": codes.SENDS_PER_CASE}
    for _ in range(_ATTEMPTS):
        now = deps.clock()
        windows = deps.party_access.windows(keys)
        waits = [w.retry_after(now) for w, _ in windows.values()]
        if any(waits):
            retry = max(w for w in waits if w)
            raise TooManyRequests(f"too many codes asked for this phone or case; try again in {retry} s",
                                  retry_after=retry, code="too_many_codes")
        try:
            deps.party_access.save_windows({k: (w.with_send(now), v) for k, (w, v) in windows.items()}, now)
            return
        except StaleRecord:
            continue
    raise TooManyRequests("codes are being asked for this phone or case right now; try again", retry_after=1,
                          code="too_many_codes")


def send_code(deps: Deps, case_id: str, phone: str) -> None:
    """A fresh code replaces the phone's earlier one on the case; only its HMAC is stored."""
    code, now = codes.new_code(), deps.clock()
    key = _code_item(case_id, phone)
    deps.party_access.put_code(key, codes.IssuedCode.issue(codes.code_digest(code_key(), case_id, phone, code), now))
    deps.sms.send(phone, _sms_text("code", code=code, case_id=case_id), "code", {"code": code, "case_id": case_id})


def _sms_text(name: str, **context) -> str:
    from chalicelib.rendering.sms import render_sms  # Jinja2: only when a message is sent

    return render_sms(name, **context)


def code_key() -> bytes:
    """The HMAC key of codes and phone digests, derived from the platform's signing key."""
    from chalicelib.auth.keys import signing_key

    return hashlib.sha256(b"sutiao party codes|" + signing_key().encode("utf-8")).digest()


def _use_code(deps: Deps, case_id: str, phone: str, code: str) -> bool:
    """True once per live code that matches; a wrong try counts, the 5th kills the code."""
    key, digest = _code_item(case_id, phone), codes.code_digest(code_key(), case_id, phone, code)
    for _ in range(_ATTEMPTS):
        found = deps.party_access.code(key)
        if found is None or not found[0].live(deps.clock()):
            return False
        issued, version = found
        right = issued.matches(digest)
        try:
            deps.party_access.update_code(key, issued.after_use() if right else issued.after_wrong_try(), version)
        except StaleRecord:
            continue  # a concurrent try: read the code again
        return right
    return False


def _grant_token(deps: Deps, case_id: str, phone: str) -> tuple[str, Case]:
    """A new token for the phone's party (revoking the earlier ones); a waiting application is queued."""
    token, token_hash = new_party_token()
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            case, verified_now = _grant_once(deps, case_id, phone, token_hash)
            break
        except StaleCase:  # the case changed between our read and our write: read it again
            if attempt == _ATTEMPTS:
                raise
    if verified_now:
        _tell_received(deps, case, phone)
        ask_respondents(deps, case)
    return token, case


def _grant_once(deps: Deps, case_id: str, phone: str, token_hash: str) -> tuple[Case, bool]:
    case = deps.cases.get(case_id)
    name = case.party_with_phone(phone) if case else None
    if name is None:  # the phone left the case after its code was sent
        raise _refused()
    now, waiting = deps.clock(), AWAITING_VERIFICATION in case.flags
    verified = {"kind": "sms_code", "phone": mask_phone(codes.normalise_phone(phone) or phone)}
    case.add_party_token(token_hash, name, now, channel=verified)
    case.confirm_phone(now)
    commit(deps, case)  # the party is in; a lost assignment message is the sweep's
    return case, waiting


def _tell_received(deps: Deps, case: Case, phone: str) -> None:
    url = f"{get_settings().public_base_url}/my-case?case={case.case_id}"
    try:
        deps.sms.send(phone, _sms_text("application-received", case_id=case.case_id, url=url), "application-received",
                      {"case_id": case.case_id, "url": url})
    except Exception:  # telling is a courtesy; the party is signed in already
        logger().exception("application-received SMS not sent", extra={"case_id": case.case_id})


def _refused() -> Unauthorized:
    """The one answer to every failed login: which part was wrong is not said."""
    return Unauthorized("the code is wrong, used or expired (10 minutes, 5 tries); ask for a new one",
                        code="invalid_code")


def _case_and_phone(body: dict) -> tuple[str, str]:
    if not isinstance(body, dict):
        raise BadRequest("send a JSON object", code="invalid_body")
    case_id = text(body.get("case_id"), "case_id", max_length=64, required=True)
    if not _CASE_ID.match(case_id):
        raise BadRequest("case_id is the case number, e.g. C20261201ab12cd34", code="invalid_case_id")
    phone = codes.normalise_phone(text(body.get("phone"), "phone", max_length=30, required=True))
    if phone is None:
        raise _not_a_mobile("phone")
    return case_id, phone


def _not_a_mobile(field: str) -> Unprocessable:
    """A well-formed string that holds no mainland mobile number: 422, a rule the schema cannot spell."""
    return Unprocessable(f"{field} must be a mainland mobile number (11 digits)", code="invalid_phone")


def _code_item(case_id: str, phone: str) -> str:
    return f"{case_id}#{codes.phone_digest(code_key(), phone)}"


@contextmanager
def _no_sooner_than(seconds: float, only_on_failure: bool = False):
    """Pad the answer to `seconds`, so what happened inside cannot be timed from outside."""
    started = time.monotonic()
    try:
        yield
    except Exception:
        _sleep_until(started + seconds)
        raise
    if not only_on_failure:
        _sleep_until(started + seconds)


def _sleep_until(deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
