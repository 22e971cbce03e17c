"""Pages for people (网页): the landing page, a party's application and case, the mediator's phone page,
staff sign-in, setting a password from an invitation link, and the two consoles (工作台): the organization
admin's `/admin` and the court clerk's `/court` (CONTRACT R2).

Each page is a server-rendered shell (templates/web/, autoescaped) whose small
script calls the JSON API of CONTRACT section 3 from the browser. The server
puts nothing secret in a page: party tokens travel in the URL fragment and
staff tokens stay in the browser, so these routes need no authentication.
Their headers (CSP with a per-response nonce) come from chalicelib.web.headers.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.rendering.environment import get_environment
from chalicelib.settings import get_settings

PAGES = {
    "/": "web/landing.html",
    "/apply": "web/apply.html",
    "/my-case": "web/my-case.html",
    "/mediator": "web/mediator.html",
    "/login": "web/login.html",
    "/dashboard": "web/login.html",  # the address people guess: signed in, it opens their own console
    "/set-password": "web/set-password.html",
    "/admin": "web/console.html",
    "/court": "web/console.html",
}


@dataclass(frozen=True)
class Console:
    """A console page: whose it is, and its sections in nav order.

    Each section NAME is the markup `templates/web/<folder>/NAME.html` and the script `…/NAME.js`; a section
    with no label is a detail view reached from another (a case, a mediator) and has no nav link.
    """

    folder: str
    role: str
    title: str
    sections: tuple[tuple[str, str | None], ...]


CONSOLES = {
    "/admin": Console("admin", "org_admin", "调解组织工作台", (
        ("intake", "待处理申请"), ("cases", "案件"), ("case", None), ("roster", "调解员"), ("mediator", None),
        ("reports", "统计报表"), ("settings", "设置"))),
    "/court": Console("court", "court_clerk", "法院诉调工作台", (
        ("cases", "案件"), ("confirmations", "司法确认"), ("filings", "待立案"), ("case", None),
        ("roster", "特邀调解员"), ("stats", "统计"), ("settings", "设置"))),
}

# Query parameters a page reads; anything else is ignored.
_QUERY = {"/apply": ("org",), "/my-case": ("case",), "/mediator": ("case",)}
_MAX_QUERY_CHARS = 64

def base_path(request_context: dict | None) -> str:
    """The prefix before our routes: API Gateway's stage (`/api`) when called through it, else ""."""
    context = request_context or {}
    path, route = context.get("path") or "", context.get("resourcePath") or ""
    if route and path.endswith(route) and path != route:
        return path[: len(path) - len(route)].rstrip("/")
    return ""


def render_page(route: str, request_context: dict | None = None, query: dict | None = None, nonce: str = "") -> str:
    """The HTML of the page served at `route` (a key of PAGES); its scripts and styles carry `nonce`.

    The response's Content-Security-Policy (chalicelib.web.headers.page_headers) names the same nonce.
    """

    wanted = {name: str((query or {}).get(name) or "")[:_MAX_QUERY_CHARS] for name in _QUERY.get(route, ())}
    template = get_environment().get_template(PAGES[route])
    # the footer loads this organization's contact: the one the page applies to, else the default one
    contact_org = wanted.get("org") or get_settings().default_org_id
    return template.render(base=base_path(request_context), page=route, query=wanted, nonce=nonce,
                           upload_limit=get_settings().extraction.max_bytes, contact_org=contact_org,
                           console=CONSOLES.get(route))
