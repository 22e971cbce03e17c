"""The 司法确认申请书 as a clerk prints it: A4 from Chromium, read back from the PDF.

What a clerk would refuse: a blank 此致 line, signature lines nobody can fill in for
a party who consented online, or one party's account of the dispute pasted into
a joint application. `make screenshots` keeps the pages in out/screenshots/.
"""
import copy
import unicodedata

import pypdfium2

from chalicelib.rendering.documents import render_document
from tests.rendering.rendering_cases import GENERATED_ON, direct_company_case
from tests.web.conftest import ROOT, look_image

# Chromium's CJK fonts map some characters to radicals (⼈ for 人); NFKC folds the Kangxi block back.
_RADICALS = {"⺠": "民", "⻓": "长", "⻰": "龙"}


def _printed_text(page, html: str, name: str) -> str:
    page.set_content(html)
    path = ROOT / "out" / "documents" / f"{name}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=path, prefer_css_page_size=True)
    pdf = pypdfium2.PdfDocument(path)
    try:
        pages = []
        for i in range(len(pdf)):
            look_image(pdf[i].render(scale=1.5).to_pil(), f"{name}-a4-{i + 1}")
            pages.append(pdf[i].get_textpage().get_text_range())
    finally:
        pdf.close()
    text = unicodedata.normalize("NFKC", "\n".join(pages))
    return "".join(_RADICALS.get(ch, ch) for ch in text)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _flat(text: str) -> str:
    """The text without the printed line breaks (a long name wraps in its cell)."""
    return "".join(_lines(text))


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_the_printed_application_names_the_chosen_court_and_each_consent(desktop_page):
    case = direct_company_case()
    case["court"] = None  # a court not on the platform yet: named from the parties' choice
    case["facts"] = "被申请人长期拖欠借款，恶意逃避债务。"  # the applicant's own account
    html = render_document("confirmation-application", {"case": case, "generated_on": GENERATED_ON}).html
    text = _printed_text(desktop_page, html, "confirmation-application-chosen-court")
    lines = _lines(text)
    assert lines[lines.index("此致") + 1] == "新乡市红旗区人民法院"
    assert "__" not in text and "恶意逃避债务" not in text
    table = _flat(text[text.index("共同申请的记录"):text.index("此致")])
    for party, when in [("新乡市瑞丰农业科技股份有限公司", "2026年11月26日"), ("李明", "2026年11月27日")]:
        assert party in table and when in table
    assert "8时15分" in table and "139****0001" in table
    closing = _flat(text[text.index("此致"):])
    assert closing.count("在线确认") == 3 and _nfkc("（签名）") not in closing and _nfkc("（盖章）") not in closing


def test_before_anyone_consents_the_addressee_is_described_not_left_blank(desktop_page):
    case = copy.deepcopy(direct_company_case())
    case["court"], case["court_choice"] = None, None
    html = render_document("confirmation-application", {"case": case, "generated_on": GENERATED_ON}).html
    text = _printed_text(desktop_page, html, "confirmation-application-unchosen")
    lines = _lines(text)
    assert lines[lines.index("此致") + 1] == _nfkc("（各申请人共同选定的有管辖权的人民法院）")
    assert "__" not in text
    assert "各申请人尚未在线确认" in text
