"""DynamoDB's key-size limits on reads, which moto enforces only on writes.

DynamoDB answers a GetItem or a Query whose partition key value exceeds 2048
bytes with `ValidationException: One or more parameter values were invalid:
Size of hashkey has exceeded the maximum size limit of2048 bytes` (seen in
facebook/ThreatExchange#1324 for Query; ExtendDB#194 tabulates GetItem,
BatchGetItem, DeleteItem, UpdateItem against real DynamoDB). moto 5.2 returns an
empty result instead, which hides a user-supplied id reaching a key unchecked.
`enforce_key_limits` makes the in-process moto refuse as DynamoDB does.
"""
from __future__ import annotations

import json
import re

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import BotocoreStubber, MockRawResponse

MAX_HASH_KEY_BYTES = 2048
_KEYED = {"DynamoDB_20120810.GetItem", "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.DeleteItem",
          "DynamoDB_20120810.Query"}


def enforce_key_limits(patch) -> None:
    """`patch` is a pytest MonkeyPatch; undone with it."""
    original = BotocoreStubber.__call__

    def checked(self, event_name, request, **kwargs):
        if request.headers.get("X-Amz-Target", b"").decode() in _KEYED and _oversized_key(request.body):
            body = json.dumps({"__type": "com.amazon.coral.validate#ValidationException",
                               "message": "One or more parameter values were invalid: Size of hashkey has exceeded "
                                          "the maximum size limit of2048 bytes"}).encode()
            return AWSResponse(request.url, 400, {"x-amzn-ErrorType": "ValidationException"}, MockRawResponse(body))
        return original(self, event_name, request, **kwargs)

    patch.setattr(BotocoreStubber, "__call__", checked)


def _oversized_key(raw: bytes | None) -> bool:
    call = json.loads(raw or b"{}")
    values = list((call.get("Key") or {}).values())
    condition = call.get("KeyConditionExpression") or ""
    values += [v for name, v in (call.get("ExpressionAttributeValues") or {}).items()
               if re.search(re.escape(name) + r"\b", condition)]
    return any(len(str(v.get("S", "")).encode("utf-8")) > MAX_HASH_KEY_BYTES for v in values if isinstance(v, dict))
