"""Pure rules of issue 13: subsidy rules and tiers, CSV neutralisation, percentiles, the month of a fact."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from chalicelib.domain import events as ev
from chalicelib.domain import statistics, subsidies
from chalicelib.domain.case import Case
from chalicelib.rendering.spreadsheet import neutralise, to_csv


def _case(court_id=None, claim="42000.00", org_id="xx-sme"):
    now = datetime(2026, 3, 2, 2, tzinfo=timezone.utc)
    return Case.open("C1", now, "test", source="court" if court_id else "party", procedure="pre_filing",
                     court_id=court_id, org_id=org_id, claim_amount=claim)


@pytest.mark.parametrize("claim, amount", [("50000.00", "200.00"), ("50000.01", "300.00"), ("500000.00", "300.00"),
                                           ("900000.00", "500.00"), (None, "200.00")])
def test_the_courts_standard_pays_by_claim_tier(claim, amount):
    entry = subsidies.entry_for(_case("weibin", claim), ev.MediationEnded("C1", "settled"), date(2026, 6, 1))
    assert (entry.kind, entry.rule_id, entry.amount) == ("earned", "weibin-2026", Decimal(amount))


def test_a_direct_case_is_paid_under_the_centers_rule_and_a_court_without_a_standard_pays_nothing():
    direct = subsidies.entry_for(_case(None, "100000.01"), ev.MediationEnded("C1", "settled"), date(2026, 6, 1))
    assert (direct.rule_id, direct.amount) == ("xx-sme-center-2026", Decimal("250.00"))
    assert subsidies.entry_for(_case("hongqi"), ev.MediationEnded("C1", "settled"), date(2026, 6, 1)) is None


def test_the_rule_in_force_on_the_day_decides_and_a_confirmation_rule_waits_for_the_ruling():
    case = _case("weibin")
    assert subsidies.entry_for(case, ev.MediationEnded("C1", "settled"), date(2027, 1, 1)) is None
    confirmed = subsidies.entry_for(case, ev.ConfirmationRuled("C1", "confirmed"), date(2027, 1, 1))
    assert (confirmed.rule_id, confirmed.amount) == ("weibin-2027", Decimal("300.00"))
    assert subsidies.entry_for(case, ev.ConfirmationRuled("C1", "confirmed"), date(2026, 12, 31)) is None
    assert subsidies.entry_for(case, ev.ConfirmationRuled("C1", "rejected"), date(2026, 12, 31)).kind == "reversed"
    assert subsidies.entry_for(case, ev.MediationEnded("C1", "failed"), date(2026, 6, 1)) is None


def test_every_rule_in_the_data_is_well_formed():
    rules = subsidies.rules()
    assert len({r.rule_id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.payer in ("court", "center") and (rule.court_id if rule.payer == "court" else rule.org_id)
        assert rule.valid_to is None or rule.valid_from <= rule.valid_to
        bounds = [t.claim_up_to for t in rule.tiers[:-1]]
        assert bounds == sorted(bounds) and rule.tiers[-1].claim_up_to is None


@pytest.mark.parametrize("cell, shown", [("=1+2", "'=1+2"), ("+86", "'+86"), ("@SUM(A1)", "'@SUM(A1)"),
                                         ("-cmd", "'-cmd"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-300.00", "-300.00"),
                                         ("王建国", "王建国"), (12, "12"), (None, "")])
def test_formula_like_text_is_neutralised_and_numbers_are_not(cell, shown):
    assert neutralise(cell) == shown


def test_the_csv_starts_with_a_bom_and_ends_lines_with_crlf():
    assert to_csv([["调解员", "=x"]]) == "\ufeff调解员,'=x\r\n"


def test_percentiles_are_by_nearest_rank_and_the_month_is_chinas():
    assert statistics.percentile([5, 1, 4, 2, 3], 0.5) == 3
    assert statistics.percentile(list(range(1, 11)), 0.9) == 9
    assert statistics.percentile([], 0.5) is None
    assert statistics.month_of(datetime(2026, 3, 31, 16, 30, tzinfo=timezone.utc)) == "2026-04"
    assert statistics.months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
