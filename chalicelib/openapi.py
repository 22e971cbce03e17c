"""The OpenAPI 3 document served at `GET /openapi.json`.

Operations are written here by hand, next to their schemas, rather than
generated from the routes: a test compares this registry with the app's
routes, so a route nobody described fails the build instead of appearing
as an empty stub.
"""
from __future__ import annotations

from copy import deepcopy
from functools import lru_cache

from chalicelib.domain.accounts import LINK_PURPOSES, PASSWORD_MAX, ROLES
from chalicelib.domain.accounts import STATUSES as ACCOUNT_STATUSES
from chalicelib.domain.case import INTAKE_DECISIONS, PROCEDURES, REFUSAL_MAX, REVIEW_DECISIONS, RULINGS, SOURCES
from chalicelib.domain.discipline import REPORT_DECISIONS, SANCTIONS
from chalicelib.domain.discipline import STATUSES as MEDIATOR_STANDINGS
from chalicelib.domain.disclosures import DECISIONS as DISCLOSURE_DECISIONS
from chalicelib.domain.extensions import MAX_EXTENSION_DAYS
from chalicelib.domain.failure_record import ITEMS as FAILURE_RECORD_ITEMS
from chalicelib.domain.parties import KINDS, PARTY_TEXT_FIELDS
from chalicelib.domain.performance import COMMENT_MAX, COMPLAINT_STATES
from chalicelib.domain.respondent_consent import RECORDED as RECORDED_CHANNELS
from chalicelib.domain.roster import CATEGORIES, DECLARATIONS, MAX_CAPACITY, MEDIATOR_STATUSES
from chalicelib.domain.status import ALL as STATUSES
from chalicelib.domain.termination import GROUNDS
from chalicelib.services.acceptance import DECISIONS
from chalicelib.services.case_input import CASE_ID_PATTERN, MAX_PARTIES, MONEY_PATTERN
from chalicelib.services.listing import MAX_LIMIT, ORDERS
from chalicelib.services.outcome import RESULTS
from chalicelib.services.roster import MAX_DECLARED, MAX_INVITED
from chalicelib.services.uploads import UPLOAD_STATES
from chalicelib.services.validation import CLAIM, LONG, MAX_ITEMS, PARTY_FIELD, SHORT
from chalicelib.services.webhooks import EVENT_TYPES

# Values the request validator (chalicelib.web.schemas) enforces are the code's own bounds and vocabularies,
# imported from their one home; `x-error-code` is the error code a bad value of that field gets. Bodies that
# enter data refuse unknown fields (a misspelt key would silently lose what it carried); a mediator's or
# party's action ignores them, as it always has.


# "Not blank" as Python's str.strip() sees it (services/validation.text strips), spelled out: JSON Schema
# validators use ECMAScript's \s, which differs from Python's (U+001C–001F, U+0085 vs U+FEFF).
NOT_BLANK = ("[^\\t\\n\\v\\f\\r \\u001c-\\u001f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029"
             "\\u202f\\u205f\\u3000]")


def _text(max_length: int = SHORT, *, nullable: bool = True, **extra) -> dict:
    return {"type": "string", "maxLength": max_length, **({"nullable": True} if nullable else {}), **extra}


def _texts(max_items: int = MAX_ITEMS, max_length: int = SHORT, **extra) -> dict:
    return {"type": "array", "maxItems": max_items, "items": _text(max_length, nullable=False, pattern=NOT_BLANK),
            "nullable": True, **extra}


def _enum(values, *, nullable: bool = False, **extra) -> dict:
    return {"type": "string", "enum": [*values, *([None] if nullable else [])],
            **({"nullable": True} if nullable else {}), **extra}


_NULLABLE_STR = {"type": "string", "nullable": True}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_REF = "#/components/schemas/"
_PARTIES = {"type": "array", "maxItems": MAX_PARTIES, "items": {"$ref": _REF + "Party"}, "nullable": True,
            "x-error-code": "invalid_party"}
_ID = {"type": "string", "minLength": 1, "maxLength": SHORT, "pattern": NOT_BLANK}
_BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"  # what b64decode(validate=True) reads
_DATES = {"type": "array", "maxItems": 366, "items": {"type": "string", "format": "date"}}

_PARTY_CASE_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "x-error-code": "invalid_case_id"}
_PARTY_PHONE = {"type": "string", "maxLength": 30, "pattern": NOT_BLANK, "x-error-code": "invalid_phone"}

_APPLICATION_FIELDS = {  # what a party's application states, and what the organization may correct
    "applicants": _PARTIES, "respondents": _PARTIES,
    "claims": {**_texts(max_length=CLAIM), "x-error-code": "invalid_claims"},
    "facts": _text(LONG, **{"x-error-code": "invalid_facts"}),
    "dispute_category": _enum(CATEGORIES, nullable=True, **{"x-error-code": "invalid_category"}),
    "claim_amount": _text(16, pattern=MONEY_PATTERN, description="yuan, e.g. 123456.00",
                          **{"x-error-code": "invalid_amount"}),
}

SCHEMAS: dict = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"$ref": _REF + "ErrorDetail"}}},
    "ErrorDetail": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "details": {}}},
    "Party": {
        "type": "object", "required": ["name"], "description": "PARTY of CONTRACT §2; unknown keys are ignored",
        "x-error-code": "invalid_party",
        "properties": {
            "name": _text(PARTY_FIELD, nullable=False, minLength=1, pattern=NOT_BLANK),
            "kind": _enum(KINDS, nullable=True),
            **{k: _text(PARTY_FIELD) for k in PARTY_TEXT_FIELDS},
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
            "case_id": {"type": "string"}, "status": _enum(STATUSES),
            "source": _enum(SOURCES), "procedure": _enum(PROCEDURES),
            "dispute_category": _enum(CATEGORIES, nullable=True),
            "applicants": {"type": "array", "items": {"$ref": _REF + "Party"}},
            "respondents": {"type": "array", "items": {"$ref": _REF + "Party"}},
            "mediator_id": _NULLABLE_STR, "deadlines": {"type": "object"}, "flags": _STRINGS,
            "documents": _STRINGS,
            "history": {"type": "array", "items": {"type": "object"}},
            "you": {**_NULLABLE_STR, "description": "the party reading (party callers only)"},
            "joint_choice": {**_NULLABLE_STR, "description": "the mediator the parties chose (在线调解规则 Art.10)"},
            "assignment_basis": {"type": "object", "nullable": True,
                                 "description": "why the assigned mediator: kind joint_choice | designated, why "
                                                "(sentences), not_chosen_because (codes)"},
            "disclosures": _STRINGS, "disclosure_answers": {"type": "object", "description": "party -> "
                                                            "{decision continue | replace, reason, at} (Art.13)"},
            "respondent_consent": {"type": "object", "nullable": True,
                                   "description": "answers (respondent -> {agreed, channel, at, recorded_by, "
                                                  "note}) and waiting_for (Art.15)"},
            "extension": {"type": "object", "nullable": True,
                          "description": "the last proposal: days, reason, state proposed | agreed | refused, "
                                         "answers, waiting_for, new_deadline (Art.24)"},
            "outcome": {"type": "object", "nullable": True,
                        "description": "result, reason, ground and ground_label (Art.25) of an ending"},
            "court_choice": {"type": "object", "nullable": True,
                             "description": "the court the parties apply to (R2): court_id, name, reasons, "
                                            "proposed_by, consents [{party, at, channel, channel_label}]"},
            "intermediate_court": {"type": "object", "nullable": True,
                                   "description": "why the dispute is an intermediate court's: reason, basis"},
        },
    },
    "CaseSummary": {
        "type": "object", "description": "One row of GET /cases; also what a mediator's action answers",
        "required": ["case_id", "status"],
        "properties": {
            "case_id": {"type": "string"}, "status": _enum(STATUSES),
            "source": _enum(SOURCES), "procedure": _enum(PROCEDURES),
            "court_id": _NULLABLE_STR, "org_id": _NULLABLE_STR, "mediator_id": _NULLABLE_STR,
            "dispute_category": _enum(CATEGORIES, nullable=True), "flags": _STRINGS,
            "applicants": _STRINGS, "respondents": _STRINGS, "deadlines": {"type": "object"},
        },
    },
    "CaseList": {
        "type": "object", "required": ["cases"],
        "properties": {"cases": {"type": "array", "items": {"$ref": _REF + "CaseSummary"}},
                       "cursor": {**_NULLABLE_STR, "description": "pass as ?cursor= for the next page"}},
    },
    "Created": {
        "type": "object", "required": ["case_id", "status", "party_token"],
        "properties": {"case_id": {"type": "string"}, "status": _enum(STATUSES),
                       "party_token": {"type": "string", "description": "shown once; stored only as a hash"},
                       "extraction": {"allOf": [{"$ref": _REF + "Extraction"}], "nullable": True},
                       "flags": _STRINGS,
                       "verification": {"$ref": _REF + "Verification"}},
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
        "properties": {"case_id": _PARTY_CASE_ID,
                       "phone": {**_PARTY_PHONE,
                                 "description": "a mainland mobile number; +86, spaces and dashes are ignored"}},
    },
    "PartyCodeAccepted": {
        "type": "object", "required": ["message", "expires_in"],
        "description": "The same answer whatever the phone: it never tells whether the phone is on the case",
        "properties": {"message": {"type": "string"}, "expires_in": {"type": "integer"}},
    },
    "PartyLoginRequest": {
        "type": "object", "required": ["case_id", "phone", "code"], "additionalProperties": False,
        "properties": {"case_id": _PARTY_CASE_ID, "phone": _PARTY_PHONE,
                       "code": {"type": "string", "pattern": "^[0-9]{6}$", "x-error-code": "invalid_code_format"}},
    },
    "PartyLogin": {
        "type": "object", "required": ["party_token"],
        "properties": {"party_token": {"type": "string", "description": "a new token; the party's earlier ones "
                                                                       "stop working"},
                       "case_id": {"type": "string"}, "status": _enum(STATUSES)},
    },
    "LoginRequest": {
        "type": "object", "required": ["username", "password"], "additionalProperties": False,
        "properties": {"username": {"type": "string", "minLength": 1, "maxLength": 64, "x-error-code": "invalid_username"},
                       "password": {"type": "string", "minLength": 1, "maxLength": PASSWORD_MAX,
                                    "x-error-code": "invalid_password"}},
    },
    "Session": {
        "type": "object", "required": ["token", "role", "expires_at", "username"],
        "description": "A staff bearer token bound to the account: signing out, a new password or disabling the "
                       "account ends it",
        "properties": {"token": {"type": "string"}, "role": _enum(ROLES),
                       "expires_at": {"type": "string", "format": "date-time"}, "username": {"type": "string"},
                       "org_id": {"type": "string"}, "court_id": {"type": "string"},
                       "mediator_id": {"type": "string"}},
    },
    "SetPasswordRequest": {
        "type": "object", "required": ["token", "password"], "additionalProperties": False,
        "properties": {"token": {"type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[A-Za-z0-9_-]+$",
                                 "x-error-code": "invalid_link"},
                       "password": {"type": "string", "minLength": 1, "maxLength": PASSWORD_MAX,
                                    "x-error-code": "invalid_password",
                                    "description": "at least 8 characters (422 password_too_short)"}},
    },
    "SignedOut": {
        "type": "object", "required": ["signed_out", "revoked"],
        "properties": {"signed_out": {"type": "boolean"},
                       "revoked": {"type": "boolean", "description": "false for a token no account holds (CLI)"}},
    },
    "StaffInvitation": {
        "type": "object", "required": ["role", "username"], "additionalProperties": False,
        "properties": {"role": _enum(ROLES, **{"x-error-code": "invalid_role"}),
                       "username": {"type": "string", "minLength": 1, "maxLength": 64,
                                    "x-error-code": "invalid_username",
                                    "description": "3–64 lower-case letters, digits, '.', '_' or '-'"},
                       "display_name": _text(),
                       "org_id": {**_ID, "description": "an org_admin's organization (an org_admin inviting: its own)"},
                       "court_id": {**_ID, "description": "a court_clerk's court"},
                       "mediator_id": {**_ID, "description": "a mediator on the organization's roster"}},
    },
    "AccountLink": {
        "type": "object", "required": ["username", "status", "url", "purpose", "expires_at"],
        "description": "A single-use link (72 h) where the person sets a password; hand it to that person only",
        "properties": {"username": {"type": "string"}, "role": _enum(ROLES), "status": _enum(ACCOUNT_STATUSES),
                       "url": {"type": "string"}, "purpose": _enum(LINK_PURPOSES),
                       "expires_at": {"type": "string", "format": "date-time"}},
    },
    "AccountState": {
        "type": "object", "required": ["username", "status"],
        "properties": {"username": {"type": "string"}, "status": _enum(ACCOUNT_STATUSES)},
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
        "properties": {"case_id": {"type": "string", "description": "also the upload id of GET /uploads/{upload_id}"},
                       "party_token": {"type": "string"},
                       "upload": {"type": "object", "properties": {"url": {"type": "string"},
                                                                   "fields": {"type": "object"}}},
                       "max_bytes": {"type": "integer"}, "content_type": {"type": "string"}},
    },
    "UploadState": {
        "type": "object", "required": ["upload_id", "status"],
        "description": "pending: not read yet; accepted: the case is open; rejected: refused as a direct upload "
                       "would have been, with the same error",
        "properties": {"upload_id": {"type": "string"}, "status": _enum(UPLOAD_STATES),
                       "case_id": _NULLABLE_STR,
                       "error": {"allOf": [{"$ref": _REF + "ErrorDetail"}], "nullable": True}},
    },
    "Acceptance": {
        "type": "object", "required": ["decision"],
        "properties": {"decision": _enum(DECISIONS, **{"x-error-code": "invalid_decision"}),
                       "reason": _text(LONG, description="required to decline"),
                       "disclosures": _texts(max_length=LONG, description="circumstances the parties should know",
                                             **{"x-error-code": "invalid_disclosures"})},
    },
    "Outcome": {
        "type": "object", "required": ["result"],
        "properties": {"result": _enum(RESULTS, **{"x-error-code": "invalid_result"}), "reason": _text(LONG),
                       "ground": _enum(tuple(GROUNDS), nullable=True, description="why a termination ends the "
                                       "mediation (在线调解规则 Art.25); `other` when not given",
                                       **{"x-error-code": "invalid_ground"}),
                       "record": {"type": "object", "nullable": True, "additionalProperties": False,
                                  "x-error-code": "invalid_record", "description": "调解不成功记录 (在线调解规则 Art.21)",
                                  "properties": {k: _text(LONG) for k in FAILURE_RECORD_ITEMS}}},
    },
    "Extension": {
        "type": "object", "required": ["days"],
        "x-error-code": "invalid_extension",
        "description": "The mediator proposes; each party answers itself (POST .../extension/answer, "
                       "在线调解规则 Art.24)",
        "properties": {"days": {"type": "integer", "minimum": 1, "maximum": MAX_EXTENSION_DAYS},
                       "reason": _text(LONG),
                       "agreed_by": {**_texts(), "nullable": False,
                                     "description": "no longer taken: a non-empty list is refused (422 "
                                                    "party_consent_required), each party agrees itself"}},
    },
    "PartyAnswer": {
        "type": "object", "required": ["agree"], "x-error-code": "invalid_answer",
        "properties": {"agree": {"type": "boolean"}},
    },
    "DisclosureAnswer": {
        "type": "object", "required": ["decision"],
        "properties": {"decision": _enum(DISCLOSURE_DECISIONS, **{"x-error-code": "invalid_decision"}),
                       "reason": _text(LONG, description="required to ask for another mediator")},
    },
    "RespondentConsent": {
        "type": "object", "required": ["agree"], "x-error-code": "invalid_answer",
        "description": "A respondent answers for itself (channel online); the assigned mediator records a "
                       "respondent's answer given by phone or in person (respondent, channel)",
        "properties": {"agree": {"type": "boolean"}, "respondent": _text(),
                       "channel": _enum(RECORDED_CHANNELS, nullable=True, **{"x-error-code": "invalid_channel"}),
                       "note": _text(LONG)},
    },
    "Consent": {
        "type": "object", "required": ["consent"],
        "properties": {"consent": {"type": "boolean", "enum": [True], "x-error-code": "consent_required"},
                       "court_id": _text(description="the court this party chooses; later consents join it "
                                                     "(409 court_choice_conflict for another)"),
                       "property_location": _text()},
    },
    "Invitation": {
        "type": "object",
        "properties": {"court_id": _text(description="the court the mediator proposes for the joint application"),
                       "property_location": _text()},
    },
    "Closing": {
        "type": "object",
        "properties": {"reason": _text(LONG, description="why the organization closes the case")},
    },
    "ConsentState": {
        "type": "object", "required": ["case_id", "status"],
        "properties": {"case_id": {"type": "string"}, "status": _enum(STATUSES),
                       "consents": _STRINGS, "waiting_for": _STRINGS,
                       "court_choice": {"type": "object", "nullable": True}},
    },
    "Invitations": {
        "type": "object", "required": ["invitations"],
        "properties": {"invitations": {"type": "array", "items": {"type": "object", "properties": {
            "party_name": {"type": "string"}, "party_token": {"type": "string"}, "url": {"type": "string"}}}}},
    },
    "CaseRef": {"type": "object", "required": ["case_id"], "properties": {"case_id": {"type": "string"}}},
    "CourtSettings": {
        "type": "object", "additionalProperties": False,
        "properties": {"name": _text(), "address": _text(),
                       "callback_url": _text(2_000, format="uri", pattern="^https?://",
                                             **{"x-error-code": "invalid_callback_url"}),
                       "invited_roster": {**_texts(MAX_INVITED), "x-error-code": "invalid_roster"},
                       "org_id": _text()},
    },
    "Court": {
        "type": "object", "required": ["court_id", "name", "invited_roster", "webhook_secret_set"],
        "description": "A court's settings as its clerk reads them; never the webhook secret",
        "properties": {"court_id": {"type": "string"}, "name": {"type": "string"}, "address": _NULLABLE_STR,
                       "callback_url": _NULLABLE_STR, "invited_roster": _STRINGS, "org_id": _NULLABLE_STR,
                       "secret_rotated_at": _NULLABLE_STR, "webhook_secret_set": {"type": "boolean"}},
    },
    "NewWebhookSecret": {
        "type": "object", "required": ["court_id", "webhook_secret", "secret_rotated_at"],
        "description": "Shown in this answer only; the previous secret is refused from now on",
        "properties": {"court_id": {"type": "string"}, "webhook_secret": {"type": "string"},
                       "secret_rotated_at": {"type": "string"}},
    },
    "ConsoleRuling": {
        "type": "object", "required": ["ruling", "ruling_number"], "additionalProperties": False,
        "description": "The court's ruling on the confirmation (裁定书 number), entered by its clerk",
        "properties": {"ruling": _enum(RULINGS, **{"x-error-code": "invalid_ruling"}),
                       "ruling_number": _text(nullable=False, minLength=1, pattern=NOT_BLANK),
                       "reason": _text(LONG)},
    },
    "ConsoleFiling": {
        "type": "object", "required": ["court_case_number"], "additionalProperties": False,
        "description": "The filing (立案) of a case whose mediation failed, entered by the court's clerk",
        "properties": {"court_case_number": _text(nullable=False, minLength=1, pattern=NOT_BLANK)},
    },
    "Decision": {
        "type": "object", "required": ["case_id", "status", "changed"],
        "description": "`changed` false: the case was already decided so (by the console or the court's webhook)",
        "properties": {"case_id": {"type": "string"}, "status": _enum(STATUSES), "changed": {"type": "boolean"},
                       "ruling": {"type": "object", "nullable": True}, "court_case_number": _NULLABLE_STR},
    },
    "FileLink": {
        "type": "object", "required": ["name", "content_type", "url", "expires_at"],
        "properties": {"name": {"type": "string"}, "content_type": {"type": "string"},
                       "url": {"type": "string", "format": "uri"}, "expires_at": {"type": "string"}},
    },
    "Organization": {
        "type": "object", "required": ["org_id", "name"],
        "properties": {"org_id": {"type": "string"}, "name": {"type": "string"}, "address": _NULLABLE_STR,
                       "phone": _NULLABLE_STR},
    },
    "NewOrganization": {
        "type": "object", "required": ["org_id", "name"], "additionalProperties": False,
        "properties": {"org_id": _ID, "name": _ID, "address": _text(),
                       "phone": _text(30, description="联系电话 shown to parties, e.g. 0373-1234567")},
    },
    "Mediator": {
        "type": "object", "required": ["mediator_id", "name"],
        "properties": {"mediator_id": {"type": "string"}, "name": {"type": "string"}, "org_id": {"type": "string"},
                       "specialties": {"type": "array", "items": _enum(CATEGORIES)},
                       "capacity": {"type": "integer", "minimum": 1},
                       "status": _enum(MEDIATOR_STANDINGS),
                       "id_number": _NULLABLE_STR, "phone": _NULLABLE_STR,
                       "relatives": _STRINGS, "colleagues": _STRINGS, "affiliations": _STRINGS},
    },
    "NewMediator": {
        "type": "object", "required": ["mediator_id", "name"], "additionalProperties": False,
        "description": "declarations (relatives, colleagues, affiliations) are matched against parties "
                       "(特邀调解规定 Art.15)",
        "properties": {"mediator_id": _ID, "name": _ID,
                       "specialties": {"type": "array", "maxItems": len(CATEGORIES), "items": _enum(CATEGORIES),
                                       "x-error-code": "invalid_specialties"},
                       "capacity": {"type": "integer", "minimum": 1, "maximum": MAX_CAPACITY,
                                    "x-error-code": "invalid_capacity"},
                       "status": _enum(MEDIATOR_STATUSES, **{"x-error-code": "invalid_status"}),
                       "id_number": _text(), "phone": _text(),
                       **{k: _texts(MAX_DECLARED) for k in DECLARATIONS}},
    },
    "EditMediator": {
        "type": "object", "additionalProperties": False, "minProperties": 1,
        "description": "the roster entry's profile; its standing changes only by a sanction (suspend, reinstate, "
                       "remove), its id and organization never",
        "properties": {"name": _ID,
                       "specialties": {"type": "array", "maxItems": len(CATEGORIES), "items": _enum(CATEGORIES),
                                       "x-error-code": "invalid_specialties"},
                       "capacity": {"type": "integer", "minimum": 1, "maximum": MAX_CAPACITY,
                                    "x-error-code": "invalid_capacity"},
                       "phone": _text(), **{k: _texts(MAX_DECLARED) for k in DECLARATIONS}},
    },
    "AccountList": {
        "type": "object", "required": ["accounts", "cursor"],
        "properties": {"cursor": _NULLABLE_STR, "accounts": {"type": "array", "items": {
            "type": "object", "required": ["username", "role", "status"],
            "properties": {"username": {"type": "string"}, "role": _enum(ROLES), "status": _enum(ACCOUNT_STATUSES),
                           "display_name": _NULLABLE_STR, "mediator_id": _NULLABLE_STR, "org_id": _NULLABLE_STR,
                           "invited_by": _NULLABLE_STR, "created_at": {"type": "string", "format": "date-time"},
                           "link_pending": {"type": "boolean",
                                            "description": "an invitation or reset link is live"}}}}},
    },
    "MediatorList": {
        "type": "object", "required": ["mediators"],
        "properties": {"mediators": {"type": "array", "items": {"$ref": _REF + "Mediator"}}},
    },
    "UploadRequest": {"type": "object", "additionalProperties": False, "properties": {"org_id": _text()}},
    "Application": {
        "type": "object", "additionalProperties": False,
        "properties": {
            **_APPLICATION_FIELDS,
            "org_id": _text(),
            "mediator_id": _text(description="the mediator the parties chose together (在线调解规则 Art.10); "
                                             "assigned when eligible, else the organization designates one"),
        },
    },
    "Corrections": {
        "type": "object", "additionalProperties": False, "minProperties": 1, "x-error-code": "invalid_corrections",
        "description": "The fields given replace what the reading put on the case (status received only); a "
                       "party's ID number, credit code or phone sent back exactly as masked keeps the stored one",
        "properties": dict(_APPLICATION_FIELDS),
    },
    "IntakeDecision": {
        "type": "object", "required": ["decision"], "additionalProperties": False,
        "properties": {"decision": _enum(INTAKE_DECISIONS, **{"x-error-code": "invalid_decision"}),
                       "reason": _text(REFUSAL_MAX, description="required to refuse: the party is told it by SMS",
                                       **{"x-error-code": "field_too_long"})},
    },
    "IntakeDecided": {
        "type": "object", "required": ["case_id", "status", "intake_decision"],
        "properties": {"case_id": {"type": "string"}, "status": _enum(STATUSES),
                       "intake_decision": {"type": "object", "properties": {
                           "decision": _enum(INTAKE_DECISIONS), "reason": _NULLABLE_STR, "by": {"type": "string"},
                           "at": {"type": "string"}}}},
    },
    "IntakeQueue": {
        "type": "object", "required": ["items"],
        "properties": {"items": {"type": "array", "items": {"allOf": [{"$ref": _REF + "Case"}], "properties": {
                           "waiting_because": {**_STRINGS, "description": "the flags that keep it in the queue"}}}},
                       "cursor": {**_NULLABLE_STR, "description": "pass as ?cursor= for the next page"}},
    },
    "Reassignment": {
        "type": "object", "required": ["reason"], "additionalProperties": False,
        "properties": {"mediator_id": _text(description="the mediator to hand the case to; without it the "
                                                        "assignment rules choose"),
                       "reason": _text(LONG, nullable=False, minLength=1, pattern=NOT_BLANK,
                                       **{"x-error-code": "reason_required"})},
    },
    "PdfUpload": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary", "minLength": 1}, "org_id": {"type": "string"},
                       "mediator_id": {"type": "string", "description": "the parties' joint choice"}},
    },
    "CourtEvent": {
        "type": "object", "required": ["event_id", "type", "data"], "x-error-code": "invalid_webhook",
        "properties": {"event_id": _ID,
                       "type": _enum(EVENT_TYPES, **{"x-error-code": "unknown_event_type"}),
                       "data": {"$ref": _REF + "CourtEventData"}},
    },
    "CourtEventData": {
        "type": "object", "description": "The fields each event type reads (CONTRACT §3)",
        "properties": {
            "court_case_ref": _text(), "procedure": _enum(PROCEDURES[1:], nullable=True,
                                                          **{"x-error-code": "invalid_procedure"}),
            "applicants": _PARTIES, "respondents": _PARTIES,
            "dispute_category": _enum(CATEGORIES, nullable=True, **{"x-error-code": "invalid_category"}),
            "claim_amount": _text(16, pattern=MONEY_PATTERN, **{"x-error-code": "invalid_amount"}),
            "claims": {**_texts(max_length=CLAIM), "x-error-code": "invalid_claims"},
            "facts": _text(LONG, **{"x-error-code": "invalid_facts"}),
            "mediator_id": _text(description="the parties' joint choice; for mediator.reported, the mediator"),
            "application_pdf_base64": _text(14_000_000, format="byte", pattern=_BASE64,
                                            **{"x-error-code": "invalid_pdf"}),
            "case_id": _text(), "ruling": _enum(RULINGS, nullable=True, **{"x-error-code": "invalid_ruling"}),
            "ruling_number": _text(), "reason": _text(LONG), "court_case_number": _text(),
        },
    },
    "Calendar": {
        "type": "object", "additionalProperties": False, "x-error-code": "invalid_calendar",
        "properties": {"holidays": _DATES,
                       "workdays": {**_DATES, "description": "make-up working days (调休上班) that fall on weekends"}},
    },
    # ---- issue 13: roster discipline, the parties' voice, integrity review ----
    "Sanction": {
        "type": "object", "required": ["kind", "reason"], "additionalProperties": False,
        "description": "警告 / 通报批评 / 除名 (CONTRACT R2), and the association's 暂停 / 恢复",
        "properties": {"kind": _enum(SANCTIONS, **{"x-error-code": "invalid_sanction"}),
                       "reason": _text(LONG, nullable=False, minLength=1, pattern=NOT_BLANK,
                                       **{"x-error-code": "reason_required"})},
    },
    "SanctionResult": {
        "type": "object", "required": ["mediator_id", "status"],
        "properties": {"mediator_id": {"type": "string"}, "status": _enum(MEDIATOR_STANDINGS),
                       "sanction": {"type": "object"}, "already_removed": {"type": "boolean"},
                       "reassigned": _STRINGS, "flagged": _STRINGS, "courts_told": _STRINGS,
                       "notifications_sent": {"type": "boolean"}},
    },
    "Complaint": {
        "type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {"text": _text(LONG, nullable=False, minLength=1, pattern=NOT_BLANK,
                                     **{"x-error-code": "missing_field"})},
    },
    "ComplaintAnswer": {
        "type": "object", "required": ["answer"], "additionalProperties": False,
        "properties": {"answer": _text(LONG, nullable=False, minLength=1, pattern=NOT_BLANK,
                                       **{"x-error-code": "missing_field"})},
    },
    "ComplaintEntry": {
        "type": "object", "required": ["complaint_id", "case_id", "mediator_id", "text", "at", "state"],
        "properties": {**{k: {"type": "string"} for k in ("complaint_id", "case_id", "mediator_id", "text", "at")},
                       "state": _enum(COMPLAINT_STATES), "mediator_name": _NULLABLE_STR,
                       **{k: _NULLABLE_STR for k in ("answer", "answered_by", "answered_at")}},
    },
    "ComplaintList": {
        "type": "object", "required": ["complaints", "cursor"],
        "properties": {"cursor": _NULLABLE_STR,
                       "complaints": {"type": "array", "items": {"$ref": _REF + "ComplaintEntry"}}},
    },
    "Rating": {
        "type": "object", "required": ["score"], "additionalProperties": False,
        "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5, "x-error-code": "invalid_score"},
                       "comment": _text(COMMENT_MAX)},
    },
    "Review": {
        "type": "object", "required": ["decision"], "additionalProperties": False,
        "properties": {"decision": _enum(REVIEW_DECISIONS, **{"x-error-code": "invalid_decision"}),
                       "note": _text(LONG)},
    },
    "MisconductReport": {
        "type": "object", "required": ["reason"], "additionalProperties": False,
        "properties": {"reason": _text(LONG, nullable=False, minLength=1, pattern=NOT_BLANK,
                                       **{"x-error-code": "reason_required"}),
                       "case_id": _text()},
    },
    "ReportDecision": {
        "type": "object", "required": ["decision"], "additionalProperties": False,
        "properties": {"decision": _enum(REPORT_DECISIONS, **{"x-error-code": "invalid_decision"}),
                       "note": _text(LONG)},
    },
    "Statistics": {"type": "object", "required": ["from", "to", "totals", "by_month", "durations"],
                   "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "totals": {"type": "object"},
                                  "by_status": {"type": "object"}, "durations": {"type": "object"},
                                  "confirmations": {"type": "object"},
                                  **{f"by_{d}": {"type": "array", "items": {"type": "object"}} for d in (
                                      "month", "category", "source", "court", "organization", "mediator")}}},
    "Subsidies": {"type": "object", "required": ["periods", "total"],
                  "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "total": {"type": "string"},
                                 "periods": {"type": "array", "items": {"type": "object"}}}},
    "ClosedPeriod": {"type": "object", "required": ["period", "closed"],
                     "properties": {"period": {"type": "string"}, "closed": {"type": "boolean"},
                                    "closed_at": {"type": "string"}, "closed_by": {"type": "string"}}},
    "Object": {"type": "object"},
}


_QUERY_ID = {"type": "string", "pattern": f"^[!-~]{{0,{SHORT}}}$"}  # our ids are printable ASCII
QUERY = {"status": _enum(STATUSES), "category": _enum(CATEGORIES), "court_id": _QUERY_ID,
         "mediator_id": _QUERY_ID, "org_id": _QUERY_ID,
         "cursor": {"type": "string", "pattern": "^[A-Za-z0-9_-]{0,1024}$",
                    "description": "opaque: only a cursor this API returned continues a listing"},
         "limit": {"type": "string", "pattern": "^[0-9]{1,6}$", "description": f"at most {MAX_LIMIT} are returned"},
         "to": {"type": "string", "pattern": "^[ -~]{0,30}$", "description": "a phone number, as the SMS was addressed"},
         "flag": {**_QUERY_ID, "description": "only cases carrying this flag (mediator_withdrawn, no_candidate, ...)"},
         "order": _enum(ORDERS, description="newest (default) or deadline: an organization's (or a court "
                                            "clerk's court's) open cases, the nearest deadline first"),
         "state": _enum(COMPLAINT_STATES, description="open: waiting for the organization's answer")}


_MONTH = {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$", "x-error-code": "invalid_period"}
# The reports' own parameters (issue 13): `from`/`to` are months here, unlike /_local/messages' `to`.
REPORT_QUERY = {"from": _MONTH, "to": _MONTH, "month": _MONTH, "court_id": _QUERY_ID,
                "format": {"type": "string", "enum": ["json", "csv"],
                           "description": "csv: UTF-8 with a BOM, formula-like cells neutralised"}}


def _report_params(*names: str) -> list[dict]:
    return [{"name": n, "in": "query", "required": False, "schema": REPORT_QUERY[n]} for n in names]


def _download(summary: str, ok_schema: str, params: tuple, description: str) -> dict:
    operation = _op(summary, ok_schema=ok_schema, errors=("400", "401", "403", "422"))
    operation["responses"]["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    return {**operation, "parameters": _report_params(*params), "description": description}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _op(summary: str, *, ok: str | tuple = "200", ok_schema: str = "Object", body: dict | None = None,
        security: str | None = "bearer", params: tuple = (), required: tuple = (),
        errors: tuple = ("400", "401", "403", "404")) -> dict:
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
        op["parameters"] = [{"name": p, "in": "query", "required": p in required, "schema": QUERY[p]} for p in params]
    return op


IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "description": "a retry with the same key within 24 h gets the first answer and creates nothing "
                                  "new; the same key with another body is refused (422 idempotency_key_reused)",
                   "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}}


def _idempotent(operation: dict) -> dict:
    """CONTRACT R2: the creating routes honour `Idempotency-Key`."""
    return {**operation, "parameters": [*operation.get("parameters", ()), IDEMPOTENCY_KEY]}


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
    ("/applications", "POST"): _idempotent(_op("A party applies for mediation (PDF or web form); a code goes by SMS to the "
                                   "applicant's mobile (422 phone_required without one; 429 beyond the send limit)",
                                   ok="201", ok_schema="Created",
                                   body=_PDF_OR_JSON, security=None, errors=("400", "404", "409", "413", "415", "422", "429"))),
    ("/uploads", "POST"): _idempotent(_op("A presigned S3 POST for an application PDF larger than the API accepts", ok="201",
                              ok_schema="Upload", body=_json("UploadRequest"), security=None,
                              errors=("400", "409", "413", "415", "422"))),
    ("/uploads/{upload_id}", "GET"): _op("Whether a presigned upload became a case, or was refused (and why)",
                                         ok_schema="UploadState", errors=("401", "404")),
    ("/webhooks/court", "POST"): _op("A court delegates (委派) or entrusts (委托) a case (202), rules or files (200)",
                                     ok=("200", "202"), ok_schema="CaseRef", body=_json("CourtEvent"),
                                     security="courtSignature", errors=("400", "401", "404", "409", "415", "422")),
    ("/auth/party-code", "POST"): _op("Send a 6-digit SMS code to a party's phone on the case (202 whatever the "
                                      "phone; 429 with Retry-After beyond 5 an hour per phone, 10 per case)",
                                      ok="202", ok_schema="PartyCodeAccepted", body=_json("PartyCodeRequest"),
                                      security=None, errors=("400", "415", "422", "429")),
    ("/auth/party-login", "POST"): _op("Exchange the SMS code (10 minutes, one use, 5 tries) for a party token; "
                                       "confirms a waiting public application", ok_schema="PartyLogin",
                                       body=_json("PartyLoginRequest"), security=None, errors=("400", "401", "415", "422")),
    ("/auth/login", "POST"): _op("Staff sign in with username and password (CONTRACT R2); 401 invalid_credentials "
                                 "alike for an unknown user and a wrong password; 429 with Retry-After after 5 "
                                 "failures in 15 minutes per account (30 per client address)", ok_schema="Session",
                                 body=_json("LoginRequest"), security=None, errors=("400", "401", "415", "429")),
    ("/auth/password", "POST"): _op("Set the password with an invitation or reset link's token (single use, 72 h); "
                                    "signs in", ok_schema="Session", body=_json("SetPasswordRequest"), security=None,
                                    errors=("400", "401", "415", "422")),
    ("/auth/logout", "POST"): _op("Sign out: every token of the caller's account stops working",
                                  ok_schema="SignedOut", errors=("401", "403")),
    ("/accounts/invitations", "POST"): {
        **_op("Invite a staff member: creates the account and returns its set-password link", ok="201",
              ok_schema="AccountLink", body=_json("StaffInvitation"), errors=("400", "401", "403", "409", "415", "422")),
        "description": "Who: an `org_admin` invites mediators (on its roster) and admins of its own organization; "
                       "the `platform_admin` invites court clerks and org admins. Anything else: 403."},
    ("/accounts", "GET"): {
        **_op("An organization's staff accounts (username order, a page at a time); never a password hash",
              ok_schema="AccountList", params=("org_id", "cursor", "limit"), errors=("400", "401", "403")),
        "description": "Who: an `org_admin` (their organization; another org_id: 403) or the `platform_admin` "
                       "(names `org_id`)."},
    ("/accounts/{username}/reset", "POST"): {
        **_op("A new set-password link for the account (an earlier link dies)", ok="201", ok_schema="AccountLink",
              errors=("401", "403", "404", "409")),
        "description": "Who: the `org_admin` of the account's organization, or the `platform_admin`. An account "
                       "the caller does not manage answers 404 `account_not_found`, like one that does not exist."},
    ("/accounts/{username}/disable", "POST"): {
        **_op("Disable the account: no sign-in, its live tokens and links stop working",
              ok_schema="AccountState", errors=("401", "403", "404", "409")),
        "description": "Who: as for reset; nobody disables their own account (409 `cannot_disable_self`)."},
    ("/accounts/{username}/enable", "POST"): {
        **_op("Enable a disabled account again (its old tokens stay revoked; without a password it is invited "
              "again and needs a reset link)", ok_schema="AccountState", errors=("401", "403", "404")),
        "description": "Who: as for reset."},
    ("/_local/messages", "GET"): _op("Local stage only (404 on every other): the SMS the platform sent to `to`",
                                     ok_schema="LocalMessages", security=None, params=("to",), required=("to",),
                                     errors=("400", "404", "422")),
    ("/cases", "GET"): _op("Cases, filtered and paginated", ok_schema="CaseList",
                           params=("status", "court_id", "mediator_id", "category", "org_id", "flag", "order",
                                   "cursor", "limit")),
    ("/intake", "GET"): {
        **_op("The organization's intake queue (受理审查): public applications waiting in received — unverified, "
              "being read or unreadable, read with issues, out of scope — each with what was read and its issues",
              ok_schema="IntakeQueue", params=("cursor", "limit")),
        "description": "Who: an `org_admin` (their organization's applications); anyone else: 403."},
    ("/cases/{case_id}/corrections", "POST"): _op(
        "Correct what the reading of a public application got wrong (parties, category, amount, claims, facts); "
        "the history keeps an audit line", ok_schema="Case", body=_json("Corrections"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/intake-decision", "POST"): _op(
        "Send a public application on to assignment, or refuse it with a reason the party is told by SMS (closed); "
        "once: the same decision again answers as the first, another 409 intake_decided",
        ok_schema="IntakeDecided", body=_json("IntakeDecision"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/reassign", "POST"): _op(
        "Reassign a case (assigned or in mediation) to another mediator, named or chosen by the assignment rules; "
        "capacity moves in one transaction, the court is told (case.assigned), the parties and both mediators by SMS",
        ok_schema="CaseSummary", body=_json("Reassignment"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}", "GET"): _op("One case", ok_schema="Case"),
    ("/cases/{case_id}/acceptance", "POST"): _op("The assigned mediator accepts or declines", ok_schema="CaseSummary",
                                                 body=_json("Acceptance"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/extension", "POST"): _op("The mediator proposes to extend the mediation time limit; "
                                                "each party answers itself", ok_schema="CaseSummary",
                                                body=_json("Extension"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/extension/answer", "POST"): _op("A party agrees to or refuses the proposed extension; the "
                                                       "last agreement extends it and the court is told "
                                                       "(case.extended)", ok_schema="CaseSummary",
                                                       body=_json("PartyAnswer"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/disclosure-answer", "POST"): _op("A party consents to the mediator continuing after the "
                                                        "disclosures, or asks for another (then reassigned)",
                                                        ok_schema="CaseSummary", body=_json("DisclosureAnswer"),
                                                        errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/respondent-consent", "POST"): _op("The respondent agrees to mediation or declines "
                                                         "(declined: terminated); or the mediator records it",
                                                         ok_schema="CaseSummary", body=_json("RespondentConsent"),
                                                         errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/invitations", "POST"): _op("Invite every party to confirm the agreement", ok="201",
                                                  ok_schema="Invitations", body=_json("Invitation"),
                                                  errors=_CHANGE_ERRORS),
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
                                            ok_schema="Case", body=_json("Closing"),
                                            errors=("400", "401", "403", "404", "409", "415")),
    ("/cases/{case_id}/documents/{name}", "GET"): {
        **_op("A rendered document"),
        "responses": {"200": {"description": "the document",
                              "content": {"text/html": {"schema": {"type": "string"}}}},
                      **{s: {"description": "error", "content": _json("Error")} for s in ("401", "403", "404")},
                      "401": {"description": "no token: the JSON error; a browser's navigation (Accept prefers "
                                             "text/html, no Authorization) gets the page that opens the document "
                                             "with the tab's staff session instead",
                              "content": {**_json("Error"), "text/html": {"schema": {"type": "string"}}}}},
    },
    ("/cases/{case_id}/files/{name}", "GET"): {
        **_op("A link to an uploaded PDF of the case (application 申请书, agreement 调解协议): a presigned S3 GET "
              "valid 5 minutes", ok_schema="FileLink"),
        "description": "Who: anyone entitled to the case (as its documents). 404 `file_not_found` for a name the "
                       "case holds no PDF under."},
    ("/cases/{case_id}/ruling", "POST"): {
        **_op("The court's clerk enters its ruling on the confirmation (as the webhook confirmation.ruled)",
              ok_schema="Decision", body=_json("ConsoleRuling"), errors=_CHANGE_ERRORS),
        "description": "Who: the `court_clerk` of the case's court (another court's: 404). The same ruling again, "
                       "from here or the court's webhook, answers `changed: false`; another ruling 409 "
                       "`already_ruled`."},
    ("/cases/{case_id}/filing", "POST"): {
        **_op("The court's clerk records the filing (立案) and its case number (as the webhook case.filed)",
              ok_schema="Decision", body=_json("ConsoleFiling"), errors=_CHANGE_ERRORS),
        "description": "Who: the `court_clerk` of the case's court. The same number again answers "
                       "`changed: false`; another 409 `already_filed`."},
    ("/courts/{court_id}", "PUT"): {
        **_op("Court settings (callback_url, invited roster); a new court's webhook_secret is shown once",
              body=_json("CourtSettings"), errors=("400", "401", "403", "404", "415", "422")),
        "description": "Who: `platform_admin` registers a court and changes any; the court's own `court_clerk` "
                       "changes its name, address, callback_url and invited roster (特邀调解名册). Changing "
                       "`org_id` (the docked organization) is the platform_admin's. Anyone else: 403. "
                       "Every invited_roster entry must be an existing mediator (422 `unknown_mediator`)."},
    ("/courts/{court_id}", "GET"): {
        **_op("A court's settings: name, address, callback_url, invited roster (never the webhook secret)",
              ok_schema="Court"),
        "description": "Who: the court's own `court_clerk`, or the `platform_admin` (any court); anyone else: 403."},
    ("/courts/{court_id}/webhook-secret", "POST"): {
        **_op("Replace the court's webhook secret; the new one is shown in this answer once", ok_schema="NewWebhookSecret",
              errors=("401", "403", "404", "415")),
        "description": "Who: the court's own `court_clerk`, or the `platform_admin`. No overlap: the old secret "
                       "is refused from now on (a process that cached the court re-reads it on a signature "
                       "that does not match)."},
    ("/calendars/{year}", "PUT"): {
        **_op("Load a year's official holidays and make-up working days (国务院放假安排)", body=_json("Calendar"),
              errors=("400", "401", "403", "404", "415", "422")),
        "description": "Who: `platform_admin` only (the schedule sets every court's deadlines); anyone else: 403."},
    ("/organizations", "POST"): {
        **_op("Register a mediation organization", ok="201", ok_schema="Organization", body=_json("NewOrganization"),
              errors=("400", "401", "403", "415", "422")),
        "description": "Who: `platform_admin` (any organization) or the `org_admin` of that organization, who sets "
                       "its contact this way: name, `phone` and address are what every party page and SMS "
                       "shows when it says whom to contact (422 `invalid_phone` for a phone that is none)."},
    ("/organizations/{org_id}", "GET"): {
        **_op("An organization's contact: name, phone and address", ok_schema="Organization", security=None,
              errors=("404",)),
        "description": "Anyone: what the pages show wherever they tell a party to contact the organization."},
    ("/mediators", "POST"): _op("Add a mediator to the roster", ok="201", ok_schema="Mediator", body=_json("NewMediator"),
                                errors=("400", "401", "403", "409", "415")),
    ("/mediators", "GET"): {
        **_op("The organization's mediators; `court_id` narrows to a court's invited roster",
              ok_schema="MediatorList", params=("court_id",), errors=("400", "401", "403", "404")),
        "description": "Who: an `org_admin` (their organization's mediators, on any court's roster) or a "
                       "`court_clerk` (their own court's invited roster, read-only; another court_id: 403)."},
    ("/mediators/{mediator_id}", "PUT"): {
        **_op("Edit a mediator's roster entry: name, specialties, capacity, phone, declarations",
              ok_schema="Mediator", body=_json("EditMediator"), errors=_CHANGE_ERRORS),
        "description": "Who: the `org_admin` of the mediator's organization (another's, or an unknown mediator: "
                       "403). Suspend and reinstate are sanctions (`POST .../sanctions`); a removed mediator's "
                       "entry is closed (409 `mediator_removed`). A capacity below its open cases keeps them and "
                       "sends it none until it is under again."},
    ("/mediators/{mediator_id}/sanctions", "POST"): {
        **_op("Sanction a mediator: warning, criticism, removal (and suspension, reinstatement)",
              ok_schema="SanctionResult", body=_json("Sanction"), errors=_CHANGE_ERRORS),
        "description": "Who: the `org_admin` of the mediator's organization (another's, or an unknown mediator: "
                       "403). Suspension and removal stop new assignments at once; open cases are reassigned "
                       "(assigned) or flagged `mediator_withdrawn` (mediating, the parties told by SMS); a removal "
                       "closes the mediator's invited-roster entries and tells those courts (`mediator.removed`). "
                       "A removal asked again repeats that hand-on and changes nothing else."},
    ("/mediators/{mediator_id}/reports", "POST"): _op(
        "The court clerk reports a mediator of its invited roster for misconduct (as the webhook mediator.reported)",
        ok="202", body=_json("MisconductReport"), errors=_CHANGE_ERRORS),
    ("/mediators/{mediator_id}/performance", "GET"): _op(
        "The mediator's performance file (业绩档案): outcomes, success rate, durations, declines, complaints, "
        "sanctions, ratings, subsidies earned (the ledger, reversals deducted)", errors=("401", "403")),
    ("/mediator-reports", "GET"): _op("Courts' misconduct reports (mediator.reported) waiting in the organization's "
                                      "queue, each with its deadline to decide", errors=("401", "403")),
    ("/mediator-reports/{report_id}/decision", "POST"): _op(
        "Decide a court's report: dismiss it or sanction the mediator", body=_json("ReportDecision"),
        errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/complaints", "POST"): _op("A party complains about the mediator; the organization sees it",
                                                 ok="201", body=_json("Complaint"), errors=_CHANGE_ERRORS),
    ("/complaints", "GET"): {
        **_op("The organization's complaints about its mediators, newest first; `state=open` those to answer",
              ok_schema="ComplaintList", params=("state", "cursor", "limit"), errors=("400", "401", "403")),
        "description": "Who: an `org_admin` (their organization's queue)."},
    ("/complaints/{complaint_id}/answer", "POST"): {
        **_op("Answer a complaint, once; the answer joins the mediator's performance file", ok_schema="ComplaintEntry",
              body=_json("ComplaintAnswer"), errors=_CHANGE_ERRORS),
        "description": "Who: an `org_admin`; another organization's complaint answers 404 `complaint_not_found`; "
                       "answered already: 409 `complaint_answered`."},
    ("/cases/{case_id}/rating", "POST"): _op("A party rates the mediation once it ended (1–5 and a comment), once",
                                             ok="201", body=_json("Rating"), errors=_CHANGE_ERRORS),
    ("/cases/{case_id}/review", "POST"): _op(
        "Decide a case held for integrity review (恶意串通、虚假调解): clear lets the confirmation request go, "
        "refer tells the court", ok_schema="CaseSummary", body=_json("Review"), errors=_CHANGE_ERRORS),
    ("/reports/statistics", "GET"): _download(
        "Statistics of a period by month, status, category, source, court, organization and mediator",
        "Statistics", ("from", "to", "court_id", "format"),
        "Who: an `org_admin` (their organization, or a court docked with it) or a `court_clerk` (their own "
        "court; another court_id: 403). Read from monthly aggregates, never a Scan."),
    ("/reports/subsidies", "GET"): _download(
        "The subsidy ledger (补贴台账) per period and mediator", "Subsidies", ("from", "to", "format"),
        "Who: an `org_admin` (their organization). One row per successful case with its rule and amount; a "
        "refused confirmation adds a reversal row."),
    ("/reports/subsidies/periods/{period}/close", "POST"): {
        **_op("Close a subsidy period (结算): its rows no longer change", ok_schema="ClosedPeriod",
              errors=("400", "401", "403", "415", "422")),
        "description": "Who: an `org_admin`. A reversal written after closing lands in the next open period."},
    ("/reports/monthly", "GET"): {
        **_op("The printable monthly report for the joint meeting (联席会议月度报告)", errors=("400", "401", "403")),
        "parameters": _report_params("month", "court_id"),
        "responses": {"200": {"description": "the report (A4)", "content": {"text/html": {"schema": {"type": "string"}}}},
                      **{s: {"description": "error", "content": _json("Error")} for s in ("400", "401", "403", "422")}}},
    **{(path, "GET"): _page(summary) for path, summary in (
        ("/", "Web page: what the service is, and a button to apply"),
        ("/apply", "Web page: a party applies (PDF upload or form); query `org` names the organization"),
        ("/my-case", "Web page: a party follows their case (query `case`, the token in the URL fragment)"),
        ("/mediator", "Web page: the mediator's phone page (query `case` opens one case)"),
        ("/login", "Web page: staff sign in (username and password); the session stays in the browser tab"),
        ("/set-password", "Web page: set a password from an invitation or reset link (the token in the fragment)"),
        ("/admin", "Web page: the organization admin's console (after sign-in at /login)"),
        ("/dashboard", "Web page: sign-in, or for a signed-in staff member their own console or page"),
        ("/court", "Web page: the court clerk's console (after sign-in at /login)"),
    )},
}


def request_schema_name(path: str, method: str) -> str | None:
    """The name of the JSON request body schema of a route, if it takes one."""
    body = OPERATIONS.get((path, method), {}).get("requestBody", {}).get("content", {}).get("application/json")
    return body["schema"]["$ref"].rsplit("/", 1)[-1] if body else None


@lru_cache(maxsize=None)
def query_schema(path: str, method: str) -> dict | None:
    """The route's query parameters as one JSON Schema object (each value a string), if it declares any."""
    declared = [p for p in OPERATIONS.get((path, method), {}).get("parameters", ()) if p["in"] == "query"]
    if not declared:
        return None
    # A misspelt filter (`?stauts=`) would silently list everything: unknown parameters are refused.
    return _nullable_as_type({"type": "object", "additionalProperties": False,
                              "properties": {p["name"]: p["schema"] for p in declared}})


def json_schema(name: str) -> dict:
    """SCHEMAS[name] as a JSON Schema (draft 7) document that fastjsonschema compiles, `$ref`s included."""
    return _json_schema_document()[name]


@lru_cache(maxsize=1)
def _json_schema_document() -> dict:
    components = {key: _nullable_as_type(value) for key, value in SCHEMAS.items()}
    return {name: {**components[name], "components": {"schemas": components}} for name in SCHEMAS}


def _nullable_as_type(schema):
    """OpenAPI 3.0's `nullable: true` is JSON Schema's `"null"` type (with null among an enum's values)."""
    if isinstance(schema, list):
        return [_nullable_as_type(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: _nullable_as_type(value) for key, value in schema.items() if key != "nullable"}
    if schema.get("nullable"):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        else:
            converted = {"anyOf": [{"type": "null"}, converted]}
    return converted


def _path_parameters(path: str) -> list[dict]:
    from chalicelib.web.requests import PATH_PARAM_PATTERN

    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [{"name": n, "in": "path", "required": True,
             "schema": {"type": "string", "pattern": _PATH_PATTERNS.get(n, PATH_PARAM_PATTERN)}} for n in names]


_PATH_PATTERNS = {"year": "^[0-9]{4}$", "upload_id": CASE_ID_PATTERN, "period": _MONTH["pattern"]}


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
                           "description": "Staff JWT (mediator, org_admin, court_clerk, platform_admin; its `kid` "
                                          "header names the signing key) or a party token"},
                "courtSignature": {"type": "apiKey", "in": "header", "name": "X-Signature",
                                   "description": "sha256=HMAC of '{X-Timestamp}.{body}' with the court secret"},
            },
        },
    }
