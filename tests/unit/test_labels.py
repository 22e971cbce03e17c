"""The labels people read are keyed by the domain's own values: a new status or category needs its label."""
from __future__ import annotations

import re

from chalicelib.domain.roster import CATEGORIES
from chalicelib.domain.status import ALL as STATUSES
from chalicelib.rendering.filters import DISPUTE_CATEGORIES
from chalicelib.web.pages import render_page


def _js_table(page: str, name: str) -> set[str]:
    body = re.search(r"var " + name + r" = \{(.*?)\};", page, re.DOTALL).group(1)
    return set(re.findall(r"^\s*(\w+):", body, re.MULTILINE))


def test_documents_label_every_category():
    assert set(DISPUTE_CATEGORIES) == set(CATEGORIES)


def test_pages_label_every_status_and_category():
    page = render_page("/my-case")
    assert _js_table(page, "STATUS") == set(STATUSES)
    assert _js_table(page, "CATEGORY") == set(CATEGORIES)
