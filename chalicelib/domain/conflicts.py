"""Conflicts of interest that bar a mediator from a case.

在线调解规则 Art.13 and 特邀调解规定 Art.15: the mediator is a party, a close
relative (近亲属) or colleague of a party by what the roster declares, has an
interest in the dispute (a declared affiliation naming a party), or already
declined or was replaced on this case.
"""
from __future__ import annotations

from typing import Iterable

from chalicelib.domain.parties import Party
from chalicelib.domain.roster import Mediator


def conflicts_of_interest(mediator: Mediator, parties: Iterable[Party], excluded: Iterable[str]) -> list[str]:
    """Reasons (stable codes) why this mediator may not take the case; empty when none."""
    reasons = []
    if mediator.mediator_id in set(excluded):
        reasons.append("declined_or_replaced")
    parties = list(parties)
    mediator_ids = {v for v in (mediator.name, mediator.id_number) if v}
    if any(mediator_ids & (p.identifiers | p.people) for p in parties):
        reasons.append("is_party")
    people = set().union(*(p.people for p in parties)) if parties else set()
    if people & set(mediator.relatives):
        reasons.append("close_relative")
    if people & set(mediator.colleagues):
        reasons.append("colleague")
    identifiers = set().union(*(p.identifiers for p in parties)) if parties else set()
    if identifiers & set(mediator.affiliations):
        reasons.append("interest_in_dispute")
    return reasons
