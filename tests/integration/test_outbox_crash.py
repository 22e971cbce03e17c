"""Crash safety of the transactional outbox (issue 8): the process dies right after the commit.

For every message a change sends, the send (or the removal of the pending mark
after it) is cut by an exception no handler catches, as a dying process would
be. A new process (fresh adapters) then runs the sweep, which must deliver the
message exactly once more; a second sweep sends nothing. Messages sent by a step
outside any commit (`case.outcome` from the outcome step) are recovered by the
redelivery of the step's own message instead, which SQS makes when the step dies.
"""
import json

import pytest

from chalicelib import entrypoints
from chalicelib.adapters.case_repository import CaseRepository
from chalicelib.services.sweep import sweep_deadlines
from tests.integration.http import bearer, multipart, post_json, staff, webhook
from tests.integration.support import (
    agreement_extraction,
    application_fields,
    receive_all,
    sqs_event,
    verified_application,
)

QUEUES = {"assignment": "assignment_queue", "outcome": "outcome_queue", "notifications": "notifications_queue"}
RECORD = {"basic_facts": "a", "reasons": "b", "disputed_points": "c"}


class SimulatedCrash(BaseException):
    """The process dies here: not an Exception, so no handler on the way up catches it."""


def kind(queue: str, body: dict) -> str:
    """What a message is: its queue, its result (outcome) or its notification type."""
    if queue == "notifications":
        return body["message"]["type"]
    return f"outcome:{body['result']}" if queue == "outcome" else queue


class CrashingPublisher:
    """Sends like the real publisher, but dies on the first message of `target` (before sending it)."""

    def __init__(self, real, target: str):
        self.real, self.target, self.armed = real, target, True

    def send(self, queue, body, delay_seconds=0):
        if self.armed and kind(queue, body) == self.target:
            self.armed = False
            raise SimulatedCrash(self.target)
        self.real.send(queue, body, delay_seconds)


class CrashAfterSend(CaseRepository):
    """Dies once when about to remove the pending mark: the messages left, the mark did not go."""

    armed = True

    def sent(self, outbox):
        if self.armed:
            self.armed = False
            raise SimulatedCrash("after the send")
        super().sent(outbox)


def drain(queue: str) -> list[dict]:
    return [json.loads(r["body"]) for r in receive_all(QUEUES[queue])]


class Flow:
    """One delegated case driven step by step (HTTP through chalice.test.Client, steps by their entry points)."""

    def __init__(self, client, deps, demo, clock, extractor):
        self.client, self.deps, self.demo, self.clock, self.extractor = client, deps, demo, clock, extractor
        self.case_id = None
        self.mediator = None
        self.tokens = []

    def delegate(self):
        payload = {"event_id": "ev-1", "type": "case.delegated",
                   "data": {"court_case_ref": "（2026）豫0703诉前调1号", **application_fields()}}
        answer = webhook(self.client, self.demo["court_secret"], payload, now=self.clock().timestamp())
        self.case_id = answer.json_body["case_id"]

    def assign(self, records=None):
        entrypoints.assignment(sqs_event(records or receive_all("assignment_queue")), None)
        self.mediator = staff("mediator", mediator_id=self.deps.cases.get(self.case_id).mediator_id)

    def accept(self):
        post_json(self.client, f"/cases/{self.case_id}/acceptance", {"decision": "accept"}, self.mediator)

    def settle(self):
        self.extractor.result = agreement_extraction(signed_date=self.clock().date().isoformat())
        body, ctype = multipart({})
        self.client.http.post(f"/cases/{self.case_id}/agreement", body=body,
                              headers={**self.mediator, "Content-Type": ctype})

    def fail(self):
        post_json(self.client, f"/cases/{self.case_id}/outcome", {"result": "failed", "record": RECORD},
                  self.mediator)

    def invite(self):
        answer = post_json(self.client, f"/cases/{self.case_id}/invitations", {}, self.mediator)
        self.tokens = [i["party_token"] for i in answer.json_body["invitations"]]
        post_json(self.client, f"/cases/{self.case_id}/confirmations", {"consent": True}, bearer(self.tokens[0]))

    def last_consent(self):
        post_json(self.client, f"/cases/{self.case_id}/confirmations", {"consent": True}, bearer(self.tokens[1]))

    def time_limit(self):
        self.clock.advance(days=90)  # far past the mediation time limit: the sweep terminates the case
        sweep_deadlines(self.deps)


def _apply(flow, step: str) -> None:
    getattr(flow, step)()


# message type → the steps that bring the case to just before the change, and the change that sends it
SCENARIOS = {
    "assignment": ([], "delegate"),
    "case.assigned": (["delegate"], "assign"),
    "case.accepted": (["delegate", "assign"], "accept"),
    "outcome:settled": (["delegate", "assign", "accept"], "settle"),
    "outcome:failed": (["delegate", "assign", "accept"], "fail"),
    "outcome:terminated": (["delegate", "assign", "accept"], "time_limit"),
    "confirmation.requested": (["delegate", "assign", "accept", "settle", "invite"], "last_consent"),
}


@pytest.fixture
def flow(client, deps, demo, clock, extractor):
    return Flow(client, deps, demo, clock, extractor)


def _queue_of(message_type: str) -> str:
    return {"assignment": "assignment"}.get(message_type) or (
        "outcome" if message_type.startswith("outcome:") else "notifications")


def _up_to_the_change(flow, message_type: str) -> tuple[str, str]:
    """Run the steps before the change that sends `message_type`; returns that change and its queue."""
    before, change = SCENARIOS[message_type]
    for step in before:
        _apply(flow, step)
    queue = _queue_of(message_type)
    drain(queue)  # what the earlier steps sent
    return change, queue


def _kinds(queue: str) -> list[str]:
    return [kind(queue, body) for body in drain(queue)]


@pytest.mark.parametrize("message_type", SCENARIOS)
def test_a_crash_before_the_send_is_delivered_by_the_sweep_exactly_once(flow, deps, clock, message_type):
    change, queue = _up_to_the_change(flow, message_type)
    real = deps.publisher
    deps.publisher = CrashingPublisher(real, message_type)
    with pytest.raises(SimulatedCrash):
        _apply(flow, change)
    assert message_type not in _kinds(queue)  # committed, never sent

    deps.publisher, deps.cases = real, CaseRepository()  # a new process: nothing remembered
    clock.advance(minutes=16)
    sweep_deadlines(deps)
    records = receive_all(QUEUES[queue])
    assert [kind(queue, json.loads(r["body"])) for r in records].count(message_type) == 1
    if queue == "assignment":  # the case waits in pending_assignment (the mark) until the step has run
        entrypoints.assignment(sqs_event(records), None)
    clock.advance(minutes=16)
    sweep_deadlines(deps)
    assert message_type not in _kinds(queue)  # delivered once; the mark is gone


@pytest.mark.parametrize("message_type", [t for t in SCENARIOS if t != "assignment"])
def test_a_crash_after_the_send_is_sent_once_more_and_then_not_again(flow, deps, clock, message_type):
    """The message left but the mark stayed: the sweep sends it once more (receivers dedupe by its id)."""
    change, queue = _up_to_the_change(flow, message_type)
    deps.cases = CrashAfterSend()
    with pytest.raises(SimulatedCrash):
        _apply(flow, change)
    first = [b for b in drain(queue) if kind(queue, b) == message_type]
    assert len(first) == 1

    deps.cases = CaseRepository()
    clock.advance(minutes=16)
    sweep_deadlines(deps)
    again = [b for b in drain(queue) if kind(queue, b) == message_type]
    assert again == first  # the same message, the same deterministic id
    clock.advance(minutes=16)
    sweep_deadlines(deps)
    assert message_type not in _kinds(queue)


def test_an_unsent_message_survives_a_later_change_of_the_case(flow, deps, clock):
    """case.accepted is lost in a crash; the mediator's next change (the agreement) keeps it pending."""
    for step in ("delegate", "assign"):
        _apply(flow, step)
    drain("notifications")
    real = deps.publisher
    deps.publisher = CrashingPublisher(real, "case.accepted")
    with pytest.raises(SimulatedCrash):
        flow.accept()
    deps.publisher, deps.cases = real, CaseRepository()
    flow.settle()  # sends its own outcome message; the carried case.accepted stays marked
    assert _kinds("outcome") == ["outcome:settled"]
    assert _kinds("notifications") == []
    clock.advance(minutes=16)
    assert sweep_deadlines(deps)["resent"] == 1
    assert _kinds("notifications") == ["case.accepted"]
    assert _kinds("outcome") == ["outcome:settled"]  # the sweep sends what is stored: a duplicate, deduped by id
    assert sweep_deadlines(deps)["resent"] == 0


def test_a_pending_message_waits_out_the_grace_period(flow, deps, clock):
    """A send that may still be under way (committed under two minutes ago) is left alone."""
    flow.delegate()
    deps.publisher = CrashingPublisher(deps.publisher, "case.assigned")
    with pytest.raises(SimulatedCrash):
        flow.assign()
    deps.publisher = deps.publisher.real
    clock.advance(seconds=90)
    assert sweep_deadlines(deps)["resent"] == 0
    clock.advance(seconds=60)
    assert sweep_deadlines(deps)["resent"] == 1
    assert _kinds("notifications") == ["case.assigned"]


def test_the_outcome_steps_notification_is_recovered_by_the_redelivery_of_its_message(flow, deps):
    """case.outcome is sent by the outcome step, outside any commit: SQS redelivers the step's message."""
    for step in ("delegate", "assign", "accept", "fail"):
        _apply(flow, step)
    drain("notifications")
    records = receive_all("outcome_queue")
    real = deps.publisher
    deps.publisher = CrashingPublisher(real, "case.outcome")
    with pytest.raises(SimulatedCrash):
        entrypoints.outcome(sqs_event(records), None)
    deps.publisher, deps.cases = real, CaseRepository()
    assert entrypoints.outcome(sqs_event(records), None) == {"batchItemFailures": []}  # the redelivery
    assert _kinds("notifications") == ["case.outcome"]
    assert "failure-record" in deps.cases.get(flow.case_id).documents


def test_an_intake_crash_leaves_a_case_the_sweep_queues(deps, demo, clock):
    """A public application is queued when its phone is confirmed: a crash there leaves the case for the sweep."""
    real = deps.publisher
    deps.publisher = CrashingPublisher(real, "assignment")
    with pytest.raises(SimulatedCrash):
        verified_application(deps)
    deps.publisher = real
    clock.advance(minutes=16)
    assert sweep_deadlines(deps)["requeued"] == 1
    assert _kinds("assignment") == ["assignment"]
