"""Anonymised case digests for the experience summary (经验总结) of the joint meeting (联席会议).

个人信息保护法 Art.73(4): anonymisation (匿名化) leaves information that identifies no one and cannot
be restored. Masking (domain.privacy) is not enough here: `4107**********3848` still tells the
parties of one case apart and keeps the birth region, and a digest goes to people with no part in
the case. So a digest keeps the dispute, not the people:
- each party's name, legal representative and address (the PARTY fields of CONTRACT §2 that name
  or locate a person) are replaced by the party's role (申请人 / 被申请人, 甲乙丙 when several);
- the numbers domain.privacy protects (its IDENTIFIERS and PHONE) are removed wherever
  they appear in free text, by their shape: 18-character ID numbers (GB 11643) and credit codes
  (GB 32100), mobile and landline numbers.
"""
from __future__ import annotations

import re

_ORDINALS = "甲乙丙丁戊己庚辛"
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_CREDIT_CODE = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
# One set of words per number domain.privacy protects (its IDENTIFIERS and PHONE; a test holds them equal).
REMOVED = {"id_number": "（证件号码已删除）", "credit_code": "（信用代码已删除）", "phone": "（电话已删除）"}
_PATTERNS = ((_ID_NUMBER, REMOVED["id_number"]), (_CREDIT_CODE, REMOVED["credit_code"]),
             (_MOBILE, REMOVED["phone"]), (_LANDLINE, REMOVED["phone"]))


def roles(applicants, respondents) -> dict[str, str]:
    """Each party's name (and legal representative, address) → the words that replace it."""
    replacements: dict[str, str] = {}
    for title, parties in (("申请人", applicants), ("被申请人", respondents)):
        for i, party in enumerate(parties):
            role = title + (_ORDINALS[i] if len(parties) > 1 and i < len(_ORDINALS) else "")
            # "申请人秦涵" would read "申请人申请人": the title written before a name goes with it
            for value, words in ((f"{title}{party.name}", role), (party.name, role),
                                 (party.legal_representative, f"{role}的法定代表人"),
                                 (party.address, "（住址已删除）")):
                if value and len(value.strip()) > 1:
                    replacements.setdefault(value.strip(), words)
    return replacements


def anonymise(text: str | None, replacements: dict[str, str]) -> str:
    """`text` with every party named by role and every personal number removed."""
    result = text or ""
    for value in sorted(replacements, key=len, reverse=True):  # 新乡市瑞丰食品股份有限公司 before 瑞丰
        result = result.replace(value, replacements[value])
    for pattern, words in _PATTERNS:
        result = pattern.sub(words, result)
    return result
