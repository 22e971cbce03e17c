"""The service layer against in-memory fakes: the use cases' rules, without AWS."""
import pytest

from chalicelib.auth import Principal
from chalicelib.domain.roster import Court, Mediator, Organization
from chalicelib.errors import Conflict, NotFound, Unprocessable
from chalicelib.services.acceptance import answer_assignment
from chalicelib.services.assignment import assign_mediator
from chalicelib.services.intake import submit_application
from chalicelib.services.outcome import record_outcome
from chalicelib.services.party_access import sign_in
from tests.unit.fakes import FakeRoster, fake_deps

APPLICATION = {"applicants": [{"name": "秦涵", "phone": "13784660762"}], "respondents": [{"name": "瑞丰公司", "kind": "organization",
                                                                   "legal_representative": "吕然萱"}],
               "dispute_category": "contract", "claims": ["支付货款"], "claim_amount": "100"}


def roster(*mediators, invited=None):
    return FakeRoster(mediators=mediators, organizations=[Organization("xx-sme", "协会")],
                      courts=[Court("weibin", "卫滨区法院", org_id="xx-sme",
                                    invited_roster=invited or [m.mediator_id for m in mediators])])


def contract(mid, **kw):
    return Mediator(mid, kw.pop("name", mid), "xx-sme", specialties=["contract"], **kw)


def applied(deps, **fields):
    case_id = submit_application(deps, {**APPLICATION, "org_id": "xx-sme", **fields})["case_id"]
    assert deps.publisher.take("assignment") == []  # waits for the applicant's SMS code
    sign_in(deps, {"case_id": case_id, "phone": "13784660762", "code": deps.sms.last_code("13784660762")})
    assert deps.publisher.take("assignment") == [{"case_id": case_id}]
    return case_id


def test_intake_keeps_only_the_token_hash_and_waits_for_the_phone():
    deps = fake_deps(roster(contract("a")))
    answer = submit_application(deps, APPLICATION)
    case = deps.cases.get(answer["case_id"])
    assert case.status == "received" and case.org_id == "xx-sme" and case.flags == ["awaiting_verification"]
    assert answer["party_token"] not in case.party_tokens
    assert [t["party"] for t in case.party_tokens.values()] == ["秦涵"]
    assert [(p, k) for p, _, k in deps.sms.sent] == [("13784660762", "code")]


def test_assignment_prefers_the_least_loaded_then_least_recently_assigned():
    deps = fake_deps(roster(contract("busy", active_load=2), contract("recent", last_assigned_at="2026-03-01"),
                            contract("idle")))
    assert assign_mediator(deps, applied(deps)) == "idle"
    assert assign_mediator(deps, applied(deps)) == "recent"


def test_a_mediator_who_fills_up_meanwhile_is_skipped_and_nothing_is_half_written():
    fakes = roster(contract("a"), contract("b", last_assigned_at="2026-03-01"))
    fakes.full_once.add("a")
    deps = fake_deps(fakes)
    case_id = applied(deps)
    assert assign_mediator(deps, case_id) == "b"
    assert deps.cases.get(case_id).mediator_id == "b" and fakes.mediators_by_id["b"].active_load == 1


def test_no_eligible_mediator_flags_the_case():
    deps = fake_deps(roster(contract("a", relatives=["吕然萱"])))
    case_id = applied(deps)
    assert assign_mediator(deps, case_id) is None
    case = deps.cases.get(case_id)
    assert case.status == "pending_assignment" and case.flags == ["no_candidate"]


def test_a_redelivered_assignment_changes_nothing():
    deps = fake_deps(roster(contract("a"), contract("b")))
    case_id = applied(deps)
    first = assign_mediator(deps, case_id)
    assert assign_mediator(deps, case_id) == first
    assert sum(m.active_load for m in deps.roster.mediators_by_id.values()) == 1


def test_acceptance_notifies_a_court_only_for_court_cases():
    deps = fake_deps(roster(contract("a")))
    case_id = applied(deps)
    assign_mediator(deps, case_id)
    me = Principal(role="mediator", mediator_id="a")
    assert answer_assignment(deps, me, case_id, {"decision": "accept"})["status"] == "mediating"
    assert deps.publisher.take("notifications") == []  # a direct application has no court to tell
    with pytest.raises(NotFound):
        answer_assignment(deps, Principal(role="mediator", mediator_id="b"), case_id, {"decision": "accept"})


def test_ending_a_mediation_frees_the_mediator_and_queues_the_outcome():
    deps = fake_deps(roster(contract("a")))
    case_id = applied(deps)
    assign_mediator(deps, case_id)
    me = Principal(role="mediator", mediator_id="a")
    answer_assignment(deps, me, case_id, {"decision": "accept"})
    with pytest.raises(Unprocessable):
        record_outcome(deps, me, case_id, {"result": "terminated", "reason": ""})
    record_outcome(deps, me, case_id, {"result": "terminated", "reason": "申请人撤回"})
    assert deps.roster.mediators_by_id["a"].active_load == 0
    assert [m["result"] for m in deps.publisher.take("outcome")] == ["terminated"]
    with pytest.raises(Conflict):
        answer_assignment(deps, me, case_id, {"decision": "decline", "reason": "x"})
