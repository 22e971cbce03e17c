"""Domain events: what happened to a case (past tense). Services turn them into messages."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Event:
    case_id: str

    @property
    def name(self) -> str:
        return type(self).__name__

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CaseReceived(Event):
    source: str


@dataclass(frozen=True)
class AssignmentRequested(Event):
    """The case needs a mediator: on intake, after a decline or an unanswered assignment."""


@dataclass(frozen=True)
class MediatorAssigned(Event):
    mediator_id: str


@dataclass(frozen=True)
class MediatorReleased(Event):
    """The mediator's capacity is free again (declined, replaced or mediation ended)."""

    mediator_id: str


@dataclass(frozen=True)
class CaseAccepted(Event):
    mediator_id: str


@dataclass(frozen=True)
class MediationEnded(Event):
    """settled, failed or terminated (调解成功 / 调解不成 / 终止调解)."""

    result: str
    reason: str | None = None


@dataclass(frozen=True)
class ConfirmationRequested(Event):
    pass


@dataclass(frozen=True)
class ConfirmationRuled(Event):
    ruling: str


@dataclass(frozen=True)
class CaseFiled(Event):
    court_case_number: str | None


@dataclass(frozen=True)
class CaseClosed(Event):
    """The organization closed the matter (performed without confirmation, or after filing)."""
