"""Limits before parsing (issue 8, CONTRACT R2): what is too big or too many is refused before it is read."""
import re

import pytest

from chalicelib.openapi import OPERATIONS
from chalicelib.settings import get_settings
from tests.integration.http import multipart
from tests.integration.support import application_fields
from tests.robustness.errors import refused
from tests.robustness.test_hostile_requests import send

OVER_10_MB = b"{" + b" " * (10 * 1024 * 1024) + b"}"
ROUTES = sorted((method, re.sub(r"\{year\}", "2027", re.sub(r"\{(?!year)\w+\}", "C20260302ffffffff", path)),
                 next(iter(operation.get("requestBody", {}).get("content", {"application/json": None}))))
                for (path, method), operation in OPERATIONS.items())


def many_empty_fields(count: int) -> tuple[bytes, str]:
    body, content_type = multipart({f"f{i}": "" for i in range(count)})
    return body, content_type


@pytest.mark.parametrize("method, path, media_type", ROUTES)
def test_a_body_over_10_mb_is_a_413_on_every_route(stack, method, path, media_type):
    """In the app too (defence in depth): API Gateway refuses such a body first, and so does the local server."""
    content_type = media_type + ("; boundary=x" if media_type.startswith("multipart/") else "")
    refused(send(stack, method, path, {"Content-Type": content_type}, OVER_10_MB), 413, "payload_too_large")


def test_a_signed_webhook_over_the_limit_is_a_413(stack):
    from tests.integration.http import webhook

    answer = webhook(stack.client, stack.court_secret, None, now=stack.clock().timestamp(), body=OVER_10_MB)
    refused(answer, 413, "payload_too_large")


def test_a_form_of_100_000_empty_fields_is_refused_before_parsing(stack):
    body, content_type = many_empty_fields(100_000)
    error = refused(send(stack, "POST", "/applications", {"Content-Type": content_type}, body), 413, "too_many_parts")
    assert str(get_settings().requests.max_form_parts) in error["message"]


def test_a_form_at_the_part_limit_is_read(stack):
    stack.extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None,
                              "issues": [], "fields": application_fields()}  # with the applicant's mobile
    limit = get_settings().requests.max_form_parts
    body, content_type = many_empty_fields(limit - 1)  # and the file: `limit` parts
    assert send(stack, "POST", "/applications", {"Content-Type": content_type}, body).status_code == 201


def test_a_part_header_over_its_limit_is_refused(stack):
    body, content_type = multipart({})
    body = body.replace(b'filename="doc.pdf"', b'filename="' + b"x" * 10_000 + b'.pdf"')
    refused(send(stack, "POST", "/applications", {"Content-Type": content_type}, body), 400, "invalid_multipart")


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=" + "b" * 71,
                                          "multipart/form-data; boundary="])
def test_a_boundary_rfc_2046_does_not_allow_is_refused(stack, content_type):
    refused(send(stack, "POST", "/applications", {"Content-Type": content_type}, multipart({})[0]), 400,
            "invalid_multipart")
