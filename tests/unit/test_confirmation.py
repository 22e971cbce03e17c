"""Judicial-confirmation rules: eligibility (民诉法解释 Art.355), the 30-day window and the competent court (民诉法 Art.205)."""
from __future__ import annotations

import json
from datetime import date

import pytest
from chinese_calendar import is_workday
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.case import Case
from chalicelib.domain.confirmation import (
    agreement_effective_date,
    check_eligibility,
    check_window,
    confirmation_window_closes,
    eligibility_problems,
)
from chalicelib.domain.courts import competent_courts, load_court_directory, parse_court_directory
from chalicelib.domain.exceptions import RuleViolation
from chalicelib.domain.parties import Party
from chalicelib.domain.roster import Court, Organization

# ---------------------------------------------------------------- eligibility


@pytest.mark.parametrize("category, term, reason", [
    ("family", "确认双方离婚。", "personal_status"),
    ("family", "男女双方自愿离婚，婚生子由女方抚养。", "personal_status"),
    ("family", "双方于2026年12月1日前到民政局办理离婚登记手续。", "personal_status"),
    ("family", "解除甲乙之间的收养关系。", "personal_status"),
    ("family", "双方自愿解除婚姻关系。", "personal_status"),
    ("family", "确认原告与被告之间存在亲子关系。", "personal_status"),
    ("family", "确认双方婚姻无效。", "personal_status"),
    ("family", "双方达成如下协议：确认双方离婚", "personal_status"),
    ("family", "指定甲方为乙的监护人。", "special_procedure"),
    ("family", "宣告张三失踪。", "special_procedure"),
    ("contract", "申请对乙方进行破产清算。", "bankruptcy"),
    ("community", "确认位于新乡市红旗区某小区3号楼的房屋归甲方所有。", "title_determination"),
    ("community", "确认该宅基地使用权归甲方。", "title_determination"),
    ("other", "确认乙方享有ZL202610000001号专利权。", "title_determination"),
    ("other", "双方对该商标的权属达成一致，归甲方。", "title_determination"),
    ("tort", "甲方不再追究乙方的刑事责任。", "outside_civil_scope"),
])
def test_refuses_what_a_court_will_not_confirm(category, term, reason):
    with pytest.raises(RuleViolation) as raised:
        check_eligibility(category, ["乙方向甲方支付20000元。", term], [])
    error = raised.value
    assert error.code == "not_confirmable"
    assert error.details["problems"][0]["reason"] == reason
    assert error.details["problems"][0]["where"] == "terms[1]"
    assert "第三百五十五条" in error.message and "调解协议第2条" in error.message


@pytest.mark.parametrize("category, term", [
    ("family", "离婚后财产分割：位于卫滨区的房屋归甲方所有，甲方向乙方支付补偿款200000元。"),
    ("family", "双方已于2020年1月1日登记离婚，现就离婚后财产分割达成协议。"),
    ("family", "甲乙双方于2019年协议离婚，乙方于2026年12月前返还甲方存款50000元。"),
    ("family", "双方于2019年5月经法院判决离婚，现就共同债务的分担达成协议。"),
    ("family", "双方离婚后，婚生子由母亲抚养，父亲每月支付抚养费2000元。"),
    ("family", "三子女每月各支付父亲赡养费800元。"),
    ("family", "确认双方婚姻关系存续期间所负的100000元债务为共同债务，由双方各承担一半。"),
    ("family", "双方解除婚姻关系后，甲方每月支付抚养费1500元。"),
    ("labor", "确认双方劳动关系于2026年6月30日解除，公司支付经济补偿金12000元。"),
    ("family", "父亲遗留的存款100000元由甲乙二人各分得50000元。"),
    ("contract", "甲方确认乙方尚欠货款80000元，乙方于2026年12月31日前付清。"),
    ("contract", "如乙方申请破产，甲方有权要求提前清偿。"),
    ("contract", "确认乙方在租赁期内对该房屋的使用权。"),
    ("labor", "公司于2026年12月10日前支付张三拖欠工资35000元及经济补偿金12000元。"),
    ("tort", "乙方赔偿甲方医疗费、误工费等共计30000元。"),
])
def test_keeps_what_a_court_does_confirm(category, term):
    check_eligibility(category, [term], ["请求依法处理。"])
    assert eligibility_problems(category, [term], []) == []


_PAYERS = st.sampled_from(["乙方", "被申请人", "甲方", "张三", "新乡市某某物流有限公司", "公司"])
_ITEMS = st.sampled_from(["货款", "借款本金及利息", "离婚后财产折价款", "抚养费", "赡养费", "遗产分割款",
                          "房屋租金", "专利许可使用费", "拖欠工资", "医疗费、误工费", "工程款", "保险理赔款",
                          "婚姻关系存续期间的共同债务", "相邻通行补偿款", "拆迁安置补偿款"])


@given(payer=_PAYERS, payee=_PAYERS, item=_ITEMS, amount=st.integers(1, 10**8),
       month=st.integers(1, 12), day=st.integers(1, 28), lead=st.sampled_from(["", "经调解，", "双方确认，"]))
def test_payment_clauses_are_never_refused(payer, payee, item, amount, month, day, lead):
    term = f"{lead}{payer}于2027年{month}月{day}日前向{payee}支付{item}{amount}元。"
    assert eligibility_problems("other", [term], []) == []


def test_claims_are_read_too_and_every_problem_is_listed():
    problems = eligibility_problems("family", ["确认双方离婚。"], ["请求确认房屋归原告所有。"])
    assert [(p.reason, p.where) for p in problems] == [
        ("personal_status", "terms[0]"), ("title_determination", "claims[0]")]
    assert problems[0].to_dict()["basis"].endswith("第三百五十五条")
    assert problems[1].where_label == "请求事项第1项"


def test_blank_and_missing_clauses_are_eligible():
    check_eligibility(None, [], [])
    check_eligibility("contract", ["", None], None)


# ---------------------------------------------------------------- window


def test_the_effective_day_is_not_counted_and_day_30_is_still_in_time():
    assert confirmation_window_closes(date(2026, 6, 1)) == date(2026, 7, 1)
    check_window(date(2026, 6, 1), date(2026, 6, 1))  # day 0
    check_window(date(2026, 6, 1), date(2026, 6, 30))  # day 29
    check_window(date(2026, 6, 1), date(2026, 7, 1))  # day 30


def test_day_31_is_late_and_the_error_names_the_closing_date():
    with pytest.raises(RuleViolation) as raised:
        check_window(date(2026, 6, 1), date(2026, 7, 2))
    assert raised.value.code == "confirmation_window_closed"
    assert "2026年7月1日" in raised.value.message
    assert raised.value.details == {"effective_date": "2026-06-01", "closed_on": "2026-07-01"}


@pytest.mark.parametrize("effective, closes", [
    (date(2026, 1, 31), date(2026, 3, 2)),  # across a 28-day February
    (date(2024, 1, 31), date(2024, 3, 1)),  # leap year
    (date(2026, 12, 15), date(2027, 1, 14)),  # across the year end
    (date(2026, 2, 28), date(2026, 3, 30)),
])
def test_window_counts_calendar_days_across_month_ends(effective, closes):
    assert confirmation_window_closes(effective) == closes


def test_a_period_ending_in_a_holiday_runs_to_the_first_working_day_after():
    # day 30 is 2026-10-01, National Day; the holiday runs to 10-07
    assert confirmation_window_closes(date(2026, 9, 1)) == date(2026, 10, 1)
    assert confirmation_window_closes(date(2026, 9, 1), is_workday) == date(2026, 10, 8)
    check_window(date(2026, 9, 1), date(2026, 10, 8), is_workday)
    with pytest.raises(RuleViolation, match="2026年10月8日"):
        check_window(date(2026, 9, 1), date(2026, 10, 9), is_workday)


def test_a_period_ending_on_a_weekend_runs_to_monday():
    # 2026-05-15 + 30 = 2026-06-14, a Sunday
    assert confirmation_window_closes(date(2026, 5, 15), is_workday) == date(2026, 6, 15)


def test_a_make_up_working_saturday_is_not_a_holiday():
    # 2026-10-10 is a Saturday worked in exchange for the National Day holiday
    assert confirmation_window_closes(date(2026, 9, 10), is_workday) == date(2026, 10, 10)


def test_filing_before_the_agreement_takes_effect_is_refused():
    with pytest.raises(RuleViolation) as raised:
        check_window(date(2026, 6, 10), date(2026, 6, 9))
    assert raised.value.code == "agreement_not_effective"


def test_the_last_signature_makes_the_agreement_effective():
    assert agreement_effective_date([date(2026, 6, 3), date(2026, 6, 1)]) == date(2026, 6, 3)
    with pytest.raises(RuleViolation):
        agreement_effective_date([])


# ---------------------------------------------------------------- competent court


XX_SME = Organization("xx-sme", "新乡市中小企业协会调解委员会", address="河南省新乡市卫滨区平原路218号")


def _party(name, address):
    return Party(name, address=address)


def _case(*, applicants=(_party("张三", "河南省新乡市红旗区东街1号"),),
          respondents=(_party("李四", "河南省辉县市城关街道南关村"),), **fields):
    return Case(case_id="c-1", source=fields.pop("source", "party"), procedure="pre_filing",
                created_at="2026-03-02T02:00:00Z", status="settled", dispute_category="contract",
                applicants=tuple(applicants), respondents=tuple(respondents), **fields)


@pytest.fixture(scope="module")
def directory():
    return load_court_directory()


def test_packaged_directory_covers_xinxiang(directory):
    weibin = directory.get("weibin")
    assert weibin.name == "新乡市卫滨区人民法院" and weibin.level == "basic" and "卫滨区" in weibin.districts
    assert {c.court_id for c in directory.courts} >= {"weibin", "hongqi", "muye", "fengquan", "huixian", "yuanyang"}


def test_delegated_case_goes_back_to_the_delegating_court(directory):
    case = _case(source="court", referral="delegated", court_id="weibin")
    [court] = competent_courts(case, directory, court=Court("weibin", "新乡市卫滨区人民法院"), organization=XX_SME,
                               property_location="河南省新乡市牧野区")
    assert (court.court_id, court.grounds) == ("weibin", ("delegating_court",))


def test_entrusted_case_stays_with_the_court_that_filed_it(directory):
    case = _case(source="court", referral="entrusted", court_id="hongqi")
    [court] = competent_courts(case, directory, court=Court("hongqi", None), organization=XX_SME)
    assert (court.court_id, court.name, court.grounds) == ("hongqi", "新乡市红旗区人民法院", ("entrusting_court",))


def test_direct_application_offers_every_fitting_court(directory):
    courts = competent_courts(_case(), directory, organization=XX_SME, property_location="河南省新乡市牧野区建设路仓库")
    assert [(c.court_id, c.grounds) for c in courts] == [
        ("hongqi", ("party_domicile",)),
        ("huixian", ("party_domicile",)),
        ("muye", ("property_location",)),
        ("weibin", ("organization_seat",)),
    ]
    assert courts[0].reasons == ("张三住所地",)
    assert courts[0].to_dict()["grounds"] == ["party_domicile"]


def test_grounds_for_one_court_are_merged(directory):
    case = _case(respondents=[_party("李四", "新乡市卫滨区健康路9号")])
    courts = competent_courts(case, directory, organization=XX_SME)
    weibin = next(c for c in courts if c.court_id == "weibin")
    assert weibin.grounds == ("party_domicile", "organization_seat")
    assert len(courts) == 2


def test_addresses_outside_the_directory_give_no_court(directory):
    case = _case(applicants=[_party("张三", "北京市朝阳区")], respondents=[_party("李四", None)])
    assert competent_courts(case, directory, organization=Organization("o", "某调解中心", address="郑州市金水区")) == []


def test_the_district_named_first_in_an_address_wins(directory):
    # a street named after another district does not move the party
    assert directory.basic_court_for("河南省新乡市卫滨区红旗区路5号").court_id == "weibin"
    assert directory.basic_court_for("新乡县七里营镇").court_id == "xinxiang-county"
    assert directory.basic_court_for("河南省卫辉市") .court_id == "weihui"
    assert directory.basic_court_for(None) is None


def test_directory_parsing_rejects_malformed_and_duplicate_entries(tmp_path):
    with pytest.raises(ValueError, match="malformed"):
        parse_court_directory({"courts": [{"name": "无编号法院"}]})
    with pytest.raises(ValueError, match="duplicate"):
        parse_court_directory({"courts": [{"court_id": "a", "name": "甲"}, {"court_id": "a", "name": "乙"}]})
    path = tmp_path / "courts.json"
    path.write_text(json.dumps({"courts": [{"court_id": "x", "name": "某法院", "districts": ["某区"]}]}),
                    encoding="utf-8")
    assert load_court_directory(path).basic_court_for("某区").court_id == "x"
