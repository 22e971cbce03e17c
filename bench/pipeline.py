"""Pipeline bench: cases per second and AWS requests per case.

    .venv/bin/python bench/pipeline.py [--cases N] [--workers W]

1. intake → assigned through the local stack: a moto server on 127.0.0.1, the
   Chalice app served over HTTP, and the SQS dispatchers calling app.py's
   handlers — the pieces `make run` starts, in this process so that a botocore
   event hook sees every AWS call the handlers make.
2. intake → confirmed for one case, through chalice.test.Client and the same
   handler functions on moto in-process, with the extraction stubbed (a real
   agreement would have to be signed within the last 30 days to be
   confirmable).

AWS calls are counted per operation with a `before-call` hook on every botocore
client (retries of one call count once). Calls Lambda's SQS poller makes
(ReceiveMessage, DeleteMessageBatch, ...) are reported apart: in AWS they are
the event source mapping's, not the function's.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POLLER_OPERATIONS = {"ReceiveMessage", "DeleteMessageBatch", "DeleteMessage", "ChangeMessageVisibilityBatch",
                     "ChangeMessageVisibility", "GetQueueAttributes"}
# issue 4: 25; issue 8: +1 UpdateItem per change whose messages must not be lost (4); issue 11: +4 for the
# mediator's SMS notice (its phone from the roster, the claim, the send, the completion; the parties here have no
# phone: each notice to a party would cost 3 more); issue 13: +11 for the integrity lookups, the settlement's
# screening and the performance file, and +7 TransactWriteItems for the statistics (one per counted change) and
# the subsidy ledger row
TARGET_INTAKE_TO_CONFIRMED = 50
APPLICANT = {"name": "秦涵", "kind": "person", "address": "河南省新乡市卫滨区劳动路83号"}
RESPONDENT = {"name": "新乡市瑞丰食品股份有限公司", "kind": "organization", "credit_code": "914107242EMG3Q5G00",
              "address": "河南省新乡市卫滨区自由路251号", "legal_representative": "吕然萱"}
APPLICATION = {"applicants": [APPLICANT], "respondents": [RESPONDENT], "claims": ["请求被申请人支付货款41679元"],
               "claim_amount": "41679.00", "facts": "被申请人未付货款。", "dispute_category": "contract"}


class RequestCounter:
    """Counts AWS API calls by `service.Operation` on every botocore client created while installed."""

    def __init__(self, skip_main_thread: bool = False):
        self.skip_main_thread = skip_main_thread  # the bench's own polling runs there
        self.counts: Counter = Counter()
        self._lock = threading.Lock()
        self._original = None

    def install(self) -> "RequestCounter":
        import botocore.session

        from chalicelib.settings import reset_settings

        original = self._original = botocore.session.Session.create_client
        counter = self

        def create_client(session, *args, **kwargs):
            client = original(session, *args, **kwargs)
            client.meta.events.register("before-call", counter._count)
            return client

        botocore.session.Session.create_client = create_client
        reset_settings()  # drop cached clients and PynamoDB connections so they are rebuilt hooked
        return self

    def uninstall(self) -> None:
        import botocore.session

        botocore.session.Session.create_client = self._original
        self._original = None

    def _count(self, event_name: str, **_) -> None:
        if self._original is None:
            return  # uninstalled; the clients built meanwhile keep the hook
        if self.skip_main_thread and threading.current_thread() is threading.main_thread():
            return
        _, service, operation = event_name.split(".", 2)
        with self._lock:
            self.counts[f"{service}.{operation}"] += 1

    def take(self) -> Counter:
        with self._lock:
            taken, self.counts = self.counts, Counter()
        return taken


def split(counts: Counter) -> tuple[Counter, Counter]:
    """(the functions' own calls, the SQS poller's calls)."""
    poller = Counter({k: v for k, v in counts.items() if k.split(".", 1)[1] in POLLER_OPERATIONS})
    return counts - poller, poller


def per_case(counts: Counter, cases: int) -> dict:
    return {k: round(v / cases, 2) for k, v in sorted(counts.items())}


# ---- 1. intake → assigned through the local stack ----

@contextmanager
def local_stack(port: int, mediators: int, counter: RequestCounter):
    """moto server + the app over HTTP + the queue dispatchers, as `make run` wires them."""
    from chalicelib.localstack.server import start_moto

    moto, endpoint = start_moto()
    try:
        yield from _serve_on(endpoint, port, mediators, counter)
    finally:
        moto.stop()


def _serve_on(endpoint: str, port: int, mediators: int, counter: RequestCounter):
    from chalice.app import SQSEventConfig
    from chalice.config import Config
    from chalice.local import LocalDevServer

    from chalicelib import aws
    from chalicelib.localstack.dispatcher import QueueDispatcher
    from chalicelib.localstack.resources import create_stack, load_template
    from chalicelib.localstack.server import FAKE_CREDENTIALS
    from chalicelib.settings import reset_settings

    os.environ.update(FAKE_CREDENTIALS, AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
                      SUTIAO_AWS_ENDPOINT_URL=endpoint, LOG_LEVEL="WARNING")
    reset_settings()
    template = load_template()
    stack = create_stack(template, aws.client, "us-east-1", {"PublicBaseUrl": f"http://127.0.0.1:{port}"})
    os.environ.update(stack.environment(template))
    counter.install()  # every client from here on is counted: the handlers' and the dispatchers'
    _seed(mediators)
    import app as app_module

    server = LocalDevServer(app_module.app, Config(chalice_stage="local"), "127.0.0.1", port)
    http = threading.Thread(target=server.serve_forever, daemon=True)
    http.start()
    stop = threading.Event()
    dispatchers = [QueueDispatcher(stack.event_queue(template, _cfn_name(s.name)) or s.queue,
                                   getattr(app_module, s.name), sqs=aws.client("sqs"), region="us-east-1",
                                   stop=stop, batch_size=s.batch_size, function_name=s.name)
                   for s in app_module.app.event_sources if isinstance(s, SQSEventConfig)]
    for d in dispatchers:
        d.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        server.server.shutdown()
        for d in dispatchers:
            d.join(timeout=3)


def _cfn_name(name: str) -> str:
    from chalice.utils import to_cfn_resource_name

    return to_cfn_resource_name(name)


def _seed(mediators: int) -> None:
    """The demo roster plus enough contract mediators that every case finds one."""
    from chalicelib.bootstrap import default_deps
    from chalicelib.domain.roster import Mediator
    from chalicelib.services.roster import seed_demo

    seed_demo(default_deps())
    for i in range(mediators):
        default_deps().roster.add_mediator(Mediator(f"bench-{i}", f"调解员{i}", "xx-sme",
                                                    specialties=["contract"], capacity=1000))


def _http_json(url: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"},
                                     method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def post_application(api: str, number: int) -> str:
    """Apply, then answer the SMS code as the applicant does: a public application waits for its phone.

    Each applicant has a phone of their own (a phone gets a few codes an hour).
    """
    phone = f"139{number:08d}"
    application = {**APPLICATION, "applicants": [{**APPLICANT, "phone": phone}]}
    case_id = _http_json(f"{api}/applications", application)["case_id"]
    text = _http_json(f"{api}/_local/messages?to={phone}")["messages"][0]["text"]
    code = re.search(r"验证码(\d{6})", text).group(1)
    _http_json(f"{api}/auth/party-login", {"case_id": case_id, "phone": phone, "code": code})
    return case_id


def assigned_count(observer, table: str) -> int:
    return observer.query(TableName=table, IndexName="status-index", Select="COUNT",
                          KeyConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "status"},
                          ExpressionAttributeValues={":s": {"S": "assigned"}})["Count"]


def intake_to_assigned(cases: int, workers: int, port: int) -> dict:
    import boto3

    from chalicelib.settings import get_settings

    counter = RequestCounter(skip_main_thread=True)
    with local_stack(port, mediators=max(4, cases // 25), counter=counter) as api:
        s = get_settings()
        observer = boto3.client("dynamodb", region_name=s.region, endpoint_url=s.endpoint_url)
        counter.take()  # forget the set-up
        try:
            started = time.perf_counter()
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(lambda number: post_application(api, number), range(cases)))
            while assigned_count(observer, s.cases_table) < cases:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        finally:
            counter.uninstall()
        own, poller = split(counter.take())
    return {"cases": cases, "seconds": round(elapsed, 2), "cases_per_second": round(cases / elapsed, 1),
            "requests_per_case": round(sum(own.values()) / cases, 2), "by_operation": per_case(own, cases),
            "poller_requests_per_case": round(sum(poller.values()) / cases, 2),
            "poller_by_operation": per_case(poller, cases)}


# ---- 2. intake → confirmed, one case, in-process ----

def intake_to_confirmed() -> dict:
    """AWS calls of one case from intake to `confirmed`, by operation (moto in-process, stubbed extraction)."""
    from moto import mock_aws

    from chalicelib.settings import reset_settings

    os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"})
    os.environ.pop("SUTIAO_AWS_ENDPOINT_URL", None)
    reset_settings()
    with mock_aws():
        return _walk_one_case()


def _walk_one_case() -> dict:
    from datetime import datetime, timezone

    from chalice.test import Client

    import app as app_module
    from chalicelib import aws, bootstrap
    from chalicelib.auth import mint_token, sign
    from chalicelib.localstack.resources import create_stack, load_template
    from chalicelib.services.roster import seed_demo
    from chalicelib.settings import reset_settings

    template = load_template()
    os.environ.update(create_stack(template, aws.client, "us-east-1", {"PublicBaseUrl": "http://x"})
                      .environment(template))
    reset_settings()
    today = datetime.now(timezone.utc).date().isoformat()
    agreement = {"document_type": "agreement", "text_layer": True, "pages": 1, "error": None, "issues": [],
                 "fields": {"applicants": [APPLICANT], "respondents": [RESPONDENT], "terms": ["被申请人支付货款40000元"],
                            "agreement_number": "（2026）新中小调字第001号", "settlement_amount": "40000.00",
                            "signed_date": today, "mediator": "王建国",
                            "mediation_organization": "新乡市中小企业协会调解委员会",
                            "signatures": {"parties": [APPLICANT["name"], RESPONDENT["name"]], "mediator": True,
                                           "seal": True}}}
    deps = bootstrap.bootstrap(extract=lambda data: agreement, notifier=_NullNotifier())
    original = bootstrap.default_deps
    bootstrap.default_deps = lambda: deps
    try:
        demo = seed_demo(deps)
        counter = RequestCounter().install()  # drops the clients, which are rebuilt hooked on next use
        with Client(app_module.app) as client:
            _drive(client, demo, mint_token, sign, "warm-up")  # a warm process: caches and queue URLs filled
            cold = counter.take()
            case_id = _drive(client, demo, mint_token, sign, "measured")
        counter.uninstall()
        status = deps.cases.get(case_id).status
    finally:
        bootstrap.default_deps = original
    if status != "confirmed":
        raise RuntimeError(f"the case ended {status}, not confirmed")
    own, poller = split(counter.take())
    first, _ = split(cold)
    return {"requests": sum(own.values()), "by_operation": dict(sorted(own.items())),
            "first_case_in_a_cold_process": sum(first.values()), "poller_requests": sum(poller.values()),
            "target": TARGET_INTAKE_TO_CONFIRMED}


class _NullNotifier:
    def post(self, url, secret, message):
        return 200


def _drive(client, demo, mint_token, sign, run: str) -> str:
    """Webhook → assignment → accept → agreement → outcome → invitations → consents → ruling."""
    from chalicelib import entrypoints

    def step(name: str, queue: str) -> None:
        _run_queue(getattr(entrypoints, name), queue)

    def webhook(payload: dict) -> dict:
        body, ts = json.dumps(payload).encode(), str(int(time.time()))
        return client.http.post("/webhooks/court", body=body, headers={
            "Content-Type": "application/json", "X-Court-Id": "weibin", "X-Timestamp": ts,
            "X-Signature": sign(demo["court_secret"], ts, body)}).json_body

    mediator = {"Authorization": "Bearer " + mint_token("mediator", mediator_id="m-wang"),
                "Content-Type": "application/json"}
    case_id = webhook({"event_id": f"{run}-1", "type": "case.delegated",
                       "data": {**APPLICATION, "mediator_id": "m-wang"}})["case_id"]  # the parties' joint choice
    step("assignment", "assignment_queue")
    step("notification", "notifications_queue")
    client.http.post(f"/cases/{case_id}/acceptance", headers=mediator, body=json.dumps({"decision": "accept"}))
    step("notification", "notifications_queue")
    boundary = "b"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--{boundary}--\r\n").encode()
    client.http.post(f"/cases/{case_id}/agreement", body=form,
                     headers={**mediator, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    step("outcome", "outcome_queue")
    step("notification", "notifications_queue")
    invitations = client.http.post(f"/cases/{case_id}/invitations", headers=mediator, body="{}").json_body
    for invitation in invitations["invitations"]:
        client.http.post(f"/cases/{case_id}/confirmations", body=json.dumps({"consent": True}),
                         headers={"Authorization": f"Bearer {invitation['party_token']}",
                                  "Content-Type": "application/json"})
    step("notification", "notifications_queue")
    webhook({"event_id": f"{run}-2", "type": "confirmation.ruled",
             "data": {"case_id": case_id, "ruling": "confirmed", "ruling_number": "（2026）豫0703民特1号"}})
    return case_id


def _run_queue(handler, queue_attr: str) -> None:
    """Hand what is on a queue to its handler as Lambda would (the poller's calls are counted apart)."""
    import uuid

    from chalicelib import aws
    from chalicelib.settings import get_settings

    sqs = aws.client("sqs")
    url = aws.queue_url(getattr(get_settings(), queue_attr))
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    if not messages:
        return
    records = [{"messageId": str(uuid.uuid4()), "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                "attributes": {}, "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion": "us-east-1"}
               for m in messages]
    handler({"Records": records}, None)
    sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                                                    for i, m in enumerate(messages)])


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT") or 0), help="0: any free port")
    args = parser.parse_args()
    confirmed = intake_to_confirmed()
    assigned = intake_to_assigned(args.cases, args.workers, args.port or _free_port())
    print(json.dumps({"intake_to_assigned": assigned, "intake_to_confirmed": confirmed}, ensure_ascii=False,
                     indent=2))
    return 0 if confirmed["requests"] <= TARGET_INTAKE_TO_CONFIRMED else 1


if __name__ == "__main__":
    sys.exit(main())
