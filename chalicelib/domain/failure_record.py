"""The 调解不成功记录 (record of a mediation that did not succeed), 在线调解规则 Art.21.

When no agreement is reached the mediator records the basic course of the
mediation (调解基本情况), why it failed (调解不成功原因), the conduct of a party
that added to the others' litigation costs (导致其他当事人诉讼成本增加的行为)
and anything else the court should know (需要向人民法院提示的其他情况); the
disputed points (争议焦点) and the facts no party disputes (无争议事实, Art.22)
go with it. The court uses it when it files or tries the case, so a case ended
by the time limit or terminated on an Art.25 ground gets its record too.
"""
from __future__ import annotations

ITEMS = ("basic_facts", "reasons", "disputed_points", "cost_increasing_conduct", "other_matters",
         "undisputed_facts")
# A failure the mediator declares needs these; a termination may come with none (the sweep, a refusal).
REQUIRED_FOR_FAILURE = ("basic_facts", "reasons", "disputed_points")

LABELS = {
    "basic_facts": "调解基本情况",
    "reasons": "调解不成功的原因",
    "disputed_points": "争议焦点",
    "cost_increasing_conduct": "导致其他当事人诉讼成本增加的行为",
    "other_matters": "需要向人民法院提示的其他情况",
    "undisputed_facts": "各方当事人无争议的事实",
}


def missing_for_failure(record: dict | None) -> list[str]:
    return [k for k in REQUIRED_FOR_FAILURE if not (record or {}).get(k)]


def cleaned(record: dict | None) -> dict:
    """Every item, None where the mediator wrote nothing."""
    return {k: (record or {}).get(k) or None for k in ITEMS}
