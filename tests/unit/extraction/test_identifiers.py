from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.extraction.identifiers import find_phone, ric_problems, uscc_problems

RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def ric_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS)) % 11]


def uscc_check(first17: str) -> str:
    return USCC[(31 - sum(USCC.index(c) * pow(3, i, 31) for i, c in enumerate(first17)) % 31) % 31]


ids = st.builds(
    lambda region, birth, seq: f"{region}{birth:%Y%m%d}{seq:03d}",
    st.sampled_from(["410702", "410711", "110101", "999999"]),  # 999999: no such region, still a valid check digit
    st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(min_value=0, max_value=999),
)


@given(ids)
def test_ric_with_its_check_digit_passes(first17):
    assert ric_problems(first17 + ric_check(first17)) == []


@given(ids, st.sampled_from("0123456789X"))
def test_ric_with_another_check_digit_fails(first17, wrong):
    if wrong != ric_check(first17):
        assert [p.code for p in ric_problems(first17 + wrong)] == ["checksum"]


def test_ric_birth_date_and_sex_are_checked_against_the_document():
    first17 = "41071119761223384"
    number = first17 + ric_check(first17)
    assert ric_problems(number, date(1976, 12, 23), "女") == []  # 17th digit 4: even, a woman
    assert [p.code for p in ric_problems(number, date(1976, 12, 24), "女")] == ["mismatch"]
    assert [p.code for p in ric_problems(number, date(1976, 12, 23), "男")] == ["mismatch"]


def test_a_region_stdnum_does_not_know_is_no_checksum_failure():
    from stdnum.cn import ric

    from chalicelib.extraction.validation import identifier_issues

    number = "410711197612233848"  # 新乡市牧野区, missing from python-stdnum 2.2's region table
    assert not ric.is_valid(number)  # the library's limitation the GB 11643 check must not inherit
    assert ric_problems(number, date(1976, 12, 23), "女") == []
    party = {"id_number": number, "birth_date": "1976-12-23", "gender": "女"}
    assert identifier_issues({"applicants": [party]}) == []
    for wrong in "012345679X":
        problems = ric_problems(number[:-1] + wrong, date(1976, 12, 23), "女")
        assert [p.code for p in problems] == ["checksum"] and "expected 8" in problems[0].message
        issues = identifier_issues({"applicants": [{**party, "id_number": number[:-1] + wrong}]})
        assert [(i["field"], i["code"]) for i in issues] == [("applicants[0].id_number", "checksum")]


codes = st.builds(
    lambda authority, kind, body: f"{authority}{kind}410702{body}",
    st.sampled_from("159ANY"), st.sampled_from("123"),
    st.text(alphabet=USCC, min_size=9, max_size=9),
)


@given(codes)
def test_uscc_with_its_check_character_passes(first17):
    assert uscc_problems(first17 + uscc_check(first17)) == []


@given(codes, st.sampled_from(USCC))
def test_uscc_with_another_check_character_fails(first17, wrong):
    if wrong != uscc_check(first17):
        assert [p.code for p in uscc_problems(first17 + wrong)] == ["checksum"]


def test_registration_authority_letters_that_stdnum_rejects_are_valid():
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    for first17 in ("N1410703MA47AB12C", "Y1410724C3Q7MJLLX"):
        code = first17 + uscc_check(first17)
        with pytest.raises(ValidationError):
            uscc.validate(code)  # the library's limitation this fallback exists for
        assert uscc_problems(code) == []


def test_uscc_outside_the_alphabet_is_a_format_problem():
    assert [p.code for p in uscc_problems("91410702I6B36JMW9L")] == ["format"]


@pytest.mark.parametrize(("text", "phone"), [
    ("联系电话0373-3779489。", "0373-3779489"),
    ("电话：（0373）3779489", "0373-3779489"),
    ("0373 3779489", "0373-3779489"),
    ("010-62345678", "010-62345678"),
    ("+86 138 0013 8000", "13800138000"),
    ("手机13784660762，", "13784660762"),
    ("身份证410711197612233848", None),
])
def test_phones(text, phone):
    assert find_phone(text) == phone


@given(ids, codes)
def test_check_characters_agree_with_python_stdnum(first17, code17):
    """The engine computes them itself (stdnum's import costs a cold start ~50 ms); stdnum is the reference."""
    from stdnum.cn import ric, uscc

    from chalicelib.extraction.identifiers import ric_check_digit, uscc_check_char

    assert ric_check_digit(first17) == ric.calc_check_digit(first17 + "0")
    assert uscc_check_char(code17) == uscc.calc_check_digit(code17 + "0")
