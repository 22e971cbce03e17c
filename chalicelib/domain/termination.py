"""Why a mediation ends without an agreement: the coded grounds of 在线调解规则 Art.25 (终结在线调解).

The mediator (or the sweep, or the respondent's refusal) names one of these
codes; the court receives the code and its label with `case.outcome`, and the
调解不成功记录 prints the label. Free text beside it (`reason`) says more.
"""
from __future__ import annotations

TIME_LIMIT = "time_limit"
RESPONDENT_DECLINED = "respondent_declined"
OTHER = "other"

GROUNDS: dict[str, str] = {
    "withdrawn": "当事人撤回调解申请",
    "unreachable": "在调解期限内无法联系到当事人",
    RESPONDENT_DECLINED: "被申请人明确表示不同意调解",
    "irreconcilable": "当事人分歧较大且难以达成调解协议",
    TIME_LIMIT: "调解期限届满，未达成调解协议，且各方当事人未达成延长调解期限的合意",
    "bad_faith": "当事人存在虚假调解、恶意调解等不诚信行为",
    "settled_elsewhere": "当事人在人民法院调解平台以外另行达成调解协议",
    OTHER: "其他导致调解无法进行的情形",
}


def ground_label(code: str | None) -> str | None:
    return GROUNDS.get(code) if code else None
