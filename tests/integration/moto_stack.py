"""One moto account per test process: the stack is created once and emptied between tests.

Creating the template's tables, queues, bucket and key costs ~0.5 s a test (more under load), most of the
integration suite's time; emptying them costs milliseconds. A test that starts its own `mock_aws()` resets
moto, so the next test finds the stack gone and creates it again.

Emptying reaches into moto's backends (moto 5 `models`): there is no API that empties a table in one call,
and deleting items one by one through the API would cost what we are saving.
"""
from __future__ import annotations

from collections import defaultdict

from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.s3.models import s3_backends
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends

REGION = "us-east-1"


class SharedStack:
    def __init__(self, create):
        self._create = create  # () -> the functions' environment (tests.integration.support.create_resources)
        self._mock = mock_aws()
        self._environment: dict[str, str] | None = None
        self._made: tuple[set, set, set] = (set(), set(), set())

    def open(self) -> dict[str, str]:
        """Start moto without resetting it; the stack's environment, with every resource empty."""
        self._mock.start(reset=False)
        if self._environment is not None and self._intact():
            self._empty()
        else:
            self._mock.reset()
            self._environment = self._create()
            self._made = self._present()
        return self._environment

    def close(self) -> None:
        self._mock.stop(remove_data=False)

    @staticmethod
    def _present() -> tuple[set, set, set]:
        return (set(_dynamodb().tables), set(_sqs().queues), set(_s3().buckets))

    def _intact(self) -> bool:
        return all(made <= present for made, present in zip(self._made, self._present()))

    def _empty(self) -> None:
        for table in _dynamodb().tables.values():
            table.items = defaultdict(dict)
        for queue in _sqs().queues.values():
            with queue._messages_lock:
                queue._messages.clear()
                queue._pending_messages.clear()
                queue.deleted_messages.clear()
        for bucket in _s3().buckets.values():
            bucket.keys.clear()
            bucket.multiparts.clear()
        _sns().sms_messages.clear()


def _dynamodb():
    return dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION]


def _sqs():
    return sqs_backends[DEFAULT_ACCOUNT_ID][REGION]


def _s3():
    return s3_backends[DEFAULT_ACCOUNT_ID]["aws"]


def _sns():
    return sns_backends[DEFAULT_ACCOUNT_ID][REGION]
