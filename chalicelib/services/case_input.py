"""Validating the case fields a party form or a court sends (the shape of CONTRACT §2)."""
from __future__ import annotations

import re
import secrets
from datetime import datetime
from decimal import Decimal

from chalicelib.domain.deadlines import china_date
from chalicelib.domain.parties import parties_from
from chalicelib.domain.roster import CATEGORIES
from chalicelib.errors import BadRequest
from chalicelib.services.validation import CLAIM, LONG, PARTY_FIELD, text, texts

MONEY_PATTERN = r"^\d{1,13}(\.\d{1,2})?$"  # yuan, two places at most (CONTRACT §2)
_MONEY = re.compile(MONEY_PATTERN)
MAX_PARTIES = 20


CASE_ID_PATTERN = r"^C[0-9]{8}[0-9a-f]{8}$"  # what new_case_id makes (also the id of a presigned upload)


def new_case_id(now: datetime) -> str:
    return f"C{china_date(now):%Y%m%d}{secrets.token_hex(4)}"


def case_fields(raw: dict) -> dict:
    """The case's descriptive fields, checked; 400 naming the first bad one."""
    applicants, respondents = _parties(raw, "applicants"), _parties(raw, "respondents")
    category = raw.get("dispute_category")
    if category is not None and category not in CATEGORIES:
        raise BadRequest(f"dispute_category must be one of {', '.join(CATEGORIES)}", code="invalid_category")
    try:
        claims = texts(raw.get("claims"), "claims", max_length=CLAIM)
        facts = text(raw.get("facts"), "facts", max_length=LONG)
    except BadRequest as err:
        raise BadRequest(err.message, code=f"invalid_{err.details['field'].split('[')[0]}") from None
    amount = raw.get("claim_amount")
    if amount is not None and not (isinstance(amount, (str, int)) and _MONEY.match(str(amount))):
        raise BadRequest("claim_amount must be a decimal string in yuan, e.g. 123456.00", code="invalid_amount")
    return {"applicants": applicants, "respondents": respondents, "dispute_category": category,
            "claims": claims, "claim_amount": f"{Decimal(str(amount)):.2f}" if amount is not None else None,
            "facts": facts}


def _parties(raw: dict, key: str):
    value = raw.get(key) or []
    if not isinstance(value, list) or len(value) > MAX_PARTIES:
        raise BadRequest(f"{key} must be a list of at most {MAX_PARTIES} parties", code="invalid_party")
    try:
        parties = parties_from(value)
    except ValueError as err:
        raise BadRequest(f"{key}: {err}", code="invalid_party") from None
    if any(len(v) > PARTY_FIELD for p in parties for v in vars(p).values() if v):
        raise BadRequest(f"{key}: a party field is longer than {PARTY_FIELD} characters", code="invalid_party")
    return parties


def merge_extracted(sent: dict, extraction: dict | None) -> dict:
    """Fields sent explicitly win; the extraction of an attached PDF fills the gaps."""
    if not isinstance(sent, dict):
        raise BadRequest("data must be an object", code="invalid_webhook")
    extracted = (extraction or {}).get("fields") or {}
    return {k: sent.get(k) if sent.get(k) not in (None, [], "") else extracted.get(k)
            for k in ("applicants", "respondents", "dispute_category", "claims", "claim_amount", "facts")}


