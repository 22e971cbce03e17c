"""Does the dispute belong to an intermediate court? (级别管辖, 《民事诉讼法》第二百零五条)

Art.205: 调解协议所涉纠纷应当由中级人民法院管辖的，向相应的中级人民法院提出.
Which disputes an intermediate court hears at first instance is data, in
`chalicelib/data/court_levels.json`, each rule with its source:

- by amount (诉讼标的额): 5亿元 and more when the parties all live inside the
  court's province or all outside it, 1亿元 when one of them lives outside
  (法发〔2021〕27号);
- by subject: patents, plant varieties, layout designs, technical secrets,
  software and monopoly disputes (法释〔2022〕13号 第一条).

An address that names no province counts as inside it: the lower threshold
applies only when an address shows a party living elsewhere.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "court_levels.json"
_PROVINCES = re.compile(r"(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东"
                        r"|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)")


@dataclass(frozen=True)
class IntermediateGround:
    """Why the dispute is an intermediate court's, and the rule that says so."""

    reason: str
    basis: str

    def to_dict(self) -> dict:
        return {"reason": self.reason, "basis": self.basis}


@dataclass(frozen=True)
class LevelRules:
    province: str
    thresholds: dict[str, tuple[Decimal, str, str]]  # when -> (min amount, reason, basis)
    subjects: tuple[tuple[re.Pattern, str, str], ...]  # (pattern, reason, basis)

    def intermediate_ground(self, amount: str | None, addresses: Iterable[str | None],
                            texts: Iterable[str]) -> IntermediateGround | None:
        """The first rule that puts the dispute before an intermediate court, or None (a basic court's)."""
        for pattern, reason, basis in self.subjects:
            if any(pattern.search(t or "") for t in texts):
                return IntermediateGround(reason, basis)
        value = _amount(amount)
        if value is None:
            return None
        when = "some_outside_province" if self._someone_outside(addresses) else "all_or_none_in_province"
        minimum, reason, basis = self.thresholds[when]
        return IntermediateGround(f"{reason}（本案{value:,.2f}元）", basis) if value >= minimum else None

    def _someone_outside(self, addresses: Iterable[str | None]) -> bool:
        where = [_PROVINCES.search(a or "") for a in addresses]
        inside = [m is None or m.group(0) == self.province for m in where]
        return any(inside) and not all(inside)


def load_level_rules(path: str | Path | None = None) -> LevelRules:
    with open(path or RULES_FILE, encoding="utf-8") as fh:
        raw = json.load(fh)
    return LevelRules(
        province=raw["province"],
        thresholds={t["when"]: (Decimal(t["min_amount"]), t["reason"], t["basis"]) for t in raw["amount_thresholds"]},
        subjects=tuple((re.compile(s["pattern"]), s["reason"], s["basis"]) for s in raw["subjects"]),
    )


def _amount(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None
