"""Validating the case fields a party form or a court sends (the shape of CONTRACT §2)."""
from __future__ import annotations

import re
import secrets
from datetime import datetime

from chalicelib.domain.deadlines import china_date
from chalicelib.domain.parties import parties_from
from chalicelib.domain.roster import CATEGORIES
from chalicelib.errors import BadRequest

_MONEY = re.compile(r"^\d{1,13}(\.\d{1,2})?$")


def new_case_id(now: datetime) -> str:
    return f"C{china_date(now):%Y%m%d}{secrets.token_hex(4)}"


def case_fields(raw: dict) -> dict:
    """The case's descriptive fields, checked; 400 naming the first bad one."""
    try:
        applicants = parties_from(_list(raw, "applicants"))
        respondents = parties_from(_list(raw, "respondents"))
    except (ValueError, TypeError) as err:
        raise BadRequest(f"applicants/respondents: {err}", code="invalid_party") from None
    category = raw.get("dispute_category")
    if category is not None and category not in CATEGORIES:
        raise BadRequest(f"dispute_category must be one of {', '.join(CATEGORIES)}", code="invalid_category")
    claims = _list(raw, "claims")
    if not all(isinstance(c, str) for c in claims):
        raise BadRequest("claims must be a list of strings", code="invalid_claims")
    amount = raw.get("claim_amount")
    if amount is not None and not _MONEY.match(str(amount)):
        raise BadRequest("claim_amount must be a decimal string in yuan, e.g. 123456.00", code="invalid_amount")
    facts = raw.get("facts")
    if facts is not None and not isinstance(facts, str):
        raise BadRequest("facts must be a string", code="invalid_facts")
    return {"applicants": applicants, "respondents": respondents, "dispute_category": category,
            "claims": claims, "claim_amount": f"{float(amount):.2f}" if amount is not None else None,
            "facts": facts}


def merge_extracted(sent: dict, extraction: dict | None) -> dict:
    """Fields sent explicitly win; the extraction of an attached PDF fills the gaps."""
    extracted = (extraction or {}).get("fields") or {}
    return {k: sent.get(k) if sent.get(k) not in (None, [], "") else extracted.get(k)
            for k in ("applicants", "respondents", "dispute_category", "claims", "claim_amount", "facts")}


def _list(raw: dict, key: str) -> list:
    value = raw.get(key) or []
    if not isinstance(value, list):
        raise BadRequest(f"{key} must be a list", code=f"invalid_{key}")
    return value
