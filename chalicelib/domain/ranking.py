"""Choosing a mediator for a case from the roster (在线调解规则 Art.10).

The parties may choose a mediator together (共同选定); that choice is honoured
when the mediator is eligible — active, with the case's specialty and free
capacity, no conflict of interest, on the pool the case draws from. Otherwise
the organization designates (指定): the eligible mediator with the lowest load,
then the one assigned least recently. `choose` says which happened and why, in
words the parties read on their case.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from chalicelib.domain.conflicts import conflicts_of_interest
from chalicelib.domain.exceptions import RuleViolation
from chalicelib.domain.parties import Party
from chalicelib.domain.roster import Mediator

JOINT_CHOICE, DESIGNATED = "joint_choice", "designated"

# Why a jointly chosen mediator could not be assigned (stable codes; conflict codes come from domain.conflicts).
INELIGIBLE = {
    "not_on_roster": "不在本案可选的调解员名册中",
    "inactive": "目前暂停接案",
    "no_specialty": "不承办这类纠纷",
    "full": "手头案件已满",
    "declined_or_replaced": "已经不再承办本案",
    "is_party": "是本案当事人",
    "close_relative": "是当事人的近亲属",
    "colleague": "是当事人的同事",
    "interest_in_dispute": "与本案有利害关系",
}


def ineligibility(mediator: Mediator | None, category: str, parties: Iterable[Party],
                  excluded: Iterable[str]) -> list[str]:
    """Why this mediator may not take the case (codes of INELIGIBLE); empty when eligible."""
    if mediator is None:
        return ["not_on_roster"]
    reasons = []
    if mediator.status != "active":
        reasons.append("inactive")
    if category not in mediator.specialties:
        reasons.append("no_specialty")
    if mediator.active_load >= mediator.capacity:
        reasons.append("full")
    return reasons + conflicts_of_interest(mediator, parties, excluded)


def eligible(mediators: Iterable[Mediator], category: str, parties: Iterable[Party],
             excluded: Iterable[str]) -> list[Mediator]:
    """Active mediators with the case's specialty, free capacity and no conflict of interest."""
    parties, excluded = list(parties), list(excluded)
    return [m for m in mediators if not ineligibility(m, category, parties, excluded)]


def rank(candidates: Iterable[Mediator], joint_choice: str | None = None) -> list[Mediator]:
    """Best first: the parties' joint choice when it is eligible, then lowest load, then
    least recently assigned (never assigned counts as longest ago)."""
    ordered = sorted(candidates, key=lambda m: (m.active_load, m.last_assigned_at or "", m.mediator_id))
    chosen = [m for m in ordered if m.mediator_id == joint_choice]
    return chosen + [m for m in ordered if m.mediator_id != joint_choice]


@dataclass(frozen=True)
class Choice:
    mediator: Mediator
    basis: dict  # {"kind", "why": [Chinese sentences], "joint_choice", "not_chosen_because": [codes]}


def choose(pool: list[Mediator], category: str, parties: Iterable[Party], excluded: Iterable[str],
           joint_choice: str | None = None) -> Choice | None:
    """The mediator to assign and the reasons the parties are shown; None when nobody is eligible."""
    parties, excluded = list(parties), list(excluded)
    ranked = rank(eligible(pool, category, parties, excluded), joint_choice)
    if not ranked:
        return None
    best = ranked[0]
    if joint_choice and best.mediator_id == joint_choice:
        return Choice(best, {"kind": JOINT_CHOICE, "joint_choice": joint_choice, "not_chosen_because": [],
                             "why": ["各方当事人共同选定的调解员，符合承办条件"]})
    chosen = next((m for m in pool if m.mediator_id == joint_choice), None)
    refused = ineligibility(chosen, category, parties, excluded) if joint_choice else []
    why = [f"擅长本案纠纷类型，目前承办{best.active_load}件（可承办{best.capacity}件），与当事人无利害关系"]
    if len(ranked) > 1:
        why.append("在符合条件的调解员中手头案件最少、最久未分配新案件")
    if joint_choice:
        why.insert(0, "当事人共同选定的调解员" + "、".join(INELIGIBLE.get(r, r) for r in refused)
                   + "，由调解组织另行指定")
    return Choice(best, {"kind": DESIGNATED, "joint_choice": joint_choice, "not_chosen_because": refused,
                         "why": why})


def designate(pool: list[Mediator], mediator_id: str, category: str, parties: Iterable[Party],
              excluded: Iterable[str]) -> Choice:
    """The organization names the mediator itself (指定, a reassignment): they must be eligible as any
    candidate is; otherwise 422 `mediator_ineligible` with the reasons."""
    mediator = next((m for m in pool if m.mediator_id == mediator_id), None)
    refused = ineligibility(mediator, category, parties, excluded)
    if refused:
        raise RuleViolation(f"{mediator_id} cannot take this case: " + "、".join(INELIGIBLE.get(r, r) for r in refused),
                            code="mediator_ineligible", details={"reasons": refused})
    return Choice(mediator, {"kind": DESIGNATED, "joint_choice": None, "not_chosen_because": [],
                             "why": ["调解组织改派的调解员，擅长本案纠纷类型且与当事人无利害关系"]})
