"""The respondent's consent to mediation (在线调解规则 Art.15, chalicelib.domain.respondent_consent).

A direct application is told to each respondent with a mobile number once the
applicant has confirmed the application (the SMS names the case and where to
answer: the case page, after signing in by phone). The respondent answers on
that page, or the mediator records how the respondent agreed (phone, in
person). A refusal terminates the case (ground `respondent_declined`) and the
applicant is told by SMS that they may sue. Nothing here holds up assignment
or acceptance.
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import respondent_consent as rule
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.errors import BadRequest, Unprocessable, use_case
from chalicelib.services import notices
from chalicelib.services.access import load_case, party_name
from chalicelib.services.dependencies import Deps
from chalicelib.services.unit_of_work import commit, resend
from chalicelib.services.validation import LONG, text
from chalicelib.services.views import summary
from chalicelib.settings import get_settings


def ask_respondents(deps: Deps, case: Case) -> None:
    """Tell each respondent of a direct application about it and ask whether they agree to mediation."""
    if case.source != "party":
        return  # a court's case reaches the respondent through the court
    applicant = "、".join(p.name for p in case.applicants) or "申请人"
    url = f"{get_settings().public_base_url}/my-case?case={case.case_id}"
    for respondent in case.respondents:
        if respondent.name not in case.respondent_consents:
            notices.tell_parties_now(deps, case, [respondent], "respondent-asked", "respondent-asked",
                                     applicant=applicant, url=url)


@use_case
def record_consent(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/respondent-consent: the respondent's own answer, or the mediator's record of one."""
    agree = body.get("agree")
    if not isinstance(agree, bool):
        raise BadRequest("agree (true or false) is required", code="invalid_answer")
    note = text(body.get("note"), "note", max_length=LONG)
    case = load_case(deps, principal, "case.respondent_consent", case_id)
    if principal.role == "party":
        respondent, channel = party_name(principal, case), rule.ONLINE
        actor = f"party:{respondent}"
    else:
        actor = principal.subject
        respondent, channel = text(body.get("respondent"), "respondent"), body.get("channel")
        if respondent is None or channel not in rule.RECORDED:  # well-formed, but a record must say who and how
            raise Unprocessable(f"a mediator records which respondent answered and how "
                                f"({', '.join(rule.RECORDED)})", code="consent_record_incomplete")
    earlier = case.respondent_consents.get(respondent)
    if earlier is not None and earlier["agreed"] == agree and (agree or case.status == st.TERMINATED):
        resend(deps, case_id)  # a retried answer: what it caused must have left
        return _answer(case)
    case.record_respondent_consent(respondent, agree, channel, deps.clock(), actor, note)
    commit(deps, case)
    if not agree:
        notices.tell_parties_now(deps, case, list(case.applicants), "respondent-declined", "respondent-declined")
    return _answer(case)


def _answer(case: Case) -> dict:
    return {**summary(case), "respondent_consents": dict(case.respondent_consents),
            "waiting_for": rule.waiting([p.name for p in case.respondents], case.respondent_consents)}
