"""The ports a service uses, bundled (chalicelib.services.ports); `chalicelib.bootstrap` wires the real ones."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.services import ports


@dataclass
class Deps:
    cases: ports.Cases
    roster: ports.Roster
    documents: ports.Documents
    publisher: ports.Publisher
    notifier: ports.CourtNotifier
    calendars: ports.Calendars
    processed: ports.ProcessedEvents
    extract: ports.Extract
    render: ports.Render
    clock: ports.Clock
    processed_event_ttl_days: int = 30
    idempotency: ports.IdempotencyRecords | None = None
    upload_refusals: ports.UploadRefusals | None = None
    party_access: ports.PartyAccess | None = None
    sms: ports.Sms | ports.SmsOutbox | None = None
    accounts: ports.Accounts | None = None
    read_images: ports.Extract | None = None  # extract, then OCR of image-only pages (the upload worker only)
    oversight: ports.Oversight | None = None
    reports: ports.Reports | None = None
