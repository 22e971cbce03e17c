"""Text messages from templates/sms/ (Jinja2, plain text: no HTML escaping in an SMS).

A mainland SMS of up to 70 characters (signature included) goes as one message; longer ones are
split and billed per part, so the templates stay short.
"""
from __future__ import annotations

from functools import lru_cache

import jinja2

from chalicelib.rendering.environment import templates_dir


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())), autoescape=False,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


def render_sms(name: str, **context) -> str:
    """The text of templates/sms/{name}.txt, on one line."""
    return " ".join(_environment().get_template(f"sms/{name}.txt").render(**context).split())
