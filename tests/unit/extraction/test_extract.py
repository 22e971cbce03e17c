"""Whole PDFs drawn here: signatures and seals, scans, running headers, fake bold."""
from __future__ import annotations

import io

from PIL import Image

from chalicelib.extraction import extract

from .pdfs import HEIGHT, text_pdf, top_to_y

AGREEMENT = [
    "人民调解协议书",
    "（2024）新中小调字第012号",
    "甲方：张三，男，1980年5月6日出生，汉族，住河南省新乡市红旗区人民路1号，公民身份号码410702198005060015。",
    "乙方：李四，女，1990年1月2日出生，汉族，住河南省新乡市卫滨区胜利路2号，公民身份号码410703199001020025。",
    "纠纷简要情况：双方签订《房屋租赁合同》，乙方拖欠租金。",
    "经调解，双方自愿达成如下协议：",
    "1. 乙方于2024年5月1日前向甲方支付租金12,000.00元；",
    "2. 双方就本纠纷再无其他争议。",
    "调解组织：新乡市中小企业协会调解委员会",
    "调解员：王五",
    "",
    "甲方（签名或盖章）：",
    "",
    "",
    "乙方（签名或盖章）：",
    "",
    "",
    "调解员（签名）：",
    "",
    "",
    "调解组织（盖章）：",
    "",
    "",
    "2024年4月1日",
]
LINE = 20  # leading of text_pdf


def slot_top(label: str) -> float:
    return 72 + AGREEMENT.index(label) * LINE


def scribble(c, top: float, color=(0.05, 0.05, 0.05)):
    c.setStrokeColorRGB(*color)
    path = c.beginPath()
    path.moveTo(220, top_to_y(top))
    for i, dy in enumerate((-8, 6, -10, 4, -6)):
        path.lineTo(235 + 14 * i, top_to_y(top + dy))
    c.drawPath(path)


def red_seal(c, top: float):
    c.setStrokeColorRGB(0.85, 0.1, 0.1)
    c.setLineWidth(2)
    c.circle(260, top_to_y(top), 35, stroke=1, fill=0)


def signature_image(c, top: float):
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (120, 40), "white")
    for x in range(10, 110):
        image.putpixel((x, 20 + (x % 7) - 3), (10, 10, 10))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 220, top_to_y(top + 20), 90, 30)


def agreement_pdf(*, applicant=True, respondent=True, mediator=True, seal=True):
    def draw(c, _page):
        if applicant:
            scribble(c, slot_top("甲方（签名或盖章）："))
        if respondent:
            signature_image(c, slot_top("乙方（签名或盖章）："))
        if mediator:
            scribble(c, slot_top("调解员（签名）："), color=(0.1, 0.15, 0.55))
        if seal:
            red_seal(c, slot_top("调解组织（盖章）：") + 5)
    return text_pdf([AGREEMENT], draw=draw)


def test_a_deadline_counted_from_the_signing_is_dated_from_the_signed_date():
    lines = [line.replace("于2024年5月1日前", "自本协议签订之日起三十日内") for line in AGREEMENT]
    fields = extract(text_pdf([lines]))["fields"]
    assert (fields["signed_date"], fields["performance_deadline"]) == ("2024-04-01", "2024-05-01")
    undated = extract(text_pdf([[line for line in lines if line != "2024年4月1日"]]))["fields"]
    assert (undated["signed_date"], undated["performance_deadline"]) == (None, None)


def test_agreement_fields_and_every_mark():
    result = extract(agreement_pdf())
    fields = result["fields"]
    assert result["document_type"] == "agreement" and result["issues"] == []
    assert fields["agreement_number"] == "（2024）新中小调字第012号"
    assert fields["settlement_amount"] == "12000.00" and fields["performance_deadline"] == "2024-05-01"
    assert (fields["mediator"], fields["mediation_organization"]) == ("王五", "新乡市中小企业协会调解委员会")
    assert fields["signed_date"] == "2024-04-01" and fields["dispute_category"] == "contract"
    assert fields["signatures"] == {"parties": ["张三", "李四"], "mediator": True, "seal": True}
    assert fields["court"] is None and fields["claims"] is None  # application-only keys
    assert result["classification"]["evidence"]


def test_missing_marks_are_reported_per_slot():
    signatures = extract(agreement_pdf(respondent=False, seal=False))["fields"]["signatures"]
    assert signatures == {"parties": ["张三"], "mediator": True, "seal": False}
    signatures = extract(agreement_pdf(applicant=False, mediator=False))["fields"]["signatures"]
    assert signatures == {"parties": ["李四"], "mediator": False, "seal": True}


def test_a_party_stamp_is_not_the_organisation_seal():
    def draw(c, _page):
        red_seal(c, slot_top("乙方（签名或盖章）："))
    signatures = extract(text_pdf([AGREEMENT], draw=draw))["fields"]["signatures"]
    assert signatures == {"parties": ["李四"], "mediator": False, "seal": False}


def test_scan_without_text_layer_invents_nothing():
    image = Image.new("L", (600, 800), 255)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=72)
    result = extract(buffer.getvalue())
    assert result["text_layer"] is False and result["error"] is None and result["pages"] == 1
    assert result["document_type"] == "unknown"
    assert all(value is None for value in result["fields"].values())
    assert [i["code"] for i in result["issues"]] == ["no_text_layer"]


APPLICATION_BODY = [
    "申请人：张三，男，1980年5月6日出生，汉族，住河南省新乡市红旗区人民路1号，公民身份号码410702198005060019。",
    "被申请人：新乡市瑞丰食品有限公司，住所地河南省新乡市原阳县自由路251号，统一社会信用代码914107242EMG3Q5G00。",
    "法定代表人：吕然，该公司经理，联系电话18605836765。",
    "请求事项：",
    "1. 请求被申请人支付货款人民币壹万贰仟元整；",
    "2. 请求被申请人支付违约金¥1,000.00。",
    "事实与理由：",
]


def test_multi_page_application_with_running_header_and_page_numbers():
    facts = [f"第{n}次催告：2023年1月1日，双方签订《买卖合同》，申请人依约供货，被申请人未付货款。" for n in range(60)]
    body = APPLICATION_BODY + facts + ["此致", "新乡市卫滨区人民法院", "申请人（签名或盖章）：", "2024年3月2日"]
    pages = [body[i:i + 30] for i in range(0, len(body), 30)]

    def draw(c, page):
        c.setFont("STSong-Light", 9)
        c.drawString(72, HEIGHT - 40, "调解申请书")
        c.drawString(400, HEIGHT - 40, "新乡市诉调对接材料")
        c.drawCentredString(297, 30, f"第 {page + 1} 页")

    result = extract(text_pdf([["调解申请书"] + pages[0]] + pages[1:], draw=draw))
    fields = result["fields"]
    assert result["document_type"] == "application" and result["pages"] == len(pages)
    assert fields["claim_amount"] == "13000.00"
    assert fields["facts"] == "".join(facts)  # no header, footer or page number inside
    assert fields["court"] == "新乡市卫滨区人民法院" and fields["application_date"] == "2024-03-02"
    assert [i["field"] for i in result["issues"]] == ["applicants[0].id_number"]  # wrong check digit
    assert fields["respondents"][0]["legal_representative"] == "吕然"


def test_fake_bold_and_compatibility_code_points():
    lines = ["调解申请书", "申请人：张三，男，１９８０年５月６日出生，汉族，住河南省新乡市红旗区⼈⺠路1号。",
             "被申请人：李四，女。", "请求事项：", "1. 请求被申请人支付⼯资8000元。"]

    def bold(c, _page):
        c.setFont("STSong-Light", 12)
        for row, line in enumerate(lines):
            c.drawString(72.35, HEIGHT - 72 - row * LINE + 0.1, line)

    fields = extract(text_pdf([lines], draw=bold))["fields"]
    assert fields["applicants"][0]["birth_date"] == "1980-05-06"
    assert fields["applicants"][0]["address"] == "河南省新乡市红旗区人民路1号"
    assert fields["claims"] == ["请求被申请人支付工资8000元"] and fields["claim_amount"] == "8000.00"
    assert fields["dispute_category"] == "labor"


def test_party_table_with_a_header_row_of_labels():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    text_pdf([[""]])  # registers the font
    style = ParagraphStyle("b", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    cell = lambda t: Paragraph(t, style)  # noqa: E731
    rows = [[cell(t) for t in ("身份", "姓名/名称", "性别", "身份证号码", "住址", "联系电话")],
            [cell(t) for t in ("申请人", "张三", "男", "410702198005060015", "河南省新乡市红旗区人民路1号", "13800138000")],
            [cell(t) for t in ("被申请人", "李四", "女", "410703199001020025", "河南省新乡市卫滨区胜利路2号", "0373-5550123")]]
    table = Table(rows, colWidths=[50, 60, 30, 120, 130, 80])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [cell("人民调解申请书"), Spacer(1, 8), table, cell("调解请求："),
             cell("一、请求被申请人返还借款人民币伍万元整（¥50,000.00）；"), cell("二、请求被申请人支付利息2,000元。"),
             cell("事实和理由："), cell("2022年3月1日，被申请人向申请人借款5万元，到期未还。"), cell("此致"),
             cell("新乡市红旗区人民法院"), cell("申请人：张三（签字）"), cell("2024年1月15日")]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    fields = extract(buffer.getvalue())["fields"]
    assert [(p["name"], p["gender"], p["id_number"], p["address"], p["phone"]) for p in fields["applicants"]] == [
        ("张三", "男", "410702198005060015", "河南省新乡市红旗区人民路1号", "13800138000")]
    assert fields["respondents"][0]["phone"] == "0373-5550123"
    assert fields["claim_amount"] == "52000.00" and fields["application_date"] == "2024-01-15"


def test_text_sideways_to_the_page_rotation_is_still_read():
    from reportlab.pdfgen import canvas

    text_pdf([[""]])  # registers the font
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(842, 595))
    c.setPageRotation(90)
    c.setFont("STSong-Light", 12)
    for row, line in enumerate(["调解申请书", "申请人：张三，男，住河南省新乡市红旗区人民路1号。", "被申请人：李四，女。",
                                "请求事项：", "1. 请求被申请人支付货款3000元。"]):
        c.drawString(72, 520 - row * 20, line)
    c.showPage()
    c.save()
    result = extract(buffer.getvalue())
    assert result["document_type"] == "application" and result["fields"]["claim_amount"] == "3000.00"


def test_values_typed_into_form_fields():
    from .pdfs import raw_pdf

    fields = [("调解申请书", (250, 780, 350, 800)), ("申请人：张三，男，住河南省新乡市红旗区人民路1号。", (72, 740, 520, 758)),
              ("被申请人：新乡市某某商贸有限公司。", (72, 715, 520, 733)), ("请求事项：", (72, 690, 200, 708)),
              ("1. 请求被申请人支付货款4500元。", (72, 665, 520, 683))]
    result = extract(raw_pdf(b"", compress=False, fields=fields))
    assert result["document_type"] == "application"
    assert result["fields"]["applicants"][0]["name"] == "张三" and result["fields"]["claim_amount"] == "4500.00"


def test_scan_with_a_scanner_app_caption_is_still_a_scan():
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (300, 400), 230)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    def draw(c, _page):
        c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, 595, 842)
        c.setFont("STSong-Light", 8)
        c.drawString(400, 20, "由扫描全能王扫描创建 CamScanner")

    result = extract(text_pdf([[]], draw=draw))
    assert result["text_layer"] is False and result["document_type"] == "unknown"


def test_party_table_with_one_column_per_party():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    text_pdf([[""]])
    style = ParagraphStyle("b", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    cell = lambda t: Paragraph(t, style)  # noqa: E731
    rows = [["", cell("申请人"), cell("被申请人")],
            [cell("姓名（名称）"), cell("张三"), cell("新乡市某某商贸有限公司")],
            [cell("统一社会信用代码"), "", cell("91410702CMJRAMLD1E")],
            [cell("住所地（住址）"), cell("河南省新乡市红旗区人民路1号"), cell("河南省新乡市红旗区劳动路153号")],
            [cell("法定代表人"), "", cell("赵英")],
            [cell("联系电话"), cell("13800138000"), cell("0373-3779489")],
            [cell("请求事项"), cell("1. 请求被申请人支付货款6000元。"), ""]]
    table = Table(rows, colWidths=[100, 170, 170])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (1, 6), (2, 6))]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([cell("调解申请书"), table])
    fields = extract(buffer.getvalue())["fields"]
    assert [(p["name"], p["address"], p["phone"]) for p in fields["applicants"]] == [
        ("张三", "河南省新乡市红旗区人民路1号", "13800138000")]
    org = fields["respondents"][0]
    assert (org["kind"], org["credit_code"], org["legal_representative"], org["phone"]) == (
        "organization", "91410702CMJRAMLD1E", "赵英", "0373-3779489")
    assert fields["claim_amount"] == "6000.00"


def test_signature_grid_with_labels_above_the_marks():
    body = AGREEMENT[:10]

    def draw(c, _page):
        top = 72 + 12 * LINE
        c.setLineWidth(0.5)
        for y in (top, top + 24, top + 84):  # a 2 x 2 grid: labels row, signatures row
            c.line(72, top_to_y(y), 472, top_to_y(y))
        for x in (72, 272, 472):
            c.line(x, top_to_y(top), x, top_to_y(top + 84))
        c.setFont("STSong-Light", 12)
        c.drawString(80, top_to_y(top + 17), "甲方（签章）")
        c.drawString(280, top_to_y(top + 17), "乙方（签章）")
        path = c.beginPath()  # only 乙方 signs, in the row under its label
        path.moveTo(300, top_to_y(top + 60))
        for i, dy in enumerate((-8, 6, -10, 4)):
            path.lineTo(315 + 14 * i, top_to_y(top + 60 + dy))
        c.drawPath(path)
        c.drawString(72, top_to_y(top + 110), "2024年4月1日")

    signatures = extract(text_pdf([body], draw=draw))["fields"]["signatures"]
    assert signatures["parties"] == ["李四"]


def test_two_slots_on_one_line():
    body = AGREEMENT[:10]

    def draw(c, _page):
        top = 72 + 12 * LINE
        c.setFont("STSong-Light", 12)
        c.drawString(72, top_to_y(top), "甲方（签名）：")
        c.drawString(320, top_to_y(top), "乙方（签名）：")
        scribble(c, top - 4)  # at x 220–290: right of 甲方's label, left of 乙方's
        c.drawString(72, top_to_y(top + 60), "2024年4月1日")

    signatures = extract(text_pdf([body], draw=draw))["fields"]["signatures"]
    assert signatures["parties"] == ["张三"]


def test_wraps_after_a_label_colon_and_before_a_decimal_number():
    long = "申请人：新乡市卫辉市大召营镇后李村股份经济合作社，法定代表人：董欣洋，该社理事长，住所："
    lines = ["调解申请书", long, "河南省新乡市卫辉市大召营镇后李村村委会院内，统一社会信用代码N14107818EPTNFDR1A。",
             "被申请人：李四，女。", "请求事项：请求被申请人偿还借款本金17.2321万元及利息本金利息本金利息本金利息",
             "2.52万元。"]
    fields = extract(text_pdf([lines], size=10.5))["fields"]
    assert fields["applicants"][0]["address"] == "河南省新乡市卫辉市大召营镇后李村村委会院内"
    assert len(fields["claims"]) == 1 and fields["claim_amount"] == "197521.00"


def test_fonts_without_a_unicode_map_are_no_text_layer():
    from pathlib import Path

    sample = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "agreement-word-export.pdf"
    if not sample.exists():
        import pytest

        pytest.skip("../shared/samples not present")
    result = extract(sample.read_bytes().replace(b"/ToUnicode", b"/XoUnicode"))  # the map made unfindable
    assert result["text_layer"] is False and result["document_type"] == "unknown"
    assert [i["code"] for i in result["issues"]] == ["unmapped_font"]


def test_value_on_the_line_under_its_label():
    lines = ["调解申请书", "申请人：张三", "出生日期：", "1994年2月19日", "住 址：", "河南省新乡市封丘县七里营镇后李村8组46号",
             "被申请人：李四", "请求事项：", "1. 请求被申请人支付货款3000元。"]
    applicant = extract(text_pdf([lines]))["fields"]["applicants"][0]
    assert (applicant["birth_date"], applicant["address"]) == ("1994-02-19", "河南省新乡市封丘县七里营镇后李村8组46号")


def test_a_palette_png_seal_is_red():
    from fpdf import FPDF
    from PIL import ImageDraw

    seal = Image.new("P", (100, 100), 0)
    seal.putpalette([255, 255, 255, 210, 30, 30] + [0] * 762)
    ImageDraw.Draw(seal).ellipse([5, 5, 95, 95], outline=1, width=6)
    png = io.BytesIO()
    seal.save(png, "PNG")
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=100, y=100, w=60)  # fpdf2 keeps the palette: an Indexed image
    import pdfplumber

    from chalicelib.extraction.marks import image_is_red as _image_is_red

    with pdfplumber.open(io.BytesIO(bytes(pdf.output()))) as document:
        image = document.pages[0].images[0]
        assert "Indexed" in str(image["colorspace"][0])
        assert _image_is_red(image)


def test_two_parties_stamps_that_touch_stay_two_marks():
    def draw(c, _page):
        c.setStrokeColorRGB(0.85, 0.1, 0.1)
        c.setLineWidth(2)
        for label in ("甲方（签名或盖章）：", "乙方（签名或盖章）："):
            c.circle(260, top_to_y(slot_top(label) + 4), 31, stroke=1, fill=0)  # 62 pt rings, 60 pt apart: touching

    signatures = extract(text_pdf([AGREEMENT], draw=draw))["fields"]["signatures"]
    assert signatures == {"parties": ["张三", "李四"], "mediator": False, "seal": False}


def test_shaded_label_cells_with_their_values_printed_beside_them():
    """A web page's party grid: only the shaded label cells are boxes, each value is free text on the
    row, and a value too long for its cell wraps under itself (`…十一` | `日`)."""
    rows = [("申请人", None), ("姓名", "张三"), ("出生日期", "一九七八年三月二十一"), ("住址", "河南省新乡市红旗区人民路1号")]

    def draw(c, page):
        if page:
            return
        for index, (label, value) in enumerate(rows[1:], 1):
            top = 92 + index * 24
            c.setFillColorRGB(0.95, 0.95, 0.96)
            c.rect(72, HEIGHT - top - 24, 100, 24, stroke=0, fill=1)
            c.setStrokeColorRGB(0.8, 0.8, 0.85)
            c.line(72, HEIGHT - top - 24, 520, HEIGHT - top - 24)
            c.setFillColorRGB(0, 0, 0)
            c.setFont("STSong-Light", 11)
            c.drawString(76, HEIGHT - top - 16, label)
            c.drawString(180, HEIGHT - top - 12 if index == 2 else HEIGHT - top - 16, value)
        c.drawString(180, HEIGHT - 92 - 48 - 22, "日")

    pdf = text_pdf([["人民调解申请书", "", "申请人", "", "", "", "", "", "", "请求事项：", "1. 请求被申请人支付货款3000元。"]],
                   draw=draw)
    applicant = extract(pdf)["fields"]["applicants"][0]
    assert (applicant["name"], applicant["birth_date"], applicant["address"]) == (
        "张三", "1978-03-21", "河南省新乡市红旗区人民路1号")


def push_button(c, top: float, draw, name: str, *, pushbutton: bool = True, kind: str = "Btn", x: float = 220):
    """A widget over a slot (a picture push-button by default) whose appearance, a form XObject,
    is the only drawing of what it shows."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

    c.beginForm(name, lowerx=0, lowery=0, upperx=100, uppery=40)
    draw(c)
    c.endForm()
    c._addAnnotation(PDFDictionary({
        "Type": PDFName("Annot"), "Subtype": PDFName("Widget"), "FT": PDFName(kind), "T": PDFString(name),
        "Ff": 65536 if pushbutton else 0, "Rect": PDFArray([x, top_to_y(top + 30), x + 100, top_to_y(top - 10)]),
        "AP": PDFDictionary({"N": PDFObjectReference(c._doc.getXObjectName(name))})}))


def test_signatures_and_seals_that_are_picture_push_buttons():
    def strokes(c):
        c.setStrokeColorRGB(0.05, 0.05, 0.05)
        c.line(5, 10, 60, 30)
        c.line(20, 5, 90, 35)

    def seal(c):
        c.setStrokeColorRGB(0.85, 0.1, 0.1)
        c.setLineWidth(2)
        c.circle(50, 20, 18, stroke=1, fill=0)

    def draw(c, _page):
        push_button(c, slot_top("甲方（签名或盖章）："), strokes, "a")
        push_button(c, slot_top("乙方（签名或盖章）："), strokes, "b", pushbutton=False)  # a check box's look is no mark
        push_button(c, slot_top("调解组织（盖章）：") + 5, seal, "c")
    signatures = extract(text_pdf([AGREEMENT], draw=draw))["fields"]["signatures"]
    assert signatures == {"parties": ["张三"], "mediator": False, "seal": True}


def test_an_appearance_that_draws_itself_is_harmless():
    from .pdfs import pdf_from_objects

    result = extract(pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [5 0 R] >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [100 100 200 140] /AP << /N 6 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 40] /Resources << /XObject << /X 6 0 R >> >> /Length 6 >>"
        b"\nstream\n/X Do\nendstream"]))
    assert result["error"] is None and result["text_layer"] is False


def test_a_text_field_whose_value_is_only_its_appearance():
    def value(c):
        c.setFont("STSong-Light", 12)
        c.drawString(2, 24, "王五")

    def draw(c, _page):
        push_button(c, slot_top("调解员：王五"), value, "m", pushbutton=False, kind="Tx", x=120)
    lines = [line.replace("调解员：王五", "调解员：") for line in AGREEMENT]  # the label printed, the name in the widget
    assert extract(text_pdf([lines], draw=draw))["fields"]["mediator"] == "王五"
