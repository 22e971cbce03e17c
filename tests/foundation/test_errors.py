"""Every refusal leaves as CONTRACT's JSON error, including Chalice's own."""


def test_wrong_method_is_a_json_error(client):
    response = client.http.post("/openapi.json", headers={"Content-Type": "application/json"}, body=b"{}")
    assert response.status_code == 405
    assert response.json_body["error"]["code"] == "method_not_allowed"
    assert response.headers["X-Correlation-Id"]


def test_responses_carry_a_correlation_id(client):
    assert client.http.get("/openapi.json").headers["X-Correlation-Id"]
