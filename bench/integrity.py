"""Integrity bench: do the signals find planted collusion in a realistic population, and how often do they
flag honest settlements?

    .venv/bin/python bench/integrity.py [--cases 2000] [--seed 13] [--thresholds FILE]

A year of synthetic cases for one mediation center (people and companies of 新乡, seven categories,
repeat litigants, a couple of lenders filing batches, honest second disputes between the same pair,
family and neighbour cases sharing addresses, large claims some of which settle in full quickly) with
50 planted patterns of the kinds chalicelib.domain.integrity names: rings of invented debts between
the same pair, sides linked by one phone or by the same legal representatives behind changing company
names, bursts of near-identical claims, large claims conceded in full within hours, payment to a
stranger, and mediators who settle everything within a day.

Events run in time order as in production: a case's lookup records are written when it opens, the
signals are read when it settles (with only the cases opened by then), and every ended mediation
updates its mediator's standing. The detection is the production code (`index_rows`, `signals`,
`standing`) on in-memory records instead of DynamoDB partitions.

Prints recall over the 50 patterns (a pattern is found when any of its settled cases is held), recall
over planted cases, and the false-flag rate over honest settled cases; targets: recall >= 0.9 and false
flags <= 2%.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chalicelib.domain.deadlines import iso  # noqa: E402
from chalicelib.domain.integrity import CaseFacts, Related, Thresholds, index_rows, signals  # noqa: E402
from chalicelib.domain.parties import Party  # noqa: E402
from chalicelib.domain.performance import outcome_record, standing  # noqa: E402

START = datetime(2025, 1, 1, 1, 0, tzinfo=timezone.utc)
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁"
            "魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志强丽娟海燕雪梅晓东文博子豪思远欣怡梓涵浩然雨轩"
DISTRICTS = ("卫滨区", "红旗区", "牧野区", "凤泉区", "新乡县", "获嘉县", "原阳县", "延津县")
ROADS = ("劳动路", "自由路", "平原路", "人民路", "胜利路", "健康路", "和平大道", "金穗大道", "新中大道", "华兰大道")
TRADES = ("食品", "建材", "机械", "商贸", "物流", "纺织", "电子", "化工", "农业", "医药", "装饰", "包装")
CATEGORY_WEIGHTS = {"contract": 45, "labor": 15, "financial": 10, "community": 8, "family": 8, "tort": 10, "other": 4}
CLAIMS = {
    "contract": ["请求被申请人支付货款{a}元及逾期付款违约金", "请求被申请人支付{g}款{a}元",
                 "请求解除双方签订的{g}买卖合同并返还预付款{a}元",
                 "请求被申请人支付加工费{a}元及利息", "请求被申请人支付租金{a}元并腾退房屋"],
    "labor": ["请求被申请人支付拖欠工资{a}元", "请求被申请人支付经济补偿金{a}元", "请求被申请人支付加班费{a}元及未签劳动合同二倍工资"],
    "financial": ["请求被申请人偿还借款本金{a}元及利息", "请求被申请人支付保险金{a}元", "请求被申请人偿还信用卡透支款{a}元"],
    "community": ["请求被申请人停止侵害并赔偿损失{a}元", "请求被申请人拆除违建并赔偿{a}元"],
    "family": ["请求分割共同财产{a}元", "请求被申请人支付抚养费{a}元", "请求继承遗产份额{a}元"],
    "tort": ["请求被申请人赔偿医疗费、误工费等共计{a}元", "请求被申请人赔偿车辆损失{a}元"],
    "other": ["请求被申请人返还{a}元"],
}
HONEST_PAYMENT = ("被申请人于{d}前向申请人支付{a}元", "被申请人于{d}前向申请人一次性支付{a}元", "被申请人于{d}前将{a}元汇入申请人指定账户",
                  "被申请人通过银行转账方式支付给{name}{a}元", "被申请人分三期向申请人支付{a}元")


@dataclass
class Sim:
    facts: CaseFacts
    mediator: str
    settled: bool
    ended_at: datetime
    pattern: str | None = None  # "kind#n" for planted cases

    @property
    def opened_at(self) -> datetime:
        return datetime.fromisoformat(self.facts.created_at)


@dataclass
class World:
    rng: random.Random
    people: list[Party] = field(default_factory=list)
    companies: list[Party] = field(default_factory=list)
    cases: list[Sim] = field(default_factory=list)
    n: int = 0

    def populate(self) -> None:
        self.people = [self.person() for _ in range(2500)]
        self.companies = [self.company() for _ in range(450)]

    def person(self, **extra) -> Party:
        r = self.rng
        name = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))
        return Party(name, "person", id_number=f"4107{r.randrange(10**13, 10**14)}", phone=self.phone(),
                     address=self.address(), **extra)

    def company(self, legal_representative: str | None = None) -> Party:
        r = self.rng
        name = f"新乡市{r.choice(SURNAMES)}{r.choice(GIVEN)}{r.choice(TRADES)}有限公司"
        return Party(name, "organization", credit_code=f"91410{r.randrange(10**12, 10**13)}X",
                     address=self.address(), phone=self.phone() if r.random() < 0.5 else None,
                     legal_representative=legal_representative or self.person().name)

    def phone(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**8, 10**9)}"

    def address(self) -> str:
        r = self.rng
        return f"河南省新乡市{r.choice(DISTRICTS)}{r.choice(ROADS)}{r.randrange(1, 400)}号"

    def case(self, opened: datetime, applicants, respondents, category: str, amount: int, mediator: str, *,
             settled: bool, days: float, claim: str | None = None, settlement: int | None = None,
             terms: tuple[str, ...] | None = None, pattern: str | None = None) -> Sim:
        self.n += 1
        accepted = opened + timedelta(days=self.rng.uniform(0.5, 3))
        ended = accepted + timedelta(days=days)
        claim = claim or self.rng.choice(CLAIMS[category]).format(a=amount, g=self.rng.choice(TRADES))
        settlement = settlement if settlement is not None else int(amount * self.rng.uniform(0.4, 0.9))
        if terms is None:
            terms = (self.rng.choice(HONEST_PAYMENT).format(d="2025年12月31日", a=settlement,
                                                            name=applicants[0].name),)
        facts = CaseFacts(f"C{self.n:05d}", iso(opened), tuple(applicants), tuple(respondents), (claim,),
                          f"{amount}.00", category, f"{settlement}.00" if settled else None,
                          terms if settled else (), iso(accepted), iso(ended) if settled else None)
        sim = Sim(facts, mediator, settled, ended, pattern)
        self.cases.append(sim)
        return sim


def honest(world: World, count: int, mediators: dict[str, tuple[float, float]]) -> None:
    """The background: what a year of honest cases at a basic court's mediation center looks like."""
    r = world.rng
    suppliers, lenders = world.companies[:25], world.companies[25:27]
    pairs: list[tuple[Party, Party, str]] = []
    categories = list(CATEGORY_WEIGHTS)
    for _ in range(count):
        opened = START + timedelta(days=r.uniform(0, 365), hours=r.uniform(0, 9))
        category = r.choices(categories, weights=list(CATEGORY_WEIGHTS.values()))[0]
        if pairs and r.random() < 0.04:  # a second dispute between the same two
            applicant, respondent, category = r.choice(pairs)
        elif category == "financial" and r.random() < 0.6:
            applicant, respondent = r.choice(lenders), r.choice(world.people)
        elif category == "contract":
            applicant = r.choice(suppliers) if r.random() < 0.3 else r.choice(world.companies + world.people)
            respondent = r.choice(world.companies if r.random() < 0.6 else world.people)
        elif category in ("family", "community"):
            applicant = r.choice(world.people)
            respondent = replace(r.choice(world.people), address=applicant.address) if r.random() < 0.5 \
                else r.choice(world.people)
        elif category == "labor":
            applicant, respondent = r.choice(world.people), r.choice(world.companies)
        else:
            applicant, respondent = r.choice(world.people), r.choice(world.people + world.companies)
        if applicant.name == respondent.name:
            continue
        pairs.append((applicant, respondent, category))
        amount = int(r.lognormvariate(10.3, 1.1))
        mediator = r.choice(list(mediators))
        rate, speed = mediators[mediator]
        settled = r.random() < rate
        days = r.uniform(0.3 * speed, 1.7 * speed)
        settlement = None
        if settled and amount >= 200_000 and r.random() < 0.03:
            settlement, days = amount, r.uniform(0.2, 0.9)  # an honest debtor who pays in full at once
        world.case(opened, [applicant], [respondent], category, amount, mediator, settled=settled, days=days,
                   settlement=settlement)


def planted(world: World, mediators: list[str]) -> None:
    """50 patterns of 恶意串通 / 虚假调解."""
    r = world.rng

    def when(span: float = 300) -> datetime:
        return START + timedelta(days=r.uniform(10, span))

    for i in range(10):  # a ring of invented debts between the same two
        a, b, first = r.choice(world.people), world.company(), when()
        for _k in range(r.choice((3, 4))):
            world.case(first + timedelta(days=r.uniform(0, 50)), [a], [b], "contract", r.randrange(50_000, 400_000),
                       r.choice(mediators), settled=True, days=r.uniform(1, 8), pattern=f"repeat_pair#{i}")
    for i in range(5):  # both sides give the same phone
        a, b = world.person(), world.company()
        b = replace(b, phone=a.phone)
        world.case(when(), [a], [b], "contract", r.randrange(80_000, 600_000), r.choice(mediators), settled=True,
                   days=r.uniform(1, 10), pattern=f"linked_phone#{i}")
    for i in range(5):  # changing company names, the same two legal representatives behind them
        rep_a, rep_b, first = world.person().name, world.person().name, when()
        for _k in range(3):
            world.case(first + timedelta(days=r.uniform(0, 90)), [world.company(rep_a)], [world.company(rep_b)],
                       "contract", r.randrange(100_000, 900_000), r.choice(mediators), settled=True,
                       days=r.uniform(1, 10), pattern=f"linked_representatives#{i}")
    for i in range(8):  # a burst of near-identical claims by one applicant
        a, first, template = world.company(), when(), "请求被申请人支付工程款{a}元及违约金"
        for _k in range(r.randrange(6, 9)):
            world.case(first + timedelta(days=r.uniform(0, 12)), [a], [r.choice(world.people)], "contract",
                       r.randrange(30_000, 120_000), r.choice(mediators), settled=True, days=r.uniform(1, 6),
                       claim=template.format(a=r.randrange(30_000, 120_000)), pattern=f"claim_burst#{i}")
    for i in range(8):  # a large amount conceded in full within hours
        amount = r.randrange(300_000, 3_000_000)
        world.case(when(), [r.choice(world.people)], [r.choice(world.companies)], "contract", amount,
                   r.choice(mediators), settled=True, days=r.uniform(0.05, 0.6), settlement=amount,
                   pattern=f"quick_full_concession#{i}")
    for i in range(8):  # the money goes to someone who is not a party
        stranger, amount = world.person().name, r.randrange(50_000, 500_000)
        world.case(when(), [r.choice(world.people)], [r.choice(world.companies)], "contract", amount,
                   r.choice(mediators), settled=True, days=r.uniform(2, 15),
                   terms=(f"被申请人于2025年12月31日前向{stranger}支付{int(amount * 0.8)}元",),
                   pattern=f"third_party_payee#{i}")


def outlier_mediators(world: World, count: int) -> list[str]:
    """Mediators who settle everything within a day (虚假调解 needs a mediator who does not look)."""
    r, ids = world.rng, []
    for i in range(count):
        mediator = f"m-outlier-{i}"
        ids.append(mediator)
        for _k in range(14):
            world.case(START + timedelta(days=r.uniform(0, 360)), [r.choice(world.people)],
                       [r.choice(world.companies)], r.choice(("contract", "other")), r.randrange(20_000, 150_000),
                       mediator, settled=True, days=r.uniform(0.1, 0.9), pattern=f"peer_outlier#{i}")
    return ids


def run(cases: list[Sim], th: Thresholds) -> dict[str, list[str]]:
    """Open, settle and end cases in time order; the held cases with their signal codes."""
    events = sorted([(c.opened_at, 0, c) for c in cases] + [(c.ended_at, 1, c) for c in cases],
                    key=lambda e: (e[0], e[1]))
    lookups: dict[str, list] = defaultdict(list)
    records: dict[str, list[dict]] = defaultdict(list)
    held = {}
    for at, kind, sim in events:
        if kind == 0:
            for row in index_rows(sim.facts, th):
                lookups[row.key].append(row)
            continue
        if sim.settled:
            related = Related({k: list(v) for k, v in lookups.items()})
            own = standing(sim.mediator, records[sim.mediator])
            peers = [standing(m, rows) for m, rows in records.items() if m != sim.mediator]
            found = signals(sim.facts, related, th, own, peers)
            if found:
                held[sim.facts.case_id] = [s.code for s in found]
        records[sim.mediator].append(outcome_record(sim.facts.case_id, "settled" if sim.settled else "failed",
                                                    sim.facts.category, sim.facts.accepted_at, iso(at)))
    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--thresholds", help="a thresholds JSON file (default: the one production ships)")
    args = parser.parse_args()
    th = Thresholds.load(args.thresholds) if args.thresholds else Thresholds.load()
    world = World(random.Random(args.seed))
    honest_mediators = {f"m-{i:02d}": (world.rng.gauss(0.62, 0.07), world.rng.uniform(8, 20)) for i in range(14)}
    world.populate()
    mediators = list(honest_mediators)
    outliers = outlier_mediators(world, 6)
    planted(world, mediators)
    honest(world, args.cases - len(world.cases), honest_mediators)

    held = run(world.cases, th)
    planted_cases = [c for c in world.cases if c.pattern]
    honest_settled = [c for c in world.cases if not c.pattern and c.settled]
    patterns: dict[str, list[Sim]] = defaultdict(list)
    for c in planted_cases:
        patterns[c.pattern].append(c)
    found = {p for p, members in patterns.items() if any(m.facts.case_id in held for m in members)}
    false_flags = [c for c in honest_settled if c.facts.case_id in held]
    by_kind = Counter(p.split("#")[0] for p in patterns)
    found_by_kind = Counter(p.split("#")[0] for p in found)
    why_false = Counter(code for c in false_flags for code in held[c.facts.case_id])

    print(f"population: {len(world.cases)} cases ({len(planted_cases)} planted in {len(patterns)} patterns, "
          f"{len(world.cases) - len(planted_cases)} honest, {len(honest_settled)} honest settled), "
          f"{len(honest_mediators)} honest mediators + {len(outliers)} outliers, seed {args.seed}")
    print(f"pattern recall: {len(found)}/{len(patterns)} = {len(found) / len(patterns):.3f}   (target >= 0.9)")
    hits = sum(c.facts.case_id in held for c in planted_cases)
    print(f"planted-case recall: {hits}/{len(planted_cases)} = {hits / len(planted_cases):.3f}")
    print(f"false flags: {len(false_flags)}/{len(honest_settled)} honest settled = "
          f"{len(false_flags) / len(honest_settled):.2%}   (target <= 2%)")
    for kind in sorted(by_kind):
        print(f"  {kind:24s} {found_by_kind[kind]}/{by_kind[kind]} patterns found")
    if why_false:
        print("  false flags by signal: " + ", ".join(f"{k} {v}" for k, v in why_false.most_common()))
    ok = len(found) / len(patterns) >= 0.9 and len(false_flags) / len(honest_settled) <= 0.02
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
