import subprocess
import sys

import chalicelib.extraction as extraction


def test_importing_the_package_loads_no_parser():
    code = ("import sys, chalicelib.extraction; "
            "print(sorted(m for m in ('pdfplumber', 'pdfminer', 'pypdfium2', 'cn2an', 'stdnum') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names():
    assert {"extract", "extract_file", "ERROR_CODES", "ExtractionError"} <= set(extraction.__all__)
    for name in extraction.__all__:
        assert hasattr(extraction, name)


def test_extract_never_raises_on_odd_input():
    for data in (b"%PDF-1.7\n", b"%PDF-" + b"\x00" * 5000, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"):
        result = extraction.extract(data)
        assert result["document_type"] == "unknown" and result["error"]["code"] in extraction.ERROR_CODES


def test_extracting_a_document_does_not_import_cn2an(tmp_path):
    """cn2an's import costs more than a one-page document (a Lambda cold start pays it)."""
    from tests.unit.extraction.pdfs import text_pdf

    path = tmp_path / "a.pdf"
    path.write_bytes(text_pdf([["调解申请书", "申请人：张三，男，二〇二〇年一月一日出生", "请求事项：",
                                "1.请求被申请人支付货款人民币壹万贰仟元整。"]]))
    code = ("import sys, json, chalicelib.extraction as e; r = e.extract_file(sys.argv[1]); "
            "print(json.dumps([r['fields']['claim_amount'], 'cn2an' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == '["12000.00", false]'
