"""The parties' choices over HTTP against the real local stack (在线调解规则 Art.15, 24; CONTRACT R2 case.extended)."""
import random

import pytest

from tests.e2e.test_lifecycle import EXPECTED, assigned, court, delegate, notifications  # noqa: F401 - court: fixture

pytestmark = pytest.mark.skipif(not EXPECTED, reason="the shared sample PDFs are not here")


def _phone() -> str:
    """A mobile number of this test's own: each phone has its own SMS send window."""
    return f"139{random.randrange(10**8):08d}"


def test_every_party_agrees_online_and_the_court_hears_the_new_deadline(client, local_stack, court):  # noqa: F811
    case_id = delegate(client, local_stack, "agreement-official-runin.pdf")
    case = assigned(client, case_id)
    mediator = client.as_staff("mediator", mediator_id=case["mediator_id"])
    assert mediator.post(f"/cases/{case_id}/acceptance", {"decision": "accept"}).status_code == 200
    invitations = mediator.post(f"/cases/{case_id}/invitations").json()["invitations"]
    proposed = mediator.post(f"/cases/{case_id}/extension", {"days": 10, "reason": "双方需要核对账目"})
    assert proposed.status_code == 200, proposed.text
    for invitation in invitations:
        answered = client.as_token(invitation["party_token"]).post(f"/cases/{case_id}/extension/answer",
                                                                   {"agree": True})
        assert answered.status_code == 200, answered.text
    extended = answered.json()["deadlines"]["mediation"]
    sent = notifications(court, case_id, local_stack.court_secret, 3)
    [told] = [m for m in sent if m["type"] == "case.extended"]
    assert told["data"]["new_deadline"] == extended and told["data"]["days"] == 10
    assert [a["party"] for a in told["data"]["agreed_by"]] == [i["party_name"] for i in invitations]


def test_a_respondent_asked_by_sms_declines_and_the_applicant_may_sue(client):
    truth = EXPECTED["application-official-runin.pdf"]
    applicant_phone, respondent_phone = _phone(), _phone()
    applied = client.post("/applications", {
        "applicants": [{**truth["applicants"][0], "phone": applicant_phone}],
        "respondents": [{**truth["respondents"][0], "phone": respondent_phone}],
        "dispute_category": truth["dispute_category"], "claims": ["请求被申请人支付款项"], "facts": "……"})
    assert applied.status_code == 201, applied.text
    case_id = applied.json()["case_id"]
    assert client.sign_in(case_id, applicant_phone).status_code == 200
    asked = client.get("/_local/messages", to=respondent_phone).json()["messages"]
    assert any("是否同意调解" in m["text"] for m in asked), asked
    assert client.post("/auth/party-code", {"case_id": case_id, "phone": respondent_phone}).status_code == 202
    respondent = client.as_token(client.sign_in(case_id, respondent_phone).json()["party_token"])
    declined = respondent.post(f"/cases/{case_id}/respondent-consent", {"agree": False})
    assert declined.status_code == 200, declined.text
    assert respondent.get(f"/cases/{case_id}").json()["outcome"]["ground"] == "respondent_declined"
    told = client.get("/_local/messages", to=applicant_phone).json()["messages"]
    assert any("起诉" in m["text"] for m in told), told
    record = respondent.wait_for(f"/cases/{case_id}/documents/failure-record", lambda r: r.status_code == 200)
    assert "被申请人明确表示不同意调解" in record.text
