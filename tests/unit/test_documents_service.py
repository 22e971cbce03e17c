"""Court documents print the filing deadline that the check before filing applies (one computation)."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from chalicelib.domain.case import Case
from chalicelib.domain.confirmation import check_window, confirmation_deadline
from chalicelib.domain.exceptions import RuleViolation
from chalicelib.services.documents import render_and_store
from tests.unit.fakes import FakeCalendars, FakeRoster, fake_deps


class MemoryDocuments:
    def __init__(self):
        self.stored: dict[str, bytes] = {}

    def put(self, key: str, data: bytes, content_type: str) -> str:
        self.stored[key] = data
        return key


def test_the_document_and_the_check_agree_when_day_30_is_a_holiday():
    # signed 2026-05-15: day 30 is Sunday 2026-06-14, so the period runs to Monday (民诉法 Art.85)
    contexts = []

    def render(name, context):
        contexts.append(context)
        return SimpleNamespace(name=name, html="<p>doc</p>", body=b"<p>doc</p>", sha256="0" * 64)

    deps = fake_deps(FakeRoster(), documents=MemoryDocuments(), render=render)
    case = Case("C1", "party", "pre_filing", "2026-06-01T00:00:00Z", status="settled",
                agreement={"signed_date": "2026-05-15"})
    render_and_store(deps, case, "confirmation-application")
    assert contexts[0]["confirmation_deadline"] == "2026-06-15"
    is_workday = FakeCalendars().calendar().is_workday
    check_window(date(2026, 5, 15), date(2026, 6, 15), is_workday)
    with pytest.raises(RuleViolation, match="2026年6月15日"):
        check_window(date(2026, 5, 15), date(2026, 6, 16), is_workday)


def test_an_unsigned_agreement_has_no_deadline():
    assert confirmation_deadline(None) is None
    assert confirmation_deadline("2026-06-01") == date(2026, 7, 1)
