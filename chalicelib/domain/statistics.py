"""Case statistics (统计): what each case event adds to the monthly aggregates, and the report read from them.

The issue 13 report (CONTRACT R2 `GET /reports/statistics`) counts what happened in a period:
cases received, assigned, accepted, mediations settled / failed / terminated (调解成功 / 不成 /
终止), confirmations requested and ruled (司法确认 / 驳回), cases filed and closed, each by month and
by dispute category, source (court 法院委派委托 / direct 当事人直接申请), court, organization and
mediator; and how long cases took from receipt (收案) to assignment, acceptance, outcome and ruling.

Every fact belongs to the month (China time) it happened in, so a month's figures never change once
it is over, and a report over any run of months is the sum of its months. A counter is named
`fact|dimension|value` (`outcome:settled|mediator|m-wang`, `received|all|`); a duration sample is a
whole number of seconds under `stage`.

Success rate (调解成功率) = settled / (settled + failed + terminated): the mediations that ended.
Durations: median and 90th percentile by nearest rank, over every sample of the period.
"""
from __future__ import annotations

import math
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from chalicelib.domain import events as ev
from chalicelib.domain.deadlines import CHINA, parse_iso

ALL = "all"
DIMENSIONS = ("month", "status", "category", "source", "court", "organization", "mediator")
SOURCE_OF = {"court": "court", "party": "direct"}  # the case's `source` → the report's court/direct
RESULTS = ("settled", "failed", "terminated")
RULINGS = ("confirmed", "rejected")
STAGES = ("assignment", "acceptance", "outcome", "ruling")  # each measured from receipt
# The status a case enters with each fact (the report's "by status": entries into each status in the period).
STATUS_OF = {"received": "received", "assigned": "assigned", "accepted": "mediating",
             "outcome:settled": "settled", "outcome:failed": "failed", "outcome:terminated": "terminated",
             "confirmation_requested": "confirmation_requested", "ruling:confirmed": "confirmed",
             "ruling:rejected": "confirmation_rejected", "filed": "filed", "closed": "closed"}
FACTS = tuple(STATUS_OF)
MAX_MONTHS = 36
EXAMPLE_SLOTS = 3  # settled cases kept per category and month for the experience summary's digest


@dataclass(frozen=True)
class CaseFacts:
    """What one committed change adds: counter increments and duration samples, all in one month."""

    month: str
    counts: dict[str, int] = field(default_factory=dict)
    durations: dict[str, list[int]] = field(default_factory=dict)
    # "{category}|{slot}" → a settled case id, kept only if the slot is empty (the digest's pool, EXAMPLE_SLOTS a
    # category and month: bounded however many cases settle)
    examples: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.counts or self.durations)


def month_of(moment: datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m")


def _dimensions(case, with_mediator: bool) -> dict[str, str | None]:
    return {"category": case.dispute_category or "unclassified", "source": SOURCE_OF.get(case.source, case.source),
            "court": case.court_id, "organization": case.org_id,
            "mediator": case.mediator_id if with_mediator else None}


def _received(case, event):
    return "received", False, None


def _assigned(case, event):
    return "assigned", True, "assignment"


def _accepted(case, event):
    return "accepted", True, "acceptance"


def _ended(case, event):
    return f"outcome:{event.result}", True, "outcome"


def _requested(case, event):
    return "confirmation_requested", True, None


def _ruled(case, event):
    return f"ruling:{event.ruling}", True, "ruling"


def _filed(case, event):
    return "filed", False, None


def _closed(case, event):
    return "closed", False, None


# event type → (fact, whether the mediator is a dimension of it, the duration stage it ends or None)
PROJECTION = {ev.CaseReceived: _received, ev.MediatorAssigned: _assigned, ev.CaseAccepted: _accepted,
              ev.MediationEnded: _ended, ev.ConfirmationRequested: _requested, ev.ConfirmationRuled: _ruled,
              ev.CaseFiled: _filed, ev.CaseClosed: _closed}


def facts_of(case, events: list[ev.Event]) -> CaseFacts:
    """The aggregates one committed change of `case` adds (its events all happened at `case.updated_at`)."""
    at = parse_iso(case.updated_at or case.created_at)
    counts: Counter = Counter()
    durations: dict[str, list[int]] = {}
    examples: dict[str, str] = {}
    for event in events:
        project = PROJECTION.get(type(event))
        if project is None:
            continue
        fact, with_mediator, stage = project(case, event)
        counts[f"{fact}|{ALL}|"] += 1
        for dimension, value in _dimensions(case, with_mediator).items():
            if value:
                counts[f"{fact}|{dimension}|{value}"] += 1
        if stage:
            seconds = max(0, int((at - parse_iso(case.created_at)).total_seconds()))
            durations.setdefault(stage, []).append(seconds)
        if fact == "outcome:settled":
            slot = zlib.crc32(case.case_id.encode()) % EXAMPLE_SLOTS
            examples[f"{case.dispute_category or 'unclassified'}|{slot}"] = case.case_id
    return CaseFacts(month_of(at), dict(counts), durations, examples)


# ---- reading the aggregates back ----

def next_month(month: str) -> str:
    y, m = map(int, month.split("-"))
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM, inclusive)."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def percentile(samples: list[int], fraction: float) -> int | None:
    """Nearest-rank percentile: the smallest sample with at least `fraction` of the samples at or below it."""
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def success_rate(counts: dict[str, int]) -> float | None:
    ended = sum(counts.get(f"outcome:{r}", 0) for r in RESULTS)
    return round(counts.get("outcome:settled", 0) / ended, 4) if ended else None


def confirmation_rate(counts: dict[str, int]) -> float | None:
    ruled = sum(counts.get(f"ruling:{r}", 0) for r in RULINGS)
    return round(counts.get("ruling:confirmed", 0) / ruled, 4) if ruled else None


def _row(value: str, counts: dict[str, int]) -> dict:
    return {"value": value, "counts": {f: counts.get(f, 0) for f in FACTS}, "success_rate": success_rate(counts),
            "confirmation_rate": confirmation_rate(counts)}


def _hours(seconds: int | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def summarise(months: dict[str, dict], first: str, last: str) -> dict:
    """The report over `first`..`last` from per-month aggregates {month: {"counts": {...}, "durations": {...}}}."""
    totals: Counter = Counter()
    by: dict[str, dict[str, Counter]] = {d: {} for d in DIMENSIONS if d not in ("month", "status")}
    samples: dict[str, list[int]] = {stage: [] for stage in STAGES}
    by_month = []
    for month in months_between(first, last):
        aggregate = months.get(month) or {}
        month_counts: Counter = Counter()
        for name, n in (aggregate.get("counts") or {}).items():
            fact, dimension, value = name.split("|", 2)
            if dimension == ALL:
                month_counts[fact] += n
            elif dimension in by:
                by[dimension].setdefault(value, Counter())[fact] += n
        totals.update(month_counts)
        for stage, values in (aggregate.get("durations") or {}).items():
            samples.setdefault(stage, []).extend(values)
        by_month.append(_row(month, month_counts))
    return {
        "from": first, "to": last,
        "totals": _row("", totals),
        "by_status": {STATUS_OF[f]: totals.get(f, 0) for f in FACTS},
        "by_month": by_month,
        **{f"by_{d}": [_row(v, c) for v, c in sorted(rows.items())] for d, rows in by.items()},
        "durations": {stage: {"samples": len(samples[stage]),
                              "median_hours": _hours(percentile(samples[stage], 0.5)),
                              "p90_hours": _hours(percentile(samples[stage], 0.9))} for stage in STAGES},
        "confirmations": {"requested": totals.get("confirmation_requested", 0),
                          "confirmed": totals.get("ruling:confirmed", 0),
                          "rejected": totals.get("ruling:rejected", 0), "rate": confirmation_rate(totals)},
    }


def parse_month(value: str | None, default: date) -> str:
    """A report bound (YYYY-MM); None gives `default`'s month. ValueError when it is not one."""
    if not value:
        return default.strftime("%Y-%m")
    parsed = datetime.strptime(value, "%Y-%m")
    return parsed.strftime("%Y-%m")


# ---- words for people (the CSV and the printed report) ----
FACT_LABELS = {"received": "收案", "assigned": "指派", "accepted": "受理调解", "outcome:settled": "调解成功",
               "outcome:failed": "调解不成", "outcome:terminated": "终止调解", "confirmation_requested": "申请司法确认",
               "ruling:confirmed": "裁定确认", "ruling:rejected": "裁定驳回", "filed": "立案", "closed": "结案"}
DIMENSION_LABELS = {"month": "月份", "category": "纠纷类型", "source": "来源", "court": "法院",
                    "organization": "调解组织", "mediator": "调解员"}
SOURCE_LABELS = {"court": "法院委派/委托", "direct": "当事人直接申请"}
STAGE_LABELS = {"assignment": "收案至指派", "acceptance": "收案至受理调解", "outcome": "收案至调解结果",
                "ruling": "收案至司法确认裁定"}
