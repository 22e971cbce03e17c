"""End-to-end fixtures: one real local stack per test session (per xdist worker), over HTTP."""
from __future__ import annotations

import pytest

from tests.e2e.client import Client, LocalStack, start_local_stack


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def local_stack() -> LocalStack:
    """`python -m chalicelib.localstack` on a free port with the demo roster; stopped at the end."""
    stack = start_local_stack()
    yield stack
    stack.stop(timeout=10)


@pytest.fixture
def client(local_stack) -> Client:
    """An anonymous client; `client.as_staff(...)` / `client.as_token(...)` for others."""
    return Client(local_stack.base_url)
