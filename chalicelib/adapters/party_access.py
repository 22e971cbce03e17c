"""Parties' SMS codes and send windows in the party-access table (infra/resources.yaml, PartyAccessTable).

Item kinds, by partition key (`sk` is "-" unless said):
- `CODE#{case_id}#{phone digest}`: the live code of one phone on one case (an HMAC, never the code);
- `SENDS#PHONE#{phone digest}` / `SENDS#CASE#{case_id}`: the send times of the last hour;
- `SENDS#LOGIN#USER#{digest}` / `SENDS#LOGIN#IP#{digest}`: staff sign-in failures of the last 15 minutes
  (chalicelib.adapters.accounts reads and writes them through this store);
- `SMS#{phone}`, sk `{at}#{suffix}`: the local stage's SMS outbox (chalicelib.adapters.sms).
Every item carries a TTL; DynamoDB deletes it some time after, so readers also check the times themselves.
Writes are conditioned on the version read (PynamoDB's VersionAttribute): two requests racing for the
last send of a window, or for a code's last try, cannot both win.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import JSONAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import aws
from chalicelib.adapters.models import _LazyMeta, _SettingsModel, connection
from chalicelib.domain.deadlines import iso, parse_iso
from chalicelib.domain.party_codes import IssuedCode, SendWindow
from chalicelib.services.ports import StaleRecord

_ONLY = "-"


class PartyAccessModel(_SettingsModel):
    Meta = _LazyMeta("party_access_table")

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    expiration = TTLAttribute()
    body = JSONAttribute()
    version = VersionAttribute()


def _forget_connection() -> None:
    PartyAccessModel._connection = None


aws.on_reset(_forget_connection)


class PartyAccessStore:
    # ---- codes ----
    def code(self, key: str) -> tuple[IssuedCode, int] | None:
        model = self._get(f"CODE#{key}")
        if model is None:
            return None
        body = model.body
        return IssuedCode(body["digest"], parse_iso(body["expires_at"]), body["tries"], body["used"]), model.version

    def put_code(self, key: str, code: IssuedCode) -> None:
        """A new code replaces the phone's earlier one on that case, whatever its state."""
        model = PartyAccessModel(f"CODE#{key}", _ONLY, expiration=code.expires_at, body=_code_body(code))
        model.save(add_version_condition=False)

    def update_code(self, key: str, code: IssuedCode, version: int) -> None:
        """Record a try or the use; StaleRecord when the code changed since it was read at `version`."""
        model = PartyAccessModel(f"CODE#{key}", _ONLY, expiration=code.expires_at, body=_code_body(code))
        model.version = version
        try:
            model.save()
        except PutError as err:
            if _conditional(err):
                raise StaleRecord(key) from err
            raise

    # ---- send windows ----
    def windows(self, keys: dict[str, int], kind: type[SendWindow] = SendWindow,
                ) -> dict[str, tuple[SendWindow, int | None]]:
        """key -> (window, version) for each send-window key and its limit (one BatchGetItem).

        `kind`: the window's class (its span): staff sign-in failures are counted the same way.
        """
        models = {m.pk: m for m in PartyAccessModel.batch_get([(f"SENDS#{k}", _ONLY) for k in keys],
                                                              consistent_read=True)}
        found = {}
        for key, limit in keys.items():
            model = models.get(f"SENDS#{key}")
            sent = tuple(parse_iso(t) for t in model.body["sent"]) if model else ()
            found[key] = (kind(limit, sent), model.version if model else None)
        return found

    def save_windows(self, windows: dict[str, tuple[SendWindow, int | None]], now: datetime) -> None:
        """Write every window or none (one transaction); StaleRecord when one changed meanwhile."""
        try:
            with TransactWrite(connection=connection()) as tx:
                for key, (window, version) in windows.items():
                    model = PartyAccessModel(f"SENDS#{key}", _ONLY, expiration=now + window.span,
                                             body={"sent": [iso(t) for t in window.sent]})
                    if version is not None:
                        model.version = version
                    tx.save(model)
        except TransactWriteError as err:
            if any(r and r.code in ("ConditionalCheckFailed", "TransactionConflict")
                   for r in err.cancellation_reasons or []):
                raise StaleRecord(",".join(windows)) from err
            raise

    # ---- the local SMS outbox ----
    def keep_message(self, to: str, text: str, at: datetime, suffix: str, keep: timedelta) -> None:
        PartyAccessModel(f"SMS#{to}", f"{iso(at)}#{suffix}", expiration=at + keep,
                         body={"to": to, "text": text, "at": iso(at)}).save(add_version_condition=False)

    def messages(self, to: str, limit: int = 50) -> list[dict]:
        """Newest first."""
        return [m.body for m in PartyAccessModel.query(f"SMS#{to}", scan_index_forward=False, limit=limit)]

    def _get(self, pk: str) -> PartyAccessModel | None:
        try:
            return PartyAccessModel.get(pk, _ONLY, consistent_read=True)
        except PartyAccessModel.DoesNotExist:
            return None


def _code_body(code: IssuedCode) -> dict:
    return {"digest": code.digest, "expires_at": iso(code.expires_at), "tries": code.tries, "used": code.used}


def _conditional(err: Exception) -> bool:
    cause = getattr(err, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"
