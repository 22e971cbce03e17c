"""Paths and the isolated engine runner shared by the extraction tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO.parent / "shared" / "samples"
RUNNER = REPO / "tests" / "extraction" / "runner.py"


def run_isolated(path: Path, timeout: float = 90) -> tuple[int, dict | None, str]:
    """The engine on one file in a child process capped at 6 GB of address space:
    (exit status, the result or None, stderr tail)."""

    def cap_memory():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))

    process = subprocess.run(
        [sys.executable, str(RUNNER), str(path)],
        cwd=REPO, capture_output=True, text=True, timeout=timeout, preexec_fn=cap_memory)
    lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1])["result"] if lines else None
    return process.returncode, result, process.stderr[-2000:]
