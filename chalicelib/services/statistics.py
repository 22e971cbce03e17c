"""GET /reports/statistics (CONTRACT R2): the figures of a period, read from the monthly aggregates.

No Scan and no case is read: one Query of the scope's months (an organization's, or a court's)
plus the roster reads that put names on ids. An org admin sees its organization (or one court
docked with it); a court clerk its own court only.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import statistics as stats
from chalicelib.domain.deadlines import china_date
from chalicelib.errors import Unprocessable
from chalicelib.services.authorization import Scope, authorize
from chalicelib.services.dependencies import Deps

FORMATS = ("json", "csv")


def statistics_report(deps: Deps, principal: Principal, params: dict):
    """The report as a dict, or as a CSV download when `format=csv`."""
    first, last = report_period(deps, params)
    scope, org_id, court_id = report_scope(deps, principal, params.get("court_id"), "report.statistics")
    months = deps.reports.months(scope, first, last)
    report = {**stats.summarise(months, first, last), "org_id": org_id, "court_id": court_id}
    name_rows(deps, report, org_id)
    if params.get("format") == "csv":
        from chalicelib.rendering.spreadsheet import CsvDownload

        return CsvDownload(f"statistics-{first}-{last}.csv", statistics_rows(report))
    return report


def report_period(deps: Deps, params: dict) -> tuple[str, str]:
    """`from`..`to` as months (YYYY-MM); by default this year up to this month."""
    today = china_date(deps.clock())
    try:
        last = stats.parse_month(params.get("to"), today)
        first = stats.parse_month(params.get("from"), today.replace(month=1) if not params.get("to")
                                  else today.replace(year=int(last[:4]), month=1))
    except ValueError:
        raise Unprocessable("from and to are months, YYYY-MM", code="invalid_period") from None
    if first > last or len(stats.months_between(first, last)) > stats.MAX_MONTHS:
        raise Unprocessable(f"from must not be after to, and a report spans at most {stats.MAX_MONTHS} months",
                         code="invalid_period")
    return first, last


def report_scope(deps: Deps, principal: Principal, court_id: str | None, action: str):
    """(aggregate scope key, organization, court) for the caller; a clerk is held to its own court."""
    if principal.role == "court_clerk":
        court_id = court_id or principal.court_id
    if court_id:
        court = deps.roster.court(court_id)
        authorize(principal, action, Scope(court_id=court_id, org_id=court.org_id if court else None))
        return f"STATS#COURT#{court_id}", court.org_id if court else None, court_id
    authorize(principal, action, Scope(org_id=principal.org_id))
    return f"STATS#ORG#{principal.org_id}", principal.org_id, None


def name_rows(deps: Deps, report: dict, org_id: str | None) -> None:
    """Give every row a label people read: the mediator's and court's name, the category in Chinese."""
    from chalicelib.rendering.filters import DISPUTE_CATEGORIES

    mediators = {m.mediator_id: m.name for m in deps.roster.organization_mediators(org_id)} if org_id else {}
    labels = {"category": lambda v: DISPUTE_CATEGORIES.get(v, "未分类"),
              "source": lambda v: stats.SOURCE_LABELS.get(v, v),
              "mediator": lambda v: mediators.get(v, v),
              "court": lambda v: getattr(deps.roster.court(v), "name", v),
              "organization": lambda v: getattr(deps.roster.organization(v), "name", v),
              "month": lambda v: f"{v[:4]}年{int(v[5:])}月"}
    for dimension, label in labels.items():
        for row in report.get(f"by_{dimension}", ()):
            row["label"] = label(row["value"])


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def statistics_rows(report: dict) -> list[list]:
    """The CSV: one table of counts by dimension, then the durations."""
    header = ["维度", "项目", *stats.FACT_LABELS.values(), "调解成功率", "司法确认率"]
    rows = [[f"诉调对接统计 {report['from']} 至 {report['to']}"], header,
            ["合计", "", *report["totals"]["counts"].values(), _rate(report["totals"]["success_rate"]),
             _rate(report["totals"]["confirmation_rate"])]]
    for dimension, title in stats.DIMENSION_LABELS.items():
        for row in report[f"by_{dimension}"]:
            rows.append([title, row["label"], *row["counts"].values(), _rate(row["success_rate"]),
                         _rate(row["confirmation_rate"])])
    rows += [[], ["环节", "样本数", "中位数（小时）", "90分位（小时）"]]
    for stage, figures in report["durations"].items():
        rows.append([stats.STAGE_LABELS[stage], figures["samples"], figures["median_hours"] or "",
                     figures["p90_hours"] or ""])
    return rows
