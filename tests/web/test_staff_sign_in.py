"""A mediator signs in on a phone (390×844, headless Chromium through Playwright) with username and password
against the real local stack (`make run`'s process, its seeded accounts, CONTRACT R2 §3), sees the case list,
and signs out, which ends the session on the server too (issue 11 "Staff accounts").
"""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from chalicelib.services.accounts import DEMO_PASSWORD
from tests.e2e.client import Client, LocalStack
from tests.integration.support import application_fields
from tests.web.conftest import screenshot

pytestmark = pytest.mark.slow


def _assigned_case(stack: LocalStack) -> tuple[str, str]:
    """A case the court delegates, once the stack's assignment step gave it a mediator: (case_id, mediator_id)."""
    api = Client(stack.base_url)
    created = api.webhook("weibin", stack.court_secret, {
        "event_id": "ev-staff-sign-in", "type": "case.delegated",
        "data": {"court_case_ref": "（2026）豫0703诉前调88号", **application_fields()}})
    assert created.status_code == 202, created.text
    case_id = created.json()["case_id"]
    clerk = api.as_staff("court_clerk", court_id="weibin")
    case = clerk.wait_for(f"/cases/{case_id}", lambda r: r.json().get("mediator_id")).json()
    assert case["mediator_id"], case
    return case_id, case["mediator_id"]


def test_a_mediator_signs_in_with_username_and_password_sees_the_cases_and_signs_out(local_stack, page):
    base = local_stack.base_url
    assert "sign in" in local_stack.log() and "demo-password" in local_stack.log()  # the banner names them
    case_id, mediator_id = _assigned_case(local_stack)

    page.goto(f"{base}/mediator")
    expect(page.locator("#login")).to_be_visible()  # no session in this tab yet
    page.get_by_role("link", name="去登录").click()
    page.wait_for_url(f"{base}/login")
    page.get_by_label("用户名").fill(mediator_id)
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#login-msg")).to_have_text("用户名或密码不对。请核对后重新输入。")

    page.get_by_label("密码").fill(DEMO_PASSWORD)
    screenshot(page, "staff-sign-in-form")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/mediator")
    expect(page.locator("#me-name")).to_have_text(mediator_id)
    expect(page.locator("#case-list")).to_contain_text(case_id)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    session = page.evaluate("JSON.parse(sessionStorage.getItem('sutiao.staff.session'))")
    assert session["role"] == "mediator" and session["mediator_id"] == mediator_id
    assert session["token"] not in page.url and session["token"] not in page.content()
    screenshot(page, "staff-signed-in")

    page.reload()  # the tab keeps the session
    expect(page.locator("#case-list")).to_contain_text(case_id)

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{base}/login")
    expect(page.locator("#sign-in")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('sutiao.staff.session')") is None
    ended = requests.get(f"{base}/cases", params={"mediator_id": mediator_id}, timeout=30,
                         headers={"Authorization": f"Bearer {session['token']}"})
    assert ended.status_code == 401 and ended.json()["error"]["code"] == "session_ended"
    page.goto(f"{base}/mediator")
    expect(page.locator("#login")).to_be_visible()


def test_an_admin_signs_in_lands_on_the_console_and_signs_out(local_stack, page):
    base = local_stack.base_url
    assert f"{base}/admin" in local_stack.log() and f"{base}/court" in local_stack.log()  # the banner names them
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill("xx-sme-admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/admin")
    expect(page.locator("#console-who")).to_contain_text("调解组织管理员（xx-sme）")
    page.goto(f"{base}/login")  # signed in already: the way back to the console
    expect(page.locator("#role")).to_have_text("身份：调解组织管理员（xx-sme）")
    expect(page.locator("#home")).to_have_attribute("href", f"{base}/admin")
    page.get_by_role("button", name="退出登录").click()
    expect(page.locator("#sign-in")).to_be_visible()
