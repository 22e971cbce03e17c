"""The party's page shows the court the parties are applying to, and why each offered court is competent."""
import json

from playwright.sync_api import expect

from tests.web.test_browser import AGREEMENT, case_view, fake_api  # noqa: F401 - fake_api is a fixture

CHOICE = {"court_id": "hongqi", "name": "新乡市红旗区人民法院", "grounds": ["party_domicile"],
          "reasons": ["李四住所地"], "proposed_by": {"kind": "party", "name": "李四", "at": "2026-03-02T02:00:00Z"},
          "consents": [{"party": "李四", "at": "2026-03-02T02:00:00Z", "channel": {"kind": "invitation"},
                        "channel_label": "调解员发送的当事人邀请链接"}]}


def test_the_second_party_sees_the_court_the_first_chose_and_joins_it(fake_api, page):  # noqa: F811
    fake_api.answer("GET", "/cases/C1", (200, case_view("settled", agreement=AGREEMENT, consents=["李四"],
                                                        court_choice=CHOICE)))
    fake_api.answer("POST", "/cases/C1/confirmations",
                    (200, {"case_id": "C1", "status": "confirmation_requested", "consents": ["李四", "x"],
                           "waiting_for": []}))
    page.goto(f"{fake_api.base}/my-case?case=C1#token=t")
    court = page.locator("#f-court")
    expect(court).to_contain_text("申请法院：新乡市红旗区人民法院，管辖依据：李四住所地。")
    expect(court).to_contain_text("已选择这个法院的当事人：李四（")
    page.locator("#f-agree").check()
    page.locator("#f-button").click()
    expect(page.locator("#f-msg")).to_have_text("各方都已确认，申请已经交给法院。")
    [sent] = fake_api.sent("POST", "/cases/C1/confirmations")
    assert json.loads(sent["body"]) == {"consent": True}  # joining names no court


def test_the_courts_offered_say_why_each_is_competent(fake_api, page):  # noqa: F811
    fake_api.answer("GET", "/cases/C1", (200, case_view("settled", agreement=AGREEMENT)))
    options = [{"court_id": "weibin", "name": "新乡市卫滨区人民法院", "address": None,
                "reasons": ["秦涵住所地", "新乡市中小企业协会调解委员会所在地"]},
               {"court_id": "hongqi", "name": "新乡市红旗区人民法院", "address": None, "reasons": ["李四住所地"]}]
    fake_api.answer("POST", "/cases/C1/confirmations", (422, {"error": {
        "code": "court_choice_required", "message": "有管辖权的法院不止一个", "details": {"options": options}}}))
    page.goto(f"{fake_api.base}/my-case?case=C1#token=t")
    expect(page.locator("#f-court")).to_be_hidden()
    page.locator("#f-agree").check()
    page.locator("#f-button").click()
    expect(page.locator("#f-court-list")).to_contain_text("新乡市卫滨区人民法院——秦涵住所地、新乡市中小企业协会调解委员会所在地")
    expect(page.locator("#f-court-list")).to_contain_text("新乡市红旗区人民法院——李四住所地")
