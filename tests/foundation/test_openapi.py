from openapi_spec_validator import validate

import app as app_module
from chalicelib.openapi import build_document


def _app_routes() -> set[tuple[str, str]]:
    return {(path, method) for path, entries in app_module.app.routes.items() for method in entries}


def test_document_is_valid_openapi_3():
    validate(build_document(app_module.app))


def test_every_route_of_the_app_is_documented():
    documented = {(path, method.upper()) for path, item in build_document()["paths"].items()
                  for method in item if method != "parameters"}
    missing = _app_routes() - documented
    assert not missing, f"routes without an OpenAPI description: {sorted(missing)}"


def test_served_document_matches(client):
    response = client.http.get("/openapi.json")
    assert response.status_code == 200
    assert response.json_body["openapi"].startswith("3.")
    assert "/applications" in response.json_body["paths"]
