"""The security headers of every response, in one place (issue 8).

- Every response: `Cache-Control: no-store` (a case view, a document, even an
  error names parties; no browser or proxy cache may keep them — 个人信息保护法
  Art.51), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`
  (page URLs carry a party token in their fragment and case ids in their query),
  and a Content-Security-Policy that lets a JSON answer run and load nothing.
- Pages (templates/web): scripts and styles only with the response's nonce, API
  calls to this origin and to the documents bucket (large PDFs are POSTed
  straight to S3), never framed. Pages show rendered documents in a sandboxed
  `srcdoc` frame, which inherits the page's policy, so the documents' one
  stylesheet is allowed by its hash.
- Rendered documents (GET /cases/{id}/documents/{name}): their stylesheet by
  hash, images as data: URLs at most, nothing else, never framed.
"""
from __future__ import annotations

import base64
import hashlib
import re
import secrets
from functools import lru_cache
from urllib.parse import urlsplit

BASE = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_LOCKED = "base-uri 'none'; frame-ancestors 'none'"
API_POLICY = f"default-src 'none'; form-action 'none'; {_LOCKED}"
HTML = {"Content-Type": "text/html; charset=utf-8", "X-Frame-Options": "DENY"}  # XFO for browsers without CSP


def secure(response):
    """Add what a route did not set itself (app.py's middleware calls this for every response)."""
    for name, value in {**BASE, "Content-Security-Policy": API_POLICY}.items():
        response.headers.setdefault(name, value)
    return response


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def page_headers(nonce: str) -> dict:
    policy = (f"default-src 'none'; script-src 'nonce-{nonce}'; "
              f"style-src 'nonce-{nonce}' {document_style_hash()}; img-src 'self' data:; "
              f"connect-src 'self' {' '.join(upload_origins())}; form-action 'self'; {_LOCKED}")
    return {**BASE, **HTML, "Content-Security-Policy": policy}


def document_headers() -> dict:
    policy = f"default-src 'none'; style-src {document_style_hash()}; img-src data:; form-action 'none'; {_LOCKED}"
    return {**BASE, **HTML, "Content-Security-Policy": policy}


def report_headers(nonce: str) -> dict:
    """A printable report (GET /reports/monthly): its own stylesheet by nonce, inline SVG charts, nothing else."""
    policy = f"default-src 'none'; style-src 'nonce-{nonce}'; img-src data:; form-action 'none'; {_LOCKED}"
    return {**BASE, **HTML, "Content-Security-Policy": policy}


@lru_cache(maxsize=1)
def document_style_hash() -> str:
    """'sha256-…' of the stylesheet every document carries (templates/base.html, which holds no data)."""
    from chalicelib.rendering.environment import get_environment

    shell = get_environment().get_template("base.html").render()
    style = re.search(r"<style>(.*?)</style>", shell, re.S).group(1)
    return f"'sha256-{base64.b64encode(hashlib.sha256(style.encode('utf-8')).digest()).decode()}'"


def upload_origins() -> list[str]:
    """Where the browser POSTs a presigned upload: the emulator locally, the bucket's S3 origins on AWS."""
    from chalicelib.settings import get_settings

    s = get_settings()
    if s.endpoint_url:
        parts = urlsplit(s.endpoint_url)
        return [f"{parts.scheme}://{parts.netloc}"]
    suffix = "amazonaws.com.cn" if s.region.startswith("cn-") else "amazonaws.com"
    return [f"https://{s.documents_bucket}.s3.{s.region}.{suffix}", f"https://{s.documents_bucket}.s3.{suffix}"]
