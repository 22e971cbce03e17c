"""PIPL masking at the edges (个人信息保护法 Art.6/51, CONTRACT R2): each viewer × each party × each number.

One case is driven to `confirmation_requested` through the HTTP API; then every
kind of viewer entitled to it reads the case, the list and the documents, and
each personal number must appear in full exactly where the rule says.
"""
import pytest

from chalicelib.domain.privacy import mask_identifier, mask_phone
from tests.privacy.flow import CLERK, COMPANY, MEDIATOR, ORG_ADMIN, PERSON, Flow

FIELDS = ("id_number", "credit_code", "phone")
# viewer -> the (party, field) pairs it sees in full; everything else it sees masked
FULL = {
    PERSON["name"]: {(PERSON["name"], f) for f in FIELDS},
    COMPANY["name"]: {(COMPANY["name"], f) for f in FIELDS},
    "court_clerk": {(p["name"], f) for p in (PERSON, COMPANY) for f in FIELDS},
    "mediator": {(p["name"], "phone") for p in (PERSON, COMPANY)},
    "org_admin": {(p["name"], "phone") for p in (PERSON, COMPANY)},
}
WHO = {PERSON["name"]: PERSON["name"], COMPANY["name"]: COMPANY["name"], "court_clerk": CLERK,
       "mediator": MEDIATOR, "org_admin": ORG_ADMIN}


@pytest.fixture
def requested(client, demo, clock, extractor, notifier, deps):
    court = deps.roster.court("weibin", fresh=True)
    deps.roster.save_court(court.__class__(**{**vars(court), "callback_url": "https://court.example/cb"}))
    return Flow(client, demo, clock, extractor).request_confirmation()


def expected(viewer: str, party: dict, field: str) -> str | None:
    value = party[field]
    if value is None or (party["name"], field) in FULL[viewer]:
        return value
    return mask_phone(value) if field == "phone" else mask_identifier(value)


def numbers(party: dict):
    return [(f, party[f]) for f in FIELDS if party[f]]


def test_views_and_lists_show_each_number_in_full_only_to_whom_r2_names(requested, subtests):
    for viewer in FULL:
        with subtests.test(viewer=viewer):
            answer = requested.get(WHO[viewer])
            assert answer.status_code == 200, answer.body
            shown = {p["name"]: p for p in answer.json_body["applicants"] + answer.json_body["respondents"]}
            for party in (PERSON, COMPANY):
                for field in FIELDS:
                    assert shown[party["name"]][field] == expected(viewer, party, field), (party["name"], field)
    for viewer in ("court_clerk", "mediator", "org_admin"):
        with subtests.test(list_for=viewer):
            listed = requested.client.http.get("/cases", headers=requested.headers(WHO[viewer]))
            assert listed.status_code == 200 and listed.json_body["cases"], listed.body
            assert all(v not in listed.body.decode("utf-8") for p in (PERSON, COMPANY) for _, v in numbers(p))
    invited = requested.client.http.post(f"/cases/{requested.case_id}/invitations",
                                         headers=requested.headers(MEDIATOR), body="{}")
    assert all(v not in invited.body.decode("utf-8") for p in (PERSON, COMPANY) for _, v in numbers(p))


def test_the_court_document_is_the_courts_copy_only_for_the_court(requested, notifier, clock, subtests):
    clock.advance(days=3)  # read later than it was sent: the fresh renderings keep the sent copy's date
    sent = next(m for _, m in notifier.posts if m["type"] == "confirmation.requested")["data"]["document_html"]
    assert all(v in sent for p in (PERSON, COMPANY) for _, v in numbers(p))
    for viewer in FULL:
        with subtests.test(viewer=viewer):
            html = requested.get(WHO[viewer], "/documents/confirmation-application")
            assert html.status_code == 200, html.body
            text = html.body.decode("utf-8")
            for party in (PERSON, COMPANY):
                for field, value in numbers(party):
                    assert expected(viewer, party, field) in text, (party["name"], field)
                    if expected(viewer, party, field) != value:
                        assert value not in text, (party["name"], field)
            assert (text == sent) == (viewer == "court_clerk")  # the clerk reads the very bytes the court got
            for party in (PERSON, COMPANY):
                for field, value in numbers(party):
                    text = text.replace(expected(viewer, party, field), value)
            assert text == sent  # the same document, dated as sent: only the masking differs
    for party, other in ((PERSON, COMPANY), (COMPANY, PERSON)):
        with subtests.test(confirmation_of=party["name"]):
            text = requested.get(party["name"], "/documents/party-confirmation").body.decode("utf-8")
            assert party["name"] in text and all(v not in text for _, v in numbers(other))
