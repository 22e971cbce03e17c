"""The local stack's tables, queues and bucket come from infra/resources.yaml."""
from __future__ import annotations

import json
from urllib.parse import unquote_plus

import boto3
from moto import mock_aws

from chalicelib.settings import get_settings
from tests.infra.conftest import REGION, build_stack


def test_every_table_of_the_template_exists_with_its_indexes(aws_stack):
    template, stack = aws_stack
    ddb = boto3.client("dynamodb", region_name=REGION)
    for logical_id, name in stack.names("AWS::DynamoDB::Table").items():
        table = ddb.describe_table(TableName=name)["Table"]
        declared = template["Resources"][logical_id]["Properties"]
        assert table["KeySchema"] == declared["KeySchema"]
        assert {g["IndexName"] for g in table.get("GlobalSecondaryIndexes", [])} == {
            g["IndexName"] for g in declared.get("GlobalSecondaryIndexes", [])}
    assert ddb.describe_time_to_live(TableName="sutiao-processed-events")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expiration"}


def test_each_queue_redrives_to_its_dead_letter_queue_after_five_receives(aws_stack):
    _, stack = aws_stack
    sqs = boto3.client("sqs", region_name=REGION)
    for name in ("sutiao-assignment", "sutiao-outcome", "sutiao-notifications", "sutiao-uploads"):
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])
                            ["Attributes"]["RedrivePolicy"])
        assert policy["deadLetterTargetArn"].endswith(f":{name}-dlq")
        assert int(policy["maxReceiveCount"]) == 5


def test_an_object_put_under_uploads_reaches_the_uploads_queue(aws_stack):
    _, stack = aws_stack
    s3, sqs = boto3.client("s3", region_name=REGION), boto3.client("sqs", region_name=REGION)
    bucket = stack.refs["DocumentsBucket"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_object(Bucket=bucket, Key="cases/c-1/documents/x.html", Body=b"<p>")
    s3.put_object(Bucket=bucket, Key="uploads/u-1.pdf", Body=b"%PDF-1.7")
    bodies = [json.loads(m["Body"]) for m in sqs.receive_message(
        QueueUrl=stack.refs["UploadsQueue"], MaxNumberOfMessages=10)["Messages"]]
    # S3 first sends a test event when the notification is configured (AWS does too),
    # and URL-encodes keys in notifications.
    keys = [unquote_plus(r["s3"]["object"]["key"]) for b in bodies for r in b.get("Records", [])]
    assert keys == ["uploads/u-1.pdf"]


def test_the_environment_points_the_settings_at_what_was_created(aws_stack, stack_environment):
    _, stack = aws_stack
    assert "JWT_SECRET" not in stack_environment  # a Secrets Manager reference: AWS only, local default stays
    s = get_settings()
    assert (s.cases_table, s.uploads_queue, s.public_base_url) == ("sutiao-cases", "sutiao-uploads",
                                                                   "http://127.0.0.1:8000")
    assert s.documents_bucket == stack.refs["DocumentsBucket"]


def test_properties_that_matter_only_on_aws_are_listed_as_skipped(aws_stack):
    _, stack = aws_stack
    assert stack.skipped == {"DocumentsBucket": ["OwnershipControls"],
                             "CourtSecretsKey": ["EnableKeyRotation", "KeyPolicy"]}


def test_event_wiring_names_each_handlers_queue(aws_stack):
    template, stack = aws_stack
    assert stack.event_queue(template, "HandleUpload") == "sutiao-uploads"
    assert stack.event_queue(template, "SweepDeadlines") is None


def test_a_resource_prefix_renames_everything():
    with mock_aws():
        _, stack = build_stack({"ResourcePrefix": "sutiao-dev"})
    assert all(name.startswith("sutiao-dev-") for name in stack.names("AWS::SQS::Queue").values())
    assert stack.names("AWS::DynamoDB::Table")["CasesTable"] == "sutiao-dev-cases"
