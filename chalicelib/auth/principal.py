"""Who is calling: the one identity type every service checks against."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.accounts import ROLES as STAFF_ROLES

__all__ = ["STAFF_ROLES", "Principal"]


@dataclass(frozen=True)
class Principal:
    """An authenticated caller.

    role: `mediator` (with mediator_id), `org_admin` (with org_id),
    `court_clerk` (with court_id), `platform_admin` (the platform's operator,
    with no scope: registers courts, loads calendars — CONTRACT R2), `party`
    (with party_token_hash; which case it may see is decided by the case's
    stored token hashes) or `court` (a verified webhook, with court_id).
    What each may do is chalicelib.services.authorization's table.
    `username`: the staff account a signed-in token belongs to (None for a
    token the CLI minted, which no account holds).
    """

    role: str
    mediator_id: str | None = None
    org_id: str | None = None
    court_id: str | None = None
    party_token_hash: str | None = None
    username: str | None = None

    @property
    def subject(self) -> str:
        """A short, loggable identity (never the party token itself)."""
        ident = self.mediator_id or self.org_id or self.court_id or (self.party_token_hash or "")[:12]
        return f"{self.role}:{ident}" if ident else self.role
