"""Every value read by OCR is marked so (`issues` code `ocr`, with the confidence): a person confirms it.

The confidence of a value is that of the least sure recognised line holding
it (a value wrapped over two lines: the lines holding its start or its end);
a value that is not in any line as written (a date or an amount the engine
normalised, a category it inferred) takes the page's median confidence.

A failed identifier check (GB 11643 check digit, GB 32100 check character,
birth date, format) on a recognised value is first of all a doubt about the
reading: `ocr_doubt`, not the `checksum` error a text layer would assert of
the party (issue 10).
"""
from __future__ import annotations

import re
import statistics
import unicodedata

from .lines import ReadLine

OCR = "ocr"
OCR_DOUBT = "ocr_doubt"
_PROBE = 8  # characters of a long value looked for at its start or its end
_SCALARS = ("court", "claim_amount", "facts", "dispute_category", "application_date", "agreement_number",
            "settlement_amount", "performance_deadline", "mediator", "mediation_organization", "signed_date")
_ITEMS = ("claims", "terms")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def mark(result: dict, lines: list[ReadLine]) -> dict:
    """`result` (from the text engine on recognised lines) with the OCR marks and doubts."""
    result["text_layer"] = False
    squashed = [(_squash(line.text), line.confidence) for line in lines]
    median = statistics.median(c for _, c in squashed) if squashed else 0.0
    fields = result["fields"]
    issues = [_doubt(issue) for issue in result["issues"]]
    for path, value in _values(fields):
        score = _confidence(_squash(str(value)), squashed, median)
        issues.append({"field": path, "code": OCR, "confidence": round(score, 3), "message": (
            f"Read by OCR (confidence {score:.3f}); a person confirms it. 光学识别，请人工核对。")})
    if fields.get("signatures") is not None:
        fields["signatures"] = None
        issues.append({"field": "signatures", "code": OCR, "confidence": None, "message": (
            "Signatures and seals on a photographed or scanned page are not judged; a person checks them. "
            "图像件的签名、印章须人工核对。")})
    result["issues"] = issues
    return result


def _doubt(issue: dict) -> dict:
    field = issue.get("field") or ""
    if not field.endswith((".id_number", ".credit_code")):
        return issue
    return {"field": field, "code": OCR_DOUBT, "check": issue["code"], "message": (
        f"{issue['message']} — as read by OCR: the image may hold another character; a person checks it "
        "against the document. 光学识别存疑，请核对原件。")}


def _values(fields: dict):
    for key in _SCALARS:
        if fields.get(key) is not None:
            yield key, fields[key]
    for key in _ITEMS:
        for index, item in enumerate(fields.get(key) or []):
            yield f"{key}[{index}]", item
    for side in ("applicants", "respondents"):
        for index, party in enumerate(fields.get(side) or []):
            for key, value in party.items():
                if value is not None and key != "kind":
                    yield f"{side}[{index}].{key}", value


def _confidence(value: str, lines: list[tuple[str, float]], default: float) -> float:
    probes = {value} if len(value) <= _PROBE else {value[:_PROBE], value[-_PROBE:]}
    scores = [score for text, score in lines if any(p in text for p in probes)]
    return min(scores) if scores else default
