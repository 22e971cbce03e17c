"""Roster discipline (名册管理): a mediator's standing, the sanctions that change it, and court reports.

The association manages its roster under the cooperation agreement (§六 工作要求) and the rules it
cites: 人民调解法 Art.15 (a mediator who favours a party, insults one, takes money or leaks secrets gets
批评教育、责令改正, and is dismissed in serious cases) and 最高人民法院关于人民法院特邀调解的规定
(法释〔2016〕14号) Art.24–26 (complaints about an invited mediator; 除名 from the invited roster). Here:

- `warning` (警告) and `criticism` (通报批评) leave the mediator active; they go on the record.
- `suspension` (暂停) stops new assignments until `reinstatement`; `removal` (除名) is final.
- A court that finds misconduct reports it (`mediator.reported`); the organization must decide within
  `REPORT_DECISION_DAYS` (the agreement asks for 及时 handling; the number is the center's own rule).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.domain.deadlines import iso
from chalicelib.domain.exceptions import InvalidTransition, RuleViolation

ACTIVE, SUSPENDED, REMOVED = "active", "suspended", "removed"
STATUSES = (ACTIVE, SUSPENDED, REMOVED)
# CONTRACT R2 names the first three; suspension and reinstatement are the association's own steps.
SANCTIONS = ("warning", "criticism", "removal", "suspension", "reinstatement")
# kind -> (statuses it applies to, the status it leaves); None keeps the status
_EFFECTS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "warning": ((ACTIVE, SUSPENDED), None),
    "criticism": ((ACTIVE, SUSPENDED), None),
    "suspension": ((ACTIVE,), SUSPENDED),
    "reinstatement": ((SUSPENDED,), ACTIVE),
    "removal": ((ACTIVE, SUSPENDED), REMOVED),
}
WITHDRAWN = frozenset({SUSPENDED, REMOVED})  # no new case; open ones are handed on
REPORT_DECISION_DAYS = 15
REPORT_DECISIONS = ("dismiss", "warning", "criticism", "suspension", "removal")


@dataclass(frozen=True)
class Sanction:
    mediator_id: str
    kind: str
    reason: str
    by: str
    at: str
    from_status: str
    to_status: str

    def to_dict(self) -> dict:
        return dict(vars(self))


def sanction(mediator_id: str, current: str, kind: str, reason: str | None, by: str, now: datetime) -> Sanction:
    """The record of one sanction on a mediator in status `current`; raises when it cannot apply."""
    if kind not in _EFFECTS:
        raise RuleViolation(f"kind must be one of {', '.join(SANCTIONS)}", code="invalid_sanction")
    if not (reason or "").strip():
        raise RuleViolation("a sanction needs a reason", code="reason_required")
    applies_to, target = _EFFECTS[kind]
    if current not in applies_to:
        raise InvalidTransition(f"a {current} mediator cannot get {kind}", code="invalid_sanction_status",
                                details={"status": current, "sanction": kind})
    return Sanction(mediator_id, kind, reason.strip(), by, iso(now), current, target or current)


def report_deadline(received: datetime) -> datetime:
    return received + timedelta(days=REPORT_DECISION_DAYS)
