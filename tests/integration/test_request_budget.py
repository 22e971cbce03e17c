"""The AWS request budget of one case from intake to `confirmed` (issue 4: at most 25; issue 8: 28; issue 11: 32;
issue 13: 50).

Issue 8's crash-safe outbox marks a change's messages pending in its transaction and removes the
mark once they are sent: one conditional UpdateItem per change that sends a message the case's
status does not already recover (case.assigned, case.accepted, the settlement's outcome message,
confirmation.requested: 4 in this walk). Without that write the sweep could not tell a message
that left from one lost in a crash.

Issue 11's SMS notices cost what their once-only rule needs: the mediator's notice of the assignment reads
the mediator's phone, claims its key (a conditional PutItem in the events table), is sent (here the local
outbox's PutItem; SNS Publish on AWS) and marks the key done (PutItem): 4 in this walk.

Issue 13's oversight adds 11: the new case's integrity lookups (one BatchWriteItem), the settlement's
screening (one Query per party identity or contact — 5 for this walk's two parties — and one for the
mediators' standings), and the outcome step's performance file (GetItem of the case, PutItem of its
outcome record, a Query of the mediator's outcomes and a PutItem of its standing).

Issue 13's statistics, besides, are aggregates kept as cases change (no Scan when a report is read): each change
the statistics count adds one TransactWriteItems (its counters and the record that it was counted, so
it counts once) — receipt, assignment, acceptance, settlement, confirmation request and ruling, 6 in
this walk — and the settlement's subsidy ledger row (§五 经费保障) one more: 7.
"""
import importlib.util
import os
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "pipeline.py"


@pytest.fixture
def pipeline(monkeypatch):
    monkeypatch.setattr(os, "environ", dict(os.environ))  # the bench points the settings at its own stack
    spec = importlib.util.spec_from_file_location("bench_pipeline", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module


def test_a_case_costs_at_most_50_aws_requests_from_intake_to_confirmed(pipeline):
    measured = pipeline.intake_to_confirmed()
    assert measured["requests"] <= 50, measured["by_operation"]
    # one per change (nothing half-written), one per counted change, one for the ledger row
    assert measured["by_operation"]["dynamodb.TransactWriteItems"] == 8 + 6 + 1
    assert measured["by_operation"]["dynamodb.UpdateItem"] == 4  # one pending mark removed per message sent
