from chalicelib.domain.conflicts import conflicts_of_interest
from chalicelib.domain.parties import Party
from chalicelib.domain.ranking import eligible, rank
from chalicelib.domain.roster import Mediator

PARTIES = [Party("张三", id_number="410711197612233848"),
           Party("瑞丰公司", "organization", credit_code="914107242EMG3Q5G00", legal_representative="吕然")]


def mediator(mid="m1", **kw) -> Mediator:
    return Mediator(mid, kw.pop("name", f"调解员{mid}"), "org", specialties=kw.pop("specialties", ["contract"]), **kw)


def test_no_declaration_no_conflict():
    assert conflicts_of_interest(mediator(), PARTIES, []) == []


def test_the_mediator_being_a_party_is_a_conflict():
    assert conflicts_of_interest(mediator(name="张三"), PARTIES, []) == ["is_party"]
    assert conflicts_of_interest(mediator(id_number="410711197612233848"), PARTIES, []) == ["is_party"]


def test_declared_relatives_colleagues_and_affiliations_are_conflicts():
    assert conflicts_of_interest(mediator(relatives=["吕然"]), PARTIES, []) == ["close_relative"]
    assert conflicts_of_interest(mediator(colleagues=["张三"]), PARTIES, []) == ["colleague"]
    assert conflicts_of_interest(mediator(affiliations=["914107242EMG3Q5G00"]), PARTIES, []) == ["interest_in_dispute"]


def test_a_mediator_who_declined_or_was_replaced_is_not_chosen_again():
    assert conflicts_of_interest(mediator(), PARTIES, ["m1"]) == ["declined_or_replaced"]


def test_eligible_needs_specialty_room_and_no_conflict():
    pool = [mediator("a"), mediator("b", specialties=["labor"]), mediator("c", active_load=3, capacity=3),
            mediator("d", status="suspended"), mediator("e", relatives=["张三"])]
    assert [m.mediator_id for m in eligible(pool, "contract", PARTIES, [])] == ["a"]


def test_rank_by_load_then_least_recently_assigned():
    pool = [mediator("a", active_load=2), mediator("b", active_load=1, last_assigned_at="2026-03-02T00:00:00Z"),
            mediator("c", active_load=1, last_assigned_at="2026-03-01T00:00:00Z"), mediator("d", active_load=1)]
    assert [m.mediator_id for m in rank(pool)] == ["d", "c", "b", "a"]


def test_a_valid_joint_choice_comes_first_an_ineligible_one_is_ignored():
    pool = [mediator("a"), mediator("b", active_load=2)]
    assert rank(pool, joint_choice="b")[0].mediator_id == "b"
    assert rank(pool, joint_choice="zz")[0].mediator_id == "a"
