"""The ports: what the services need from the outside world, as `typing.Protocol`s.

Services import this module, never `chalicelib.adapters`; the adapters (DynamoDB, S3, SQS, SNS, HTTPS)
implement these protocols structurally and raise the exceptions below, and `chalicelib.bootstrap` alone
knows both sides. The value objects that cross the boundary live here too, so importing a service loads
neither pynamodb nor botocore (the unit fakes implement the same protocols in memory).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Iterable, Protocol

if TYPE_CHECKING:
    from decimal import Decimal

    from chalicelib.domain.accounts import Account, FailureWindow, Link
    from chalicelib.domain.case import Case
    from chalicelib.domain.party_codes import IssuedCode, SendWindow
    from chalicelib.domain.roster import Court, Mediator, Organization
    from chalicelib.domain.workdays import WorkdayCalendar, YearSchedule


# ---------------------------------------------------------------- store exceptions


class StoreError(Exception):
    """A write the store refused for a reason the caller can act on."""


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


class StaleRecord(StoreError):
    """A party-access record (code, send window) changed between our read and our write: read again."""


class AccountExists(StoreError):
    """The username is taken."""


class DeliveryFailed(Exception):
    """The court did not take the notification; the message will be retried."""


# ---------------------------------------------------------------- value objects


@dataclass(frozen=True)
class ProcessedEvent:
    """Remember an event id inside the same transaction as the change it caused."""

    event_key: str
    expiration: datetime


@dataclass(frozen=True)
class Outbox:
    """The messages stored on a case at one version, and whether they are marked pending."""

    case_id: str
    version: int | None
    messages: list[dict]
    pending: bool
    carried: bool = False  # some are an earlier change's, still unsent: the sweep sends them


@dataclass(frozen=True)
class CapacityChange:
    reserve: str | None = None  # mediator id gaining a case
    release: tuple[str, ...] = ()  # mediator ids freed
    now: str | None = None


class Rendered(Protocol):
    """A rendered document (chalicelib.rendering.RenderedDocument)."""

    name: str
    html: str
    sha256: str  # of the UTF-8 bytes, as stored beside the S3 object

    @property
    def body(self) -> bytes:
        """The HTML's UTF-8 bytes, as stored."""


# ---------------------------------------------------------------- ports


class Cases(Protocol):
    """Cases, their history and their outbox (one transaction per change)."""

    def get(self, case_id: str) -> Case | None: ...

    def commit(self, case: Case, *, new: bool = False, outbox: list[dict] | None = None,
               pending_since: str | None = None, capacity: CapacityChange = CapacityChange(),
               processed: ProcessedEvent | None = None) -> Outbox:
        """Write the change or nothing: StaleCase, CaseExists, MediatorFull or DuplicateEvent."""

    def outbox(self, case_id: str) -> Outbox: ...

    def sent(self, outbox: Outbox) -> None: ...

    def unsent_before(self, before: str) -> Iterable[str]: ...

    def list(self, key: str, value: str, *, filters: dict | None = None, limit: int = 20,
             cursor: str | None = None) -> tuple[list[Case], str | None]: ...

    def in_status(self, status: str, updated_before: str | None = None) -> Iterable[Case]: ...

    def history(self, case_id: str) -> list[dict]: ...


class Roster(Protocol):
    """Courts, organizations, mediators and loaded holiday schedules."""

    def court(self, court_id: str, *, fresh: bool = False) -> Court | None: ...

    def save_court(self, court: Court) -> None: ...

    def organization(self, org_id: str, *, fresh: bool = False) -> Organization | None: ...

    def save_organization(self, org: Organization) -> None: ...

    def mediators(self, mediator_ids: list[str]) -> list[Mediator]: ...

    def organization_mediators(self, org_id: str) -> list[Mediator]: ...

    def add_mediator(self, mediator: Mediator) -> bool:
        """False when the id is taken (the existing one is kept)."""

    def mediator(self, mediator_id: str) -> Mediator | None: ...

    def edit_mediator(self, mediator: Mediator) -> bool:
        """The profile and capacity written, status and load untouched; False when it was removed meanwhile."""

    def calendar(self, year: int) -> YearSchedule | None: ...

    def save_calendar(self, schedule: YearSchedule) -> None: ...


class Documents(Protocol):
    """Uploaded PDFs and rendered HTML, by key."""

    def put(self, key: str, data: bytes, content_type: str) -> str: ...

    def get(self, key: str) -> bytes: ...

    def copy(self, source: str, target: str) -> str: ...

    def get_with_metadata(self, key: str) -> tuple[bytes, dict]: ...

    def presigned_pdf_post(self, key: str, metadata: dict | None = None) -> dict: ...

    def presigned_get(self, key: str, seconds: int = ..., filename: str | None = None) -> str:
        """A credential-free link to one stored object for `seconds`; shown in place under `filename`."""


class Publisher(Protocol):
    """Messages onto the named queues (assignment, outcome, notifications, uploads)."""

    def send(self, queue: str, body: dict, delay_seconds: int = 0) -> None: ...

    def delay_redelivery(self, queue_arn: str, receipt_handle: str, seconds: int) -> None: ...


class CourtNotifier(Protocol):
    """Signed POSTs to a court's callback_url (CONTRACT §3)."""

    def vet(self, url: str) -> None:
        """UnsafeCallback (chalicelib.domain.callbacks) unless the URL may be called."""

    def post(self, url: str, secret: str, message: dict) -> None:
        """DeliveryFailed when the court did not take it."""


class Calendars(Protocol):
    def calendar(self) -> WorkdayCalendar: ...


class ProcessedEvents(Protocol):
    def case_of(self, event_key: str) -> tuple[bool, str | None]:
        """(seen, case_id) for an event key."""


class IdempotencyRecords(Protocol):
    """Idempotency-Key answers: claim the key, complete it with the answer, or release it."""

    def claim(self, key: str, fingerprint: str, now: datetime, expires: datetime,
              lock: timedelta) -> dict | None: ...

    def complete(self, key: str, fingerprint: str, expires: datetime, answer: dict) -> None: ...

    def release(self, key: str, fingerprint: str, now: datetime) -> None: ...


class UploadRefusals(Protocol):
    def refuse(self, upload_id: str, error: dict, token_hash: str | None, now: datetime,
               ttl: timedelta) -> None: ...

    def refusal(self, upload_id: str) -> dict | None: ...


class PartyAccess(Protocol):
    """Parties' SMS codes and send windows; writes raise StaleRecord when the item changed meanwhile."""

    def code(self, key: str) -> tuple[IssuedCode, int] | None: ...

    def put_code(self, key: str, code: IssuedCode) -> None: ...

    def update_code(self, key: str, code: IssuedCode, version: int) -> None: ...

    def windows(self, keys: dict[str, int]) -> dict[str, tuple[SendWindow, int | None]]: ...

    def save_windows(self, windows: dict[str, tuple[SendWindow, int | None]], now: datetime) -> None: ...


class Sms(Protocol):
    """Text messages (短信) to parties' phones."""

    def send(self, phone: str, text: str, kind: str) -> None: ...


class SmsOutbox(Sms, Protocol):
    """The local stage's sender also lists what it kept (GET /_local/messages)."""

    def messages(self, phone: str) -> list[dict]: ...


class Clock(Protocol):
    def __call__(self) -> datetime: ...


class Extract(Protocol):
    def __call__(self, data: bytes) -> dict: ...


class Render(Protocol):
    def __call__(self, name: str, context: dict) -> Rendered: ...


class Accounts(Protocol):
    """Staff accounts, their set-password links and sign-in failure windows (chalicelib.adapters.accounts)."""

    def account(self, username: str) -> tuple[Account, int] | None: ...

    def live_generation(self, username: str) -> int | None: ...

    def save(self, account: Account, version: int | None) -> None: ...

    def save_with_link(self, account: Account, version: int | None, link: Link) -> None: ...

    def organization_accounts(self, org_id: str, *, limit: int = 20,
                              cursor: str | None = None) -> tuple[list[Account], str | None]:
        """In username order; ValueError for a cursor of another list."""

    def link(self, digest: str) -> Link | None: ...

    def failures(self, keys: dict[str, int]) -> dict[str, tuple[FailureWindow, int | None]]: ...

    def save_failures(self, windows: dict[str, tuple[FailureWindow, int | None]], now: datetime) -> None: ...


class Oversight(Protocol):
    """Performance files, sanctions, court reports and integrity lookups (chalicelib.adapters.oversight_store)."""

    def put(self, pk: str, sk: str, body: dict, *, only_new: bool = False, state: str | None = None) -> bool: ...

    def put_many(self, rows: list[tuple[str, str, dict]]) -> None: ...

    def get(self, pk: str, sk: str) -> tuple[dict, str | None] | None: ...

    def query(self, pk: str, prefix: str = "") -> list[dict]: ...

    def page(self, pk: str, prefix: str, *, state: str | None = None, limit: int = 20,
             cursor: str | None = None) -> tuple[list[dict], str | None]:
        """Newest first; ValueError for a cursor of another list."""

    def settle_state(self, pk: str, sk: str, expected: str, state: str, body: dict) -> bool: ...


class Reports(Protocol):
    """Statistics aggregates and the subsidy ledger (chalicelib.adapters.reports_store)."""

    def add_facts(self, case_id: str, version: int, scopes: list[str], month: str, counts: dict[str, int],
                  lists: dict[str, list], firsts: dict[str, str] | None = None) -> bool: ...

    def months(self, scope: str, first: str, last: str) -> dict[str, dict]: ...

    def earn(self, *, org_id: str, month: str, case_id: str, version: int, rule_id: str, amount: Decimal,
             mediator_id: str | None, court_id: str | None, source: str, at: str) -> bool: ...

    def reverse(self, *, case_id: str, month: str, version: int, at: str) -> bool: ...

    def ledger(self, org_id: str, first: str, last: str) -> list: ...

    def closed_periods(self, org_id: str, first: str, last: str | None = None) -> dict[str, dict]: ...

    def close_period(self, org_id: str, period: str, closed_by: str, at: str) -> dict: ...

    def earned_by(self, mediator_id: str) -> Decimal: ...
