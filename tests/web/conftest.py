"""A real browser for the page tests: Playwright for Python driving Debian's Chromium (installed by `make install`).

One Chromium per test process; each test gets a fresh context (no shared storage) at phone size, or at desktop
size through `desktop_page`. An uncaught script error on the page fails the test. There is no skip: without
/usr/bin/chromium these tests fail, because `make install` puts it there.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from chalicelib.services.accounts import DEMO_PASSWORD
from tests.e2e.client import LocalStack, start_local_stack

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, and this machine refuses every call.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "out" / "screenshots"
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # `make install` puts it there

TIMEOUT_MS = 10_000  # every wait is bounded; long enough for a loaded 2-core machine
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@contextmanager
def browser_page(browser: Browser, viewport: dict = PHONE, name: str = "page") -> Iterator[Page]:
    """A page in a context of its own (one person's browser), at phone size unless told; fails on script errors.

    When the block fails, the page is saved as out/screenshots/failed-NAME.png first.
    """
    mobile = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    except Exception:
        screenshot(page, f"failed-{name}")
        raise
    finally:
        context.close()
    assert not errors, f"uncaught script errors on the page: {errors}"


def _page_fixture(browser, request, viewport: dict) -> Iterator[Page]:
    with browser_page(browser, viewport) as page:
        yield page
        if getattr(request.node, "browser_test_failed", False):
            screenshot(page, f"{request.node.name}-failed")


@pytest.fixture
def page(browser, request) -> Page:
    """A fresh page at phone size (390×844), the size most parties use."""
    yield from _page_fixture(browser, request, PHONE)


@pytest.fixture
def desktop_page(browser, request) -> Page:
    """A fresh page at desktop size (1280×800)."""
    yield from _page_fixture(browser, request, DESKTOP)


@pytest.fixture(scope="module")
def local_stack() -> LocalStack:
    """`make run`'s process, one per test module: the journeys of one module share its data, no other's."""
    stack = start_local_stack()
    yield stack
    stack.stop(timeout=10)


def sign_in(page: Page, base: str, username: str, next_address: str = "") -> None:
    """A seeded staff member signs in on /login (going on to `next_address`, e.g. "/admin#roster")."""
    from urllib.parse import quote

    page.goto(f"{base}/login" + (f"?next={quote(next_address, safe='')}" if next_address else ""))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def fill_in(page: Page, fields: dict[str, str]) -> None:
    """Type each value into the field with that id, as a person would (input events fire)."""
    for field_id, value in fields.items():
        page.locator(f"#{field_id}").fill(value)


def _picture_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as out/screenshots/NAME.png (gitignored) for a person to look at."""
    path = _picture_path(name)
    page.screenshot(path=str(path), full_page=True)
    return path


def _looking() -> bool:
    """Pictures only when asked for (SUTIAO_SCREENSHOTS, set by `make screenshots`): nobody looks in CI."""
    return bool(os.environ.get("SUTIAO_SCREENSHOTS"))


def look(page: Page, name: str) -> None:
    if _looking():
        screenshot(page, name)


def look_image(image, name: str) -> None:
    """Save a PIL image (a printed page) beside the screenshots, when asked for."""
    if _looking():
        image.save(_picture_path(name))


def print_a4(page: Page, pdf_path: Path, picture: str) -> tuple[set, str]:
    """Print the page as Chromium would (its CSS page size), to `pdf_path`: the pages' sizes in points and the
    text; each printed page is also a picture (when asked for) named `picture`-a4-N."""
    import pypdfium2

    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=pdf_path, prefer_css_page_size=True)
    pdf = pypdfium2.PdfDocument(pdf_path)
    try:
        sizes = {tuple(round(side) for side in pdf[i].get_size()) for i in range(len(pdf))}
        for i in range(len(pdf)):
            look_image(pdf[i].render(scale=1.5).to_pil(), f"{picture}-a4-{i + 1}")
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return sizes, text


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's accessibility violations on the page as it is now, those of the given impacts.

    Each is {"id", "impact", "help", "targets"}; WCAG 2.1 A and AA rules only. axe is evaluated through
    DevTools rather than added as a <script> (`page.add_script_tag`), which a Content-Security-Policy
    without 'unsafe-inline' refuses.
    """
    page.evaluate(_axe_source())
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [" ".join(map(str, node["target"])) for node in v["nodes"]]}
            for v in result["violations"] if v["impact"] in impacts]
