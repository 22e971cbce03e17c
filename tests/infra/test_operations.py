"""What infra/resources.yaml adds for running Sutiao (issue 8): alarms, logs, TLS, CORS, throttling, WAF, KMS."""
from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from chalicelib.localstack.resources import Stack, create_stack, load_template

FUNCTIONS = ("APIHandler", "HandleAssignment", "HandleOutcome", "HandleNotification", "HandleUpload",
             "SweepDeadlines")


@pytest.fixture(scope="module")
def template() -> dict:
    return load_template()


def _of_type(template: dict, resource_type: str) -> dict:
    return {lid: r for lid, r in template["Resources"].items() if r.get("Type") == resource_type}


def test_every_dead_letter_queue_alarms_to_the_topic_on_its_first_message(template):
    queues = {lid for lid, r in _of_type(template, "AWS::SQS::Queue").items() if "RedrivePolicy" not in r["Properties"]}
    alarms = [a["Properties"] for a in _of_type(template, "AWS::CloudWatch::Alarm").values()]
    watched = {a["Dimensions"][0]["Value"]["Fn::GetAtt"][0] for a in alarms}
    assert queues == watched == {"AssignmentDeadLetterQueue", "OutcomeDeadLetterQueue",
                                 "NotificationsDeadLetterQueue", "UploadsDeadLetterQueue"}
    for alarm in alarms:
        assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
        assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("GreaterThanThreshold", 0)
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    subscription = template["Resources"]["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail" and template["Parameters"]["AlarmEmail"]["Default"] == ""


def test_every_function_and_the_api_keep_logs_at_least_six_months(template):
    groups = {r["Properties"]["LogGroupName"]["Fn::Sub"]: r["Properties"]
              for r in _of_type(template, "AWS::Logs::LogGroup").values()}
    assert {f"/aws/lambda/${{{f}}}" for f in FUNCTIONS} | {"/${ResourcePrefix}/api-access"} == set(groups)
    assert all(g["RetentionInDays"] == {"Ref": "LogRetentionDays"} for g in groups.values())
    retention = template["Parameters"]["LogRetentionDays"]
    assert retention["Default"] == 180 and min(retention["AllowedValues"]) == 180  # 网络安全法 Art.21


def test_access_logs_are_json_lines_with_the_route_but_never_the_path_or_query(template):
    setting = template["Resources"]["RestAPI"]["Properties"]["AccessLogSetting"]
    assert setting["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    fields = json.loads(setting["Format"])
    assert {fields["requestId"], fields["ip"], fields["status"], fields["route"]} == {
        "$context.requestId", "$context.identity.sourceIp", "$context.status", "$context.resourcePath"}
    assert not any(v in ("$context.path", "$context.requestOverride.path") or "querystring" in v.lower()
                   for v in fields.values())


def test_the_stage_is_throttled_and_the_anonymous_submissions_more_tightly(template):
    settings = {(m["ResourcePath"], m["HttpMethod"]): m
                for m in template["Resources"]["RestAPI"]["Properties"]["MethodSettings"]}
    assert settings[("/*", "*")]["ThrottlingRateLimit"] == {"Ref": "ApiRateLimit"}
    for path in ("/~1applications", "/~1uploads"):
        assert settings[(path, "POST")]["ThrottlingRateLimit"] == {"Ref": "SubmissionRateLimit"}
        assert settings[(path, "POST")]["ThrottlingBurstLimit"] == {"Ref": "SubmissionBurstLimit"}
    parameters = template["Parameters"]
    assert parameters["SubmissionRateLimit"]["Default"] < parameters["ApiRateLimit"]["Default"]


def test_the_waf_rate_rule_is_switched_on_by_a_parameter_and_guards_the_api_stage(template):
    acl, association = template["Resources"]["ApiWebAcl"], template["Resources"]["ApiWebAclAssociation"]
    assert acl["Condition"] == association["Condition"] == "UseWaf"
    assert template["Conditions"]["UseWaf"] == {"Fn::Equals": [{"Ref": "EnableWafRateLimit"}, "true"]}
    (rule,) = acl["Properties"]["Rules"]
    assert rule["Statement"]["RateBasedStatement"] == {"Limit": {"Ref": "WafRateLimit"}, "AggregateKeyType": "IP"}
    assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    assert acl["Properties"]["Scope"] == "REGIONAL"  # the only scope WAF has in the China regions
    assert association["Properties"]["ResourceArn"]["Fn::Sub"].endswith("/restapis/${RestAPI}/stages/api")


def test_every_queue_refuses_plain_http(template):
    queues = set(_of_type(template, "AWS::SQS::Queue"))
    covered = set()
    for policy in _of_type(template, "AWS::SQS::QueuePolicy").values():
        deny = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Deny"]
        assert [s["Condition"] for s in deny] == [{"Bool": {"aws:SecureTransport": "false"}}]
        resources = deny[0]["Resource"] if isinstance(deny[0]["Resource"], list) else [deny[0]["Resource"]]
        denied = {r["Fn::GetAtt"][0] for r in resources}
        assert denied == {q["Ref"] for q in policy["Properties"]["Queues"]}  # the policy's queues, each one
        covered |= denied
    assert covered == queues


@pytest.mark.parametrize("base_url, origin", [("https://sutiao.example.org", "https://sutiao.example.org"),
                                              ("https://abc.execute-api.cn-north-1.amazonaws.com.cn/api/",
                                               "https://abc.execute-api.cn-north-1.amazonaws.com.cn")])
def test_the_bucket_admits_only_the_public_base_urls_origin(template, base_url, origin):
    (rule,) = template["Resources"]["DocumentsBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedMethods"] == ["POST"]
    stack = Stack(region="cn-north-1", parameters={"PublicBaseUrl": base_url})
    assert stack.resolve(rule["AllowedOrigins"]) == [origin]


def test_the_local_bucket_gets_the_same_cors_rule(template, monkeypatch):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    with mock_aws():
        stack = create_stack(template, lambda service: boto3.client(service, region_name="us-east-1"), "us-east-1",
                             {"PublicBaseUrl": "http://127.0.0.1:8000"})
        s3 = boto3.client("s3", region_name="us-east-1")
        (rule,) = s3.get_bucket_cors(Bucket=stack.refs["DocumentsBucket"])["CORSRules"]
    assert rule["AllowedOrigins"] == ["http://127.0.0.1:8000"] and rule["AllowedMethods"] == ["POST"]


def test_only_the_functions_that_verify_or_sign_webhooks_hold_the_court_secrets_key(template):
    key = template["Resources"]["CourtSecretsKey"]["Properties"]
    assert key["EnableKeyRotation"] is True
    holders = {f for f in FUNCTIONS if "COURT_SECRETS_KEY" in
               template["Resources"].get(f, {}).get("Properties", {}).get("Environment", {}).get("Variables", {})}
    assert holders == {"APIHandler", "HandleNotification"}
    users = {role for role, r in template["Resources"].items() if role.endswith("Role") and any(
        str(a).startswith("kms:") for p in r.get("Properties", {}).get("Policies", [])
        for s in p["PolicyDocument"]["Statement"] for a in (s["Action"] if isinstance(s["Action"], list)
                                                              else [s["Action"]]))}
    assert users == {"ApiHandlerRole", "HandleNotificationRole"}
    assert "COURT_SECRETS_KEY" not in template["Globals"]["Function"]["Environment"]["Variables"]
