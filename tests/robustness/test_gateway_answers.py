"""Answers the app's own code never writes: unknown paths and methods, as the gateway in front gives them.

CONTRACT §3 says every 4xx is `{"error": {"code", "message"}}`. Chalice's
router (in-process and under `python -m chalicelib.localstack`) and API Gateway
answer a path no route matches themselves, before app.py runs; these tests hold
both to the contract.
"""
import pytest
import requests

from chalicelib.localstack.resources import load_template
from tests.robustness.errors import error_of

pytestmark = [pytest.mark.slow, pytest.mark.e2e]  # starts the local stack

GATEWAY_BUG = ("BUG (infra, chalicelib/localstack): chalice.local answers a path no route matches with its own "
               "403 {\"message\": \"Missing Authentication Token\"}, not CONTRACT's JSON error")


@pytest.fixture(scope="module")
def local_stack():
    from tests.e2e.client import start_local_stack

    stack = start_local_stack(seed=False)
    yield stack
    stack.stop(timeout=10)


def _error(response: requests.Response) -> dict:
    return error_of(response.status_code, dict(response.headers), response.content)


@pytest.mark.parametrize("method, path", [("GET", "/nope"), ("POST", "/cases/C1/nope"),
                                          ("GET", "/%2e%2e/etc/passwd")])
@pytest.mark.parametrize("authorization", [None, "Bearer x.y.z"], ids=["anonymous", "with-token"])
def test_an_unknown_path_is_a_json_404(local_stack, method, path, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = requests.request(method, local_stack.base_url + path, headers=headers, timeout=10)
    assert response.status_code == 404
    _error(response)


@pytest.mark.parametrize("method, path, status", [
    ("DELETE", "/cases", 405), ("PATCH", "/applications", 405), ("PUT", "/openapi.json", 405),
    ("POST", "/cases/C1", 405),
])
def test_an_unknown_method_is_a_json_405(local_stack, method, path, status):
    response = requests.request(method, local_stack.base_url + path, timeout=10)
    assert response.status_code == status
    assert _error(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize("headers, body, status", [
    ({"Content-Type": "text/plain"}, b"{}", 415),
    ({"Content-Type": "application/json"}, b"{not json", 400),
    ({"Content-Type": "multipart/form-data"}, b"x", 400),
])
def test_a_refused_body_is_a_json_error_over_http(local_stack, headers, body, status):
    response = requests.post(local_stack.base_url + "/applications", data=body, headers=headers, timeout=10)
    assert response.status_code == status
    _error(response)


GATEWAY_RESPONSES = {"DEFAULT_4XX", "DEFAULT_5XX", "MISSING_AUTHENTICATION_TOKEN", "INCOMPLETE_SIGNATURE"}


def _gateway_response_templates(template: dict) -> dict[str, str]:
    """Response type -> JSON body template, whether written as GatewayResponse resources or, merged into
    chalice's SAM `RestAPI`, as its `GatewayResponses` property."""
    found = {}
    resources = template.get("Resources", {})
    for resource in resources.values():
        if resource.get("Type") == "AWS::ApiGateway::GatewayResponse":
            props = resource.get("Properties", {})
            found[props.get("ResponseType")] = str(props.get("ResponseTemplates", {}).get("application/json", ""))
    sam = resources.get("RestAPI", {}).get("Properties", {}).get("GatewayResponses", {})
    for response_type, props in sam.items():
        found[response_type] = str(props.get("ResponseTemplates", {}).get("application/json", ""))
    return found


def test_the_deployed_gateway_answers_its_own_refusals_in_contract_shape():
    shaped = _gateway_response_templates(load_template())
    assert GATEWAY_RESPONSES <= set(shaped)
    for response_type in GATEWAY_RESPONSES:
        assert '"error"' in shaped[response_type] and '"code"' in shaped[response_type], response_type


@pytest.mark.parametrize("method, path", sorted({(m, p.replace("{year}", "2027").replace("{", "").replace("}", ""))
                                                 for p, m in __import__("chalicelib.openapi").openapi.OPERATIONS}))
def test_the_local_server_answers_a_body_over_10_mb_with_413_before_reading_it(local_stack, method, path):
    """CONTRACT R2, locally too: only the headers are sent, so an answer proves nothing of the body was awaited."""
    import socket

    with socket.create_connection(("127.0.0.1", local_stack.port), timeout=10) as conn:
        conn.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {10 * 1024 * 1024 + 1}\r\n\r\n".encode())
        raw = b""
        while b"\r\n\r\n" not in raw or not raw.rstrip().endswith(b"}"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n")[1:])
    assert status == 413
    assert error_of(status, headers, body)["code"] == "payload_too_large"
