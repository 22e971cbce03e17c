"""Any sequence of commands keeps the case inside its transition table and its capacity accounting exact."""
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import events as ev
from chalicelib.domain import status
from chalicelib.domain.case import Case
from chalicelib.domain.exceptions import DomainError
from chalicelib.domain.parties import Party

NOW = datetime(2026, 3, 2, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=3)
RECORD = {"basic_facts": "a", "reasons": "b", "disputed_points": "c"}

COMMANDS = {
    "request_assignment": lambda c: c.request_assignment(NOW),
    "assign": lambda c: c.assign(f"m{len(c.excluded_mediators)}", NOW, LATER),
    "accept": lambda c: c.accept(c.mediator_id, NOW, LATER, []),
    "decline": lambda c: c.decline(c.mediator_id, "conflict", NOW),
    "replace_unanswered": lambda c: c.replace_unanswered(NOW),
    "settle": lambda c: c.settle({"terms": ["x"]}, NOW),
    "fail": lambda c: c.fail("no agreement", RECORD, NOW),
    "terminate": lambda c: c.terminate("time_limit", NOW, "system"),
    "consent_a": lambda c: c.consent("甲", NOW),
    "consent_b": lambda c: c.consent("乙", NOW),
    "confirm": lambda c: c.rule("confirmed", "n", None, NOW),
    "reject": lambda c: c.rule("rejected", "n", "r", NOW),
    "mediate_again": lambda c: c.mediate_again(NOW, "party:甲"),
    "file": lambda c: c.file("n", NOW),
    "close": lambda c: c.close("done", NOW, "admin"),
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(COMMANDS)), max_size=25))
def test_commands_never_leave_the_table_and_capacity_balances(commands):
    case = Case.open("C1", NOW, "party", source="party", procedure="pre_filing", dispute_category="contract",
                     applicants=(Party("甲"),), respondents=(Party("乙"),))
    held = 0
    for name in commands:
        try:
            COMMANDS[name](case)
        except DomainError:
            pass  # refused: nothing may have changed, checked below through the events
        for event in case.take_events():
            held += isinstance(event, ev.MediatorAssigned) - isinstance(event, ev.MediatorReleased)
        assert held == (1 if case.status in status.HOLDS_MEDIATOR else 0)
    for entry in case.history[1:]:
        assert entry["to_status"] == entry["from_status"] or status.can_move(entry["from_status"], entry["to_status"])
