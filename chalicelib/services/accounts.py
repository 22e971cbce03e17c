"""Staff sign-in and accounts (CONTRACT R2 §3 `POST /auth/login`; issue 11 "Staff accounts").

- `sign_in`: username + password → the same bearer JWT the API already verifies, naming the
  account and its token generation (chalicelib.auth.tokens). Every failure answers alike
  (401 `invalid_credentials`) after an argon2id verification, a dummy one for an unknown
  username, so neither the answer nor its time tells whether the account exists. Failures
  are counted per username and per client address; past the limit the answer is 429 with
  Retry-After, unknown usernames included (chalicelib.domain.accounts).
- `invite`, `issue_reset`: a single-use link (72 h) where the person sets a password
  (`set_password`, which also signs them in). Who may invite whom is the domain's
  `INVITES`; whose accounts an admin manages is the POLICY of services.authorization.
- `disable`, `sign_out`: the account's generation goes up, so its live tokens stop working;
  `enable` lets a disabled account sign in again.
The password is never logged and never stored but as its hash; link tokens only as digests.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timezone

from chalicelib.auth import Principal, mint_token
from chalicelib.auth.passwords import hash_password, needs_rehash, verify_password
from chalicelib.domain import accounts as rules
from chalicelib.domain.accounts import Account, Link
from chalicelib.domain.deadlines import iso
from chalicelib.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    use_case,
)
from chalicelib.observability import logger
from chalicelib.services.authorization import OutOfScope, Scope, authorize
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import AccountExists, StaleRecord
from chalicelib.settings import get_settings

DEMO_PASSWORD = "demo-password"  # CONTRACT R2 §3: the local stage's seeded accounts, and only there
_ATTEMPTS = 3  # optimistic writes retried before giving up


# ---- signing in ----

@use_case
def sign_in(deps: Deps, body: dict, client_ip: str | None) -> dict:
    """POST /auth/login → {"token", "role", "expires_at", "username"}."""
    raw, password = body["username"], body["password"]
    username = rules.normalise_username(raw)
    user_key = f"USER#{_digest('user', raw.strip().lower())}"
    keys = {user_key: rules.FAILURES_PER_ACCOUNT, f"IP#{_digest('ip', client_ip or '-')}": rules.FAILURES_PER_CLIENT}
    windows = _admitted(deps, keys)
    found = deps.accounts.account(username) if username else None
    account, version = found if found else (None, None)
    if not verify_password(account.password_hash if account else None, password):
        _count_failure(deps, keys)
        raise _refused()
    if not account.active:
        raise Unauthorized("this account is disabled or not set up yet; ask your administrator",
                           code="account_disabled")
    _forget_failures(deps, windows, user_key)
    if needs_rehash(account.password_hash):
        _rehash(deps, account, version, password)
    logger().info("staff signed in", extra={"username": account.username, "role": account.role})
    return _session(account)


@use_case
def set_password(deps: Deps, body: dict) -> dict:
    """POST /auth/password: an invitation or reset link's token and the new password → signed in."""
    password = body["password"]
    rules.check_password(password)
    link = deps.accounts.link(rules.link_digest(body["token"]))
    found = deps.accounts.account(link.username) if link else None
    if link is None or found is None or not link.usable_for(found[0], deps.clock()):
        raise _dead_link()
    account, version = found
    updated = account.with_password(hash_password(password))
    try:
        deps.accounts.save(updated, version)
    except StaleRecord:  # the link was used (or replaced) meanwhile: one use only
        raise _dead_link() from None
    logger().info("staff password set", extra={"username": account.username, "link": link.purpose})
    return _session(updated)


def sign_out(deps: Deps, principal: Principal) -> dict:
    """POST /auth/logout: every token of the caller's account stops working (a CLI token has none to end)."""
    authorize(principal, "session.end")
    if principal.username is None:
        return {"signed_out": True, "revoked": False}
    _update(deps, principal.username, Account.signed_out)
    return {"signed_out": True, "revoked": True}


# ---- administering accounts ----

@use_case
def invite(deps: Deps, principal: Principal, body: dict) -> dict:
    """POST /accounts/invitations → 201 {"username", "role", "status", "url", "expires_at"}."""
    role = body["role"]
    username = rules.normalise_username(body["username"])
    if username is None:
        raise Unprocessable("username: 3–64 lower-case letters, digits, '.', '_' or '-'", code="invalid_username")
    org_id = body.get("org_id") or (principal.org_id if role in ("mediator", "org_admin") else None)
    if principal.role in rules.INVITES and not rules.may_invite(principal.role, role):
        raise Forbidden(f"a {principal.role} may invite {', '.join(rules.INVITES[principal.role])}, not a {role}",
                        code="cannot_invite_role")
    authorize(principal, "account.invite", Scope(org_id=org_id, court_id=body.get("court_id")))
    scope = _invited_scope(deps, role, org_id, body)
    token, link = _new_link(username, "invite", deps.clock())
    account = Account(username, role, deps.clock(), link_digest=link.digest, display_name=body.get("display_name"),
                      invited_by=principal.username or principal.subject, **scope)
    try:
        deps.accounts.save_with_link(account, None, link)
    except AccountExists:
        raise Conflict(f"the username {username} is taken", code="account_exists") from None
    logger().info("staff invited", extra={"username": username, "role": role, "by": principal.subject})
    return {"username": username, "role": role, "status": account.status, **_link_answer(token, link)}


@use_case
def list_accounts(deps: Deps, principal: Principal, params: dict) -> dict:
    """GET /accounts: an organization's staff accounts, a page at a time (the operator names `org_id`).

    Only what an administrator needs to manage them: never a password hash, a link or a token generation.
    """
    from chalicelib.services.listing import page_of

    org_id = params.get("org_id") or principal.org_id
    authorize(principal, "account.list", Scope(org_id=org_id))
    if not org_id:
        raise BadRequest("name the organization: org_id", code="missing_field", details={"field": "org_id"})
    accounts, cursor = page_of(params, lambda limit, start: deps.accounts.organization_accounts(
        org_id, limit=limit, cursor=start))
    return {"accounts": [_account_view(a) for a in accounts], "cursor": cursor}


def _account_view(account: Account) -> dict:
    return {"username": account.username, "role": account.role, "status": account.status,
            "display_name": account.display_name, "mediator_id": account.mediator_id, "org_id": account.org_id,
            "invited_by": account.invited_by, "created_at": iso(account.created_at),
            "link_pending": account.link_digest is not None}


@use_case
def issue_reset(deps: Deps, principal: Principal, username: str) -> dict:
    """POST /accounts/{username}/reset → 201 a new link (an earlier one dies); an invited account's is a new invite."""
    account, version = _managed(deps, principal, username)
    purpose = "invite" if account.status == "invited" else "reset"
    token, link = _new_link(account.username, purpose, deps.clock())
    try:
        deps.accounts.save_with_link(account.with_link(link.digest), version, link)
    except StaleRecord:
        raise Conflict("the account changed meanwhile; try again", code="stale_account") from None
    return {"username": account.username, "status": account.status, **_link_answer(token, link)}


@use_case
def disable(deps: Deps, principal: Principal, username: str) -> dict:
    """POST /accounts/{username}/disable: it cannot sign in, its live tokens and links stop working."""
    account, _ = _managed(deps, principal, username)
    if principal.username == account.username:
        raise Conflict("you cannot disable your own account", code="cannot_disable_self")
    _update(deps, account.username, Account.disabled)
    logger().info("staff disabled", extra={"username": account.username, "by": principal.subject})
    return {"username": account.username, "status": "disabled"}


@use_case
def enable(deps: Deps, principal: Principal, username: str) -> dict:
    """POST /accounts/{username}/enable: a disabled account signs in again (its old tokens stay revoked)."""
    account, _ = _managed(deps, principal, username)
    updated = _update(deps, account.username, Account.enabled) if account.status == "disabled" else account
    logger().info("staff enabled", extra={"username": account.username, "by": principal.subject})
    return {"username": updated.username, "status": updated.status}


def seed_demo_accounts(deps: Deps, demo: dict) -> list[str]:
    """CONTRACT R2 §3's local accounts (password `demo-password`); only the local stage has them."""
    if get_settings().stage != "local":
        raise RuntimeError("demo accounts exist on the local stage only")
    people = [("platform-admin", "platform_admin", {}),
              (f"{demo['org_id']}-admin", "org_admin", {"org_id": demo["org_id"]}),
              (f"{demo['court_id']}-clerk", "court_clerk", {"court_id": demo["court_id"]}),
              *((m, "mediator", {"mediator_id": m, "org_id": demo["org_id"]}) for m in demo["mediator_ids"])]
    password_hash = hash_password(DEMO_PASSWORD)  # one hash for all: the same known password, ~0.2 s each
    for username, role, scope in people:
        try:
            deps.accounts.save(Account(username, role, deps.clock(), status="active", password_hash=password_hash,
                                       invited_by="seed", **scope), None)
        except AccountExists:
            pass  # seeded before: kept as it is
    return [username for username, _, _ in people]


# ---- helpers ----

def _session(account: Account) -> dict:
    issued = time.time()  # the token's own clock is the real one, as every verifier's is
    ttl = get_settings().jwt_ttl_seconds
    token = mint_token(account.role, now=issued, account=(account.username, account.generation), **account.scope)
    expires = datetime.fromtimestamp(int(issued) + ttl, timezone.utc)
    return {"token": token, "role": account.role, "expires_at": iso(expires), "username": account.username,
            **account.scope}


def _admitted(deps: Deps, keys: dict[str, int]) -> dict:
    """The failure windows as read, or 429 with when to try again when one is full."""
    now, windows = deps.clock(), deps.accounts.failures(keys)
    waits = [w.retry_after(now) for w, _ in windows.values()]
    if any(waits):
        retry = max(w for w in waits if w)
        raise TooManyRequests(f"too many failed sign-ins; try again in {retry} s", retry_after=retry,
                              code="too_many_sign_ins")
    return windows


def _forget_failures(deps: Deps, windows: dict, key: str) -> None:
    """A successful sign-in empties its account's window (never the address's: a guesser's own account
    would otherwise reset it)."""
    window, version = windows[key]
    if not window.sent:
        return
    try:
        deps.accounts.save_failures({key: (type(window)(window.limit), version)}, deps.clock())
    except StaleRecord:
        pass  # a failure counted meanwhile stands


def _count_failure(deps: Deps, keys: dict[str, int]) -> None:
    for _ in range(_ATTEMPTS):
        now = deps.clock()
        windows = deps.accounts.failures(keys)
        try:
            deps.accounts.save_failures({k: (w.with_send(now), v) for k, (w, v) in windows.items()}, now)
            return
        except StaleRecord:
            continue  # a concurrent failure: count on top of it
    raise TooManyRequests("sign-ins are failing for this account right now; try again", retry_after=1,
                          code="too_many_sign_ins")


def _rehash(deps: Deps, account: Account, version: int, password: str) -> None:
    """The hashing cost was raised since this hash was made: store it at today's cost."""
    try:
        deps.accounts.save(account.rehashed(hash_password(password)), version)
    except StaleRecord:
        pass  # changed meanwhile (disabled, a new password): its next sign-in rehashes


def _update(deps: Deps, username: str, change) -> Account:
    """Apply `change` to the account as stored now, retried over concurrent writes."""
    for _ in range(_ATTEMPTS):
        found = deps.accounts.account(username)
        if found is None:
            raise NotFound(f"no account {username}", code="account_not_found")
        account, version = found
        updated = change(account)
        try:
            deps.accounts.save(updated, version)
            return updated
        except StaleRecord:
            continue
    raise Conflict("the account is being changed right now; try again", code="stale_account")


def _managed(deps: Deps, principal: Principal, username: str) -> tuple[Account, int]:
    """The account, if the caller manages it; one the caller may not see answers like one that does not exist."""
    name = rules.normalise_username(username)
    found = deps.accounts.account(name) if name else None
    try:
        authorize(principal, "account.manage", found[0] if found else None)
    except OutOfScope:
        found = None
    if found is None:
        raise NotFound(f"no account {username[:64]} that you manage", code="account_not_found")
    return found


def _invited_scope(deps: Deps, role: str, org_id: str | None, body: dict) -> dict:
    """The new account's scope, checked against the roster; an org_admin's invitees join its organization."""
    if role == "mediator":
        mediator = deps.roster.mediator(body["mediator_id"]) if body.get("mediator_id") else None
        if mediator is None or (org_id and mediator.org_id != org_id):
            raise Unprocessable("mediator_id must be a mediator on the organization's roster", code="unknown_mediator")
        return {"mediator_id": mediator.mediator_id, "org_id": mediator.org_id}
    if role == "org_admin":
        if not org_id or deps.roster.organization(org_id) is None:
            raise Unprocessable("org_id must be a registered organization", code="unknown_organization")
        return {"org_id": org_id}
    if role == "court_clerk":
        if not body.get("court_id") or deps.roster.court(body["court_id"]) is None:
            raise Unprocessable("court_id must be a registered court", code="unknown_court")
        return {"court_id": body["court_id"]}
    return {}


def _new_link(username: str, purpose: str, now: datetime) -> tuple[str, Link]:
    token = secrets.token_urlsafe(32)
    return token, Link.issue(rules.link_digest(token), username, purpose, now)


def _link_answer(token: str, link: Link) -> dict:
    """The link to hand to the person (by SMS or WeChat): its token in the fragment, never sent to a server log."""
    return {"url": f"{get_settings().public_base_url}/set-password#token={token}", "purpose": link.purpose,
            "expires_at": iso(link.expires_at)}


def _digest(kind: str, value: str) -> str:
    """A keyed stand-in for a username or client address in storage keys (neither is written as it is)."""
    from chalicelib.auth.keys import signing_key

    key = hashlib.sha256(b"sutiao sign-in throttle|" + signing_key().encode("utf-8")).digest()
    return hmac.new(key, f"{kind}|{value}".encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _refused() -> Unauthorized:
    return Unauthorized("the username or password is wrong", code="invalid_credentials")


def _dead_link() -> Unauthorized:
    return Unauthorized("this link is not valid: used, replaced or older than 72 hours; ask for a new one",
                        code="invalid_link")
