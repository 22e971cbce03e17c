"""One case through the pages and the real app (moto in-process, Chalice's local HTTP server on 127.0.0.1):
a party applies on the form, the mediator accepts and uploads the agreement (first unsigned, then signed)
and invites the parties, and both parties confirm. Extraction is faked; everything else is the real code.
Each person has a browser context of their own (Playwright, Debian's Chromium).
"""
import re
import threading
from pathlib import Path

import pytest
from chalice import Chalice
from chalice.cli.factory import CLIFactory
from chalice.local import create_local_server
from playwright.sync_api import expect

import app as app_module
from chalicelib.auth import mint_token
from tests.integration.conftest import aws, clock, deps, extractor, moto_stack, notifier  # noqa: F401  (fixtures)
from tests.integration.http import run_step
from tests.integration.support import APPLICANT, RESPONDENT, agreement_extraction
from tests.web.conftest import browser_page, fill_in

ROOT = Path(app_module.__file__).resolve().parent


@pytest.fixture
def stack(deps, extractor):
    """The app over HTTP on 127.0.0.1 (a free port), on the lifecycle's moto-backed `deps`."""
    from chalicelib.services.roster import seed_demo

    seed_demo(deps)
    config = CLIFactory(project_dir=str(ROOT)).create_config_obj(chalice_stage_name="local")
    # chalice.local swaps the app's class for a subclass of it: a second server in the same process (this
    # fixture serves tests/web/test_admin_case_actions.py too) would find an inheritance cycle, so the app
    # enters and leaves as a plain Chalice (as in test_csp_browser).
    app_module.app.__class__ = Chalice
    server = create_local_server(app_module.app, config, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    host, port = server.server.server_address[:2]
    yield f"http://{host}:{port}", deps, extractor
    server.server.shutdown()
    server.server.server_close()
    app_module.app.__class__ = Chalice


def _apply(page, base: str) -> str:
    """Fill the form as the applicant (a person) against the respondent company; the link to the case."""
    page.goto(f"{base}/apply#fill")
    page.locator("input[name=a_kind][value=person]").check()
    fill_in(page, {"a_name": APPLICANT["name"], "a_address": APPLICANT["address"], "a_phone": APPLICANT["phone"],
                   "r_name": RESPONDENT["name"], "r_idno": RESPONDENT["credit_code"],
                   "r_address": RESPONDENT["address"], "r_rep": RESPONDENT["legal_representative"],
                   "claims": "请求被申请人支付货款41679元", "amount": "41679", "facts": "双方签订买卖合同，被申请人未付货款。"})
    page.locator("#category").select_option("contract")
    page.locator("#fill-form button[type=submit]").click()
    expect(page.locator("#result")).to_be_visible()
    return page.locator("#r-link").evaluate("a => a.href")


def _enter_code(page, base: str, phone: str) -> None:
    """Read the newest code from the local outbox (GET /_local/messages), type it and confirm the phone."""
    messages = page.request.get(f"{base}/_local/messages", params={"to": phone}).json()["messages"]
    page.locator("#v-code").fill(re.search(r"验证码(\d{6})", messages[0]["text"]).group(1))
    page.locator("#verify-form button[type=submit]").click()
    expect(page.locator("#v-msg")).to_have_class(re.compile(r"\bok\b"))


def _upload_agreement(page, pdf: Path) -> None:
    expect(page.locator("#agreement")).to_be_visible()
    page.locator("#agreement-file").set_input_files(pdf)
    page.locator("#agreement-form button").click()


def _confirm(page, link: str) -> None:
    """Open the party's link, tick, confirm, and pick the first court if the page asks for one."""
    page.goto(link)
    message = page.locator("#f-msg")
    page.locator("#f-agree").check()
    page.locator("#f-button").click()
    expect(message).not_to_be_empty()
    courts = page.locator("input[name=court]")
    if courts.count():
        courts.first.check()
        page.locator("#f-button").click()
    expect(message).to_have_class(re.compile(r"\bok\b"))


@pytest.mark.slow
def test_one_case_from_the_form_to_the_joint_application(stack, browser, page, tmp_path):
    base, deps, extractor = stack
    party_link = _apply(page, base)
    case_id = page.locator("#r-case").text_content()
    assert party_link == f"{base}/my-case?case={case_id}"  # no token in any link: the tab keeps it
    _enter_code(page, base, APPLICANT["phone"])

    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    mediator_id = deps.cases.get(case_id).mediator_id
    token = mint_token("mediator", mediator_id=mediator_id)
    extractor.result = agreement_extraction(signed=("秦涵",))
    with browser_page(browser, name="mediator") as mediator:
        links = _mediate(mediator, base, case_id, token, extractor, _pdf(tmp_path))
    assert set(links) == {"秦涵", "新乡市瑞丰食品股份有限公司"}

    with browser_page(browser, name="first-party") as first:
        _confirm(first, links["秦涵"])
        expect(first.locator("#f-msg")).to_have_text(re.compile("^您已确认。还在等待 新乡市瑞丰食品股份有限公司"))
    with browser_page(browser, name="second-party") as second:
        _confirm(second, links["新乡市瑞丰食品股份有限公司"])
        expect(second.locator("#f-msg")).to_have_text("各方都已确认，申请已经交给法院。")
        expect(second.locator("#c-status")).to_have_text("已申请法院确认")
    assert deps.cases.get(case_id).status == "confirmation_requested"


def _mediate(mediator, base: str, case_id: str, token: str, extractor, pdf: Path) -> dict[str, str]:
    """Accept, upload the agreement one party has not signed, extend, upload it signed, invite: the links."""
    mediator.goto(f"{base}/mediator#token={token}")
    mediator.goto(f"{base}/mediator?case={case_id}")
    mediator.locator("#accept").click()
    _upload_agreement(mediator, pdf)
    expect(mediator.locator("#agreement-msg")).to_contain_text("“新乡市瑞丰食品股份有限公司”还没有签名")
    mediator.locator("#extend summary").click()  # folded away until the mediator opens it
    mediator.locator("#extend-days").fill("10")
    mediator.locator("#extend-reason").fill("双方需要核对账目")
    mediator.locator("#extend-button").click()
    expect(mediator.locator("#case-msg")).to_have_text("已请各方当事人答复是否同意延长 10 天。")
    expect(mediator.locator("#extend-state")).to_contain_text("等待当事人答复")

    extractor.result = agreement_extraction()
    mediator.reload()
    _upload_agreement(mediator, pdf)
    expect(mediator.locator("#agreement")).to_be_hidden()
    expect(mediator.locator("#invite")).to_be_visible()
    mediator.locator("#invite-button").click()
    invites = mediator.locator("#invite-list li")
    expect(invites.locator(".token")).to_have_count(2)
    return {li.locator("strong").text_content(): li.locator(".token").text_content() for li in invites.all()}


def _pdf(tmp_path):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(b"%PDF-1.7\n% the extraction is faked\n")
    return path
