"""Choosing a mediator for a case from the eligible roster."""
from __future__ import annotations

from typing import Iterable

from chalicelib.domain.conflicts import conflicts_of_interest
from chalicelib.domain.parties import Party
from chalicelib.domain.roster import Mediator


def eligible(mediators: Iterable[Mediator], category: str, parties: Iterable[Party],
             excluded: Iterable[str]) -> list[Mediator]:
    """Active mediators with the case's specialty, free capacity and no conflict of interest."""
    parties, excluded = list(parties), list(excluded)
    return [m for m in mediators
            if m.has_room and category in m.specialties
            and not conflicts_of_interest(m, parties, excluded)]


def rank(candidates: Iterable[Mediator], joint_choice: str | None = None) -> list[Mediator]:
    """Best first: the parties' joint choice when it is eligible, then lowest load, then
    least recently assigned (never assigned counts as longest ago)."""
    ordered = sorted(candidates, key=lambda m: (m.active_load, m.last_assigned_at or "", m.mediator_id))
    chosen = [m for m in ordered if m.mediator_id == joint_choice]
    return chosen + [m for m in ordered if m.mediator_id != joint_choice]
