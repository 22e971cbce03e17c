"""What a failed write means for the caller, in words the service layer understands."""
from __future__ import annotations


class StoreError(Exception):
    pass


class StaleCase(StoreError):
    """The case changed since it was read (optimistic lock); reload and retry."""


class CaseExists(StoreError):
    pass


class MediatorFull(StoreError):
    """The chosen mediator reached capacity (or was suspended) in the meantime."""


class DuplicateEvent(StoreError):
    """The event id was already processed."""

    def __init__(self, case_id: str | None = None):
        super().__init__(case_id)
        self.case_id = case_id
