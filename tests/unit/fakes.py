"""In-memory fakes of the lifecycle's ports, one per port (Cosmic Python style)."""
from __future__ import annotations

import copy
from datetime import datetime, timezone

from chalicelib.domain.case import Case
from chalicelib.domain.roster import Court, Mediator, Organization
from chalicelib.domain.workdays import WorkdayCalendar
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import (
    CapacityChange,
    CaseExists,
    DuplicateEvent,
    MediatorFull,
    Outbox,
    StaleCase,
    StaleRecord,
)


class FakeRoster:
    def __init__(self, mediators=(), courts=(), organizations=()):
        self.mediators_by_id = {m.mediator_id: m for m in mediators}
        self.courts = {c.court_id: c for c in courts}
        self.organizations = {o.org_id: o for o in organizations}
        self.full_once: set[str] = set()  # mediators that fill up just before the next reservation
        self.calendars: dict[int, object] = {}

    def court(self, court_id: str, fresh: bool = False) -> Court | None:
        return copy.deepcopy(self.courts.get(court_id))

    def save_court(self, court: Court) -> None:
        self.courts[court.court_id] = copy.deepcopy(court)

    def organization(self, org_id: str, fresh: bool = False) -> Organization | None:
        return copy.deepcopy(self.organizations.get(org_id))

    def save_organization(self, org: Organization) -> None:
        self.organizations[org.org_id] = copy.deepcopy(org)

    def add_mediator(self, mediator: Mediator) -> bool:
        if mediator.mediator_id in self.mediators_by_id:
            return False
        self.mediators_by_id[mediator.mediator_id] = copy.deepcopy(mediator)
        return True

    def edit_mediator(self, mediator: Mediator) -> bool:
        stored = self.mediators_by_id.get(mediator.mediator_id)
        if stored is None or stored.status == "removed":
            return False
        self.mediators_by_id[mediator.mediator_id] = copy.deepcopy(Mediator(**{
            **vars(mediator), "status": stored.status, "active_load": stored.active_load,
            "last_assigned_at": stored.last_assigned_at}))
        return True

    def calendar(self, year: int):
        return self.calendars.get(year)

    def save_calendar(self, schedule) -> None:
        self.calendars[schedule.year] = schedule

    def mediator(self, mediator_id: str) -> Mediator | None:
        return copy.deepcopy(self.mediators_by_id.get(mediator_id))

    def mediators(self, ids):
        return [copy.deepcopy(self.mediators_by_id[i]) for i in sorted(set(ids)) if i in self.mediators_by_id]

    def organization_mediators(self, org_id: str):
        return [copy.deepcopy(m) for m in self.mediators_by_id.values() if m.org_id == org_id]

    def apply(self, change: CapacityChange) -> None:
        if change.reserve:
            mediator = self.mediators_by_id[change.reserve]
            if change.reserve in self.full_once:
                self.full_once.discard(change.reserve)
                mediator.active_load = mediator.capacity
            if not mediator.has_room:
                raise MediatorFull(change.reserve)
            mediator.active_load += 1
            mediator.last_assigned_at = change.now
        for mediator_id in change.release:
            self.mediators_by_id[mediator_id].active_load -= 1


class FakeCases:
    def __init__(self, roster: FakeRoster):
        self.roster = roster
        self.items: dict[str, dict] = {}
        self.processed: dict[str, str] = {}

    def get(self, case_id: str) -> Case | None:
        item = self.items.get(case_id)
        return copy.deepcopy(item["case"]) if item else None

    def commit(self, case: Case, *, new=False, outbox=None, pending_since=None, capacity=CapacityChange(),
               processed=None):
        stored = self.items.get(case.case_id)
        if new and stored:
            raise CaseExists(case.case_id)
        if not new and (stored is None or stored["case"].version != case.version):
            raise StaleCase(case.case_id)
        if processed and processed.event_key in self.processed:
            raise DuplicateEvent(case.case_id)
        self.roster.apply(capacity)  # raises before anything is stored, like the transaction
        if processed:
            self.processed[processed.event_key] = case.case_id
        history = (stored or {}).get("history", []) + case.history
        carried, since = (stored["outbox"], stored["since"]) if stored and stored["since"] else ([], None)
        messages = carried + [m for m in outbox or [] if m not in carried]
        case.version, case.history = (case.version or 0) + 1, []
        self.items[case.case_id] = {"case": copy.deepcopy(case), "outbox": messages,
                                    "since": since or pending_since, "history": history}
        stored = self.outbox(case.case_id)
        return Outbox(stored.case_id, stored.version, stored.messages, stored.pending, carried=bool(carried))

    def outbox(self, case_id: str) -> Outbox:
        item = self.items.get(case_id)
        if item is None:
            return Outbox(case_id, None, [], False)
        return Outbox(case_id, item["case"].version, item["outbox"], item["since"] is not None)

    def sent(self, outbox: Outbox) -> None:
        item = self.items[outbox.case_id]
        if item["case"].version == outbox.version:
            item["since"] = None

    def history(self, case_id: str):
        return list(self.items.get(case_id, {}).get("history", []))

    def in_status(self, status: str, updated_before: str | None = None):
        return [copy.deepcopy(i["case"]) for i in self.items.values()
                if i["case"].status == status and (updated_before is None or i["case"].updated_at < updated_before)]

    def unsent_before(self, before: str):
        return [i["case"].case_id for i in self.items.values() if i["since"] and i["since"] < before]


class FakePublisher:
    def __init__(self):
        self.sent: list[tuple[str, dict]] = []

    def send(self, queue: str, body: dict, delay_seconds: int = 0) -> None:
        self.sent.append((queue, body))

    def take(self, queue: str) -> list[dict]:
        mine = [b for q, b in self.sent if q == queue]
        self.sent = [(q, b) for q, b in self.sent if q != queue]
        return mine


class FakeCalendars:
    def calendar(self) -> WorkdayCalendar:
        return WorkdayCalendar(builtin=lambda day: day.weekday() < 5)


class FakePartyAccess:
    """Codes and send windows in dicts, with the store's version checks."""

    def __init__(self):
        self.items: dict[str, tuple[object, int]] = {}

    def code(self, key):
        return self.items.get(f"CODE#{key}")

    def put_code(self, key, code):
        self.items[f"CODE#{key}"] = (code, self.items.get(f"CODE#{key}", (None, 0))[1] + 1)

    def update_code(self, key, code, version):
        if self.items.get(f"CODE#{key}", (None, None))[1] != version:
            raise StaleRecord(key)
        self.items[f"CODE#{key}"] = (code, version + 1)

    def windows(self, keys):
        from chalicelib.domain.party_codes import SendWindow

        return {k: self.items.get(f"SENDS#{k}", (SendWindow(limit), None)) for k, limit in keys.items()}

    def save_windows(self, windows, now):
        for key, (window, version) in windows.items():
            self.items[f"SENDS#{key}"] = (window, (version or 0) + 1)


class FakeSms:
    def __init__(self):
        self.sent: list[tuple[str, str, str]] = []  # (phone, text, kind)

    def send(self, phone: str, text: str, kind: str, params: dict | None = None) -> None:
        self.sent.append((phone, text, kind))

    def last_code(self, phone: str) -> str:
        import re

        return next(re.search(r"\d{6}", t).group() for p, t, k in reversed(self.sent) if p == phone and k == "code")


class FakeRecords:
    """IdempotencyRecords in memory: claim once per key until released; a done key answers its record."""

    def __init__(self):
        self.records: dict[str, dict] = {}

    def claim(self, key, fingerprint, now, expires, lock):
        earlier = self.records.get(key)
        if earlier is not None:
            return earlier
        self.records[key] = {"state": "in_progress", "fingerprint": fingerprint, "answer": None}
        return None

    def complete(self, key, fingerprint, expires, answer):
        self.records[key] = {"state": "done", "fingerprint": fingerprint, "answer": answer}

    def release(self, key, fingerprint, now):
        self.records.pop(key, None)


def fake_deps(roster: FakeRoster, now=datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc), **overrides) -> Deps:
    parts = dict(cases=FakeCases(roster), roster=roster, documents=None, publisher=FakePublisher(),
                 notifier=None, calendars=FakeCalendars(), processed=None, extract=None, render=None,
                 clock=lambda: now, party_access=FakePartyAccess(), sms=FakeSms(),
                 idempotency=FakeRecords())
    parts.update(overrides)
    return Deps(**parts)


