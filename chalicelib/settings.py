"""All configuration, read lazily from the environment.

Nothing here runs at import time: `get_settings()` reads the environment on
first use and caches the result; `reset_settings()` drops the cache (tests and
the local stack call it after changing the environment). The same handlers run
on Lambda, where CloudFormation sets these variables, and locally, where the
local stack sets them after creating its resources in moto.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _float(name: str, default: float) -> float:
    return float(_env(name, str(default)))


# Only the local stage falls back to a known key; any other stage without a key refuses to sign.
LOCAL_JWT_SECRET = "local-development-secret-never-use-in-production"


@dataclass(frozen=True)
class ExtractionLimits:
    """Bounds that keep one hostile PDF from taking a worker down."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 200
    max_seconds: int = 30
    max_memory_mb: int = 512
    max_stream_bytes: int = 20 * 1024 * 1024  # decompressed content per page
    max_objects_per_page: int = 200_000
    max_graphics_depth: int = 10_000  # `q` (save graphics state) open at once in a page or form
    ocr_max_pages: int = 30  # image-only pages recognised per file (~3 s each: five files fit the 600 s step)
    ocr_threads: int = 0  # onnxruntime threads for OCR; 0: one per core


@dataclass(frozen=True)
class RequestLimits:
    """What the API reads of one request before it refuses it, cheaply and before parsing (CONTRACT R2).

    The PDF size limit is `ExtractionLimits.max_bytes`: larger bodies than `max_body_bytes` reach S3 through
    `POST /uploads` instead of the API.
    """

    max_body_bytes: int = 10 * 1024 * 1024  # API Gateway's own limit: 413 on every route, locally too
    max_form_parts: int = 16  # our forms have two fields; 100 000 empty parts took 33 s in the email parser
    max_part_header_bytes: int = 4096
    idempotency_hours: int = 24  # an Idempotency-Key answers with the first answer this long


@dataclass(frozen=True)
class Settings:
    stage: str = "local"
    region: str = "us-east-1"
    endpoint_url: str | None = None  # moto server locally; None on AWS
    cases_table: str = "sutiao-cases"
    history_table: str = "sutiao-case-history"
    roster_table: str = "sutiao-roster"
    events_table: str = "sutiao-processed-events"
    party_access_table: str = "sutiao-party-access"  # SMS codes, send windows; the local SMS outbox
    accounts_table: str = "sutiao-accounts"  # staff accounts, their links and sign-in throttles
    oversight_table: str = "sutiao-oversight"  # performance files, sanctions, court reports, integrity lookups
    # The integrity thresholds (chalicelib/domain/integrity.py); None: the JSON file shipped beside it.
    integrity_thresholds: str | None = None
    reports_table: str = "sutiao-reports"  # statistics aggregates and the subsidy ledger (adapters.reports_store)
    documents_bucket: str = "sutiao-documents"
    assignment_queue: str = "sutiao-assignment"
    outcome_queue: str = "sutiao-outcome"
    notifications_queue: str = "sutiao-notifications"
    uploads_queue: str = "sutiao-uploads"
    jwt_secret: str | None = None  # a literal key: tests and the local stack only
    jwt_secret_arn: str | None = None  # on AWS: the Secrets Manager secret holding the key
    court_secrets_key: str | None = None  # KMS key sealing courts' webhook secrets (adapters.court_secrets)
    jwt_issuer: str = "sutiao"
    jwt_ttl_seconds: int = 8 * 3600
    webhook_tolerance_seconds: int = 300
    processed_event_ttl_days: int = 30
    public_base_url: str = "http://127.0.0.1:8000"
    default_org_id: str = "xx-sme"  # the organization direct applications go to when none is named
    log_level: str = "INFO"
    # SMS (短信): "outbox" keeps every message in the party-access table (the local stage's
    # GET /_local/messages); "sns" sends through Amazon SNS; "aliyun" through 阿里云短信, which sends
    # only the templates registered there: `sms_templates` maps each templates/sms/ name to its
    # template code (SMS_TEMPLATES, JSON). Mainland rules want the sender's signature (短信签名) in 【】
    # at the start of every message.
    sms_sender: str = "outbox"
    sms_signature: str = "【新乡市中小企业协会调解委员会】"
    sms_templates: dict = field(default_factory=dict)
    # POST /auth/party-code and failed party-logins answer no sooner than this, so a phone on the
    # case (a code is stored and sent) and one that is not take the same time.
    party_code_answer_seconds: float = 0.4
    # argon2id cost of staff passwords (chalicelib.auth.passwords): RFC 9106's t=3, 64 MiB
    password_time_cost: int = 3
    password_memory_kib: int = 64 * 1024
    extraction: ExtractionLimits = field(default_factory=ExtractionLimits)
    requests: RequestLimits = field(default_factory=RequestLimits)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    d = Settings()
    limits = ExtractionLimits(
        max_bytes=_int("EXTRACT_MAX_BYTES", d.extraction.max_bytes),
        max_pages=_int("EXTRACT_MAX_PAGES", d.extraction.max_pages),
        max_seconds=_int("EXTRACT_MAX_SECONDS", d.extraction.max_seconds),
        max_memory_mb=_int("EXTRACT_MAX_MEMORY_MB", d.extraction.max_memory_mb),
        max_stream_bytes=_int("EXTRACT_MAX_STREAM_BYTES", d.extraction.max_stream_bytes),
        max_objects_per_page=_int("EXTRACT_MAX_OBJECTS_PER_PAGE", d.extraction.max_objects_per_page),
        max_graphics_depth=_int("EXTRACT_MAX_GRAPHICS_DEPTH", d.extraction.max_graphics_depth),
        ocr_max_pages=_int("OCR_MAX_PAGES", d.extraction.ocr_max_pages),
        ocr_threads=_int("OCR_THREADS", d.extraction.ocr_threads),
    )
    return Settings(
        stage=_env("STAGE", d.stage),
        region=_env("AWS_REGION", _env("AWS_DEFAULT_REGION", d.region)),
        endpoint_url=_env("SUTIAO_AWS_ENDPOINT_URL"),
        cases_table=_env("CASES_TABLE", d.cases_table),
        history_table=_env("HISTORY_TABLE", d.history_table),
        roster_table=_env("ROSTER_TABLE", d.roster_table),
        events_table=_env("EVENTS_TABLE", d.events_table),
        party_access_table=_env("PARTY_ACCESS_TABLE", d.party_access_table),
        accounts_table=_env("ACCOUNTS_TABLE", d.accounts_table),
        oversight_table=_env("OVERSIGHT_TABLE", d.oversight_table),
        integrity_thresholds=_env("INTEGRITY_THRESHOLDS"),
        reports_table=_env("REPORTS_TABLE", d.reports_table),
        documents_bucket=_env("DOCUMENTS_BUCKET", d.documents_bucket),
        assignment_queue=_env("ASSIGNMENT_QUEUE", d.assignment_queue),
        outcome_queue=_env("OUTCOME_QUEUE", d.outcome_queue),
        notifications_queue=_env("NOTIFICATIONS_QUEUE", d.notifications_queue),
        uploads_queue=_env("UPLOADS_QUEUE", d.uploads_queue),
        jwt_secret=_env("JWT_SECRET", LOCAL_JWT_SECRET if _env("STAGE", d.stage) == "local" else None),
        jwt_secret_arn=_env("JWT_SECRET_ARN"),
        court_secrets_key=_env("COURT_SECRETS_KEY"),
        jwt_issuer=_env("JWT_ISSUER", d.jwt_issuer),
        jwt_ttl_seconds=_int("JWT_TTL_SECONDS", d.jwt_ttl_seconds),
        webhook_tolerance_seconds=_int("WEBHOOK_TOLERANCE_SECONDS", d.webhook_tolerance_seconds),
        processed_event_ttl_days=_int("PROCESSED_EVENT_TTL_DAYS", d.processed_event_ttl_days),
        public_base_url=_env("PUBLIC_BASE_URL", d.public_base_url),
        default_org_id=_env("DEFAULT_ORG_ID", d.default_org_id),
        log_level=_env("LOG_LEVEL", d.log_level),
        sms_sender=_env("SMS_SENDER", d.sms_sender if _env("STAGE", d.stage) == "local" else "sns"),
        sms_signature=_env("SMS_SIGNATURE", d.sms_signature),
        sms_templates=json.loads(_env("SMS_TEMPLATES") or "{}"),
        party_code_answer_seconds=_float("PARTY_CODE_ANSWER_SECONDS", d.party_code_answer_seconds),
        password_time_cost=_int("PASSWORD_TIME_COST", d.password_time_cost),
        password_memory_kib=_int("PASSWORD_MEMORY_KIB", d.password_memory_kib),
        extraction=limits,
    )


def reset_settings() -> None:
    """Forget the cached settings (and every client built from them)."""
    get_settings.cache_clear()
    from chalicelib import aws  # local import: aws depends on settings

    aws.reset_clients()
