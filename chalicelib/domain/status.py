"""Case statuses (CONTRACT §3) and the transitions between them.

After `confirmation_rejected` (驳回申请) the parties may mediate again — with the
same mediator (`mediating`) or a new one (`pending_assignment`) — or sue
(`filed`), or let the matter rest (`closed`). A settled case the parties
performed without confirmation is `closed`.
"""
from __future__ import annotations

RECEIVED = "received"
PENDING_ASSIGNMENT = "pending_assignment"
ASSIGNED = "assigned"
MEDIATING = "mediating"
SETTLED = "settled"
CONFIRMATION_REQUESTED = "confirmation_requested"
CONFIRMED = "confirmed"
CONFIRMATION_REJECTED = "confirmation_rejected"
FAILED = "failed"
TERMINATED = "terminated"
FILED = "filed"
CLOSED = "closed"

TRANSITIONS: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({PENDING_ASSIGNMENT, TERMINATED, CLOSED}),  # closed: refused at intake (不予受理)
    PENDING_ASSIGNMENT: frozenset({ASSIGNED, TERMINATED}),
    ASSIGNED: frozenset({MEDIATING, PENDING_ASSIGNMENT, TERMINATED}),
    MEDIATING: frozenset({SETTLED, FAILED, TERMINATED, PENDING_ASSIGNMENT}),  # a party asks for another mediator
    SETTLED: frozenset({CONFIRMATION_REQUESTED, FILED, CLOSED}),
    CONFIRMATION_REQUESTED: frozenset({CONFIRMED, CONFIRMATION_REJECTED}),
    CONFIRMED: frozenset({CLOSED}),
    CONFIRMATION_REJECTED: frozenset({MEDIATING, PENDING_ASSIGNMENT, FILED, CLOSED}),
    FAILED: frozenset({FILED, CLOSED}),
    TERMINATED: frozenset({FILED, CLOSED}),
    FILED: frozenset({CLOSED}),
    CLOSED: frozenset(),
}

ALL = tuple(TRANSITIONS)
# A mediator's capacity is held from assignment until the mediation ends.
HOLDS_MEDIATOR = frozenset({ASSIGNED, MEDIATING})
# The matter is over for the platform (a party's token lives on for a while after, see Case.party_for_token):
# confirmed by the court, failed or terminated (the court files or the parties sue), filed, closed. A rejected
# confirmation is not an end: the parties may mediate again.
ENDED = frozenset({CONFIRMED, FAILED, TERMINATED, FILED, CLOSED})


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
