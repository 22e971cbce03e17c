"""The publisher's contract (`deps.publisher`): SqsPublisher on moto and FakePublisher alike."""
from __future__ import annotations


def test_a_message_reaches_only_its_own_queue_with_its_body_intact(stores):
    stores.publisher.send("assignment", {"case_id": "case-1", "note": "调解"})
    stores.publisher.send("assignment", {"case_id": "case-2"})
    stores.publisher.send("outcome", {"case_id": "case-1", "result": "settled"})
    assert sorted(stores.delivered("assignment"), key=lambda b: b["case_id"]) == \
        [{"case_id": "case-1", "note": "调解"}, {"case_id": "case-2"}]
    assert stores.delivered("outcome") == [{"case_id": "case-1", "result": "settled"}]
    assert stores.delivered("assignment") == []
