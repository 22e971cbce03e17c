"""The local stack's tables, queues and bucket come from infra/resources.yaml."""
from __future__ import annotations

import json
from urllib.parse import unquote_plus

import boto3
import pytest
from moto import mock_aws

from chalicelib.localstack import create_stack, load_template
from chalicelib.settings import get_settings, reset_settings

REGION = "us-east-1"


@pytest.fixture
def created():
    with mock_aws():
        template = load_template()
        stack = create_stack(template, lambda service: boto3.client(service, region_name=REGION), REGION,
                             {"PublicBaseUrl": "http://127.0.0.1:8000"})
        yield template, stack


def test_every_table_of_the_template_exists_with_its_indexes(created):
    template, stack = created
    ddb = boto3.client("dynamodb", region_name=REGION)
    for logical_id, name in stack.names("AWS::DynamoDB::Table").items():
        table = ddb.describe_table(TableName=name)["Table"]
        declared = template["Resources"][logical_id]["Properties"]
        assert table["KeySchema"] == declared["KeySchema"]
        assert {g["IndexName"] for g in table.get("GlobalSecondaryIndexes", [])} == {
            g["IndexName"] for g in declared.get("GlobalSecondaryIndexes", [])}
    assert ddb.describe_time_to_live(TableName="sutiao-processed-events")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expiration"}


def test_each_queue_redrives_to_its_dead_letter_queue_after_five_receives(created):
    _, stack = created
    sqs = boto3.client("sqs", region_name=REGION)
    for name in ("sutiao-assignment", "sutiao-outcome", "sutiao-notifications", "sutiao-uploads"):
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])
                            ["Attributes"]["RedrivePolicy"])
        assert policy["deadLetterTargetArn"].endswith(f":{name}-dlq")
        assert int(policy["maxReceiveCount"]) == 5


def test_an_object_put_under_uploads_reaches_the_uploads_queue(created):
    _, stack = created
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


def test_the_environment_points_the_settings_at_what_was_created(created, monkeypatch):
    template, stack = created
    environment = stack.environment(template)
    assert "JWT_SECRET" not in environment  # a Secrets Manager reference: AWS only, local default stays
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    reset_settings()
    s = get_settings()
    assert (s.cases_table, s.uploads_queue, s.public_base_url) == ("sutiao-cases", "sutiao-uploads",
                                                                   "http://127.0.0.1:8000")
    assert s.documents_bucket == stack.refs["DocumentsBucket"]


def test_event_wiring_names_each_handlers_queue(created):
    template, stack = created
    assert stack.event_queue(template, "HandleUpload") == "sutiao-uploads"
    assert stack.event_queue(template, "SweepDeadlines") is None


def test_a_resource_prefix_renames_everything(created):
    with mock_aws():
        stack = create_stack(load_template(), lambda service: boto3.client(service, region_name=REGION), REGION,
                             {"PublicBaseUrl": "http://x", "ResourcePrefix": "sutiao-dev"})
    assert all(name.startswith("sutiao-dev-") for name in stack.names("AWS::SQS::Queue").values())
    assert stack.names("AWS::DynamoDB::Table")["CasesTable"] == "sutiao-dev-cases"
