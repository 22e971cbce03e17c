"""The organization's rules on its cases (issue 14): the intake decision, reassignment, the nearest
deadline, a masked number sent back, and a mediator the organization names itself."""
from datetime import timedelta

import pytest

from chalicelib.domain import events as ev
from chalicelib.domain import privacy
from chalicelib.domain import status as st
from chalicelib.domain.case import MEDIATOR_WITHDRAWN
from chalicelib.domain.exceptions import InvalidTransition, RuleViolation
from chalicelib.domain.parties import Party
from chalicelib.domain.ranking import designate
from chalicelib.domain.roster import Mediator
from tests.unit.test_case import NOW, mediating_case, new_case


def waiting_application():
    case = new_case(source="party", referral=None, court_id=None, applicants=(Party("甲", phone="13800000009"),))
    case.request_assignment(NOW)  # no phone confirmed: it waits
    case.take_events()
    return case


def test_sending_on_queues_the_application_once_and_a_second_decision_is_refused():
    case = waiting_application()
    assert case.decide_intake("send_on", None, NOW, "org_admin:a") is True
    assert case.status == st.PENDING_ASSIGNMENT and "awaiting_verification" not in case.flags
    assert [type(e) for e in case.take_events()] == [ev.AssignmentRequested]
    assert case.decide_intake("send_on", None, NOW, "org_admin:b") is False  # a retry changes nothing
    assert case.intake_decision["by"] == "org_admin:a" and case.take_events() == []
    with pytest.raises(InvalidTransition) as refused:
        case.decide_intake("refuse", "重复申请", NOW, "org_admin:a")
    assert refused.value.code == "intake_decided"


def test_a_refusal_closes_the_application_with_its_reason_for_the_party():
    case = waiting_application()
    with pytest.raises(RuleViolation) as unexplained:
        case.decide_intake("refuse", " ", NOW, "org_admin:a")
    assert unexplained.value.code == "reason_required" and case.status == st.RECEIVED
    case.decide_intake("refuse", "纠纷已起诉", NOW, "org_admin:a")
    assert case.status == st.CLOSED and case.ended_at
    assert ev.ApplicationRefused("C1", "纠纷已起诉") in case.take_events()


def test_a_courts_case_waiting_out_of_scope_is_sent_on_not_refused():
    case = new_case(dispute_category=None)
    case.request_assignment(NOW)
    assert "out_of_scope" in case.flags
    with pytest.raises(RuleViolation) as refused:
        case.decide_intake("refuse", "不属于受理范围", NOW, "org_admin:a")
    assert refused.value.code == "court_case" and case.status == st.RECEIVED
    case.correct_fields({"dispute_category": "contract"}, NOW, "org_admin:a")
    assert case.decide_intake("send_on", None, NOW, "org_admin:a") and "out_of_scope" not in case.flags


def test_an_incomplete_application_is_not_sent_on_and_corrections_only_while_received():
    case = waiting_application()
    assert case.correct_fields({"respondents": ()}, NOW, "org_admin:a") == ["respondents"]
    with pytest.raises(RuleViolation) as incomplete:
        case.decide_intake("send_on", None, NOW, "org_admin:a")
    assert incomplete.value.code == "incomplete_application" and case.intake_decision is None
    assert case.correct_fields({"respondents": (Party("乙"),), "claims": []}, NOW, "x") == ["respondents"]
    assert case.history[-1]["reason"] == "corrected: respondents"
    case.decide_intake("send_on", None, NOW, "org_admin:a")
    with pytest.raises(InvalidTransition):
        case.correct_fields({"claim_amount": "1.00"}, NOW, "org_admin:a")


def test_a_reassignment_releases_one_mediator_and_assigns_another_in_one_change():
    case = mediating_case()
    case.flag(MEDIATOR_WITHDRAWN)
    released = case.reassign("m2", NOW, NOW + timedelta(days=3), "org_admin:a", "回避", mediator_name="乙调解员")
    assert released == "m1" and case.mediator_id == "m2" and case.status == st.ASSIGNED
    assert MEDIATOR_WITHDRAWN not in case.flags and "mediation" not in case.deadlines and "m1" in case.excluded_mediators
    assert case.take_events() == [ev.MediatorReleased("C1", "m1"), ev.MediatorAssigned("C1", "m2"),
                                  ev.MediatorReplaced("C1", "m1", "m2", "回避")]


@pytest.mark.parametrize("mediator, reason, code", [("m1", "回避", "same_mediator"), ("m2", "", "reason_required")])
def test_a_reassignment_needs_another_mediator_and_a_reason(mediator, reason, code):
    case = mediating_case()
    with pytest.raises(RuleViolation) as refused:
        case.reassign(mediator, NOW, NOW, "org_admin:a", reason)
    assert refused.value.code == code and case.mediator_id == "m1"


def test_only_a_case_holding_a_mediator_is_reassigned():
    with pytest.raises(InvalidTransition):
        waiting_application().reassign("m2", NOW, NOW, "org_admin:a", "回避")


def test_the_next_deadline_is_the_nearest_of_an_open_case():
    case = mediating_case()
    case.deadlines["acceptance"] = "2026-03-01T00:00:00Z"
    assert case.next_deadline == "2026-03-01T00:00:00Z"
    case.terminate("撤回", NOW, "mediator:m1")
    assert case.next_deadline is None  # ended: out of the deadline list


def test_a_number_sent_back_masked_keeps_the_stored_one_and_a_new_one_replaces_it():
    stored = Party("甲", id_number="410711197612233848", phone="13800000009").to_dict()
    admin = privacy.Viewer(privacy.ORGANIZATION)
    shown = privacy.party_as_seen(stored, admin)
    assert privacy.restore_masked(shown, stored, admin)["id_number"] == "410711197612233848"
    assert privacy.restore_masked({**shown, "id_number": "410711197612233840"}, stored, admin)["id_number"] == \
        "410711197612233840"
    assert privacy.restore_masked({**shown, "id_number": None}, stored, admin)["id_number"] is None


def test_a_named_mediator_must_be_eligible():
    pool = [Mediator("m2", "乙", "xx-sme", specialties=["contract"]),
            Mediator("m3", "丙", "xx-sme", specialties=["labor"])]
    parties = [Party("甲")]
    assert designate(pool, "m2", "contract", parties, ["m1"]).mediator.mediator_id == "m2"
    with pytest.raises(RuleViolation) as refused:
        designate(pool, "m3", "contract", parties, ["m1"])
    assert refused.value.code == "mediator_ineligible" and refused.value.details == {"reasons": ["no_specialty"]}
    with pytest.raises(RuleViolation):
        designate(pool, "m1", "contract", parties, ["m1"])  # not in the pool
