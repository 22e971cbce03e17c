"""Who may open a case's uploaded PDF (privacy.may_open_original): a PDF cannot be masked, so the original goes
only to the court, the organization and those who wrote or signed it (个人信息保护法 Art.6)."""
import base64
import uuid

from tests.integration.http import bearer, multipart, post_json, run_step, staff, webhook
from tests.integration.support import agreement_extraction, application_fields

MEDIATOR = staff("mediator", mediator_id="m-wang")
WHO = {"clerk": staff("court_clerk", court_id="weibin"), "admin": staff("org_admin", org_id="xx-sme"),
       "mediator": MEDIATOR}


def _settled_with_both_pdfs(client, demo, clock, extractor) -> tuple[str, dict]:
    pdf = base64.b64encode(b"%PDF-1.7 the court's scan of the application").decode()
    extractor.result = {"document_type": "application", "text_layer": True, "pages": 1, "error": None, "issues": [],
                        "fields": application_fields()}
    created = webhook(client, demo["court_secret"], {
        "event_id": f"ev-{uuid.uuid4().hex}", "type": "case.delegated",
        "data": {**application_fields(), "mediator_id": "m-wang", "application_pdf_base64": pdf}},
        now=clock().timestamp())
    assert created.status_code == 202, created.body
    run_step("assignment", "assignment_queue")
    case_id = created.json_body["case_id"]
    assert post_json(client, f"/cases/{case_id}/acceptance", {"decision": "accept"}, MEDIATOR).status_code == 200
    extractor.result = agreement_extraction()
    body, ctype = multipart({})
    settled = client.http.post(f"/cases/{case_id}/agreement", body=body, headers={**MEDIATOR, "Content-Type": ctype})
    assert settled.status_code == 200, settled.body
    invited = post_json(client, f"/cases/{case_id}/invitations", {}, MEDIATOR).json_body["invitations"]
    view = client.http.get(f"/cases/{case_id}", headers=WHO["clerk"]).json_body
    applicants = {p["name"] for p in view["applicants"]}
    parties = {("applicant" if i["party_name"] in applicants else "respondent"): bearer(i["party_token"])
               for i in invited}
    return case_id, {**WHO, **parties}


def test_the_application_opens_for_the_court_the_organization_and_its_applicant_only(client, demo, clock, extractor):
    case_id, who = _settled_with_both_pdfs(client, demo, clock, extractor)
    answers = {name: client.http.get(f"/cases/{case_id}/files/application", headers=headers)
               for name, headers in who.items()}
    assert {name: a.status_code for name, a in answers.items()} == {
        "clerk": 200, "admin": 200, "applicant": 200, "mediator": 403, "respondent": 403}
    assert answers["mediator"].json_body["error"]["code"] == "original_withheld"


def test_the_signed_agreement_opens_for_everyone_who_signed_or_reads_it(client, demo, clock, extractor):
    case_id, who = _settled_with_both_pdfs(client, demo, clock, extractor)
    assert {name: client.http.get(f"/cases/{case_id}/files/agreement", headers=headers).status_code
            for name, headers in who.items()} == {name: 200 for name in who}
