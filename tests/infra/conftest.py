"""Fixtures for the infrastructure tests: the packaged template and zip, built once per run."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from chalicelib.localstack import Stack, create_stack, load_template

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"


def build_stack(parameters: dict | None = None, client=None) -> tuple[dict, Stack]:
    """The template's data resources, created through `client(service)` (default: whatever moto is active)."""
    template = load_template()
    client = client or (lambda service: boto3.client(service, region_name=REGION))
    stack = create_stack(template, client, REGION, {"PublicBaseUrl": "http://127.0.0.1:8000", **(parameters or {})})
    return template, stack


@pytest.fixture
def aws_stack() -> tuple[dict, Stack]:
    """In-process moto holding the template's resources: (template, stack)."""
    with mock_aws():
        yield build_stack()


@pytest.fixture
def stack_environment(aws_stack, monkeypatch) -> dict[str, str]:
    """The settings pointed at `aws_stack`, as the local stack points them."""
    from chalicelib.settings import reset_settings

    template, stack = aws_stack
    environment = stack.environment(template)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    reset_settings()
    return environment


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
