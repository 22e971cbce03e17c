"""The result shape of CONTRACT section 2; every key always present."""
from __future__ import annotations

PARTY_KEYS = ("name", "kind", "gender", "birth_date", "ethnicity", "id_number", "credit_code", "address", "phone",
              "legal_representative", "position")

FIELD_KEYS = (
    "court", "applicants", "respondents", "claims", "claim_amount", "facts", "dispute_category",
    "application_date", "agreement_number", "terms", "settlement_amount", "performance_deadline",
    "mediator", "mediation_organization", "signed_date", "signatures",
)
APPLICATION_KEYS = frozenset(("court", "applicants", "respondents", "claims", "claim_amount", "facts",
                              "dispute_category", "application_date"))
AGREEMENT_KEYS = frozenset(("applicants", "respondents", "dispute_category", "agreement_number", "terms",
                            "settlement_amount", "performance_deadline", "mediator", "mediation_organization",
                            "signed_date", "signatures"))


def empty_party() -> dict:
    return dict.fromkeys(PARTY_KEYS)


def empty_fields() -> dict:
    return dict.fromkeys(FIELD_KEYS)


def base_result(document_type: str = "unknown", text_layer: bool | None = None, pages: int | None = None) -> dict:
    return {
        "document_type": document_type,
        "text_layer": text_layer,
        "pages": pages,
        "error": None,
        "fields": empty_fields(),
        "issues": [],
    }


def error_result(error: dict, pages: int | None = None) -> dict:
    result = base_result(pages=pages)
    result["error"] = error
    return result


def complete_party(party: dict) -> dict:
    """A PARTY object with all 11 keys, in contract order."""
    full = empty_party()
    full.update({k: party.get(k) for k in PARTY_KEYS})
    return full
