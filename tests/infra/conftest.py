"""Fixtures for the infrastructure tests: the packaged template and zip, built once per run."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def packaged(tmp_path_factory) -> Path:
    """`infra/package.py` output (sam.yaml, deployment.zip), shared by the xdist workers of one run.

    The first worker builds it under a lock; the others find it done.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # one per run, not per worker
    out = shared / "package"
    with open(shared / "package.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "done").exists():
            result = subprocess.run([sys.executable, str(ROOT / "infra" / "package.py"), "--stage", "prod", str(out)],
                                    cwd=ROOT, capture_output=True, text=True, timeout=900)
            assert result.returncode == 0, result.stdout + result.stderr
            (out / "done").touch()
    return out
