"""Request records in the events table: Idempotency-Key answers and presigned-upload refusals.

Powertools' idempotency utility (DynamoDB persistence) was the first choice; it reads the wall clock
itself (a 24 h expiry cannot be tested without freezing time) and hashes the whole event, while an API
route must key on a header and fingerprint what it parsed. This adapter keeps the same protocol — a
conditional put claims the key "in progress", the answer completes it, a failure releases it — in the
table the processed events already live in.
"""
from __future__ import annotations

import json
import zlib
from datetime import datetime, timedelta

from pynamodb.exceptions import PutError

from chalicelib.adapters.models import RequestRecordModel

IN_PROGRESS, DONE, REFUSED = "in_progress", "done", "refused"


def _conditional_failure(err: Exception) -> bool:
    return getattr(err, "cause_response_code", None) == "ConditionalCheckFailedException"


def _pack(answer: dict) -> bytes:
    return zlib.compress(json.dumps(answer, ensure_ascii=False).encode("utf-8"))


def _unpack(blob: bytes | None) -> dict | None:
    return json.loads(zlib.decompress(blob)) if blob else None


class IdempotencyRecords:
    """Port: claim(key, fingerprint, now, expires, lock) -> None | earlier; complete(...); release(key, now).

    Only GetItem and PutItem (what the API's role already holds on the events table): completing overwrites
    the claim, releasing leaves it already expired, so the next claim's condition lets it through.
    """

    def claim(self, key: str, fingerprint: str, now: datetime, expires: datetime, lock: timedelta) -> dict | None:
        """None when this request may run; else the earlier record {state, fingerprint, answer}."""
        record = RequestRecordModel(key, expiration=expires, state=IN_PROGRESS, fingerprint=fingerprint,
                                    locked_until=int((now + lock).timestamp()))
        free = (RequestRecordModel.id.does_not_exist() | (RequestRecordModel.expiration < now)
                | ((RequestRecordModel.state == IN_PROGRESS)
                   & (RequestRecordModel.locked_until < int(now.timestamp()))))
        try:
            record.save(condition=free)
            return None
        except PutError as err:
            if not _conditional_failure(err):
                raise
        earlier = RequestRecordModel.get(key, consistent_read=True)
        return {"state": earlier.state, "fingerprint": earlier.fingerprint, "answer": _unpack(earlier.answer)}

    def complete(self, key: str, fingerprint: str, expires: datetime, answer: dict) -> None:
        RequestRecordModel(key, expiration=expires, state=DONE, fingerprint=fingerprint,
                           answer=_pack(answer)).save(condition=RequestRecordModel.fingerprint == fingerprint)

    def release(self, key: str, fingerprint: str, now: datetime) -> None:
        try:
            RequestRecordModel(key, expiration=now - timedelta(seconds=1), state=IN_PROGRESS,
                               fingerprint=fingerprint, locked_until=0).save(
                condition=(RequestRecordModel.state == IN_PROGRESS) & (RequestRecordModel.fingerprint == fingerprint))
        except PutError as err:
            if not _conditional_failure(err):
                raise


class UploadRefusals:
    """Port: refuse(upload_id, error, token_hash, now, ttl); refusal(upload_id) -> {error, token_hash} | None."""

    @staticmethod
    def _key(upload_id: str) -> str:
        return f"upload-refused:{upload_id}"

    def refuse(self, upload_id: str, error: dict, token_hash: str | None, now: datetime, ttl: timedelta) -> None:
        RequestRecordModel(self._key(upload_id), expiration=now + ttl, state=REFUSED,
                           answer=_pack({"error": error, "token_hash": token_hash})).save()

    def refusal(self, upload_id: str) -> dict | None:
        try:
            return _unpack(RequestRecordModel.get(self._key(upload_id), consistent_read=True).answer)
        except RequestRecordModel.DoesNotExist:
            return None
