"""The organization reassigns a case to another mediator (改派): `POST /cases/{id}/reassign`.

Needed above all for a case flagged `mediator_withdrawn` (its mediator was suspended or removed during
the mediation, services.discipline), and whenever the organization judges a change right. The admin
names the mediator, or the assignment rules choose (chalicelib.domain.ranking, the pool the case draws
from, the released mediator excluded). One transaction releases the old mediator's capacity, reserves
the new one's (conditioned on room and an active status) and writes the case: a mediator who filled up
meanwhile answers 409 `mediator_full` and nothing changes. The court hears `case.assigned`; the new
mediator is asked to accept as on any assignment; the parties and the released mediator are told by SMS.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain.deadlines import acceptance_deadline
from chalicelib.domain.ranking import choose, designate
from chalicelib.errors import Conflict, Unprocessable, use_case
from chalicelib.services.access import load_case
from chalicelib.services.assignment import candidate_pool
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import MediatorFull
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import LONG, text
from chalicelib.services.views import summary


@use_case
def reassign_case(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    reason = text(body.get("reason"), "reason", max_length=LONG, required=True)
    wanted = text(body.get("mediator_id"), "mediator_id")
    case = load_case(deps, principal, "case.reassign", case_id)
    excluded = [*case.excluded_mediators, *([case.mediator_id] if case.mediator_id else [])]
    pool = candidate_pool(deps, case)
    if wanted:
        case.require_other_mediator(wanted)
        choice = designate(pool, wanted, case.dispute_category, case.parties, excluded)
    else:
        choice = choose(pool, case.dispute_category, case.parties, excluded)
        if choice is None:
            raise Unprocessable("no other mediator on the case's roster is free and eligible; name one or add "
                                "capacity", code="no_candidate")
    now, calendar = deps.clock(), deps.calendars.calendar()
    released = case.reassign(choice.mediator.mediator_id, now, acceptance_deadline(now, calendar), principal.subject,
                             reason, mediator_name=choice.mediator.name, basis=choice.basis)
    try:
        commit(deps, case)
    except MediatorFull:
        raise Conflict(f"{choice.mediator.mediator_id} has no room any more; choose again",
                       code="mediator_full") from None
    return {**summary(case), "released": released, "assignment_basis": case.assignment_basis}
