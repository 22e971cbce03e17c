import pytest
from chalice.test import Client

import app as app_module
from chalicelib import bootstrap as bootstrap_module
from chalicelib.bootstrap import bootstrap
from chalicelib.settings import reset_settings
from tests.integration.moto_stack import SharedStack
from tests.integration.support import Clock, FakeExtractor, FakeNotifier, create_resources

ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SECURITY_TOKEN": "testing",
       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def moto_stack():
    return SharedStack(create_resources)


@pytest.fixture
def aws(moto_stack, monkeypatch):
    """The template's resources on moto, empty: created once per process, emptied for each test."""
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SUTIAO_AWS_ENDPOINT_URL", raising=False)
    reset_settings()
    try:
        for key, value in moto_stack.open().items():
            monkeypatch.setenv(key, value)
        reset_settings()
        yield
    finally:
        moto_stack.close()
        reset_settings()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def notifier():
    return FakeNotifier()


@pytest.fixture
def extractor():
    return FakeExtractor()


@pytest.fixture
def deps(aws, clock, notifier, extractor, monkeypatch):
    """Real adapters on moto; fakes for the clock, the courts' HTTP endpoints and extraction."""
    wired = bootstrap(clock=clock, notifier=notifier, extract=extractor)
    monkeypatch.setattr(bootstrap_module, "default_deps", lambda: wired)
    return wired


@pytest.fixture
def demo(deps):
    from chalicelib.services.roster import seed_demo

    return seed_demo(deps)


@pytest.fixture
def client(deps):
    with Client(app_module.app) as c:
        yield c
