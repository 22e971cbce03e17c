"""Reports bench: what one report costs in DynamoDB requests at 10,000 cases (issue 13: no Scan).

    .venv/bin/python bench/reports.py [--cases N]

A year of N synthetic cases (every category, three courts, twenty mediators, every ending) is
driven through the domain (Case methods, as the services drive them) in memory; each change's
aggregate contribution is computed by `domain.statistics.facts_of`, exactly as the unit of work's
projection computes it. Writing them one change at a time through moto would take hours (moto
copies its tables on every transaction), so the bench sums them per scope and month first and
writes each sum with one `ReportsStore.add_facts` (ADD is additive: the stored items are the same
as after every change's own write; in parts, as an update expression holds at most 4 KB). The
settled cases' subsidy rows are written one by one through `ReportsStore.earn` (without moto's
per-transaction table copies, see _no_rollback_copies). Then each report is produced through its
service with the real adapters on moto and every AWS request is counted with a botocore hook (bench/pipeline.RequestCounter).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

COURTS = ("weibin", "hongqi", "muye")
YEAR_START = datetime(2026, 1, 1, 1, tzinfo=timezone.utc)
ENDINGS = (("confirmed", 30), ("closed", 15), ("rejected", 4), ("failed", 20), ("terminated", 8), ("settled", 8),
           ("mediating", 8), ("pending", 7))


def synthesise(n: int, mediators: list[str], seed: int = 2026):
    """(cases, facts per (scope, month), settled cases) for n cases received over 2026."""
    from chalicelib.domain import statistics
    from chalicelib.domain.case import Case
    from chalicelib.domain.parties import parties_from
    from chalicelib.domain.roster import CATEGORIES

    rng = random.Random(seed)
    endings = [e for e, weight in ENDINGS for _ in range(weight)]
    sums: dict[tuple[str, str], dict] = defaultdict(lambda: {"counts": Counter(), "lists": defaultdict(list),
                                                             "firsts": {}})
    settled = []
    party = parties_from([{"name": "申请人"}]), parties_from([{"name": "被申请人"}])

    def change(case, apply, hours):
        now = datetime.fromisoformat(case.updated_at.replace("Z", "+00:00")) + timedelta(hours=hours)
        apply(case, now)
        case.version = (case.version or 0) + 1
        facts = statistics.facts_of(case, case.take_events())
        for scope in (f"STATS#ORG#{case.org_id}", *([f"STATS#COURT#{case.court_id}"] if case.court_id else [])):
            sums[(scope, facts.month)]["counts"].update(facts.counts)
            for name, values in facts.durations.items():
                sums[(scope, facts.month)]["lists"][f"d|{name}"].extend(values)
            for name, case_id in facts.examples.items():
                sums[(scope, facts.month)]["firsts"].setdefault(f"e|{name}", case_id)  # the first one stays

    for i in range(n):
        court = rng.choice(COURTS + (None, None))
        opened = YEAR_START + timedelta(minutes=rng.randint(0, 330 * 24 * 60))
        case = Case.open(f"C2026bench{i:05d}", opened, "bench", source="court" if court else "party",
                         procedure="pre_filing", referral="delegated" if court else None, court_id=court,
                         org_id="xx-sme", dispute_category=rng.choice(CATEGORIES),
                         claim_amount=f"{rng.randint(1, 900) * 1000}.00", applicants=party[0], respondents=party[1])
        case.phone_verified = True
        change(case, lambda c, now: None, 0)
        ending = rng.choice(endings)
        if ending == "pending":
            continue
        mediator = rng.choice(mediators)
        change(case, lambda c, now: c.request_assignment(now), 0)
        change(case, lambda c, now: c.assign(mediator, now, now + timedelta(days=3)), rng.randint(1, 30))
        change(case, lambda c, now: c.accept(mediator, now, now + timedelta(days=30), []), rng.randint(2, 72))
        if ending == "mediating":
            continue
        if ending == "failed":
            change(case, lambda c, now: c.fail("分歧", {"basic_facts": "a", "reasons": "b", "disputed_points": "c"},
                                               now), rng.randint(24, 720))
            continue
        if ending == "terminated":
            change(case, lambda c, now: c.terminate("撤回", now, "mediator"), rng.randint(24, 720))
            continue
        change(case, lambda c, now: c.settle({"terms": ["付清"]}, now), rng.randint(24, 720))
        settled.append(case)
        if ending == "closed":
            change(case, lambda c, now: c.close("已履行", now, "org_admin"), rng.randint(24, 240))
        elif ending in ("confirmed", "rejected"):
            change(case, lambda c, now: [c.consent(p, now) for p in c.party_names], rng.randint(1, 72))
            ruling = "confirmed" if ending == "confirmed" else "rejected"
            change(case, lambda c, now: c.rule(ruling, "（2026）民特1号", None, now), rng.randint(24, 360))
    return sums, settled


@contextmanager
def _no_rollback_copies():
    """moto deep-copies a table for every item of a transaction, to roll back if it fails: with thousands of
    items that is a second a write. The bench's writes never fail (checked), so it writes without the copy."""
    import moto.dynamodb.models as models

    real = models.copy
    models.copy = SimpleNamespace(deepcopy=lambda x: x if isinstance(x, models.Table) else real.deepcopy(x))
    try:
        yield
    finally:
        models.copy = real


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args(argv)

    import os

    from moto import mock_aws
    from pipeline import RequestCounter

    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1",
                       "AWS_DEFAULT_REGION": "us-east-1", "LOG_LEVEL": "WARNING"})
    os.environ.pop("SUTIAO_AWS_ENDPOINT_URL", None)
    with mock_aws(), _no_rollback_copies():
        from chalicelib import aws
        from chalicelib.auth import Principal
        from chalicelib.bootstrap import bootstrap
        from chalicelib.domain.roster import Court, Mediator
        from chalicelib.domain.statistics import month_of
        from chalicelib.localstack.resources import create_stack, load_template
        from chalicelib.services.monthly_report import monthly_report
        from chalicelib.services.roster import seed_demo
        from chalicelib.services.statistics import statistics_report
        from chalicelib.services.subsidies import subsidies_report
        from chalicelib.settings import reset_settings

        reset_settings()
        template = load_template()
        os.environ.update(create_stack(template, aws.client, "us-east-1",
                                       {"PublicBaseUrl": "http://127.0.0.1:8000"}).environment(template))
        reset_settings()
        clock = {"now": datetime(2026, 12, 31, 8, tzinfo=timezone.utc)}
        deps = bootstrap(clock=lambda: clock["now"])
        seed_demo(deps)
        for court in COURTS[1:]:
            deps.roster.save_court(Court(court, f"{court}法院", org_id="xx-sme"))
        mediators = [f"m-bench-{i:02d}" for i in range(20)]
        for m in mediators:
            deps.roster.add_mediator(Mediator(m, f"调解员{m[-2:]}", "xx-sme", specialties=["contract"]))

        started = time.perf_counter()
        sums, settled = synthesise(args.cases, mediators)
        for (scope, month), s in sums.items():  # in parts: an update expression holds at most 4 KB
            counts, lists = sorted(s["counts"].items()), sorted(s["lists"].items())
            parts = [(dict(counts[i:i + 20]), {}, {}) for i in range(0, len(counts), 20)]
            parts += [({}, dict([pair]), {}) for pair in lists] + ([({}, {}, s["firsts"])] if s["firsts"] else [])
            for n, (part_counts, part_lists, firsts) in enumerate(parts):
                deps.reports.add_facts(f"bench-{scope}-{n}", month, [scope], month, part_counts, part_lists, firsts)
        from chalicelib.domain import subsidies

        written = expected = 0
        for case in settled:
            rule = subsidies.rule_for(case, datetime.fromisoformat(case.updated_at.replace("Z", "+00:00")).date())
            if rule:
                expected += 1
                written += deps.reports.earn(org_id="xx-sme", month=month_of(datetime.fromisoformat(
                    case.updated_at.replace("Z", "+00:00"))), case_id=case.case_id, version=case.version,
                    rule_id=rule.rule_id, amount=rule.amount_for(case.claim_amount), mediator_id=case.mediator_id,
                    court_id=case.court_id, source=case.source, at=case.updated_at)
        assert written == expected  # no write was refused: nothing needed moto's rollback
        loaded = time.perf_counter() - started
        pages = aws.client("dynamodb").get_paginator("scan").paginate(TableName=os.environ["REPORTS_TABLE"])
        sizes = [len(json.dumps(item, default=str).encode()) for page in pages for item in page["Items"]
                 if item["pk"]["S"].startswith("STATS#")]  # the bench looks at its own table: no report does

        counter = RequestCounter().install()
        deps = bootstrap(clock=lambda: clock["now"])  # clients rebuilt, counted
        admin, clerk = Principal("org_admin", org_id="xx-sme"), Principal("court_clerk", court_id="weibin")
        reports = {
            "statistics, organization, 12 months, json": lambda: statistics_report(deps, admin, {"from": "2026-01",
                                                                                                 "to": "2026-12"}),
            "statistics, organization, 12 months, csv": lambda: statistics_report(
                deps, admin, {"from": "2026-01", "to": "2026-12", "format": "csv"}),
            "statistics, court clerk, 12 months": lambda: statistics_report(deps, clerk, {"from": "2026-01",
                                                                                          "to": "2026-12"}),
            "monthly report (2026-06), organization": lambda: monthly_report(deps, admin, {"month": "2026-06"}, "n"),
            "subsidies, organization, 12 months": lambda: subsidies_report(deps, admin, {"from": "2026-01",
                                                                                         "to": "2026-12"}),
        }
        results = {}
        for name, produce in reports.items():
            counter.take()
            began = time.perf_counter()
            produce()
            elapsed = time.perf_counter() - began
            taken = counter.take()
            results[name] = {"requests": sum(taken.values()), "by_operation": dict(sorted(taken.items())),
                             "seconds_on_moto": round(elapsed, 3)}
        counter.uninstall()

    print(json.dumps({"cases": args.cases, "settled_with_subsidy": written, "aggregate_items": len(sums),
                      "largest_month_item_json_bytes": max(sizes), "load_seconds": round(loaded, 1),
                      "reports": results}, ensure_ascii=False, indent=2))
    worst = max(r["by_operation"].get("dynamodb.Query", 0) + r["by_operation"].get("dynamodb.Scan", 0)
                for r in results.values())
    return 0 if worst and all("dynamodb.Scan" not in r["by_operation"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
