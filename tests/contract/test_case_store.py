"""The case store's contract (`deps.cases`): CaseRepository on moto and FakeCases alike."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.case import Case
from chalicelib.domain.roster import Mediator
from chalicelib.services.ports import (
    CapacityChange,
    CaseExists,
    DuplicateEvent,
    MediatorFull,
    ProcessedEvent,
    StaleCase,
)
from tests.contract.conftest import NOW

LATER = (NOW + timedelta(minutes=5)).isoformat()


def opened(case_id: str = "case-1", **fields) -> Case:
    return Case.open(case_id, NOW, "party", source="party", procedure="pre_filing", dispute_category="contract",
                     **fields)


def stored(stores, case: Case, **commit) -> Case:
    stores.cases.commit(case, new=True, **commit)
    return stores.cases.get(case.case_id)


def test_an_unknown_case_is_none_and_has_no_history(stores):
    assert stores.cases.get("nope") is None
    assert stores.cases.history("nope") == []


def test_a_new_case_reads_back_as_written_at_version_one_with_its_history(stores):
    case = opened(claims=["支付货款"], claim_amount="100.00")
    got = stored(stores, case)
    assert (got.case_id, got.status, got.claims, got.claim_amount, got.version) == \
        ("case-1", "received", ["支付货款"], "100.00", 1)
    assert [(h["from_status"], h["to_status"]) for h in stores.cases.history("case-1")] == [(None, "received")]
    assert got.history == []


def test_a_second_new_case_with_the_same_id_is_refused_and_the_first_kept(stores):
    stored(stores, opened(claims=["first"]))
    with pytest.raises(CaseExists):
        stores.cases.commit(opened(claims=["second"]), new=True)
    assert stores.cases.get("case-1").claims == ["first"]


def test_a_change_to_a_stale_read_is_refused_and_leaves_the_case_as_it_was(stores):
    first, second = stored(stores, opened()), stores.cases.get("case-1")
    first.flag("urgent")
    stores.cases.commit(first)
    second.flag("other")
    with pytest.raises(StaleCase):
        stores.cases.commit(second)
    got = stores.cases.get("case-1")
    assert (got.flags, got.version) == (["urgent"], 2)


def test_an_event_processed_once_refuses_its_second_change(stores):
    seen = ProcessedEvent("weibin#ev-1", NOW + timedelta(days=30))
    case = stored(stores, opened(), processed=seen)
    case.flag("again")
    with pytest.raises(DuplicateEvent):
        stores.cases.commit(case, processed=seen)
    assert stores.cases.get("case-1").flags == []


def test_a_reservation_beyond_capacity_writes_nothing(stores):
    stores.roster.add_mediator(Mediator("m1", "王建国", "xx-sme", capacity=1))
    case = stored(stores, opened())
    case.flag("took-m1")
    stores.cases.commit(case, capacity=CapacityChange(reserve="m1", now=LATER))
    assert stores.roster.mediator("m1").active_load == 1
    other = stored(stores, opened("case-2"))
    other.flag("took-m1")
    with pytest.raises(MediatorFull):
        stores.cases.commit(other, capacity=CapacityChange(reserve="m1", now=LATER))
    assert stores.cases.get("case-2").flags == [] and stores.roster.mediator("m1").active_load == 1


def test_a_release_frees_the_mediators_capacity_with_the_change(stores):
    stores.roster.add_mediator(Mediator("m1", "王建国", "xx-sme", capacity=2))
    case = stored(stores, opened(), capacity=CapacityChange(reserve="m1", now=LATER))
    stores.cases.commit(case, capacity=CapacityChange(release=("m1",)))
    assert stores.roster.mediator("m1").active_load == 0


def test_pending_messages_stay_listed_until_sent_at_that_version(stores):
    message = {"queue": "assignment", "body": {"case_id": "case-1"}}
    outbox = stores.cases.commit(opened(), new=True, outbox=[message], pending_since=NOW.isoformat())
    assert (outbox.messages, outbox.pending, outbox.version) == ([message], True, 1)
    assert list(stores.cases.unsent_before(LATER)) == ["case-1"]
    assert list(stores.cases.unsent_before(NOW.isoformat())) == []
    stores.cases.sent(outbox)
    assert stores.cases.outbox("case-1").pending is False
    assert list(stores.cases.unsent_before(LATER)) == []


def test_unsent_messages_are_carried_into_the_next_change(stores):
    first = {"queue": "assignment", "body": {"case_id": "case-1"}}
    second = {"queue": "outcome", "body": {"case_id": "case-1"}}
    stores.cases.commit(opened(), new=True, outbox=[first], pending_since=NOW.isoformat())
    case = stores.cases.get("case-1")
    case.flag("next")
    outbox = stores.cases.commit(case, outbox=[second], pending_since=LATER)
    assert (outbox.messages, outbox.pending, outbox.carried) == ([first, second], True, True)


def test_a_sent_mark_for_an_older_version_leaves_a_newer_change_pending(stores):
    old = stores.cases.commit(opened(), new=True, outbox=[{"queue": "a", "body": {}}], pending_since=NOW.isoformat())
    stores.cases.sent(old)
    case = stores.cases.get("case-1")
    case.flag("next")
    stores.cases.commit(case, outbox=[{"queue": "b", "body": {}}], pending_since=LATER)
    stores.cases.sent(old)
    assert stores.cases.outbox("case-1").pending is True


def test_cases_in_a_status_are_listed_by_last_change(stores):
    stored(stores, opened("case-1"))
    stored(stores, opened("case-2"))
    assert sorted(c.case_id for c in stores.cases.in_status("received")) == ["case-1", "case-2"]
    assert list(stores.cases.in_status("received", updated_before=NOW.isoformat())) == []
    assert list(stores.cases.in_status("assigned")) == []
