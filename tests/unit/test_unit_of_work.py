"""The unit of work: every domain event has its row in the event-to-message table."""
from __future__ import annotations

import inspect

from chalicelib.domain import events as ev
from chalicelib.domain.case import Case
from chalicelib.services.unit_of_work import MESSAGES, commit
from tests.unit.fakes import FakeRoster, fake_deps


def test_every_event_has_a_row():
    events = {c for _, c in inspect.getmembers(ev, inspect.isclass) if issubclass(c, ev.Event) and c is not ev.Event}
    assert events == set(MESSAGES)


def test_the_application_for_confirmation_goes_through_the_table():
    deps = fake_deps(FakeRoster())
    case = Case("C1", "party", "pre_filing", "2026-03-01T00:00:00Z", status="confirmation_requested",
                court_id="weibin", court_case_ref="R1")
    case.court_choice = {"court_id": "weibin", "name": "卫滨区人民法院"}
    agreement = {"kind": "agreement", "sha256": "cd" * 32, "url": "https://s3/agreement.pdf"}
    case.apply_for_confirmation("confirmation-application", "<p>申请书</p>", "ab" * 32, materials=[agreement])
    [message] = commit(deps, case, new=True)
    assert message == {"queue": "notifications", "body": {"court_id": "weibin", "message": {
        "event_id": "C1:confirmation.requested:confirmation-application", "type": "confirmation.requested",
        "data": {"case_id": "C1", "court_case_ref": "R1", "document": "confirmation-application",
                 "document_html": "<p>申请书</p>", "sha256": "ab" * 32,
                 "court_choice": {"court_id": "weibin", "name": "卫滨区人民法院"}, "intermediate_court": None,
                 "materials": [agreement]}}}}
    assert deps.publisher.take("notifications") == [message["body"]]
