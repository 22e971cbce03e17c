"""Domain events: what happened to a case (past tense).

The unit of work turns each into the messages it causes, through one table
(chalicelib.services.unit_of_work.MESSAGES) that names every event here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    case_id: str


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
class MediatorReplaced(Event):
    """The organization reassigned the case from one mediator to another."""

    released: str
    assigned: str
    reason: str


@dataclass(frozen=True)
class ApplicationRefused(Event):
    """The organization refused a public application at intake (不予受理); the party is told why."""

    reason: str


@dataclass(frozen=True)
class CaseAccepted(Event):
    mediator_id: str


@dataclass(frozen=True)
class MediationEnded(Event):
    """settled, failed or terminated (调解成功 / 调解不成 / 终止调解)."""

    result: str
    reason: str | None = None
    ground: str | None = None  # the Art.25 ground of a termination (chalicelib.domain.termination)


@dataclass(frozen=True)
class MediationExtended(Event):
    """Every party agreed to extend the time limit (在线调解规则 Art.24)."""

    days: int
    new_deadline: str
    agreed_by: tuple[str, ...]


@dataclass(frozen=True)
class ConfirmationRequested(Event):
    """The joint application (or the request for a 调解书) is rendered and goes to the court."""

    document: str
    document_html: str
    sha256: str
    court_choice: dict | None = None  # the court the parties chose and their consents (CONTRACT R2)
    intermediate_court: dict | None = None  # why the dispute is an intermediate court's (Art.205)
    materials: tuple[dict, ...] = ()  # 民诉法解释 Art.354: the signed agreement (link, SHA-256)


@dataclass(frozen=True)
class ConfirmationRuled(Event):
    ruling: str


@dataclass(frozen=True)
class CaseFiled(Event):
    court_case_number: str | None


@dataclass(frozen=True)
class IntegrityReferred(Event):
    """The organization referred a case held for integrity review to the court (恶意串通、虚假调解, issue 13)."""

    signals: tuple[dict, ...]
    note: str | None


@dataclass(frozen=True)
class CaseClosed(Event):
    """The organization closed the matter (performed without confirmation, or after filing)."""
