"""Broken and hostile files: refused with a stable code, in bounded time and
memory, without taking the process down.

Files that could cost unbounded work go through the engine in a child
process capped at 6 GB of address space (so an unguarded engine fails one
test instead of the machine); the child must exit normally with a CONTRACT
section 2 result.  The cheap ones run in-process, as the API handlers do.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.extraction.corpus.hostile import HOSTILE, materialise_hostile
from tests.extraction.corpus.support import REPO, SAMPLES, run_isolated

ERROR_CODES = {"not_pdf", "empty", "encrypted", "corrupt", "too_large", "too_many_pages",
               "too_complex", "timeout", "out_of_memory"}


@pytest.fixture(scope="module")
def hostile_dir(cache_dir):
    return cache_dir / "hostile"


@pytest.fixture(scope="module", autouse=True)
def engine_present(engine):
    return engine


@pytest.mark.timeout(120)
@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_refused_with_stable_code(hostile, hostile_dir, engine):
    path = materialise_hostile(hostile, hostile_dir)
    if hostile.heavy:
        status, result, stderr = run_isolated(path)
        assert status == 0, f"the process running the engine died (exit {status}):\n{stderr}"
        assert result is not None, f"no result printed:\n{stderr}"
    else:
        result = engine(str(path))
    assert set(result) >= {"document_type", "text_layer", "pages", "error", "fields", "issues"}
    assert result["document_type"] == "unknown"
    error = result["error"]
    if error is None and hostile.may_read_blank:
        assert result["text_layer"] is False and not any(result["fields"].values())
        return
    assert isinstance(error, dict) and isinstance(error.get("message"), str) and error["message"]
    assert error["code"] in ERROR_CODES
    assert error["code"] in hostile.codes, f"{hostile.name}: got {error['code']!r}, expected one of {sorted(hostile.codes)}"


@pytest.mark.timeout(180)
def test_cli_prints_one_line_per_file_and_exits_zero(hostile_dir):
    """CONTRACT section 1: `python -m chalicelib.cli extract FILE...`, exit 0 even for rejected files."""
    files = [str(materialise_hostile(h, hostile_dir)) for h in HOSTILE if h.name in ("not-pdf-png", "encrypted")]
    if (SAMPLES / "application-word-export.pdf").exists():
        files.append(str(SAMPLES / "application-word-export.pdf"))
    process = subprocess.run([sys.executable, "-m", "chalicelib.cli", "extract", *files], cwd=REPO,
                             capture_output=True, text=True, timeout=150)
    assert process.returncode == 0, process.stderr[-2000:]
    lines = [json.loads(line) for line in process.stdout.splitlines() if line.strip()]
    assert [line["file"] for line in lines] == files
    assert [line["error"]["code"] for line in lines[:2]] == ["not_pdf", "encrypted"]
