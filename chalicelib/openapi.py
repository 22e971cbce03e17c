"""The OpenAPI 3 document served at `GET /openapi.json`.

Operations are written here by hand, next to their schemas, rather than
generated from the routes: a test compares this registry with the app's
routes, so a route nobody described fails the build instead of appearing
as an empty stub.
"""
from __future__ import annotations

from copy import deepcopy

STATUSES = ["received", "pending_assignment", "assigned", "mediating", "settled", "confirmation_requested",
            "confirmed", "confirmation_rejected", "failed", "terminated", "filed", "closed"]
CATEGORIES = ["labor", "financial", "contract", "community", "family", "tort", "other"]

_NULLABLE_STR = {"type": "string", "nullable": True}

SCHEMAS: dict = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}, "details": {}}}},
    },
    "Party": {
        "type": "object",
        "properties": {
            "name": {"type": "string"}, "kind": {"type": "string", "enum": ["person", "organization"]},
            **{k: _NULLABLE_STR for k in ("gender", "birth_date", "ethnicity", "id_number", "credit_code",
                                          "address", "phone", "legal_representative", "position")},
        },
    },
    "Extraction": {
        "type": "object", "description": "CONTRACT section 2",
        "properties": {
            "document_type": {"type": "string", "enum": ["application", "agreement", "unknown"]},
            "text_layer": {"type": "boolean"}, "pages": {"type": "integer"},
            "error": {"type": "object", "nullable": True},
            "fields": {"type": "object"}, "issues": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Case": {
        "type": "object",
        "properties": {
            "case_id": {"type": "string"}, "status": {"type": "string", "enum": STATUSES},
            "source": {"type": "string", "enum": ["party", "court"]},
            "procedure": {"type": "string", "enum": ["pre_filing", "simple", "ordinary"]},
            "dispute_category": {"type": "string", "enum": CATEGORIES},
            "applicants": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "respondents": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "mediator_id": _NULLABLE_STR, "deadlines": {"type": "object"}, "flags": {"type": "array", "items": {}},
            "documents": {"type": "array", "items": {"type": "string"}},
            "history": {"type": "array", "items": {"type": "object"}},
        },
    },
    "CaseList": {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
                       "next_cursor": _NULLABLE_STR},
    },
    "Application": {
        "type": "object",
        "properties": {
            "applicants": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "respondents": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "claims": {"type": "array", "items": {"type": "string"}}, "facts": {"type": "string"},
            "dispute_category": {"type": "string", "enum": CATEGORIES}, "claim_amount": _NULLABLE_STR,
            "org_id": {"type": "string"},
        },
    },
    "PdfUpload": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}, "org_id": {"type": "string"}},
    },
    "CourtEvent": {
        "type": "object", "required": ["event_id", "type", "data"],
        "properties": {"event_id": {"type": "string"},
                       "type": {"type": "string", "enum": ["case.delegated", "case.entrusted",
                                                           "confirmation.ruled", "case.filed"]},
                       "data": {"type": "object"}},
    },
    "Object": {"type": "object"},
}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _op(summary: str, *, ok: str = "200", ok_schema: str = "Object", body: dict | None = None,
        security: str | None = "bearer", params: tuple = (), errors: tuple = ("400", "401", "403", "404")) -> dict:
    responses = {ok: {"description": "success", "content": _json(ok_schema)}}
    for status in errors:
        responses[status] = {"description": "error", "content": _json("Error")}
    op: dict = {"summary": summary, "responses": responses}
    if body:
        op["requestBody"] = {"required": True, "content": body}
    if security:
        op["security"] = [{security: []}]
    if params:
        op["parameters"] = [{"name": p, "in": "query", "required": False, "schema": {"type": "string"}}
                            for p in params]
    return op


def _page(summary: str) -> dict:
    """A server-rendered page for people (chalicelib.web.pages); its script calls the operations here."""
    return {"summary": summary, "responses": {"200": {"description": "the page", "content": {
        "text/html": {"schema": {"type": "string"}}}}}}


_PDF_OR_JSON = {**_json("Application"), "multipart/form-data": {"schema": {"$ref": "#/components/schemas/PdfUpload"}}}
_FORM = {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/PdfUpload"}}}

OPERATIONS: dict[tuple[str, str], dict] = {
    ("/openapi.json", "GET"): _op("This document", security=None, errors=()),
    ("/applications", "POST"): _op("A party applies for mediation (PDF or web form)", ok="201", body=_PDF_OR_JSON,
                                   security=None, errors=("400", "413", "415", "422")),
    ("/uploads", "POST"): _op("A presigned S3 POST for an application PDF larger than the API accepts", ok="201",
                              body=_json("Object"), security=None, errors=("400", "415")),
    ("/webhooks/court", "POST"): _op("A court delegates (委派) or entrusts (委托) a case, rules, or files",
                                     body=_json("CourtEvent"), security="courtSignature",
                                     errors=("400", "401", "404", "409")),
    ("/cases", "GET"): _op("Cases, filtered and paginated", ok_schema="CaseList",
                           params=("status", "court_id", "mediator_id", "category", "cursor", "limit")),
    ("/cases/{case_id}", "GET"): _op("One case", ok_schema="Case"),
    ("/cases/{case_id}/acceptance", "POST"): _op("The assigned mediator accepts or declines", ok_schema="Case",
                                                 body=_json("Object"), errors=("400", "401", "403", "404", "409")),
    ("/cases/{case_id}/extension", "POST"): _op("Extend the mediation time limit (all parties agree)",
                                                ok_schema="Case", body=_json("Object"),
                                                errors=("400", "401", "403", "404", "409")),
    ("/cases/{case_id}/invitations", "POST"): _op("Invite every party to confirm the agreement",
                                                  errors=("400", "401", "403", "404", "409", "422")),
    ("/cases/{case_id}/agreement", "POST"): _op("The mediator uploads the signed agreement", body=_FORM,
                                                errors=("400", "401", "403", "404", "409", "413", "415", "422")),
    ("/cases/{case_id}/outcome", "POST"): _op("The mediator records failure or termination", ok_schema="Case",
                                              body=_json("Object"), errors=("400", "401", "403", "404", "409")),
    ("/cases/{case_id}/confirmations", "POST"): _op("A party consents to judicial confirmation (司法确认)",
                                                    ok_schema="Case", body=_json("Object"),
                                                    errors=("400", "401", "403", "404", "409", "422")),
    ("/cases/{case_id}/documents/{name}", "GET"): {
        **_op("A rendered document"),
        "responses": {"200": {"description": "the document",
                              "content": {"text/html": {"schema": {"type": "string"}}}},
                      **{s: {"description": "error", "content": _json("Error")} for s in ("401", "403", "404")}},
    },
    ("/courts/{court_id}", "PUT"): _op("Court settings (callback_url, invited roster)", body=_json("Object")),
    ("/organizations", "POST"): _op("Register a mediation organization", ok="201", body=_json("Object")),
    ("/mediators", "POST"): _op("Add a mediator to the roster", ok="201", body=_json("Object")),
    ("/mediators", "GET"): _op("The organization's mediators", params=("cursor", "court_id")),
    **{(path, "GET"): _page(summary) for path, summary in (
        ("/", "Web page: what the service is, and a button to apply"),
        ("/apply", "Web page: a party applies (PDF upload or form); query `org` names the organization"),
        ("/my-case", "Web page: a party follows their case (query `case`, the token in the URL fragment)"),
        ("/mediator", "Web page: the mediator's phone page (query `case` opens one case)"),
    )},
}


def _path_parameters(path: str) -> list[dict]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names]


def build_document(app=None) -> dict:
    """The OpenAPI document; `app` gives the server title only, routes come from OPERATIONS."""
    paths: dict = {}
    for (path, method), operation in OPERATIONS.items():
        item = paths.setdefault(path, {})
        if _path_parameters(path):
            item["parameters"] = _path_parameters(path)
        item[method.lower()] = deepcopy(operation)
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Sutiao ({getattr(app, 'app_name', 'sutiao')}) — court-mediation docking API",
                 "version": "1.0.0",
                 "description": "诉调对接: cases delegated (委派) or entrusted (委托) by a court to an SME "
                                "mediation center. Errors are {\"error\": {\"code\", \"message\"}}."},
        "paths": paths,
        "components": {
            "schemas": deepcopy(SCHEMAS),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "Staff JWT (mediator, org_admin, court_clerk) or a party token"},
                "courtSignature": {"type": "apiKey", "in": "header", "name": "X-Signature",
                                   "description": "sha256=HMAC of '{X-Timestamp}.{body}' with the court secret"},
            },
        },
    }
