"""Domain errors: plain exceptions the service layer maps to HTTP answers."""
from __future__ import annotations


class DomainError(Exception):
    """A rule of the case lifecycle was broken; `code` is stable for clients."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        if code:
            self.code = code


class InvalidTransition(DomainError):
    code = "invalid_transition"


class InvalidValue(DomainError, ValueError):
    """A value of the wrong form for its rule (a party without a name, a callback URL the platform may not
    call); also a ValueError, as parsing code expects."""

    code = "invalid_value"


class RuleViolation(DomainError):
    """Well-formed but against a rule (a missing failure record, an extension not all agreed)."""

    code = "rule_violation"


class ChoiceConflict(DomainError):
    """Contradicts what another party already chose (a court other than the one they joined): 409."""

    code = "choice_conflict"
