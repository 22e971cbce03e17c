"""The fast page reader (pdfium) against pdfminer's, on what would tell them apart."""
import io

import pytest

from chalicelib.extraction import pdfium_page
from chalicelib.extraction.layout import read_page
from chalicelib.extraction.pdfobjects import PageReader
from tests.extraction.box_font import TARGET, box_font


def test_the_committed_box_font_is_the_generators():
    assert TARGET.read_bytes() == box_font()


def _one_run_per_character(text: str) -> bytes:
    """A line of a font the file does not embed (ReportLab's STSong-Light), each character its own text object."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    starts = [72 + pdfmetrics.stringWidth(text[:i], "STSong-Light", 12) for i in range(len(text))]
    for x, char in reversed(list(zip(starts, text))):  # out of order, as word processors' writers emit runs
        page.setFont("STSong-Light", 12)
        page.drawString(x, 700, char)
    page.save()
    return out.getvalue()


def _lines(objects) -> list[str]:
    return [line.text for line in read_page(objects)[0]]


@pytest.mark.parametrize("text", ["人民调解申请书", "电话175 9242 2822。"])
def test_characters_of_a_font_not_embedded_are_kept_and_spaced_as_pdfminer_spaces_them(text):
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    data = _one_run_per_character(text)
    miner = PageReader(PDFDocument(PDFParser(io.BytesIO(data))))
    expected = _lines(miner.read(next(iter(miner.pages())), 1))
    document = pdfium_page.open_document(data)
    try:
        assert _lines(pdfium_page.read_page(document, 0, 1)) == expected
    finally:
        document.close()
    assert "".join(expected).replace(" ", "") == text.replace(" ", "")
