import pytest
from chalice.test import Client
from moto import mock_aws

import app as app_module
from chalicelib import bootstrap as bootstrap_module
from chalicelib.bootstrap import bootstrap
from chalicelib.settings import reset_settings
from tests.integration.support import Clock, FakeExtractor, FakeNotifier, create_resources

ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SECURITY_TOKEN": "testing",
       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}


@pytest.fixture
def aws(monkeypatch):
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SUTIAO_AWS_ENDPOINT_URL", raising=False)
    reset_settings()
    with mock_aws():
        for key, value in create_resources().items():
            monkeypatch.setenv(key, value)
        reset_settings()
        yield
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
