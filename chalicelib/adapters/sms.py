"""Senders of text messages (短信) to parties' phones, behind one port: `send(phone, text)`.

- `OutboxSms` (the local stage): keeps every message in the party-access table, where
  `GET /_local/messages?to=PHONE` reads it, so the API, the workers and the tests (all in
  other threads or processes) see the same outbox.
- `SnsSms` (AWS): Amazon SNS `Publish(PhoneNumber=...)` (AWS End User Messaging SMS), with the
  sender's signature first, as the MIIT rules on commercial SMS require (短信签名, 【...】). Where a
  region has no SNS SMS (AWS China sends no SMS to mainland numbers through SNS), a mainland
  provider's adapter (阿里云短信, 腾讯云短信) takes its place behind the same `send`.
Both log one line per message with the phone masked and never the text (it may hold a code).
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Callable

from chalicelib import aws
from chalicelib.domain.party_codes import mask_phone
from chalicelib.observability import logger

OUTBOX_KEEP = timedelta(days=1)


def e164(phone: str) -> str:
    """+86 and the 11 digits: the form SNS (and every mainland gateway) takes."""
    return f"+86{phone}"


class OutboxSms:
    def __init__(self, store, clock: Callable[[], datetime]):
        self.store, self.clock = store, clock

    def send(self, phone: str, text: str, kind: str) -> None:
        # the suffix orders messages sent within the same second (newest first)
        self.store.keep_message(phone, text, self.clock(), f"{time.time_ns():020d}", OUTBOX_KEEP)
        logger().info("sms kept in the local outbox", extra={"to": mask_phone(phone), "sms": kind})

    def messages(self, phone: str) -> list[dict]:
        return self.store.messages(phone)


class SnsSms:
    def __init__(self, signature: str, client=None):
        self.signature, self._client = signature, client

    def send(self, phone: str, text: str, kind: str) -> None:
        sns = self._client or aws.client("sns")
        answer = sns.publish(PhoneNumber=e164(phone), Message=f"{self.signature}{text}", MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}})
        logger().info("sms sent", extra={"to": mask_phone(phone), "sms": kind, "message_id": answer["MessageId"]})
