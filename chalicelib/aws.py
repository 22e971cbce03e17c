"""Lazily built AWS clients, shared by every adapter.

Clients are created on first use from the settings (so nothing AWS is bound
at import time), reused across warm Lambda invocations, and dropped by
`reset_clients()` when the settings change.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib.settings import get_settings


@lru_cache(maxsize=None)
def client(service: str) -> Any:
    import boto3  # imported lazily: keeps cold start off the boto3 import when unused

    s = get_settings()
    return boto3.session.Session(botocore_session=botocore_session()).client(
        service, region_name=s.region, endpoint_url=s.endpoint_url)


def botocore_session() -> Any:
    """A new botocore session that shares the process's model loader.

    A session per client keeps clients independent (botocore sessions are not thread-safe), but each new
    session would parse botocore's JSON models (endpoints, partitions, the service) again: ~0.2 s a client.
    """
    import botocore.session

    core = botocore.session.get_session()
    core.register_component("data_loader", _loader())
    return core


@lru_cache(maxsize=1)
def _loader() -> Any:
    """botocore's model loader: read-only data, cached per process (its own caches are per instance)."""
    from botocore.loaders import create_loader

    return create_loader()


@lru_cache(maxsize=None)
def queue_url(queue_name: str) -> str:
    return client("sqs").get_queue_url(QueueName=queue_name)["QueueUrl"]


def reset_clients() -> None:
    client.cache_clear()
    queue_url.cache_clear()
    for hook in _reset_hooks:
        hook()


_reset_hooks: list = []


def on_reset(hook) -> None:
    """Register a callback run by `reset_clients` (e.g. PynamoDB connection caches)."""
    _reset_hooks.append(hook)
