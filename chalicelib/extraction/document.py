"""Document structure: type, sections and the non-party fields (文书结构).

An application (调解申请书) has parties, 请求事项 (claims), 事实与理由 (facts),
then 此致 + court, a signature and a date. An agreement (调解协议书) has a
number, parties, 纠纷简要情况, the agreed terms (经调解，双方自愿达成如下协议),
the mediator and organization, signature slots and a date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .dates import find_dates, iso, period_end
from .money import chinese_number, find_amounts, format_amount
from .paragraphs import Paragraph
from .vocabulary import CLAIMS_HEADINGS, FACTS_HEADINGS, NUMBERING, alternation

APPLICATION = "application"
AGREEMENT = "agreement"
UNKNOWN = "unknown"

_CLAIMS_HEAD = re.compile(rf"^\s*{alternation(CLAIMS_HEADINGS)}\s*(?:如下)?\s*[：:，]?\s*")
# Known headings, or any short heading about the facts (`纠纷主要事实、争议事项：`)
_FACTS_HEAD = re.compile(rf"^\s*(?:[\u4e00-\u9fff、及和与]{{0,8}}(?:事实|案情)[\u4e00-\u9fff、及和与]{{0,8}}(?=\s*[：:])"
                         rf"|{alternation(FACTS_HEADINGS)})"
                         r"\s*(?:如下)?\s*[：:，]?\s*")
_TERMS_HEAD = re.compile(
    r"^\s*(?:经\s*调\s*解.{0,30}?(?:达成|协议)[^：:，,。；]{0,12}[：:，]?|(?:调解)?协议(?:内容|条款|事项)\s*(?:如下)?\s*[：:]?"
    r"|.{0,12}(?:达成|订立)(?:如下|以下)(?:调解)?协议\s*[：:]?"
    r"|.{0,20}?(?:达成|订立|签订).{0,10}?协议[^：:。]{0,8}[：:]\s*$)\s*")
_SIGNER = r"(?:(?:被\s*)?申\s*请\s*人|甲\s*方|乙\s*方|当\s*事\s*人|具\s*状\s*人|(?:人民)?调\s*解\s*员)[一二三四五六七八九十0-9]?"
_TAIL_HEAD = re.compile(
    rf"^\s*(?:此\s*致|(?:{_SIGNER})\s*[：:]?\s*[（(]?\s*(?:签|盖|捺|印)|具\s*状\s*人|附\s*[：:]|附件|(?:人民)?调解员\s*[：:]"
    r"|(?:人民)?调解(?:组织|机构|委员会|中心)|(?:主持人|调解人)\s*[：:]|(?:签订|签署|签约)?日\s*期\s*[：:]|双方当事人签|记录人)")
_NUMBERED = re.compile(rf"^\s*{NUMBERING}")
_SENTENCE_END = re.compile(r"[。；;.）)]\s*$")  # an item ends here; else the next line continues it (`具体\n如下：`)
_LABEL_START = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff（）]{1,13}\s*[：:]")
_ITEM_SPLIT = re.compile(rf"(?:^|(?<=[。；;\s]))\s*{NUMBERING}")
# `（2023）新中小调字第043号`, also `新中小调字〔2023〕第43号`
_AGREEMENT_NUMBER = re.compile(
    r"(?:[\u4e00-\u9fff]{1,10}字\s*)?[（(〔\[]\s*(?:19|20)[0-9]{2}\s*[）)〕\]]\s*[\u4e00-\u9fffA-Za-z0-9]{0,20}?第?\s*[0-9]+\s*号")
# not a case system's own `案件编号：SD2024…` printed in its bar above the document
_NUMBER_LABEL = re.compile(r"(?:协议书?编号|(?<!案件)(?<!案卷)编\s*号|案\s*号|文\s*号)\s*[：:]\s*(?P<v>[^\s，。；]+)")
_COURT_RE = re.compile(r"[\u4e00-\u9fff]{2,30}?人民法院")
_MEDIATOR_RE = re.compile(
    r"(?:^|[\s，。；])(?:人民)?(?:调\s*解\s*员|主持人|调解人)\s*(?:[（(][^）)]*[）)]|签\s*[字名])?\s*[：:]\s*(?P<v>[\u4e00-\u9fff·]{2,5})(?![\u4e00-\u9fff])")
_ORG_RE = re.compile(
    r"(?:调解组织|调解机构|调解单位|组织名称|调解委员会)\s*(?:名称)?\s*(?:[（(][^）)]*[）)])?\s*[：:]?\s*(?P<v>[\u4e00-\u9fff（）]{4,40})")
_ORG_SUFFIX = re.compile(r"(?:委员会|中心|工作站|工作室|调解室|协会|站|组织|办公室|所)$")
# a line that is only an organization's name: `新乡市中小企业协会调解委员会`, `中国中小企业协会调解中心新乡工作站`
_ORG_BARE_RE = re.compile(
    r"^(?P<v>[\u4e00-\u9fff（）]{0,30}调解[\u4e00-\u9fff（）]{0,30}(?:委员会|中心|工作站|工作室|室))\s*(?:[（(]\s*盖章\s*[）)])?$")
_SIGNED_LABEL = re.compile(r"(?:签订|签署|签约|协议|落款)?\s*日\s*期\s*[：:]")
_PAYMENT = re.compile(r"支付|给付|偿还|归还|返还|赔偿|补偿|退还|付清|清偿|结清|还款|付款|交付|退赔|赔付")
_CONDITIONAL = re.compile(r"^(?:如|若|如果|倘若|逾期|否则|未按)")
_TOTAL = re.compile(r"合计|共计|总计|总额|总金额|累计")
_DEADLINE_HINT = re.compile(r"前|之前|以前|为止|止|内|当日|届满")
# A period counted from the signing (`自本协议签订之日起十日内`, `签字后15日内`,
# `于协议生效后三十日内`, `签订之日起3个月内`). Working days (工作日) need the holiday
# schedule, so their end stays unknown.
_AFTER_SIGNING = re.compile(
    r"(?:签订|签署|签字|签名|签章|盖章|生效)(?:[（(][^）)]{0,6}[）)])?\s*(?:之日|当日)?\s*(?:起|后|以后|之后)?\s*"
    r"(?P<count>[0-9]{1,3}|[一二两三四五六七八九十百]{1,5})\s*(?P<unit>日|天|个月|年|个?工作日)\s*(?:之|以)?内")
# ... unless the counting starts from something else that takes effect (`司法确认生效后十日内`)
_OTHER_START = re.compile(r"确认|裁定|判决|送达|收到|立案")
# ... or what is due in the period is a step of procedure, not the performance
# (`生效之日起三十日内共同向人民法院申请司法确认`, 人民调解法 第三十三条)
_NOT_PERFORMANCE = re.compile(r"申请(?:司法)?确认|申请.{0,6}(?:确认|执行|备案)")


@dataclass
class Sections:
    head: list[Paragraph] = field(default_factory=list)  # title and parties
    claims: list[Paragraph] = field(default_factory=list)
    facts: list[Paragraph] = field(default_factory=list)
    terms: list[Paragraph] = field(default_factory=list)
    tail: list[Paragraph] = field(default_factory=list)  # 此致, signatures, dates


def split_sections(paragraphs: list[Paragraph]) -> Sections:
    sections = Sections()
    current = sections.head
    for para in paragraphs:
        text = para.text
        for regex, target in ((_CLAIMS_HEAD, sections.claims), (_FACTS_HEAD, sections.facts), (_TERMS_HEAD, sections.terms)):
            m = regex.match(text)
            if m and (target is not sections.claims or current is sections.head) and _is_heading(text, m):
                current = target
                text = text[m.end():]
                break
        else:
            if current is not sections.head and (_TAIL_HEAD.match(text) or _only_a_date(text) or _after_items(current, text)):
                current = sections.tail
        if text.strip():
            current.append(Paragraph(text.strip(), para.page, para.top, para.from_table))
    return sections


def _after_items(current: list[Paragraph], text: str) -> bool:
    """After numbered items, an unnumbered `label：` line closes the list (`调解组织：…`)."""
    return (any(_NUMBERED.match(p.text) for p in current) and not _NUMBERED.match(text)
            and bool(_LABEL_START.match(text)) and _SENTENCE_END.search(current[-1].text) is not None)


def _only_a_date(text: str) -> bool:
    found = find_dates(text)
    return bool(found) and len(re.sub(r"\s+", "", text)) <= len(re.sub(r"\s+", "", text[found[0][1]:found[0][2]])) + 2


def _is_heading(text: str, m: re.Match) -> bool:
    """`请求事项：` is a heading; `请求被申请人支付…` is a claim that starts with 请求."""
    matched = text[:m.end()]
    return bool(re.search(r"[：:，]\s*$", matched)) or not text[m.end():].strip() or matched.rstrip().endswith("如下")


def document_type(paragraphs: list[Paragraph], sections: Sections) -> str:
    title = "".join(re.sub(r"\s+", "", p.text) for p in paragraphs[:4])
    if re.search(r"调解协议|协议书", title):
        return AGREEMENT
    if re.search(r"调解申请|申请书", title) and "确认" not in title:
        return APPLICATION
    if sections.terms:
        return AGREEMENT
    if sections.claims:
        return APPLICATION
    return UNKNOWN


def items(paragraphs: list[Paragraph]) -> list[str]:
    """Numbered items (`1.` `（一）` `一、` `①`), or `；`-separated ones when unnumbered."""
    text = "\n".join(p.text for p in paragraphs).strip()
    if not text:
        return []
    starts = [m for m in _ITEM_SPLIT.finditer(text)]
    if starts and starts[0].start() <= 1:
        pieces = [text[m.end():(starts[i + 1].start() if i + 1 < len(starts) else len(text))] for i, m in enumerate(starts)]
    else:
        pieces = re.split(r"[；;\n]", text)
    out = []
    for piece in pieces:
        piece = re.sub(r"\s*\n\s*", "", piece).strip().rstrip("；;，,。.").strip()
        if piece:
            out.append(piece)
    return out


def claim_amount(claims: list[str]) -> str | None:
    """Sum of the money claimed. A total (`以上合计…元`) that restates the amounts
    before it is not added again; a total standing alone (`各项损失共计…元`) is."""
    amounts: list[Decimal] = []
    for claim in claims:
        for value, start, end in find_amounts(claim):
            if _is_basis(claim, start, end):
                continue
            if _TOTAL.search(claim[max(0, start - 8):start]) and amounts and sum(amounts) == value:
                continue
            amounts.append(value)
    return format_amount(sum(amounts, Decimal(0))) if amounts else None


def _is_basis(text: str, start: int, end: int) -> bool:
    """`以41679元为基数` or amounts in a parenthetical restate or qualify, not claim;
    interest counted so far (`暂计至2024年3月5日为3200元`) is claimed, in brackets or not."""
    before, after = text[max(0, start - 6):start], text[end:end + 6]
    if re.search(r"以$|以\s*本金$|按$", before) or re.match(r"\s*为(?:基数|本金|标准)", after):
        return True
    if _INTERIM.search(text[max(0, start - 30):start]):
        return False
    depth = text[:start].count("（") + text[:start].count("(") - text[:start].count("）") - text[:start].count(")")
    return depth > 0


# `暂计至2024年3月5日为3200元`, `计算至起诉之日为…`: the interest due so far, an amount claimed
_INTERIM = re.compile(r"(?:暂计|暂算|计算?至|算至)[^，,；;（()）]{0,24}?[为是共计]{1,2}\s*(?:人民币)?\s*$")


def settlement(terms: list[str], signed: str | None = None) -> tuple[str | None, str | None]:
    """(settlement_amount, performance_deadline) from the agreed terms: the sum of
    what is to be paid, and the last date by which anything must be done.

    A deadline counted from the signing (`签订之日起十日内`) is dated from
    `signed` (ISO date); without it the last date is unknown, so None."""
    return _settlement_amount(terms), _performance_deadline(terms, signed)


def _performance_deadline(terms: list[str], signed: str | None) -> str | None:
    deadlines = []
    for term in terms:
        if _CONDITIONAL.match(term):
            continue
        for value, start, end in find_dates(term):
            if _DEADLINE_HINT.match(term[end:end + 3]) or re.search(r"[于在]$", term[max(0, start - 1):start]):
                deadlines.append(value)
        for value in _after_signing(term, signed):
            if value is None:
                return None
            deadlines.append(value)
    return iso(max(deadlines)) if deadlines else None


def _after_signing(term: str, signed: str | None) -> list[date | None]:
    """Deadlines the term counts from the signing; None for each that `signed` cannot fix."""
    found = []
    for m in _AFTER_SIGNING.finditer(term):
        clause = re.split(r"[，,。；;]", term[:m.start()])[-1]
        purpose = re.split(r"[，,。；;]", term[m.end():])[0]
        if _OTHER_START.search(clause) or _NOT_PERFORMANCE.search(purpose):
            continue
        count = int(m["count"]) if m["count"].isdigit() else int(chinese_number(m["count"]) or 0)
        known = signed and count and "工作" not in m["unit"]
        found.append(period_end(date.fromisoformat(signed), count, m["unit"]) if known else None)
    return found


def _settlement_amount(terms: list[str]) -> str | None:
    amounts: list[Decimal] = []
    for term in terms:
        if _CONDITIONAL.match(term) or not _PAYMENT.search(term):
            continue
        found = [(value, start) for value, start, end in find_amounts(term)
                 if not (_is_basis(term, start, end) or re.search(r"违约金|滞纳金|逾期", term[max(0, start - 12):start]))]
        for index, (value, start) in enumerate(found):
            if _TOTAL.search(term[max(0, start - 8):start]) and amounts and sum(amounts) == value:
                continue
            amounts.append(value)
            if _TOTAL.search(term[max(0, start - 8):start]) and sum(v for v, _ in found[index + 1:]) == value:
                break  # `共计9万元，具体如下：第一期…` — the instalments after a total break it down
    return format_amount(sum(amounts, Decimal(0))) if amounts else None


def court(sections: Sections) -> str | None:
    """The court the application is addressed to: after 此致, or a court line
    above the claims (`XX人民法院：`); never a court the facts merely mention."""
    tail = sections.tail
    for i, para in enumerate(tail):
        if re.match(r"^\s*此\s*致", para.text):
            rest = re.sub(r"^\s*此\s*致\s*[：:]?", "", para.text)
            for candidate in [rest] + [p.text for p in tail[i + 1:i + 3]]:
                m = _COURT_RE.search(re.sub(r"\s+", "", candidate))
                if m:
                    return m.group(0)
    for para in sections.head + tail:
        m = _COURT_RE.search(re.sub(r"\s+", "", para.text))
        if m:
            return m.group(0)
    return None


_APPLIED_LABEL = re.compile(r"(?:申请|填表|提交|落款)?\s*日\s*期\s*[：:]")


def application_date(tail: list[Paragraph], paragraphs: list[Paragraph]) -> str | None:
    """The date under the signature, or one labelled `申请日期：` (forms put it at the top);
    without either, a last line that is only a date."""
    found = last_date(tail)
    if found:
        return found
    for para in paragraphs:
        m = _APPLIED_LABEL.search(para.text)
        dates = find_dates(para.text[m.end():]) if m and "出生" not in para.text[max(0, m.start() - 2):m.start()] else []
        if dates and dates[0][1] <= 2:
            return iso(dates[0][0])
    if not paragraphs:
        return None
    dates = find_dates(paragraphs[-1].text)
    return iso(dates[-1][0]) if dates and len(paragraphs[-1].text.strip()) <= 20 else None


def last_date(paragraphs: list[Paragraph]) -> str | None:
    for para in reversed(paragraphs):
        found = find_dates(para.text)
        if found:
            return iso(found[-1][0])
    return None


def signed_date(tail: list[Paragraph]) -> str | None:
    """`签订日期：…` in the signature block, else its last date."""
    for para in tail:
        m = _SIGNED_LABEL.search(para.text)
        if m:
            found = find_dates(para.text[m.end():])
            if found:
                return iso(found[0][0])
    return last_date(tail)


def agreement_number(paragraphs: list[Paragraph]) -> str | None:
    for para in paragraphs[:12]:
        m = _NUMBER_LABEL.search(para.text)
        if m:
            return m.group("v")
        m = _AGREEMENT_NUMBER.search(para.text)
        if m:
            return re.sub(r"\s+", "", m.group(0))
    return None


def mediator(paragraphs: list[Paragraph]) -> str | None:
    for para in paragraphs:
        m = _MEDIATOR_RE.search(para.text)
        if m and not re.search(r"签|章|盖", m.group("v")):
            return m.group("v")
    return None


def organization(paragraphs: list[Paragraph]) -> str | None:
    for para in paragraphs:
        m = _ORG_RE.search(re.sub(r"\s+", "", para.text))
        if m and _ORG_SUFFIX.search(m.group("v")) and not re.search(r"盖章|签", m.group("v")):
            return m.group("v")
    for para in reversed(paragraphs):
        m = _ORG_BARE_RE.match(re.sub(r"\s+", "", para.text))
        if m:
            return m.group("v")
    return None


def facts_text(facts: list[Paragraph]) -> str | None:
    text = "".join(p.text for p in facts).strip()
    return text or None
