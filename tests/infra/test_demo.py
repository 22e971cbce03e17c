"""`make demo` walks one case from delegation to confirmation against a fresh local stack."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_reaches_a_confirmed_case():
    result = subprocess.run([sys.executable, "-m", "chalicelib.localstack.demo"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Done: the case is confirmed." in result.stdout
    for notification in ("case.assigned", "case.accepted", "case.outcome", "confirmation.requested"):
        assert f"court received {notification} (signature verified)" in result.stdout
