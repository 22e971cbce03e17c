"""The PDFs people uploaded to a case, opened in the browser (issue 14): the 申请书 and the signed 调解协议.

`GET /cases/{id}/files/{name}` answers a link to the stored PDF itself (a presigned S3 GET), not its bytes:
a PDF may be 20 MB and a Lambda answer is capped at 6 MB (CONTRACT R2 limits). The link lives five minutes,
enough to open it and short enough that a copied link is soon worthless; it is issued to whoever may see
the case (authorization `document.read`) and whom the privacy rule lets read the original
(`privacy.may_open_original`: a PDF cannot be masked).
"""
from __future__ import annotations

from datetime import timedelta

from chalicelib.auth import Principal
from chalicelib.domain.deadlines import iso
from chalicelib.domain.privacy import may_open_original
from chalicelib.errors import Forbidden, NotFound
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.views import viewer_of

FILES = {"application": "申请书", "agreement": "调解协议"}  # the uploads a case keeps, by name
LINK_LIFETIME = timedelta(minutes=5)
PDF = "application/pdf"


def open_file(deps: Deps, principal: Principal, case_id: str, name: str) -> dict:
    case = load_case(deps, principal, "document.read", case_id)
    stored = case.documents.get(name) if name in FILES else None
    if not stored or stored.get("content_type") != PDF:
        raise NotFound(f"the case has no file {name!r}", code="file_not_found")
    if not may_open_original(viewer_of(principal, case), name, [p.name for p in case.applicants]):
        raise Forbidden(f"the {name} PDF shows the parties' numbers unmasked: it opens for the court, the "
                        f"organization and those who wrote or signed it", code="original_withheld")
    url = deps.documents.presigned_get(stored["key"], int(LINK_LIFETIME.total_seconds()),
                                       filename=f"{FILES[name]}-{case.case_id}.pdf")
    return {"name": name, "content_type": PDF, "url": url, "expires_at": iso(deps.clock() + LINK_LIFETIME)}
