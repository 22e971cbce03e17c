"""Is the uploaded agreement this case's agreement? (调解协议的审查)

《人民调解法》第二十九条: the agreement (调解协议书) is signed, sealed or
thumb-printed by each party, signed by the mediator and stamped with the seal
of the mediation organization. 《最高人民法院关于人民法院特邀调解的规定》
第二十四条: the invited mediation organization or mediator who conducted the
mediation signs it. So an upload settles the case only when it is an agreement
between this case's parties, named for this case's mediator and organization,
signed on or after the day this mediation began and not in the future, and
stamped with the organization's seal. Each failure is one blocking issue with a
message in plain Chinese; the upload is kept whatever they say.

When none of the case's parties is on the upload it is another case's
agreement: that is the one issue, not a list of strangers who "have not signed".
A mediator whose name was not read (a handwritten signature only) is no issue by
itself: the mediator's signature is checked on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

BASIS = "《中华人民共和国人民调解法》第二十九条、《最高人民法院关于人民法院特邀调解的规定》第二十四条"
_SPACE = re.compile(r"[\s\u3000·•]")


@dataclass(frozen=True)
class ThisCase:
    """What an agreement must agree with: the case as the platform knows it."""

    party_names: tuple[str, ...]
    mediator_name: str | None
    organization_name: str | None
    mediation_began: date  # the day the mediator accepted (China time)
    today: date


def blocking_issues(extraction: dict, case: ThisCase) -> list[dict]:
    """Every reason the upload cannot settle `case`, in the order a mediator would fix them."""
    kind = extraction.get("document_type")
    if kind != "agreement":
        return [_issue("document_type", "not_an_agreement", "这份文件看起来不是调解协议书"
                       + ("（读出来像申请书）。" if kind == "application" else "。"))]
    fields = extraction.get("fields") or {}
    named = [p.get("name") for p in (fields.get("applicants") or []) + (fields.get("respondents") or [])
             if p.get("name")]
    if not {_plain(n) for n in named} & {_plain(n) for n in case.party_names}:
        return [_issue("parties", "not_this_case",
                       f"这不是本案的调解协议：协议上的当事人是{_list(named)}，本案的当事人是{_list(case.party_names)}。",
                       expected=sorted(case.party_names), found=sorted(named))]
    return [*_party_issues(fields, named, case), *_signer_issues(fields, case), *_date_issues(fields, case)]


def _party_issues(fields: dict, named: list[str], case: ThisCase) -> list[dict]:
    signed = {_plain(n) for n in (fields.get("signatures") or {}).get("parties") or []}
    issues = [_issue("signatures.parties", "party_unsigned", f"{name}还没有签名。", party=name)
              for name in case.party_names if _plain(name) not in signed]
    if {_plain(n) for n in named} != {_plain(n) for n in case.party_names}:
        issues.append(_issue("parties", "parties_mismatch",
                             f"协议上的当事人（{_list(named)}）和本案的当事人（{_list(case.party_names)}）不一致。",
                             expected=sorted(case.party_names), found=sorted(named)))
    return issues


def _signer_issues(fields: dict, case: ThisCase) -> list[dict]:
    signatures = fields.get("signatures") or {}
    issues = []
    if not signatures.get("mediator"):
        issues.append(_issue("signatures.mediator", "mediator_unsigned", "调解员还没有签名。"))
    mediator = fields.get("mediator")
    if mediator and case.mediator_name and _plain(mediator) != _plain(case.mediator_name):
        issues.append(_issue("mediator", "mediator_mismatch",
                             f"协议上写的调解员是{mediator}，本案的调解员是{case.mediator_name}。",
                             expected=case.mediator_name, found=mediator))
    organization = fields.get("mediation_organization")
    if not organization:
        issues.append(_issue("mediation_organization", "organization_missing",
                             f"协议上没有写明主持调解的调解组织（应为{case.organization_name or '本案的调解组织'}）。",
                             expected=case.organization_name))
    elif case.organization_name and _plain(organization) != _plain(case.organization_name):
        issues.append(_issue("mediation_organization", "organization_mismatch",
                             f"协议上写的调解组织是{organization}，本案由{case.organization_name}调解。",
                             expected=case.organization_name, found=organization))
    if not signatures.get("seal"):
        issues.append(_issue("signatures.seal", "seal_missing", "协议上没有调解组织的印章，盖章后再上传。"))
    return issues


def _date_issues(fields: dict, case: ThisCase) -> list[dict]:
    raw = fields.get("signed_date")
    try:
        signed = date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        signed = None
    if signed is None:
        return [_issue("signed_date", "signed_date_missing", "协议上没有读到签署日期，无法确定协议何时生效。")]
    if signed < case.mediation_began:
        return [_issue("signed_date", "signed_before_mediation",
                       f"协议的签署日期是{_cn(signed)}，早于本案开始调解的{_cn(case.mediation_began)}，"
                       "不是本案调解达成的协议。", signed_date=signed.isoformat(),
                       mediation_began=case.mediation_began.isoformat())]
    if signed > case.today:
        return [_issue("signed_date", "signed_in_future",
                       f"协议的签署日期是{_cn(signed)}，晚于今天（{_cn(case.today)}），请核对日期。",
                       signed_date=signed.isoformat())]
    return []


def _issue(field: str, code: str, message: str, **extra) -> dict:
    return {"field": field, "code": code, "message": message, "basis": BASIS, **extra}


def _plain(name: str) -> str:
    """Names compare without spaces or middle dots: 王 建 国 on a form is 王建国."""
    return _SPACE.sub("", name or "")


def _list(names) -> str:
    return "、".join(names) or "（没有读到）"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
