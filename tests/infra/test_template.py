"""infra/resources.yaml holds the fixed resources of TEAM.md, wired the way the functions need."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.localstack.resources import load_template

ROOT = Path(__file__).resolve().parents[2]
CONFIG = json.loads((ROOT / ".chalice" / "config.json").read_text())
SQS_FUNCTIONS = {  # app.py handler → the queue resource its event source must read
    "handle_assignment": "AssignmentQueue",
    "handle_outcome": "OutcomeQueue",
    "handle_notification": "NotificationsQueue",
    "handle_upload": "UploadsQueue",
}


@pytest.fixture(scope="module")
def resources() -> dict:
    return load_template()["Resources"]


def _gsis(table: dict) -> dict[str, list[tuple[str, str]]]:
    return {g["IndexName"]: [(k["AttributeName"], k["KeyType"]) for k in g["KeySchema"]]
            for g in table["Properties"].get("GlobalSecondaryIndexes", [])}


def test_cases_table_has_the_fixed_key_and_indexes(resources):
    cases = resources["CasesTable"]["Properties"]
    assert cases["KeySchema"] == [{"AttributeName": "case_id", "KeyType": "HASH"}]
    assert _gsis(resources["CasesTable"]) == {
        "status-index": [("status", "HASH"), ("updated_at", "RANGE")],
        "court-index": [("court_id", "HASH"), ("created_at", "RANGE")],
        "mediator-index": [("mediator_id", "HASH"), ("created_at", "RANGE")],
        "org-index": [("org_id", "HASH"), ("created_at", "RANGE")],
        "category-index": [("dispute_category", "HASH"), ("created_at", "RANGE")],
        "outbox-index": [("outbox_pending", "HASH"), ("outbox_since", "RANGE")],  # issue 8: the sweep's, sparse
        "deadline-index": [("org_id", "HASH"), ("next_deadline", "RANGE")],  # issue 14: the admin's list, sparse
    }
    projections = {g["IndexName"]: g["Projection"]["ProjectionType"] for g in cases["GlobalSecondaryIndexes"]}
    assert projections.pop("outbox-index") == "KEYS_ONLY"  # the sweep reads each case's outbox itself
    assert set(projections.values()) == {"ALL"}
    assert {a["AttributeType"] for a in cases["AttributeDefinitions"]} == {"S"}


def test_history_roster_and_events_tables_have_the_fixed_keys(resources):
    history = resources["HistoryTable"]["Properties"]["KeySchema"]
    assert [(k["AttributeName"], k["KeyType"]) for k in history] == [("case_id", "HASH"), ("entry_id", "RANGE")]
    assert resources["RosterTable"]["Properties"]["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert _gsis(resources["RosterTable"]) == {"org-index": [("org_id", "HASH"), ("pk", "RANGE")]}
    events = resources["EventsTable"]["Properties"]
    assert events["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert events["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}


@pytest.mark.parametrize("table", ["CasesTable", "HistoryTable", "RosterTable", "EventsTable", "AccountsTable"])
def test_tables_are_on_demand_encrypted_recoverable_and_retained(resources, table):
    resource = resources[table]
    assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"
    props = resource["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["SSESpecification"] == {"SSEEnabled": True}


@pytest.mark.parametrize("function, queue", SQS_FUNCTIONS.items())
def test_each_queue_outlasts_its_consumer_and_redrives_to_its_dlq(resources, function, queue):
    props = resources[queue]["Properties"]
    timeout = CONFIG["lambda_functions"][function]["lambda_timeout"]
    assert props["VisibilityTimeout"] >= 6 * timeout
    dlq = props["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    assert props["RedrivePolicy"]["maxReceiveCount"] == 5
    assert resources[dlq]["Properties"]["QueueName"]["Fn::Sub"] == props["QueueName"]["Fn::Sub"] + "-dlq"


@pytest.mark.parametrize("function, queue", SQS_FUNCTIONS.items())
def test_sqs_event_sources_read_our_queue_and_report_partial_failures(resources, function, queue):
    logical_id = "".join(part.capitalize() for part in function.split("_"))
    (source,) = resources[logical_id]["Properties"]["Events"].values()
    assert source["Properties"]["Queue"] == {"Fn::Sub": f"${{{queue}.Arn}}"}
    assert source["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_bucket_is_private_encrypted_versioned_and_tls_only(resources):
    bucket = resources["DocumentsBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = {r["Id"]: r for r in bucket["LifecycleConfiguration"]["Rules"]}
    assert rules["expire-raw-uploads"]["Prefix"] == "uploads/"
    assert "AbortIncompleteMultipartUpload" in rules["abort-incomplete-multipart-uploads"]
    (deny,) = resources["DocumentsBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_uploads_prefix_notifies_the_uploads_queue_which_lets_only_our_bucket_send(resources):
    (notification,) = resources["DocumentsBucket"]["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Queue"] == {"Fn::GetAtt": ["UploadsQueue", "Arn"]}
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "uploads/"}]
    statement, _deny_plain_http = resources["UploadsQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Action"] == "sqs:SendMessage"
    bucket_name = resources["DocumentsBucket"]["Properties"]["BucketName"]["Fn::Sub"]
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"] == {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{bucket_name}"}


def _statements(resources: dict, role: str) -> list[dict]:
    """Every statement a role holds: its one inline policy per function (the managed ones are AWS's)."""
    return [s for policy in resources[role]["Properties"].get("Policies", [])
            for s in policy["PolicyDocument"]["Statement"]]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _granted(resources: dict, role: str) -> dict[str, set[str]]:
    """Resource logical id → actions the role may take on it (or on its indexes / objects)."""
    granted: dict[str, set[str]] = {}
    for statement in _statements(resources, role):
        for target in _as_list(statement.get("Resource", [])):  # NotResource: SMS to phones only
            if "Ref" in target:
                logical_id = target["Ref"]
            elif "Fn::GetAtt" in target:
                logical_id = target["Fn::GetAtt"][0]
            else:
                logical_id = target["Fn::Sub"].split(".", 1)[0].lstrip("${")
            granted.setdefault(logical_id, set()).update(_as_list(statement["Action"]))
    return granted


ROLES = ["ApiHandlerRole", "HandleAssignmentRole", "HandleOutcomeRole", "HandleNotificationRole",
         "HandleUploadRole", "SweepDeadlinesRole"]


@pytest.mark.parametrize("function, queue", SQS_FUNCTIONS.items())
def test_each_consumer_may_consume_only_its_own_queue(resources, function, queue):
    role = "".join(part.capitalize() for part in function.split("_")) + "Role"
    consumed = {lid for lid, actions in _granted(resources, role).items() if "sqs:ReceiveMessage" in actions}
    assert consumed == {queue}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_replaces_the_placeholder_and_logs(resources, role):
    props = resources[role]["Properties"]
    assert "Policies" in props  # even empty: Chalice's fail-closed Deny placeholder must go
    # Logs only: every grant of ours is in the role's inline policy, where the least-privilege walk checks it.
    assert props["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}]


def test_no_statement_grants_wildcard_actions_or_resources(resources):
    for role in ROLES:
        for statement in _statements(resources, role):
            assert statement["Effect"] == "Allow"
            assert not any(a == "*" or a.endswith(":*") for a in _as_list(statement["Action"])), role
            assert statement.get("Resource", statement.get("NotResource")) != "*", role


def test_only_the_upload_worker_reads_raw_uploads_and_only_the_api_signs_them(resources):
    readers = {role for role in ROLES if any(
        "s3:GetObject" in _as_list(s["Action"]) and "uploads/*" in str(s["Resource"])
        for s in _statements(resources, role))}
    signers = {role for role in ROLES if any(
        "s3:PutObject" in _as_list(s["Action"]) and "uploads/*" in str(s["Resource"])
        for s in _statements(resources, role))}
    assert (readers, signers) == ({"HandleUploadRole"}, {"ApiHandlerRole"})


def test_the_notification_worker_cannot_touch_cases(resources):
    assert set(_granted(resources, "HandleNotificationRole")) == {"NotificationsQueue", "RosterTable",
                                                                  "CourtSecretsKey"}  # it signs with the secret


def test_only_the_api_touches_staff_accounts(resources):
    """Password hashes and sign-in throttles are the API's alone (issue 11)."""
    assert {role for role in ROLES if "AccountsTable" in _granted(resources, role)} == {"ApiHandlerRole"}


def test_the_notification_worker_may_delay_a_failed_delivery(resources):
    """services.notifications backs off by changing the message's visibility."""
    assert "sqs:ChangeMessageVisibility" in _granted(resources, "HandleNotificationRole")["NotificationsQueue"]


def test_function_environment_names_every_resource_the_settings_read(resources):
    variables = load_template()["Globals"]["Function"]["Environment"]["Variables"]
    assert {"CASES_TABLE", "HISTORY_TABLE", "ROSTER_TABLE", "EVENTS_TABLE", "DOCUMENTS_BUCKET", "ASSIGNMENT_QUEUE",
            "OUTCOME_QUEUE", "NOTIFICATIONS_QUEUE", "UPLOADS_QUEUE", "PUBLIC_BASE_URL"} <= variables.keys()


def test_only_the_api_reads_the_signing_key_and_never_as_plain_configuration(resources):
    template = load_template()
    assert "JWT_SECRET" not in template["Globals"]["Function"]["Environment"]["Variables"]
    api_variables = template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert api_variables["JWT_SECRET_ARN"] == {"Ref": "JwtSecret"}
    assert set(_granted(resources, "ApiHandlerRole")) >= {"JwtSecret"}
    assert "JwtSecret" not in _granted(resources, "HandleNotificationRole")


def test_stage_config_keeps_the_api_regional_and_policies_in_infra():
    assert CONFIG["api_gateway_endpoint_type"] == "REGIONAL"  # EDGE does not exist in the China regions
    assert CONFIG["autogen_policy"] is False
    assert set(CONFIG["stages"]) == {"local", "dev", "prod"}
    functions = CONFIG["lambda_functions"]
    assert set(functions) == {"api_handler", *SQS_FUNCTIONS, "sweep_deadlines"}
    assert functions["api_handler"]["lambda_memory_size"] >= 1024 and functions["handle_upload"]["lambda_memory_size"] >= 1024


def test_the_gateways_own_refusals_answer_in_the_contract_error_shape():
    responses = load_template()["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]
    assert set(responses) == {"MISSING_AUTHENTICATION_TOKEN", "INCOMPLETE_SIGNATURE", "DEFAULT_4XX", "DEFAULT_5XX",
                              "REQUEST_TOO_LARGE", "THROTTLED"}
    too_large = responses["REQUEST_TOO_LARGE"]
    assert too_large["StatusCode"] == "413"  # CONTRACT R2: a body over 10 MB
    assert json.loads(too_large["ResponseTemplates"]["application/json"])["error"]["code"] == "payload_too_large"
    throttled = responses["THROTTLED"]
    assert throttled["StatusCode"] == "429"
    assert json.loads(throttled["ResponseTemplates"]["application/json"])["error"]["code"] == "throttled"
    for response_type in ("MISSING_AUTHENTICATION_TOKEN", "INCOMPLETE_SIGNATURE"):  # no route for the path
        assert responses[response_type]["StatusCode"] == "404"
        assert json.loads(responses[response_type]["ResponseTemplates"]["application/json"])["error"]["code"] == \
            "not_found"
    for response_type in ("DEFAULT_4XX", "DEFAULT_5XX"):
        template = responses[response_type]["ResponseTemplates"]["application/json"]
        assert template.startswith('{"error": {"code": "$context.error.responseType"')
