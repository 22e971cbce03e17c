"""The mediator's disclosures and the parties' answer (信息披露), 在线调解规则 Art.13; 特邀调解规定 Art.15.

At acceptance the mediator discloses what might make a party doubt their
impartiality (a past relationship, an interest). The parties see it on the
case and each answers: consent to this mediator continuing (`continue`), or
ask for another (`replace`). One request to replace is enough: the mediator is
released and excluded, and the case is assigned again.
"""
from __future__ import annotations

from chalicelib.domain.exceptions import RuleViolation

CONTINUE, REPLACE = "continue", "replace"
DECISIONS = (CONTINUE, REPLACE)


def answer(decision: str, reason: str | None, at: str) -> dict:
    if decision not in DECISIONS:
        raise RuleViolation("decision must be continue or replace", code="invalid_decision")
    if decision == REPLACE and not (reason or "").strip():
        raise RuleViolation("asking for another mediator needs a reason", code="reason_required")
    return {"decision": decision, "reason": reason, "at": at}
