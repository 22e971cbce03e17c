from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain import events as ev
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.exceptions import InvalidTransition, RuleViolation
from chalicelib.domain.parties import Party

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def new_case(**overrides) -> Case:
    fields = dict(source="court", procedure="pre_filing", referral="delegated", court_id="weibin",
                  dispute_category="contract", applicants=(Party("甲"),),
                  respondents=(Party("乙公司", "organization", legal_representative="丙"),))
    return Case.open("C1", NOW, "court:weibin", **{**fields, **overrides})


def mediating_case() -> Case:
    case = new_case()
    case.request_assignment(NOW)
    case.assign("m1", NOW, NOW + timedelta(days=3))
    case.accept("m1", NOW, NOW + timedelta(days=30), [])
    case.take_events()
    return case


def test_every_status_of_the_contract_is_in_the_table():
    assert set(st.ALL) == {"received", "pending_assignment", "assigned", "mediating", "settled",
                           "confirmation_requested", "confirmed", "confirmation_rejected", "failed",
                           "terminated", "filed", "closed"}
    assert all(targets <= set(st.ALL) for targets in st.TRANSITIONS.values())


def test_an_in_scope_case_waits_for_a_mediator():
    case = new_case()
    case.request_assignment(NOW)
    assert case.status == st.PENDING_ASSIGNMENT
    assert [type(e) for e in case.take_events()] == [ev.CaseReceived, ev.AssignmentRequested]
    assert [h["to_status"] for h in case.history] == ["received", "pending_assignment"]


def test_a_case_without_a_category_stays_received_and_is_flagged():
    case = new_case(dispute_category=None)
    case.request_assignment(NOW)
    assert case.status == st.RECEIVED and case.flags == ["out_of_scope"]


def test_a_skipped_transition_is_refused():
    case = new_case()
    with pytest.raises(InvalidTransition):
        case.settle({}, NOW)


def test_only_the_assigned_mediator_may_answer():
    case = new_case()
    case.request_assignment(NOW)
    case.assign("m1", NOW, NOW)
    with pytest.raises(InvalidTransition):
        case.accept("m2", NOW, NOW, [])


def test_declining_needs_a_reason_and_excludes_the_mediator_from_the_case():
    case = new_case()
    case.request_assignment(NOW)
    case.assign("m1", NOW, NOW)
    case.take_events()
    with pytest.raises(RuleViolation):
        case.decline("m1", " ", NOW)
    case.decline("m1", "与申请人相识", NOW)
    assert case.status == st.PENDING_ASSIGNMENT and case.mediator_id is None
    assert case.excluded_mediators == ["m1"]
    assert [type(e) for e in case.take_events()] == [ev.MediatorReleased, ev.AssignmentRequested]


def test_a_failure_needs_the_article_21_record():
    case = mediating_case()
    with pytest.raises(RuleViolation) as err:
        case.fail("分歧较大", {"basic_facts": "…"}, NOW)
    assert err.value.details == {"missing": ["reasons", "disputed_points"]}
    case.fail("分歧较大", {"basic_facts": "a", "reasons": "b", "disputed_points": "c"}, NOW)
    assert case.status == st.FAILED and case.outcome == {"result": "failed", "reason": "分歧较大"}
    assert [type(e) for e in case.take_events()] == [ev.MediatorReleased, ev.MediationEnded]


def test_confirmation_is_requested_when_the_last_party_consents():
    case = mediating_case()
    case.settle({"terms": ["x"]}, NOW)
    assert case.consent("甲", NOW) is False
    assert case.consent("甲", NOW) is False  # consenting twice counts once
    assert case.consent("乙公司", NOW) is True
    assert case.status == st.CONFIRMATION_REQUESTED


@pytest.mark.parametrize("next_step", ["mediate_again", "file", "close"])
def test_after_a_rejected_confirmation_the_parties_may_mediate_again_sue_or_stop(next_step):
    case = mediating_case()
    case.settle({"terms": ["x"]}, NOW)
    case.consent("甲", NOW)
    case.consent("乙公司", NOW)
    case.rule("rejected", "（2026）民特1号", "协议内容违反法律规定", NOW)
    assert case.status == st.CONFIRMATION_REJECTED
    {"mediate_again": lambda: case.mediate_again(NOW, "party:甲"),
     "file": lambda: case.file("（2026）豫0703民初1号", NOW),
     "close": lambda: case.close("parties performed", NOW, "org_admin:x")}[next_step]()
    assert case.status == {"mediate_again": st.PENDING_ASSIGNMENT, "file": st.FILED,
                           "close": st.CLOSED}[next_step]
