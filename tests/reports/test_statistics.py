"""GET /reports/statistics against a brute-force count over the same cases' stored history (issue 13)."""
from __future__ import annotations

import csv
import io
import math
from collections import Counter

import pytest

from chalicelib.domain.deadlines import CHINA, parse_iso
from chalicelib.domain.roster import Mediator
from tests.integration.http import staff
from tests.reports.generate import START, generate

FACT_OF_STATUS = {"received": "received", "assigned": "assigned", "mediating": "accepted",
                  "settled": "outcome:settled", "failed": "outcome:failed", "terminated": "outcome:terminated",
                  "confirmation_requested": "confirmation_requested", "confirmed": "ruling:confirmed",
                  "confirmation_rejected": "ruling:rejected", "filed": "filed", "closed": "closed"}
STAGE_OF = {"assigned": "assignment", "mediating": "acceptance", "settled": "outcome", "failed": "outcome",
            "terminated": "outcome", "confirmed": "ruling", "confirmation_rejected": "ruling"}
WITH_MEDIATOR = {"assigned", "accepted", "outcome:settled", "outcome:failed", "outcome:terminated",
                 "confirmation_requested", "ruling:confirmed", "ruling:rejected"}


@pytest.fixture(scope="module")
def cases(world):
    return generate(world["deps"], world["clock"], world["demo"]["mediator_ids"])


@pytest.fixture
def client(world):
    return world["client"]


@pytest.fixture
def deps(world):
    return world["deps"]


def brute_force(deps, case_ids, court=None):
    """Every count and duration, from each case and its history table entries (no aggregate read)."""
    counts, by = Counter(), {d: Counter() for d in ("month", "category", "source", "court", "mediator")}
    samples = {s: [] for s in ("assignment", "acceptance", "outcome", "ruling")}
    for case_id in case_ids:
        case = deps.cases.get(case_id)
        if court and case.court_id != court:
            continue
        created, mediator = parse_iso(case.created_at), None
        for entry in deps.cases.history(case_id):
            if entry["from_status"] == entry["to_status"]:
                continue
            if entry["to_status"] == "assigned":
                mediator = entry["reason"].removeprefix("assigned to ")
            fact = FACT_OF_STATUS.get(entry["to_status"])
            if fact is None:
                continue
            at = parse_iso(entry["at"])
            counts[fact] += 1
            by["month"][(at.astimezone(CHINA).strftime("%Y-%m"), fact)] += 1
            by["category"][(case.dispute_category, fact)] += 1
            by["source"][("court" if case.source == "court" else "direct", fact)] += 1
            if case.court_id:
                by["court"][(case.court_id, fact)] += 1
            if fact in WITH_MEDIATOR:
                by["mediator"][(mediator, fact)] += 1
            if entry["to_status"] in STAGE_OF:
                samples[STAGE_OF[entry["to_status"]]].append(int((at - created).total_seconds()))
    return counts, by, samples


def nearest_rank(values, fraction):
    ordered = sorted(values)
    return round(ordered[math.ceil(fraction * len(ordered)) - 1] / 3600, 1) if ordered else None


def flatten(rows, dimension):
    return Counter({(row["value"], fact): n for row in rows for fact, n in row["counts"].items() if n})


def get(client, path, **scope):
    response = client.http.get(path, headers=staff(**scope))
    assert response.status_code == 200, response.body
    return response


def test_the_report_equals_a_brute_force_count_over_the_same_cases(client, deps, cases):
    report = get(client, "/reports/statistics?from=2026-01&to=2026-12", role="org_admin", org_id="xx-sme").json_body
    counts, by, samples = brute_force(deps, cases)
    assert counts["received"] == len(cases) and counts["outcome:settled"] > 3 and counts["ruling:rejected"] > 0
    assert Counter({f: n for f, n in report["totals"]["counts"].items() if n}) == counts
    for dimension in by:
        assert flatten(report[f"by_{dimension}"], dimension) == by[dimension], dimension
    for stage, values in samples.items():
        figures = report["durations"][stage]
        assert (figures["samples"], figures["median_hours"], figures["p90_hours"]) == (
            len(values), nearest_rank(values, 0.5), nearest_rank(values, 0.9)), stage
    ended = counts["outcome:settled"] + counts["outcome:failed"] + counts["outcome:terminated"]
    assert report["totals"]["success_rate"] == round(counts["outcome:settled"] / ended, 4)
    assert report["confirmations"] == {
        "requested": counts["confirmation_requested"], "confirmed": counts["ruling:confirmed"],
        "rejected": counts["ruling:rejected"],
        "rate": round(counts["ruling:confirmed"] / (counts["ruling:confirmed"] + counts["ruling:rejected"]), 4)}
    assert report["by_status"]["closed"] == counts["closed"] > 0
    assert {row["label"] for row in report["by_mediator"]} <= {"王建国", "李秀兰", "张志强", "赵丽娟"}


def test_a_month_range_counts_only_its_months(client, deps, cases):
    report = get(client, "/reports/statistics?from=2026-02&to=2026-02", role="org_admin", org_id="xx-sme").json_body
    _, by, _ = brute_force(deps, cases)
    february = Counter({fact: n for (month, fact), n in by["month"].items() if month == "2026-02"})
    assert Counter({f: n for f, n in report["totals"]["counts"].items() if n}) == february
    assert [row["value"] for row in report["by_month"]] == ["2026-02"]


def test_a_court_clerk_sees_only_its_own_court(client, deps, cases):
    mine = get(client, "/reports/statistics?from=2026-01&to=2026-12", role="court_clerk", court_id="weibin").json_body
    counts, by, _ = brute_force(deps, cases, court="weibin")
    assert mine["court_id"] == "weibin"
    assert Counter({f: n for f, n in mine["totals"]["counts"].items() if n}) == counts
    assert [row["value"] for row in mine["by_court"]] == ["weibin"] and mine["by_source"][0]["value"] == "court"
    other = client.http.get("/reports/statistics?court_id=hongqi", headers=staff("court_clerk", court_id="weibin"))
    assert other.status_code == 403 and other.json_body["error"]["code"] == "out_of_scope"
    stranger = client.http.get("/reports/statistics?court_id=weibin", headers=staff("org_admin", org_id="other-org"))
    assert stranger.status_code == 403


def test_the_csv_reads_back_in_chinese_with_the_same_figures(client, deps, cases):
    response = get(client, "/reports/statistics?from=2026-01&to=2026-12&format=csv", role="org_admin", org_id="xx-sme")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.body.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    header = rows[1]
    assert header[:4] == ["维度", "项目", "收案", "指派"] and "调解成功率" in header
    counts, by, _ = brute_force(deps, cases)
    total = rows[2]
    assert total[0] == "合计" and int(total[header.index("调解成功")]) == counts["outcome:settled"]
    contract = next(r for r in rows if r[:2] == ["纠纷类型", "合同纠纷"])
    assert int(contract[header.index("收案")]) == by["category"][("contract", "received")]
    assert any(r[:2] == ["调解员", "王建国"] for r in rows)
    assert any(r and r[0] == "收案至指派" for r in rows)


def test_formula_like_names_are_neutralised_in_the_csv(client, deps, cases, world):
    deps.roster.add_mediator(Mediator("m-evil", "=HYPERLINK(\"http://x\")", "xx-sme", specialties=["other"]))
    # a year of its own, so the other tests' figures stay as they were
    generate(deps, world["clock"], ["m-evil"], n=2, prefix="E", start=START.replace(year=2027))
    response = get(client, "/reports/statistics?from=2027-01&to=2027-12&format=csv", role="org_admin", org_id="xx-sme")
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    cells = [c for r in rows for c in r]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)


def test_a_change_projected_again_counts_once(client, deps, cases):
    from chalicelib.services.projections import project

    case = deps.cases.get(cases[0])  # confirmed: its last change was the ruling
    assert case.status == "confirmed"
    before = get(client, "/reports/statistics?from=2026-01&to=2026-12", role="org_admin", org_id="xx-sme").json_body
    from chalicelib.domain import events as ev
    project(deps, case, [ev.ConfirmationRuled(case.case_id, "confirmed")])  # the last change, delivered again
    after = get(client, "/reports/statistics?from=2026-01&to=2026-12", role="org_admin", org_id="xx-sme").json_body
    assert after["totals"] == before["totals"] and before["totals"]["counts"]["ruling:confirmed"] > 0


def test_a_bad_period_is_refused_with_a_clear_code(client):
    for query, status in (("from=2026-13", 400), ("format=xls", 400), ("from=2026-05&to=2026-02", 422),
                          ("from=2020-01&to=2026-01", 422)):
        response = client.http.get(f"/reports/statistics?{query}", headers=staff("org_admin", org_id="xx-sme"))
        assert response.status_code == status, query
        assert response.json_body["error"]["code"] in ("invalid_period", "invalid_query", "invalid_request"), \
            response.json_body
