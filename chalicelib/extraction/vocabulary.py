"""Labels that Chinese mediation forms print before their values (表单标签).

Forms letter-space their labels (`申 请 人:`, `住    址：`), so every label
pattern allows whitespace between its characters.
"""
from __future__ import annotations

import re


def spaced(word: str) -> str:
    """Regex for `word` with optional whitespace between its characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


def alternation(words) -> str:
    """Longest first, so `住所地` wins over `住`."""
    return "(?:" + "|".join(spaced(w) for w in sorted(words, key=len, reverse=True)) + ")"


APPLICANT_ROLES = ("申请人", "甲方", "申请方", "申请人方", "调解申请人")
RESPONDENT_ROLES = ("被申请人", "乙方", "被申请方", "被申请人方")
OTHER_ROLES = ("第三人", "丙方")
ROLES = APPLICANT_ROLES + RESPONDENT_ROLES + OTHER_ROLES
AGENTS = ("委托代理人", "委托诉讼代理人", "诉讼代理人", "代理人", "委托代表人", "特别授权代理人", "一般授权代理人")
REPRESENTATIVES = ("法定代表人", "法人代表", "负责人", "经营者", "执行事务合伙人", "投资人", "法定代理人")

NAME_LABELS = ("姓名", "名称", "单位名称", "企业名称", "公司名称", "姓名或名称", "姓名/名称", "当事人姓名")
GENDER_LABELS = ("性别",)
BIRTH_LABELS = ("出生日期", "出生年月日", "出生年月", "出生时间", "生日")
ETHNICITY_LABELS = ("民族",)
ID_LABELS = ("公民身份号码", "居民身份证号码", "身份证号码", "身份证号", "身份证件号码", "身份证", "证件号码", "身份号码", "证件号")
CREDIT_LABELS = ("统一社会信用代码", "社会信用代码", "信用代码", "统一信用代码", "组织机构代码")
ADDRESS_LABELS = ("住所地", "住所地址", "住所", "住址", "地址", "户籍地址", "户籍所在地", "户籍地", "经常居住地", "现住址", "现住",
                  "居住地", "住处", "联系地址", "通讯地址", "送达地址", "注册地址", "经营场所", "家庭住址", "居住地址")
PHONE_LABELS = ("联系电话", "电话", "手机号码", "手机号", "手机", "联系方式", "电话号码", "联系号码", "移动电话")
POSITION_LABELS = ("职务", "职位")
OTHER_LABELS = ("年龄", "工作单位", "邮编", "邮政编码", "职业", "文化程度", "国籍", "电子邮箱", "邮箱", "身份")
CLAIMS_HEADINGS = ("请求事项", "调解请求事项", "申请调解事项", "调解申请事项", "请求调解事项", "申请调解请求", "调解请求",
                   "申请事项", "调解事项", "诉讼请求", "申请请求", "请求", "仲裁请求",
                   "具体请求", "请求内容")
FACTS_HEADINGS = ("事实与理由", "事实和理由", "事实及理由", "纠纷事实", "纠纷简要情况", "纠纷的主要事实", "纠纷主要事实", "基本案情",
                  "案件事实", "主要事实", "争议事实", "纠纷情况", "简要案情", "纠纷事实及理由", "案情简介", "纠纷基本情况",
                  "纠纷事由", "申请理由", "理由", "纠纷简要事实")
SECTION_LABELS = CLAIMS_HEADINGS + FACTS_HEADINGS + ("调解员", "人民调解员", "调解组织", "调解机构", "签订日期", "日期")

FIELD_LABELS = (NAME_LABELS + GENDER_LABELS + BIRTH_LABELS + ETHNICITY_LABELS + ID_LABELS + CREDIT_LABELS
                + ADDRESS_LABELS + PHONE_LABELS + POSITION_LABELS + OTHER_LABELS)
ALL_LABELS = ROLES + AGENTS + REPRESENTATIVES + FIELD_LABELS + SECTION_LABELS

_LABEL_SET = set(ALL_LABELS)
_PARTY_FIELDS = set(FIELD_LABELS + REPRESENTATIVES + AGENTS)
_PAREN_SUFFIX = re.compile(r"[（(][^）)]{0,12}[）)]$")
_NUMBERED_ROLE = re.compile(rf"^{alternation(ROLES)}[一二三四五六七八九十0-9]{{0,2}}$")
# A known label followed by a colon at the start of a line: a new field begins.
LABEL_RE = re.compile(rf"^\s*{alternation(ALL_LABELS)}[一二三四五六七八九十0-9]{{0,2}}\s*(?:[（(][^）)]{{0,12}}[）)])?\s*[：:]")


def is_role(text: str) -> bool:
    """True when `text` is a party's role label (`申请人`, `乙方`, `被申请人二`)."""
    bare = _PAREN_SUFFIX.sub("", re.sub(r"\s+", "", text).rstrip("：:"))
    return bool(_NUMBERED_ROLE.match(bare))


def is_party_field(text: str) -> bool:
    """True for a label of a party's detail (`性别`, `法定代表人`), not a section (`请求事项`)."""
    bare = _PAREN_SUFFIX.sub("", re.sub(r"\s+", "", text).rstrip("：:"))
    return bare in _PARTY_FIELDS


def is_label(text: str) -> bool:
    """True when `text` (a table cell, a segment) is just a label, e.g. `身份证号码` or `甲方（申请人）`."""
    bare = re.sub(r"\s+", "", text).rstrip("：:")
    bare = _PAREN_SUFFIX.sub("", bare)
    return bare in _LABEL_SET or bool(_NUMBERED_ROLE.match(bare))


# An item's number: `1.` `2、` `（3）` `四、` `⑤` `第六条` (not the `2.` of `2.52万元`, nor the `0）` of a wrapped `24,103.00）`)
NUMBERING = (r"(?:[1-9][0-9]?\s*[.、．)）](?![0-9])|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}\s*[、．.]"
             r"|[①-⑳]|第[一二三四五六七八九十]+条\s*)")

ETHNICITIES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣",
    "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗",
    "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固",
    "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)

ORGANIZATION_SUFFIXES = (
    "公司", "厂", "店", "中心", "合作社", "委员会", "协会", "集团", "银行", "学校", "医院", "事务所", "商行", "经营部", "工作室",
    "门市部", "超市", "酒店", "宾馆", "基金会", "联合会", "办事处", "政府", "局", "站", "社", "所", "院", "部", "行", "场",
    "馆", "园", "会", "队", "处", "营业部", "分公司", "支行", "有限合伙", "（普通合伙）", "（有限合伙）", "工程处", "商店",
)
