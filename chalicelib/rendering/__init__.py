"""Court documents as printable HTML (Jinja2 over the top-level templates/)."""
from chalicelib.domain.documents import (
    CONFIRMATION_APPLICATION,
    DOCUMENT_NAMES,
    FAILURE_RECORD,
    MEDIATION_DOCUMENT_REQUEST,
    PARTY_CONFIRMATION,
)
from chalicelib.rendering.documents import RenderedDocument, document_names_for, render_document
from chalicelib.rendering.environment import candidate_template_dirs, reset_environment, templates_dir
from chalicelib.rendering.filters import cn_date, mask_id, money_upper

__all__ = [
    "CONFIRMATION_APPLICATION",
    "DOCUMENT_NAMES",
    "FAILURE_RECORD",
    "MEDIATION_DOCUMENT_REQUEST",
    "PARTY_CONFIRMATION",
    "RenderedDocument",
    "candidate_template_dirs",
    "cn_date",
    "document_names_for",
    "mask_id",
    "money_upper",
    "render_document",
    "reset_environment",
    "templates_dir",
]
