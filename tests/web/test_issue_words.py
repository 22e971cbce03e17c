"""What a person is told about each doubt of the reading (common.js issueText), in the browser that runs it."""
from tests.web.test_browser import fake_api  # noqa: F401  (the fixture)


def _words(page, fake_api, issue: dict) -> str:
    page.goto(f"{fake_api.base}/apply")
    return page.evaluate("issue => Sutiao.issueText(issue)", issue)


def test_a_value_read_from_a_photo_is_named_with_how_sure_the_reading_is(page, fake_api):
    said = _words(page, fake_api, {"field": "applicants[1].name", "code": "ocr", "confidence": 0.912})
    assert said == "申请人（第2位）的姓名或名称是从图片里识别出来的（识别把握 91%），请对照原件核对。"
    amount = _words(page, fake_api, {"field": "claim_amount", "code": "ocr", "confidence": 0.88})
    assert amount.startswith("请求金额是从图片里识别出来的（识别把握 88%）")
    seals = _words(page, fake_api, {"field": "signatures", "code": "ocr", "confidence": None})
    assert seals == "图片上的签名和印章电脑不作判断，请对照原件核对。"


def test_a_failed_check_digit_read_by_ocr_is_a_doubt_about_the_reading_not_the_partys_error(page, fake_api):
    said = _words(page, fake_api, {"field": "respondents[0].id_number", "code": "ocr_doubt", "check": "checksum"})
    assert "可能是识别错了" in said and said.startswith("被申请人的身份证号码")
    typed = _words(page, fake_api, {"field": "respondents[0].id_number", "code": "checksum"})
    assert "可能抄错了" in typed
