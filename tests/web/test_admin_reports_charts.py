"""The reports section's charts (templates/web/admin/reports.js) in Chromium, against the fake API of test_browser
with statistics of known figures: each bar is the figure it stands for, and the text alternative says it."""
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from tests.web.conftest import axe_violations, look
from tests.web.test_browser import fake_api  # noqa: F401  (the fixture)

FACTS = ("received", "assigned", "accepted", "outcome:settled", "outcome:failed", "outcome:terminated",
         "confirmation_requested", "ruling:confirmed", "ruling:rejected", "filed", "closed")


def _month(value: str, settled: int, failed: int, terminated: int) -> dict:
    counts = {f: 0 for f in FACTS} | {"received": settled + failed + terminated + 1, "outcome:settled": settled,
                                      "outcome:failed": failed, "outcome:terminated": terminated}
    ended = settled + failed + terminated
    return {"value": value, "counts": counts, "success_rate": settled / ended if ended else None,
            "confirmation_rate": None}


def _statistics() -> dict:
    months = [_month("2026-01", 4, 1, 0), _month("2026-02", 2, 2, 1), _month("2026-03", 0, 0, 0)]
    totals = _month("", 6, 3, 1)
    return {"from": "2026-01", "to": "2026-03", "totals": totals, "by_month": months, "by_status": {},
            "durations": {"assignment": {"samples": 11, "median_hours": 2.0, "p90_hours": 20.0},
                          "acceptance": {"samples": 11, "median_hours": 30.0, "p90_hours": 70.0},
                          "outcome": {"samples": 10, "median_hours": 240.0, "p90_hours": 600.0},
                          "ruling": {"samples": 0, "median_hours": None, "p90_hours": None}},
            "confirmations": {"requested": 0, "confirmed": 0, "rejected": 0, "rate": None}}


def test_the_charts_draw_each_months_outcomes_rate_and_durations(desktop_page, fake_api):
    page = desktop_page
    fake_api.answer("GET", "/reports/statistics", (200, _statistics()))
    fake_api.answer("GET", "/reports/subsidies", (200, {"from": "2026-01", "to": "2026-03", "total": "600.00", "periods": [
        {"period": "2026-01", "closed": True, "total": "600.00",
         "by_mediator": [{"mediator_id": "m-wang", "name": "王建国", "cases": 3, "amount": "600.00"}], "rows": []}]}))
    expires = (datetime.now(timezone.utc) + timedelta(hours=8)).isoformat()
    page.goto(f"{fake_api.base}/login")
    page.evaluate("s => sessionStorage.setItem('sutiao.staff.session', JSON.stringify(s))",
                  {"token": "t", "role": "org_admin", "org_id": "xx-sme", "username": "xx-sme-admin",
                   "expires_at": expires})
    page.goto(f"{fake_api.base}/admin#reports")

    months = page.locator("#rp-chart-months svg")
    expect(months.locator("rect")).to_have_count(5)  # 4+1, 2+2+1, and nothing drawn for an empty month
    assert months.locator("rect title").all_text_contents() == [
        "1月调解成功 4 件", "1月调解不成功 1 件", "2月调解成功 2 件", "2月调解不成功 2 件", "2月终止 1 件"]
    heights = [float(h) for h in months.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('height'))")]
    assert heights[0] == 4 * heights[2] / 2 and heights[1] == heights[4]  # bars to scale
    assert page.locator("#rp-chart-rate svg rect title").all_text_contents() == ["1月 80%", "2月 40%"]
    assert "调解办结：中位数10 天，九成25 天（10 件）" in page.locator("#rp-chart-durations desc").text_content()
    expect(page.locator("#rp-totals")).to_contain_text("60%")
    expect(page.locator("#rp-ledger")).to_contain_text("王建国")
    assert fake_api.sent("GET", "/reports/statistics")[0]["authorization"] == "Bearer t"
    assert axe_violations(page) == []
    look(page, "admin-reports-charts-1280")
