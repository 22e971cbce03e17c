"""Loaded holiday schedules: the acceptance deadline across a year chinesecalendar does not know."""
import json
from datetime import datetime, timezone

import pytest

from chalicelib.auth import Principal
from chalicelib.errors import Forbidden, Unprocessable
from chalicelib.services.assignment import assign_mediator
from chalicelib.services.roster import load_calendar
from tests.integration.support import receive_all, verified_application

OPERATOR = Principal(role="platform_admin")
SCHEDULE_2027 = {"holidays": ["2027-01-01", "2027-01-04", "2027-01-05"], "workdays": ["2027-01-02"]}  # made up


@pytest.fixture
def new_year_eve(clock):
    clock.now = datetime(2026, 12, 31, 2, 0, tzinfo=timezone.utc)  # Thursday in China


def assigned_case(deps):
    case_id = verified_application(deps)
    receive_all("assignment_queue")
    assign_mediator(deps, case_id)
    return deps.cases.get(case_id)


def test_a_loaded_schedule_counts_its_holidays_and_make_up_days(deps, demo, new_year_eve):
    assert load_calendar(deps, OPERATOR, 2027, SCHEDULE_2027)["workdays"] == ["2027-01-02"]
    case = assigned_case(deps)
    # Jan 1 off, Sat Jan 2 a make-up day (1), Jan 4-5 off, Wed Jan 6 (2), Thu Jan 7 (3).
    assert case.deadlines["acceptance"] == "2027-01-07T15:59:59Z"
    assert "calendar_fallback" not in case.flags


def test_without_a_schedule_weekdays_are_counted_and_the_case_is_flagged(deps, demo, new_year_eve):
    case = assigned_case(deps)
    assert case.deadlines["acceptance"] == "2027-01-05T15:59:59Z"  # Fri 1, Mon 4, Tue 5
    assert "calendar_fallback" in case.flags


def test_only_the_platform_operator_loads_a_well_formed_schedule(deps, demo):
    for staff_member in (Principal(role="mediator", mediator_id="m-wang"), Principal(role="org_admin", org_id="xx-sme"),
                         Principal(role="court_clerk", court_id="weibin")):
        with pytest.raises(Forbidden):
            load_calendar(deps, staff_member, 2027, SCHEDULE_2027)
    assert deps.roster.calendar(2027) is None
    with pytest.raises(Unprocessable):  # well-formed, as the published schema says, but of another year
        load_calendar(deps, OPERATOR, 2027, {"holidays": ["2026-12-31"]})


def test_operators_load_a_schedule_over_http_without_a_deploy(client, deps, demo, new_year_eve):
    from tests.integration.http import staff

    admin = staff("platform_admin")
    loaded = client.http.put("/calendars/2027", body=json.dumps(SCHEDULE_2027),
                             headers={**admin, "Content-Type": "application/json"})
    assert loaded.status_code == 200, loaded.body
    assert assigned_case(deps).deadlines["acceptance"] == "2027-01-07T15:59:59Z"
    for year, body in (("27", SCHEDULE_2027), ("2027", {"holidays": "2027-01-01"})):
        refused = client.http.put(f"/calendars/{year}", body=json.dumps(body),
                                  headers={**admin, "Content-Type": "application/json"})
        assert refused.status_code == 400
        assert refused.json_body["error"]["code"] in ("invalid_year", "invalid_calendar")


def test_a_loaded_schedule_corrects_a_year_the_library_ships_with(client, deps, demo):
    """A correction for a bundled year (2026) counts at once: Tuesday 2026-03-03 declared a holiday."""
    from tests.integration.http import staff

    loaded = client.http.put("/calendars/2026", body=json.dumps({"holidays": ["2026-03-03"], "workdays": []}),
                             headers={**staff("platform_admin"), "Content-Type": "application/json"})
    assert loaded.status_code == 200, loaded.body
    # Assigned Monday 2026-03-02: Wed 4, Thu 5, Fri 6 (the library alone would say Thursday 03-05).
    assert assigned_case(deps).deadlines["acceptance"] == "2026-03-06T15:59:59Z"
