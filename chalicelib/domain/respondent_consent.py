"""The respondent's consent to mediation (被申请人同意调解), 在线调解规则 Art.15.

When a party applies directly, mediation goes ahead only if the other side
agrees: the respondent is told of the application and asked (SMS and the case
page), or the mediator records how the respondent agreed outside the platform
(by phone, in person). Asking does not hold up assignment or acceptance — the
mediation time limit runs from acceptance as before. A respondent who declines
ends the case as `terminated` on the ground `respondent_declined` (Art.25), and
the applicant is told they may sue.
"""
from __future__ import annotations

from chalicelib.domain.exceptions import RuleViolation

CHANNELS = {"online": "本人在线确认", "phone": "电话确认", "in_person": "当面确认"}
ONLINE = "online"
RECORDED = ("phone", "in_person")  # what a mediator may record; "online" is the respondent's own answer


def entry(agreed: bool, channel: str, at: str, actor: str, note: str | None) -> dict:
    if channel not in CHANNELS:
        raise RuleViolation(f"channel must be one of {', '.join(CHANNELS)}", code="invalid_channel")
    return {"agreed": agreed, "channel": channel, "at": at, "recorded_by": actor, "note": note}


def waiting(respondents: list[str], answers: dict) -> list[str]:
    """The respondents who have not answered yet."""
    return [name for name in respondents if name not in answers]
