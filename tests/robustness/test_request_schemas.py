"""The one request validator: bodies are checked against the schemas /openapi.json publishes (issue 8)."""
import subprocess
import sys

import pytest

from chalicelib.openapi import OPERATIONS, SCHEMAS, json_schema, request_schema_name
from tests.integration.http import post_json, staff
from tests.integration.support import application_fields
from tests.robustness.errors import refused
from tests.robustness.support import record_failure, snapshot
from tests.robustness.test_hostile_requests import JSON, send

ADMIN = staff("org_admin", org_id="xx-sme")


def test_a_close_with_an_object_for_its_reason_is_a_400_naming_the_field_not_a_500(stack):
    case_id, mediator = stack.mediating_case()
    assert record_failure(stack, case_id, mediator).status_code == 200
    before = snapshot(stack, case_id)
    error = refused(post_json(stack.client, f"/cases/{case_id}/close", {"reason": {"a": 1}}, ADMIN), 400,
                    "invalid_body")
    assert error["details"] == {"field": "/reason", "rule": "type"} and "/reason" in error["message"]
    assert snapshot(stack, case_id) == before
    closed = post_json(stack.client, f"/cases/{case_id}/close", {"reason": "双方已自行履行"}, ADMIN)
    assert closed.status_code == 200 and closed.json_body["status"] == "closed"


@pytest.mark.parametrize("body, pointer, code", [
    (application_fields(facts_typo="x"), "/facts_typo", "invalid_body"),
    (application_fields(dispute_category="traffic"), "/dispute_category", "invalid_category"),
    (application_fields(applicants=[{"name": "秦涵", "kind": "robot"}]), "/applicants/0/kind", "invalid_party"),
    (application_fields(claims=["请求"] * 51), "/claims", "invalid_claims"),
    (application_fields(claims=["   "]), "/claims/0", "invalid_claims"),
    (application_fields(claim_amount=41679), "/claim_amount", "invalid_amount"),
], ids=["unknown-field", "category-not-in-scope", "party-kind", "too-many-claims", "blank-claim", "amount-number"])
def test_an_application_the_schema_refuses_names_the_field(stack, body, pointer, code):
    error = refused(send(stack, "POST", "/applications", JSON, body), 400, code)
    assert error["details"]["field"] == pointer and pointer in error["message"]


def test_a_missing_required_field_is_named(stack):
    case_id, mediator = stack.mediating_case()
    error = refused(post_json(stack.client, f"/cases/{case_id}/acceptance", {"reason": "x"}, mediator), 400,
                    "invalid_decision")
    assert error["details"] == {"field": "/decision", "rule": "required"}


def test_the_bounds_are_the_codes_own():
    from chalicelib.domain.status import ALL
    from chalicelib.services.validation import LONG

    assert SCHEMAS["CaseSummary"]["properties"]["status"]["enum"] == list(ALL)
    assert SCHEMAS["Outcome"]["properties"]["reason"]["maxLength"] == LONG


def test_every_json_request_schema_compiles():
    import fastjsonschema

    names = {request_schema_name(path, method) for path, method in OPERATIONS} - {None}
    assert {"Application", "Acceptance", "Closing", "CourtEvent", "Calendar"} <= names
    for name in names:
        fastjsonschema.compile(json_schema(name))


def test_the_api_cold_start_compiles_nothing():
    """Validators are compiled on a route's first call: importing the app loads neither fastjsonschema nor openapi."""
    probe = "import sys, app; print(sorted(m for m in ('fastjsonschema', 'chalicelib.openapi') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
