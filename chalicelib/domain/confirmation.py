"""Rules a court applies before it confirms a mediation agreement (司法确认).

Pure functions over plain values; the lifecycle calls them before it sends the
joint application, so a party learns at once what the court would refuse.

- Eligibility — 《民诉法解释》第355条: no personal-status matters, no other
  special or bankruptcy procedures, no title to property or IP, nothing outside
  the courts' civil jurisdiction.
- Window — 《民事诉讼法》第205条: within 30 days of the agreement taking effect.
- Competent court — 第205条: see `chalicelib.domain.courts.competent_courts`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable

from chalicelib.domain.exceptions import RuleViolation
from chalicelib.domain.periods import last_day

WINDOW_DAYS = 30

_BASIS = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十五条"


@dataclass(frozen=True)
class Ineligibility:
    """Why a court would refuse to confirm: which rule, which words, where."""

    reason: str  # personal_status | special_procedure | bankruptcy | title_determination | outside_civil_scope
    label: str
    matched: str
    where: str  # "terms[2]" or "claims[0]"

    @property
    def where_label(self) -> str:
        """terms[2] → 调解协议第3条, claims[0] → 请求事项第1项."""
        field, index = self.where.rstrip("]").split("[")
        return f"调解协议第{int(index) + 1}条" if field == "terms" else f"请求事项第{int(index) + 1}项"

    def to_dict(self) -> dict:
        return {"reason": self.reason, "label": self.label, "matched": self.matched,
                "where": self.where, "basis": _BASIS}


# A clause is refused for what it asks the court to do, not for the words it
# mentions: 离婚后财产分割 and 抚养费 stay eligible, 确认双方离婚 does not. So the
# patterns want a verb of determination (确认, 解除, 宣告…) or a divorce agreed
# in the clause itself. A divorce stated as a past fact (已于…登记离婚, 离婚后), a
# period named after a status (婚姻关系存续期间) and anything inside a condition
# (如乙方申请破产，…) never count.
_NOT_A_REQUEST = re.compile(r"(?:已经?|曾)(?:于[^，,。；;：:]{0,20}?)?(?:协议|登记|诉讼|判决|调解)?离婚"
                            r"|于[^，,。；;：:前]{0,20}?(?:协议|登记|判决|调解)离婚"
                            r"|(?:婚姻|夫妻|收养)关系(?:存续)?期间")
_CONDITION = re.compile(r"(?:如果|倘若|假如|若|一旦|如(?![下数期实约]))[^，,。；;：:]*$")
_STATUS_OBJECT = r"(?:婚姻|夫妻|亲子|父子|母子|父女|母女|收养|养父母|养子女|监护)"
_RULES: tuple[tuple[str, str, re.Pattern], ...] = (
    ("personal_status", "婚姻、亲子、收养等身份关系",
     re.compile(r"(?:确认|认定|宣告|解除|撤销|终止|恢复|否认|建立)[^，,。；;]{0,15}?" + _STATUS_OBJECT
                + r"(?:关系|身份)(?:有效|无效|成立|不成立|存在|不存在)?(?![后时])")),
    ("personal_status", "婚姻、亲子、收养等身份关系",
     re.compile(r"(?:同意|自愿|协议|准予|确认|准许|决定|双方)(?:解除婚姻(?:关系)?|离婚)(?![后时前以之关])")),
    ("personal_status", "婚姻、亲子、收养等身份关系",
     re.compile(r"(?:办理|完成)(?:协议)?离婚(?:登记|手续)|婚姻(?:无效|有效)")),
    ("special_procedure", "适用特别程序、公示催告程序的事项",
     re.compile(r"宣告[^，,。；;]{0,10}?(?:失踪|死亡)|认定[^，,。；;]{0,10}?(?:无|限制)民事行为能力"
                r"|财产无主|选民资格|公示催告|除权判决|实现担保物权"
                r"|(?:指定|确定|变更|撤销)[^，,。；;]{0,10}?监护(?:人|资格)")),
    ("bankruptcy", "破产程序",
     re.compile(r"破产(?:清算|重整|和解)|(?:申请|宣告|同意|确认)[^，,。；;]{0,8}?破产")),
    ("title_determination", "物权、知识产权确权",
     re.compile(r"确权|(?:确认|认定)[^。；;]{0,30}?(?:所有权|产权|物权|(?:土地|宅基地|建设用地|海域)使用权"
                r"|承包经营权|抵押权|质权|留置权|居住权|地役权|著作权|版权|专利权|专利申请权|商标专用权|商标权"
                r"|知识产权)"
                r"|(?:确认|认定)[^。；;]{0,30}?归[^，,。；;]{0,20}?(?:所有|享有)"
                r"|(?:专利|商标|著作权|知识产权)[^，,。；;]{0,6}?(?:权属|归属)")),
    ("outside_civil_scope", "不属于人民法院受理民事案件的范围",
     re.compile(r"(?:不再|不|免予|免除)追究[^，,。；;]{0,10}?刑事责任|撤回(?:刑事)?(?:报案|控告)"
                r"|(?:撤销|免除|减免|不予)[^，,。；;]{0,8}?(?:行政处罚|罚款|税款|处分)")),
)


def eligibility_problems(category: str | None, terms: Iterable[str], claims: Iterable[str]) -> list[Ineligibility]:
    """Every clause a court would refuse under Art.355, in the order found."""
    problems = []
    for where, text in _clauses(terms, claims):
        found = _first_request(_NOT_A_REQUEST.sub("", text))
        if found:
            reason, label, matched = found
            problems.append(Ineligibility(reason, label, matched, where))
    return problems


def _first_request(text: str) -> tuple[str, str, str] | None:
    for reason, label, pattern in _RULES:
        for match in pattern.finditer(text):
            if not _CONDITION.search(text[: match.start()]):
                return reason, label, match.group(0)
    return None


def check_eligibility(category: str | None, terms: Iterable[str], claims: Iterable[str]) -> None:
    """Raise `RuleViolation(code="not_confirmable")` naming the first refused clause.

    `category` is accepted for the record: none of the seven scopes is refused
    as such (labour, family and land disputes all have confirmable agreements);
    what matters is what a clause asks for.
    """
    problems = eligibility_problems(category, terms, claims)
    if not problems:
        return
    first = problems[0]
    raise RuleViolation(
        f"该调解协议不能申请司法确认：{first.where_label}“{first.matched}”涉及{first.label}"
        f"（{_BASIS}）。",
        code="not_confirmable",
        details={"problems": [p.to_dict() for p in problems]},
    )


def agreement_effective_date(signature_dates: Iterable[date]) -> date:
    """An agreement signed over several days takes effect with the last signature."""
    dates = list(signature_dates)
    if not dates:
        raise RuleViolation("调解协议尚无签署日期，无法确定生效日期。", code="agreement_not_effective")
    return max(dates)


def confirmation_window_closes(effective_date: date, is_workday: Callable[[date], bool] | None = None) -> date:
    """The last day on which the joint application may still be filed (inclusive).

    《民事诉讼法》第85条 (and 《民法典》第201、203条): the day the agreement takes
    effect is not counted; day 1 is the next day, so day 30 is
    effective_date + 30 days, and filing on that day is still in time. When that
    day is a legal holiday (法定休假日, weekends included, make-up working days
    not), the period ends on the first working day after it; pass the official
    calendar as `is_workday` to apply that, otherwise the plain day 30 is used.
    """
    if is_workday is None:
        return effective_date + timedelta(days=WINDOW_DAYS)
    return last_day(effective_date, WINDOW_DAYS, is_workday)


def confirmation_deadline(signed_date: str | None, is_workday: Callable[[date], bool] | None = None) -> date | None:
    """The last day to file for an agreement signed on `signed_date` (ISO; None: not signed yet).

    The one computation behind both the check before filing and the deadline the documents print.
    """
    if not signed_date:
        return None
    return confirmation_window_closes(agreement_effective_date([date.fromisoformat(signed_date[:10])]), is_workday)


def check_window(effective_date: date, today: date, is_workday: Callable[[date], bool] | None = None) -> None:
    """Raise `RuleViolation(code="confirmation_window_closed")` when filing on `today` is late."""
    if today < effective_date:
        raise RuleViolation(
            f"调解协议自{_cn(effective_date)}起生效，生效前不能申请司法确认。",
            code="agreement_not_effective",
            details={"effective_date": effective_date.isoformat()},
        )
    closes = confirmation_window_closes(effective_date, is_workday)
    if today > closes:
        raise RuleViolation(
            f"申请司法确认的期限已于{_cn(closes)}届满（调解协议{_cn(effective_date)}生效，"
            f"应自生效之日起三十日内申请，《中华人民共和国民事诉讼法》第二百零五条）。",
            code="confirmation_window_closed",
            details={"effective_date": effective_date.isoformat(), "closed_on": closes.isoformat()},
        )


def _clauses(terms: Iterable[str], claims: Iterable[str]):
    for i, text in enumerate(terms or ()):
        if text:
            yield f"terms[{i}]", text
    for i, text in enumerate(claims or ()):
        if text:
            yield f"claims[{i}]", text


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
