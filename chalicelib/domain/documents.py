"""The court documents of a case, by name (rendered by chalicelib.rendering from templates/documents/)."""
from __future__ import annotations

CONFIRMATION_APPLICATION = "confirmation-application"  # 司法确认申请书
MEDIATION_DOCUMENT_REQUEST = "mediation-document-request"  # 申请出具民事调解书
FAILURE_RECORD = "failure-record"  # 调解不成功记录
PARTY_CONFIRMATION = "party-confirmation"  # 当事人确认书

DOCUMENT_NAMES = (CONFIRMATION_APPLICATION, MEDIATION_DOCUMENT_REQUEST, FAILURE_RECORD, PARTY_CONFIRMATION)


def application_for(referral: str | None) -> str:
    """What the parties file once they all consent: an entrusted (委托) case asks the court that filed it
    for a 调解书 instead of confirmation (民诉法解释 Art.351); any other applies for 司法确认 (民诉法 Art.205)."""
    return MEDIATION_DOCUMENT_REQUEST if referral == "entrusted" else CONFIRMATION_APPLICATION
