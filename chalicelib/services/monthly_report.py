"""GET /reports/monthly: the printable monthly report for the joint meeting (联席会议, issue 13).

The cooperation agreement asks the two sides to meet regularly and sum up experience (总结经验).
The report holds the month's figures and the year so far, with charts, the mediators' standing,
and, as the draft of the experience summary, an anonymised digest of typical settled cases per
category (domain.anonymise). Reads: one Query of the scope's months for the year, the roster's
names, the month's ledger (an org admin's report only: the court does not pay the center's
subsidies), and at most DIGEST_PER_CATEGORY cases per category.
"""
from __future__ import annotations

from decimal import Decimal

from chalicelib.auth import Principal
from chalicelib.domain import anonymise as anon
from chalicelib.domain import statistics as stats
from chalicelib.domain.deadlines import china_date
from chalicelib.errors import Unprocessable
from chalicelib.services.dependencies import Deps
from chalicelib.services.statistics import name_rows, report_scope

DIGEST_PER_CATEGORY = 2
DIGEST_CHARS = 160  # of the facts; a digest is a paragraph, not the file


def monthly_report(deps: Deps, principal: Principal, params: dict, nonce: str) -> str:
    today = china_date(deps.clock())
    try:
        month = stats.parse_month(params.get("month"), today)
    except ValueError:
        raise Unprocessable("month is YYYY-MM", code="invalid_period") from None
    scope, org_id, court_id = report_scope(deps, principal, params.get("court_id"), "report.monthly")
    first = f"{month[:4]}-01"
    months = deps.reports.months(scope, first, month)
    this, year = stats.summarise(months, month, month), stats.summarise(months, first, month)
    for report in (this, year):
        name_rows(deps, report, org_id)
    context = {
        "nonce": nonce, "month": month, "month_label": f"{month[:4]}年{int(month[5:])}月",
        "generated_on": today.isoformat(), "this": this, "year": year,
        "scope_name": _scope_name(deps, org_id, court_id),
        "trend": _trend(year), "categories": _categories(this),
        "standing": _standing(deps, this, year, org_id if principal.role == "org_admin" else None, month),
        "digest": _digest(deps, (months.get(month) or {}).get("examples") or {}),
        "fact_labels": stats.FACT_LABELS, "stage_labels": stats.STAGE_LABELS,
    }
    from chalicelib.rendering.environment import get_environment

    return get_environment().get_template("reports/monthly.html").render(context)


def _scope_name(deps: Deps, org_id: str | None, court_id: str | None) -> str:
    if court_id:
        return getattr(deps.roster.court(court_id), "name", court_id)
    return getattr(deps.roster.organization(org_id), "name", org_id)


def _trend(year: dict):
    from chalicelib.rendering.charts import columns

    return columns([(f"{int(r['value'][5:])}月", [r["counts"]["received"], r["counts"]["outcome:settled"]])
                    for r in year["by_month"]])


def _categories(this: dict):
    from chalicelib.rendering.charts import rows

    items = [(r["label"], [r["counts"]["received"], r["counts"]["outcome:settled"]]) for r in this["by_category"]]
    return rows(items) if items else None


def _standing(deps: Deps, this: dict, year: dict, org_id: str | None, month: str) -> list[dict]:
    """Mediators by cases settled this year, then by success rate; the month's figures beside."""
    earned: dict[str, Decimal] = {}
    if org_id:
        ledger = deps.reports.ledger(org_id, month, month)
        for row in ledger:
            earned[row.mediator_id] = earned.get(row.mediator_id, Decimal("0")) + row.amount
    month_rows = {r["value"]: r for r in this["by_mediator"]}
    standing = [{"name": r["label"], "year": r, "month": month_rows.get(r["value"]),
                 "subsidy": f"{earned[r['value']]:.2f}" if r["value"] in earned else None}
                for r in year["by_mediator"]]
    return sorted(standing, key=lambda s: (-s["year"]["counts"]["outcome:settled"],
                                           -(s["year"]["success_rate"] or 0), s["name"]))


def _digest(deps: Deps, examples: dict[str, list[str]]) -> list[dict]:
    from chalicelib.rendering.filters import DISPUTE_CATEGORIES

    digest = []
    for category in sorted(examples):
        cases = [c for c in (deps.cases.get(case_id) for case_id in examples[category][:DIGEST_PER_CATEGORY]) if c]
        entries = []
        for case in cases:
            words = anon.roles(case.applicants, case.respondents)
            facts = anon.anonymise(case.facts, words)
            entries.append({
                "source": stats.SOURCE_LABELS.get(stats.SOURCE_OF.get(case.source), ""),
                "claim_amount": case.claim_amount,
                "facts": facts[:DIGEST_CHARS] + ("……" if len(facts) > DIGEST_CHARS else ""),
                "terms": [anon.anonymise(t, words) for t in (case.agreement or {}).get("terms") or []],
                "days": _days(deps, case),
            })
        if entries:
            digest.append({"category": DISPUTE_CATEGORIES.get(category, "未分类纠纷"), "cases": entries})
    return digest


def _days(deps: Deps, case) -> int | None:
    """Days from receipt to the (last) settlement, from the case's history."""
    from chalicelib.domain.deadlines import parse_iso

    settled = [h["at"] for h in deps.cases.history(case.case_id) if h["to_status"] == "settled"]
    return (parse_iso(settled[-1]) - parse_iso(case.created_at)).days if settled else None
