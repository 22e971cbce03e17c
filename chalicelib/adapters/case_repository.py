"""Cases in DynamoDB: conversion to and from the domain, one transaction per change.

A change writes, in a single TransactWriteItems: the case (conditioned on its
version, or on not existing), its new history entries (append-only), the
processed-event record of the webhook that caused it, and the mediator's
capacity counter when a mediator is reserved or released. Either all of it
happens or none of it.

The case item is also the outbox: it stores the messages the change causes and,
when they must not be lost, marks them pending (`outbox_pending`, `outbox_since`)
in that same write; `sent` removes the mark once they have left. The mark keys a
sparse index (`outbox-index`, keys only), so the sweep finds every case with
unsent messages with one Query. A change written over a case whose messages are
still pending carries them along, mark and all (a whole-item put would otherwise
drop them); the sweep sends them, so a function only ever sends what its own
change causes (and needs send rights on those queues alone).
"""
from __future__ import annotations

import base64
import json
import secrets

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.models import CaseModel, HistoryModel, ProcessedEventModel, RosterModel, connection
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.parties import parties_from
from chalicelib.errors import PayloadTooLarge
from chalicelib.services.ports import (
    CapacityChange,
    CaseExists,
    DuplicateEvent,
    MediatorFull,
    Outbox,
    ProcessedEvent,
    StaleCase,
)

_TOP_LEVEL = ("case_id", "status", "created_at", "updated_at", "court_id", "mediator_id", "org_id",
              "dispute_category", "version")
_TRANSIENT = ("history", "events")
# DynamoDB refuses items over 400 KB; the JSON of the item slightly overstates its stored size, and the
# margin leaves room for the history written beside it.
MAX_CASE_BYTES = 380_000
PENDING = "pending"  # the one hash key of outbox-index: a single Query lists every case with unsent messages
LIST_INDEXES = {"status": "status_index", "court_id": "court_index", "mediator_id": "mediator_index",
                "org_id": "org_index", "category": "category_index", "deadline": "deadline_index"}
NO_DEADLINE = "~"  # next_deadline of an open case without one: after every ISO date in the deadline order
ASCENDING = frozenset({"deadline"})  # the nearest deadline first; the other lists newest first


class CaseRepository:
    def __init__(self):
        # (case id, version) -> (pending messages, since) of cases read while their messages were unsent,
        # so the next change of that version carries them; dropped when that change is written.
        self._unsent: dict[tuple[str, int], tuple[list[dict], str]] = {}

    def get(self, case_id: str) -> Case | None:
        try:
            return self._loaded(CaseModel.get(case_id, consistent_read=True))
        except CaseModel.DoesNotExist:
            return None

    def outbox(self, case_id: str) -> Outbox:
        """The messages of the case's last change (with any still unsent from before)."""
        try:
            model = CaseModel.get(case_id, consistent_read=True,
                                  attributes_to_get=["outbox", "outbox_pending", "version"])
        except CaseModel.DoesNotExist:
            return Outbox(case_id, None, [], False)
        return Outbox(case_id, model.version, model.outbox or [], bool(model.outbox_pending))

    def sent(self, outbox: Outbox) -> None:
        """Remove the pending mark, unless a newer change has been written (it carries the messages)."""
        try:
            CaseModel._get_connection().update_item(
                outbox.case_id, actions=[CaseModel.outbox_pending.remove(), CaseModel.outbox_since.remove()],
                condition=CaseModel.version == outbox.version)
        except UpdateError as err:
            if err.cause_response_code != "ConditionalCheckFailedException":
                raise

    def unsent_before(self, before: str):
        """Ids of the cases whose messages were committed before `before` and are still unsent."""
        for model in CaseModel.outbox_index.query(PENDING, CaseModel.outbox_since < before):
            yield model.case_id

    def commit(self, case: Case, *, new: bool = False, outbox: list[dict] | None = None,
               pending_since: str | None = None, capacity: CapacityChange = CapacityChange(),
               processed: ProcessedEvent | None = None) -> Outbox:
        """Write the change; `pending_since` marks `outbox` pending. Returns what is to be sent."""
        loaded = (case.case_id, case.version)
        carried, since = ([], None) if new else self._unsent.get(loaded, ([], None))
        messages = carried + [m for m in outbox or [] if m not in carried]
        since = since or pending_since
        model = to_model(case, messages)
        if since:
            model.outbox_pending, model.outbox_since = PENDING, since
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
        self._unsent.pop(loaded, None)
        case.version = model.version
        case.history = []
        return Outbox(case.case_id, model.version, messages, since is not None, carried=bool(carried))

    def list(self, key: str, value: str, *, filters: dict | None = None, limit: int = 20,
             cursor: str | None = None) -> tuple[list[Case], str | None]:
        """Newest first (`deadline`: the organization `value`'s open cases, nearest deadline first), through
        the GSI for `key`, keeping items whose top-level attributes equal `filters` (`flag`: carrying that
        flag); `cursor` continues a previous page."""
        index = getattr(CaseModel, LIST_INDEXES[key])
        start = decode_cursor(cursor)
        if start is not None and set(start) != {"case_id", *_index_keys(index)}:
            raise ValueError("the cursor is not one this API returned for this query")
        condition = None
        for name, wanted in (filters or {}).items():
            clause = CaseModel.flag_set.contains(wanted) if name == "flag" else getattr(CaseModel, name) == wanted
            condition = clause if condition is None else condition & clause
        pages = index.query(value, scan_index_forward=key in ASCENDING, limit=limit, filter_condition=condition,
                            last_evaluated_key=start)
        cases = [to_case(m) for m in pages]
        return cases, encode_cursor(pages.last_evaluated_key)

    def in_status(self, status: str, updated_before: str | None = None):
        """Every case in a status (all pages), optionally only those last changed before a time."""
        condition = CaseModel.updated_at < updated_before if updated_before else None
        for model in CaseModel.status_index.query(status, condition):
            yield self._loaded(model)

    def _loaded(self, model: CaseModel) -> Case:
        if model.outbox_pending:
            self._unsent[(model.case_id, model.version)] = (model.outbox or [], model.outbox_since)
        return to_case(model)

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
                      dispute_category=case.dispute_category, body=body, outbox=outbox or None,
                      next_deadline=case.next_deadline or (None if case.status in st.ENDED else NO_DEADLINE),
                      flag_set=set(case.flags) or None)
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

