"""From PDF bytes to the CONTRACT section 2 result, in-process (no guard).

`guard.run_guarded` calls `read_pdf` in the worker process; tests may call
it directly. Parsing steps live in their own modules: layout → paragraphs →
document sections → parties, money, dates → signatures → validation.
"""
from __future__ import annotations

import io

from . import document as doc
from .classify import classify_dispute
from .errors import CORRUPT, ENCRYPTED, ExtractionError
from .layout import read_layout
from .paragraphs import build_paragraphs
from .parties import parse_parties
from .result import AGREEMENT_KEYS, APPLICATION_KEYS, base_result, complete_party
from .safety import check_document
from .signatures import find_slots, read_signatures
from .validation import identifier_issues

_MIN_TEXT_CHARS = 20  # fewer characters than this in the whole file: no text layer
_SCAN_STAMP_CHARS = 60  # per page: a scanner app's caption on page images is no text layer either


def read_pdf(data: bytes, limits) -> dict:
    """Parse `data` (already past the cheap pre-checks) into a result dict; raises ExtractionError."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSException

    check_document(data, limits)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        layout = read_layout(document, limits, data)
    except ExtractionError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ExtractionError(ENCRYPTED) from exc
    except (PSException, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError) as exc:
        raise ExtractionError(CORRUPT, type(exc).__name__) from exc
    if document.encryption and layout.unmapped_count > layout.char_count:
        # permissions-only encryption whose font data pdfminer cannot decrypt: refuse rather than guess
        raise ExtractionError(ENCRYPTED, "text unreadable under the file's encryption")
    return interpret(layout)


def _is_garbled(layout) -> bool:
    """Raw font codes instead of text: a Chinese document whose characters are
    hardly ever Chinese (subset fonts exported without a ToUnicode map)."""
    text = "".join(line.text for line in layout.lines).replace(" ", "")
    if len(text) < _MIN_TEXT_CHARS:
        return False
    chinese = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return chinese < 0.05 * len(text)


def interpret(layout) -> dict:
    """Fields from a read layout: the parties as any document has them, the rest by document type."""
    unreadable = _unreadable(layout)
    if unreadable is not None:
        return unreadable
    paragraphs = build_paragraphs(layout.lines)
    sections = doc.split_sections(paragraphs)
    kind = doc.document_type(paragraphs, sections)
    result = base_result(kind, text_layer=True, pages=layout.pages)
    if kind == doc.UNKNOWN:
        return result
    fields = result["fields"]
    applicants, respondents = parse_parties([p.text for p in sections.head])
    fields["applicants"] = [complete_party(p) for p in applicants]
    fields["respondents"] = [complete_party(p) for p in respondents]
    read, keep = _BY_TYPE[kind]
    classification = read(fields, sections, paragraphs, layout)
    fields["dispute_category"] = classification["category"]
    result["classification"] = {"category": classification["category"], "evidence": classification["evidence"]}
    for key in fields:
        if key not in keep:
            fields[key] = None
    result["issues"] = identifier_issues(fields) + _page_issues(layout)
    return result


def _unreadable(layout) -> dict | None:
    """The result for a file with no text to read (a scan, fonts without a Unicode map), else None."""
    garbled = _is_garbled(layout)
    if not (garbled or layout.char_count < _MIN_TEXT_CHARS or (
            layout.scanned_pages == layout.pages and layout.char_count < _SCAN_STAMP_CHARS * layout.pages)):
        return None
    result = base_result(text_layer=False, pages=layout.pages)
    if garbled or layout.unmapped_count >= _MIN_TEXT_CHARS:
        result["issues"].append({"field": None, "code": "unmapped_font", "message": (
            "The PDF's fonts carry no Unicode mapping; its text cannot be read. 字体无法映射为文字。")})
    else:
        result["issues"].append({"field": None, "code": "no_text_layer", "message": (
            "The PDF has no text layer (a scan); no fields were read. 扫描件，无文字层。")})
    return result


def _application(fields: dict, sections, paragraphs, layout) -> dict:
    """申请书: court, claims and their amount, facts, the application date; returns the classification."""
    claims = doc.items(sections.claims)
    facts = doc.facts_text(sections.facts)
    fields.update(
        court=doc.court(sections),
        claims=claims,
        claim_amount=doc.claim_amount(claims),
        facts=facts,
        application_date=doc.application_date(sections.tail, paragraphs),
    )
    return classify_dispute(" ".join(claims), facts or "")


def _agreement(fields: dict, sections, paragraphs, layout) -> dict:
    """调解协议书: number, terms, settlement, mediator, organization, signing and signatures."""
    terms = doc.items(sections.terms)
    signed = doc.signed_date(sections.tail)
    amount, deadline = doc.settlement(terms, signed)
    after = (sections.terms[0].page, sections.terms[0].top) if sections.terms else None
    slots = find_slots(layout.lines, [w for w, _ in layout.page_sizes], after)
    fields.update(
        agreement_number=doc.agreement_number(paragraphs),
        terms=terms,
        settlement_amount=amount,
        performance_deadline=deadline,
        mediator=doc.mediator(sections.tail + sections.terms),
        mediation_organization=doc.organization(sections.tail + sections.terms + sections.head[:3]),
        signed_date=signed,
        signatures=read_signatures(slots, layout.marks, fields["applicants"], fields["respondents"]),
    )
    return classify_dispute(" ".join(terms), doc.facts_text(sections.facts) or "")


_BY_TYPE = {doc.APPLICATION: (_application, APPLICATION_KEYS), doc.AGREEMENT: (_agreement, AGREEMENT_KEYS)}


def _page_issues(layout) -> list[dict]:
    return [{"field": None, "code": "unreadable_page",
             "message": f"Page {number} is damaged and was skipped. 第{number}页已损坏，未读取。"}
            for number in layout.broken_pages]
