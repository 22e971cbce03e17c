"""The composition root: real adapters by default, any of them overridable (tests pass fakes)."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from chalicelib import aws
from chalicelib.services.dependencies import Deps


def bootstrap(**overrides) -> Deps:
    from chalicelib.adapters.accounts import AccountStore
    from chalicelib.adapters.calendar_source import CalendarSource
    from chalicelib.adapters.case_repository import CaseRepository
    from chalicelib.adapters.court_notifier import CourtNotifier
    from chalicelib.adapters.documents import DocumentStore
    from chalicelib.adapters.messaging import SqsPublisher
    from chalicelib.adapters.oversight_store import OversightStore
    from chalicelib.adapters.party_access import PartyAccessStore
    from chalicelib.adapters.processed_events import ProcessedEvents
    from chalicelib.adapters.reports_store import ReportsStore
    from chalicelib.adapters.request_records import IdempotencyRecords, UploadRefusals
    from chalicelib.adapters.roster_repository import RosterRepository
    from chalicelib.settings import get_settings

    roster = overrides.pop("roster", None) or RosterRepository()
    party_access = overrides.pop("party_access", None) or PartyAccessStore()
    clock = overrides.pop("clock", None) or (lambda: datetime.now(timezone.utc))
    parts = {
        "cases": CaseRepository(),
        "roster": roster,
        "documents": DocumentStore(),
        "publisher": SqsPublisher(),
        "notifier": CourtNotifier(),
        "calendars": CalendarSource(roster),
        "processed": ProcessedEvents(),
        "idempotency": IdempotencyRecords(),
        "upload_refusals": UploadRefusals(),
        "extract": _extract,
        "read_images": _read_images,
        "render": _render,
        "clock": clock,
        "processed_event_ttl_days": get_settings().processed_event_ttl_days,
        "party_access": party_access,
        "sms": _sms(party_access, clock),
        "accounts": AccountStore(),
        "oversight": OversightStore(),
        "reports": ReportsStore(),
    }
    parts.update(overrides)
    return Deps(**parts)


@lru_cache(maxsize=1)
def default_deps() -> Deps:
    """One set per warm process; dropped when the settings (and AWS clients) are reset."""
    return bootstrap()


aws.on_reset(default_deps.cache_clear)


def _sms(party_access, clock):
    """The stage's SMS sender (SMS_SENDER): the local outbox, Amazon SNS, or 阿里云短信 (`aliyun`)."""
    from chalicelib.adapters.sms import AliyunSms, OutboxSms, SnsSms
    from chalicelib.settings import get_settings

    s = get_settings()
    if s.sms_sender == "outbox":
        return OutboxSms(party_access, clock)
    if s.sms_sender == "aliyun":
        return AliyunSms(s.sms_signature, s.sms_templates)
    return SnsSms(s.sms_signature)


def _extract(data: bytes) -> dict:
    from chalicelib.extraction import extract  # pdfplumber is heavy: load it only when a PDF arrives

    return extract(data)


def _read_images(data: bytes) -> dict:
    from chalicelib.extraction import extract_with_ocr  # OCR heavier still: the upload worker's alone

    return extract_with_ocr(data)


def _render(name: str, context: dict):
    from chalicelib.rendering import render_document

    return render_document(name, context)
