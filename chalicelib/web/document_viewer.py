"""A document link opened in the browser shows the document, never a JSON 401 (issue 14).

A browser that navigates to `GET /cases/{id}/documents/{name}` (a link in a console, pasted into a new tab,
opened from a bookmark) sends no bearer token: staff tokens live in the tab's sessionStorage
(templates/web/common.js `session()`), which a navigation cannot carry. When such a request prefers HTML
(its `Accept` ranks `text/html` above `application/json`, as every browser's navigation does and no API
client does), it gets a small page, still 401, whose script takes this tab's staff session, fetches the
document with it and shows it in a sandboxed frame — or sends the person to sign in and back. A request
with a token, or one that does not prefer HTML, gets the JSON answer the contract fixes.
"""
from __future__ import annotations

from chalicelib.rendering.environment import get_environment
from chalicelib.web.pages import base_path

TEMPLATE = "web/document-viewer.html"


def opens_in_browser(headers: dict) -> bool:
    """A navigation without credentials: no Authorization header, and HTML preferred over JSON."""
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    if lowered.get("authorization"):
        return False
    ranks = _ranks(lowered.get("accept") or "")
    return _quality(ranks, "text", "html") > _quality(ranks, "application", "json")


def viewer_page(case_id: str, name: str, request_context: dict | None, nonce: str) -> str:
    from chalicelib.settings import get_settings

    settings = get_settings()
    return get_environment().get_template(TEMPLATE).render(
        base=base_path(request_context), page="", nonce=nonce, case_id=case_id, name=name,
        contact_org=settings.default_org_id, upload_limit=settings.extraction.max_bytes)


def _ranks(accept: str) -> dict[tuple[str, str], float]:
    """`Accept` (RFC 9110 §12.5.1) as {(type, subtype): q}; a malformed entry is skipped, not an error."""
    ranks = {}
    for entry in accept.split(",")[:50]:
        media, *params = (part.strip() for part in entry.split(";"))
        kind, _, sub = media.lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranks[(kind, sub)] = q
    return ranks


def _quality(ranks: dict[tuple[str, str], float], kind: str, sub: str) -> float:
    """The q of the most specific range that matches (exact, then type/*, then */*); 0 when none does."""
    for key in ((kind, sub), (kind, "*"), ("*", "*")):
        if key in ranks:
            return ranks[key]
    return 0.0
