"""Who may do what: one table of action × role → scope rule (CONTRACT R2 §3; issue 8 "Ownership").

Every service entry calls `authorize(principal, action, resource)` once, before
it changes or shows anything. A role absent from an action's row may never do
it (403 `forbidden_role`); a role whose rule does not hold for this resource
gets `OutOfScope` (403 `out_of_scope`), which the case loader
(chalicelib.services.access) answers as 404 `case_not_found`, exactly like a
case that does not exist, so nobody can probe for case ids.

Decisions the table encodes:
- A court owns its settings and its invited roster (特邀调解名册: the court
  builds and manages it, 特邀调解规定 Art.5): the platform operator changes any
  court, a court clerk only their own. Registering a court and changing the organization it is docked with
  (`org_id`, the cooperation agreement 诉调对接协议) are the operator's alone.
- The platform operator administers the platform, not cases: it reads no case
  (个人信息保护法 Art.6, the minimum necessary).
- A court clerk may read its court's invited roster (`GET /mediators`), not change mediators.
- A party's choices are its own (在线调解规则 Art.13, 15, 24): only a party answers an extension or
  the disclosures; the mediator may record a respondent's consent given by phone or in person.
- Staff accounts (issue 11): an org_admin invites and manages the accounts of its own
  organization (mediators, admins); the platform operator those of any organization and the
  courts' clerks. Which roles each may invite is chalicelib.domain.accounts.INVITES. Every
  signed-in staff member may end their own session.
Public routes (applications, uploads, pages) and signed court webhooks do not
pass through here: they authenticate no staff member.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from chalicelib.auth import STAFF_ROLES, Principal
from chalicelib.errors import Forbidden


@dataclass(frozen=True)
class Scope:
    """What a non-case resource belongs to: a listing's filters, a court or organization to register."""

    court_id: str | None = None
    org_id: str | None = None
    mediator_id: str | None = None


@dataclass(frozen=True)
class Rule:
    scope: str  # how a refusal names it
    holds: Callable[[Principal, Any, datetime | None], bool]


def _same(attribute: str) -> Callable[[Principal, Any], bool]:
    def holds(principal: Principal, resource: Any, now: datetime | None) -> bool:
        mine = getattr(principal, attribute)
        return mine is not None and mine == getattr(resource, attribute, None)
    return holds


def _party_of(principal: Principal, resource: Any, now: datetime | None) -> bool:
    """A live token of this case: not revoked, not past its life after the case ended (Case.party_for_token)."""
    if principal.party_token_hash is None or now is None or not hasattr(resource, "party_for_token"):
        return False
    return resource.party_for_token(principal.party_token_hash, now) is not None


ANY = Rule("anywhere", lambda principal, resource, now: True)
OWN_COURT = Rule("for their own court", _same("court_id"))
OWN_ORG = Rule("for their own organization", _same("org_id"))
ASSIGNED = Rule("on the cases assigned to them", _same("mediator_id"))
PARTY = Rule("on their own case", _party_of)

_SEE_CASE = {"mediator": ASSIGNED, "party": PARTY, "court_clerk": OWN_COURT, "org_admin": OWN_ORG}
_MEDIATE = {"mediator": ASSIGNED}

POLICY: dict[str, dict[str, Rule]] = {
    "case.read": _SEE_CASE,
    "document.read": _SEE_CASE,
    "case.list": {"mediator": ASSIGNED, "court_clerk": OWN_COURT, "org_admin": OWN_ORG},
    "case.accept": _MEDIATE,
    "case.invite": _MEDIATE,
    "case.agreement": _MEDIATE,
    "case.outcome": _MEDIATE,
    "case.extend": _MEDIATE,
    "case.consent": {"party": PARTY},
    "case.extension.answer": {"party": PARTY},  # each party for itself (在线调解规则 Art.24)
    "case.disclosure.answer": {"party": PARTY},  # 在线调解规则 Art.13
    "case.respondent_consent": {"party": PARTY, "mediator": ASSIGNED},  # Art.15: own answer, or recorded
    "case.reopen": {"party": PARTY, "org_admin": OWN_ORG},
    "case.close": {"org_admin": OWN_ORG},
    "court.create": {"platform_admin": ANY},
    "court.update": {"platform_admin": ANY, "court_clerk": OWN_COURT},
    "court.dock": {"platform_admin": ANY},
    "court.read": {"platform_admin": ANY, "court_clerk": OWN_COURT},  # the settings, never the secret
    "court.rotate_secret": {"platform_admin": ANY, "court_clerk": OWN_COURT},
    # issue 14: a court without an integrated system rules and files from its clerk's console (as its webhooks)
    "case.rule": {"court_clerk": OWN_COURT},
    "case.file": {"court_clerk": OWN_COURT},
    "calendar.load": {"platform_admin": ANY},
    "organization.create": {"platform_admin": ANY, "org_admin": OWN_ORG},
    "mediator.create": {"org_admin": OWN_ORG},
    "mediator.update": {"org_admin": OWN_ORG},  # issue 14: the roster's profile; standing only by a sanction
    "mediator.list": {"org_admin": OWN_ORG, "court_clerk": OWN_COURT},
    "account.invite": {"org_admin": OWN_ORG, "platform_admin": ANY},
    "account.manage": {"org_admin": OWN_ORG, "platform_admin": ANY},
    "account.list": {"org_admin": OWN_ORG, "platform_admin": ANY},  # issue 14: the console's staff list
    "session.end": {role: ANY for role in STAFF_ROLES},
    # issue 13: the association disciplines its own roster and reviews its own cases; parties speak on theirs
    "mediator.sanction": {"org_admin": OWN_ORG},
    "mediator.performance": {"org_admin": OWN_ORG},
    "mediator.report": {"court_clerk": OWN_COURT},  # 人民法院…发现…违法违规情形的，应当及时…通报
    "report.list": {"org_admin": OWN_ORG},
    "report.decide": {"org_admin": OWN_ORG},
    "case.complain": {"party": PARTY},
    "complaint.list": {"org_admin": OWN_ORG},  # 特邀调解规定 Art.24: the organization deals with complaints
    "complaint.answer": {"org_admin": OWN_ORG},
    "case.rate": {"party": PARTY},
    "case.review": {"org_admin": OWN_ORG},
    # Issue 14: the organization reviews its public applications (受理审查) and hands its cases on (改派).
    "intake.list": {"org_admin": OWN_ORG},
    "case.intake": {"org_admin": OWN_ORG},
    "case.reassign": {"org_admin": OWN_ORG},
    # Issue 13: the association's figures for its organization (or a court docked with it); a court its own.
    "report.statistics": {"org_admin": OWN_ORG, "court_clerk": OWN_COURT},
    "report.monthly": {"org_admin": OWN_ORG, "court_clerk": OWN_COURT},
    "report.subsidies": {"org_admin": OWN_ORG},  # §五 经费保障: the association pays, the court does not see it
    "report.close_period": {"org_admin": OWN_ORG},
}


class OutOfScope(Forbidden):
    code = "out_of_scope"


def authorize(principal: Principal, action: str, resource: Any = None, now: datetime | None = None) -> None:
    """Raise unless the principal's role may do `action` on this resource (None: the resource does not exist).

    `now` is the clock a party token's life is judged by; without it no party token holds.
    """
    rule = POLICY[action].get(principal.role)
    if rule is None:
        allowed = " or ".join(POLICY[action])
        raise Forbidden(f"{action} needs the role {allowed}", code="forbidden_role")
    if not rule.holds(principal, resource, now):
        raise OutOfScope(f"a {principal.role} may do {action} only {rule.scope}")

