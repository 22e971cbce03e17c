"""The subsidy ledger (补贴台账, cooperation agreement §五): once per success, reversals, closed periods."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from decimal import Decimal

from chalicelib.domain import events as ev
from chalicelib.services.projections import project
from chalicelib.services.subsidies import earned_by
from chalicelib.services.unit_of_work import commit
from tests.integration.http import staff, webhook
from tests.reports.generate import open_case, settle

ADMIN = {"role": "org_admin", "org_id": "xx-sme"}


def ledger(client, query="from=2026-01&to=2027-12"):
    response = client.http.get(f"/reports/subsidies?{query}", headers=staff(**ADMIN))
    assert response.status_code == 200, response.body
    return response.json_body


def rows(report):
    return [{**r, "period": p["period"]} for p in report["periods"] for r in p["rows"]]


def request_confirmation(deps, clock, case):
    clock.advance(hours=3)
    for name in case.party_names:
        case.consent(name, clock())
    commit(deps, case)


def rule_by_webhook(client, demo, clock, case_id, ruling, event_id):
    return webhook(client, demo["court_secret"], {"event_id": event_id, "type": "confirmation.ruled", "data": {
        "case_id": case_id, "ruling": ruling, "ruling_number": "（2026）豫0703民特5号"}}, now=clock().timestamp())


def test_a_direct_case_earns_the_centers_amount_once_though_its_success_arrives_twice(client, deps, demo, clock):
    case = open_case(deps, clock, "C2026direct1", None, claim_amount="42000.00")
    settle(deps, clock, case, "m-li")
    project(deps, case, [ev.MediationEnded(case.case_id, "settled")])  # the same change, delivered again
    got = rows(ledger(client))
    assert [(r["case_id"], r["kind"], r["amount"], r["rule_id"], r["mediator_name"], r["source"]) for r in got] == [
        ("C2026direct1", "earned", "150.00", "xx-sme-center-2026", "李秀兰", "direct")]
    assert earned_by(deps, "m-li") == Decimal("150.00")


def test_a_refused_confirmation_writes_a_reversal_row_once_even_when_the_ruling_is_redelivered(
        client, deps, demo, clock):
    case = open_case(deps, clock, "C2026court1", "weibin", claim_amount="120000.00")
    settle(deps, clock, case, "m-wang")
    request_confirmation(deps, clock, case)
    clock.advance(days=2)
    assert rule_by_webhook(client, demo, clock, case.case_id, "rejected", "ev-rule-1").status_code == 200
    again = rule_by_webhook(client, demo, clock, case.case_id, "rejected", "ev-rule-1")
    assert again.status_code in (200, 409)
    got = rows(ledger(client))
    assert [(r["kind"], r["amount"], r["rule_id"]) for r in got] == [
        ("earned", "300.00", "weibin-2026"), ("reversed", "-300.00", "weibin-2026")]
    report = ledger(client)
    assert report["total"] == "0.00" and report["periods"][0]["by_mediator"][0]["cases"] == 0
    assert earned_by(deps, "m-wang") == Decimal("0.00")


def test_a_reversal_after_its_period_closed_lands_in_the_next_open_period(client, deps, demo, clock):
    clock.now = datetime(2026, 2, 10, 2, tzinfo=timezone.utc)
    case = open_case(deps, clock, "C2026court2", "weibin", claim_amount="8000.00")
    settle(deps, clock, case, "m-wang")
    request_confirmation(deps, clock, case)
    clock.now = datetime(2026, 3, 5, 2, tzinfo=timezone.utc)
    for period in ("2026-02", "2026-03"):
        closed = client.http.post(f"/reports/subsidies/periods/{period}/close", headers=staff(**ADMIN), body="{}")
        assert closed.status_code == 200 and closed.json_body["closed"] is True, closed.body
    february = ledger(client, "from=2026-02&to=2026-02")
    assert rule_by_webhook(client, demo, clock, case.case_id, "rejected", "ev-rule-2").status_code == 200
    assert ledger(client, "from=2026-02&to=2026-02") == february  # a closed period does not change
    got = rows(ledger(client))
    assert [(r["period"], r["kind"], r["amount"]) for r in got] == [
        ("2026-02", "earned", "200.00"), ("2026-04", "reversed", "-200.00")]
    report = ledger(client)
    assert [(p["period"], p["closed"]) for p in report["periods"]] == [
        ("2026-02", True), ("2026-03", True), ("2026-04", False)]
    closed_again = client.http.post("/reports/subsidies/periods/2026-02/close", headers=staff(**ADMIN), body="{}")
    assert closed_again.json_body["closed_at"] == report["periods"][0]["closed_at"]


def test_a_rule_that_requires_confirmation_pays_on_the_ruling_only(client, deps, demo, clock):
    clock.now = datetime(2027, 1, 12, 2, tzinfo=timezone.utc)
    case = open_case(deps, clock, "C2027court1", "weibin", claim_amount="760000.00")
    settle(deps, clock, case, "m-wang")
    assert rows(ledger(client)) == []
    request_confirmation(deps, clock, case)
    clock.advance(days=1)
    case.rule("confirmed", "（2027）豫0703民特1号", None, clock())
    commit(deps, case)
    got = rows(ledger(client))
    assert [(r["period"], r["kind"], r["amount"], r["rule_id"]) for r in got] == [
        ("2027-01", "earned", "500.00", "weibin-2027")]


def test_the_ledger_csv_reads_back_in_chinese_and_keeps_negative_amounts_as_numbers(client, deps, demo, clock):
    case = open_case(deps, clock, "C2026court3", "weibin", claim_amount="120000.00")
    settle(deps, clock, case, "m-wang")
    request_confirmation(deps, clock, case)
    clock.advance(days=1)
    rule_by_webhook(client, demo, clock, case.case_id, "rejected", "ev-rule-3")
    response = client.http.get("/reports/subsidies?from=2026-01&to=2026-12&format=csv", headers=staff(**ADMIN))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert table[1][:4] == ["期间", "状态", "案件编号", "类型"]
    body = [r for r in table[2:] if len(r) == 10]
    assert [(r[3], r[4], r[8]) for r in body] == [("补贴", "王建国", "300.00"), ("冲销", "王建国", "-300.00")]
    assert table[-1] == ["合计", "", "", "0.00"]


def test_only_the_organizations_admin_reads_the_ledger_or_closes_a_period(client, deps, demo, clock):
    for headers in (staff("court_clerk", court_id="weibin"), staff("mediator", mediator_id="m-wang")):
        assert client.http.get("/reports/subsidies", headers=headers).status_code == 403
        assert client.http.post("/reports/subsidies/periods/2026-02/close", headers=headers,
                                body="{}").status_code == 403
    future = client.http.post("/reports/subsidies/periods/2026-09/close", headers=staff(**ADMIN), body="{}")
    assert future.status_code == 422 and future.json_body["error"]["code"] == "invalid_period"
    assert json.loads(client.http.get("/reports/subsidies", headers=staff(**ADMIN)).body)["periods"] == []
