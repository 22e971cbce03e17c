"""The court's decisions on a case, whichever way they come (issue 14): the ruling on a judicial confirmation
(裁定确认 / 裁定驳回申请, 民诉法 Art.205–206) and the filing of a case whose mediation failed (立案).

A court with an integrated system sends them as signed webhooks (`confirmation.ruled`, `case.filed`,
services.webhooks); a court without one has its clerk enter them in the console (`POST /cases/{id}/ruling`,
`POST /cases/{id}/filing`). Both go through `decide`, so they have the same domain path and the same effects
(the same history entry, status, SMS to the parties, statistics), and a case is ruled or filed once: the
same decision told again, either way and in either order, answers as done and changes nothing
(`Case.rule` / `Case.file` return False); a different one is 409 `already_ruled` / `already_filed`.
"""
from __future__ import annotations

from typing import Callable

from chalicelib.auth import Principal
from chalicelib.domain.case import Case
from chalicelib.errors import use_case
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.ports import StaleCase
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import LONG, text

Decision = Callable[[Case, dict, Deps, str | None], bool]


def rule(case: Case, data: dict, deps: Deps, actor: str | None = None) -> bool:
    return case.rule(data.get("ruling"), text(data.get("ruling_number"), "ruling_number"),
                     text(data.get("reason"), "reason", max_length=LONG), deps.clock(), actor)


def file(case: Case, data: dict, deps: Deps, actor: str | None = None) -> bool:
    return case.file(text(data.get("court_case_number"), "court_case_number"), deps.clock(), actor)


def decide(deps: Deps, case: Case, decision: Decision, data: dict, actor: str | None = None,
           event_key: str | None = None) -> tuple[Case, bool]:
    """Apply the decision and commit it; (the case as it stands, whether this call changed it).

    A webhook and a clerk deciding at the same moment: the one that loses the write reads the case again
    once, and then finds it decided (the same: no change; another: the domain's 409).
    """
    try:
        return _decide_once(deps, case, decision, data, actor, event_key)
    except StaleCase:
        return _decide_once(deps, deps.cases.get(case.case_id), decision, data, actor, event_key)


def _decide_once(deps: Deps, case: Case, decision: Decision, data: dict, actor: str | None,
                 event_key: str | None) -> tuple[Case, bool]:
    if not decision(case, data, deps, actor):
        return case, False
    commit(deps, case, event_key=event_key)
    return case, True


@use_case
def rule_from_console(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/ruling: the clerk of the case's court enters the ruling and its number."""
    case = load_case(deps, principal, "case.rule", case_id)
    case, changed = decide(deps, case, rule, body, principal.subject)
    return {"case_id": case.case_id, "status": case.status, "ruling": case.ruling, "changed": changed}


@use_case
def file_from_console(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/filing: the clerk of the case's court records the filing and the court case number."""
    case = load_case(deps, principal, "case.file", case_id)
    case, changed = decide(deps, case, file, body, principal.subject)
    return {"case_id": case.case_id, "status": case.status, "court_case_number": case.court_case_number,
            "changed": changed}
