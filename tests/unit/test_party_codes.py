"""SMS codes, send windows and party tokens: the domain rules at their edges (no AWS)."""
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain import party_codes as codes
from chalicelib.domain.case import Case
from chalicelib.domain.parties import Party

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
KEY = b"k" * 32


@pytest.mark.parametrize("written", ["15837318283", "158-3731-8283", "+86 158 3731 8283", "8615837318283",
                                     "0086 15837318283", "(158)37318283", " 158 3731 8283 "])
def test_a_mobile_number_reads_the_same_however_it_is_written(written):
    assert codes.normalise_phone(written) == "15837318283"


@pytest.mark.parametrize("written", ["0373-3011234", "1583731828", "158373182834", "12837318283", "", None, 158,
                                     "１５８３７３１８２８３"])
def test_what_cannot_take_an_sms_is_no_phone(written):
    assert codes.normalise_phone(written) is None


def test_a_phone_is_masked_as_the_contract_shows_it():
    assert codes.mask_phone("15837318283") == "158****8283"


def test_codes_are_six_digits_and_stored_only_as_a_keyed_digest():
    code = codes.new_code()
    assert len(code) == 6 and code.isdigit()
    digest = codes.code_digest(KEY, "C1", "15837318283", code)
    assert code not in digest
    assert digest != codes.code_digest(KEY, "C2", "15837318283", code)  # bound to its case
    assert digest != codes.code_digest(KEY, "C1", "15837318284", code)  # and to its phone
    assert digest != codes.code_digest(b"other key", "C1", "15837318283", code)


def test_a_code_lives_ten_minutes_then_dies():
    issued = codes.IssuedCode.issue("d", NOW)
    assert issued.live(NOW + timedelta(minutes=10) - timedelta(microseconds=1))
    assert not issued.live(NOW + timedelta(minutes=10))


def test_the_fifth_wrong_try_kills_a_code_and_a_used_code_is_dead():
    issued = codes.IssuedCode.issue("d", NOW)
    for _ in range(4):
        issued = issued.after_wrong_try()
    assert issued.live(NOW)
    assert not issued.after_wrong_try().live(NOW)
    assert not codes.IssuedCode.issue("d", NOW).after_use().live(NOW)


def test_a_send_window_slides_and_says_when_to_come_back():
    window = codes.SendWindow(limit=2)
    window = window.with_send(NOW).with_send(NOW + timedelta(minutes=20))
    assert window.retry_after(NOW + timedelta(minutes=30)) == 30 * 60 + 1
    assert window.retry_after(NOW + timedelta(hours=1)) is None  # the first send left the hour
    assert window.with_send(NOW + timedelta(hours=1)).sent == (NOW + timedelta(minutes=20), NOW + timedelta(hours=1))


# ---- party tokens and verification on the case ----

def case(source="party", **fields) -> Case:
    parties = dict(applicants=(Party("秦涵", phone="137-8466-0762"),), respondents=(Party("瑞丰公司", "organization"),))
    return Case.open("C1", NOW, "party", source=source, procedure="pre_filing", dispute_category="contract",
                     **{**parties, **fields})


def test_a_public_application_waits_for_a_phone_and_a_court_case_does_not():
    public, court = case(), case(source="court")
    public.request_assignment(NOW)
    court.request_assignment(NOW)
    assert (public.status, public.flags) == ("received", ["awaiting_verification"])
    assert court.status == "pending_assignment"
    public.confirm_phone(NOW)
    assert (public.status, public.flags) == ("pending_assignment", [])


def test_a_public_application_without_a_mobile_says_so():
    waiting = case(applicants=(Party("秦涵", phone="0373-3011234"),))
    waiting.request_assignment(NOW)
    assert (waiting.status, waiting.flags) == ("received", ["awaiting_verification", "phone_missing"])


def test_a_party_is_found_by_the_phone_on_the_case():
    assert case().party_with_phone("+8613784660762") == "秦涵"
    assert case().party_with_phone("13784660763") is None
    assert case().applicant_phone == "13784660762"


def test_a_new_token_revokes_only_that_partys_earlier_ones():
    c = case()
    c.add_party_token("a1", "秦涵", NOW)
    c.add_party_token("r1", "瑞丰公司", NOW)
    c.add_party_token("a2", "秦涵", NOW)
    assert [c.party_for_token(h, NOW) for h in ("a1", "r1", "a2")] == [None, "瑞丰公司", "秦涵"]


def test_a_token_expires_ninety_days_after_the_case_ends_and_not_before():
    c = case(source="court")
    c.add_party_token("t", "秦涵", NOW)
    c.terminate("申请人撤回申请", NOW, "mediator:m")
    assert c.party_for_token("t", NOW + timedelta(days=90) - timedelta(seconds=1)) == "秦涵"
    assert c.party_for_token("t", NOW + timedelta(days=90)) is None


def test_a_case_that_is_not_over_keeps_its_tokens():
    c = case(source="court")
    c.add_party_token("t", "秦涵", NOW)
    assert c.party_for_token("t", NOW + timedelta(days=3650)) == "秦涵"


def test_tokens_stored_before_they_had_an_issue_time_still_work():
    old = Case(case_id="C1", source="party", procedure="pre_filing", created_at="2026-01-01T00:00:00Z",
               applicants=(Party("秦涵"),), party_tokens={"h": "秦涵"})
    assert old.party_for_token("h", NOW) == "秦涵" and old.party_tokens["h"] == {"party": "秦涵", "issued_at": None}


def test_an_old_ended_case_without_an_end_time_counts_from_its_last_change():
    old = Case(case_id="C1", source="court", procedure="pre_filing", created_at="2026-01-01T00:00:00Z",
               updated_at="2026-01-01T00:00:00Z", status="closed", applicants=(Party("秦涵"),),
               party_tokens={"h": "秦涵"})
    assert old.party_for_token("h", datetime(2026, 3, 31, 23, tzinfo=timezone.utc)) == "秦涵"
    assert old.party_for_token("h", datetime(2026, 4, 1, tzinfo=timezone.utc)) is None
