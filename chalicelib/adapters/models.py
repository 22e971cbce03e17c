"""PynamoDB models of the four fixed tables (TEAM.md, infra/ declares the same).

PynamoDB reads `Meta.host`/`region` when a class is defined and caches one
connection per class. Here the table name is a property read from the settings
on use, host and region are filled in just before the connection is built,
and `chalicelib.aws.reset_clients()` drops every cached connection, so models
follow the settings instead of the import-time environment.
"""
from __future__ import annotations

import pynamodb.connection.base
from pynamodb.attributes import (
    BinaryAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    VersionAttribute,
)
from pynamodb.connection import Connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib import aws
from chalicelib.settings import get_settings


class _LazyMeta:
    """A PynamoDB `Meta` whose table name comes from the settings when asked."""

    billing_mode = "PAY_PER_REQUEST"

    def __init__(self, setting: str):
        self._setting = setting

    @property
    def table_name(self) -> str:
        return getattr(get_settings(), self._setting)


class _SettingsModel(Model):
    @classmethod
    def _get_connection(cls):
        if cls._connection is None:
            s = get_settings()
            cls.Meta.host, cls.Meta.region = s.endpoint_url, s.region
        return super()._get_connection()


def _index(name: str, hash_attr: str, range_attr: str = "created_at", projection=AllProjection) -> GlobalSecondaryIndex:
    """A GSI (projecting ALL unless told), keyed as TEAM.md fixes it."""
    meta = type("Meta", (), {"index_name": name, "projection": projection()})
    namespace = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True),
                 range_attr: UnicodeAttribute(range_key=True)}
    return type(f"{name.title().replace('-', '')}", (GlobalSecondaryIndex,), namespace)()


class CaseModel(_SettingsModel):
    """One item per case; the GSI keys are top-level, the rest lives in `body`."""

    Meta = _LazyMeta("cases_table")

    case_id = UnicodeAttribute(hash_key=True)
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    court_id = UnicodeAttribute(null=True)
    mediator_id = UnicodeAttribute(null=True)
    org_id = UnicodeAttribute(null=True)
    dispute_category = UnicodeAttribute(null=True)
    body = JSONAttribute()
    outbox = JSONAttribute(null=True)  # messages of the last change (and earlier unsent ones), re-sent on redelivery
    # Set by the commit that stores unsent messages, removed once they are sent: the sweep's sparse index.
    outbox_pending = UnicodeAttribute(null=True)
    outbox_since = UnicodeAttribute(null=True)  # when the oldest of them was committed
    # Derived from the body on every write, for the admin's list: the nearest deadline of an open case (a
    # sentinel sorting last when it has none; absent once it ended: a sparse index) and the flags to filter by.
    next_deadline = UnicodeAttribute(null=True)
    flag_set = UnicodeSetAttribute(null=True)
    version = VersionAttribute()

    status_index = _index("status-index", "status", "updated_at")
    court_index = _index("court-index", "court_id")
    mediator_index = _index("mediator-index", "mediator_id")
    org_index = _index("org-index", "org_id")
    category_index = _index("category-index", "dispute_category")
    outbox_index = _index("outbox-index", "outbox_pending", "outbox_since", KeysOnlyProjection)
    deadline_index = _index("deadline-index", "org_id", "next_deadline")


class HistoryModel(_SettingsModel):
    """Append-only: entries are only ever put with attribute_not_exists."""

    Meta = _LazyMeta("history_table")

    case_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)  # ISO timestamp + '#' + short unique suffix
    at = UnicodeAttribute()
    actor = UnicodeAttribute()
    from_status = UnicodeAttribute(null=True)
    to_status = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)


class RosterModel(_SettingsModel):
    """Courts (`COURT#id`), organizations (`ORG#id`), mediators (`MEDIATOR#id`), calendars (`CALENDAR#year`),
    and `ROSTERED#{mediator id}`: the courts whose invited roster holds the mediator (`courts`), kept by
    `save_court`, so a removal finds them without a scan.

    A mediator's capacity counters are top-level so a transaction can condition on them.
    """

    Meta = _LazyMeta("roster_table")

    pk = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    org_id = UnicodeAttribute(null=True)
    body = JSONAttribute()
    status = UnicodeAttribute(null=True)
    capacity = NumberAttribute(null=True)
    active_load = NumberAttribute(null=True)
    last_assigned_at = UnicodeAttribute(null=True)
    courts = UnicodeSetAttribute(null=True)  # ROSTERED# items only
    sealed_secret = UnicodeAttribute(null=True)  # a court's webhook secret, KMS-encrypted (adapters.court_secrets)

    org_index = _index("org-index", "org_id", "pk")


class ProcessedEventModel(_SettingsModel):
    """A webhook event or step already applied; DynamoDB expires it after the TTL."""

    Meta = _LazyMeta("events_table")

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute()
    case_id = UnicodeAttribute(null=True)


class RequestRecordModel(_SettingsModel):
    """What the API remembers of a request for a while, beside the processed events (ids never collide: each
    kind has its own prefix): an Idempotency-Key's answer, a presigned upload's refusal."""

    Meta = _LazyMeta("events_table")

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute()
    state = UnicodeAttribute()
    locked_until = NumberAttribute(null=True)  # unix seconds: an in-progress claim lapses then (a crashed request)
    fingerprint = UnicodeAttribute(null=True)
    answer = BinaryAttribute(null=True, legacy_encoding=False)  # zlib-compressed JSON: a case's answer can be long


MODELS = (CaseModel, HistoryModel, RosterModel, ProcessedEventModel, RequestRecordModel)


def connection() -> Connection:
    """A connection for transactions, which span tables (cached like the models')."""
    global _connection
    if _connection is None:
        s = get_settings()
        _connection = Connection(region=s.region, host=s.endpoint_url)
    return _connection


_connection: Connection | None = None


def _forget_connections() -> None:
    global _connection
    _connection = None
    for model in MODELS:
        model._connection = None


aws.on_reset(_forget_connections)
# PynamoDB builds a botocore session per connection (pynamodb/connection/base.py `Connection.session`), each
# parsing botocore's models again; it takes no session to use, so its factory is the one that shares the loader.
pynamodb.connection.base.get_session = aws.botocore_session
