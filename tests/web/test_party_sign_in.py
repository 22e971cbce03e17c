"""A party gets back into a case on a phone (390×844, headless Chromium through Playwright) with the case
number, the phone on the case and the SMS code, read from the real local stack's outbox (GET /_local/messages).

The browser is tests/web/conftest.py's (Playwright driving Debian's Chromium).
"""
from __future__ import annotations

import re

import pytest
import requests

from tests.web.conftest import screenshot

PHONE = "15837318283"
APPLICATION = {"applicants": [{"name": "王丽", "kind": "person", "phone": "158 3731 8283"}],
               "respondents": [{"name": "新乡市瑞丰食品股份有限公司", "kind": "organization"}],
               "dispute_category": "contract", "claims": ["请求被申请人支付货款12000元"], "claim_amount": "12000",
               "facts": "被申请人收货后未付款。"}

pytestmark = pytest.mark.slow


def newest_code(base: str, phone: str, count: int = 1) -> str:
    """The code in the newest SMS to `phone`; the API stores a message before it answers, so it is there."""
    messages = requests.get(f"{base}/_local/messages", params={"to": phone}, timeout=10).json()["messages"]
    assert len(messages) == count, messages
    return re.search(r"验证码(\d{6})", messages[0]["text"]).group(1)


def test_a_party_gets_back_in_with_case_number_phone_and_sms_code(local_stack, page):
    base = local_stack.base_url
    created = requests.post(f"{base}/applications", json=APPLICATION, timeout=30).json()
    case_id = created["case_id"]
    assert created["status"] == "received" and created["verification"]["sent_to"] == "158****8283"

    page.goto(f"{base}/my-case")
    page.get_by_label("案件编号").fill(case_id)
    page.get_by_label("手机号").fill("158-3731-8283")
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_text("验证码已经发出").wait_for()
    code_box = page.get_by_label("验证码", exact=True)
    assert (code_box.get_attribute("inputmode"), code_box.get_attribute("autocomplete")) == \
        ("numeric", "one-time-code")
    code_box.fill(newest_code(base, PHONE, count=2))
    screenshot(page, "party-sign-in-form")
    page.get_by_role("button", name="进入").click()

    page.locator("#case").wait_for(state="visible")
    assert page.locator("#c-id").text_content() == case_id
    assert page.locator("#c-status").text_content() in ("正在安排调解员", "已安排调解员，等待调解员接受")
    assert "token" not in page.url and page.url.endswith(f"/my-case?case={case_id}")
    kept = page.evaluate(f"sessionStorage.getItem('sutiao.party.{case_id}')")
    assert kept and kept not in page.content()  # kept for this tab, never shown
    contact = page.locator("#org-contact")  # whom to contact: the case's organization, with its phone
    contact.wait_for(state="visible")
    assert "新乡市中小企业协会调解委员会" in contact.text_content() and "0373-0000000" in contact.text_content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    screenshot(page, "party-sign-in")

    page.reload()  # the same tab keeps the party in
    page.locator("#case").wait_for(state="visible")
    assert page.locator("#lookup").is_hidden()


def test_a_wrong_code_is_explained_and_the_party_can_try_again(local_stack, page):
    base = local_stack.base_url
    case_id = requests.post(f"{base}/applications", json={**APPLICATION, "applicants": [
        {"name": "李四", "kind": "person", "phone": "13900001234"}]}, timeout=30).json()["case_id"]
    code = newest_code(base, "13900001234")
    page.goto(f"{base}/my-case?case={case_id}")
    assert page.get_by_label("案件编号").input_value() == case_id
    page.get_by_label("手机号").fill("13900001234")
    page.get_by_label("验证码", exact=True).fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="进入").click()
    page.get_by_text("验证码不对").wait_for()
    assert page.locator("#case").is_hidden()
    page.get_by_label("验证码", exact=True).fill(code)
    page.get_by_role("button", name="进入").click()
    page.locator("#case").wait_for(state="visible")


def test_an_applicant_confirms_the_phone_right_after_applying(local_stack, page):
    base = local_stack.base_url
    page.goto(f"{base}/apply#fill")
    page.locator("input[name=a_kind][value=person]").check()
    page.locator("#a_name").fill("赵敏")
    page.locator("#a_phone").fill("186 0000 5678")
    page.locator("#r_name").fill("新乡市瑞丰食品股份有限公司")
    page.locator("#category").select_option("contract")
    page.locator("#claims").fill("请求被申请人支付货款12000元")
    page.locator("#facts").fill("被申请人收货后未付款。")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_text("验证码已发送到 186****5678").wait_for()
    page.get_by_label("验证码（6位数字）").fill(newest_code(base, "18600005678"))
    screenshot(page, "apply-verify")
    page.get_by_role("button", name="确认", exact=True).click()
    page.get_by_text("手机号已确认（186****5678）").wait_for()
    case_id = page.locator("#r-case").text_content()
    assert page.locator("#r-link").get_attribute("href").endswith(f"/my-case?case={case_id}")
    kept = page.evaluate(f"sessionStorage.getItem('sutiao.party.{case_id}')")
    assert kept and kept not in page.inner_text("body")  # the new token is kept for the tab, never shown
