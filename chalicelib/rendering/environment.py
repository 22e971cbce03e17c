"""The one Jinja2 environment over the top-level `templates/` directory.

Where the templates are depends on how the code runs:
1. `TEMPLATES_DIR` in the environment, when set (an operator's override);
2. `<repo>/templates`, beside `chalicelib/` (tests, the local stack);
3. `chalicelib/templates`, the copy the build puts into the Lambda package,
   which holds only app.py, chalicelib/ and vendor/.
The environment is built on first render and reused by warm invocations.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2

from chalicelib.rendering.filters import FILTERS

_CHALICELIB = Path(__file__).resolve().parent.parent


def candidate_template_dirs() -> list[Path]:
    """The places searched for templates, in order of preference."""
    candidates = [_CHALICELIB.parent / "templates", _CHALICELIB / "templates"]
    override = os.environ.get("TEMPLATES_DIR")
    if override:
        candidates.insert(0, Path(override))
    return candidates


def templates_dir() -> Path:
    """The first candidate that holds the base template."""
    candidates = candidate_template_dirs()
    for candidate in candidates:
        if (candidate / "base.html").is_file():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"no templates directory with base.html; tried {tried}")


@lru_cache(maxsize=1)
def get_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env


def reset_environment() -> None:
    """Forget the environment (after changing TEMPLATES_DIR)."""
    get_environment.cache_clear()
