"""Poison messages on the SQS queues: each fails alone (to the DLQ after 5 receives), never its batch-mates."""
import json

import pytest

from chalicelib import entrypoints
from tests.integration.support import receive_all, sqs_event, sqs_record

POISON = ["{not json", "[]", "null", "{}", '{"case_id": ""}', '{"case_id": 5}', '{"case_id": "C20260302ffffffff"}',
          '{"case_id": "C20260302ffffffff", "result": "exploded"}', '{"Records": "x"}', '"' + "x" * 200_000 + '"']


@pytest.mark.parametrize("step", ["assignment", "outcome", "notification", "upload"])
def test_poison_messages_fail_alone(stack, step):
    stack.delegate()
    good = receive_all("assignment_queue") if step == "assignment" else []
    poison = [sqs_record(body) for body in POISON]
    answer = getattr(entrypoints, step)(sqs_event(good + poison), None)
    failed = {f["itemIdentifier"] for f in answer["batchItemFailures"]}
    assert failed <= {r["messageId"] for r in poison}
    if good:
        assert stack.deps.cases.get(json.loads(good[0]["body"])["case_id"]).status == "assigned"
