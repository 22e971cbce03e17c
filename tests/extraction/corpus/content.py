"""What each generated document says, and the truth the engine must read back.

A `Application` (调解申请书) or `Agreement` (调解协议书) is layout-free: the
producers in this package decide how it looks.  `truth()` gives CONTRACT
section 2's shape (without "file" and "pages", which the producer knows).

Conventions the ground truth follows (the contract leaves them open):
- `claims` and `terms` are the items without their numbering or final `；`/`。`.
- `claim_amount` sums every amount written in 请求事项; null when none names money.
- `settlement_amount` sums what the terms order paid (not money waived);
  `performance_deadline` is the last date by which anything must be done.
- Agreements carry `dispute_category` (as the samples do); `facts` is not
  asserted for them, and the other application-only keys are null.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from .fake import COURTS, MONEY_STYLES, ORGANIZATIONS, Faker, Party, write_date, write_days, write_money, write_phone

CATEGORIES = ("labor", "financial", "contract", "community", "family", "tort", "other")


@dataclass
class Claim:
    text: str
    amounts: list[Decimal] = field(default_factory=list)


@dataclass
class Styles:
    """How one document writes dates, money, phones and ids."""
    date: str
    money: str
    phone: str = "plain"
    id_lower_x: bool = False  # ids ending in X are printed with a lower-case x
    mixed_money: bool = False  # each amount in claims written its own way


@dataclass
class Dispute:
    """Category content: claims for an application, the matter for an agreement."""
    category: str
    claims: list[Claim]
    facts: list[str]
    payment_subject: str | None  # what the respondent pays under an agreement (None: no money)
    non_money_term: str | None = None  # template ({payer}, {payee}, {due}) when nothing is paid


def _money(faker: Faker, styles: Styles, low: int, high: int) -> tuple[str, Decimal]:
    amount = faker.amount(low, high, cents=faker.rng.random() < 0.15)
    style = faker.rng.choice(MONEY_STYLES) if styles.mixed_money else styles.money
    return write_money(amount, style), amount


def _claim(template: str, faker: Faker, styles: Styles, *ranges: tuple[int, int]) -> Claim:
    written, amounts = [], []
    for low, high in ranges:
        text, amount = _money(faker, styles, low, high)
        written.append(text)
        amounts.append(amount)
    return Claim(template.format(*written), amounts)


def _d(faker: Faker, styles: Styles, start: dt.date, end: dt.date) -> tuple[str, dt.date]:
    day = faker.date_between(start, end)
    return write_date(day, styles.date), day


def labor(faker: Faker, s: Styles, today: dt.date) -> Dispute:
    rng = faker.rng
    hired, _ = _d(faker, s, today - dt.timedelta(days=2500), today - dt.timedelta(days=900))
    stop, stop_day = _d(faker, s, today - dt.timedelta(days=400), today - dt.timedelta(days=120))
    job = rng.choice(["仓库管理", "机床操作", "销售", "会计", "司机", "厨师"])
    wage = rng.choice([3500, 4200, 4800, 5500, 6000])
    claims = [_claim("请求被申请人支付拖欠的工资{}", faker, s, (8000, 40000))]
    if rng.random() < 0.6:
        claims.append(_claim("请求被申请人支付解除劳动合同经济补偿金{}", faker, s, (10000, 60000)))
    if rng.random() < 0.4:  # a claim that names months before its amount
        period = f"{stop_day.year}年1月至{stop_day.year}年{max(stop_day.month, 2)}月"
        claims.append(_claim(f"请求被申请人支付{period}期间的加班费{{}}", faker, s, (2000, 9000)))
    if rng.random() < 0.3:
        claims.append(Claim("请求被申请人为申请人补缴在职期间的社会保险费"))
    facts = [f"申请人于{hired}入职被申请人处，从事{job}工作，双方签订了书面劳动合同，约定月工资{wage}元。"
             f"自{stop}起，被申请人以经营困难为由拖欠申请人工资，经申请人多次催要未果。",
             "此后被申请人单方解除与申请人的劳动关系，未依法支付经济补偿金，双方由此发生劳动争议。"]
    return Dispute("labor", claims, facts, rng.choice(["拖欠工资及经济补偿金", "劳动报酬"]))


def financial(faker: Faker, s: Styles, today: dt.date) -> Dispute:
    rng = faker.rng
    start, _ = _d(faker, s, today - dt.timedelta(days=900), today - dt.timedelta(days=500))
    event, _ = _d(faker, s, today - dt.timedelta(days=450), today - dt.timedelta(days=200))
    kind = rng.choice(["insurance", "securities", "futures"])
    if kind == "insurance":
        cover = rng.choice(["企业财产保险", "货物运输保险", "机动车商业保险"])
        claims = [_claim("请求被申请人支付保险理赔款{}", faker, s, (20000, 300000))]
        facts = [f"申请人于{start}在被申请人处投保了{cover}，保险期间为一年。{event}，保险标的因暴雨受损，"
                 "申请人依约向被申请人申请理赔，被申请人以免责条款为由拒绝赔付，双方发生保险合同纠纷。"]
        subject = "保险理赔款"
    elif kind == "securities":
        claims = [_claim("请求被申请人赔偿证券投资损失{}", faker, s, (30000, 200000))]
        if rng.random() < 0.5:
            claims.append(_claim("请求被申请人返还收取的投资顾问服务费{}", faker, s, (3000, 20000)))
        facts = [f"{start}，申请人在被申请人营业部开立证券账户，被申请人工作人员向申请人推介高风险股票收益凭证，"
                 "未进行风险测评，亦未充分揭示投资风险。", f"{event}，该产品兑付失败，申请人遭受投资损失，双方发生证券虚假陈述责任纠纷。"]
        subject = "证券投资损失赔偿款"
    else:
        claims = [_claim("请求被申请人赔偿期货交易损失{}", faker, s, (50000, 400000))]
        facts = [f"申请人于{start}通过被申请人开立期货账户，{event}，被申请人在申请人保证金充足的情况下违规强行平仓，"
                 "致使申请人期货交易损失扩大，双方发生期货经纪合同纠纷。"]
        subject = "期货交易损失赔偿款"
    return Dispute("financial", claims, facts, subject)


def contract(faker: Faker, s: Styles, today: dt.date) -> Dispute:
    rng = faker.rng
    signed, _ = _d(faker, s, today - dt.timedelta(days=800), today - dt.timedelta(days=300))
    kind = rng.choice(["sale", "lease", "work", "loan"])
    if kind == "sale":
        goods = rng.choice(["小麦", "钢材", "电线电缆", "包装纸箱", "化肥"])
        claims = [_claim("请求被申请人支付货款{}", faker, s, (20000, 500000))]
        claims.append(_claim("请求被申请人支付逾期付款违约金{}", faker, s, (1000, 20000))
                      if rng.random() < 0.5 else Claim(rng.choice([
                          "请求被申请人支付逾期付款违约金",
                          "请求被申请人支付逾期付款违约金（以未付货款为基数，按全国银行间同业拆借中心公布的"
                          "一年期贷款市场报价利率计算至实际付清之日止）"])))
        facts = [f"{signed}，申请人与被申请人签订《{goods}买卖合同》，约定由申请人向被申请人供应{goods}，"
                 "被申请人在收货后三十日内付清货款。", "申请人已依约交付全部货物，被申请人至今未支付货款，已构成违约。"]
        subject = "货款"
    elif kind == "lease":
        claims = [_claim("请求被申请人支付拖欠的租金{}", faker, s, (10000, 150000)),
                  Claim("请求解除双方签订的《房屋租赁合同》")]
        facts = [f"{signed}，申请人与被申请人签订《房屋租赁合同》，约定被申请人承租申请人所有的门面房用于经营，租期三年，"
                 "租金按季度支付。", "被申请人自第二年起未按约支付租金，经申请人多次催告仍未支付。"]
        subject = "租金"
    elif kind == "work":
        claims = [_claim("请求被申请人支付加工费{}", faker, s, (10000, 200000))]
        facts = [f"{signed}，申请人与被申请人签订《加工承揽合同》，约定由申请人为被申请人加工机械配件，"
                 "被申请人验收合格后付清加工费。", "申请人按约交付了全部加工成果并经被申请人验收，被申请人拖欠加工费至今未付。"]
        subject = "加工费"
    else:
        rate = rng.choice(["", "（按年利率3.85%计算至实际清偿之日）", "（按年利率4.35%计算）"])  # a rate is not money
        claims = [_claim("请求被申请人偿还借款本金{}及利息{}" + rate, faker, s, (20000, 300000), (1000, 30000))]
        facts = [f"{signed}，被申请人因资金周转向申请人借款，双方签订《借款合同》，约定借款期限一年，",
                 "申请人已通过转账方式交付借款，借款到期后被申请人未偿还本息，双方发生民间借贷纠纷。"]
        subject = "借款本息"
    return Dispute("contract", claims, facts, subject)


def community(faker: Faker, s: Styles, today: dt.date) -> Dispute:
    rng = faker.rng
    when, _ = _d(faker, s, today - dt.timedelta(days=500), today - dt.timedelta(days=100))
    kind = rng.choice(["neighbour", "land", "relocation"])
    if kind == "neighbour":
        claims = [Claim("请求被申请人拆除其在双方宅院之间通道上搭建的彩钢棚，恢复通行")]
        if rng.random() < 0.6:
            claims.append(_claim("请求被申请人赔偿因排水不畅造成的房屋损失{}", faker, s, (3000, 30000)))
        facts = [f"申请人与被申请人系同村邻居，宅院相邻。{when}，被申请人在双方共用通道上搭建彩钢棚，"
                 "堵塞通行并致雨水倒灌申请人院内，双方因相邻关系发生纠纷，经村委会协调未果。"]
        return Dispute("community", claims, facts, "房屋损失赔偿款" if len(claims) > 1 else None,
                       "{payer}于{due}前拆除其在双方宅院之间通道上搭建的彩钢棚，恢复通行")
    if kind == "land":
        acres = rng.randint(2, 9)
        claims = [_claim("请求被申请人支付土地流转费{}", faker, s, (5000, 80000)),
                  Claim(f"请求确认申请人对{acres}亩承包地享有土地承包经营权")]
        facts = [f"申请人系本村集体经济组织成员，依法承包村集体土地{acres}亩。{when}，被申请人未经申请人同意，"
                 "将上述农村土地流转给他人耕种，拒不支付土地流转费，双方发生农村土地承包经营纠纷。"]
        return Dispute("community", claims, facts, "土地流转费")
    claims = [_claim("请求被申请人支付拆迁安置补偿款{}", faker, s, (50000, 400000))]
    facts = [f"申请人的房屋位于旧城改造征收范围内，{when}，申请人与被申请人签订《房屋拆迁安置补偿协议》，"
             "申请人已按约腾空并交付房屋，被申请人至今未足额支付拆迁安置补偿款。"]
    return Dispute("community", claims, facts, "拆迁安置补偿款")


def family(faker: Faker, s: Styles, today: dt.date) -> Dispute:
    rng = faker.rng
    when, _ = _d(faker, s, today - dt.timedelta(days=3000), today - dt.timedelta(days=400))
    kind = rng.choice(["support", "inheritance", "divorce"])
    if kind == "support":
        claims = [_claim("请求被申请人每月支付子女抚养费{}", faker, s, (800, 3000))]
        facts = [f"申请人与被申请人原系夫妻关系，婚后育有一子，{when}双方协议离婚，约定婚生子由申请人抚养，"
                 "被申请人每月支付抚养费。", "离婚后被申请人未按约支付抚养费，双方发生抚养纠纷。"]
        return Dispute("family", claims, facts, "子女抚养费")
    if kind == "inheritance":
        deceased = faker.person_name()
        claims = [Claim(f"请求依法分割被继承人{deceased}遗留的位于{faker.address()}的房产一套")]
        if rng.random() < 0.6:
            claims.append(_claim("请求被申请人返还代为保管的被继承人遗产存款{}", faker, s, (20000, 200000)))
        facts = [f"被继承人{deceased}于{when}因病去世，生前未立遗嘱。申请人与被申请人均为其子女，系第一顺序法定继承人，",
                 "双方因遗产继承分割事宜协商未果，发生继承纠纷。"]
        return Dispute("family", claims, facts, "遗产折价款" if len(claims) > 1 else None,
                       "{payer}于{due}前配合{payee}办理被继承人遗留房产的继承过户手续")
    claims = [_claim("请求被申请人支付离婚后共同财产房屋折价款{}", faker, s, (50000, 400000))]
    facts = [f"申请人与被申请人原系夫妻，{when}登记离婚。婚姻关系存续期间购置的房屋一套离婚时未予分割，"
             "现由被申请人居住使用，双方就夫妻共同财产分割发生离婚后财产纠纷。"]
    return Dispute("family", claims, facts, "房屋折价款")


def tort(faker: Faker, s: Styles, today: dt.date) -> Dispute:
    rng = faker.rng
    when, _ = _d(faker, s, today - dt.timedelta(days=400), today - dt.timedelta(days=60))
    if rng.random() < 0.6:
        plate = f"豫G{rng.choice('ABCDEFH')}{rng.randint(10000, 99999)}"
        claims = [_claim("请求被申请人赔偿医疗费、误工费、护理费等各项损失共计{}", faker, s, (10000, 150000))]
        facts = [f"{when}，被申请人驾驶{plate}号小型轿车沿{rng.choice(['人民路', '平原路', '新中大道'])}由东向西行驶时，"
                 "与申请人驾驶的电动自行车相撞，致申请人受伤住院治疗。",
                 "经交警部门认定，被申请人负事故全部责任，双方发生机动车交通事故责任纠纷。"]
        return Dispute("tort", claims, facts, "交通事故赔偿款")
    claims = [_claim("请求被申请人赔偿医疗费{}", faker, s, (3000, 60000))]
    if rng.random() < 0.5:
        claims.append(_claim("请求被申请人赔偿精神损害抚慰金{}", faker, s, (2000, 20000)))
    facts = [f"{when}，申请人途经被申请人经营的超市门口时，因地面湿滑且无警示标识而摔倒受伤，",
             "经医院诊断为右腕骨折，被申请人未尽安全保障义务，应承担人身损害赔偿责任。"]
    return Dispute("tort", claims, facts, "人身损害赔偿款")


def other(faker: Faker, s: Styles, today: dt.date) -> Dispute:
    rng = faker.rng
    when, _ = _d(faker, s, today - dt.timedelta(days=300), today - dt.timedelta(days=30))
    if rng.random() < 0.6:
        claims = [_claim("请求被申请人返还误转款项{}", faker, s, (2000, 90000))]
        facts = [f"{when}，申请人通过微信转账时误将款项转入被申请人名下，被申请人取得该款项没有法律根据，",
                 "经申请人多次联系，被申请人拒不返还，构成不当得利。"]
        return Dispute("other", claims, facts, "不当得利款项")
    claims = [_claim("请求被申请人偿付申请人为其管理事务支出的必要费用{}", faker, s, (1000, 20000))]
    facts = [f"{when}，被申请人外出期间其院内水管破裂，申请人在无法联系被申请人的情况下自行雇人抢修，"
             "支出维修及材料费用，双方就无因管理费用的偿付发生争议。"]
    return Dispute("other", claims, facts, "无因管理费用")


DISPUTES = {"labor": labor, "financial": financial, "contract": contract, "community": community,
            "family": family, "tort": tort, "other": other}


NUMERALS = "一二三四五"


def roles(doc) -> list[tuple[str, Party]]:
    """Each party with the role label printed before it: numbered (`乙方二`,
    `甲方一（申请人）`) when the document numbers a side of several parties."""
    out = []
    for label, parties in zip(doc.labels, (doc.applicants, doc.respondents)):
        for index, party in enumerate(parties):
            if doc.numbered and len(parties) > 1:
                head, paren, tail = label.partition("（")
                out.append((f"{head}{NUMERALS[index]}{paren}{tail}", party))
            else:
                out.append((label, party))
    return out


def _parties_truth(parties: list[Party]) -> list[dict]:
    return [p.truth() for p in parties]


def _issues(applicants: list[Party], respondents: list[Party]) -> list[dict]:
    issues = []
    for side, parties in (("applicants", applicants), ("respondents", respondents)):
        for index, party in enumerate(parties):
            key = "id_number" if party.kind == "person" else "credit_code"
            if party.checksum_broken:
                issues.append({"field": f"{side}[{index}].{key}", "code": "checksum"})
            if party.stated_mismatch:  # the contract names no code for this: any issue on the field
                issues.append({"field": f"{side}[{index}].{key}", "code": None})
    return issues


APPLICATION_KEYS = ("court", "claims", "claim_amount", "facts", "application_date")
AGREEMENT_KEYS = ("agreement_number", "terms", "settlement_amount", "performance_deadline",
                  "mediator", "mediation_organization", "signed_date", "signatures")


def _yuan(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


@dataclass
class Application:
    title: str
    applicants: list[Party]
    respondents: list[Party]
    dispute: Dispute
    court: str
    date: dt.date
    styles: Styles
    numbered: bool = False  # several parties on a side are called 申请人一, 申请人二 …
    labels: tuple[str, str] = ("申请人", "被申请人")

    document_type = "application"

    def truth(self) -> dict:
        amounts = [a for claim in self.dispute.claims for a in claim.amounts]
        fields = {
            "court": self.court,
            "applicants": _parties_truth(self.applicants),
            "respondents": _parties_truth(self.respondents),
            "claims": [c.text for c in self.dispute.claims],
            "claim_amount": _yuan(sum(amounts)) if amounts else None,
            "facts": "".join(self.dispute.facts),
            "dispute_category": self.dispute.category,
            "application_date": self.date.isoformat(),
        }
        fields.update(dict.fromkeys(AGREEMENT_KEYS))
        return {"document_type": "application", "text_layer": True, "error": None,
                "fields": fields, "issues": _issues(self.applicants, self.respondents)}


@dataclass
class Agreement:
    title: str
    number: str
    labels: tuple[str, str]  # how the sides are called: ("甲方", "乙方"), ("申请人", "被申请人"), ...
    applicants: list[Party]
    respondents: list[Party]
    dispute: Dispute
    terms: list[str]
    settlement: Decimal | None
    deadline: dt.date
    mediator: str
    organization: str
    signed_date: dt.date
    signed: list[str]  # party names whose slot holds a mark
    mediator_signed: bool
    seal: bool
    styles: Styles
    marks: dict = field(default_factory=dict)
    numbered: bool = False  # party name -> "strokes" | "image" | "photo" | "stamp"
    table: list[list[str]] | None = None  # the instalment table, header first; printed after terms[table_after]
    table_after: int = 0

    def term_truth(self) -> list[str]:
        """The terms; a table inside a term belongs to it, read row by row, a row's cells joined by `，`."""
        terms = list(self.terms)
        if self.table:
            terms[self.table_after] += "：" + "".join("，".join(row) for row in self.table)
        return terms

    document_type = "agreement"

    def truth(self) -> dict:
        fields = dict.fromkeys(k for k in APPLICATION_KEYS if k != "facts")  # 纠纷简要情况: not asserted
        fields.update({
            "applicants": _parties_truth(self.applicants),
            "respondents": _parties_truth(self.respondents),
            "dispute_category": self.dispute.category,
            "agreement_number": self.number,
            "terms": self.term_truth(),
            "settlement_amount": _yuan(self.settlement),
            "performance_deadline": self.deadline.isoformat(),
            "mediator": self.mediator,
            "mediation_organization": self.organization,
            "signed_date": self.signed_date.isoformat(),
            "signatures": {"parties": list(self.signed), "mediator": self.mediator_signed,
                           "seal": self.seal},
        })
        return {"document_type": "agreement", "text_layer": True, "error": None,
                "fields": fields, "issues": _issues(self.applicants, self.respondents)}


# ---------------------------------------------------------------------------
# Building one document from a seed


@dataclass
class Options:
    """Knobs a case turns on (the producer reads the layout ones)."""
    category: str
    applicants: tuple[str, ...] = ("person",)  # kinds, in order
    respondents: tuple[str, ...] = ("organization",)
    broken: str | None = None  # "applicants[0]" etc.: that party's identifier gets a wrong check char
    mismatch: str | None = None  # that person's stated sex contradicts the id_number
    authority: str | None = None  # credit-code authority letter for organisations ("N", "Y")
    agent: bool = False
    unsigned: str | None = None  # "applicant" | "respondent" | "mediator" | "seal"
    installments: bool = False
    after_signing: bool = False  # a single payment due within so many days of the signing (签订之日起…日内)
    schedule: int = 0  # agreements: so many instalments in a table (期次 | 付款日期 | 金额), a fee, clauses with other dates
    branches: bool = False  # organisations are branches (分公司, 负责人)
    relatives: bool = False  # every party may have an agent; relatives give their own id number
    interest: bool = False  # applications: a claim with interim interest (暂计至…为…元) on a base (以…元为基数)
    seal_only: bool = False  # agreements: every signing organisation stamps its slot with its own seal
    extra_facts: int = 0  # neutral paragraphs appended to the facts (multi-page documents)


FILLER = [
    "{date}，申请人通过电话、短信等方式向被申请人催告，被申请人均以各种理由推脱，未予处理。",
    "{date}，申请人委托律师向被申请人发送书面函件，要求其在收到函件之日起十日内履行义务，被申请人签收后未予回复。",
    "双方曾在亲友见证下多次进行协商，但因分歧较大，未能就履行方式和期限达成一致意见。",
    "申请人认为，双方之间的法律关系明确，事实清楚，证据充分，被申请人应当依法承担相应的民事责任。",
    "为维护自身合法权益，减少诉累，申请人依据《中华人民共和国民事诉讼法》及相关规定，自愿选择调解方式解决本纠纷。",
    "{date}，双方在村委会工作人员的主持下进行了沟通，被申请人表示愿意协商解决，但此后未再联系申请人。",
]


def _padded(dispute: Dispute, faker: Faker, styles: Styles, today: dt.date, count: int) -> Dispute:
    for _ in range(count):
        when = write_date(faker.date_between(today - dt.timedelta(days=300), today - dt.timedelta(days=5)), styles.date)
        dispute.facts.append(faker.rng.choice(FILLER).format(date=when))
    return dispute


def _party(faker: Faker, kind: str, slot: str, options: Options, styles: Styles) -> Party:
    broken = options.broken == slot
    if kind == "person":
        person = faker.person(broken=broken, mismatch=options.mismatch == slot,
                              x_check=styles.id_lower_x and slot == "applicants[0]")
        if slot.startswith("respondents") and not broken and faker.rng.random() < 0.35:
            person.id_number = None  # applicants often do not know the other side's number
        if styles.id_lower_x and person.id_number:
            person.id_text = person.id_number.replace("X", "x")
        if faker.rng.random() < 0.2:
            person.ethnicity = None
        return person
    if options.branches and faker.rng.random() < 0.6:
        return faker.branch(broken=broken)
    return faker.organization(broken=broken, authority=options.authority)


def _sides(faker: Faker, options: Options, styles: Styles) -> tuple[list[Party], list[Party]]:
    applicants = [_party(faker, k, f"applicants[{i}]", options, styles) for i, k in enumerate(options.applicants)]
    respondents = [_party(faker, k, f"respondents[{i}]", options, styles) for i, k in enumerate(options.respondents)]
    if options.agent:
        (applicants + respondents)[faker.rng.randrange(len(applicants) + len(respondents))].agent = faker.agent()
    if options.relatives:
        for party in applicants + respondents:
            if faker.rng.random() < 0.5:
                party.agent = faker.relative_agent() if party.kind == "person" else faker.agent()
    for party in applicants + respondents:
        if party.phone != write_phone(party.phone, styles.phone):
            party.phone_text = write_phone(party.phone, styles.phone)
    return applicants, respondents


def _today(rng: random.Random) -> dt.date:
    return dt.date(rng.choice((2022, 2023, 2024, 2025)), rng.randint(1, 12), rng.randint(1, 28))


def _interest_claim(faker: Faker, s: Styles, today: dt.date) -> Claim:
    """Interest counted on a base until a day: the base restates the principal (not claimed again),
    the interest so far (暂计至…) is claimed."""
    base = write_money(faker.amount(20000, 300000), s.money)
    since = write_date(faker.date_between(today - dt.timedelta(days=700), today - dt.timedelta(days=300)), s.date)
    until = write_date(today - dt.timedelta(days=faker.rng.randint(1, 20)), s.date)
    interest, amount = _money(faker, s, 800, 30000)
    rate = faker.rng.choice(["按年利率3.85%", "按全国银行间同业拆借中心公布的一年期贷款市场报价利率", "按日万分之五"])
    return Claim(f"请求被申请人支付逾期付款利息（以{base}为基数，自{since}起{rate}计算，暂计至{until}为{interest}）",
                 [amount])


def application(rng: random.Random, options: Options, styles: Styles) -> Application:
    faker = Faker(rng)
    today = _today(rng)
    applicants, respondents = _sides(faker, options, styles)
    dispute = _padded(DISPUTES[options.category](faker, styles, today), faker, styles, today, options.extra_facts)
    if options.interest:
        dispute.claims.append(_interest_claim(faker, styles, today))
    if rng.random() < 0.6:  # the closing declaration stands under 事实与理由, so it is part of the facts
        dispute.facts.append("申请人自愿申请调解，并已知悉调解的相关规定及虚假调解的法律后果。")
    title = rng.choice(["调解申请书", "诉前调解申请书", "人民调解申请书"])
    return Application(title, applicants, respondents, dispute, rng.choice(COURTS), today, styles,
                       numbered=rng.random() < 0.5)


def agreement(rng: random.Random, options: Options, styles: Styles) -> Agreement:
    faker = Faker(rng)
    today = _today(rng)
    applicants, respondents = _sides(faker, options, styles)
    dispute = _padded(DISPUTES[options.category](faker, styles, today), faker, styles, today, options.extra_facts)
    labels = rng.choice([("甲方", "乙方"), ("申请人", "被申请人"), ("甲方（申请人）", "乙方（被申请人）")])
    payer, payee = ("乙方", "甲方") if labels[0].startswith("甲方") else ("被申请人", "申请人")
    if dispute.category == "contract" and rng.random() < 0.2:  # sometimes the applicant is the one who pays
        payer, payee = payee, payer
    table = None
    if options.schedule and dispute.payment_subject:
        terms, settlement, deadline, table = _scheduled_terms(faker, styles, dispute, today, payer, payee,
                                                              options.schedule)
    else:
        terms, settlement, deadline = _terms(faker, styles, dispute, today, payer, payee, options)
    if settlement and rng.random() < 0.3:  # money named in the terms that nobody pays
        waived = write_money(faker.amount(1000, 20000), styles.money)
        terms.append(f"{payee}自愿放弃要求{payer}支付违约金{waived}的请求")
    terms += [f"{payee}收到上述款项后，双方就本纠纷再无其他争议" if settlement else "双方就本纠纷再无其他争议",
              "本协议自双方当事人签名（盖章）、调解员签名并加盖调解组织印章之日起生效",
              "本协议一式三份，双方当事人各执一份，调解组织留存一份"]
    number = f"（{today.year}）新中小调字第{rng.randint(1, 999):03d}号"
    unsigned = {"applicant": applicants[0], "respondent": respondents[-1]}.get(options.unsigned)
    signed = [p.name for p in applicants + respondents if p is not unsigned]
    marks = {name: rng.choice(["strokes", "strokes", "image", "photo"]) for name in signed}
    for party in applicants + respondents if options.seal_only else ():
        if party.name in marks and party.kind == "organization":
            marks[party.name] = "stamp"
    for party in applicants + respondents:
        if party.name in marks and party.kind == "organization" and rng.random() < 0.5:
            marks[party.name] = "stamp"  # companies often stamp their own slot
        elif party.name in marks and party.kind == "person" and rng.random() < 0.2:
            marks[party.name] = "fingerprint"  # 按指印: a red thumbprint instead of a signature
    return Agreement(
        title=rng.choice(["人民调解协议书", "调解协议书"]), number=number, labels=labels,
        applicants=applicants, respondents=respondents, dispute=dispute, terms=terms,
        settlement=settlement, deadline=deadline, mediator=faker.person_name(),
        organization=rng.choice(ORGANIZATIONS), signed_date=today, signed=signed,
        mediator_signed=options.unsigned != "mediator", seal=options.unsigned != "seal",
        styles=styles, marks=marks, numbered=True,  # slots must say which of several parties signs
        table=table, table_after=0)


def _scheduled_terms(faker: Faker, s: Styles, dispute: Dispute, today: dt.date, payer: str, payee: str,
                     count: int) -> tuple[list[str], Decimal, dt.date, list[list[str]]]:
    """Instalments in a table under the first term, a fee due on its own date, then clauses whose
    dates are no payment deadline (judicial confirmation within 30 days, interest from a later day)."""
    rng = faker.rng
    due, rows, parts = today, [["期次", "付款日期", "付款金额"]], []
    for index in range(count):
        due += dt.timedelta(days=rng.randint(20, 70))
        amount = faker.amount(3000, 60000)
        parts.append((due, amount))
        rows.append([f"第{NUMERALS[index]}期" if rng.random() < 0.5 else f"第{index + 1}期",
                     f"{write_date(due, s.date)}前", write_money(amount, s.money)])
    total = sum(a for _, a in parts)
    terms = [f"{payer}分{NUMERALS[count - 1]}期向{payee}支付{dispute.payment_subject}共计{write_money(total, s.money)}，具体如下"]
    deadline = parts[-1][0]
    if rng.random() < 0.7:  # a separate fee with its own date: part of what is paid
        fee_day = today + dt.timedelta(days=rng.randint(10, 200))
        fee = faker.amount(500, 5000)
        kind = rng.choice(["律师费", "案件受理费", "鉴定费", "保全费"])
        terms.append(f"{payer}于{write_date(fee_day, s.date)}前另行向{payee}支付{kind}{write_money(fee, s.money)}")
        total, deadline = total + fee, max(deadline, fee_day)
    penalty_day = deadline + dt.timedelta(days=rng.randint(1, 30))
    terms.append(f"如{payer}未按期足额支付任何一期款项，{payee}有权就全部未付款项一次性申请强制执行，"
                 f"并自{write_date(penalty_day, s.date)}起按日万分之五计算违约金")
    days = rng.choice([30, 30, 15])
    terms.append(f"双方同意自本协议生效之日起{write_days(days, s.date)}内共同向{rng.choice(COURTS)}申请司法确认")
    return terms, total, deadline, rows


def _terms(faker: Faker, s: Styles, dispute: Dispute, today: dt.date, payer: str, payee: str,
           options: Options) -> tuple[list[str], Decimal | None, dt.date]:
    due = today + dt.timedelta(days=faker.rng.randint(10, 90))
    if dispute.payment_subject is None:
        term = dispute.non_money_term.format(payer=payer, payee=payee, due=write_date(due, s.date))
        return [term], None, due
    first = faker.amount(5000, 200000)
    if options.after_signing:  # the deadline is the signing day plus the period (民法典 第二百零一条)
        return [f"{payer}自本协议签订之日起{write_days((due - today).days, s.date)}内向{payee}一次性支付"
                f"{dispute.payment_subject}{write_money(first, s.money)}"], first, due
    if not options.installments:
        return [f"{payer}于{write_date(due, s.date)}前向{payee}一次性支付{dispute.payment_subject}"
                f"{write_money(first, s.money)}"], first, due
    later = due + dt.timedelta(days=faker.rng.randint(20, 90))
    second = faker.amount(3000, 80000)
    return [f"{payer}于{write_date(due, s.date)}前向{payee}支付{dispute.payment_subject}{write_money(first, s.money)}",
            f"{payer}于{write_date(later, s.date)}前向{payee}支付剩余款项{write_money(second, s.money)}"], first + second, later
