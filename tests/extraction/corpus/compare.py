"""Field-by-field comparison of an extraction against ground truth.

Exact for identifiers, names, money, dates and flags.  Free text (claims,
terms, facts) is compared after NFKC and with whitespace, item numbering and
the item's final `；`/`。` removed: line breaks and enumerators are layout,
not content.  Only keys present in the expected fields are compared, so the
samples' partial `expected.json` works too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PARTY_KEYS = ("name", "kind", "gender", "birth_date", "ethnicity", "id_number", "credit_code",
              "address", "phone", "legal_representative", "position")
TEXT_LIST_KEYS = ("claims", "terms")
ENUMERATOR = re.compile(r"^(?:\d+\s*[.、．]|[（(]\d+[)）]|[一二三四五六七八九十]+、)\s*")


def squash(text: str) -> str:
    """NFKC, no whitespace; ○ (U+25CB) typed for the numeral 〇 counts as 〇."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("○", "〇")


def item_text(text: str) -> str:
    return ENUMERATOR.sub("", squash(text)).rstrip("；;。.，,")


@dataclass
class Leaf:
    path: str
    expected: object
    actual: object

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    def __str__(self) -> str:
        return f"{self.path}: expected {self.expected!r}, got {self.actual!r}"


def _parties(path: str, expected: list | None, actual) -> list[Leaf]:
    if expected is None:
        return [Leaf(path, None, actual)]
    actual = actual if isinstance(actual, list) else []
    leaves = []
    for index, party in enumerate(expected):
        got = actual[index] if index < len(actual) and isinstance(actual[index], dict) else {}
        leaves += [Leaf(f"{path}[{index}].{k}", party[k], got.get(k, "<missing>")) for k in PARTY_KEYS if k in party]
    for index in range(len(expected), len(actual)):  # an extra party is a wrong answer too
        name = actual[index].get("name") if isinstance(actual[index], dict) else actual[index]
        leaves.append(Leaf(f"{path}[{index}]", "<no such party>", name))
    return leaves


def _signatures(expected: dict | None, actual) -> list[Leaf]:
    if expected is None:
        return [Leaf("signatures", None, actual)]
    actual = actual if isinstance(actual, dict) else {}
    parties = actual.get("parties")
    return [Leaf("signatures.parties", sorted(expected["parties"]),
                 sorted(parties) if isinstance(parties, list) else parties),
            Leaf("signatures.mediator", expected["mediator"], actual.get("mediator")),
            Leaf("signatures.seal", expected["seal"], actual.get("seal"))]


def field_leaves(key: str, expected, actual) -> list[Leaf]:
    """The comparable leaves of one top-level field."""
    if key in ("applicants", "respondents"):
        return _parties(key, expected, actual)
    if key == "signatures":
        return _signatures(expected, actual)
    if key in TEXT_LIST_KEYS and expected is not None:
        got = [item_text(t) for t in actual] if isinstance(actual, list) and all(
            isinstance(t, str) for t in actual) else actual
        return [Leaf(key, [item_text(t) for t in expected], got)]
    if key == "facts" and expected is not None:
        return [Leaf(key, squash(expected), squash(actual) if isinstance(actual, str) else actual)]
    return [Leaf(key, expected, actual)]


def issue_leaves(expected: list[dict], actual) -> list[Leaf]:
    """`checksum` issues must match exactly; an expected issue without a code
    only needs some issue on that field."""
    actual = actual if isinstance(actual, list) else []
    got_checksums = sorted(i.get("field") for i in actual if isinstance(i, dict) and i.get("code") == "checksum")
    want_checksums = sorted(i["field"] for i in expected if i["code"] == "checksum")
    leaves = [Leaf("issues[checksum]", want_checksums, got_checksums)]
    fields_with_issues = {i.get("field") for i in actual if isinstance(i, dict)}
    for issue in expected:
        if issue["code"] is None:
            leaves.append(Leaf(f"issues[{issue['field']}]", "some issue", "some issue"
                               if issue["field"] in fields_with_issues else "none"))
    return leaves


def compare(truth: dict, result: dict, keys: list[str] | None = None) -> list[Leaf]:
    """All leaves of `result` against `truth` (CONTRACT section 2 shapes)."""
    leaves = []
    for top in ("document_type", "text_layer", "error", "pages"):
        if top in truth and (keys is None or top in keys):
            leaves.append(Leaf(top, truth[top], result.get(top)))
    fields = result.get("fields") or {}
    for key, expected in truth.get("fields", {}).items():
        if keys is None or key in keys:
            leaves += field_leaves(key, expected, fields.get(key, "<missing>"))
    if "issues" in truth and (keys is None or "issues" in keys):
        leaves += issue_leaves(truth["issues"], result.get("issues"))
    return leaves


def accuracy(pairs) -> tuple[int, int]:
    """(matching leaves, all leaves) over (truth, result) pairs."""
    matched = total = 0
    for truth, result in pairs:
        leaves = compare(truth, result)
        matched += sum(leaf.ok for leaf in leaves)
        total += len(leaves)
    return matched, total


def report(leaves: list[Leaf]) -> str:
    """A readable diff: only the leaves that differ, one per line."""
    return "\n".join(str(leaf) for leaf in leaves if not leaf.ok)


# Issue 10's OCR targets are stated per kind of field: names, ID numbers, credit codes, amounts.
OCR_FIELD_KINDS = {"name": re.compile(r"^(applicants|respondents)\[\d+\]\.name$"),
                   "id_number": re.compile(r"\.id_number$"),
                   "credit_code": re.compile(r"\.credit_code$"),
                   "amount": re.compile(r"^(claim_amount|settlement_amount)$")}
OCR_KEYS = ["applicants", "respondents", "claim_amount", "settlement_amount"]


def by_field_kind(pairs) -> dict[str, tuple[int, int]]:
    """{kind: (right, stated)} over (truth, result) pairs; only values the document states count."""
    tallies = {kind: [0, 0] for kind in OCR_FIELD_KINDS}
    for truth, result in pairs:
        for leaf in compare(truth, result, keys=OCR_KEYS):
            kind = next((k for k, pattern in OCR_FIELD_KINDS.items() if pattern.search(leaf.path)), None)
            if kind and leaf.expected is not None:
                tallies[kind][0] += leaf.ok
                tallies[kind][1] += 1
    return {kind: (right, total) for kind, (right, total) in tallies.items()}
