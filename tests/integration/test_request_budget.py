"""The AWS request budget of one case from intake to `confirmed` (issue 4: at most 25)."""
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


def test_a_case_costs_at_most_25_aws_requests_from_intake_to_confirmed(pipeline):
    measured = pipeline.intake_to_confirmed()
    assert measured["requests"] <= 25, measured["by_operation"]
    assert measured["by_operation"]["dynamodb.TransactWriteItems"] == 8  # one per change: nothing half-written
