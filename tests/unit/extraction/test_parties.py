"""Party parsing on text snippets of each style the engine meets."""
from __future__ import annotations

from chalicelib.extraction.parties import parse_parties


def test_official_run_in_person_and_company_with_agent():
    applicants, respondents = parse_parties([
        "申请人：张三，男，1980年5月6日出生，汉族，住河南省新乡市红旗区劳动路83号，公民身份号码410702198005060018，联系电话13800138000。",
        "委托代理人：李律，河南豫北律师事务所律师，联系电话13900000000。",
        "被申请人：新乡市泰和商贸股份有限公司，住所地河南省新乡市红旗区劳动路153号，统一社会信用代码91410702CMJRAMLD1E。",
        "法定代表人：赵英，该公司总经理，联系电话0373-3779489。",
    ])
    assert applicants == [{
        "name": "张三", "kind": "person", "gender": "男", "birth_date": "1980-05-06", "ethnicity": "汉族",
        "id_number": "410702198005060018", "credit_code": None, "address": "河南省新乡市红旗区劳动路83号",
        "phone": "13800138000", "legal_representative": None, "position": None,
    }]
    assert respondents == [{
        "name": "新乡市泰和商贸股份有限公司", "kind": "organization", "gender": None, "birth_date": None,
        "ethnicity": None, "id_number": None, "credit_code": "91410702CMJRAMLD1E",
        "address": "河南省新乡市红旗区劳动路153号", "phone": "0373-3779489", "legal_representative": "赵英",
        "position": "总经理",
    }]


def test_label_per_line_with_spaced_labels_and_either_colon():
    applicants, respondents = parse_parties([
        "申 请 人:王五", "性    别：女", "民    族:回族", "出生日期：一九九〇年三月九日", "身份证号：41070219900309002X",
        "住    址：河南省新乡市卫滨区胜利路1号", "联系电话:15800000000",
        "委托代理人：赵六    联系电话：13700000000",
        "被申请人：新乡市卫滨区瑞丰小区业主委员会", "统一社会信用代码：Y1410703MA47AB12CX", "住 所 地：河南省新乡市卫滨区人民路2号",
        "负责人：钱七", "职    务：主任", "联系电话：0373-5550123",
    ])
    person = applicants[0]
    assert (person["name"], person["gender"], person["ethnicity"], person["birth_date"]) == ("王五", "女", "回族", "1990-03-09")
    assert (person["id_number"], person["phone"]) == ("41070219900309002X", "15800000000")
    assert person["address"] == "河南省新乡市卫滨区胜利路1号"
    org = respondents[0]
    assert (org["kind"], org["credit_code"], org["legal_representative"], org["position"]) == (
        "organization", "Y1410703MA47AB12CX", "钱七", "主任")
    assert org["phone"] == "0373-5550123"


def test_table_rows_serialised_as_label_value_pairs():
    applicants, respondents = parse_parties([
        "甲方：谭强，性别：女", "出生日期：1976年12月23日，民族：满族", "身份证号码：410711197612233848，联系电话：15855608283",
        "住址：河南省新乡市辉县市解放大道202号", "委托代理人：沈丹，联系电话：17690302091",
        "乙方：新乡市瑞丰食品股份有限公司，统一社会信用代码：914107242EMG3Q5G00",
        "住所地：河南省新乡市原阳县自由路251号，联系电话：18605836765", "法定代表人：吕然萱，职务：经理",
    ])
    assert applicants[0]["phone"] == "15855608283"  # not the agent's
    assert (respondents[0]["legal_representative"], respondents[0]["position"]) == ("吕然萱", "经理")


def test_alias_in_parentheses_decides_the_side():
    applicants, respondents = parse_parties([
        "甲方（申请人）：李四，男，汉族，住河南省新乡市牧野区和平路3号。",
        "乙方（被申请人）：新乡市卓越物流有限公司，住所地河南省新乡市原阳县金穗大道137号。",
    ])
    assert [p["name"] for p in applicants] == ["李四"]
    assert [p["name"] for p in respondents] == ["新乡市卓越物流有限公司"]
    assert respondents[0]["kind"] == "organization"


def test_numbered_parties_on_one_side():
    applicants, _ = parse_parties([
        "申请人一：张三，男，住河南省新乡市红旗区人民路1号。",
        "申请人二：李四，女，住河南省新乡市红旗区人民路2号。",
    ])
    assert [(p["name"], p["gender"]) for p in applicants] == [("张三", "男"), ("李四", "女")]


def test_blank_role_line_then_name_label():
    applicants, _ = parse_parties(["申请人：", "姓名：周八", "性别：男", "住址：河南省新乡市凤泉区人民路9号"])
    assert (applicants[0]["name"], applicants[0]["gender"]) == ("周八", "男")


def test_rural_collective_with_its_chair():
    _, respondents = parse_parties([
        "被申请人：新乡市卫滨区朗公庙镇八里营村股份经济合作社，住所地河南省新乡市卫滨区朗公庙镇八里营村村委会院内，"
        "统一社会信用代码N14107032YFD7XW69G。",
        "法定代表人：何平，该社理事长，联系电话17266380246。",
    ])
    org = respondents[0]
    assert (org["kind"], org["position"], org["address"]) == (
        "organization", "理事长", "河南省新乡市卫滨区朗公庙镇八里营村村委会院内")


def test_third_parties_and_text_before_the_parties_are_ignored():
    applicants, respondents = parse_parties([
        "当事人基本情况", "申请人：张三，男。", "第三人：王某，男。", "被申请人：李四，女。"])
    assert [p["name"] for p in applicants + respondents] == ["张三", "李四"]


def test_representative_and_agent_inside_the_party_sentence():
    applicants, respondents = parse_parties([
        "申请人：王某，男，汉族，1975年3月2日生，住河南省新乡市红旗区人民路5号，委托代理人：张律，律师，电话13911112222。",
        "被申请人：新乡市某某商贸有限公司，统一社会信用代码：91410702CMJRAMLD1E，住所：河南省新乡市红旗区劳动路153号，"
        "法定代表人：李某，职务：经理，电话：0373-3779489。",
    ])
    assert applicants[0]["phone"] is None  # the agent's number is not the party's
    assert applicants[0]["birth_date"] == "1975-03-02"
    org = respondents[0]
    assert (org["legal_representative"], org["position"], org["phone"]) == ("李某", "经理", "0373-3779489")


def test_role_heading_then_labelled_fields():
    applicants, respondents = parse_parties([
        "申请人基本情况", "姓名：张三", "性别：男", "住所地址：河南省新乡市红旗区人民路1号",
        "被申请人基本信息", "名称：新乡市某某商贸有限公司", "法定代表人：李某"])
    assert (applicants[0]["name"], applicants[0]["address"]) == ("张三", "河南省新乡市红旗区人民路1号")
    assert (respondents[0]["name"], respondents[0]["kind"]) == ("新乡市某某商贸有限公司", "organization")


def test_several_labels_on_one_line_separated_by_single_spaces():
    applicants, _ = parse_parties(["申请人 张三 性别 男 民族 汉", "住址 河南省新乡市红旗区人民路1号 电话 13800138000"])
    person = applicants[0]
    assert (person["name"], person["gender"], person["ethnicity"]) == ("张三", "男", "汉族")
    assert (person["address"], person["phone"]) == ("河南省新乡市红旗区人民路1号", "13800138000")


def test_both_parties_in_one_sentence():
    applicants, respondents = parse_parties(["申请人：张三，男；被申请人：李四，女。"])
    assert [(p["name"], p["gender"]) for p in applicants + respondents] == [("张三", "男"), ("李四", "女")]


def test_web_print_role_headings_alone_branches_and_agents_with_ids():
    """A case system prints `申请人一` on its own line above a grid; a branch has a 负责人; an agent
    who is a relative gives an id number of their own, and is no party."""
    applicants, respondents = parse_parties([
        "申请人一", "名称：新乡市德润化工有限公司红旗分公司", "统一社会信用代码：91410724RCK99ML16K",
        "负责人：秦翔，该分公司经理，联系电话：0373-5546743",
        "委托代理人：梁帅俊，女，1977年9月26日出生，公民身份号码410721197709269364，系当事人之女，电话18953463336",
        "申请人二", "姓名：周欣宏，性别：男", "出生日期：一九八九年六月十七日，联系电话：13032766158",
        "被申请人", "姓名：黄雪英，性别：女", "出生日期：二0〇一年一月十日"])
    branch, person = applicants
    assert (branch["legal_representative"], branch["position"], branch["phone"]) == ("秦翔", "经理", "0373-5546743")
    assert (person["name"], person["birth_date"], person["id_number"]) == ("周欣宏", "1989-06-17", None)
    assert [(p["name"], p["birth_date"]) for p in respondents] == [("黄雪英", "2001-01-10")]
