"""Fixtures of the reports' tests: the integration ones, and one generated world shared by a module
(moto applies the counters' update expressions slowly: generating the cases once keeps the tests quick)."""
from __future__ import annotations

import pytest
from chalice.test import Client
from moto import mock_aws

from tests.integration.conftest import ENV, aws, client, clock, demo, deps, extractor, moto_stack, notifier  # noqa: F401
from tests.integration.support import Clock, FakeExtractor, FakeNotifier, create_resources


@pytest.fixture(scope="module")
def world():
    """deps, client and clock on one moto for the whole module, with the demo roster and a second court."""
    import app as app_module
    from chalicelib import bootstrap as bootstrap_module
    from chalicelib.bootstrap import bootstrap
    from chalicelib.services.roster import seed_demo
    from chalicelib.settings import reset_settings
    from tests.reports.generate import second_court

    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key, value in ENV.items():
            mp.setenv(key, value)
        mp.delenv("SUTIAO_AWS_ENDPOINT_URL", raising=False)
        reset_settings()
        for key, value in create_resources().items():
            mp.setenv(key, value)
        reset_settings()
        clock_ = Clock()
        wired = bootstrap(clock=clock_, notifier=FakeNotifier(), extract=FakeExtractor())
        mp.setattr(bootstrap_module, "default_deps", lambda: wired)
        demo_ = seed_demo(wired)
        second_court(wired)
        with Client(app_module.app) as c:
            yield {"deps": wired, "client": c, "clock": clock_, "demo": demo_}
    reset_settings()
