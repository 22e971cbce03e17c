"""The joint court choice (民诉法 Art.205, 解释 Art.352), the intermediate-court rule and the agreement checks
(人民调解法 Art.29, 特邀调解规定 Art.24), at their edges. Pure functions: no AWS, no clock."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import court_choice
from chalicelib.domain.agreement_checks import ThisCase, blocking_issues
from chalicelib.domain.court_level import load_level_rules
from chalicelib.domain.courts import CourtRef, intermediate_courts, load_court_directory
from chalicelib.domain.exceptions import ChoiceConflict, RuleViolation

WEIBIN = CourtRef("weibin", "新乡市卫滨区人民法院", None, ("party_domicile", "organization_seat"),
                  ("秦涵住所地", "新乡市中小企业协会调解委员会所在地"))
HONGQI = CourtRef("hongqi", "新乡市红旗区人民法院", None, ("party_domicile",), ("某公司住所地",))
AT1, AT2 = "2026-03-02T02:00:00Z", "2026-03-02T05:00:00Z"
SMS = {"kind": "sms_code", "phone": "137****0762"}

# ---------------------------------------------------------------- joint court choice


def test_the_only_competent_court_is_joined_without_naming_it():
    choice = court_choice.join(None, [WEIBIN], None, "秦涵", AT1, SMS)
    assert (choice["court_id"], choice["proposed_by"]["kind"]) == ("weibin", "only_competent")
    assert choice["consents"] == [{"party": "秦涵", "at": AT1, "channel": SMS,
                                   "channel_label": "本人手机短信验证码（137****0762）"}]


def test_several_competent_courts_and_none_named_lists_them_with_their_grounds():
    with pytest.raises(RuleViolation) as refused:
        court_choice.join(None, [WEIBIN, HONGQI], None, "秦涵", AT1, SMS)
    assert refused.value.code == "court_choice_required"
    options = refused.value.details["options"]
    assert [o["court_id"] for o in options] == ["weibin", "hongqi"]
    assert options[0]["ground_labels"] == ["当事人住所地", "调解组织所在地"]


def test_a_later_consent_without_a_court_joins_the_one_chosen():
    first = court_choice.join(None, [WEIBIN, HONGQI], "hongqi", "秦涵", AT1, SMS)
    both = court_choice.join(first, [WEIBIN, HONGQI], None, "某公司", AT2, {"kind": "invitation"})
    assert both["court_id"] == "hongqi" and [c["party"] for c in both["consents"]] == ["秦涵", "某公司"]
    assert both["consents"][1]["channel_label"] == "调解员发送的当事人邀请链接"


def test_a_consent_naming_another_court_conflicts():
    first = court_choice.join(None, [WEIBIN, HONGQI], "hongqi", "秦涵", AT1, SMS)
    with pytest.raises(ChoiceConflict) as refused:
        court_choice.join(first, [WEIBIN, HONGQI], "weibin", "某公司", AT2, None)
    assert refused.value.code == "court_choice_conflict"
    assert refused.value.details["consented"] == ["秦涵"] and "秦涵已同意向新乡市红旗区人民法院" in refused.value.message


def test_the_party_alone_on_a_choice_may_change_it():
    first = court_choice.join(None, [WEIBIN, HONGQI], "hongqi", "秦涵", AT1, SMS)
    changed = court_choice.join(first, [WEIBIN, HONGQI], "weibin", "秦涵", AT2, SMS)
    assert changed["court_id"] == "weibin" and [c["at"] for c in changed["consents"]] == [AT2]


def test_a_court_that_is_not_competent_is_refused():
    with pytest.raises(RuleViolation) as refused:
        court_choice.join(None, [WEIBIN], "huojia", "秦涵", AT1, SMS)
    assert refused.value.code == "court_not_competent"


def test_the_mediators_proposal_is_taken_by_a_silent_first_consent_and_replaced_by_a_named_one():
    proposed = court_choice.propose(None, [WEIBIN, HONGQI], "hongqi", "王建国", AT1)
    assert proposed["consents"] == [] and proposed["proposed_by"] == {"kind": "mediator", "name": "王建国", "at": AT1}
    assert court_choice.join(proposed, [WEIBIN, HONGQI], None, "秦涵", AT2, SMS)["court_id"] == "hongqi"
    assert court_choice.join(proposed, [WEIBIN, HONGQI], "weibin", "秦涵", AT2, SMS)["court_id"] == "weibin"


def test_once_a_party_has_chosen_the_mediator_proposes_nothing_else():
    chosen = court_choice.join(None, [WEIBIN, HONGQI], "weibin", "秦涵", AT1, SMS)
    assert court_choice.propose(chosen, [WEIBIN, HONGQI], "weibin", "王建国", AT2) == chosen
    with pytest.raises(ChoiceConflict):
        court_choice.propose(chosen, [WEIBIN, HONGQI], "hongqi", "王建国", AT2)


def test_an_unknown_channel_still_says_it_was_the_partys_token():
    assert court_choice.channel_label(None) == "本案当事人凭证"


# ---------------------------------------------------------------- intermediate court (级别管辖)

RULES = load_level_rules()
HENAN = ["河南省新乡市卫滨区劳动路83号", "河南省新乡市红旗区自由路251号"]


@pytest.mark.parametrize("amount, addresses, intermediate", [
    ("499999999.99", HENAN, False),
    ("500000000.00", HENAN, True),
    ("99999999.99", [HENAN[0], "北京市朝阳区建国路1号"], False),
    ("100000000.00", [HENAN[0], "北京市朝阳区建国路1号"], True),
    ("100000000.00", ["北京市朝阳区建国路1号", "上海市浦东新区世纪大道1号"], False),  # 均不在本省: 5亿
    ("100000000.00", [HENAN[0], None], False),  # an address that names no province counts as inside
    (None, HENAN, False),
    ("not a number", HENAN, False),
])
def test_amount_thresholds_follow_where_the_parties_live(amount, addresses, intermediate):
    assert (RULES.intermediate_ground(amount, addresses, []) is not None) is intermediate


def test_a_patent_dispute_is_an_intermediate_courts_whatever_the_amount():
    ground = RULES.intermediate_ground("8000.00", HENAN, ["乙方支付ZL2026100001号发明专利许可使用费8000元"])
    assert ground and "法释〔2022〕13号" in ground.basis and "发明专利" in ground.reason


def test_the_grounds_move_up_to_the_intermediate_court_of_their_city():
    [court] = intermediate_courts([WEIBIN, HONGQI], load_court_directory())
    assert court.court_id == "xinxiang-intermediate" and court.grounds == ("party_domicile", "organization_seat")
    assert len(court.reasons) == 3


# ---------------------------------------------------------------- the agreement against this case

CASE = ThisCase(party_names=("秦涵", "新乡市瑞丰食品股份有限公司"), mediator_name="王建国",
                organization_name="新乡市中小企业协会调解委员会", mediation_began=date(2026, 3, 2),
                today=date(2026, 3, 10))


def extraction(**fields) -> dict:
    base = {"applicants": [{"name": "秦涵"}], "respondents": [{"name": "新乡市瑞丰食品股份有限公司"}],
            "mediator": "王 建 国", "mediation_organization": "新乡市中小企业协会调解委员会",
            "signed_date": "2026-03-02",
            "signatures": {"parties": ["秦涵", "新乡市瑞丰食品股份有限公司"], "mediator": True, "seal": True}}
    return {"document_type": "agreement", "fields": {**base, **fields}}


def codes(found) -> list[str]:
    return [i["code"] for i in found]


def test_this_cases_agreement_has_no_issue():
    assert blocking_issues(extraction(), CASE) == []


def test_signed_on_the_day_mediation_began_and_today_are_both_in_time():
    assert blocking_issues(extraction(signed_date="2026-03-10"), CASE) == []


def test_another_cases_agreement_is_one_issue_not_a_list_of_strangers():
    other = extraction(applicants=[{"name": "张三"}], respondents=[{"name": "李四"}],
                       signatures={"parties": ["张三", "李四"], "mediator": True, "seal": True})
    [issue] = blocking_issues(other, CASE)
    assert issue["code"] == "not_this_case" and issue["message"].startswith("这不是本案的调解协议")
    assert "还没有签名" not in issue["message"]


@pytest.mark.parametrize("fields, code, words", [
    ({"mediation_organization": "中国中小企业协会调解中心新乡工作站"}, "organization_mismatch", "本案由新乡市中小企业协会调解委员会调解"),
    ({"mediation_organization": None}, "organization_missing", "没有写明"),
    ({"mediator": "徐军"}, "mediator_mismatch", "本案的调解员是王建国"),
    ({"signed_date": "2026-03-01"}, "signed_before_mediation", "早于本案开始调解的2026年3月2日"),
    ({"signed_date": "2026-03-11"}, "signed_in_future", "晚于今天"),
    ({"signed_date": None}, "signed_date_missing", "没有读到签署日期"),
    ({"signatures": {"parties": ["秦涵", "新乡市瑞丰食品股份有限公司"], "mediator": True, "seal": False}},
     "seal_missing", "印章"),
    ({"signatures": {"parties": ["秦涵"], "mediator": True, "seal": True}}, "party_unsigned",
     "新乡市瑞丰食品股份有限公司还没有签名"),
])
def test_each_mismatch_is_one_blocking_issue_in_plain_chinese(fields, code, words):
    [issue] = blocking_issues(extraction(**fields), CASE)
    assert issue["code"] == code and words in issue["message"] and "人民调解法" in issue["basis"]


def test_a_mediator_whose_name_was_not_read_is_no_issue_by_itself():
    assert blocking_issues(extraction(mediator=None), CASE) == []


def test_a_third_party_on_the_agreement_is_a_mismatch_not_another_case():
    found = blocking_issues(extraction(respondents=[{"name": "新乡市瑞丰食品股份有限公司"}, {"name": "王五"}]), CASE)
    assert codes(found) == ["parties_mismatch"]


def test_not_an_agreement_says_so_alone():
    assert codes(blocking_issues({"document_type": "application", "fields": {}}, CASE)) == ["not_an_agreement"]
