"""The court's decisions, once whichever way they come (services.court_decisions, Case.rule / Case.file), and
which requests a browser's navigation is (chalicelib.web.document_viewer): against in-memory fakes."""
from datetime import datetime, timezone

import pytest

from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.exceptions import InvalidTransition
from chalicelib.domain.parties import Party
from chalicelib.services import court_decisions
from chalicelib.web.document_viewer import opens_in_browser
from tests.unit.fakes import FakeRoster, fake_deps

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
RULING = {"ruling": "confirmed", "ruling_number": "（2026）豫0703民特12号"}


def _stored(deps, status: str) -> Case:
    case = Case.open("C1", NOW, "court:weibin", source="court", procedure="pre_filing", court_id="weibin",
                     dispute_category="contract", applicants=(Party("甲"),), respondents=(Party("乙"),))
    case.status = status
    case.take_events()
    deps.cases.commit(case, new=True)
    return deps.cases.get("C1")


def test_the_same_ruling_twice_is_one_ruling_and_another_is_refused():
    case = Case("C1", "court", "pre_filing", NOW.isoformat(), status=st.CONFIRMATION_REQUESTED, court_id="weibin")
    assert case.rule("confirmed", "N1", None, NOW, "court_clerk:weibin") is True
    assert case.history[-1]["actor"] == "court_clerk:weibin"
    case.take_events()
    assert case.rule("confirmed", "N1", None, NOW) is False
    assert case.take_events() == [] and len(case.history) == 1
    with pytest.raises(InvalidTransition) as refused:
        case.rule("rejected", "N1", "理由", NOW)
    assert refused.value.code == "already_ruled"
    with pytest.raises(InvalidTransition):
        case.rule("confirmed", "N2", None, NOW)  # another number is another ruling


def test_a_case_not_yet_asked_to_confirm_cannot_be_ruled():
    case = Case("C1", "court", "pre_filing", NOW.isoformat(), status=st.SETTLED, court_id="weibin")
    with pytest.raises(InvalidTransition) as refused:
        case.rule("confirmed", "N1", None, NOW)
    assert refused.value.code == "invalid_transition"


def test_the_same_filing_twice_is_one_filing_and_another_number_is_refused():
    case = Case("C1", "court", "pre_filing", NOW.isoformat(), status=st.FAILED, court_id="weibin")
    assert case.file("（2026）民初1号", NOW) is True
    assert case.file("（2026）民初1号", NOW) is False
    with pytest.raises(InvalidTransition) as refused:
        case.file("（2026）民初2号", NOW)
    assert refused.value.code == "already_filed" and case.court_case_number == "（2026）民初1号"


def test_a_decision_that_loses_the_race_reads_the_case_again_and_finds_it_decided():
    deps = fake_deps(FakeRoster())
    stale = _stored(deps, st.CONFIRMATION_REQUESTED)
    first, changed = court_decisions.decide(deps, deps.cases.get("C1"), court_decisions.rule, RULING, "court:weibin")
    assert changed and first.status == st.CONFIRMED
    again, changed = court_decisions.decide(deps, stale, court_decisions.rule, RULING, "court_clerk:weibin")
    assert changed is False and again.status == st.CONFIRMED
    assert [h["to_status"] for h in deps.cases.history("C1")].count(st.CONFIRMED) == 1
    with pytest.raises(InvalidTransition):
        court_decisions.decide(deps, stale, court_decisions.rule, {**RULING, "ruling": "rejected"})


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize("headers, browser", [
    ({"Accept": BROWSER}, True),
    ({"accept": "text/html"}, True),
    ({"Accept": BROWSER, "Authorization": "Bearer x"}, False),  # a token: the API's own answer
    ({}, False),
    ({"Accept": "*/*"}, False),
    ({"Accept": "application/json"}, False),
    ({"Accept": "application/json;q=0.9, text/html;q=0.8"}, False),
    ({"Accept": "text/html;q=0, */*"}, False),
    ({"Accept": "text/*, application/json;q=0.5"}, True),
    ({"Accept": "text/html;q=nonsense, application/json"}, False),
    ({"Accept": "garbage,,;;"}, False),
])
def test_only_a_navigation_without_credentials_that_prefers_html_gets_the_page(headers, browser):
    assert opens_in_browser(headers) is browser
