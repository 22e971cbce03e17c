"""Fixed case views for the document tests: a person and a company, delegated, direct and entrusted cases.

Names, numbers and addresses are invented (the ID and credit codes carry valid check digits).
"""
from __future__ import annotations

import copy

PARTY_KEYS = ("name", "kind", "gender", "birth_date", "ethnicity", "id_number", "credit_code",
              "address", "phone", "legal_representative", "position")


def person(name="谭强", **overrides) -> dict:
    party = {
        "name": name, "kind": "person", "gender": "女", "birth_date": "1976-12-23", "ethnicity": "满族",
        "id_number": "410711197612233848", "credit_code": None,
        "address": "河南省新乡市辉县市解放大道202号10号楼1单元1601室", "phone": "15855608283",
        "legal_representative": None, "position": None,
    }
    return {**party, **overrides}


def company(name="新乡市卓越物流有限公司", **overrides) -> dict:
    party = {
        "name": name, "kind": "organization", "gender": None, "birth_date": None, "ethnicity": None,
        "id_number": None, "credit_code": "914107046UARJR4A0U",
        "address": "河南省新乡市原阳县金穗大道137号", "phone": "15873501187",
        "legal_representative": "贾博志", "position": "执行董事",
    }
    return {**party, **overrides}


WEIBIN = {"court_id": "weibin", "name": "新乡市卫滨区人民法院", "address": None}
HONGQI = {"court_id": "hongqi", "name": "新乡市红旗区人民法院", "address": None}
ORGANIZATION = {"org_id": "xx-sme", "name": "新乡市中小企业协会调解委员会", "address": "河南省新乡市卫滨区平原路218号"}


def agreement(**overrides) -> dict:
    base = {
        "agreement_number": "（2026）新中小调字第043号",
        "terms": [
            "被申请人新乡市卓越物流有限公司确认尚欠申请人谭强运输服务费人民币80000元。",
            "被申请人于2026年12月20日前向申请人一次性支付上述款项80000元。",
            "被申请人逾期未付的，应按全国银行间同业拆借中心公布的一年期贷款市场报价利率支付逾期利息。",
            "申请人放弃其他诉讼请求，本案调解费用由双方各自承担。",
        ],
        "settlement_amount": "80000.00",
        "performance_deadline": "2026-12-20",
        "signed_date": "2026-11-20",
        "mediator": "王五",
        "mediation_organization": "新乡市中小企业协会调解委员会",
    }
    return {**base, **overrides}


def consent(party: str, at: str, channel: str = "调解员发送的当事人邀请链接") -> dict:
    return {"party": party, "at": at, "channel": {}, "channel_label": channel}


def court_choice(court: dict, reasons: list[str], consents: list[dict]) -> dict:
    return {"court_id": court["court_id"], "name": court["name"], "grounds": [], "reasons": reasons,
            "proposed_by": {"kind": "party", "name": consents[0]["party"] if consents else None, "at": None},
            "consents": consents}


def case_view(**overrides) -> dict:
    base = {
        "case_id": "c-20261120-0001",
        "status": "settled",
        "source": "court",
        "referral": "delegated",
        "procedure": "pre_filing",
        "court": dict(WEIBIN),
        "court_choice": court_choice(WEIBIN, ["委派调解的人民法院"], [
            consent("谭强", "2026-11-26T01:30:00Z", "本人手机短信验证码（158****8283）"),
            consent("新乡市卓越物流有限公司", "2026-11-26T07:05:00Z")]),
        "court_case_ref": "（2026）豫0703民诉前调118号",
        "court_case_number": None,
        "organization": dict(ORGANIZATION),
        "dispute_category": "contract",
        "claims": ["请求被申请人支付运输服务费80000元。"],
        "claim_amount": "80000.00",
        "facts": "申请人为被申请人提供货物运输服务，被申请人结算后未按期支付运输服务费。",
        "applicants": [person()],
        "respondents": [company()],
        "mediator": {"mediator_id": "m-wangwu", "name": "王五"},
        "agreement": agreement(),
        "failure_record": None,
    }
    return copy.deepcopy({**base, **overrides})


def delegated_person_case() -> dict:
    """委派 (pre-filing) case: a person against a company, settled."""
    return case_view()


def direct_company_case() -> dict:
    """Direct application by a company against a company and a person; the parties chose 红旗区法院."""
    return case_view(
        case_id="c-20261118-0007",
        source="party",
        referral=None,
        court=dict(HONGQI),
        court_choice=court_choice(HONGQI, ["新乡市瑞丰农业科技股份有限公司住所地"], [
            consent("新乡市瑞丰农业科技股份有限公司", "2026-11-26T02:00:00Z"),
            consent("新乡市卓越物流有限公司", "2026-11-26T03:00:00Z"),
            consent("李明", "2026-11-27T00:15:00Z", "本人手机短信验证码（139****0001）")]),
        court_case_ref=None,
        dispute_category="financial",
        claims=["请求被申请人偿还借款本金150000元及利息。", "请求被申请人承担连带保证责任。"],
        claim_amount="150000.00",
        facts=None,
        applicants=[company("新乡市瑞丰农业科技股份有限公司", credit_code="91410702C6B36JMW9L",
                            address="河南省新乡市红旗区宏力大道100号", legal_representative="谭芳",
                            position="董事长", phone="15839738201")],
        respondents=[company(), person("李明", gender="男", birth_date="1980-02-29", ethnicity="汉族",
                                       id_number="41070219800229561X", address="河南省新乡市牧野区东干道88号",
                                       phone="13937300001")],
        mediator={"mediator_id": "m-zhao", "name": "赵敏"},
        agreement=agreement(
            agreement_number="（2026）新中小调字第051号",
            terms=["被申请人新乡市卓越物流有限公司于2027年1月15日前偿还申请人借款本金100000.50元。",
                   "被申请人李明对上述债务承担连带保证责任。"],
            settlement_amount="100000.50",
            performance_deadline="2027-01-15",
            signed_date="2026-11-25",
            mediator="赵敏",
        ),
    )


def entrusted_case() -> dict:
    """委托 (post-filing, simple procedure) case: the court will issue a 调解书."""
    return case_view(
        case_id="c-20261110-0003",
        referral="entrusted",
        procedure="simple",
        court_case_ref=None,
        court_case_number="（2026）豫0703民初1234号",
        dispute_category="tort",
        claims=["请求被告赔偿医疗费等各项损失共计32680.05元。"],
        claim_amount="32680.05",
        facts="2026年9月3日，被告的货车在卫滨区胜利路与原告驾驶的电动自行车相撞，致原告受伤。",
        agreement=agreement(
            agreement_number=None,
            terms=["被告于2026年11月30日前赔偿原告各项损失共计30000元。", "原告放弃其他诉讼请求。"],
            settlement_amount="30000.00",
            performance_deadline="2026-11-30",
            signed_date="2026-11-12",
        ),
    )


def failed_case() -> dict:
    """委派 case in which mediation failed, with every part of the Art.21 record as lists."""
    return case_view(
        case_id="c-20261101-0002",
        status="failed",
        court_choice=None,
        agreement=None,
        failure_record={
            "basic_facts": ["2026年11月2日受理委派，11月5日、11月12日两次组织在线调解，双方均到场。"],
            "reasons": ["双方对欠款数额分歧较大，被申请人仅认可50000元。", "被申请人不同意支付逾期利息。"],
            "disputed_points": ["运输服务费的结算数额。", "逾期付款利息是否应当支付。"],
            "cost_increasing_conduct": ["被申请人第一次调解无正当理由迟到两小时，致调解改期。"],
            "other_matters": ["被申请人称其正在与第三方协商资产重组，可能影响履行能力。"],
            "undisputed_facts": ["双方于2025年3月签订运输合同。", "被申请人已支付运输服务费20000元。"],
        },
    )


def time_limit_case() -> dict:
    """委派 case the sweep terminated when the time limit passed: no record written by the mediator."""
    return case_view(
        case_id="c-20261101-0007",
        status="terminated",
        agreement=None,
        outcome={"result": "terminated", "reason": "time_limit", "ground": "time_limit",
                 "ground_label": "调解期限届满，未达成调解协议，且各方当事人未达成延长调解期限的合意"},
        failure_record={"basic_facts": None, "reasons": None, "disputed_points": None,
                        "cost_increasing_conduct": None, "other_matters": None, "undisputed_facts": None},
    )


def failed_direct_case() -> dict:
    """Direct case that failed; record fields are plain strings, no undisputed facts or costs."""
    return case_view(
        case_id="c-20261105-0009",
        status="failed",
        source="party",
        referral=None,
        court=None,
        court_choice=None,
        court_case_ref=None,
        agreement=None,
        failure_record={
            "basic_facts": "申请人于2026年11月5日申请调解，调解员组织双方电话调解一次。",
            "reasons": "被申请人明确表示不同意调解。",
            "disputed_points": "是否存在借款关系。",
            "cost_increasing_conduct": None,
            "undisputed_facts": None,
        },
    )


def sparse_case() -> dict:
    """Everything optional is null: documents must still render."""
    blank = {key: None for key in PARTY_KEYS}
    return {
        "case_id": "c-sparse", "status": "settled", "source": "party", "referral": None, "procedure": "pre_filing",
        "court": None, "court_choice": None, "court_case_ref": None, "court_case_number": None, "organization": None,
        "dispute_category": None, "claims": [], "claim_amount": None, "facts": None,
        "applicants": [dict(blank)], "respondents": [dict(blank, name="某公司", kind="organization")],
        "mediator": None,
        "agreement": {"agreement_number": None, "terms": [], "settlement_amount": None,
                      "performance_deadline": None, "signed_date": None, "mediator": None,
                      "mediation_organization": None},
        "failure_record": {"basic_facts": None, "reasons": None, "disputed_points": None,
                           "cost_increasing_conduct": None, "undisputed_facts": None},
    }


GENERATED_ON = "2026-11-27"


def _window(case: dict) -> str | None:
    from datetime import date

    from chalicelib.adapters.calendar_source import builtin_is_workday
    from chalicelib.domain.confirmation import confirmation_window_closes

    signed = (case.get("agreement") or {}).get("signed_date")
    return confirmation_window_closes(date.fromisoformat(signed), builtin_is_workday).isoformat() if signed else None

# (snapshot id, document name, case builder, index of the invited party or None)
SNAPSHOTS = [
    ("delegated-person", "confirmation-application", delegated_person_case, None),
    ("delegated-person", "party-confirmation", delegated_person_case, ("applicants", 0)),
    ("direct-company", "confirmation-application", direct_company_case, None),
    ("direct-company", "party-confirmation", direct_company_case, ("applicants", 0)),
    ("entrusted", "mediation-document-request", entrusted_case, None),
    ("entrusted", "party-confirmation", entrusted_case, ("respondents", 0)),
    ("time-limit", "failure-record", time_limit_case, None),
    ("failed-delegated", "failure-record", failed_case, None),
    ("failed-direct", "failure-record", failed_direct_case, None),
]


def context_for(document: str, case: dict, invited=None) -> dict:
    """What services.documents.context passes: the confirmation window as the service enforces it (Art.85)."""
    context = {"case": case, "generated_on": GENERATED_ON, "confirmation_deadline": _window(case)}
    if invited is not None:
        side, index = invited
        context["party"] = case[side][index]
    elif document == "party-confirmation":
        context["party"] = case["applicants"][0]
    return context
