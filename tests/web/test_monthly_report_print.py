"""The joint meeting's monthly report (GET /reports/monthly) printed to A4 in Chromium."""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain.roster import Court
from chalicelib.services.monthly_report import monthly_report
from chalicelib.services.roster import DEMO_COURT, DEMO_MEDIATORS, DEMO_ORG
from tests.integration.support import Clock
from tests.reports.fakes import FakeReports
from tests.reports.generate import generate
from tests.unit.fakes import FakeRoster, fake_deps
from tests.web.conftest import ROOT, axe_violations, print_a4

A4_POINTS = (595, 842)
A4_TEXT_WIDTH_PX = round((210 - 15 - 15) / 25.4 * 96)  # inside the report's @page margins


def _report_html() -> str:
    clock = Clock()
    hongqi = Court(**{**vars(DEMO_COURT), "court_id": "hongqi", "name": "新乡市红旗区人民法院"})
    roster = FakeRoster(mediators=[type(m)(**vars(m)) for m in DEMO_MEDIATORS], courts=[DEMO_COURT, hongqi],
                        organizations=[DEMO_ORG])
    deps = fake_deps(roster, reports=FakeReports(), clock=clock)
    generate(deps, clock, [m.mediator_id for m in DEMO_MEDIATORS], n=60)
    clock.now = clock.now.replace(month=4, day=30)
    return monthly_report(deps, Principal("org_admin", org_id="xx-sme"), {"month": "2026-03"}, "n0nce")


def test_the_monthly_report_prints_on_a4_within_its_margins_and_passes_axe(desktop_page):
    page = desktop_page
    page.set_content(_report_html())
    assert axe_violations(page) == []
    sizes, text = print_a4(page, ROOT / "out" / "documents" / "monthly-report.pdf", "monthly-report")
    assert sizes == {A4_POINTS}
    assert "月度报告" in text
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1000})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
