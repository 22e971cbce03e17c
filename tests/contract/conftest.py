"""Each port's contract, run against its in-memory fake and its moto-backed adapter alike.

The service tests (tests/unit) trust the fakes; these tests are why they may: the same assertions hold
for `tests.unit.fakes` and for the adapters `chalicelib.bootstrap` wires, so a fake cannot drift from the
real thing unnoticed (the Chalice sample app's habit: one test class, two implementations).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

import pytest

from tests.integration.conftest import aws, moto_stack  # noqa: F401
from tests.unit.fakes import FakeCases, FakePartyAccess, FakePublisher, FakeRoster

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


@dataclass
class Stores:
    cases: object
    roster: object
    party_access: object
    publisher: object
    delivered: Callable[[str], list[dict]]  # what reached a queue, taken off it


@pytest.fixture(params=["fake", "moto"])
def stores(request) -> Stores:
    if request.param == "fake":
        roster, publisher = FakeRoster(), FakePublisher()
        return Stores(FakeCases(roster), roster, FakePartyAccess(), publisher, publisher.take)
    request.getfixturevalue("aws")
    from chalicelib.adapters.case_repository import CaseRepository
    from chalicelib.adapters.messaging import QUEUES, SqsPublisher
    from chalicelib.adapters.party_access import PartyAccessStore
    from chalicelib.adapters.roster_repository import RosterRepository
    from tests.integration.support import receive_all

    def delivered(queue: str) -> list[dict]:
        return [json.loads(record["body"]) for record in receive_all(QUEUES[queue])]

    return Stores(CaseRepository(), RosterRepository(), PartyAccessStore(), SqsPublisher(), delivered)
