"""GET /reports/monthly: the joint meeting's printable report, and its anonymised case digest."""
from __future__ import annotations

import re

import pytest

from chalicelib.domain import privacy
from chalicelib.domain.anonymise import REMOVED, anonymise, roles
from chalicelib.domain.parties import parties_from
from tests.integration.http import staff
from tests.integration.support import APPLICANT, RESPONDENT, party
from tests.reports.generate import generate


@pytest.fixture(scope="module")
def cases(world):
    return generate(world["deps"], world["clock"], world["demo"]["mediator_ids"])


def test_the_digest_names_roles_and_removes_every_personal_number():
    applicants = parties_from([{**APPLICANT, "id_number": "410711197612233848"}])
    respondents = parties_from([RESPONDENT, party("王小明", address="新乡市红旗区胜利路1号")])
    text = ("秦涵（身份证410711197612233848，电话137-8466-0762，住河南省新乡市卫滨区劳动路83号）与新乡市瑞丰食品股份有限公司"
            "（统一社会信用代码914107242EMG3Q5G00，法定代表人吕然萱，电话0373-3051234）及王小明因货款发生纠纷。")
    out = anonymise(text, roles(applicants, respondents))
    for secret in ("秦涵", "瑞丰", "吕然萱", "王小明", "劳动路", "410711", "8466", "914107", "3051234"):
        assert secret not in out
    assert out.startswith("申请人（身份证（证件号码已删除），电话（电话已删除），住（住址已删除））与被申请人甲")
    assert "被申请人甲的法定代表人" in out and "被申请人乙因货款" in out
    assert set(REMOVED) == {*privacy.IDENTIFIERS, privacy.PHONE}


def test_the_monthly_report_is_a_chinese_a4_page_with_charts_standing_and_an_anonymised_digest(world, cases):
    response = world["client"].http.get("/reports/monthly?month=2026-03", headers=staff("org_admin", org_id="xx-sme"))
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    nonce = re.search(r"style-src 'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    html = response.body.decode("utf-8")
    assert f'<style nonce="{nonce}">' in html and "@page { size: A4" in html
    assert "<script" not in html and "http" not in html.replace("http://www.w3.org", "")  # no CDN, nothing loaded
    assert "诉调对接工作月度报告" in html and "2026年3月" in html
    assert html.count("<svg") == 2 and "<rect" in html
    assert "三、调解员工作情况" in html and any(name in html for name in ("王建国", "李秀兰", "张志强", "赵丽娟"))
    digest = html[html.index("四、典型案例摘要"):]
    assert "案情：</b>申请人（电话（电话已删除））诉称被申请人拖欠款项" in digest
    for secret in ("秦涵", "13784660762", "瑞丰"):
        assert secret not in digest


def test_a_clerk_gets_its_own_courts_report_and_no_subsidies(world, cases):
    mine = world["client"].http.get("/reports/monthly?month=2026-03", headers=staff("court_clerk", court_id="weibin"))
    assert mine.status_code == 200 and "新乡市卫滨区人民法院" in mine.body.decode()
    assert "本月补贴" not in mine.body.decode()
    other = world["client"].http.get("/reports/monthly?court_id=hongqi", headers=staff("court_clerk", court_id="weibin"))
    assert other.status_code == 403
