"""Seeded fake data for the corpus: people, companies, identifiers, money, dates.

Everything the documents print is built here, so the ground truth and the
printed text come from the same value.  Identifiers are computed from their
standards (GB 11643, GB 32100, GB 11714) rather than through python-stdnum,
so the corpus stays independent of the library the engine may use.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

DISTRICTS = {  # 新乡市 county-level divisions and their GB/T 2260 codes
    "红旗区": "410702",
    "卫滨区": "410703",
    "凤泉区": "410704",
    "牧野区": "410711",  # python-stdnum's cn.ric rejects this region code
    "新乡县": "410721",
    "获嘉县": "410724",
    "原阳县": "410725",
    "延津县": "410726",
    "封丘县": "410727",
    "卫辉市": "410781",
    "辉县市": "410782",
    "长垣市": "410783",
}
ROADS = ["人民路", "劳动路", "平原路", "胜利路", "和平路", "自由路", "解放大道", "宏力大道",
         "金穗大道", "新中大道", "牧野大道", "华兰大道", "向阳路", "健康路", "东干道", "新飞大道"]
TOWNS = ["七里营镇", "朗公庙镇", "小冀镇", "古固寨镇", "大召营镇", "翟坡镇", "太山镇"]
VILLAGES = ["刘庄村", "张堤村", "西水东村", "前辛庄村", "后李村", "八里营村", "南街村"]
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾夏韦付方白邹孟熊秦邱江尹薛")
GIVEN = ("伟芳娜秀敏静丽强磊军洋勇艳杰涛明超霞平刚桂英华玉兰萍建国红波鹏辉志宏晓春梅"
         "琳丹浩凯雪婷亮飞俊帅斌欣怡然萱涵博宇轩子晨佳琪文彬海燕瑞凤翔振东鑫")
TRADE_NAMES = ["瑞丰", "卓越", "泰和", "华翔", "中原", "宏达", "鑫源", "佳禾", "天瑞", "恒通",
               "豫北", "牧野", "博远", "嘉诚", "德润", "万邦", "金诺", "聚丰", "盛世", "同创"]
INDUSTRIES = ["农业科技", "物流", "商贸", "食品", "电器", "建筑工程", "机械制造", "纺织",
              "化工", "医药", "汽车销售", "餐饮管理", "物业服务", "电子科技", "包装材料"]
COMPANY_FORMS = ["有限公司", "股份有限公司", "有限责任公司"]
POSITIONS = ["总经理", "执行董事", "董事长", "经理", "执行董事兼总经理"]
ETHNICITIES = ["汉族"] * 8 + ["回族", "满族", "蒙古族"]
COURTS = ["新乡市卫滨区人民法院", "新乡市红旗区人民法院", "新乡市牧野区人民法院",
          "新乡市凤泉区人民法院", "新乡县人民法院", "原阳县人民法院", "辉县市人民法院",
          "卫辉市人民法院", "长垣市人民法院"]
ORGANIZATIONS = ["新乡市中小企业协会调解委员会", "中国中小企业协会调解中心新乡工作站",
                 "新乡市中小企业服务中心人民调解委员会"]
LAW_FIRMS = ["河南豫北律师事务所", "河南牧野律师事务所", "河南新中律师事务所", "河南卫水律师事务所"]

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    """GB 11643 check character of a 居民身份证号码."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character of a 统一社会信用代码."""
    total = sum(USCC_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of the organization code inside a credit code."""
    value = sum(int(c, 36) * w for c, w in zip(first8, ORG_CODE_WEIGHTS))
    check = 11 - value % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def spoil_last_char(code: str, alphabet: str, rng: random.Random) -> str:
    """The same identifier with a wrong check character (for `checksum` issues)."""
    return code[:-1] + rng.choice([c for c in alphabet if c != code[-1]])


@dataclass
class Agent:
    """委托代理人: represents a party, is never a party."""
    name: str
    description: str
    phone: str


@dataclass
class Party:
    """One applicant or respondent, with what the document prints about it."""
    kind: str  # "person" | "organization"
    name: str
    address: str
    phone: str | None
    gender: str | None = None
    birth_date: dt.date | None = None
    ethnicity: str | None = None
    id_number: str | None = None
    credit_code: str | None = None
    legal_representative: str | None = None
    position: str | None = None
    agent: Agent | None = None
    checksum_broken: bool = False  # id_number / credit_code printed with a wrong check character
    stated_mismatch: bool = False  # stated birth date or sex disagrees with the id_number
    phone_text: str | None = None  # how the document writes the phone, when not as normalised
    id_text: str | None = None  # how the document writes the id number, when not as normalised
    branch: bool = False  # 分公司: its 负责人 is printed where a company's 法定代表人 would be

    @property
    def shown_phone(self) -> str | None:
        return self.phone_text or self.phone

    @property
    def shown_id(self) -> str | None:
        return self.id_text or self.id_number

    def truth(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "gender": self.gender,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "ethnicity": self.ethnicity,
            "id_number": self.id_number,
            "credit_code": self.credit_code,
            "address": self.address,
            "phone": self.phone,
            "legal_representative": self.legal_representative,
            "position": self.position,
        }


class Faker:
    """Seeded generator of the values a mediation document carries."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._used_names: set[str] = set()

    # people and places -------------------------------------------------
    def person_name(self) -> str:
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self._used_names:
                self._used_names.add(name)
                return name

    def district(self) -> str:
        return self.rng.choice(list(DISTRICTS))

    def address(self, district: str | None = None, *, flat: bool | None = None) -> str:
        district = district or self.district()
        rng = self.rng
        if district.endswith("县") and rng.random() < 0.4:
            return f"河南省新乡市{district}{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
        base = f"河南省新乡市{district}{rng.choice(ROADS)}{rng.randint(1, 399)}号"
        if flat if flat is not None else rng.random() < 0.5:
            base += f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 26)}{rng.randint(1, 4):02d}室"
        return base

    def mobile(self) -> str:
        return self.rng.choice(["13", "15", "17", "18", "19"]) + "".join(
            str(self.rng.randint(0, 9)) for _ in range(9))

    def landline(self) -> str:
        return f"0373-{self.rng.randint(2, 8)}{self.rng.randint(0, 999999):06d}"

    def phone(self, landline_share: float = 0.0) -> str:
        return self.landline() if self.rng.random() < landline_share else self.mobile()

    # identifiers -------------------------------------------------------
    def id_number(self, district: str, birth: dt.date, gender: str) -> str:
        seq = self.rng.randint(0, 99)
        sex = self.rng.choice("13579" if gender == "男" else "02468")
        first17 = f"{DISTRICTS[district]}{birth:%Y%m%d}{seq:02d}{sex}"
        return first17 + id_check_digit(first17)

    def credit_code(self, district: str, authority: str = "9", org_type: str = "1") -> str:
        body = "".join(self.rng.choice(USCC_CHARSET) for _ in range(8))
        org_code = body + org_code_check_char(body)
        if org_code[-1] not in USCC_CHARSET:  # keep the whole code inside GB 32100's charset
            return self.credit_code(district, authority, org_type)
        first17 = f"{authority}{org_type}{DISTRICTS[district]}{org_code}"
        return first17 + uscc_check_char(first17)

    # parties -------------------------------------------------------------
    def person(self, *, broken: bool = False, mismatch: bool = False, x_check: bool = False) -> Party:
        rng = self.rng
        gender = rng.choice("男女")
        birth = dt.date(rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28))
        district = self.district()
        id_number = self.id_number(district, birth, gender)
        while x_check and id_number[-1] != "X":  # an id whose check character is X
            id_number = self.id_number(district, birth, gender)
        stated_birth, stated_gender = birth, gender
        if mismatch:  # the document states a sex the id_number contradicts
            stated_gender = "女" if gender == "男" else "男"
        if broken:
            id_number = spoil_last_char(id_number, "0123456789X", rng)
        return Party(kind="person", name=self.person_name(), address=self.address(district),
                     phone=self.mobile(), gender=stated_gender, birth_date=stated_birth,
                     ethnicity=rng.choice(ETHNICITIES), id_number=id_number,
                     checksum_broken=broken, stated_mismatch=mismatch)

    def organization(self, *, broken: bool = False, authority: str | None = None) -> Party:
        rng = self.rng
        district = self.district()
        authority = authority or rng.choice("9" * 6 + "NY")
        if authority == "N":  # rural collective economic organisation (农村集体经济组织)
            town, village = rng.choice(TOWNS), rng.choice(VILLAGES)
            name = f"{district}{town}{village}股份经济合作社"
            if district.endswith("区"):
                name = f"新乡市{name}"
            code = self.credit_code(district, "N", "1")
            position, address = "理事长", f"河南省新乡市{district}{town}{village}村委会院内"
        elif authority == "Y":  # registered by another authority (其他)
            name = f"新乡市{district}{rng.choice(TRADE_NAMES)}小区业主委员会"
            code = self.credit_code(district, "Y", "1")
            position, address = "主任", self.address(district, flat=False)
        else:
            prefix = "新乡市" if rng.random() < 0.7 else district
            name = f"{prefix}{rng.choice(TRADE_NAMES)}{rng.choice(INDUSTRIES)}{rng.choice(COMPANY_FORMS)}"
            code = self.credit_code(district)
            position, address = rng.choice(POSITIONS), self.address(district, flat=False)
        if broken:
            code = spoil_last_char(code, USCC_CHARSET, rng)
        return Party(kind="organization", name=name, address=address,
                     phone=self.phone(landline_share=0.4), credit_code=code,
                     legal_representative=self.person_name(), position=position,
                     checksum_broken=broken)

    def agent(self) -> Agent:
        description = self.rng.choice(
            [f"{self.rng.choice(LAW_FIRMS)}律师", "该公司员工", "系申请人之子", "系申请人之女"])
        return Agent(self.person_name(), description, self.mobile())

    def relative_agent(self) -> Agent:
        """A relative acting as 委托代理人, described with sex, birth and an id number of their own."""
        rng = self.rng
        gender = rng.choice("男女")
        birth = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        district = self.district()
        relation = rng.choice(["系当事人之子", "系当事人之女", "系当事人之妻", "系当事人之夫", "系当事人之兄"])
        description = (f"{gender}，{birth.year}年{birth.month}月{birth.day}日出生，"
                       f"公民身份号码{self.id_number(district, birth, gender)}，{relation}")
        return Agent(self.person_name(), description, self.mobile())

    def branch(self, *, broken: bool = False) -> Party:
        """分公司: an organisation represented by its 负责人, not a 法定代表人 (公司法 第十三条)."""
        party = self.organization(broken=broken, authority="9")
        head = party.name
        for form in COMPANY_FORMS:
            head = head.removesuffix(form)
        party.name = f"{head}有限公司{self.rng.choice(['新乡分公司', '卫辉分公司', '辉县分公司', '红旗分公司'])}"
        party.position = self.rng.choice(["负责人", "经理"])
        party.branch = True
        return party

    # money and dates -----------------------------------------------------
    def amount(self, low: int, high: int, *, cents: bool = False) -> Decimal:
        yuan = self.rng.randint(low, high)
        if yuan > 10000 and self.rng.random() < 0.5:
            yuan -= yuan % 100
        if not cents:
            return Decimal(yuan)
        return Decimal(yuan) + Decimal(self.rng.randint(1, 99)) / 100

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))


# ---------------------------------------------------------------------------
# How documents write money and dates

UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
LOWER_DIGITS = "〇一二三四五六七八九"
GROUP_UNITS = ("", "万", "亿")
DIGIT_UNITS = ("", "拾", "佰", "仟")


def _upper_group(n: int) -> str:
    """0 < n < 10000 in financial capitals, with the zeros Chinese writes inside."""
    digits = f"{n:04d}"
    out, zero = "", False
    for i, d in enumerate(digits):
        if d == "0":
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += UPPER_DIGITS[int(d)] + DIGIT_UNITS[3 - i]
    return out


def upper_yuan(amount: Decimal) -> str:
    """`壹拾贰万叁仟肆佰伍拾陆元柒角捌分` / `…元整` for an amount in yuan."""
    yuan = int(amount)
    fen = int((amount - yuan) * 100)
    groups, rest = [], yuan
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    out = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        if out and group < 1000:
            out += "零"
        out += _upper_group(group) + GROUP_UNITS[index]
    out = (out or "零") + "元"
    jiao, fen = divmod(fen, 10)
    if not jiao and not fen:
        return out + "整"
    if jiao:
        out += UPPER_DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen:
        out += UPPER_DIGITS[fen] + "分"
    return out


MONEY_STYLES = ("upper", "yen", "wan", "plain", "comma", "rmb_plain", "upper_and_yen", "plain_and_upper",
                "upper_bare")


def write_money(amount: Decimal, style: str) -> str:
    """Print an amount in one of the styles real documents use."""
    if style == "wan" and amount != int(amount):
        style = "plain"  # 万元 is only written for whole yuan
    if style == "upper":
        return "人民币" + upper_yuan(amount)
    if style == "upper_bare":  # capitals without 人民币
        return upper_yuan(amount)
    if style == "upper_and_yen":  # the same amount twice: once in words, once in figures
        return f"人民币{upper_yuan(amount)}（¥{amount:,.2f}）"
    if style == "plain_and_upper":
        return f"{_plain(amount)}元（大写：人民币{upper_yuan(amount)}）"
    if style == "yen":
        return f"¥{amount:,.2f}"
    if style == "yen_full":
        return f"￥{amount:,.2f}元"
    if style == "wan":
        wan = (amount / 10000).normalize()
        return f"{wan:f}万元"
    if style == "comma":
        return f"{amount:,.2f}元"
    if style == "rmb_plain":
        return f"人民币{_plain(amount)}元"
    return f"{_plain(amount)}元"


def _plain(amount: Decimal) -> str:
    return f"{amount:.2f}" if amount != int(amount) else str(int(amount))


def _lower_number(n: int) -> str:
    """Month or day in lower-case Chinese numerals: 五, 十, 十一, 二十, 三十一."""
    tens, units = divmod(n, 10)
    return ("" if tens == 0 else ("" if tens == 1 else LOWER_DIGITS[tens]) + "十") + (
        LOWER_DIGITS[units] if units else "")


def write_days(n: int, date_style: str) -> str:
    """A period of days in the numerals the dates use: `三十日`, `30日`."""
    return f"{_lower_number(n) if date_style.startswith('upper') else n}日"


DATE_STYLES = ("cn", "cn_padded", "upper", "iso", "cn_spaced")
MORE_DATE_STYLES = ("upper_circle", "upper_zero", "dotted")  # the newer producers' only
PHONE_STYLES = ("plain", "grouped", "dashed")


def write_phone(phone: str, style: str) -> str:
    """`138 3738 2010`, `138-3738-2010`, `（0373）3779489`, `0373 3779489`."""
    if style == "plain":
        return phone
    if phone.startswith("0373-"):
        local = phone[5:]
        return f"（0373）{local}" if style == "grouped" else f"0373 {local}"
    sep = " " if style == "grouped" else "-"
    return f"{phone[:3]}{sep}{phone[3:7]}{sep}{phone[7:]}"


def write_date(day: dt.date, style: str) -> str:
    if style == "cn":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "cn_padded":
        return f"{day:%Y}年{day:%m}月{day:%d}日"
    if style == "cn_spaced":  # what Word writes around fields
        return f"{day.year} 年 {day.month} 月 {day.day} 日"
    if style in ("upper", "upper_circle", "upper_zero"):  # the zero as 〇, as ○ (U+25CB) or as the digit 0
        zero = {"upper": "〇", "upper_circle": "○", "upper_zero": "0"}[style]
        year = "".join(LOWER_DIGITS[int(c)] for c in str(day.year)).replace("〇", zero)
        return f"{year}年{_lower_number(day.month)}月{_lower_number(day.day)}日"
    if style == "dotted":
        return f"{day.year}.{day.month}.{day.day}"
    return day.isoformat()
