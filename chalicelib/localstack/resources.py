"""Create the local tables, queues and bucket from infra/resources.yaml.

The deployed stack and the local one share a single definition: this module
reads the CloudFormation template, keeps its data resources (DynamoDB tables,
SQS queues, S3 buckets, the KMS key that seals courts' secrets), resolves the
intrinsic functions they use (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select,
Fn::Split and pseudo parameters; teach `Stack.resolve` others when the template
needs them) and makes the matching API calls, in dependency order
(a dead-letter queue before the queue that redrives to it, the uploads queue
before the bucket that notifies it).

moto's own CloudFormation support was the other option; it ignores a bucket's
versioning and notification configuration and a table's TTL, and the S3 → SQS
notification for `uploads/` is what makes the local upload flow work.
Properties that matter only on AWS (ownership controls, a key's policy and
rotation) are not applied;
`Stack.skipped` lists them. Bucket and queue policies are not data resources
and are not created (moto does not enforce them).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

log = logging.getLogger(__name__)

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "infra" / "resources.yaml"
DATA_TYPES = ("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::KMS::Key")
LOCAL_ACCOUNT_ID = "123456789012"  # moto's default account

ClientFactory = Callable[[str], Any]


class UnresolvableReference(LookupError):
    """The value refers to something the local stack does not create (a secret, a role)."""


# ---------------------------------------------------------------- template loading

class _TemplateLoader(yaml.SafeLoader):
    """A SafeLoader that reads CloudFormation's short forms (!Ref, !GetAtt, !Sub...)."""


def _short_form(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict:
    name = tag_suffix if tag_suffix in ("Ref", "Condition") else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_TemplateLoader.add_multi_constructor("!", _short_form)


def load_template(path: Path | str = TEMPLATE_PATH) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_TemplateLoader)  # noqa: S506 - SafeLoader subclass


# ---------------------------------------------------------------- the created stack

@dataclass
class Stack:
    """What was created: logical id → physical name and attributes."""

    region: str
    account_id: str = LOCAL_ACCOUNT_ID
    parameters: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """Resolve intrinsic functions in `value`; raises UnresolvableReference."""
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref":
                return self._ref(arg)
            if key == "Fn::GetAtt":
                return self._get_att(*(arg.split(".", 1) if isinstance(arg, str) else arg))
            if key == "Fn::Sub":
                return self._sub(arg)
            if key == "Fn::Join":
                separator, items = self.resolve(arg)
                return separator.join(str(i) for i in items)
            if key == "Fn::Select":
                index, items = self.resolve(arg)
                return items[int(index)]
            if key == "Fn::Split":
                separator, text = self.resolve(arg)
                return text.split(separator)
        return {k: self.resolve(v) for k, v in value.items()}

    def _pseudo(self) -> dict[str, str]:
        return {
            "AWS::Partition": "aws", "AWS::Region": self.region, "AWS::AccountId": self.account_id,
            "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": "sutiao-local",
        }

    def _ref(self, name: str) -> Any:
        for scope in (self._pseudo(), self.parameters, self.refs):
            if name in scope:
                return scope[name]
        raise UnresolvableReference(name)

    def _get_att(self, logical_id: str, attribute: str) -> str:
        try:
            return self.attributes[(logical_id, attribute)]
        except KeyError:
            raise UnresolvableReference(f"{logical_id}.{attribute}") from None

    def _sub(self, arg: str | list) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))
        if "{{resolve:" in text:
            raise UnresolvableReference(text)  # a dynamic reference (Secrets Manager, SSM)

        def substitute(match: re.Match) -> str:
            name = match.group(1)
            if name in variables:
                return str(variables[name])
            if "." in name:
                return self._get_att(*name.split(".", 1))
            return self._ref(name)

        return re.sub(r"\$\{([^}!]+)\}", substitute, text)

    def names(self, resource_type: str) -> dict[str, str]:
        """Logical id → physical name of the created resources of one type."""
        key = "QueueName" if resource_type == "AWS::SQS::Queue" else None
        return {
            lid: (self.attributes[(lid, key)] if key else self.refs[lid])
            for lid, rtype in self.types.items() if rtype == resource_type
        }

    def event_queue(self, template: dict, function_logical_id: str) -> str | None:
        """Name of the queue the template points a function's SQS event source at (None: no queue)."""
        events = template["Resources"].get(function_logical_id, {}).get("Properties", {}).get("Events", {})
        for event in events.values():
            queue = event.get("Properties", {}).get("Queue")
            if queue is not None:
                return self.resolve(queue).rsplit(":", 1)[1]
        return None

    def environment(self, template: dict) -> dict[str, str]:
        """The functions' environment as far as the local stack can resolve it: the template's Globals
        and every function's own variables (one local process runs all the functions).

        Variables that name what only exists on AWS (the JWT secret's ARN) are
        left out, so settings fall back to their local defaults.
        """
        variables = dict(template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
        for resource in template["Resources"].values():
            if "Type" not in resource:  # an override of a function Chalice generates
                variables.update(resource.get("Properties", {}).get("Environment", {}).get("Variables", {}))
        resolved = {}
        for name, value in variables.items():
            try:
                resolved[name] = str(self.resolve(value))
            except UnresolvableReference:
                log.debug("local stack leaves %s unset (AWS only)", name)
        return resolved


# ---------------------------------------------------------------- creation

def create_stack(
    template: dict,
    client: ClientFactory,
    region: str,
    parameters: dict[str, str] | None = None,
    account_id: str = LOCAL_ACCOUNT_ID,
) -> Stack:
    """Create the template's data resources through `client(service)`; returns what was made."""
    specs = template.get("Parameters", {})
    given = {name: spec["Default"] for name, spec in specs.items() if "Default" in spec}
    given.update(parameters or {})
    params = {name: _parameter_value(specs.get(name, {}), value) for name, value in given.items()}
    stack = Stack(region=region, account_id=account_id, parameters=params)
    resources = {lid: r for lid, r in template["Resources"].items() if r.get("Type") in DATA_TYPES}
    for logical_id in _dependency_order(resources):
        resource = resources[logical_id]
        _CREATORS[resource["Type"]](stack, client, logical_id, resource.get("Properties", {}))
        stack.types[logical_id] = resource["Type"]
    return stack


def _parameter_value(spec: dict, value: Any) -> Any:
    if spec.get("Type") == "CommaDelimitedList" and isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    return str(value)


def _dependency_order(resources: dict[str, dict]) -> list[str]:
    ordered: list[str] = []

    def visit(logical_id: str, path: tuple[str, ...] = ()) -> None:
        if logical_id in ordered:
            return
        if logical_id in path:
            raise ValueError(f"circular reference: {' -> '.join(path + (logical_id,))}")
        for dependency in sorted(_references(resources[logical_id].get("Properties", {})) & resources.keys()):
            visit(dependency, path + (logical_id,))
        ordered.append(logical_id)

    for logical_id in resources:
        visit(logical_id)
    return ordered


def _references(value: Any) -> set[str]:
    if isinstance(value, list):
        return set().union(*map(_references, value)) if value else set()
    if not isinstance(value, dict):
        return set()
    found: set[str] = set()
    for key, arg in value.items():
        if key == "Ref" and isinstance(arg, str):
            found.add(arg)
        elif key == "Fn::GetAtt":
            found.add(arg.split(".", 1)[0] if isinstance(arg, str) else arg[0])
        elif key == "Fn::Sub":
            text = arg if isinstance(arg, str) else arg[0]
            found.update(m.split(".", 1)[0] for m in re.findall(r"\$\{([^}!]+)\}", text))
            found |= _references(arg[1]) if isinstance(arg, list) else set()
        else:
            found |= _references(arg)
    return found


def _create_table(stack: Stack, client: ClientFactory, logical_id: str, props: dict) -> None:
    props = stack.resolve(props)
    ddb = client("dynamodb")
    request = {k: props[k] for k in _TABLE_PROPERTIES & props.keys()
               if k not in ("SSESpecification", "TimeToLiveSpecification", "PointInTimeRecoverySpecification")}
    if "SSESpecification" in props:
        sse = dict(props["SSESpecification"])
        request["SSESpecification"] = {"Enabled": sse.pop("SSEEnabled"), **sse}
    description = ddb.create_table(**request)["TableDescription"]
    if "TimeToLiveSpecification" in props:
        ddb.update_time_to_live(TableName=props["TableName"], TimeToLiveSpecification=props["TimeToLiveSpecification"])
    if "PointInTimeRecoverySpecification" in props:
        ddb.update_continuous_backups(TableName=props["TableName"],
                                      PointInTimeRecoverySpecification=props["PointInTimeRecoverySpecification"])
    stack.refs[logical_id] = description["TableName"]
    stack.attributes[(logical_id, "Arn")] = description["TableArn"]
    _note_skipped(stack, logical_id, props, _TABLE_PROPERTIES)


_QUEUE_ATTRIBUTES = ("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
                     "VisibilityTimeout", "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication")


def _create_queue(stack: Stack, client: ClientFactory, logical_id: str, props: dict) -> None:
    props = stack.resolve(props)
    sqs = client("sqs")
    attributes = {k: str(props[k]).lower() if isinstance(props[k], bool) else str(props[k])
                  for k in _QUEUE_ATTRIBUTES if k in props}
    if "RedrivePolicy" in props:
        attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
    url = sqs.create_queue(QueueName=props["QueueName"], Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    stack.refs[logical_id] = url
    stack.attributes.update({(logical_id, "Arn"): arn, (logical_id, "QueueName"): props["QueueName"],
                             (logical_id, "QueueUrl"): url})
    _note_skipped(stack, logical_id, props, {"QueueName", "RedrivePolicy", *_QUEUE_ATTRIBUTES})


def _create_bucket(stack: Stack, client: ClientFactory, logical_id: str, props: dict) -> None:
    props = stack.resolve(props)
    s3 = client("s3")
    name = props["BucketName"]
    location = {} if stack.region == "us-east-1" else {
        "CreateBucketConfiguration": {"LocationConstraint": stack.region}}
    s3.create_bucket(Bucket=name, **location)
    if "VersioningConfiguration" in props:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=props["VersioningConfiguration"])
    if "BucketEncryption" in props:
        rules = [{("ApplyServerSideEncryptionByDefault" if k == "ServerSideEncryptionByDefault" else k): v
                  for k, v in rule.items()} for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]]
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    if "PublicAccessBlockConfiguration" in props:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"])
    if "LifecycleConfiguration" in props:
        rules = [_lifecycle_rule(rule) for rule in props["LifecycleConfiguration"]["Rules"]]
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": rules})
    if "CorsConfiguration" in props:
        rules = [{("MaxAgeSeconds" if k == "MaxAge" else k): v for k, v in rule.items()}
                 for rule in props["CorsConfiguration"]["CorsRules"]]
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
    if "NotificationConfiguration" in props:
        s3.put_bucket_notification_configuration(
            Bucket=name, NotificationConfiguration=_notification(props["NotificationConfiguration"]))
    stack.refs[logical_id] = name
    stack.attributes[(logical_id, "Arn")] = f"arn:aws:s3:::{name}"
    _note_skipped(stack, logical_id, props, _BUCKET_PROPERTIES)


def _lifecycle_rule(rule: dict) -> dict:
    """CloudFormation's lifecycle rule shape → S3 API's."""
    api: dict[str, Any] = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
    if "ExpirationInDays" in rule:
        api["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
    if "AbortIncompleteMultipartUpload" in rule:
        api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    if "NoncurrentVersionExpiration" in rule:
        api["NoncurrentVersionExpiration"] = rule["NoncurrentVersionExpiration"]
    return api


def _notification(config: dict) -> dict:
    """CloudFormation's QueueConfigurations → S3 API's (QueueArn, Events, Filter.Key.FilterRules)."""
    queues = []
    for entry in config.get("QueueConfigurations", []):
        api = {"QueueArn": entry["Queue"], "Events": [entry["Event"]]}
        rules = entry.get("Filter", {}).get("S3Key", {}).get("Rules")
        if rules:
            api["Filter"] = {"Key": {"FilterRules": rules}}
        queues.append(api)
    return {"QueueConfigurations": queues}


def _create_key(stack: Stack, client: ClientFactory, logical_id: str, props: dict) -> None:
    props = stack.resolve(props)
    metadata = client("kms").create_key(Description=props.get("Description", logical_id))["KeyMetadata"]
    stack.refs[logical_id] = metadata["KeyId"]
    stack.attributes[(logical_id, "Arn")] = metadata["Arn"]
    stack.attributes[(logical_id, "KeyId")] = metadata["KeyId"]
    _note_skipped(stack, logical_id, props, {"Description"})


_TABLE_PROPERTIES = {"TableName", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes",
                     "LocalSecondaryIndexes", "BillingMode", "StreamSpecification", "SSESpecification",
                     "TimeToLiveSpecification", "PointInTimeRecoverySpecification"}
_BUCKET_PROPERTIES = {"BucketName", "VersioningConfiguration", "BucketEncryption", "PublicAccessBlockConfiguration",
                      "LifecycleConfiguration", "CorsConfiguration", "NotificationConfiguration"}


def _note_skipped(stack: Stack, logical_id: str, props: dict, handled: set[str]) -> None:
    """Remember properties the local stack does not apply (they matter on AWS only)."""
    skipped = sorted(props.keys() - handled)
    if skipped:
        stack.skipped[logical_id] = skipped


_CREATORS = {
    "AWS::DynamoDB::Table": _create_table,
    "AWS::SQS::Queue": _create_queue,
    "AWS::S3::Bucket": _create_bucket,
    "AWS::KMS::Key": _create_key,
}
