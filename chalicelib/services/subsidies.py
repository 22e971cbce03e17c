"""GET /reports/subsidies and closing a period (CONTRACT R2; cooperation agreement §五 经费保障).

The ledger itself is written by services.projections as cases succeed (domain.subsidies decides
the rule and the amount). Here it is read per period (a month) and per mediator, and a period is
closed (结算): its rows no longer change, a later reversal lands in the next open period.
`earned_by` is the port the mediator's performance file (业绩档案) reads.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from chalicelib.auth import Principal
from chalicelib.domain.deadlines import iso
from chalicelib.domain.statistics import month_of
from chalicelib.errors import Unprocessable
from chalicelib.services.authorization import Scope, authorize
from chalicelib.services.dependencies import Deps
from chalicelib.services.statistics import report_period

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
KIND_LABELS = {"earned": "补贴", "reversed": "冲销"}


def subsidies_report(deps: Deps, principal: Principal, params: dict):
    authorize(principal, "report.subsidies", Scope(org_id=principal.org_id))
    first, last = report_period(deps, params)
    rows = deps.reports.ledger(principal.org_id, first, last)
    closed = deps.reports.closed_periods(principal.org_id, first, last)
    names = {m.mediator_id: m.name for m in deps.roster.organization_mediators(principal.org_id)}
    report = {"org_id": principal.org_id, "from": first, "to": last,
              "periods": [_period(p, [r for r in rows if r.period == p], closed.get(p), names)
                          for p in sorted({r.period for r in rows} | set(closed))],
              "total": _money(sum((r.amount for r in rows), Decimal("0")))}
    if params.get("format") == "csv":
        from chalicelib.rendering.spreadsheet import CsvDownload

        return CsvDownload(f"subsidies-{first}-{last}.csv", _csv_rows(report))
    return report


def close_period(deps: Deps, principal: Principal, period: str) -> dict:
    """Close a month that has begun (closing it again changes nothing)."""
    authorize(principal, "report.close_period", Scope(org_id=principal.org_id))
    if not PERIOD.match(period or "") or period > month_of(deps.clock()):
        raise Unprocessable("a period is a month (YYYY-MM) that has begun", code="invalid_period")
    item = deps.reports.close_period(principal.org_id, period, f"org_admin:{principal.org_id}", iso(deps.clock()))
    return {"org_id": principal.org_id, "period": period, "closed": True, "closed_at": item["closed_at"],
            "closed_by": item["closed_by"]}


def earned_by(deps: Deps, mediator_id: str) -> Decimal:
    """Subsidies a mediator earned in all, reversals deducted (for the performance file)."""
    return deps.reports.earned_by(mediator_id)


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _period(period: str, rows: list, closed: dict | None, names: dict) -> dict:
    by_mediator: dict[str | None, list] = defaultdict(list)
    for row in rows:
        by_mediator[row.mediator_id].append(row)
    return {
        "period": period, "closed": closed is not None, "closed_at": (closed or {}).get("closed_at"),
        "total": _money(sum((r.amount for r in rows), Decimal("0"))),
        "by_mediator": [{"mediator_id": m, "name": names.get(m, m),
                         "cases": sum(1 for r in rs if r.kind == "earned") - sum(1 for r in rs if r.kind == "reversed"),
                         "amount": _money(sum((r.amount for r in rs), Decimal("0")))}
                        for m, rs in sorted(by_mediator.items(), key=lambda kv: kv[0] or "")],
        "rows": [{"case_id": r.case_id, "kind": r.kind, "amount": _money(r.amount), "rule_id": r.rule_id,
                  "mediator_id": r.mediator_id, "mediator_name": names.get(r.mediator_id, r.mediator_id),
                  "court_id": r.court_id, "source": r.source, "at": r.at} for r in rows],
    }


def _csv_rows(report: dict) -> list[list]:
    rows = [[f"调解补贴台账 {report['from']} 至 {report['to']}"],
            ["期间", "状态", "案件编号", "类型", "调解员", "来源", "法院", "补贴规则", "金额（元）", "时间"]]
    for period in report["periods"]:
        state = "已结算" if period["closed"] else "未结算"
        for r in period["rows"]:
            rows.append([period["period"], state, r["case_id"], KIND_LABELS[r["kind"]], r["mediator_name"] or "",
                         "法院委派/委托" if r["source"] == "court" else "直接申请", r["court_id"] or "", r["rule_id"],
                         r["amount"], r["at"]])
    rows += [[], ["期间", "调解员", "件数", "金额（元）"]]
    for period in report["periods"]:
        for m in period["by_mediator"]:
            rows.append([period["period"], m["name"] or "", m["cases"], m["amount"]])
        rows.append([period["period"], "小计", "", period["total"]])
    rows.append(["合计", "", "", report["total"]])
    return rows
