"""The consoles' shell (templates/web/console.html, console.js) in Chromium: who may see a console, the way
back after signing in, and the hash routing between sections; the sections themselves have their own tests.
The API is the fake of test_browser (real pages over HTTP on 127.0.0.1, canned answers)."""
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, axe_violations, look
from tests.web.test_browser import fake_api  # noqa: F401  (the fixture)


def _signed_in(role: str, **scope) -> dict:
    expires = (datetime.now(timezone.utc) + timedelta(hours=8)).isoformat()
    return {"token": f"token-of-{role}", "role": role, "expires_at": expires, "username": f"{role}-user", **scope}


def _sign_in(page, fake_api, answer: dict, address: str) -> None:
    fake_api.answer("POST", "/auth/login", (200, answer))
    page.goto(fake_api.base + address)
    page.get_by_label("用户名").fill(answer["username"])
    page.get_by_label("密码").fill("demo-password")
    page.get_by_role("button", name="登录").click()


@pytest.mark.parametrize("console, role, scope", [("/admin", "org_admin", {"org_id": "xx-sme"}),
                                                  ("/court", "court_clerk", {"court_id": "weibin"})])
def test_a_console_without_a_session_sends_to_sign_in_and_back_to_the_same_section(page, fake_api, console, role,
                                                                                    scope):
    page.goto(f"{fake_api.base}{console}#cases")
    expect(page.locator("#console-login")).to_contain_text("请先登录")
    expect(page.locator("#s-cases")).to_be_hidden()
    page.get_by_role("link", name="去登录").click()
    page.wait_for_url(f"{fake_api.base}/login?next=%2F{console[1:]}%23cases")

    page.get_by_label("用户名").fill("someone")
    fake_api.answer("POST", "/auth/login", (200, _signed_in(role, **scope)))
    page.get_by_label("密码").fill("demo-password")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{fake_api.base}{console}#cases")
    expect(page.locator("#s-cases")).to_be_visible()
    expect(page.locator("#console-who")).to_contain_text(next(iter(scope.values())))
    expect(page.locator('[data-nav="cases"]')).to_have_attribute("aria-current", "page")
    assert axe_violations(page) == []


def test_signing_in_lands_each_role_on_its_own_console(page, fake_api):
    _sign_in(page, fake_api, _signed_in("court_clerk", court_id="weibin"), "/login")
    page.wait_for_url(f"{fake_api.base}/court")
    expect(page.locator("#s-cases")).to_be_visible()


def test_a_next_address_for_another_role_or_another_site_is_not_followed(page, fake_api):
    _sign_in(page, fake_api, _signed_in("org_admin", org_id="xx-sme"), "/login?next=%2F%2Fevil.example%2Fadmin")
    page.wait_for_url(f"{fake_api.base}/admin")
    page.evaluate("sessionStorage.clear()")
    _sign_in(page, fake_api, _signed_in("org_admin", org_id="xx-sme"), "/login?next=%2Fcourt%23cases")
    page.wait_for_url(f"{fake_api.base}/admin")


def test_a_clerk_at_the_organizations_console_is_told_whose_console_it_is(page, fake_api):
    _sign_in(page, fake_api, _signed_in("court_clerk", court_id="weibin"), "/login")
    page.wait_for_url(f"{fake_api.base}/court")
    page.goto(f"{fake_api.base}/admin#roster")
    expect(page.locator("#console-login")).to_contain_text("调解组织管理员的工作台")
    expect(page.locator("section.console-section:visible")).to_have_count(0)


def test_the_nav_moves_between_sections_and_the_address_keeps_the_place(browser, fake_api):
    from tests.web.conftest import browser_page

    with browser_page(browser, DESKTOP, "console-nav") as page:
        _sign_in(page, fake_api, _signed_in("org_admin", org_id="xx-sme"), "/login")
        page.wait_for_url(f"{fake_api.base}/admin")
        expect(page.locator("#s-intake")).to_be_visible()  # the first section when the address names none
        page.get_by_role("navigation", name="工作台").get_by_role("link", name="调解员").click()
        expect(page.locator("#s-roster")).to_be_visible()
        expect(page.locator("#s-intake")).to_be_hidden()
        assert page.evaluate("document.activeElement.id") == "h-roster"  # a screen reader hears where it is
        page.reload()
        expect(page.locator("#s-roster")).to_be_visible()
        look(page, "console-shell-desktop")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_dashboard_address_signs_in_and_then_opens_each_persons_own_console(page, fake_api):
    _sign_in(page, fake_api, _signed_in("court_clerk", court_id="weibin"), "/dashboard")
    page.wait_for_url(f"{fake_api.base}/court")
    page.goto(f"{fake_api.base}/dashboard")  # signed in already: straight through
    page.wait_for_url(f"{fake_api.base}/court")
    expect(page.locator("#s-cases")).to_be_visible()
