import pytest


@pytest.fixture(autouse=True)
def _fresh_environment():
    from chalicelib.rendering import reset_environment

    reset_environment()
    yield
    reset_environment()
