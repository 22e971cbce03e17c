"""Who sees which personal number of which party (个人信息保护法 Art.6, Art.51; CONTRACT R2 privacy).

PIPL Art.6 (最小必要): personal information is shown only as far as the
purpose needs; Art.51 requires measures such as de-identification (去标识化)
for everyone else. CONTRACT R2 turns that into the rule below, applied to every
party of a case (CONTRACT §2 PARTY):

| field                          | in full to                                                   | masked to everyone else  |
| ------------------------------ | ------------------------------------------------------------ | ------------------------ |
| `id_number`, `credit_code`     | that party; the court of the case (its clerk, and what the   | `4107**********3848`     |
|                                | court itself is sent)                                         |                          |
| `phone`                        | that party; the court; the mediator; the organization's      | `158****8283`            |
|                                | admin                                                         |                          |

The organization's admin (调解委员会) sees phones in full: before a mediator is
assigned, when one is removed or a case is reassigned, and when a party
complains, the organization itself must reach the parties — contact is the
purpose, so Art.6 allows the phone and nothing more (ID numbers stay masked).
Another party of the same case (the other side, or a co-party) sees masked
numbers: their own copy of the agreement already identifies the parties, and a
copyable ID number would only help impersonation.
"""
from __future__ import annotations

from dataclasses import dataclass

IDENTIFIERS = ("id_number", "credit_code")  # 居民身份证号码, 统一社会信用代码
PHONE = "phone"

PARTY, COURT, MEDIATOR, ORGANIZATION, OTHER = "party", "court", "mediator", "organization", "other"
_PHONE_IN_FULL = (COURT, MEDIATOR, ORGANIZATION)
_IDENTIFIERS_IN_FULL = (COURT,)


@dataclass(frozen=True)
class Viewer:
    """Whom a view of a case is for: a kind above, and for a party which party it is."""

    kind: str
    party_name: str | None = None

    def sees_in_full(self, field: str, party_name: str) -> bool:
        if self.kind == PARTY and self.party_name == party_name:
            return True
        if field in IDENTIFIERS:
            return self.kind in _IDENTIFIERS_IN_FULL
        if field == PHONE:
            return self.kind in _PHONE_IN_FULL
        return True  # names, addresses and the rest are not masked by R2


THE_COURT = Viewer(COURT)
NOBODY = Viewer(OTHER)  # anyone the rule does not name: everything masked

# An uploaded PDF itself (the 申请书, the signed 调解协议) shows every number unmasked and cannot be masked, so
# (Art.6) it opens only for those who wrote or signed it and those whose duty is to read it: the court; the
# organization (its intake review reads the application, its integrity review the agreement); the mediator and
# every party the agreement they signed; the applicants their own application.
_ORIGINAL_READERS = {"application": (COURT, ORGANIZATION), "agreement": (COURT, ORGANIZATION, MEDIATOR, PARTY)}


def may_open_original(viewer: Viewer, name: str, applicants: list[str]) -> bool:
    """Whether `viewer` may open the uploaded PDF `name` of a case whose applicants are named `applicants`."""
    if name == "application" and viewer.kind == PARTY:
        return viewer.party_name in applicants
    return viewer.kind in _ORIGINAL_READERS.get(name, ())


def party_as_seen(party: dict, viewer: Viewer) -> dict:
    """A PARTY dict with the numbers `viewer` may not see masked."""
    seen = dict(party)
    for field in (*IDENTIFIERS, PHONE):
        if seen.get(field) and not viewer.sees_in_full(field, party.get("name")):
            seen[field] = mask_phone(seen[field]) if field == PHONE else mask_identifier(seen[field])
    return seen


def mask_identifier(value: str) -> str:
    """410711197612233848 → 4107**********3848, 914107046UARJR4A0U → 9141**********4A0U.

    Four characters each end tell the parties of a case apart without giving a
    number anyone could use; a short or malformed value keeps only its last two.
    """
    text = str(value).strip()
    if len(text) >= 12:
        return text[:4] + "*" * (len(text) - 8) + text[-4:]
    return "*" * max(len(text) - 2, 0) + text[-2:]


def mask_phone(value: str) -> str:
    """15855608283 → 158****8283 (the carrier prefix and the last four); a landline keeps the same ends."""
    text = str(value).strip()
    if len(text) < 8:
        return "*" * max(len(text) - 2, 0) + text[-2:]
    middle = "".join("*" if ch.isdigit() else ch for ch in text[3:-4])
    return text[:3] + middle + text[-4:]


def restore_masked(sent: dict, stored: dict, viewer: Viewer) -> dict:
    """A party edited from its masked view: a number sent back exactly as `viewer` was shown it (still
    masked) means "unchanged", so the stored number stays and no mask is ever stored as a number."""
    restored = dict(sent)
    shown = party_as_seen(stored, viewer)
    for field in (*IDENTIFIERS, PHONE):
        if stored.get(field) and sent.get(field) == shown.get(field) != stored.get(field):
            restored[field] = stored[field]
    return restored
