"""A clerk opens a case's uploaded PDF over the real local stack (issue 14): `GET /cases/{id}/files/{name}` gives a
presigned S3 GET that the moto server answers as S3 would, with the stored bytes, shown in place."""
import base64
import uuid

import requests

from tests.extraction.corpus import cases, materialise
from tests.integration.support import application_fields


def test_the_clerk_opens_the_application_pdf_by_its_five_minute_link(client, local_stack, tmp_path):
    # a generated application (the corpus writes it, with no need of ../shared/samples beside the clone)
    path, _ = materialise(next(c for c in cases() if c.document_type == "application"), tmp_path)
    pdf = path.read_bytes()
    payload = {"event_id": f"e2e-{uuid.uuid4()}", "type": "case.delegated",
               "data": {**application_fields(), "application_pdf_base64": base64.b64encode(pdf).decode()}}
    created = client.webhook("weibin", local_stack.court_secret, payload)
    assert created.status_code == 202, created.text
    case_id = created.json()["case_id"]

    link = client.as_staff("court_clerk", court_id="weibin").get(f"/cases/{case_id}/files/application")
    assert link.status_code == 200, link.text
    opened = requests.get(link.json()["url"], timeout=10)
    assert opened.status_code == 200, opened.text
    assert opened.content == pdf
    assert opened.headers["Content-Type"] == "application/pdf"
    assert opened.headers["Content-Disposition"].startswith("inline;")

    other = client.as_staff("court_clerk", court_id="hongqi").get(f"/cases/{case_id}/files/application")
    assert other.status_code == 404 and other.json()["error"]["code"] == "case_not_found"
