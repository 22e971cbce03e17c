"""Staff accounts in the accounts table (infra/resources.yaml, AccountsTable).

Item kinds, by key `pk`:
- `ACCOUNT#{username}`: the account (chalicelib.domain.accounts.Account), its password's argon2id hash;
  an account of an organization also carries `org_id` at the top, the key of `org-index` (its staff list);
- `LINK#{digest}`: an invitation or reset link (the SHA-256 of its token, never the token), with a TTL;
Accounts are written conditioned on the version read (PynamoDB's VersionAttribute): two requests
racing to use one link cannot both win. An invitation writes its account and its link in one
transaction. The failed sign-ins per account and per client address are sliding windows like the
SMS send windows, kept in the party-access table by its store (short-lived, throttle-heavy keys).
"""
from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import JSONAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import aws
from chalicelib.adapters.models import _index, _LazyMeta, _SettingsModel, connection
from chalicelib.adapters.party_access import PartyAccessStore
from chalicelib.domain.accounts import Account, FailureWindow, Link
from chalicelib.domain.deadlines import iso, parse_iso
from chalicelib.services.ports import AccountExists, StaleRecord


class AccountModel(_SettingsModel):
    Meta = _LazyMeta("accounts_table")

    pk = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)  # links and failure windows only: accounts stay
    org_id = UnicodeAttribute(null=True)  # accounts of an organization only: links have none, so stay off the index
    body = JSONAttribute()
    version = VersionAttribute()
    org_index = _index("org-index", "org_id", "pk")


def _forget_connection() -> None:
    AccountModel._connection = None


aws.on_reset(_forget_connection)


_LOGIN = "LOGIN#"  # the failure windows' prefix among the party-access table's send windows


class AccountStore:
    def __init__(self, windows: PartyAccessStore | None = None):
        self._windows = windows or PartyAccessStore()

    # ---- accounts ----
    def account(self, username: str) -> tuple[Account, int] | None:
        """The account and the version it was read at."""
        model = self._get(f"ACCOUNT#{username}")
        return (_to_account(model.body), model.version) if model else None

    def live_generation(self, username: str) -> int | None:
        """The generation valid tokens carry, while the account is active (chalicelib.auth.tokens)."""
        found = self.account(username)
        return found[0].generation if found and found[0].active else None

    def save(self, account: Account, version: int | None) -> None:
        """Write the account read at `version` (None: create it); StaleRecord / AccountExists otherwise."""
        try:
            _account_model(account, version).save()
        except PutError as err:
            if _conditional(err):
                raise (AccountExists if version is None else StaleRecord)(account.username) from err
            raise

    def save_with_link(self, account: Account, version: int | None, link: Link) -> None:
        """The account (created when `version` is None) and its new link, both or neither."""
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(_account_model(account, version))
                tx.save(AccountModel(f"LINK#{link.digest}", expiration=link.expires_at, body={
                    "username": link.username, "purpose": link.purpose, "expires_at": iso(link.expires_at)}))
        except TransactWriteError as err:
            if any(r and r.code == "ConditionalCheckFailed" for r in err.cancellation_reasons or []):
                raise (AccountExists if version is None else StaleRecord)(account.username) from err
            raise

    def organization_accounts(self, org_id: str, *, limit: int = 20,
                              cursor: str | None = None) -> tuple[list[Account], str | None]:
        """One page of an organization's accounts in username order, through `org-index` (never a Scan)."""
        from chalicelib.adapters.case_repository import decode_cursor, encode_cursor

        start = decode_cursor(cursor)
        if start is not None and (set(start) != {"pk", "org_id"} or start["org_id"]["S"] != org_id):
            raise ValueError("the cursor is not one this API returned for this list")
        pages = AccountModel.org_index.query(org_id, AccountModel.pk.startswith("ACCOUNT#"), limit=limit,
                                             last_evaluated_key=start)
        return [_to_account(m.body) for m in pages], encode_cursor(pages.last_evaluated_key)

    # ---- links ----
    def link(self, digest: str) -> Link | None:
        model = self._get(f"LINK#{digest}")
        if model is None:
            return None
        body = model.body
        return Link(digest, body["username"], body["purpose"], parse_iso(body["expires_at"]))

    # ---- sign-in failures: sliding windows kept beside the SMS send windows, by the same store ----
    def failures(self, keys: dict[str, int]) -> dict[str, tuple[FailureWindow, int | None]]:
        """key -> (window, version) for each key and its limit (one BatchGetItem)."""
        found = self._windows.windows({_LOGIN + k: v for k, v in keys.items()}, FailureWindow)
        return {k.removeprefix(_LOGIN): v for k, v in found.items()}

    def save_failures(self, windows: dict[str, tuple[FailureWindow, int | None]], now: datetime) -> None:
        """Every window or none (one transaction); StaleRecord when one changed meanwhile."""
        self._windows.save_windows({_LOGIN + k: v for k, v in windows.items()}, now)

    def _get(self, pk: str) -> AccountModel | None:
        try:
            return AccountModel.get(pk, consistent_read=True)
        except AccountModel.DoesNotExist:
            return None


def _account_model(account: Account, version: int | None) -> AccountModel:
    body = {**vars(account), "created_at": iso(account.created_at)}
    model = AccountModel(f"ACCOUNT#{account.username}", org_id=account.org_id, body=body)
    if version is not None:
        model.version = version
    return model


def _to_account(body: dict) -> Account:
    return Account(**{**body, "created_at": parse_iso(body["created_at"])})


def _conditional(err: Exception) -> bool:
    return getattr(err, "cause_response_code", None) == "ConditionalCheckFailedException"
