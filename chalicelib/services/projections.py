"""What a committed change adds to the reports: statistics aggregates and subsidy ledger rows (issue 13).

`project` is called once by the unit of work (services.changes.commit) after a change of a case is
stored, with the events of that change. The case version just written keys every write, so a change
projected twice (a retried call) counts once. A report write that fails is logged and does not fail
the case's change: the case is the record, the aggregates are derived from it.
"""
from __future__ import annotations

from chalicelib.domain import statistics, subsidies
from chalicelib.domain.deadlines import china_date, parse_iso
from chalicelib.observability import logger
from chalicelib.services.dependencies import Deps


def project(deps: Deps, case, events: list) -> None:
    if deps.reports is None or not events:
        return
    try:
        _count(deps, case, events)
        _ledger(deps, case, events)
    except Exception:  # noqa: BLE001 — a report must never undo or block a case's change
        logger().exception("the reports missed a change", extra={"case_id": case.case_id,
                                                                  "version": case.version})


def _count(deps: Deps, case, events: list) -> None:
    facts = statistics.facts_of(case, events)
    if not facts:
        return
    scopes = [f"STATS#ORG#{case.org_id}"] * bool(case.org_id) + [f"STATS#COURT#{case.court_id}"] * bool(case.court_id)
    if scopes:
        deps.reports.add_facts(case.case_id, case.version, scopes, facts.month, facts.counts,
                               {f"d|{k}": v for k, v in facts.durations.items()},
                               {f"e|{k}": v for k, v in facts.examples.items()})


def _ledger(deps: Deps, case, events: list) -> None:
    at = parse_iso(case.updated_at or case.created_at)
    for event in events:
        entry = subsidies.entry_for(case, event, china_date(at))
        if entry is None or not case.org_id:
            continue
        common = {"case_id": case.case_id, "month": statistics.month_of(at), "version": case.version,
                  "at": case.updated_at}
        if entry.kind == subsidies.EARNED:
            deps.reports.earn(org_id=case.org_id, rule_id=entry.rule_id, amount=entry.amount,
                              mediator_id=case.mediator_id, court_id=case.court_id,
                              source=statistics.SOURCE_OF.get(case.source, case.source), **common)
        else:
            deps.reports.reverse(**common)
