"""Cases in DynamoDB: conversion to and from the domain, one transaction per change.

A change writes, in a single TransactWriteItems: the case (conditioned on its
version, or on not existing), its new history entries (append-only), the
processed-event record of the webhook that caused it, and the mediator's
capacity counter when a mediator is reserved or released. Either all of it
happens or none of it.
"""
from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.exceptions import CaseExists, DuplicateEvent, MediatorFull, StaleCase
from chalicelib.adapters.models import CaseModel, HistoryModel, ProcessedEventModel, RosterModel, connection
from chalicelib.domain.case import Case
from chalicelib.domain.parties import parties_from
from chalicelib.errors import PayloadTooLarge

_TOP_LEVEL = ("case_id", "status", "created_at", "updated_at", "court_id", "mediator_id", "org_id",
              "dispute_category", "version")
_TRANSIENT = ("history", "events")
# DynamoDB refuses items over 400 KB; the JSON of the item slightly overstates its stored size, and the
# margin leaves room for the history written beside it.
MAX_CASE_BYTES = 380_000
LIST_INDEXES = {"status": "status_index", "court_id": "court_index", "mediator_id": "mediator_index",
                "org_id": "org_index", "category": "category_index"}


@dataclass(frozen=True)
class ProcessedEvent:
    """Remember an event id inside the same transaction as the change it caused."""

    event_key: str
    expiration: datetime


@dataclass(frozen=True)
class CapacityChange:
    reserve: str | None = None  # mediator id gaining a case
    release: tuple[str, ...] = ()  # mediator ids freed
    now: str | None = None


class CaseRepository:
    def get(self, case_id: str) -> Case | None:
        try:
            return to_case(CaseModel.get(case_id, consistent_read=True))
        except CaseModel.DoesNotExist:
            return None

    def outbox(self, case_id: str) -> tuple[list[dict], bool]:
        """The messages of the case's last change, and whether sending them is known to have failed."""
        try:
            model = CaseModel.get(case_id, consistent_read=True, attributes_to_get=["outbox", "outbox_unsent"])
        except CaseModel.DoesNotExist:
            return [], False
        return model.outbox or [], bool(model.outbox_unsent)

    def mark_outbox(self, case_id: str, unsent: bool) -> None:
        """Flag (or clear) a failed send without touching the version: no change to the case itself."""
        action = CaseModel.outbox_unsent.set(True) if unsent else CaseModel.outbox_unsent.remove()
        CaseModel._get_connection().update_item(case_id, actions=[action], condition=CaseModel.case_id.exists())

    def unsent_since(self, status: str, since: str):
        """Cases in a status, changed since `since`, whose last messages were not sent."""
        for model in CaseModel.status_index.query(status, CaseModel.updated_at >= since,
                                                  filter_condition=CaseModel.outbox_unsent.exists()):
            yield model.case_id

    def commit(self, case: Case, *, new: bool = False, outbox: list[dict] | None = None,
               capacity: CapacityChange = CapacityChange(), processed: ProcessedEvent | None = None) -> None:
        model = to_model(case, outbox)
        _check_size(model)
        sequence = (case.version or 0) + 1  # orders entries written within the same second
        history = [_history_model(case.case_id, entry, f"{sequence:06d}{i:02d}") for i, entry in enumerate(case.history)]
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(model, condition=CaseModel.case_id.does_not_exist() if new else None)
                for entry in history:
                    tx.save(entry, condition=HistoryModel.entry_id.does_not_exist())
                if processed:
                    tx.save(ProcessedEventModel(processed.event_key, expiration=processed.expiration,
                                                case_id=case.case_id),
                            condition=ProcessedEventModel.id.does_not_exist())
                _capacity_updates(tx, capacity)
        except TransactWriteError as err:
            raise _explain(err, new=new, history=len(history), processed=processed is not None,
                           case_id=case.case_id) from err
        case.version = model.version
        case.history = []

    def list(self, key: str, value: str, *, filters: dict | None = None, limit: int = 20,
             cursor: str | None = None) -> tuple[list[Case], str | None]:
        """Newest first, through the GSI for `key`, keeping items whose top-level attributes
        equal `filters`; `cursor` continues a previous page."""
        index = getattr(CaseModel, LIST_INDEXES[key])
        start = decode_cursor(cursor)
        if start is not None and set(start) != {"case_id", *_index_keys(index)}:
            raise ValueError("the cursor is not one this API returned for this query")
        condition = None
        for name, wanted in (filters or {}).items():
            clause = getattr(CaseModel, name) == wanted
            condition = clause if condition is None else condition & clause
        pages = index.query(value, scan_index_forward=False, limit=limit, filter_condition=condition,
                            last_evaluated_key=start)
        cases = [to_case(m) for m in pages]
        return cases, encode_cursor(pages.last_evaluated_key)

    def in_status(self, status: str, updated_before: str | None = None):
        """Every case in a status (all pages), optionally only those last changed before a time."""
        condition = CaseModel.updated_at < updated_before if updated_before else None
        for model in CaseModel.status_index.query(status, condition):
            yield to_case(model)

    def history(self, case_id: str) -> list[dict]:
        return [{"at": h.at, "actor": h.actor, "from_status": h.from_status, "to_status": h.to_status,
                 "reason": h.reason} for h in HistoryModel.query(case_id)]


def _check_size(model: CaseModel) -> None:
    """Refuse, with a clear error and before writing anything, a case DynamoDB could not store."""
    size = len(json.dumps(model.serialize(), ensure_ascii=False).encode("utf-8"))
    if size > MAX_CASE_BYTES:
        raise PayloadTooLarge(
            f"the case would take {size // 1000} KB, more than the {MAX_CASE_BYTES // 1000} KB a case record "
            "holds; shorten the facts, claims, terms or records (案件内容过长)", code="case_too_large")


def _capacity_updates(tx: TransactWrite, change: CapacityChange) -> None:
    if change.reserve:
        tx.update(RosterModel(f"MEDIATOR#{change.reserve}"),
                  actions=[RosterModel.active_load.add(1), RosterModel.last_assigned_at.set(change.now)],
                  condition=(RosterModel.active_load < RosterModel.capacity) & (RosterModel.status == "active"))
    for mediator_id in change.release:
        # Exactly once per release: it commits with the case version bump that caused it.
        tx.update(RosterModel(f"MEDIATOR#{mediator_id}"), actions=[RosterModel.active_load.add(-1)],
                  condition=RosterModel.pk.exists())


def _explain(err: TransactWriteError, *, new: bool, history: int, processed: bool, case_id: str):
    reasons = [r.code if r else None for r in (err.cancellation_reasons or [])]
    if not reasons:
        return err  # throttling or a network fault: let the caller's retry handle it
    if processed and reasons[history + 1] == "ConditionalCheckFailed":
        return DuplicateEvent(case_id)
    if reasons[0] == "ConditionalCheckFailed":
        return CaseExists(case_id) if new else StaleCase(case_id)
    if any(r == "ConditionalCheckFailed" for r in reasons[history + 1 + int(processed):]):
        return MediatorFull(case_id)
    if "TransactionConflict" in reasons:
        return StaleCase(case_id)
    return err


def _history_model(case_id: str, entry: dict, sequence: str) -> HistoryModel:
    return HistoryModel(case_id, f"{entry['at']}#{sequence}{secrets.token_hex(3)}", at=entry["at"], actor=entry["actor"],
                        from_status=entry["from_status"], to_status=entry["to_status"], reason=entry["reason"])


def to_model(case: Case, outbox: list[dict] | None) -> CaseModel:
    body = {k: v for k, v in vars(case).items() if k not in _TOP_LEVEL + _TRANSIENT}
    body["applicants"] = [p.to_dict() for p in case.applicants]
    body["respondents"] = [p.to_dict() for p in case.respondents]
    model = CaseModel(case.case_id, status=case.status, created_at=case.created_at,
                      updated_at=case.updated_at or case.created_at, court_id=case.court_id,
                      mediator_id=case.mediator_id, org_id=case.org_id,
                      dispute_category=case.dispute_category, body=body, outbox=outbox or None)
    if case.version is not None:
        model.version = case.version
    return model


def to_case(model: CaseModel) -> Case:
    body = dict(model.body)
    body["applicants"] = parties_from(body.get("applicants"))
    body["respondents"] = parties_from(body.get("respondents"))
    return Case(case_id=model.case_id, status=model.status, created_at=model.created_at,
                updated_at=model.updated_at, court_id=model.court_id, mediator_id=model.mediator_id,
                org_id=model.org_id, dispute_category=model.dispute_category, version=model.version, **body)


def encode_cursor(key: dict | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise ValueError("the cursor is not one this API returned") from None
    if not isinstance(key, dict) or not all(isinstance(v, dict) and list(v) == ["S"] and isinstance(v["S"], str)
                                            for v in key.values()):
        raise ValueError("the cursor is not one this API returned")
    return key


def _index_keys(index) -> set[str]:
    return {k["AttributeName"] for k in index._get_schema()["key_schema"]}

