"""The integrity signals (chalicelib.domain.integrity) and the discipline rules, on plain values."""
import json
from dataclasses import replace

import pytest

from chalicelib.domain import discipline
from chalicelib.domain.exceptions import InvalidTransition, RuleViolation
from chalicelib.domain.integrity import CaseFacts, Related, Thresholds, index_rows, payees, signals
from chalicelib.domain.parties import Party
from chalicelib.domain.performance import Standing, outcome_record, performance_file, standing
from tests.integration.support import Clock

TH = Thresholds.load()
APPLICANT = Party("秦涵", id_number="410702199001011234", phone="13784660762", address="河南省新乡市卫滨区劳动路83号")
RESPONDENT = Party("新乡市瑞丰食品股份有限公司", "organization", credit_code="914107242EMG3Q5G00",
                   legal_representative="吕然萱", address="河南省新乡市卫滨区自由路251号")


def facts(case_id="C9", created="2026-03-02T02:00:00Z", applicant=APPLICANT, respondent=RESPONDENT, **extra):
    values = {"claims": ("请求被申请人支付货款41679元",), "claim_amount": "41679.00", "category": "contract",
              "settlement_amount": "30000.00", "terms": ("被申请人于2026年3月31日前向申请人支付30000元",),
              "accepted_at": "2026-03-03T02:00:00Z", "settled_at": "2026-03-10T02:00:00Z", **extra}
    return CaseFacts(case_id, created, (applicant,), (respondent,), **values)


def related(*others: CaseFacts) -> Related:
    found = Related()
    for other in others:
        for row in index_rows(other, TH):
            found.rows.setdefault(row.key, []).append(row)
    return found


def codes(case: CaseFacts, found: Related = Related(), own=None, peers=()) -> list[str]:
    return [s.code for s in signals(case, found, TH, own, list(peers))]


def test_a_plain_case_has_no_signal():
    assert codes(facts(), related(facts("C0", "2026-01-02T02:00:00Z"))) == []  # one earlier case: a second dispute


def test_the_same_pair_in_two_other_cases_is_a_ring():
    others = [facts(f"C{n}", f"2026-0{n}-02T02:00:00Z") for n in (1, 2)]
    found = signals(facts(), related(*others), TH)
    assert [s.code for s in found] == ["repeat_pair"] and found[0].cases == ("C1", "C2")
    assert "2 other cases" in found[0].explanation
    old = [facts(f"C{n}", f"2024-0{n}-02T02:00:00Z") for n in (1, 2)]  # outside the window
    assert codes(facts(), related(*old)) == []


def test_sides_linked_by_a_legal_representative_count_as_the_same_pair():
    def company(name, rep):
        return Party(name, "organization", credit_code=None, legal_representative=rep)
    others = [facts(f"C{n}", f"2026-0{n}-02T02:00:00Z", company(f"甲{n}公司", "张三"), company(f"乙{n}公司", "李四"))
              for n in (1, 2)]
    found = signals(facts(applicant=company("甲公司", "张三"), respondent=company("乙公司", "李四")),
                    related(*others), TH)
    assert [s.code for s in found] == ["repeat_pair"] and "legal_representative" in found[0].explanation


def test_a_phone_on_both_sides_links_them():
    assert codes(facts(respondent=replace(RESPONDENT, phone="137-8466-0762"))) == ["linked_sides"]
    family = facts(category="family", respondent=Party("秦某", address=APPLICANT.address))
    assert codes(family) == []  # spouses share an address: not a sign in family or neighbour cases


def test_many_near_identical_claims_by_one_applicant():
    others = [facts(f"C{n}", f"2026-02-2{n}T02:00:00Z", respondent=Party(f"被申请人{n}"),
                    claims=(f"请求被申请人支付货款{1000 * n}元",)) for n in range(4)]
    assert codes(facts(), related(*others)) == ["claim_burst"]
    assert codes(facts(), related(*others[:3])) == []
    different = [replace(o, claims=("请求被申请人解除租赁合同并腾退房屋",)) for o in others]
    assert codes(facts(), related(*different)) == []
    steady = [replace(others[0], case_id=f"S{n}", created_at=f"2025-{n // 2 + 4:02d}-{n % 2 * 14 + 1:02d}T02:00:00Z")
              for n in range(18)]  # a lender filing twice a month all year: its pace, not a burst
    assert codes(facts(), related(*others, *steady)) == []


def test_a_large_claim_conceded_in_full_within_a_day():
    quick = facts(claim_amount="500000.00", settlement_amount="500000.00", settled_at="2026-03-03T12:00:00Z")
    assert codes(quick) == ["quick_full_concession"]
    assert codes(replace(quick, settled_at="2026-03-05T12:00:00Z")) == []
    assert codes(replace(quick, settlement_amount="300000.00")) == []
    assert codes(replace(quick, claim_amount="50000.00", settlement_amount="50000.00")) == []


def test_payment_to_someone_who_is_not_a_party():
    assert payees(["被申请人将款项汇入申请人指定账户", "向申请人秦涵支付", "支付给王小明10万元"]) == ["秦涵", "王小明"]
    assert payees(["乙方于2026年12月31日前向甲方一次性支付货款40000元", "乙方分三期向甲方付清", "向甲方分3期支付"]) == []
    assert codes(facts(terms=("被申请人向王小明支付30000元",))) == ["third_party_payee"]
    assert codes(facts(terms=("被申请人向新乡市瑞丰食品股份有限公司支付",))) == []


def test_a_mediator_far_off_its_peers():
    peers = [Standing(f"m{n}", 20, 12, 14.0) for n in range(3)]
    assert codes(facts(), own=Standing("m-x", 20, 20, 0.5), peers=peers) == ["peer_outlier"]
    assert codes(facts(), own=Standing("m-x", 20, 13, 12.0), peers=peers) == []
    assert codes(facts(), own=Standing("m-x", 5, 5, 0.5), peers=peers) == []  # too few cases to judge
    assert codes(facts(), own=Standing("m-x", 20, 20, 0.5), peers=peers[:2]) == []  # too few peers


def test_thresholds_are_data_and_a_misspelt_one_is_refused(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"repeat_pair_min_others": 5, "large_amount": "1000"}), encoding="utf-8")
    loaded = Thresholds.load(path)
    assert loaded.repeat_pair_min_others == 5 and str(loaded.large_amount) == "1000"
    with pytest.raises(ValueError, match="repeat_pairs"):
        Thresholds.from_dict({"repeat_pairs": 1})


def test_sanctions_move_a_mediator_between_standings():
    now = Clock()()
    assert discipline.sanction("m", "active", "warning", "迟到", "admin", now).to_status == "active"
    assert discipline.sanction("m", "active", "suspension", "调查", "admin", now).to_status == "suspended"
    assert discipline.sanction("m", "suspended", "removal", "受贿", "admin", now).to_status == "removed"
    with pytest.raises(InvalidTransition):
        discipline.sanction("m", "removed", "reinstatement", "x", "admin", now)
    with pytest.raises(RuleViolation):
        discipline.sanction("m", "active", "warning", " ", "admin", now)


def test_the_performance_file_counts_each_record_once():
    records = [outcome_record("C1", "settled", "contract", "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z"),
               outcome_record("C2", "failed", "labor", "2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z"),
               {"kind": "rating", "case_id": "C1", "score": 4, "at": "2026-03-06T00:00:00Z"},
               {"kind": "decline", "case_id": "C3", "reason": "亲属", "at": "2026-03-02T00:00:00Z"}]
    file = performance_file({"mediator_id": "m"}, records)
    assert file["cases_by_outcome"] == {"settled": 1, "failed": 1} and file["success_rate"] == 0.5
    assert file["average_days"] == 7.0 and file["ratings"]["average"] == 4.0 and len(file["declines"]) == 1
    assert standing("m", records) == Standing("m", 2, 1, 4.0)
