"""Log lines never carry an ID number, a credit code, a phone or a token (个人信息保护法 Art.51).

The whole lifecycle runs in-process with every log line captured three ways: what
the Powertools handler writes (CloudWatch's view), the raw records pytest sees
(any other handler's view), and the process's stdout/stderr.
"""
import io
import json
import logging

import pytest

from chalicelib.observability import logger
from tests.integration.http import post_json
from tests.privacy.flow import CLERK, CO_APPLICANT, ID_NUMBERS, MEDIATOR, OTHER_COMPANY, PARTIES, PERSON, PHONES, Flow


@pytest.fixture
def captured(caplog, capfd):
    """Everything the "sutiao" logger emits, at DEBUG, as text."""
    handler = logger().logger_handler
    stream = io.StringIO()
    previous_stream, previous_level = handler.stream, logger().log_level
    handler.stream = stream
    logger().setLevel("DEBUG")
    caplog.set_level(logging.DEBUG, logger="sutiao")
    lines = []

    def text():
        records = [json.dumps({**vars(r), "exc_info": None}, ensure_ascii=False, default=str)
                   for r in caplog.records if r.name.startswith("sutiao")]
        out, err = capfd.readouterr()
        lines.extend([stream.getvalue(), caplog.text, *records, out, err])
        return "\n".join(lines)

    yield text
    handler.stream = previous_stream
    logger().setLevel(previous_level)


@pytest.fixture
def court_with_callback(deps, demo):
    court = deps.roster.court("weibin", fresh=True)
    deps.roster.save_court(court.__class__(**{**vars(court), "callback_url": "https://court.example/cb"}))


def crash_while_rendering(monkeypatch, deps):
    """A defect whose exception quotes what it was working on: the traceback goes to the log."""
    def render(name, context):
        party = context["case"]["applicants"][0]
        raise ValueError(f"cannot lay out {party['id_number']} / {party['phone']} for {context.get('party')}")

    monkeypatch.setattr(deps, "render", render)


def secrets_in(text: str, flows, extra=()) -> list[str]:
    tokens = [t for f in flows for t in (*f.tokens.values(), *f.staff_tokens)]
    return sorted({s for s in (*ID_NUMBERS, *PHONES, *tokens, *extra) if s in text})


def test_a_full_lifecycle_logs_no_personal_number_and_no_token(client, demo, clock, extractor, notifier, deps,
                                                               court_with_callback, captured, monkeypatch):
    settled = Flow(client, demo, clock, extractor)
    settled.delegate(PARTIES, "ev-log-1")
    settled.accept()
    notifier.failures = 1  # the court is down once: the retry path logs too
    settled.settle()
    settled.invite()
    settled.consent_all()
    settled.rule()
    failed = Flow(client, demo, clock, extractor)
    failed.delegate((CO_APPLICANT, OTHER_COMPANY), "ev-log-2")
    failed.accept()
    failed.fail()
    for flow in (settled, failed):
        for who in (CLERK, MEDIATOR):
            assert flow.get(who).status_code == 200
    applied = post_json(client, "/applications", {"applicants": [CO_APPLICANT], "respondents": [OTHER_COMPANY],
                                                  "claims": ["请求支付货款"], "dispute_category": "contract"})
    assert applied.status_code == 201, applied.body
    crash_while_rendering(monkeypatch, deps)
    crashed = settled.get(PERSON["name"], "/documents/party-confirmation")
    assert crashed.status_code == 500
    refused = client.http.get(f"/cases/{settled.case_id}", headers={"Authorization": f"Bearer {'x' * 43}"})
    assert refused.status_code == 404

    text = captured()
    assert "deadline" in text or "notification" in text or text.strip()  # the flow did log something
    assert secrets_in(text, (settled, failed), [applied.json_body["party_token"]]) == []
