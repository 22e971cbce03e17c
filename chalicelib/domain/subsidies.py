"""Subsidies for successful mediations (补贴), under the cooperation agreement §五 经费保障.

§五: for cases the court delegates (委派) or entrusts (委托) the mediation is paid at the local
court's standard; for cases the center takes directly, under the center's own rules. The rules are
data (`subsidy_rules.json` beside this module): each names who pays (`court` with its `court_id`, or
`center` with its `org_id`), a validity period (`valid_from`..`valid_to`, inclusive; `null`: open),
whether the case must be judicially confirmed (司法确认) to count, and tiers by claim amount
(the first tier whose `claim_up_to` is at or above the claim; `null`: no bound).

A case earns once when it succeeds: when settled (调解成功), or when confirmed if its rule requires
that. A rule that paid on settlement is reversed (冲销) when the court then refuses to confirm
(`confirmation_rejected`): a new row with the negative amount, never an edit. Which rule applies is
decided on the day the case succeeds. Money is Decimal yuan with two places.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from chalicelib.domain import events as ev
from chalicelib.domain.exceptions import InvalidValue

RULES_FILE = Path(__file__).with_name("subsidy_rules.json")
CENT = Decimal("0.01")
EARNED, REVERSED = "earned", "reversed"


@dataclass(frozen=True)
class Tier:
    claim_up_to: Decimal | None
    amount: Decimal


@dataclass(frozen=True)
class SubsidyRule:
    rule_id: str
    payer: str  # "court" (法院标准) or "center" (调解中心规定)
    title: str
    valid_from: date
    valid_to: date | None
    requires_confirmation: bool
    tiers: tuple[Tier, ...]
    court_id: str | None = None
    org_id: str | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def amount_for(self, claim_amount: str | None) -> Decimal:
        claim = Decimal(claim_amount or "0")
        tier = next(t for t in self.tiers if t.claim_up_to is None or claim <= t.claim_up_to)
        return tier.amount.quantize(CENT)


@dataclass(frozen=True)
class Entry:
    """A ledger row to write: what the case earned (or the reversal of it)."""

    kind: str  # EARNED or REVERSED
    rule_id: str | None = None
    amount: Decimal | None = None  # None for a reversal: it is the negative of the row it reverses


def _rule(raw: dict) -> SubsidyRule:
    tiers = tuple(Tier(Decimal(t["claim_up_to"]) if t["claim_up_to"] else None, Decimal(t["amount"]))
                  for t in raw["tiers"])
    if not tiers or tiers[-1].claim_up_to is not None:
        raise InvalidValue(f"subsidy rule {raw['rule_id']}: the last tier must have no upper bound",
                           code="invalid_subsidy_rule")
    return SubsidyRule(rule_id=raw["rule_id"], payer=raw["payer"], title=raw["title"],
                       valid_from=date.fromisoformat(raw["valid_from"]),
                       valid_to=date.fromisoformat(raw["valid_to"]) if raw.get("valid_to") else None,
                       requires_confirmation=bool(raw["requires_confirmation"]), tiers=tiers,
                       court_id=raw.get("court_id"), org_id=raw.get("org_id"))


@lru_cache(maxsize=1)
def rules() -> tuple[SubsidyRule, ...]:
    return tuple(_rule(r) for r in json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"])


def rule_for(case, day: date, available: tuple[SubsidyRule, ...] | None = None) -> SubsidyRule | None:
    """The court's standard for a delegated/entrusted case, the center's rule for a direct one, valid on `day`."""
    by_court = case.source == "court" and case.court_id
    for rule in available if available is not None else rules():
        if not rule.valid_on(day):
            continue
        if by_court and rule.payer == "court" and rule.court_id == case.court_id:
            return rule
        if not by_court and rule.payer == "center" and rule.org_id == case.org_id:
            return rule
    return None


def entry_for(case, event: ev.Event, day: date, available: tuple[SubsidyRule, ...] | None = None) -> Entry | None:
    """The ledger row this event causes, if any (`day`: the China date it happened)."""
    settled = isinstance(event, ev.MediationEnded) and event.result == "settled"
    ruled = isinstance(event, ev.ConfirmationRuled)
    if not (settled or ruled):
        return None
    rule = rule_for(case, day, available)
    if ruled and event.ruling == "rejected":
        return Entry(REVERSED)  # reverses what the case earned on settlement, if it did
    if rule is None or rule.requires_confirmation != ruled:
        return None
    return Entry(EARNED, rule.rule_id, rule.amount_for(case.claim_amount))
