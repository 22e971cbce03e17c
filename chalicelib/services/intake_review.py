"""The organization's intake review (受理审查) of public applications: the queue, corrections, the decision.

A public application waits in `received` while it is unverified (no phone answered the SMS code), being
read or unreadable (an image-only file: OCR doubts or failed), read with issues, or out of scope. The
admin of the case's organization pages through those (`GET /intake`, the status index narrowed to the
organization: a Query, never a Scan), corrects what the reading got wrong (`POST /cases/{id}/corrections`,
an audit line in the history) and decides once (`POST /cases/{id}/intake-decision`): `send_on` queues it
for a mediator as a verified application is queued; `refuse` closes it and the party is told the reason
by SMS (不予受理, services.notices). The same decision asked again answers as the first; another one 409.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import privacy
from chalicelib.domain import status as st
from chalicelib.domain.case import INTAKE_FLAGS, READ_FIELDS, REFUSAL_MAX, Case
from chalicelib.domain.parties import Party
from chalicelib.errors import use_case
from chalicelib.services.access import load_case
from chalicelib.services.authorization import Scope, authorize
from chalicelib.services.case_input import case_fields
from chalicelib.services.dependencies import Deps
from chalicelib.services.listing import page_of
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import text
from chalicelib.services.views import case_view, summary


@use_case
def intake_queue(deps: Deps, principal: Principal, params: dict) -> dict:
    """GET /intake: the organization's applications waiting in `received`, most recently changed first."""
    authorize(principal, "intake.list", Scope(org_id=principal.org_id))
    cases, cursor = page_of(params, lambda limit, start: deps.cases.list(
        "status", st.RECEIVED, filters={"org_id": principal.org_id}, limit=limit, cursor=start))
    return {"items": [intake_item(deps, case, principal) for case in cases], "cursor": cursor}


def intake_item(deps: Deps, case: Case, principal: Principal) -> dict:
    """The case as its admin sees it (numbers masked by the privacy rule), and why it waits."""
    return {**case_view(deps, case, principal, with_history=False),
            "waiting_because": [f for f in case.flags if f in INTAKE_FLAGS]}


@use_case
def correct_fields(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/corrections: the fields given replace what the reading put there."""
    case = load_case(deps, principal, "case.intake", case_id)
    checked = case_fields(body)
    fields = {name: checked[name] for name in READ_FIELDS if name in body}
    viewer = privacy.Viewer(privacy.ORGANIZATION)
    for side in ("applicants", "respondents"):
        if side in fields:
            fields[side] = _unmasked(fields[side], getattr(case, side), viewer)
    changed = case.correct_fields(fields, deps.clock(), principal.subject)
    if changed:
        commit(deps, case)
    return {**intake_item(deps, case, principal), "corrected": changed}


def _unmasked(sent: tuple[Party, ...], stored: tuple[Party, ...], viewer: privacy.Viewer) -> tuple[Party, ...]:
    """A party sent back with a number still masked as the admin was shown it keeps the stored number."""
    return tuple(Party.from_dict(privacy.restore_masked(p.to_dict(), stored[i].to_dict(), viewer))
                 if i < len(stored) else p for i, p in enumerate(sent))


@use_case
def decide_intake(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/intake-decision {"decision": "send_on" | "refuse", "reason"}."""
    reason = text(body.get("reason"), "reason", max_length=REFUSAL_MAX)
    case = load_case(deps, principal, "case.intake", case_id)
    if case.decide_intake(body.get("decision"), reason, deps.clock(), principal.subject):
        commit(deps, case)
    return {**summary(case), "intake_decision": case.intake_decision}
