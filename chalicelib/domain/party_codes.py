"""One-time SMS codes (短信验证码) that let a party back into a case, and how often they may be sent.

CONTRACT R2 §3 (parties' authentication) and issue 11 fix the rules kept here:
a code has 6 digits, lives 10 minutes, is used once and dies at the 5th wrong
try; a phone and a case each get a few sends an hour. Codes are stored only as
an HMAC over (case, phone, code), so a read of the table gives no usable code;
comparisons are constant-time (`hmac.compare_digest`).

Phones are mainland mobile numbers (手机号, 11 digits starting 1[3-9]); a party's
phone as written on an application ("158-3731-8283", "+86 158 3731 8283") is
read the same way as the one typed on the sign-in page. Landlines cannot take
an SMS and never match.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import ClassVar

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=10)
MAX_TRIES = 5  # the 5th wrong code kills the code
SEND_WINDOW = timedelta(hours=1)
SENDS_PER_PHONE = 5  # per hour, whatever the case: nobody's phone is flooded
SENDS_PER_CASE = 10  # per hour, whatever the phone: nobody walks phone numbers against a case

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-()（）]")


def normalise_phone(raw: object) -> str | None:
    """The 11-digit mainland mobile number in `raw`, or None when it holds none."""
    if not isinstance(raw, str):
        return None
    digits = _SEPARATORS.sub("", raw.strip())
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
    return digits if _MOBILE.match(digits) else None


def mask_phone(phone: str) -> str:
    """158****8283: what a page or a log line may show of a phone (个人信息保护法 Art.51)."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(key: bytes, case_id: str, phone: str, code: str) -> str:
    """HMAC-SHA256 of the code bound to its case and phone: the only form a code is stored in."""
    return hmac.new(key, f"code|{case_id}|{phone}|{code}".encode(), hashlib.sha256).hexdigest()


def phone_digest(key: bytes, phone: str) -> str:
    """A stable, keyed stand-in for a phone in storage keys (the number itself is not written)."""
    return hmac.new(key, f"phone|{phone}".encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class IssuedCode:
    """A code as stored: its digest, when it dies, how many wrong tries it took, whether it was used."""

    digest: str
    expires_at: datetime
    tries: int = 0
    used: bool = False

    @classmethod
    def issue(cls, digest: str, now: datetime) -> "IssuedCode":
        return cls(digest, now + CODE_TTL)

    def live(self, now: datetime) -> bool:
        return not self.used and self.tries < MAX_TRIES and now < self.expires_at

    def matches(self, digest: str) -> bool:
        return hmac.compare_digest(self.digest, digest)

    def after_wrong_try(self) -> "IssuedCode":
        return replace(self, tries=self.tries + 1)

    def after_use(self) -> "IssuedCode":
        return replace(self, used=True)


@dataclass(frozen=True)
class SendWindow:
    """The sends of the last hour for one phone or one case (a sliding window, not a fixed hour)."""

    limit: int
    sent: tuple[datetime, ...] = field(default_factory=tuple)
    span: ClassVar[timedelta] = SEND_WINDOW  # how far back the window looks (a subclass may look less far)

    def recent(self, now: datetime) -> tuple[datetime, ...]:
        return tuple(t for t in self.sent if now - t < self.span)

    def retry_after(self, now: datetime) -> int | None:
        """Seconds until another send is allowed; None when one is allowed now."""
        recent = self.recent(now)
        if len(recent) < self.limit:
            return None
        return max(1, int((min(recent) + self.span - now).total_seconds()) + 1)

    def with_send(self, now: datetime) -> "SendWindow":
        return replace(self, sent=self.recent(now) + (now,))
