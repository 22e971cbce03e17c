"""Signed POSTs to a court's callback_url (CONTRACT §3, header `X-Platform-Signature`)."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from chalicelib.auth import sign

TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):
    """The court did not take the notification; the message will be retried."""


class CourtNotifier:
    def __init__(self, opener=urllib.request.urlopen, clock=time.time):
        self._open = opener
        self._clock = clock

    def post(self, url: str, secret: str, message: dict) -> int:
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        timestamp = str(int(self._clock()))
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Platform-Timestamp": timestamp,
            "X-Timestamp": timestamp,
            "X-Platform-Signature": sign(secret, timestamp, body),
            "X-Event-Id": message["event_id"],
        })
        try:
            with self._open(request, timeout=TIMEOUT_SECONDS) as response:
                return response.status
        except urllib.error.HTTPError as err:
            raise DeliveryFailed(f"{url} answered {err.code}") from err
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise DeliveryFailed(f"{url} unreachable: {err}") from err
