"""The organization admin's console, case sections (issue 14), in Chromium over the real local stack
(`make run`'s process, its seeded accounts): the admin signs in at /login as xx-sme-admin, clears intake items
(corrects a field and sends one on, refuses another with a reason), finds a case in the deadline-ordered
list and reassigns it — each checked through the API afterwards. Every section is checked by axe at phone
and desktop size, without horizontal scroll at 200% zoom, and pictured once for a person to look at.
"""
from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.client import Client, LocalStack
from tests.integration.support import APPLICANT, application_fields
from tests.web.conftest import DESKTOP, PHONE, axe_violations, browser_page, look, sign_in

pytestmark = pytest.mark.slow
ZOOMED = {"width": 640, "height": 400}  # 1280×800 CSS pixels at 200 % zoom
_PHONES = itertools.count(1)


@pytest.fixture(scope="module")
def admin_api(local_stack) -> Client:
    return Client(local_stack.base_url).as_staff("org_admin", org_id="xx-sme")


def _application(stack: LocalStack, **fields) -> tuple[str, str]:
    """A public application nobody verified (it waits in the intake queue): (case_id, the applicant's phone)."""
    phone = f"1370000{next(_PHONES):04d}"
    applied = Client(stack.base_url).post("/applications", application_fields(
        applicants=[{**APPLICANT, "phone": phone}], **fields))
    assert applied.status_code == 201 and applied.json()["status"] == "received", applied.text
    return applied.json()["case_id"], phone


def _mediating(stack: LocalStack, ref: str) -> str:
    """A court's case m-wang accepted (the parties' joint choice), through the stack's own steps."""
    api = Client(stack.base_url)
    created = api.webhook("weibin", stack.court_secret, {
        "event_id": f"ev-admin-{ref}", "type": "case.delegated",
        "data": {"court_case_ref": f"（2026）豫0703诉前调{ref}号", **application_fields(mediator_id="m-wang")}})
    assert created.status_code == 202, created.text
    case_id = created.json()["case_id"]
    wang = api.as_staff("mediator", mediator_id="m-wang")
    assert wang.wait_for(f"/cases/{case_id}", lambda r: r.json().get("status") == "assigned").json()["status"] == "assigned"
    assert wang.post(f"/cases/{case_id}/acceptance", {"decision": "accept"}).status_code == 200
    return case_id


def _sign_in(page, base: str, section: str = "") -> None:
    sign_in(page, base, "xx-sme-admin", "/admin" + (f"#{section}" if section else ""))
    page.wait_for_url(re.compile(rf"{re.escape(base)}/admin"))


def _checked(page, name: str) -> None:
    """axe finds nothing, nothing scrolls sideways, and one picture of it for a person to look at."""
    assert axe_violations(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), name
    width = page.viewport_size["width"]
    if width != ZOOMED["width"]:
        look(page, f"admin-{name}-{width}")


def test_the_admin_corrects_and_sends_on_one_application_and_refuses_another(browser, local_stack, admin_api):
    base = local_stack.base_url
    sent_id, _ = _application(local_stack, claim_amount="41679.00")
    refused_id, refused_phone = _application(local_stack)
    with browser_page(browser, DESKTOP, "admin-intake") as page:
        _sign_in(page, base, "intake")
        item = page.locator(f"#intake-{sent_id}")
        expect(item).to_contain_text("手机号未验证")
        expect(item).to_contain_text("41,679.00 元")
        _checked(page, "intake")
        item.get_by_role("button", name="修改内容").click()
        assert axe_violations(page) == []  # the edit form's labels
        item.get_by_label("请求金额（元）").fill("40000")
        item.get_by_role("button", name="保存修改").click()
        expect(item).to_contain_text("已保存修改")
        expect(item).to_contain_text("40,000.00 元")
        item.get_by_role("button", name="受理并分派").click()
        expect(item).to_contain_text("已受理，正在分派调解员")

        other = page.locator(f"#intake-{refused_id}")
        other.get_by_role("button", name="不予受理").click()
        other.get_by_label(re.compile("不予受理的原因")).fill("纠纷已由法院立案受理")
        other.get_by_role("button", name="确认不予受理").click()
        expect(other).to_contain_text("已不予受理")

    sent = admin_api.wait_for(f"/cases/{sent_id}", lambda r: r.json()["status"] == "assigned").json()
    assert sent["status"] == "assigned" and sent["claim_amount"] == "40000.00"
    assert sent["intake_decision"]["decision"] == "send_on"
    assert any(h["reason"] == "corrected: claim_amount" for h in sent["history"])
    refused = admin_api.get(f"/cases/{refused_id}").json()
    assert refused["status"] == "closed" and refused["intake_decision"]["reason"] == "纠纷已由法院立案受理"
    told = Client(base).get("/_local/messages", to=refused_phone).json()["messages"]
    assert any("未予受理" in m["text"] and "纠纷已由法院立案受理" in m["text"] for m in told)
    queue = [i["case_id"] for i in admin_api.get("/intake").json()["items"]]
    assert sent_id not in queue and refused_id not in queue


def test_the_admin_finds_a_case_by_its_deadline_and_reassigns_it(browser, local_stack, admin_api):
    base = local_stack.base_url
    case_id = _mediating(local_stack, "31")
    with browser_page(browser, DESKTOP, "admin-cases") as page:
        _sign_in(page, base, "cases")
        page.locator("#cf-mediator").select_option("m-wang")
        page.get_by_role("button", name="查询").click()
        expect(page.locator("#cases-table")).to_contain_text(case_id)
        _checked(page, "cases")
        page.get_by_role("link", name=case_id).click()
        page.wait_for_url(f"{base}/admin#case/{case_id}")
        expect(page.locator("#case-body")).to_contain_text("调解期限")
        expect(page.locator("#case-body")).to_contain_text(APPLICANT["name"])
        _checked(page, "case")
        page.locator("#ca-mediator").select_option("m-zhang")
        page.get_by_label("改派原因").fill("当事人申请调解员回避")
        page.get_by_role("button", name="改派", exact=True).click()
        expect(page.locator("#case-msg")).to_contain_text("已完成：改派调解员")
        expect(page.locator("#case-body")).to_contain_text("张志强")

    case = admin_api.get(f"/cases/{case_id}").json()
    assert case["mediator_id"] == "m-zhang" and case["status"] == "assigned"
    assert any(h["reason"] == "reassigned: 当事人申请调解员回避" for h in case["history"])
    told = Client(base).get("/_local/messages", to=APPLICANT["phone"]).json()["messages"]
    assert any(case_id in m["text"] and "改由调解员张志强" in m["text"] for m in told)


@pytest.mark.parametrize("viewport", [PHONE, ZOOMED], ids=["phone", "zoomed-200"])
def test_each_case_section_reads_on_a_phone_and_at_200_percent(browser, local_stack, viewport):
    base = local_stack.base_url
    _application(local_stack)
    case_id = _mediating(local_stack, f"4{viewport['width']}")
    with browser_page(browser, viewport, f"admin-sections-{viewport['width']}") as page:
        _sign_in(page, base, "intake")
        expect(page.locator(".intake-item").first).to_be_visible()
        _checked(page, "intake")
        page.goto(f"{base}/admin#cases")
        expect(page.locator("#cases-table tbody tr").first).to_be_visible()
        _checked(page, "cases")
        page.goto(f"{base}/admin#case/{case_id}")
        expect(page.locator("#case-body")).to_contain_text("改派调解员")
        _checked(page, "case")
