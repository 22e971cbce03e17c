import pytest
from chalice.test import Client

import app as app_module


@pytest.fixture
def client():
    with Client(app_module.app) as c:
        yield c
