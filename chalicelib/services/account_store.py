"""The port the accounts service and `chalicelib.auth.authenticate` take the account store through.

`chalicelib.adapters.accounts.AccountStore` implements it on DynamoDB; unit tests use a fake.
(The store's exceptions live here, with the port, so services never import an adapter.)
"""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chalicelib.domain.accounts import Account, FailureWindow, Link


class AccountExists(Exception):
    """The username is taken."""


class StoreConflict(Exception):
    """The item changed between our read and our write: read again."""


class AccountStorePort(Protocol):
    def account(self, username: str) -> tuple[Account, int] | None: ...

    def live_generation(self, username: str) -> int | None: ...

    def save(self, account: Account, version: int | None) -> None: ...

    def save_with_link(self, account: Account, version: int | None, link: Link) -> None: ...

    def link(self, digest: str) -> Link | None: ...

    def failures(self, keys: dict[str, int]) -> dict[str, tuple[FailureWindow, int | None]]: ...

    def save_failures(self, windows: dict[str, tuple[FailureWindow, int | None]], now: datetime) -> None: ...
