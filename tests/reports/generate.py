"""A varied set of cases driven through the domain and the unit of work (services.changes.commit),
as the services drive them: court and direct cases, every category, every ending, declines,
rulings both ways, over several months and two courts."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from chalicelib.domain.case import Case
from chalicelib.domain.parties import parties_from
from chalicelib.domain.roster import CATEGORIES, Court
from chalicelib.services.unit_of_work import commit
from tests.integration.support import APPLICANT, RESPONDENT

START = datetime(2026, 1, 3, 1, 0, tzinfo=timezone.utc)
ENDINGS = ("confirmed", "rejected", "closed", "failed", "terminated", "settled", "mediating", "assigned",
           "declined_then_confirmed", "received")


def second_court(deps) -> None:
    weibin = deps.roster.court("weibin", fresh=True)
    deps.roster.save_court(Court(**{**vars(weibin), "court_id": "hongqi", "name": "新乡市红旗区人民法院",
                                    "webhook_secret": None}))


def generate(deps, clock, mediators: list[str], n: int = 30, seed: int = 13, prefix: str = "G",
             start: datetime = START) -> list[str]:
    rng = random.Random(seed)
    ids = []
    for i in range(n):
        clock.now = start + timedelta(days=rng.randint(0, 100), hours=rng.randint(0, 23))
        ending = ENDINGS[i % len(ENDINGS)]
        court = (None, "weibin", "hongqi")[i % 3]
        case = open_case(deps, clock, f"C{start.year}{prefix}{i:04d}", court, CATEGORIES[i % len(CATEGORIES)],
                         f"{rng.choice([8000, 42000, 120000, 760000])}.00")
        ids.append(case.case_id)
        if ending == "received":
            continue
        _step(deps, clock, rng, case, lambda c, now: c.request_assignment(now))
        first = mediators[i % len(mediators)]
        _step(deps, clock, rng, case, lambda c, now: c.assign(first, now, now + timedelta(days=3)))
        if ending == "assigned":
            continue
        if ending == "declined_then_confirmed":
            _step(deps, clock, rng, case, lambda c, now: c.decline(first, "利益冲突", now))
            second = mediators[(i + 1) % len(mediators)]
            _step(deps, clock, rng, case, lambda c, now: c.assign(second, now, now + timedelta(days=3)))
            ending = "confirmed"
        mediator = case.mediator_id
        _step(deps, clock, rng, case, lambda c, now: c.accept(mediator, now, now + timedelta(days=30), []))
        if ending == "mediating":
            continue
        if ending == "failed":
            _step(deps, clock, rng, case, lambda c, now: c.fail("分歧过大", {
                "basic_facts": "事实", "reasons": "分歧", "disputed_points": "金额"}, now))
            continue
        if ending == "terminated":
            _step(deps, clock, rng, case, lambda c, now: c.terminate("申请人撤回", now, f"mediator:{mediator}"))
            continue
        _step(deps, clock, rng, case, lambda c, now: c.settle({"terms": ["被申请人于月底前付清"]}, now))
        if ending == "settled":
            continue
        if ending == "closed":
            _step(deps, clock, rng, case, lambda c, now: c.close("已自动履行", now, "org_admin:xx-sme"))
            continue
        _step(deps, clock, rng, case, _consent_and_apply)
        ruling = "confirmed" if ending == "confirmed" else "rejected"
        _step(deps, clock, rng, case, lambda c, now: c.rule(ruling, "（2026）豫0703民特1号", None, now))
    return ids


def _consent_and_apply(case, now) -> None:
    """Every party consents and the application leaves, as services.confirmation does it."""
    for name in case.party_names:
        case.consent(name, now)
    case.apply_for_confirmation("confirmation-application", "<p>申请书</p>", "0" * 64, materials=[])


def open_case(deps, clock, case_id: str, court: str | None, category: str = "contract",
              claim_amount: str = "42000.00") -> Case:
    case = Case.open(case_id, clock(), "test", source="court" if court else "party",
                     procedure="pre_filing", referral="delegated" if court else None, court_id=court,
                     org_id="xx-sme", dispute_category=category, claim_amount=claim_amount,
                     facts="申请人秦涵（电话13784660762）诉称被申请人拖欠款项。",
                     applicants=parties_from([APPLICANT]), respondents=parties_from([RESPONDENT]))
    case.phone_verified = True
    commit(deps, case, new=True)
    return case


def settle(deps, clock, case, mediator: str) -> None:
    """From received to settled, a few hours a step."""
    for change in (lambda c, now: c.request_assignment(now),
                   lambda c, now: c.assign(mediator, now, now + timedelta(days=3)),
                   lambda c, now: c.accept(mediator, now, now + timedelta(days=30), []),
                   lambda c, now: c.settle({"terms": ["被申请人于月底前付清"]}, now)):
        clock.now += timedelta(hours=2)
        change(case, clock())
        commit(deps, case)


def _step(deps, clock, rng, case, change) -> None:
    clock.now += timedelta(hours=rng.randint(1, 120))
    change(case, clock())
    commit(deps, case)
