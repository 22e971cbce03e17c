"""Staff accounts (工作人员账号): who signs in with a username and password, bound to one scope.

CONTRACT R2 §3 and issue 11 "Staff accounts" fix the rules kept here:
- four roles, each bound to its scope: a `mediator` to its mediator id (and the
  organization whose roster lists it), an `org_admin` to its organization, a
  `court_clerk` to its court, the `platform_admin` to none (it runs the platform);
- accounts are made by invitation: an org_admin invites mediators and admins of
  its own organization, the platform_admin invites court clerks and org admins;
  the invitation is a single-use link that dies after 72 hours, where the person
  sets a password; a reset link works the same way;
- disabling an account, setting a new password or signing out revokes every token
  the account holds (its `generation` goes up; tokens carry the generation they
  were issued under);
- guessing is throttled per account and per client address (a sliding window of
  failed sign-ins); an unknown username is throttled exactly like a real one, so
  neither the answer nor the 429 tells whether an account exists.

Passwords follow NIST SP 800-63B §5.1.1.2: at least 8 characters, no composition
rules, long passphrases allowed (the bound only keeps a request from making the
KDF hash megabytes). Hashing itself (argon2id) is chalicelib.auth.passwords'.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from chalicelib.domain.exceptions import DomainError, InvalidTransition
from chalicelib.domain.party_codes import SendWindow

# the scope each role is bound to; the platform operator has none
SCOPE_OF_ROLE = {"mediator": "mediator_id", "org_admin": "org_id", "court_clerk": "court_id", "platform_admin": None}
ROLES = tuple(SCOPE_OF_ROLE)
# who may invite whom (the organization's own people; the courts' clerks are the platform's to invite)
INVITES = {"org_admin": ("mediator", "org_admin"), "platform_admin": ("court_clerk", "org_admin")}
STATUSES = ("invited", "active", "disabled")

LINK_TTL = timedelta(hours=72)
LINK_PURPOSES = ("invite", "reset")
PASSWORD_MIN, PASSWORD_MAX = 8, 128
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,63}$"
_USERNAME = re.compile(USERNAME_PATTERN)

FAILURE_WINDOW = timedelta(minutes=15)
FAILURES_PER_ACCOUNT = 5  # the 5th wrong password is answered 401; the next try within the window 429
FAILURES_PER_CLIENT = 30  # one address: an office behind one NAT signs in many people, a guesser many names


class AccountRuleBroken(DomainError):
    code = "account_rule"


class AccountDisabled(InvalidTransition):
    """Nothing is done to a disabled account: no new password, no link."""

    code = "account_disabled"


def normalise_username(raw: object) -> str | None:
    """The username as stored (lower case, trimmed), or None when it cannot be one."""
    if not isinstance(raw, str):
        return None
    name = raw.strip().lower()
    return name if _USERNAME.match(name) else None


def check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise AccountRuleBroken(f"the password needs at least {PASSWORD_MIN} characters", code="password_too_short")
    if len(password) > PASSWORD_MAX:
        raise AccountRuleBroken(f"the password may have at most {PASSWORD_MAX} characters", code="password_too_long")


def may_invite(inviter_role: str, role: str) -> bool:
    return role in INVITES.get(inviter_role, ())


@dataclass(frozen=True)
class Account:
    """One person's sign-in. `generation` numbers the tokens that are valid: a token of an older one is not."""

    username: str
    role: str
    created_at: datetime
    status: str = "invited"
    org_id: str | None = None  # an org_admin's organization; a mediator's, from the roster
    court_id: str | None = None
    mediator_id: str | None = None
    display_name: str | None = None
    password_hash: str | None = None
    generation: int = 0
    link_digest: str | None = None  # the one live invitation or reset link (an older one dies with a new one)
    invited_by: str | None = None

    @property
    def scope(self) -> dict:
        """The claim its tokens carry: {"mediator_id": ...} etc.; {} for the platform operator."""
        claim = SCOPE_OF_ROLE[self.role]
        return {claim: getattr(self, claim)} if claim else {}

    @property
    def active(self) -> bool:
        return self.status == "active" and self.password_hash is not None

    def with_password(self, password_hash: str) -> "Account":
        """The link's password set: active, every earlier token revoked, the link spent."""
        if self.status == "disabled":
            raise AccountDisabled("this account is disabled; ask your administrator")
        return replace(self, password_hash=password_hash, status="active", generation=self.generation + 1,
                       link_digest=None)

    def rehashed(self, password_hash: str) -> "Account":
        """The same password under today's hashing cost (tokens stay valid)."""
        return replace(self, password_hash=password_hash)

    def disabled(self) -> "Account":
        return replace(self, status="disabled", generation=self.generation + 1, link_digest=None)

    def enabled(self) -> "Account":
        """Back from disabled: active with its password, or invited again without one (it needs a new link)."""
        return replace(self, status="active" if self.password_hash else "invited")

    def signed_out(self) -> "Account":
        return replace(self, generation=self.generation + 1)

    def with_link(self, digest: str) -> "Account":
        if self.status == "disabled":
            raise AccountDisabled("this account is disabled")
        return replace(self, link_digest=digest)


@dataclass(frozen=True)
class Link:
    """An invitation or reset link as stored: the digest of its token, never the token."""

    digest: str
    username: str
    purpose: str  # one of LINK_PURPOSES
    expires_at: datetime

    @classmethod
    def issue(cls, digest: str, username: str, purpose: str, now: datetime) -> "Link":
        return cls(digest, username, purpose, now + LINK_TTL)

    def usable_for(self, account: Account | None, now: datetime) -> bool:
        """Live, and still the account's one link (a newer link, a used one or a disabled account kill it)."""
        return (account is not None and now < self.expires_at and account.link_digest is not None
                and hmac.compare_digest(account.link_digest, self.digest) and account.status != "disabled")


def link_digest(token: str) -> str:
    return hashlib.sha256(f"account-link|{token}".encode("utf-8")).hexdigest()


class FailureWindow(SendWindow):
    """The failed sign-ins of the last FAILURE_WINDOW for one account or client address: a sliding window
    like an SMS send window (`sent` holds the failures' times), past whose `limit` the next try waits."""

    span = FAILURE_WINDOW
