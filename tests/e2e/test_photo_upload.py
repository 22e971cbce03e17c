"""A phone photo of an application through the real local stack (`make run`'s pieces, over HTTP):
the case opens at once showing it is being read, the upload worker reads it by OCR, fills the case
and sends the applicant's code to the phone it read (issue 10)."""
import re

import requests

from tests.extraction.corpus import camera_cases, materialise

READ_TIMEOUT = 600  # OCR of a page takes seconds; on a loaded 2-core machine, a minute or more


def test_a_photographed_application_is_read_by_the_upload_worker(client, tmp_path):
    case = next(c for c in camera_cases() if c.producer == "photo" and c.document_type == "application")
    path, truth = materialise(case, tmp_path)
    presigned = client.post("/uploads", {"org_id": "xx-sme"}).json()
    target = presigned["upload"]
    stored = requests.post(target["url"], data=target["fields"], timeout=30,
                           files={"file": ("photo.pdf", path.read_bytes(), "application/pdf")})
    assert stored.status_code in (200, 201, 204)
    party = client.as_token(presigned["party_token"])
    case_path = f"/cases/{presigned['case_id']}"

    opened = party.wait_for(f"/uploads/{presigned['case_id']}", lambda r: r.json().get("status") != "pending").json()
    assert opened["status"] == "accepted"
    first = party.get(case_path).json()
    assert first["status"] == "received" and "reading" in first["flags"]

    read = party.wait_for(case_path, lambda r: "reading" not in r.json()["flags"], timeout=READ_TIMEOUT).json()
    assert "reading" not in read["flags"], "the worker did not finish reading"
    assert [p["name"] for p in read["applicants"]] == [p["name"] for p in truth["fields"]["applicants"]]
    assert {"scanned_application", "extraction_issues", "awaiting_verification"} <= set(read["flags"])
    marked = {i["field"]: i for i in read["extraction_issues"] if i["code"] == "ocr"}  # a person confirms each
    assert 0 < marked["applicants[0].name"]["confidence"] <= 1, read["extraction_issues"]
    phone = truth["fields"]["applicants"][0]["phone"]  # the code is sent just after the case is written
    client.wait_for(f"/_local/messages?to={phone}", lambda r: any("验证码" in m["text"] for m in r.json()["messages"]))
    assert re.fullmatch(r"\d{6}", client.sms_code(phone))
