"""50 assignment messages, 4 parallel workers, 5 mediators of capacity 3: never overbooked, nothing lost.

moto applies a request in Python without a lock, so two threads could interleave
inside one TransactWriteItems — something DynamoDB never does. The test takes
a lock around each AWS request, giving moto DynamoDB's per-request atomicity;
the workers still interleave freely between requests, which is the race the
conditions on load and version must win.
"""
import queue
import threading

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib import entrypoints
from chalicelib.domain.roster import Mediator
from tests.integration.support import application_fields, party, receive_all, sqs_event, verified_application

WORKERS, CASES, MEDIATORS, CAPACITY = 4, 50, 5, 3


@pytest.fixture
def atomic_requests(monkeypatch):
    lock = threading.Lock()
    original = BotocoreStubber.__call__

    def one_at_a_time(self, event_name, request, **kwargs):
        with lock:
            return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", one_at_a_time)


def test_concurrent_assignment_never_overbooks_and_loses_no_case(deps, atomic_requests):
    for i in range(MEDIATORS):
        deps.roster.add_mediator(Mediator(f"m{i}", f"调解员{i}", "xx-sme", specialties=["contract"],
                                          capacity=CAPACITY))
    case_ids = {verified_application(deps, application_fields(applicants=[party(f"申请人{i}", phone=f"1390000{i:04d}")]))
                for i in range(CASES)}
    work = queue.Queue()
    for record in receive_all("assignment_queue"):
        work.put(record)
    assert work.qsize() == CASES

    def worker():
        while True:
            batch = []
            while len(batch) < 10:
                try:
                    batch.append(work.get(timeout=0.2 if not batch else 0))
                except queue.Empty:
                    break
            if not batch:
                return
            failed = {f["itemIdentifier"] for f in entrypoints.assignment(sqs_event(batch), None)["batchItemFailures"]}
            for record in batch:
                if record["messageId"] in failed:
                    work.put(record)  # SQS would redeliver it

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    cases = [deps.cases.get(c) for c in case_ids]
    assigned = [c for c in cases if c.status == "assigned"]
    waiting = [c for c in cases if c.status == "pending_assignment"]
    assert len(assigned) + len(waiting) == CASES  # no case lost
    assert len(assigned) == MEDIATORS * CAPACITY
    assert all("no_candidate" in c.flags for c in waiting)
    for i in range(MEDIATORS):
        held = sum(1 for c in assigned if c.mediator_id == f"m{i}")
        assert held == deps.roster.mediator(f"m{i}").active_load == CAPACITY
