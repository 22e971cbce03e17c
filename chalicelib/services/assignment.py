"""The assignment step (SQS): find a mediator for a case and reserve their capacity.

Candidates are active mediators on the court's invited roster (the
organization's roster for direct applications) with the case's specialty,
free capacity and no conflict of interest; the parties' joint choice first
(在线调解规则 Art.10, chalicelib.domain.ranking.choose), then by load and least
recently assigned; the case keeps why (`assignment_basis`). The reservation is one transaction
conditioned on the mediator's load and the case's version, so concurrent
steps never overbook: a step that loses the race re-reads and tries again.
"""
from __future__ import annotations

from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import acceptance_deadline
from chalicelib.domain.ranking import Choice, choose
from chalicelib.domain.roster import Mediator
from chalicelib.observability import logger
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import MediatorFull, StaleCase
from chalicelib.services.unit_of_work import commit, resend

MAX_ATTEMPTS = 8


class AssignmentContention(Exception):
    """Lost every race for a mediator; the message is retried later."""


def assign_mediator(deps: Deps, case_id: str) -> str | None:
    """Assign the case if it still waits; returns the mediator id, or None when none is free."""
    for _ in range(MAX_ATTEMPTS):
        case = deps.cases.get(case_id)
        if case is None:
            return None
        if case.status != st.PENDING_ASSIGNMENT:
            resend(deps, case_id)  # a redelivery: the assignment's messages may not have left
            return case.mediator_id
        choice = choose(candidate_pool(deps, case), case.dispute_category, case.parties, case.excluded_mediators,
                        case.joint_choice)
        if choice is None:
            return _no_candidate(deps, case)
        try:
            return _reserve(deps, case, choice)
        except (MediatorFull, StaleCase):
            continue
    raise AssignmentContention(case_id)


def candidate_pool(deps: Deps, case: Case) -> list[Mediator]:
    if case.court_id:
        court = deps.roster.court(case.court_id)
        return deps.roster.mediators(court.invited_roster) if court and court.invited_roster else []
    return deps.roster.organization_mediators(case.org_id) if case.org_id else []


def _reserve(deps: Deps, case: Case, choice: Choice) -> str:
    now, mediator = deps.clock(), choice.mediator
    calendar = deps.calendars.calendar()
    case.assign(mediator.mediator_id, now, acceptance_deadline(now, calendar), mediator.name, choice.basis)
    if calendar.fallback_years:
        case.flag("calendar_fallback")  # a year neither chinesecalendar nor a loaded schedule knows
        logger().warning("working days counted Monday-Friday", extra={"years": sorted(calendar.fallback_years)})
    if case.org_id is None:
        case.org_id = mediator.org_id
    commit(deps, case, must_send=True)  # the SQS step: a failed send is redelivered
    return mediator.mediator_id


def _no_candidate(deps: Deps, case: Case) -> None:
    """The case waits with a flag the admin sees; the sweep tries again later."""
    if "no_candidate" not in case.flags:
        case.note_no_candidate()
        try:
            deps.cases.commit(case)
        except StaleCase:
            pass  # someone else changed it; their change stands
    return None
