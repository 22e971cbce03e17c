"""Fakes and helpers shared by the lifecycle's integration tests (moto in-process)."""
from __future__ import annotations

import copy
import functools
import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import boto3

from chalicelib import aws
from chalicelib.settings import get_settings


@functools.lru_cache(maxsize=1)
def _template() -> dict:
    from chalicelib.localstack.resources import load_template

    return load_template()


def create_resources() -> dict:
    """The resources exactly as infra/resources.yaml declares them (the local stack's own loader)."""
    from chalicelib.localstack.resources import create_stack

    template = copy.deepcopy(_template())
    stack = create_stack(template, aws.client, "us-east-1", {"PublicBaseUrl": "http://127.0.0.1:8000"})
    return stack.environment(template)


def receive_all(queue_attr: str, max_batches: int = 50) -> list[dict]:
    """Take every message off a queue as Lambda-shaped SQS records (unique message ids)."""
    s = get_settings()
    sqs = boto3.client("sqs", region_name=s.region)
    url = sqs.get_queue_url(QueueName=getattr(s, queue_attr))["QueueUrl"]
    records = []
    for _ in range(max_batches):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
        if not got:
            break
        for m in got:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            records.append(sqs_record(m["Body"], m["MessageId"]))
    return records


def sqs_record(body: str, message_id: str | None = None) -> dict:
    return {"messageId": message_id or str(uuid.uuid4()), "receiptHandle": "rh", "body": body,
            "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": {},
            "md5OfBody": hashlib.md5(body.encode()).hexdigest(), "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion": "us-east-1"}


def sqs_event(records: list[dict]) -> dict:
    return {"Records": records}


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@dataclass
class FakeNotifier:
    posts: list = field(default_factory=list)
    failures: int = 0  # fail this many posts first

    def vet(self, url: str) -> None:
        """The real SSRF rule, with a resolver that knows no names (there is no DNS here)."""
        from chalicelib.adapters.court_notifier import CourtNotifier

        CourtNotifier(resolver=lambda host, port: []).vet(url)

    def post(self, url: str, secret: str, message: dict) -> int:
        if self.failures:
            self.failures -= 1
            from chalicelib.adapters.court_notifier import DeliveryFailed

            raise DeliveryFailed("court unreachable")
        self.posts.append((url, message))
        return 200


@dataclass
class FakeExtractor:
    """Returns the next prepared result: the engine's shape (CONTRACT §2)."""

    result: dict = field(default_factory=dict)
    calls: int = 0

    def __call__(self, data: bytes) -> dict:
        self.calls += 1
        return self.result


def party(name: str, kind: str = "person", **extra) -> dict:
    keys = ("gender", "birth_date", "ethnicity", "id_number", "credit_code", "address", "phone",
            "legal_representative", "position")
    return {"name": name, "kind": kind, **{k: None for k in keys}, **extra}


APPLICANT = party("秦涵", address="河南省新乡市卫滨区劳动路83号", phone="13784660762")
RESPONDENT = party("新乡市瑞丰食品股份有限公司", "organization", credit_code="914107242EMG3Q5G00",
                   legal_representative="吕然萱", address="河南省新乡市卫滨区自由路251号")


def application_fields(**overrides) -> dict:
    return {"applicants": [APPLICANT], "respondents": [RESPONDENT], "claims": ["请求被申请人支付货款41679元"],
            "claim_amount": "41679.00", "facts": "双方签订买卖合同，被申请人未付货款。",
            "dispute_category": "contract", **overrides}


def agreement_extraction(signed=("秦涵", "新乡市瑞丰食品股份有限公司"), mediator=True,
                         document_type="agreement", signed_date="2026-03-02", mediator_name="王建国") -> dict:
    """What extraction reads from this case's agreement; `mediator_name` must be the case's mediator (or None:
    not read), since the upload is checked against the case (domain.agreement_checks)."""
    return {"document_type": document_type, "text_layer": True, "pages": 2, "error": None, "issues": [],
            "fields": {"applicants": [APPLICANT], "respondents": [RESPONDENT],
                       "agreement_number": "（2026）新中小调字第001号",
                       "terms": ["被申请人于2026年3月31日前向申请人支付货款40000元"],
                       "settlement_amount": "40000.00", "performance_deadline": "2026-03-31",
                       "mediator": mediator_name, "mediation_organization": "新乡市中小企业协会调解委员会",
                       "signed_date": signed_date,
                       "signatures": {"parties": list(signed), "mediator": mediator, "seal": True}}}


def verified_application(deps, fields: dict | None = None) -> str:
    """Submit through the service and answer the SMS code as the applicant does; the case id."""
    import re

    from chalicelib.services.intake import submit_application
    from chalicelib.services.party_access import sign_in

    fields = fields or application_fields()
    case_id = submit_application(deps, fields)["case_id"]
    phone = fields["applicants"][0]["phone"]
    code = re.search(r"验证码(\d{6})", deps.sms.messages(phone)[0]["text"]).group(1)
    sign_in(deps, {"case_id": case_id, "phone": phone, "code": code})
    return case_id
