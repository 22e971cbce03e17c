"""Render the four court documents of a case to printable HTML.

`render_document(name, context)` takes nothing but the document name and a
plain-dict context, so the Lambda, the local stack and the packaging test all
call it the same way. The context is `{"case": CASE_VIEW, "generated_on":
"YYYY-MM-DD", ...}`; `party-confirmation` also needs `party` (the invited
PARTY). `confirmation_deadline` (ISO date) is the last day of the window for
judicial confirmation; the service computes it with the official calendar
(民事诉讼法 Art.85, chalicelib.domain.periods), the same date it enforces, so the
renderer never counts a period of its own.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chalicelib.domain.documents import DOCUMENT_NAMES, FAILURE_RECORD, PARTY_CONFIRMATION, application_for
from chalicelib.errors import NotFound
from chalicelib.rendering.environment import get_environment

_REQUIRED_EXTRAS = {PARTY_CONFIRMATION: ("party",)}


@dataclass(frozen=True)
class RenderedDocument:
    name: str
    html: str
    sha256: str  # of the UTF-8 bytes, as stored beside the S3 object

    @property
    def body(self) -> bytes:
        return self.html.encode("utf-8")


def render_document(name: str, context: dict) -> RenderedDocument:
    """Render one document; an unknown name is NotFound, a missing context key a KeyError."""
    if name not in DOCUMENT_NAMES:
        raise NotFound(f"no document named {name!r}", code="document_not_found")
    for key in ("case", "generated_on", *_REQUIRED_EXTRAS.get(name, ())):
        if key not in context:
            raise KeyError(f"{name} needs {key!r} in its context")
    full = {"confirmation_deadline": None, **context}
    html = get_environment().get_template(f"documents/{name}.html").render(full)
    return RenderedDocument(name=name, html=html, sha256=hashlib.sha256(html.encode("utf-8")).hexdigest())


def document_names_for(case_view: dict) -> tuple[str, ...]:
    """The documents that make sense for the case as it stands, in DOCUMENT_NAMES order."""
    names = []
    if case_view.get("agreement"):
        names.append(application_for(case_view.get("referral")))
    if case_view.get("failure_record"):
        names.append(FAILURE_RECORD)
    if case_view.get("agreement"):
        names.append(PARTY_CONFIRMATION)
    return tuple(n for n in DOCUMENT_NAMES if n in names)

