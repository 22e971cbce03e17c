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
_STRINGS = {"type": "array", "items": {"type": "string"}}
_NULLABLE_CATEGORY = {"type": "string", "enum": [*CATEGORIES, None], "nullable": True}

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
            "dispute_category": _NULLABLE_CATEGORY,
            "applicants": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "respondents": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "mediator_id": _NULLABLE_STR, "deadlines": {"type": "object"}, "flags": _STRINGS,
            "documents": _STRINGS,
            "history": {"type": "array", "items": {"type": "object"}},
        },
    },
    "CaseSummary": {
        "type": "object", "description": "One row of GET /cases; also what a mediator's action answers",
        "required": ["case_id", "status"],
        "properties": {
            "case_id": {"type": "string"}, "status": {"type": "string", "enum": STATUSES},
            "source": {"type": "string", "enum": ["party", "court"]},
            "procedure": {"type": "string", "enum": ["pre_filing", "simple", "ordinary"]},
            "court_id": _NULLABLE_STR, "org_id": _NULLABLE_STR, "mediator_id": _NULLABLE_STR,
            "dispute_category": _NULLABLE_CATEGORY, "flags": _STRINGS,
            "applicants": _STRINGS, "respondents": _STRINGS, "deadlines": {"type": "object"},
        },
    },
    "CaseList": {
        "type": "object", "required": ["cases"],
        "properties": {"cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
                       "cursor": {**_NULLABLE_STR, "description": "pass as ?cursor= for the next page"}},
    },
    "Created": {
        "type": "object", "required": ["case_id", "status", "party_token"],
        "properties": {"case_id": {"type": "string"}, "status": {"type": "string", "enum": STATUSES},
                       "party_token": {"type": "string", "description": "shown once; stored only as a hash"},
                       "extraction": {"allOf": [{"$ref": "#/components/schemas/Extraction"}], "nullable": True},
                       "flags": _STRINGS,
                       "verification": {"$ref": "#/components/schemas/Verification"}},
    },
    "Verification": {
        "type": "object", "required": ["required", "sent_to"],
        "description": "A public application waits (flag awaiting_verification) until a phone on it answers the "
                       "SMS code: POST /auth/party-login",
        "properties": {"required": {"type": "boolean"},
                       "sent_to": {**_NULLABLE_STR, "description": "the masked phone the code went to (158****8283); "
                                                                  "null when it could not be sent"},
                       "expires_in": {"type": "integer", "description": "seconds the code lives"}},
    },
    "PartyCodeRequest": {
        "type": "object", "required": ["case_id", "phone"], "additionalProperties": False,
        "properties": {"case_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                       "phone": {"type": "string", "maxLength": 30,
                                 "description": "a mainland mobile number; +86, spaces and dashes are ignored"}},
    },
    "PartyCodeAccepted": {
        "type": "object", "required": ["message", "expires_in"],
        "description": "The same answer whatever the phone: it never tells whether the phone is on the case",
        "properties": {"message": {"type": "string"}, "expires_in": {"type": "integer"}},
    },
    "PartyLoginRequest": {
        "type": "object", "required": ["case_id", "phone", "code"], "additionalProperties": False,
        "properties": {"case_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                       "phone": {"type": "string", "maxLength": 30},
                       "code": {"type": "string", "pattern": "^[0-9]{6}$"}},
    },
    "PartyLogin": {
        "type": "object", "required": ["party_token"],
        "properties": {"party_token": {"type": "string", "description": "a new token; the party's earlier ones "
                                                                       "stop working"},
                       "case_id": {"type": "string"}, "status": {"type": "string", "enum": STATUSES}},
    },
    "LocalMessages": {
        "type": "object", "required": ["messages"],
        "properties": {"messages": {"type": "array", "description": "newest first", "items": {
            "type": "object", "required": ["to", "text", "at"],
            "properties": {"to": {"type": "string"}, "text": {"type": "string"},
                           "at": {"type": "string", "format": "date-time"}}}}},
    },
    "Upload": {
        "type": "object", "required": ["case_id", "upload", "party_token"],
        "properties": {"case_id": {"type": "string"}, "party_token": {"type": "string"},
                       "upload": {"type": "object", "properties": {"url": {"type": "string"},
                                                                   "fields": {"type": "object"}}},
                       "max_bytes": {"type": "integer"}, "content_type": {"type": "string"}},
    },
    "Acceptance": {
        "type": "object", "required": ["decision"],
        "properties": {"decision": {"type": "string", "enum": ["accept", "decline"]},
                       "reason": {"type": "string", "description": "required to decline"},
                       "disclosures": {**_STRINGS, "description": "circumstances the parties should know"}},
    },
    "Outcome": {
        "type": "object", "required": ["result"],
        "properties": {"result": {"type": "string", "enum": ["failed", "terminated"]}, "reason": {"type": "string"},
                       "record": {"type": "object", "description": "调解不成功记录: basic_facts, reasons, "
                                                                   "disputed_points, ..."}},
    },
    "Extension": {
        "type": "object", "required": ["days", "agreed_by"],
        "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 30},
                       "agreed_by": {**_STRINGS, "description": "the names of every party"}},
    },
    "Consent": {
        "type": "object", "required": ["consent"],
        "properties": {"consent": {"type": "boolean", "enum": [True]},
                       "court_id": {"type": "string", "description": "the chosen court where several are competent"},
                       "property_location": {"type": "string"}},
    },
    "ConsentState": {
        "type": "object", "required": ["case_id", "status"],
        "properties": {"case_id": {"type": "string"}, "status": {"type": "string", "enum": STATUSES},
                       "consents": _STRINGS, "waiting_for": _STRINGS},
    },
    "Invitations": {
        "type": "object", "required": ["invitations"],
        "properties": {"invitations": {"type": "array", "items": {"type": "object", "properties": {
            "party_name": {"type": "string"}, "party_token": {"type": "string"}, "url": {"type": "string"}}}}},
    },
    "CaseRef": {"type": "object", "required": ["case_id"], "properties": {"case_id": {"type": "string"}}},
    "CourtSettings": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "address": {"type": "string"},
                       "callback_url": {"type": "string", "format": "uri"}, "invited_roster": _STRINGS,
                       "org_id": {"type": "string"}},
    },
    "Organization": {
        "type": "object", "required": ["org_id", "name"],
        "properties": {"org_id": {"type": "string"}, "name": {"type": "string"}, "address": {"type": "string"}},
    },
    "Mediator": {
        "type": "object", "required": ["mediator_id", "name"],
        "properties": {"mediator_id": {"type": "string"}, "name": {"type": "string"},
                       "specialties": {"type": "array", "items": {"type": "string", "enum": CATEGORIES}},
                       "capacity": {"type": "integer", "minimum": 1},
                       "status": {"type": "string", "enum": ["active", "suspended"]},
                       "id_number": _NULLABLE_STR, "phone": _NULLABLE_STR,
                       "relatives": _STRINGS, "colleagues": _STRINGS, "affiliations": _STRINGS},
    },
    "MediatorList": {
        "type": "object", "required": ["mediators"],
        "properties": {"mediators": {"type": "array", "items": {"$ref": "#/components/schemas/Mediator"}}},
    },
    "UploadRequest": {"type": "object", "properties": {"org_id": {"type": "string"}}},
    "Application": {
        "type": "object",
        "properties": {
            "applicants": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "respondents": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "claims": _STRINGS, "facts": {"type": "string"},
            "dispute_category": _NULLABLE_CATEGORY, "claim_amount": _NULLABLE_STR,
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
                       "data": {"$ref": "#/components/schemas/CourtEventData"}},
    },
    "CourtEventData": {
        "type": "object", "description": "The fields each event type reads (CONTRACT §3)",
        "properties": {
            "court_case_ref": {"type": "string"}, "procedure": {"type": "string", "enum": ["simple", "ordinary"]},
            "applicants": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "respondents": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
            "dispute_category": _NULLABLE_CATEGORY, "claim_amount": _NULLABLE_STR, "claims": _STRINGS,
            "facts": {"type": "string"}, "mediator_id": {"type": "string", "description": "the parties' joint choice"},
            "application_pdf_base64": {"type": "string", "format": "byte"},
            "case_id": {"type": "string"}, "ruling": {"type": "string", "enum": ["confirmed", "rejected"]},
            "ruling_number": {"type": "string"}, "reason": {"type": "string"}, "court_case_number": {"type": "string"},
        },
    },
    "Calendar": {
        "type": "object", "required": ["holidays", "workdays"],
        "properties": {"holidays": {"type": "array", "items": {"type": "string", "format": "date"}},
                       "workdays": {"type": "array", "items": {"type": "string", "format": "date"},
                                    "description": "make-up working days (调休上班) that fall on weekends"}},
    },
    "Object": {"type": "object"},
}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _op(summary: str, *, ok: str | tuple = "200", ok_schema: str = "Object", body: dict | None = None,
        security: str | None = "bearer", params: tuple = (), errors: tuple = ("400", "401", "403", "404")) -> dict:
    responses = {status: {"description": "success", "content": _json(ok_schema)}
                 for status in ((ok,) if isinstance(ok, str) else ok)}
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
        "text/html": {"schema": {"type": "string"}}}}, "400": {"description": "a query value no page uses",
                                                                "content": _json("Error")}}}


_CHANGE_ERRORS = ("400", "401", "403", "404", "409", "415", "422")
_PDF_OR_JSON = {**_json("Application"), "multipart/form-data": {"schema": {"$ref": "#/components/schemas/PdfUpload"}}}
_FORM = {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/PdfUpload"}}}

OPERATIONS: dict[tuple[str, str], dict] = {
    ("/openapi.json", "GET"): _op("This document", security=None, errors=()),
    ("/applications", "POST"): _op("A party applies for mediation (PDF or web form); a code goes by SMS to the "
                                   "applicant's mobile (422 phone_required without one; 429 beyond the send limit)",
                                   ok="201", ok_schema="Created", body=_PDF_OR_JSON, security=None,
                                   errors=("400", "404", "413", "415", "422", "429")),
    ("/uploads", "POST"): _op("A presigned S3 POST for an application PDF larger than the API accepts", ok="201",
                              ok_schema="Upload", body=_json("UploadRequest"), security=None, errors=("400", "415")),
    ("/webhooks/court", "POST"): _op("A court delegates (委派) or entrusts (委托) a case (202), rules or files (200)",
                                     ok=("200", "202"), ok_schema="CaseRef", body=_json("CourtEvent"),
                                     security="courtSignature", errors=("400", "401", "404", "409", "415", "422")),
    ("/auth/party-code", "POST"): _op("Send a 6-digit SMS code to a party's phone on the case (202 whatever the "
                                      "phone; 429 with Retry-After beyond 5 an hour per phone, 10 per case)",
                                      ok="202", ok_schema="PartyCodeAccepted", body=_json("PartyCodeRequest"),
                                      security=None, errors=("400", "415", "429")),
    ("/auth/party-login", "POST"): _op("Exchange the SMS code (10 minutes, one use, 5 tries) for a party token; "
                                       "confirms a waiting public application", ok_schema="PartyLogin",
                                       body=_json("PartyLoginRequest"), security=None, errors=("400", "401", "415")),
    ("/_local/messages", "GET"): _op("Local stage only (404 on every other): the SMS the platform sent to `to`",
                                     ok_schema="LocalMessages", security=None, params=("to",), errors=("400", "404")),
    ("/cases", "GET"): _op("Cases, filtered and paginated", ok_schema="CaseList",
                           params=("status", "court_id", "mediator_id", "category", "org_id", "cursor", "limit")),
    ("/cases/{case_id}", "GET"): _op("One case", ok_schema="Case"),
    ("/cases/{case_id}/acceptance", "POST"): _op("The assigned mediator accepts or declines", ok_schema="CaseSummary",
                                                 body=_json("Acceptance"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/extension", "POST"): _op("Extend the mediation time limit (all parties agree)",
                                                ok_schema="CaseSummary", body=_json("Extension"),
                                                errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/invitations", "POST"): _op("Invite every party to confirm the agreement", ok="201",
                                                  ok_schema="Invitations", errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/agreement", "POST"): _op("The mediator uploads the signed agreement", body=_FORM,
                                                errors=(*_CHANGE_ERRORS, "413")),
    ("/cases/{case_id}/outcome", "POST"): _op("The mediator records failure or termination", ok_schema="CaseSummary",
                                              body=_json("Outcome"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/confirmations", "POST"): _op("A party consents to judicial confirmation (司法确认)",
                                                    ok_schema="ConsentState", body=_json("Consent"),
                                                    errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/mediation-again", "POST"): _op("Mediate again after the court refused to confirm",
                                                      ok_schema="Case", errors=("401", "403", "404", "409")),
    ("/cases/{case_id}/close", "POST"): _op("Close a case the parties performed without confirmation",
                                            ok_schema="Case", body=_json("Object"),
                                            errors=("400", "401", "403", "404", "409")),
    ("/cases/{case_id}/documents/{name}", "GET"): {
        **_op("A rendered document"),
        "responses": {"200": {"description": "the document",
                              "content": {"text/html": {"schema": {"type": "string"}}}},
                      **{s: {"description": "error", "content": _json("Error")} for s in ("401", "403", "404")}},
    },
    ("/courts/{court_id}", "PUT"): _op("Court settings (callback_url, invited roster); a new court's webhook_secret "
                                       "is shown once", body=_json("CourtSettings"),
                                       errors=("400", "401", "403", "404", "415")),
    ("/calendars/{year}", "PUT"): _op("Load a year's official holidays and make-up working days (国务院放假安排)",
                                      body=_json("Calendar")),
    ("/organizations", "POST"): _op("Register a mediation organization", ok="201", ok_schema="Organization",
                                    body=_json("Organization"), errors=("400", "401", "403", "415")),
    ("/mediators", "POST"): _op("Add a mediator to the roster", ok="201", ok_schema="Mediator", body=_json("Mediator"),
                                errors=("400", "401", "403", "409", "415")),
    ("/mediators", "GET"): _op("The organization's mediators; `court_id` narrows to a court's invited roster",
                               ok_schema="MediatorList", params=("court_id",), errors=("400", "401", "403", "404")),
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
