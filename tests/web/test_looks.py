"""How the pages and the court documents look, in Chromium.

Each page, in the states a person meets, at phone (390×844) and desktop (1280×800) size; each document on a
phone and printed to A4 (out/documents/). `make screenshots` saves them all as pictures in out/screenshots/
for a person to look at; the tests check what a picture would show wrong: nothing wider than the screen or
the printed page (no sideways scrolling) and no serious accessibility violation (axe-core, WCAG 2.1 AA).
The API is answered by Playwright's route interception with the cases of the document tests.
"""
import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from chalicelib.rendering.documents import render_document
from chalicelib.web.pages import PAGES, render_page
from tests.rendering.rendering_cases import SNAPSHOTS, context_for, direct_company_case
from tests.web.conftest import DESKTOP, PHONE, ROOT, axe_violations, look, print_a4
from tests.web.test_browser import _mediator_jwt

ORIGIN = "http://sutiao.test"  # never resolved: every request is answered by the route below


def _case(status: str) -> dict:
    case = direct_company_case()
    return {**case, "status": status, "mediator_id": case["mediator"]["mediator_id"], "flags": [], "consents": [],
            "documents": [], "deadlines": {"mediation": "2026-12-20T15:59:59+00:00"},
            "history": [{"at": "2026-11-18T02:00:00+00:00", "actor": "party", "from_status": None,
                         "to_status": "received", "reason": "received from party"},
                        {"at": "2026-11-18T02:05:00+00:00", "actor": "system", "from_status": "received",
                         "to_status": "pending_assignment", "reason": "in scope"}]}


def _asked(case: dict) -> dict:
    """The respondent's view of a case in mediation: asked to consent, to answer disclosures and an extension."""
    me = case["respondents"][0]["name"]
    basis = {"kind": "designated", "joint_choice": "m-li", "not_chosen_because": ["no_specialty"],
             "why": ["当事人共同选定的调解员不承办这类纠纷，由调解组织另行指定", "擅长本案纠纷类型，目前承办1件（可承办5件）"]}
    return {**case, "you": me, "assignment_basis": basis, "disclosures": ["本人三年前曾担任申请人的法律顾问"], "disclosure_answers": {},
            "respondent_consent": {"answers": {}, "waiting_for": [me], "channels": {}},
            "extension": {"days": 10, "reason": "双方需要核对账目", "state": "proposed", "answers": {},
                          "waiting_for": [me], "proposed_at": "2026-11-20T02:00:00Z"}}


CASE_ID = direct_company_case()["case_id"]
CASE_LIST = {"cases": [{"case_id": CASE_ID, "status": "assigned", "applicants": ["新乡市瑞丰农业科技股份有限公司"],
                        "respondents": ["新乡市卓越物流有限公司", "李明"]}]}
MEDIATING = {("GET", "/cases"): CASE_LIST, ("GET", f"/cases/{CASE_ID}"): _case("mediating")}
# scene: (address, API answers by (method, path), what a person clicks or None, what shows then)
SCENES = {
    "landing": ("/", {}, None, "main h1"),
    "apply-upload": ("/apply", {}, None, "#upload"),
    "apply-fill": ("/apply#fill", {}, None, "#fill"),
    "apply-fill-incomplete": ("/apply#fill", {}, "#fill-form button[type=submit]", "#fill-msg.bad"),
    "my-case-lookup": ("/my-case", {}, None, "#lookup"),
    "my-case-settled": (f"/my-case?case={CASE_ID}#token=t", {("GET", f"/cases/{CASE_ID}"): _case("settled")},
                        None, "#confirm"),
    "my-case-choices": (f"/my-case?case={CASE_ID}#token=t", {("GET", f"/cases/{CASE_ID}"): _asked(_case("mediating"))},
                        None, "#xc"),
    "my-case-why-this-mediator": (f"/my-case?case={CASE_ID}#token=t",
                                  {("GET", f"/cases/{CASE_ID}"): _asked(_case("mediating"))}, None,
                                  "#c-facts dd >> text=由调解组织另行指定"),
    "mediator-login": ("/mediator", {}, None, "#login"),
    "mediator-respondent-consent": (f"/mediator?case={CASE_ID}#token={_mediator_jwt()}",
                                    {**MEDIATING, ("GET", f"/cases/{CASE_ID}"): {**_case("mediating"),
                                     "respondent_consent": {"answers": {}, "waiting_for": ["新乡市卓越物流有限公司"],
                                                            "channels": {}}}}, None, "#consent"),
    "staff-login": ("/login", {}, None, "#sign-in"),
    "staff-login-incomplete": ("/login", {}, "#login-form button[type=submit]", "#login-msg.bad"),
    "set-password": ("/set-password#token=t", {}, None, "#set"),
    "mediator-case": (f"/mediator?case={CASE_ID}#token={_mediator_jwt()}", MEDIATING, None, "#agreement"),
    "mediator-ending": (f"/mediator?case={CASE_ID}#token={_mediator_jwt()}", MEDIATING, "#ending summary",
                        "#failed-form"),
}


def _serve(page, answers: dict) -> None:
    def handle(route):
        target = urlsplit(route.request.url)
        if route.request.method == "GET" and target.path in PAGES:
            query = dict(part.split("=", 1) for part in target.query.split("&") if "=" in part)
            route.fulfill(content_type="text/html; charset=utf-8", body=render_page(target.path, None, query))
            return
        answer = answers.get((route.request.method, target.path))
        route.fulfill(status=200 if answer else 404, content_type="application/json",
                      body=json.dumps(answer or {"error": {"code": "not_found", "message": "no such route"}}))
    page.route(f"{ORIGIN}/**", handle)


def _fits_its_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("scene", SCENES)
def test_every_page_fits_the_screen_and_passes_axe(page, scene):
    """At phone size, then the same page widened to desktop size (the layout follows the width alone)."""
    address, answers, click, ready = SCENES[scene]
    _serve(page, answers)
    page.goto(ORIGIN + address)
    if click:
        page.locator(click).click()
    expect(page.locator(ready)).to_be_visible()
    assert axe_violations(page) == []
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        look(page, f"{scene}-{size}")
        assert _fits_its_width(page), f"{scene} scrolls sideways at {size} size"


A4_POINTS = (595, 842)  # 210 × 297 mm
A4_TEXT_WIDTH_PX = round((210 - 28 - 26) / 25.4 * 96)  # inside the @page margins of templates/base.html


@pytest.mark.parametrize("snapshot, document, build, invited", SNAPSHOTS,
                         ids=[f"{s[0]}--{s[1]}" for s in SNAPSHOTS])
def test_every_document_fits_a_phone(page, snapshot, document, build, invited):
    page.set_content(render_document(document, context_for(document, build(), invited)).html)
    look(page, f"document-{snapshot}--{document}-phone")
    assert _fits_its_width(page), f"{snapshot}--{document} scrolls sideways on a phone"


# Each document once, with its case of the most parties or the longest record.
PRINTED = {(snapshot, document): (build, invited) for snapshot, document, build, invited in SNAPSHOTS
           if (snapshot, document) in {("direct-company", "confirmation-application"),
                                       ("direct-company", "party-confirmation"),
                                       ("entrusted", "mediation-document-request"),
                                       ("failed-delegated", "failure-record"),
                                       ("time-limit", "failure-record")}}


@pytest.mark.parametrize("snapshot, document", sorted(PRINTED), ids=[f"{s}--{d}" for s, d in sorted(PRINTED)])
def test_every_document_passes_axe_and_prints_on_a4_within_its_margins(desktop_page, snapshot, document):
    """As a court clerk opens and prints it, on a desktop browser."""
    page, (build, invited) = desktop_page, PRINTED[(snapshot, document)]
    page.set_content(render_document(document, context_for(document, build(), invited)).html)
    assert axe_violations(page) == []
    sizes, _ = print_a4(page, ROOT / "out" / "documents" / f"{snapshot}--{document}.pdf",
                        f"document-{snapshot}--{document}")
    assert sizes == {A4_POINTS}
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1000})
    assert _fits_its_width(page), f"{snapshot}--{document} runs past the printed page's margins"
