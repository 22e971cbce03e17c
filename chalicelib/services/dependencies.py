"""The ports a service uses, bundled; `chalicelib.bootstrap` wires the real ones."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable


@dataclass
class Deps:
    cases: Any  # CaseRepository
    roster: Any  # RosterRepository
    documents: Any  # DocumentStore
    publisher: Any  # SqsPublisher: send(queue, body)
    notifier: Any  # CourtNotifier: post(url, secret, message)
    calendars: Any  # CalendarSource: calendar() -> WorkdayCalendar
    processed: Any  # ProcessedEvents: case_of(event_key) -> (seen, case_id)
    extract: Callable[[bytes], dict]
    render: Callable[[str, dict], Any]  # -> RenderedDocument(name, html, sha256)
    clock: Callable[[], datetime]
    processed_event_ttl_days: int = 30
    idempotency: Any = None  # IdempotencyRecords: claim / complete / release (services.idempotency)
    upload_refusals: Any = None  # UploadRefusals: refuse(upload_id, ...) / refusal(upload_id)
    party_access: Any = None  # PartyAccessStore: SMS codes and send windows
    sms: Any = None  # OutboxSms | SnsSms: send(phone, text, kind)
    reports: Any = None  # ReportsStore: statistics aggregates and the subsidy ledger (services.projections)
