"""Sections, claims, terms, money sums and dates of whole documents (text in, fields out)."""
from __future__ import annotations

import pytest

from chalicelib.extraction import document as doc
from chalicelib.extraction.classify import classify_dispute
from chalicelib.extraction.paragraphs import Paragraph


def paras(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, 1, float(i)) for i, t in enumerate(texts)]


def test_claims_split_by_any_numbering_and_summed():
    sections = doc.split_sections(paras(
        "调解申请书", "申请人：张三。", "请求事项：", "一、请求被申请人偿还借款本金50000元及利息3,000.50元；",
        "二、请求被申请人支付违约金人民币伍仟元整；", "三、本案费用由被申请人承担。", "事实与理由：",
        "2023年1月1日，双方签订《借款合同》。",
        "此致", "新乡市卫滨区人民法院", "申请人（签名）：", "二〇二四年三月二日"))
    claims = doc.items(sections.claims)
    assert claims == ["请求被申请人偿还借款本金50000元及利息3,000.50元", "请求被申请人支付违约金人民币伍仟元整",
                      "本案费用由被申请人承担"]
    assert doc.claim_amount(claims) == "58000.50"
    assert doc.facts_text(sections.facts) == "2023年1月1日，双方签订《借款合同》。"
    assert doc.court(sections) == "新乡市卫滨区人民法院"
    assert doc.last_date(sections.tail) == "2024-03-02"


def test_a_total_that_restates_the_items_is_not_added_twice():
    assert doc.claim_amount(["支付货款10000元", "支付违约金2000元", "以上合计12000元"]) == "12000.00"
    assert doc.claim_amount(["赔偿医疗费、误工费等各项损失共计¥132,558.00元"]) == "132558.00"


def test_an_interest_basis_is_not_claimed_money():
    assert doc.claim_amount(["支付利息（以41679元为基数，按年利率3.85%计算）"]) is None
    assert doc.claim_amount(["支付逾期付款违约金"]) is None


def test_settlement_sums_instalments_and_takes_the_last_deadline():
    terms = ["乙方于2024年6月1日前向甲方支付货款人民币壹万元整", "乙方于二〇二四年七月一日前向甲方支付剩余款项5000元",
             "如乙方逾期支付，应另行支付违约金1000元", "甲方收到上述款项后，双方就本纠纷再无其他争议"]
    assert doc.settlement(terms) == ("15000.00", "2024-07-01")


def test_a_deadline_without_money():
    assert doc.settlement(["被申请人于2024-05-01前拆除彩钢棚，恢复通行"]) == (None, "2024-05-01")


@pytest.mark.parametrize("term, deadline", [
    ("乙方自本协议签订之日起十日内向甲方支付货款人民币壹万元整", "2023-06-11"),
    ("乙方应在本协议签字后15日内向甲方支付5000元", "2023-06-16"),
    ("被申请人于协议生效后三十日内搬离涉案房屋", "2023-07-01"),
    ("乙方于双方签字（盖章）之日起十五天内撤回起诉", "2023-06-16"),
    ("乙方于本协议签订之日起3个月内付清全部款项", "2023-09-01"),
    ("乙方于本协议签订后两个月以内付清全部款项", "2023-08-01"),
])
def test_a_deadline_counted_from_the_signing(term, deadline):
    assert doc.settlement([term], "2023-06-01")[1] == deadline
    assert doc.settlement([term], None)[1] is None  # the day it counts from is unknown


def test_a_deadline_counted_from_the_signing_competes_with_written_dates():
    terms = ["乙方于2023年12月1日前支付货款1000元", "甲方于本协议签订之日起十五日内撤回起诉"]
    assert doc.settlement(terms, "2023-06-01") == ("1000.00", "2023-12-01")
    assert doc.settlement(terms[:1] + ["甲方于本协议签订之日起一年内撤回起诉"], "2023-06-01")[1] == "2024-06-01"
    assert doc.settlement(terms, None) == ("1000.00", None)  # the last date cannot be known


@pytest.mark.parametrize("term", [
    "本协议经人民法院司法确认生效后十日内，乙方支付1000元",  # counted from the court's confirmation
    "乙方于收到判决书之日起十日内履行",
    "本协议自双方当事人签名（盖章）、调解员签名并加盖调解组织印章之日起生效",
    "乙方于本协议签订之日起十个工作日内付清",  # working days need the holiday schedule
])
def test_periods_not_counted_in_calendar_days_from_the_signing(term):
    assert doc.settlement([term], "2023-06-01")[1] is None


def test_agreement_fields_from_the_tail():
    paragraphs = paras("人民调解协议书", "编号：（2023）新中小调字第043号", "调解组织（盖章）新乡市中小企业服务中心人民调解委员会",
                       "人民调解员：王五", "签订日期：2023年6月1日", "2023年6月5日")
    assert doc.agreement_number(paragraphs) == "（2023）新中小调字第043号"
    assert doc.organization(paragraphs) == "新乡市中小企业服务中心人民调解委员会"
    assert doc.mediator(paragraphs) == "王五"
    assert doc.signed_date(paragraphs) == "2023-06-01"


def test_document_type_from_the_title_or_the_sections():
    assert doc.document_type(paras("诉前调解申请书"), doc.Sections()) == "application"
    assert doc.document_type(paras("人民调解协议书"), doc.Sections()) == "agreement"
    untitled = doc.split_sections(paras("甲方：张三。", "经调解，双方自愿达成如下协议：", "1. 乙方支付1000元。"))
    assert doc.document_type(paras("甲方：张三。"), untitled) == "agreement"
    assert doc.document_type(paras("会议纪要"), doc.Sections()) == "unknown"


def test_a_claim_starting_with_qingqiu_is_not_a_heading():
    sections = doc.split_sections(paras("调解申请书", "请求事项：", "请求被申请人支付货款100元。"))
    assert doc.items(sections.claims) == ["请求被申请人支付货款100元"]


def test_dispute_categories_with_evidence():
    cases = {
        "labor": "申请人入职被申请人处，被申请人拖欠工资，请求支付经济补偿金，并补缴社会保险费",
        "financial": "申请人投保企业财产保险，被申请人拒绝理赔，双方发生保险合同纠纷",
        "contract": "双方签订《买卖合同》，被申请人未支付货款",
        "community": "双方系邻居，被申请人搭建彩钢棚堵塞通行，发生相邻关系纠纷",
        "family": "双方协议离婚，被申请人未支付子女抚养费",
        "tort": "被申请人驾驶机动车与申请人相撞，发生交通事故，致申请人受伤",
        "other": "申请人误将款项转入被申请人名下，被申请人拒不返还，构成不当得利",
    }
    for category, text in cases.items():
        result = classify_dispute(text)
        assert result["category"] == category, text
        assert category == "other" or result["evidence"]


def test_social_insurance_is_not_finance():
    assert classify_dispute("请求补缴养老保险和社会保险费，支付拖欠工资")["category"] == "labor"


def test_agreement_number_with_the_year_inside():
    assert doc.agreement_number(paras("调解协议书", "新中小调字〔2023〕第43号")) == "新中小调字〔2023〕第43号"


def test_application_date_without_a_recognised_tail():
    paragraphs = paras("调解申请书", "请求事项：", "1. 支付100元。", "2024年3月2日")
    assert doc.application_date([], paragraphs) == "2024-03-02"


def test_a_closing_date_line_is_not_part_of_the_last_claim():
    sections = doc.split_sections(paras("调解申请书", "请求事项：", "1. 支付100元。", "2024年3月2日"))
    assert doc.items(sections.claims) == ["支付100元"]
    assert doc.application_date(sections.tail, []) == "2024-03-02"


def test_court_addressed_at_the_top_but_not_one_the_facts_mention():
    sections = doc.split_sections(paras("调解申请书", "申请人：张三。", "辉县市人民法院：", "请求事项：", "1. 支付100元。",
                                        "事实与理由：", "双方曾在新乡县人民法院诉讼。"))
    assert doc.court(sections) == "辉县市人民法院"
    sections = doc.split_sections(paras("调解申请书", "请求事项：", "1. 支付100元。", "事实与理由：", "双方曾在新乡县人民法院诉讼。"))
    assert doc.court(sections) is None


def test_terms_headings_in_other_words():
    for heading in ("双方经协商一致，达成协议如下：", "协议内容：", "经调解，当事人自愿达成以下协议：", "现双方自愿签订本协议，条款如下："):
        sections = doc.split_sections(paras("调解协议书", "甲方：张三。", heading, "1. 乙方支付100元。"))
        assert doc.items(sections.terms) == ["乙方支付100元"], heading


def test_the_claim_outweighs_the_story_around_it():
    claims = "请求被申请人返还误转款项5000元"
    facts = "申请人委托律师发函，双方在村委会主持下协商未果，被申请人取得款项没有法律根据，构成不当得利"
    assert classify_dispute(claims, facts)["category"] == "other"
    assert "不当得利" in classify_dispute(claims, facts)["evidence"]


def test_a_party_table_row_is_not_a_signature_slot():
    from chalicelib.extraction.layout import Line, Segment
    from chalicelib.extraction.signatures import find_slots

    row = Line("甲方  谭强", 1, 80, 100, 500, 120, 10, [Segment("甲方", 80, 180), Segment("谭强", 180, 300)], True,
               (80, 100, 500, 120))
    slot = Line("甲方（签名或盖章）", 1, 80, 400, 500, 430, 10,
                [Segment("甲方（签名或盖章）", 80, 300), Segment("", 300, 500)], True, (80, 400, 500, 430))
    assert [s.label for s in find_slots([row, slot], [595.0], None)] == ["甲方（签名或盖章）"]


def test_organisation_named_above_the_title():
    paragraphs = paras("新乡市中小企业协会调解委员会", "人民调解协议书")
    assert doc.organization(paragraphs) == "新乡市中小企业协会调解委员会"


def test_a_wrapped_amount_is_not_taken_for_numbering():
    sections = doc.split_sections(paras("调解申请书", "请求事项：", "1、支付补偿金人民币贰万元整（¥20,000.0\n0）。"))
    assert doc.items(sections.claims) == ["支付补偿金人民币贰万元整（¥20,000.00）"]


def test_application_date_labelled_at_the_top_of_a_form():
    paragraphs = paras("民事纠纷调解申请表", "申请日期：2024年3月2日", "申请人：张三，出生日期：1980年1月1日", "此致",
                       "新乡市卫滨区人民法院")
    sections = doc.split_sections(paragraphs)
    assert doc.application_date(sections.tail, paragraphs) == "2024-03-02"


def test_a_restated_amount_on_its_own_line_stays_in_its_term():
    from chalicelib.extraction.layout import Line
    from chalicelib.extraction.paragraphs import build_paragraphs

    def line(text, top, x1=520.0):
        return Line(text, 1, 72, top, x1, top + 12, 12)

    lines = [line("经调解，双方自愿达成如下协议：", 100, 260), line("1、乙方于2022年12月17日前向甲方支付赔偿款26400元", 120),
             line("（大写：人民币贰万陆仟肆佰元整）；", 140, 280), line("2、双方再无争议。", 160, 200)]
    sections = doc.split_sections(build_paragraphs(lines))
    assert doc.items(sections.terms) == ["乙方于2022年12月17日前向甲方支付赔偿款26400元（大写：人民币贰万陆仟肆佰元整）",
                                         "双方再无争议"]
    assert doc.settlement(doc.items(sections.terms))[0] == "26400.00"


def test_wraps_inside_brackets_and_numbers():
    from chalicelib.extraction.layout import Line
    from chalicelib.extraction.paragraphs import build_paragraphs

    def line(text, top, x1=520.0):
        return Line(text, 1, 72, top, x1, top + 12, 12)

    lines = [line("请求事项：", 100, 140), line("1、请求被申请人支付经济补偿金112600元（", 120),
             line("大写：人民币壹拾壹万贰仟陆佰元整）；", 140, 300), line("2、请求被申请人赔偿损失（¥317,266.", 160),
             line("96）。", 180, 110), line("联系电话：13800138000", 200, 250), line("2024年3月2日", 220, 180)]
    texts = [p.text for p in build_paragraphs(lines)]
    assert texts[1] == "1、请求被申请人支付经济补偿金112600元（大写：人民币壹拾壹万贰仟陆佰元整）；"
    assert texts[2] == "2、请求被申请人赔偿损失（¥317,266.96）。"
    assert texts[3:] == ["联系电话：13800138000", "2024年3月2日"]  # a short line's number is not cut


def test_an_amount_cut_before_its_unit():
    from chalicelib.extraction.layout import Line
    from chalicelib.extraction.paragraphs import build_paragraphs

    lines = [Line("请求事项：请求被申请人赔偿各项损失共计26600", 1, 72, 100, 520, 112, 12),
             Line("元（大写：人民币贰万陆仟陆佰元整）。", 1, 72, 120, 300, 132, 12)]
    sections = doc.split_sections(build_paragraphs(lines))
    assert doc.claim_amount(doc.items(sections.claims)) == "26600.00"


def test_repeated_boilerplate_is_one_piece_of_evidence():
    facts = "双方就无因管理费用的偿付发生争议。" + "双方在村委会工作人员的主持下进行了沟通。" * 7
    assert classify_dispute("请求被申请人偿付必要费用1000元", facts)["category"] == "other"


def test_organisation_named_by_its_station_above_the_title():
    assert doc.organization(paras("中国中小企业协会调解中心新乡工作站", "调解协议书")) == "中国中小企业协会调解中心新乡工作站"


def test_official_form_rows_of_heading_and_content():
    from chalicelib.extraction.layout import Segment
    from chalicelib.extraction.paragraphs import _segments_text

    row = [Segment("纠纷主要事实、争议事项", 70, 170), Segment("2021年12月31日，被申请人外出期间其院内水管破裂，双方发生争议。", 170, 520)]
    sections = doc.split_sections(paras("调解协议书", _segments_text(row),
                                        "经调解，自愿达成如下协议，（1）被申请人支付100元；（2）双方再无争议。"))
    assert doc.facts_text(sections.facts).startswith("2021年12月31日")
    assert doc.items(sections.terms) == ["被申请人支付100元", "双方再无争议"]


def test_interest_counted_so_far_is_claimed_its_base_is_not():
    claims = ["请求被申请人偿还借款本金50000元",
              "请求被申请人支付逾期付款利息（以50000元为基数，自2023年5月3日起按年利率3.85%计算，暂计至2024年3月5日为1665元）"]
    assert doc.claim_amount(claims) == "51665.00"


def test_instalments_listed_under_a_total_and_a_fee_with_its_own_date():
    terms = ["乙方分三期向甲方支付货款共计人民币9万元，具体如下：期次，付款日期，付款金额第一期，2024年3月5日前，30000元"
             "第二期，2024年4月5日前，30000元第三期，2024年5月5日前，30000元",
             "乙方于2024年6月30日前另行向甲方支付律师费3000元",
             "如乙方未按期足额支付任何一期款项，甲方有权自2024年7月1日起按日万分之五计算违约金",
             "双方同意自本协议生效之日起三十日内共同向新乡市卫滨区人民法院申请司法确认"]
    assert doc.settlement(terms, "2024-03-01") == ("93000.00", "2024-06-30")
    assert doc.settlement(terms, None) == ("93000.00", "2024-06-30")  # the 30 days are no performance


def test_a_case_systems_own_number_is_not_the_agreement_number():
    paragraphs = paras("人民法院调解平台，案件编号：SD2024766515，打印时间：2024-02-14 08:02:29", "人民调解协议书",
                       "协议编号：（2024）新中小调字第043号")
    assert doc.agreement_number(paragraphs) == "（2024）新中小调字第043号"


def test_a_term_wrapped_before_its_table_stays_in_the_terms():
    sections = doc.split_sections(paras("调解协议书", "甲方：张三", "经调解，双方自愿达成如下协议：",
                                        "一、乙方分两期向甲方支付货款共计20000元，具体", "如下：",
                                        "期次，付款日期，付款金额", "第1期，2024.3.5前，10000元", "第2期，2024.4.5前，10000元",
                                        "二、双方再无其他争议。", "调解组织：新乡市中小企业协会调解委员会"))
    assert doc.items(sections.terms) == ["乙方分两期向甲方支付货款共计20000元，具体如下：期次，付款日期，付款金额"
                                         "第1期，2024.3.5前，10000元第2期，2024.4.5前，10000元", "双方再无其他争议"]


def test_a_web_print_stacking_each_value_under_its_bare_label():
    """`<dt>` over `<dd>` without colons, across a page break; a long address line does not swallow the
    next role heading; a phone number at the foot of a page is no page number."""
    from chalicelib.extraction.layout import Line, drop_running_text
    from chalicelib.extraction.paragraphs import build_paragraphs
    from chalicelib.extraction.parties import parse_parties

    def line(text, page, top, x1=None):
        return Line(text, page, 72, top, x1 or 72 + 12 * len(text), top + 12, 12)

    pages = [[line("申请人", 1, 640), line("姓名", 1, 658), line("张三", 1, 676), line("住址", 1, 694),
              line("河南省新乡市红旗区人民路1号1号楼1单元101室", 1, 712, 523), line("被申请人", 1, 730), line("姓名", 1, 748)],
             [line("李四", 2, 30), line("联系电话", 2, 48), line("18118515503", 2, 66)]]
    pages[1][2].top, pages[1][2].bottom = 800, 812  # wrapped to the foot of the page, where page numbers stand
    kept = drop_running_text(pages, [(595, 842), (595, 842)])
    applicants, respondents = parse_parties([p.text for p in build_paragraphs([ln for page in kept for ln in page])])
    assert [(p["name"], p["address"]) for p in applicants] == [("张三", "河南省新乡市红旗区人民路1号1号楼1单元101室")]
    assert [(p["name"], p["phone"]) for p in respondents] == [("李四", "18118515503")]
