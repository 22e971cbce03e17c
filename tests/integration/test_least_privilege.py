"""Each function's IAM policy (infra/resources.yaml) against the AWS calls its code makes (issue 8).

A walk through every step a deployment runs — court webhooks, a direct application (and its
Idempotency-Key replay), the applicant's SMS sign-in, a large upload (accepted, refused, redelivered),
assignment (redelivered), acceptance, settlement, failure, consents, notifications, the sweep with its deadlines and
pending messages, roster changes — runs on moto, each part as the function that runs it on AWS: with
that function's own environment (Globals plus its overrides, so only the API and the notification
step hold the court-secrets key), its own adapters (a warm Lambda's caches are its own) and the SMS
sender of every deployed stage (SNS; the local stage's outbox needs no grant). Every AWS call is
recorded with the function that made it and turned into the IAM action and resource AWS would
check. Every recorded call must be allowed by that function's statements, and every statement
must be used by some call, but for the few the walk cannot make on moto (listed with the reason).
"""
from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import re
from urllib.parse import unquote

import boto3
import botocore.session
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib import bootstrap as bootstrap_module
from chalicelib import entrypoints
from chalicelib.adapters.sms import e164
from chalicelib.bootstrap import bootstrap
from chalicelib.domain.roster import Court, Mediator
from chalicelib.localstack.resources import load_template
from chalicelib.services.roster import seed_demo
from chalicelib.settings import get_settings, reset_settings
from tests.integration.http import bearer, multipart, post_json, staff, webhook
from tests.integration.support import (
    APPLICANT,
    agreement_extraction,
    application_fields,
    receive_all,
    sqs_event,
    sqs_record,
)

FUNCTIONS = {"APIHandler": "ApiHandlerRole", "HandleAssignment": "HandleAssignmentRole",
             "HandleOutcome": "HandleOutcomeRole", "HandleNotification": "HandleNotificationRole",
             "HandleUpload": "HandleUploadRole", "SweepDeadlines": "SweepDeadlinesRole"}
# Grants the walk cannot exercise on moto, and why they are needed all the same.
UNEXERCISED = {
    # Lambda's SQS poller receives and deletes with the function's role; the walk calls the handlers.
    **{(role, action, queue): "the event source mapping polls with the function's role"
       for role, queue in [("HandleAssignmentRole", "AssignmentQueue"), ("HandleOutcomeRole", "OutcomeQueue"),
                           ("HandleNotificationRole", "NotificationsQueue"), ("HandleUploadRole", "UploadsQueue")]
       for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")},
    ("ApiHandlerRole", "secretsmanager:GetSecretValue", "JwtSecret"): "locally the JWT key comes from the environment",
    ("ApiHandlerRole", "s3:PutObject", "DocumentsBucket/uploads/*"):
        "a presigned POST is signed without a call; S3 checks the signer's right when the browser posts",
}


class Recorder:
    """Every botocore call made while a function is acting, as (role, IAM action, resource)."""

    def __init__(self, names: dict[str, str]):
        self.names = names  # physical name (table, queue, bucket, key ARN) → logical id
        self.acting: str | None = None
        self.calls: set[tuple[str, str, str]] = set()

    def hook(self, event_name: str, params: dict, **_) -> None:
        if self.acting is None:
            return
        _, service, operation = event_name.split(".", 2)
        for action, resource in self._targets(service, operation, params):
            self.calls.add((FUNCTIONS[self.acting], f"{service}:{action}", resource))

    def _targets(self, service: str, operation: str, params: dict):
        if service == "dynamodb":
            if operation == "TransactWriteItems":
                for item in params["TransactItems"]:
                    (kind, body), = item.items()
                    yield {"ConditionCheck": "ConditionCheckItem"}.get(kind, f"{kind}Item"), self.names[body["TableName"]]
            elif operation in ("BatchGetItem", "BatchWriteItem"):
                for table in params["RequestItems"]:
                    yield operation, self.names[table]
            else:
                table = self.names[params["TableName"]]
                yield operation, f"{table}/index/{params['IndexName']}" if "IndexName" in params else table
        elif service == "sqs":
            yield operation, self.names[params.get("QueueName") or params["QueueUrl"].rsplit("/", 1)[1]]
        elif service == "s3":
            bucket = self.names[params["Bucket"]]
            if operation == "CreateBucket":  # botocore builds a presigned POST on this model; nothing is called
                return
            if operation == "CopyObject":
                source = params["CopySource"]  # botocore may already have written it as "bucket/key"
                key = source["Key"] if isinstance(source, dict) else unquote(source.split("/", 1)[1])
                yield "GetObject", f"{bucket}/{key}"
                yield "PutObject", f"{bucket}/{params['Key']}"
            else:
                yield operation, f"{bucket}/{params['Key']}"
        elif service == "kms":
            yield operation, self.names[params["KeyId"]]
        elif service == "sns":  # a phone number has no ARN; a topic or endpoint has
            yield operation, params.get("TopicArn") or params.get("TargetArn") or params["PhoneNumber"]
        else:
            yield operation, service


def _resource(target) -> tuple[str, str]:
    """A statement's resource as (logical id, suffix pattern)."""
    if "Ref" in target:
        return target["Ref"], ""
    if "Fn::GetAtt" in target:
        return target["Fn::GetAtt"][0], ""
    logical, _, suffix = target["Fn::Sub"].partition("}")
    return logical.lstrip("${").split(".", 1)[0], suffix


NOT = "everything but "  # a NotResource grant: (action, NOT, ARN pattern of what it leaves out)


def _excluded(target) -> tuple[str, str]:
    """A NotResource entry as (NOT, ARN pattern), its ${AWS::Partition} (any pseudo parameter) matching any."""
    return NOT, re.sub(r"\$\{AWS::\w+\}", "*", target["Fn::Sub"] if isinstance(target, dict) else target)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _statement_targets(statement: dict) -> list[tuple[str, str]]:
    if "NotResource" in statement:
        return [_excluded(target) for target in _as_list(statement["NotResource"])]
    return [_resource(target) for target in _as_list(statement["Resource"])]


def granted(template: dict, role: str) -> set[tuple[str, str, str]]:
    """(IAM action, logical id, suffix pattern) for every statement of the role's inline policies."""
    return {(action, *target)
            for policy in template["Resources"][role]["Properties"]["Policies"]
            for statement in policy["PolicyDocument"]["Statement"]
            for action in _as_list(statement["Action"]) for target in _statement_targets(statement)}


def allows(grants: set, action: str, resource: str) -> tuple | None:
    logical, _, suffix = resource.partition("/")
    suffix = "/" + suffix if suffix else ""
    return next((g for g in grants if g[0] == action and (
        (g[1] == NOT and not fnmatch.fnmatchcase(resource, g[2])) or
        (g[1] == logical and (g[2] == suffix or (g[2] and fnmatch.fnmatchcase(suffix, g[2])))))), None)


def _function_environments(template: dict) -> dict[str, set[str]]:
    """Variables each function sets beyond Globals (the local stack sets the union of them)."""
    return {name: set(template["Resources"].get(name, {}).get("Properties", {}).get("Environment", {})
                      .get("Variables", {})) for name in FUNCTIONS}


@pytest.fixture
def walk(aws, clock, notifier, extractor, monkeypatch):
    template = load_template()
    s = get_settings()
    names = {s.cases_table: "CasesTable", s.history_table: "HistoryTable", s.roster_table: "RosterTable",
             s.events_table: "EventsTable", s.party_access_table: "PartyAccessTable",
             s.accounts_table: "AccountsTable", s.oversight_table: "OversightTable", s.reports_table: "ReportsTable",
             s.documents_bucket: "DocumentsBucket",
             s.assignment_queue: "AssignmentQueue", s.outcome_queue: "OutcomeQueue",
             s.notifications_queue: "NotificationsQueue", s.uploads_queue: "UploadsQueue",
             s.court_secrets_key: "CourtSecretsKey"}
    recorder = Recorder(names)
    original = botocore.session.Session.create_client

    def create_client(session, *args, **kwargs):
        client = original(session, *args, **kwargs)
        client.meta.events.register("before-parameter-build", recorder.hook)
        return client

    monkeypatch.setattr(botocore.session.Session, "create_client", create_client)
    monkeypatch.setenv("SMS_SENDER", "sns")  # what every stage but the local one sends SMS with
    own = _function_environments(template)
    local = {name: os.environ[name] for variables in own.values() for name in variables if name in os.environ}
    processes: dict[str, object] = {}

    @contextlib.contextmanager
    def acting(function: str):
        for name, value in local.items():  # this function's environment only
            if name in own[function]:
                os.environ[name] = value
            else:
                os.environ.pop(name, None)
        reset_settings()  # clients rebuilt (hooked) for this function
        processes.setdefault(function, bootstrap(clock=clock, notifier=notifier, extract=extractor))
        monkeypatch.setattr(bootstrap_module, "default_deps", lambda: processes[function])
        recorder.acting = function
        try:
            yield processes[function]
        finally:
            recorder.acting = None
            os.environ.update(local)
            reset_settings()

    seed_deps = bootstrap(clock=clock, notifier=notifier, extract=extractor)
    demo = seed_demo(seed_deps)
    seed_deps.roster.save_court(Court(**{**vars(seed_deps.roster.court("weibin", fresh=True)),
                                         "callback_url": "https://court.example/cb"}))
    return template, recorder, acting, demo


def _step(acting, function: str, handler, queue: str) -> None:
    records = receive_all(queue)
    with acting(function):
        assert handler(sqs_event(records), None) == {"batchItemFailures": []}


def _delegate(client, clock, demo, event_id: str):
    payload = {"event_id": event_id, "type": "case.delegated",
               "data": {"court_case_ref": f"（2026）豫0703诉前调{event_id}号", **application_fields()}}
    return webhook(client, demo["court_secret"], payload, now=clock().timestamp()).json_body.get("case_id")


def _mediator_of(deps, case_id: str) -> dict:
    return staff("mediator", mediator_id=deps.cases.get(case_id).mediator_id)


def _run_every_function(client, clock, extractor, notifier, acting, demo) -> None:
    clerk, admin = staff("court_clerk", court_id="weibin"), staff("org_admin", org_id="xx-sme")
    with acting("APIHandler") as deps:
        deps.roster.save_court(Court("qixian", "淇县人民法院", webhook_secret="s" * 64))  # seals: kms:Encrypt
        deps.roster.add_mediator(Mediator("m-new", "新调解员", "xx-sme", specialties=["labor"]))
        deps.roster.update_mediator_profile(Mediator("m-new", "新调解员", "xx-sme", specialties=["labor", "tort"]))
        settled, failed, unsent = (_delegate(client, clock, demo, n) for n in ("1", "2", "3"))
        _delegate(client, clock, demo, "1")  # a replay: the processed-event record is read
        fields, keyed = application_fields(dispute_category="labor"), {"Content-Type": "application/json",
                                                                        "Idempotency-Key": "lp-direct"}
        direct = post_json(client, "/applications", fields, keyed).json_body
        assert post_json(client, "/applications", fields, keyed).json_body == direct  # a replay: the first answer
        _confirm_phone(client, direct["case_id"], ask=True)
        upload, refused = (post_json(client, "/uploads", {}).json_body for _ in range(2))
    assignments = receive_all("assignment_queue")
    with acting("HandleAssignment"):
        for _ in range(2):  # redelivered: the mediators' notices are found sent (a claim's GetItem)
            assert entrypoints.assignment(sqs_event(assignments), None) == {"batchItemFailures": []}
    with acting("APIHandler") as deps:
        mediators = {case_id: _mediator_of(deps, case_id) for case_id in (settled, failed)}
        for case_id, mediator in mediators.items():
            post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, mediator)
        extractor.result = agreement_extraction()
        body, ctype = multipart({})
        client.http.post(f"/cases/{settled}/agreement", body=body,
                         headers={**mediators[settled], "Content-Type": ctype})
        post_json(client, f"/cases/{failed}/outcome",
                  {"result": "failed", "record": {"basic_facts": "a", "reasons": "b", "disputed_points": "c"}},
                  mediators[failed])
    _step(acting, "HandleOutcome", entrypoints.outcome, "outcome_queue")
    with acting("APIHandler"):
        invited = post_json(client, f"/cases/{settled}/invitations", {}, mediators[settled]).json_body
        for invitation in invited["invitations"]:
            post_json(client, f"/cases/{settled}/confirmations", {"consent": True}, bearer(invitation["party_token"]))
        webhook(client, demo["court_secret"], {"event_id": "lp-ruled", "type": "confirmation.ruled", "data": {
            "case_id": settled, "ruling": "confirmed", "ruling_number": "（2026）豫0703民特9号"}},
            now=clock().timestamp())
        _oversee(client, clock, demo, admin, settled, bearer(invited["invitations"][0]["party_token"]))
        for query in ("?status=confirmed", "?court_id=weibin", "?mediator_id=m-wang", "?category=contract", ""):
            for who in (admin, clerk):
                client.http.get(f"/cases{query}", headers=who)
        _admin_cases(client, admin, unsent)
        client.http.get(f"/cases/{settled}", headers=clerk)
        assert client.http.get(f"/cases/{failed}/documents/failure-record", headers=clerk).status_code == 200
        client.http.get("/mediators", headers=admin)
        client.http.get("/mediators?court_id=weibin", headers=admin)
        _staff_accounts(client, deps)
        for path in ("/reports/statistics?court_id=weibin", "/reports/statistics?format=csv", "/reports/subsidies",
                     "/reports/monthly"):  # issue 13: the aggregates and the ledger, the roster's names
            assert client.http.get(path, headers=admin).status_code == 200, path
        assert client.http.get("/reports/monthly?month=2026-03", headers=clerk).status_code == 200
        assert post_json(client, "/reports/subsidies/periods/2026-02/close", {}, admin).status_code == 200
        _court_console(client, clerk, settled, failed)
    notifier.failures = 1  # one court unreachable: the delivery backs off
    records = [{**r, "eventSourceARN": _queue_arn(get_settings().notifications_queue)}
               for r in receive_all("notifications_queue")]
    with acting("HandleNotification"):
        assert len(entrypoints.notification(sqs_event(records), None)["batchItemFailures"]) == 1
    accepted = _upload(acting, extractor, upload, {"document_type": "application", "text_layer": True, "pages": 1,
                                                   "error": None, "issues": [], "fields": application_fields()})
    _upload(acting, extractor, refused, agreement_extraction())
    with acting("APIHandler"):
        for answer, status in ((upload, "accepted"), (refused, "rejected")):  # what the party's page polls
            state = client.http.get(f"/uploads/{answer['case_id']}", headers=bearer(answer["party_token"]))
            assert state.json_body["status"] == status
        _confirm_phone(client, upload["case_id"], ask=False)  # the code the upload step sent
    with acting("HandleUpload"):  # redelivered since: the case's last messages (its assignment) again
        assert entrypoints.upload(accepted, None) == {"batchItemFailures": []}
    _sweep_with_everything_to_do(client, clock, acting, unsent)


def _admin_cases(client, admin, assigned: str) -> None:
    """Issue 14: the intake queue, a correction and a decision, the deadline-ordered list, a reassignment (of
    a case still waiting for its mediator's answer: the new one accepts it later in the walk)."""
    assert client.http.get("/cases?order=deadline&flag=mediator_withdrawn", headers=admin).status_code == 200
    waiting = post_json(client, "/applications", application_fields(
        applicants=[{**APPLICANT, "phone": "13912340001"}])).json_body["case_id"]
    assert client.http.get("/intake", headers=admin).status_code == 200
    assert post_json(client, f"/cases/{waiting}/corrections", {"claim_amount": "100.00"}, admin).status_code == 200
    assert post_json(client, f"/cases/{waiting}/intake-decision", {"decision": "refuse", "reason": "重复申请"},
                     admin).status_code == 200
    moved = post_json(client, f"/cases/{assigned}/reassign", {"reason": "调解员回避"}, admin)
    assert moved.status_code == 200, moved.body


def _court_console(client, clerk: dict, settled: str, failed: str) -> None:
    """Issue 14: the clerk opens the agreement PDF, files the failed case, reads and rotates the court's secret."""
    assert client.http.get(f"/cases/{settled}/files/agreement", headers=clerk).status_code == 200
    filed = post_json(client, f"/cases/{failed}/filing", {"court_case_number": "（2026）豫0703民初9号"}, clerk)
    assert filed.status_code == 200, filed.body
    assert client.http.get("/courts/weibin", headers=clerk).status_code == 200
    assert post_json(client, "/courts/weibin/webhook-secret", {}, clerk).status_code == 200


def _staff_accounts(client, deps) -> None:
    """An admin signs in (after a wrong try), invites a mediator who sets a password; a reset, a sign-out,
    a disable and an enable (issue 11 "Staff accounts")."""
    from chalicelib.auth.passwords import hash_password
    from chalicelib.domain.accounts import Account

    deps.accounts.save(Account("lp-admin", "org_admin", deps.clock(), status="active", org_id="xx-sme",
                               password_hash=hash_password("lp-password")), None)
    assert post_json(client, "/auth/login", {"username": "lp-admin", "password": "wrong"}).status_code == 401
    signed_in = post_json(client, "/auth/login", {"username": "lp-admin", "password": "lp-password"})
    admin = bearer(signed_in.json_body["token"])
    invited = post_json(client, "/accounts/invitations", {"role": "mediator", "username": "lp-mediator",
                                                          "mediator_id": "m-new"}, admin).json_body
    token = invited["url"].split("#token=")[1]
    mediator = bearer(post_json(client, "/auth/password", {"token": token, "password": "lp-new-password"})
                      .json_body["token"])
    assert post_json(client, "/accounts/lp-mediator/reset", {}, admin).status_code == 201
    assert post_json(client, "/auth/logout", {}, mediator).status_code == 200
    assert post_json(client, "/accounts/lp-mediator/disable", {}, admin).status_code == 200
    assert post_json(client, "/accounts/lp-mediator/enable", {}, admin).status_code == 200
    staff_list = client.http.get("/accounts", headers=admin)  # issue 14: the console's staff list (org-index)
    assert staff_list.status_code == 200 and "lp-mediator" in staff_list.body.decode()


def _oversee(client, clock, demo, admin: dict, case_id: str, party: dict) -> None:
    """Issue 13: a court's report decided, a party's complaint and rating, a performance file, a removal."""
    reported = webhook(client, demo["court_secret"], {"event_id": "lp-report", "type": "mediator.reported",
                                                      "data": {"mediator_id": "m-zhao", "reason": "偏袒一方"}},
                       now=clock().timestamp()).json_body
    assert client.http.get("/mediator-reports", headers=admin).status_code == 200
    decided = post_json(client, f"/mediator-reports/{reported['report_id']}/decision", {"decision": "warning"}, admin)
    assert decided.status_code == 200, decided.body
    complained = post_json(client, f"/cases/{case_id}/complaints", {"text": "调解员态度生硬"}, party).json_body
    assert client.http.get("/complaints?state=open", headers=admin).status_code == 200  # issue 14: the queue
    answered = post_json(client, f"/complaints/{complained['complaint_id']}/answer", {"answer": "已约谈"}, admin)
    assert answered.status_code == 200, answered.body
    assert post_json(client, f"/cases/{case_id}/rating", {"score": 4}, party).status_code == 201
    assert client.http.get("/mediators/m-wang/performance", headers=admin).status_code == 200
    edited = client.http.put("/mediators/m-new", body=json.dumps({"capacity": 7}).encode(),
                             headers={**admin, "Content-Type": "application/json"})
    assert edited.status_code == 200, edited.body
    removed = post_json(client, "/mediators/m-new/sanctions", {"kind": "removal", "reason": "收受财物"}, admin)
    assert removed.status_code == 200, removed.body


def _confirm_phone(client, case_id: str, *, ask: bool) -> None:
    """The applicant answers the newest code (R2 party sign-in), which queues the public application.

    `ask`: asks for a new one first (POST /auth/party-code). The code is read where the deployed
    stages send it: SNS, whose phone messages moto keeps.
    """
    phone = APPLICANT["phone"]
    if ask:
        post_json(client, "/auth/party-code", {"case_id": case_id, "phone": phone})
    texts = [text for to, text in sns_backends[DEFAULT_ACCOUNT_ID][get_settings().region].sms_messages.values()
             if to == e164(phone)]
    code = re.search(r"验证码(\d{6})", texts[-1]).group(1)
    assert post_json(client, "/auth/party-login", {"case_id": case_id, "phone": phone, "code": code}).status_code == 200


def _queue_arn(name: str) -> str:
    sqs = boto3.client("sqs", region_name=get_settings().region)
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _upload(acting, extractor, upload: dict, extraction: dict) -> dict:
    """The party's browser posts the file to S3 itself; the uploads step reads it as `extraction`.

    Returns the step's SQS event, to deliver again.
    """
    fields = upload["upload"]["fields"]
    metadata = {k[len("x-amz-meta-"):]: v for k, v in fields.items() if k.startswith("x-amz-meta-")}
    s3 = boto3.client("s3", region_name=get_settings().region)
    s3.put_object(Bucket=get_settings().documents_bucket, Key=fields["key"], Body=b"%PDF-1.7", Metadata=metadata)
    extractor.result = extraction
    s3_event = {"Records": [{"eventName": "ObjectCreated:Post", "s3": {"object": {"key": fields["key"]}}}]}
    event = sqs_event([sqs_record(json.dumps(s3_event))])
    with acting("HandleUpload"):
        assert entrypoints.upload(event, None) == {"batchItemFailures": []}
    return event


def _sweep_with_everything_to_do(client, clock, acting, unsent: str) -> None:
    """An unanswered assignment, a mediation past its limit, a waiting case and an unsent message."""
    class Down:
        def send(self, queue, body, delay_seconds=0):
            raise ConnectionError("SQS down")

    with acting("APIHandler") as deps:
        real, deps.publisher = deps.publisher, Down()
        post_json(client, f"/cases/{unsent}/acceptance", {"decision": "accept"}, _mediator_of(deps, unsent))
        deps.publisher = real
    clock.advance(days=120)
    with acting("SweepDeadlines"):
        counts = entrypoints.sweep({}, None)
    assert counts["resent"] == 1 and counts["terminated"] >= 1 and counts["requeued"] >= 1


def test_every_call_a_function_makes_is_allowed_and_every_grant_is_used(walk, client, clock, extractor, notifier):
    template, recorder, acting, demo = walk
    _run_every_function(client, clock, extractor, notifier, acting, demo)

    refused = [c for c in sorted(recorder.calls) if not allows(granted(template, c[0]), c[1], c[2])]
    assert refused == [], refused
    used = {(role, allows(granted(template, role), action, resource)) for role, action, resource in recorder.calls}
    unused = sorted((role, g[0], g[1] + g[2]) for role in FUNCTIONS.values() for g in granted(template, role)
                    if (role, g) not in used and (role, g[0], g[1] + g[2]) not in UNEXERCISED)
    assert unused == [], unused
    roles_seen = {role for role, _, _ in recorder.calls}
    assert roles_seen == set(FUNCTIONS.values())  # the walk really ran every function

