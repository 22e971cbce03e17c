"""The parties' choices on the Case aggregate, at their edges (在线调解规则 Art.10, 13, 15, 24, 25)."""
from datetime import timedelta

import pytest

from chalicelib.domain import events as ev
from chalicelib.domain import status as st
from chalicelib.domain.exceptions import InvalidTransition, RuleViolation
from chalicelib.domain.parties import Party
from chalicelib.domain.ranking import choose
from chalicelib.domain.roster import Mediator
from tests.unit.test_case import NOW, mediating_case, new_case

LATER = NOW + timedelta(days=40)


def proposed_case():
    case = mediating_case()
    case.propose_extension(10, "核对账目", NOW)
    return case


def test_the_last_agreement_extends_and_tells_who_agreed():
    case = proposed_case()
    assert case.answer_extension("甲", True, NOW, LATER) == "proposed"
    assert case.deadline("mediation") != LATER and case.take_events() == []
    assert case.answer_extension("乙公司", True, NOW, LATER) == "agreed"
    assert case.deadline("mediation") == LATER
    [extended] = case.take_events()
    assert isinstance(extended, ev.MediationExtended) and extended.agreed_by == ("甲", "乙公司")


def test_one_refusal_ends_the_proposal_without_extension():
    case = proposed_case()
    before = case.deadline("mediation")
    case.answer_extension("甲", True, NOW, LATER)
    assert case.answer_extension("乙公司", False, NOW, LATER) == "refused"
    assert case.deadline("mediation") == before and case.take_events() == []
    with pytest.raises(InvalidTransition) as err:
        case.answer_extension("甲", True, NOW, LATER)
    assert err.value.code == "no_extension_proposed"


def test_an_extension_is_1_to_30_days_and_one_at_a_time():
    case = mediating_case()
    for days in (0, 31):
        with pytest.raises(RuleViolation):
            case.propose_extension(days, None, NOW)
    case.propose_extension(30, None, NOW)
    with pytest.raises(InvalidTransition):
        case.propose_extension(5, None, NOW)


def test_a_stranger_cannot_answer():
    with pytest.raises(RuleViolation):
        proposed_case().answer_extension("丙", True, NOW, LATER)


def test_a_request_for_another_mediator_releases_and_excludes_the_mediator():
    case = mediating_case()
    case.answer_disclosure("乙公司", "continue", None, NOW)
    assert case.status == st.MEDIATING
    case.answer_disclosure("甲", "replace", "担心不公正", NOW)
    assert case.status == st.PENDING_ASSIGNMENT and case.mediator_id is None and "m1" in case.excluded_mediators
    assert "mediation" not in case.deadlines and case.disclosures == []
    assert [type(e) for e in case.take_events()] == [ev.MediatorReleased, ev.AssignmentRequested]


def test_a_respondent_who_declines_terminates_the_case_even_before_assignment():
    case = new_case(source="party", referral=None, court_id=None, phone_verified=True)
    case.request_assignment(NOW)
    case.record_respondent_consent("乙公司", False, "online", NOW, "party:乙公司")
    assert case.status == st.TERMINATED and case.outcome["ground"] == "respondent_declined"
    assert case.failure_record is not None  # the record of Art.21 for this ending too


def test_only_a_respondent_consents_and_only_by_a_known_channel():
    case = mediating_case()
    with pytest.raises(RuleViolation):
        case.record_respondent_consent("甲", True, "online", NOW, "party:甲")
    with pytest.raises(RuleViolation):
        case.record_respondent_consent("乙公司", True, "letter", NOW, "mediator:m1")
    case.record_respondent_consent("乙公司", True, "phone", NOW, "mediator:m1")
    assert case.status == st.MEDIATING and case.respondent_consents["乙公司"]["channel"] == "phone"


def test_a_termination_names_a_known_ground():
    with pytest.raises(RuleViolation):
        mediating_case().terminate("x", NOW, "mediator:m1", ground="bored")
    case = mediating_case()
    case.terminate("撤回申请", NOW, "mediator:m1")
    assert case.outcome == {"result": "terminated", "reason": "撤回申请", "ground": "other"}


POOL = [Mediator("a", "甲调解员", "o", ["contract"], capacity=2, active_load=1),
        Mediator("b", "乙调解员", "o", ["contract"], capacity=2, active_load=2),
        Mediator("c", "丙调解员", "o", ["labor"], capacity=2),
        Mediator("d", "丁调解员", "o", ["contract"], capacity=2, active_load=0, status="suspended")]
PARTIES = [Party("甲"), Party("乙公司", "organization")]


@pytest.mark.parametrize("chosen, refused", [("b", ["full"]), ("c", ["no_specialty"]), ("d", ["inactive"]),
                                             ("zz", ["not_on_roster"])])
def test_an_ineligible_joint_choice_is_designated_instead_with_the_reason(chosen, refused):
    choice = choose(POOL, "contract", PARTIES, [], chosen)
    assert choice.mediator.mediator_id == "a"
    assert choice.basis["kind"] == "designated" and choice.basis["not_chosen_because"] == refused


def test_an_eligible_joint_choice_is_honoured():
    pool = POOL + [Mediator("e", "戊调解员", "o", ["contract"], capacity=5, active_load=4)]
    choice = choose(pool, "contract", PARTIES, [], "e")
    assert choice.mediator.mediator_id == "e" and choice.basis["kind"] == "joint_choice"


def test_a_joint_choice_with_a_conflict_is_not_honoured():
    pool = POOL + [Mediator("e", "戊调解员", "o", ["contract"], relatives=["甲"])]
    assert choose(pool, "contract", PARTIES, [], "e").basis["not_chosen_because"] == ["close_relative"]
