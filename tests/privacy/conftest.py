"""The privacy tests run the lifecycle in-process on moto, with the integration tests' fixtures."""
from tests.integration.conftest import aws, client, clock, demo, deps, extractor, moto_stack, notifier  # noqa: F401
