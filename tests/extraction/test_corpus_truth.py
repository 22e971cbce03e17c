"""The generator is honest: what the ground truth says is printed in the PDF.

For the producers whose text runs in reading order (no table cells, no
watermark, no shuffled drawing), every string the truth expects verbatim
appears in the page text once line breaks and fake-bold duplicates are gone.
"""

from __future__ import annotations

import re
import unicodedata

import pdfplumber
import pytest

from tests.extraction.corpus import cases, materialise
from tests.extraction.corpus.compare import item_text

VERBATIM_PARTY_KEYS = ("name", "id_number", "credit_code", "address", "phone", "legal_representative", "position")
VERBATIM_KEYS = ("court", "agreement_number", "mediator", "mediation_organization")


def _linear(case) -> bool:
    return case.producer in ("runin", "labelled", "platypus", "raw") and not any(
        case.look.get(k) for k in ("watermark", "shuffled", "owner_password"))


def _squash(text: str) -> str:
    """NFKC, no whitespace, and the phone/id spellings the corpus varies folded away."""
    text = unicodedata.normalize("NFKC", text).replace("x", "X")
    return re.sub(r"[\s()\-]+", "", text)


def _text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return _squash("".join(page.dedupe_chars(extra_attrs=("fontname",)).extract_text() for page in pdf.pages))


def _expected_strings(truth: dict) -> list[str]:
    fields = truth["fields"]
    strings = [fields[k] for k in VERBATIM_KEYS if fields.get(k)]
    for side in ("applicants", "respondents"):
        for party in fields[side]:
            strings += [party[k] for k in VERBATIM_PARTY_KEYS if party[k]]
    for key in ("claims", "terms"):
        strings += [item_text(t) for t in fields.get(key) or []]
    return [_squash(s) for s in strings]


@pytest.mark.parametrize("case", [c for c in cases() if _linear(c)], ids=lambda c: c.name)
def test_truth_is_printed(case, cache_dir):
    path, truth = materialise(case, cache_dir)
    text = _text(path)
    missing = [s for s in _expected_strings(truth) if s not in text]
    assert not missing, f"{case.name}: truth not found in the PDF text: {missing}"
