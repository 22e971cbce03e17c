"""Senders of text messages (短信) to phones, behind one port: `send(phone, text, kind, params=None)`.

`kind` names the template in templates/sms/ and `params` are the values it was rendered with: a sender
that takes free text sends `text`; a mainland provider sends its registered template `kind` with `params`.

- `OutboxSms` (the local stage): keeps every message in the party-access table, where
  `GET /_local/messages?to=PHONE` reads it, so the API, the workers and the tests (all in
  other threads or processes) see the same outbox.
- `SnsSms` (AWS): Amazon SNS `Publish(PhoneNumber=...)` (AWS End User Messaging SMS), with the
  sender's signature first, as the MIIT rules on commercial SMS require (短信签名, 【...】).
- `AliyunSms` (a mainland provider, where a region has no SNS SMS: AWS China sends none): 阿里云短信
  `SendSms` (Dysmsapi 2017-05-25). Mainland gateways send only registered templates (模板) under a
  registered signature (签名), so it sends the template registered for `kind` with `params`, never free text.
Each logs one line per message with the phone masked and never the text (it may hold a code).
"""
from __future__ import annotations

import json
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

    def send(self, phone: str, text: str, kind: str, params: dict | None = None) -> None:
        # the suffix orders messages sent within the same second (newest first)
        self.store.keep_message(phone, text, self.clock(), f"{time.time_ns():020d}", OUTBOX_KEEP)
        logger().info("sms kept in the local outbox", extra={"to": mask_phone(phone), "sms": kind})

    def messages(self, phone: str) -> list[dict]:
        return self.store.messages(phone)


class SnsSms:
    def __init__(self, signature: str, client=None):
        self.signature, self._client = signature, client

    def send(self, phone: str, text: str, kind: str, params: dict | None = None) -> None:
        sns = self._client or aws.client("sns")
        answer = sns.publish(PhoneNumber=e164(phone), Message=f"{self.signature}{text}", MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}})
        logger().info("sms sent", extra={"to": mask_phone(phone), "sms": kind, "message_id": answer["MessageId"]})


class SmsRefused(RuntimeError):
    """The provider answered but did not take the message (its code says why: unregistered template...)."""


class AliyunSms:
    """阿里云短信 SendSms: the template registered for each kind (SMS_TEMPLATES), under the signature's name.

    `send_sms(request) -> answer` takes and returns the API's own maps (PhoneNumbers, SignName,
    TemplateCode, TemplateParam → Code, Message, BizId); by default the Alibaba Cloud SDK makes the call.
    """

    def __init__(self, signature: str, templates: dict[str, str], send_sms=None):
        self.sign_name = signature.strip("【】[] ")  # the gateway puts the 【】 round the registered name
        self.templates, self._send_sms = templates, send_sms

    def send(self, phone: str, text: str, kind: str, params: dict | None = None) -> None:
        template = self.templates.get(kind)
        if template is None:
            raise SmsRefused(f"no template registered for {kind} (SMS_TEMPLATES)")
        answer = (self._send_sms or _aliyun_send_sms)({
            "PhoneNumbers": phone, "SignName": self.sign_name, "TemplateCode": template,
            "TemplateParam": json.dumps(params or {}, ensure_ascii=False)})
        if answer.get("Code") != "OK":
            raise SmsRefused(f"the SMS provider refused the message: {answer.get('Code')}")
        logger().info("sms sent", extra={"to": mask_phone(phone), "sms": kind, "message_id": answer.get("BizId")})


def _aliyun_send_sms(request: dict) -> dict:
    """One SendSms call through the SDK (alibabacloud-dysmsapi20170525, installed by a deployment that uses it;
    credentials from Alibaba Cloud's default chain: ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET, or a RAM role)."""
    from alibabacloud_credentials.client import Client as Credentials
    from alibabacloud_dysmsapi20170525.client import Client
    from alibabacloud_dysmsapi20170525.models import SendSmsRequest
    from alibabacloud_tea_openapi.models import Config

    client = Client(Config(credential=Credentials(), endpoint="dysmsapi.aliyuncs.com"))
    return client.send_sms(SendSmsRequest().from_map(request)).body.to_map()
