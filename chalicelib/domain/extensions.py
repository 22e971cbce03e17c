"""Extending the mediation time limit (延长调解期限), 在线调解规则 Art.24.

The mediator proposes an extension (how many days, why); each party answers
for itself, online, with its own credentials — the mediator cannot tick a box
for them. When every party has agreed the time limit moves on by the days
proposed (its last day counted as 民事诉讼法 Art.85 counts it,
chalicelib.domain.deadlines.extended_deadline) and the court is told who
agreed and when; the first refusal ends the proposal with no extension.
"""
from __future__ import annotations

from chalicelib.domain.exceptions import InvalidTransition, RuleViolation

MAX_EXTENSION_DAYS = 30
PROPOSED, AGREED, REFUSED = "proposed", "agreed", "refused"


def proposal(days: int, reason: str | None, at: str) -> dict:
    if not 0 < days <= MAX_EXTENSION_DAYS:
        raise RuleViolation(f"an extension is 1 to {MAX_EXTENSION_DAYS} days", code="invalid_extension")
    return {"days": days, "reason": reason, "proposed_at": at, "state": PROPOSED, "answers": {}}


def answer(current: dict | None, party: str, agreed: bool, at: str, parties: list[str]) -> str:
    """Record one party's answer on the open proposal; returns its state afterwards."""
    if not current or current["state"] != PROPOSED:
        raise InvalidTransition("no extension is waiting for an answer", code="no_extension_proposed")
    current["answers"][party] = {"agreed": agreed, "at": at}
    if not agreed:
        current["state"] = REFUSED
    elif all(current["answers"].get(p, {}).get("agreed") for p in parties):
        current["state"] = AGREED
    return current["state"]


def agreed_by(current: dict) -> list[dict]:
    """Who agreed and when, as the court is told (`case.extended`)."""
    return [{"party": p, "at": a["at"]} for p, a in current["answers"].items() if a["agreed"]]


def waiting(current: dict | None, parties: list[str]) -> list[str]:
    """The parties who have not answered the open proposal."""
    if not current or current["state"] != PROPOSED:
        return []
    return [p for p in parties if p not in current["answers"]]
