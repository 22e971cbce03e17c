"""The organization admin's console, roster side (issue 14), in headless Chromium against the real local stack
(`make run`'s process and its seeded accounts): xx-sme-admin signs in at /login, removes a mediator (除名, with
a reason and a confirmation step) and downloads the statistics CSV; edits a mediator and invites a colleague.
Each journey is checked through the API afterwards. Every section passes axe at phone and desktop size and has
no horizontal scroll at 200% zoom.
"""
from __future__ import annotations

import csv
import io
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.client import Client, LocalStack
from tests.integration.support import application_fields
from tests.web.conftest import DESKTOP, PHONE, axe_violations, browser_page, look, sign_in

pytestmark = pytest.mark.slow

SECTIONS = ("roster", "mediator/m-zhang", "reports", "settings")
ZOOMED = {"width": 640, "height": 400}  # 1280×800 at 200% zoom


def _signed_in(page, stack: LocalStack, section: str = "roster") -> str:
    """Sign in as the organization's admin on the sign-in page; the session token the tab keeps."""
    sign_in(page, stack.base_url, "xx-sme-admin", f"/admin#{section}")
    page.wait_for_url(re.compile(r"/admin#"))
    return page.evaluate("JSON.parse(sessionStorage.getItem('sutiao.staff.session')).token")


def _standing(api: Client, mediator_id: str) -> str:
    return next(m for m in api.get("/mediators").json()["mediators"] if m["mediator_id"] == mediator_id)["status"]


def _delegate(stack: LocalStack, n: int) -> str:
    """A contract case the court delegates, once the stack assigned it: its mediator."""
    return _delegated_case(stack, n)["mediator_id"]


def _delegated_case(stack: LocalStack, n: int) -> dict:
    """A contract case the court delegates, as the clerk reads it once the stack assigned it."""
    api = Client(stack.base_url)
    created = api.webhook("weibin", stack.court_secret, {
        "event_id": f"ev-admin-roster-{n}", "type": "case.delegated",
        "data": {"court_case_ref": f"（2026）豫0703诉前调{n}号", **application_fields(dispute_category="contract")}})
    assert created.status_code == 202, created.text
    clerk = api.as_staff("court_clerk", court_id="weibin")
    return clerk.wait_for(f"/cases/{created.json()['case_id']}", lambda r: r.json().get("mediator_id")).json()


def test_the_admin_removes_a_mediator_who_then_gets_no_new_case(local_stack, browser):
    api = Client(local_stack.base_url).as_staff("org_admin", org_id="xx-sme")
    with browser_page(browser, DESKTOP, name="admin-removal") as page:
        _signed_in(page, local_stack)
        expect(page.locator("#roster-list tr")).to_have_count(4)
        page.get_by_role("link", name="王建国（m-wang）").click()
        expect(page.locator("#h-mediator")).to_have_text("调解员档案：王建国")
        page.locator("#s-mediator").get_by_label("处理方式").select_option("removal")
        page.locator("#s-mediator").get_by_label("理由").fill("收受当事人财物，查证属实")
        page.get_by_role("button", name="下一步：确认").click()
        expect(page.locator("#ms-confirm-text")).to_contain_text("确认对 王建国 作出「除名」吗？")
        assert axe_violations(page) == []  # the confirmation step too
        assert _standing(api, "m-wang") == "active"  # nothing is sent until it is confirmed
        page.get_by_role("button", name="确认提交").click()
        expect(page.locator("#ms-msg")).to_contain_text("调解员现在的状态：已除名")
        expect(page.locator("#md-sanctions")).to_contain_text("除名：收受当事人财物，查证属实")
        expect(page.locator("#md-sanction-none")).to_be_visible()

    assert _standing(api, "m-wang") == "removed"
    sanctions = api.get("/mediators/m-wang/performance").json()["sanctions"]
    assert [(s["kind"], s["reason"]) for s in sanctions] == [("removal", "收受当事人财物，查证属实")]
    # m-wang was the first contract mediator; a new contract case goes to another, every time
    assert {_delegate(local_stack, n) for n in (1, 2)} <= {"m-zhang"}


def test_the_admin_downloads_the_statistics_csv_with_the_figures_of_the_api(local_stack, browser, tmp_path):
    _delegate(local_stack, 3)
    with browser_page(browser, DESKTOP, name="admin-csv") as page:
        token = _signed_in(page, local_stack, "reports")
        expect(page.locator("#rp-totals")).to_contain_text("收案")
        expect(page.locator("#rp-chart-months svg")).to_have_count(1)
        period = {"from": page.locator("#rp-from").input_value(), "to": page.locator("#rp-to").input_value()}
        with page.expect_download() as downloading:
            page.get_by_role("button", name="下载统计表（CSV）").click()
        download = downloading.value
        assert download.suggested_filename == f"统计表-{period['from']}-{period['to']}.csv"
        saved = tmp_path / "statistics.csv"
        download.save_as(saved)
        with page.expect_popup() as opening:  # the printable monthly report, fetched with the session
            page.get_by_role("button", name="打开可打印的月度报告").click()
        report = opening.value
        expect(report.locator("h1")).to_contain_text("月度报告")
        # its own stylesheet applies (the A4 sheet on grey), the session's token never in its address
        assert report.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(238, 238, 238)"
        assert report.url.startswith("blob:") and token not in report.url
    from_api = requests.get(f"{local_stack.base_url}/reports/statistics", params={**period, "format": "csv"},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert from_api.status_code == 200
    assert saved.read_bytes() == from_api.content  # the session's own figures, as the API gives them
    assert saved.read_bytes().startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
    header = next(r for r in rows if r[:2] == ["维度", "项目"])
    total = next(r for r in rows if r[0] == "合计")
    figures = requests.get(f"{local_stack.base_url}/reports/statistics", params=period,
                           headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["totals"]["counts"]
    assert int(total[header.index("收案")]) == figures["received"] >= 1  # this test's case at least


def test_the_admin_edits_a_mediator_and_invites_a_colleague(local_stack, browser):
    api = Client(local_stack.base_url).as_staff("org_admin", org_id="xx-sme")
    with browser_page(browser, PHONE, name="admin-edit") as page:
        _signed_in(page, local_stack, "mediator/m-li")
        entry = page.locator("#s-mediator")
        expect(entry.get_by_label("姓名")).to_have_value("李秀兰")
        entry.get_by_label("同时办理案件上限").fill("8")
        entry.locator("#me-specialties").get_by_label("金融").check()
        entry.get_by_role("button", name="保存修改").click()
        expect(page.locator("#me-msg")).to_have_text("已保存。")

        page.goto(f"{local_stack.base_url}/admin#settings")
        expect(page.locator("#st-accounts")).to_contain_text("xx-sme-admin")
        invite = page.locator("#st-invite")
        invite.get_by_label("对应的调解员").select_option("m-li")
        invite.get_by_label("用户名").fill("li-xiulan")
        invite.get_by_label("姓名").fill("李秀兰")
        invite.get_by_role("button", name="生成邀请链接").click()
        expect(page.locator("#si-msg .token")).to_contain_text("/set-password#token=")
        expect(page.locator("#st-accounts")).to_contain_text("li-xiulan")
        assert axe_violations(page) == []  # with the link shown once
    li = next(m for m in api.get("/mediators").json()["mediators"] if m["mediator_id"] == "m-li")
    assert li["capacity"] == 8 and "financial" in li["specialties"] and li["status"] == "active"
    listed = {a["username"]: a for a in api.get("/accounts").json()["accounts"]}
    assert listed["li-xiulan"]["status"] == "invited" and listed["li-xiulan"]["mediator_id"] == "m-li"


def test_a_suspension_stops_new_cases_until_the_mediator_is_reinstated(local_stack, browser):
    api = Client(local_stack.base_url).as_staff("org_admin", org_id="xx-sme")

    def sanction(page, kind: str, reason: str) -> None:
        entry = page.locator("#s-mediator")
        entry.get_by_label("处理方式").select_option(kind)
        entry.get_by_role("textbox", name="理由").fill(reason)
        entry.get_by_role("button", name="下一步：确认").click()
        entry.get_by_role("button", name="确认提交").click()

    with browser_page(browser, DESKTOP, name="admin-suspension") as page:
        _signed_in(page, local_stack, "mediator/m-zhao")
        expect(page.locator("#h-mediator")).to_have_text("调解员档案：赵丽娟")
        sanction(page, "suspension", "涉嫌违规，暂停核查")
        expect(page.locator("#ms-msg")).to_contain_text("调解员现在的状态：暂停")
        assert _standing(api, "m-zhao") == "suspended"
        expect(page.locator("#ms-kind option")).to_have_text(["警告", "通报批评", "恢复", "除名"])
        sanction(page, "reinstatement", "核查完毕，未发现违规")
        expect(page.locator("#ms-msg")).to_contain_text("调解员现在的状态：在册")
    assert _standing(api, "m-zhao") == "active"
    kinds = [s["kind"] for s in api.get("/mediators/m-zhao/performance").json()["sanctions"]]
    assert sorted(kinds) == ["reinstatement", "suspension"]  # within one second the file cannot order them


def test_the_admin_answers_a_complaint_and_decides_a_court_report_on_the_mediators_page(local_stack, browser):
    api = Client(local_stack.base_url)
    case = _delegated_case(local_stack, 4)
    mediator = api.as_staff("mediator", mediator_id=case["mediator_id"])
    assert mediator.post(f"/cases/{case['case_id']}/acceptance", {"decision": "accept"}).status_code == 200
    party = api.as_token(mediator.post(f"/cases/{case['case_id']}/invitations").json()["invitations"][0]["party_token"])
    assert party.post(f"/cases/{case['case_id']}/complaints", {"text": "调解员多次迟到"}).status_code == 201
    clerk = api.as_staff("court_clerk", court_id="weibin")
    assert clerk.post(f"/mediators/{case['mediator_id']}/reports", {"reason": "庭前调解中偏袒一方"}).status_code == 202
    with browser_page(browser, PHONE, name="admin-answers") as page:
        _signed_in(page, local_stack)
        expect(page.locator("#roster-complaints")).to_contain_text("调解员多次迟到")
        page.locator("#roster-complaints a").first.click()
        complaints = page.locator("#md-complaints")
        complaints.get_by_label("答复").fill("已约谈调解员，责令改正")
        complaints.get_by_role("button", name="提交答复").click()
        expect(complaints).to_contain_text("已答复")
        reports = page.locator("#md-reports")
        reports.get_by_label("处理决定").select_option("dismiss")
        reports.get_by_label("说明").fill("经核查不属实")
        reports.get_by_role("button", name="提交决定").click()
        expect(reports).to_contain_text("已处理：不予处分，经核查不属实")
        assert axe_violations(page) == []
    admin = api.as_staff("org_admin", org_id="xx-sme")
    answered = admin.get("/complaints", state="answered").json()["complaints"]
    assert [(c["case_id"], c["answer"]) for c in answered] == [(case["case_id"], "已约谈调解员，责令改正")]
    decided = [r for r in admin.get("/mediator-reports").json()["reports"] if r["mediator_id"] == case["mediator_id"]]
    assert [(r["decision"], r["note"]) for r in decided] == [("dismiss", "经核查不属实")]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP, ZOOMED], ids=["phone", "desktop", "zoom200"])
def test_every_roster_section_is_accessible_and_fits(local_stack, browser, viewport):
    with browser_page(browser, viewport, name=f"admin-sections-{viewport['width']}") as page:
        _signed_in(page, local_stack)
        for section in SECTIONS:
            page.goto(f"{local_stack.base_url}/admin#{section}")
            page.reload()  # the hash alone does not reload; the section shows on its own
            root = page.locator(f"#s-{section.split('/')[0]}")
            expect(root).to_be_visible()
            page.wait_for_load_state("networkidle")
            assert axe_violations(page) == [], section
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{section} scrolls sideways by {overflow}px at {viewport}"
            look(page, f"admin-{section.split('/')[0]}-{viewport['width']}")
