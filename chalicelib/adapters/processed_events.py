"""Processed-event records (webhook event ids) in the events table."""
from __future__ import annotations

from chalicelib.adapters.models import ProcessedEventModel


class ProcessedEvents:
    def case_of(self, event_key: str) -> tuple[bool, str | None]:
        """(seen, case_id) for an event key."""
        try:
            record = ProcessedEventModel.get(event_key, consistent_read=True)
        except ProcessedEventModel.DoesNotExist:
            return False, None
        return True, record.case_id
