"""The packaged artefacts (`infra/package.py`): a template that lints for global and China
regions, and an app zip plus layer that hold templates/ and run a handler on their own."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CFN_LINT = Path(sys.executable).with_name("cfn-lint")
# What the Lambda Python runtime provides besides the standard library.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")


def _lint(template: Path, *regions: str) -> subprocess.CompletedProcess:
    command = [str(CFN_LINT), "--regions", *regions, "--", str(template)] if regions else [str(CFN_LINT), str(template)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_packaged_template_passes_cfn_lint(packaged):
    result = _lint(packaged / "sam.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_packaged_template_passes_cfn_lint_for_the_china_regions(packaged):
    result = _lint(packaged / "sam.yaml", "cn-north-1", "cn-northwest-1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_packaged_template_builds_every_arn_with_the_partition(packaged):
    text = (packaged / "sam.yaml").read_text()
    assert "arn:aws:" not in text
    arns = re.findall(r"arn:(\$\{[^}]*\}|[^:\s'\"]*):", text)
    assert arns and set(arns) == {"${AWS::Partition}"}
    assert "amazonaws.com.cn" not in text and ".amazonaws.com/" not in text  # no hard-coded endpoints


def test_packaged_template_replaces_the_placeholder_policy_of_every_role(packaged):
    template = yaml.safe_load((packaged / "sam.yaml").read_text())
    roles = {lid: r for lid, r in template["Resources"].items() if r["Type"] == "AWS::IAM::Role"}
    assert roles.pop("ApiGatewayLogsRole")["Properties"]["ManagedPolicyArns"] == [  # API Gateway's, for access logs
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"}]
    assert len(roles) == 6
    for role in roles.values():
        statements = [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]
        assert all(s["Effect"] == "Allow" for s in statements)  # the fail-closed Deny placeholder is gone


def test_packaged_sqs_sources_point_at_the_template_queues(packaged):
    template = yaml.safe_load((packaged / "sam.yaml").read_text())
    for logical_id, resource in template["Resources"].items():
        for event in resource.get("Properties", {}).get("Events", {}).values():
            if event["Type"] == "SQS":
                assert set(event["Properties"]["Queue"]) == {"Fn::Sub"}, logical_id
                assert re.fullmatch(r"\$\{\w+Queue\.Arn\}", event["Properties"]["Queue"]["Fn::Sub"]), logical_id
                assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_app_zip_holds_the_app_and_the_templates_but_not_the_local_stack(packaged):
    names = set(zipfile.ZipFile(packaged / "deployment.zip").namelist())
    templates = {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*.html")}
    assert templates and {f"chalicelib/templates/{t}" for t in templates} <= names
    assert {"app.py", "chalicelib/__init__.py", "chalicelib/settings.py", "chalice/app.py"} <= names
    assert not any(n.startswith("chalicelib/localstack/") for n in names)


def test_layer_holds_the_requirements_but_nothing_the_runtime_provides(packaged):
    site = "python/lib/python3.11/site-packages/"
    names = {n.removeprefix(site) for n in zipfile.ZipFile(packaged / "layer-deployment.zip").namelist()}
    for module in ("pynamodb", "jinja2", "pdfplumber", "jwt", "aws_lambda_powertools", "stdnum", "cn2an"):
        assert f"{module}/__init__.py" in names, module
    assert not any(n.startswith(("botocore/", "boto3/", "build/")) for n in names)


def _runtime_dir(tmp_path: Path) -> Path:
    """A directory holding only what the Lambda runtime adds to the standard library."""
    site = Path(sysconfig.get_paths()["purelib"])
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    for name in RUNTIME_PACKAGES:
        (runtime / name).symlink_to(site / name)
    return runtime


HANDLER_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path[:0] = sys.argv[1:]

    class Context:
        function_name = "sutiao-prod-APIHandler"
        memory_limit_in_mb = 1536
        invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:sutiao-prod-APIHandler"
        aws_request_id = "request-1"
        def get_remaining_time_in_millis(self):
            return 30000

    import app
    response = app.app({
        "resource": "/openapi.json", "path": "/openapi.json", "httpMethod": "GET",
        "headers": {"Host": "example.test"}, "multiValueHeaders": {"Host": ["example.test"]},
        "queryStringParameters": None, "multiValueQueryStringParameters": None, "pathParameters": None,
        "stageVariables": None, "body": None, "isBase64Encoded": False,
        "requestContext": {"resourcePath": "/openapi.json", "httpMethod": "GET", "stage": "api",
                           "requestId": "r-1", "identity": {"sourceIp": "127.0.0.1"}},
    }, Context())
    swept = app.sweep_deadlines({
        "version": "0", "id": "e-1", "detail-type": "Scheduled Event", "source": "aws.events",
        "account": "123456789012", "time": "2026-11-27T00:00:00Z", "region": "us-east-1",
        "resources": ["arn:aws:events:us-east-1:123456789012:rule/sweep"], "detail": {},
    }, Context())
    from chalicelib.rendering.environment import templates_dir
    print(json.dumps({
        "swept": swept,
        "status": response["statusCode"],
        "openapi": json.loads(response["body"]).get("openapi"),
        "templates": str(templates_dir()),
        "modules": sorted(name for name in sys.modules if name.split(".")[0] in ("boto3", "botocore", "moto")),
        "app_file": app.__file__,
    }))
""")


@pytest.fixture
def local_aws(monkeypatch):
    """A moto server holding the template's resources; the environment a function would get."""
    from chalicelib import aws
    from chalicelib.localstack import create_stack, load_template, start_moto
    from chalicelib.settings import reset_settings

    server, endpoint = start_moto()
    monkeypatch.setenv("SUTIAO_AWS_ENDPOINT_URL", endpoint)
    reset_settings()
    template = load_template()
    stack = create_stack(template, aws.client, "us-east-1", {"PublicBaseUrl": "http://127.0.0.1"})
    yield {**stack.environment(template), "SUTIAO_AWS_ENDPOINT_URL": endpoint}
    server.stop()


def test_handlers_run_from_the_unzipped_package_alone(packaged, tmp_path, local_aws):
    unzipped, opt = tmp_path / "task", tmp_path / "opt"  # Lambda's /var/task and /opt
    zipfile.ZipFile(packaged / "deployment.zip").extractall(unzipped)
    zipfile.ZipFile(packaged / "layer-deployment.zip").extractall(opt)
    path = [unzipped, opt / "python", opt / "python/lib/python3.11/site-packages", _runtime_dir(tmp_path)]
    # -I -S: no site-packages, no PYTHONPATH, no cwd: only the package, its layer and the runtime's boto3.
    env = {**local_aws, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}
    result = subprocess.run([sys.executable, "-I", "-S", "-c", HANDLER_SCRIPT, *map(str, path)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 200 and outcome["openapi"].startswith("3.")
    assert isinstance(outcome["swept"], dict)  # the sweep read the (empty) tables through PynamoDB
    assert outcome["app_file"] == str(unzipped / "app.py")
    assert outcome["templates"] == str(unzipped / "chalicelib" / "templates")
    assert "moto" not in outcome["modules"]


def _translated(packaged: Path, region: str, monkeypatch) -> dict:
    """The packaged SAM template as CloudFormation would expand it (AWS SAM translator)."""
    from samtranslator.translator.transform import transform  # aws-sam-translator: requirements-dev.txt

    class NoManagedPolicies:  # every role is ours: SAM needs no AWS managed policy names
        def load(self):
            return {}

    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    template = yaml.safe_load((packaged / "sam.yaml").read_text())
    for resource in template["Resources"].values():  # what `aws cloudformation package` does to local paths
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if key in props:
                props[key] = f"s3://artefacts/{props[key].lstrip('./')}"
    return transform(template, {"PublicBaseUrl": "https://sutiao.example"}, NoManagedPolicies())


@pytest.mark.parametrize("region", ["us-east-1", "cn-north-1"])
def test_sam_expands_to_mappings_on_our_queues_and_the_merged_environment(packaged, region, monkeypatch, tmp_path):
    expanded = _translated(packaged, region, monkeypatch)
    resources = expanded["Resources"]
    mappings = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
    assert len(mappings) == 4
    for mapping in mappings:
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert re.fullmatch(r"\$\{\w+Queue\.Arn\}", mapping["EventSourceArn"]["Fn::Sub"])
    functions = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Lambda::Function"]
    assert len(functions) == 6
    for function in functions:
        variables = function["Environment"]["Variables"]
        assert {"STAGE", "CASES_TABLE", "UPLOADS_QUEUE", "DOCUMENTS_BUCKET"} <= variables.keys()
        assert "JWT_SECRET" not in variables
    api = next(r["Properties"] for r in resources.values()
               if r["Type"] == "AWS::Lambda::Function" and "JWT_SECRET_ARN" in r["Properties"]["Environment"]["Variables"])
    assert api["Handler"] == "app.app"
    assert "arn:aws:" not in json.dumps(expanded)
    gateway = resources["RestAPI"]["Properties"]["Body"]["x-amazon-apigateway-gateway-responses"]
    assert gateway["MISSING_AUTHENTICATION_TOKEN"]["statusCode"] == "404"
    expanded_path = tmp_path / "expanded.json"
    expanded_path.write_text(json.dumps(expanded))
    result = _lint(expanded_path, region)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_upload_worker_becomes_the_ocr_container_image_and_still_lints(packaged, tmp_path):
    sys.path.insert(0, str(ROOT / "infra"))
    from package import UPLOAD_FUNCTION, use_image

    sam = tmp_path / "sam.yaml"
    sam.write_text((packaged / "sam.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    use_image(sam, "123456789012.dkr.ecr.us-east-1.amazonaws.com/sutiao-upload-worker:1")
    resources = yaml.safe_load(sam.read_text(encoding="utf-8"))["Resources"]
    worker = resources[UPLOAD_FUNCTION]["Properties"]
    assert worker["PackageType"] == "Image" and worker["ImageUri"].endswith("sutiao-upload-worker:1")
    assert not {"Handler", "Runtime", "CodeUri", "Layers"} & set(worker)
    assert worker["Timeout"] * 6 <= resources["UploadsQueue"]["Properties"]["VisibilityTimeout"]
    assert resources["HandleOutcome"]["Properties"].get("Layers")  # the other functions keep their zip and layer
    linted = _lint(sam)
    assert linted.returncode == 0, linted.stdout + linted.stderr
