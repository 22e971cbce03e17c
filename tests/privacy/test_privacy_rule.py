"""The masking rule itself (chalicelib.domain.privacy), for every kind of viewer including those HTTP cannot reach."""
import pytest

from chalicelib.domain import privacy
from chalicelib.domain.privacy import NOBODY, THE_COURT, Viewer, mask_identifier, mask_phone, party_as_seen

PARTY = {"name": "谭强", "kind": "person", "id_number": "410711197612233848", "credit_code": None,
         "phone": "15855608283", "address": "河南省新乡市辉县市解放大道202号"}
COMPANY = {"name": "新乡市卓越物流有限公司", "kind": "organization", "id_number": None,
           "credit_code": "914107046UARJR4A0U", "phone": "0373-5551234", "address": "原阳县"}

VIEWERS = {
    "the party": (Viewer(privacy.PARTY, "谭强"), {"id_number", "credit_code", "phone"}),
    "the other party": (Viewer(privacy.PARTY, "新乡市卓越物流有限公司"), set()),
    "the court": (THE_COURT, {"id_number", "credit_code", "phone"}),
    "the mediator": (Viewer(privacy.MEDIATOR), {"phone"}),
    "the organization": (Viewer(privacy.ORGANIZATION), {"phone"}),
    "anyone else": (NOBODY, set()),
    "a party token of another name": (Viewer(privacy.PARTY, None), set()),
}


@pytest.mark.parametrize("viewer", list(VIEWERS))
@pytest.mark.parametrize("field", ["id_number", "credit_code", "phone"])
def test_each_viewer_each_field(viewer, field):
    who, in_full = VIEWERS[viewer]
    assert who.sees_in_full(field, "谭强") == (field in in_full)
    assert who.sees_in_full("address", "谭强")


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_party_as_seen_masks_what_the_viewer_may_not_see(viewer):
    who, in_full = VIEWERS[viewer]
    seen = party_as_seen(PARTY, who)
    assert seen["id_number"] == ("410711197612233848" if "id_number" in in_full else "4107**********3848")
    assert seen["phone"] == ("15855608283" if "phone" in in_full else "158****8283")
    assert seen["address"] == PARTY["address"] and seen["credit_code"] is None
    assert PARTY["id_number"] == "410711197612233848"  # the original is left alone


def test_company_numbers():
    seen = party_as_seen(COMPANY, NOBODY)
    assert seen["credit_code"] == "9141**********4A0U" and seen["phone"] == "037*-***1234"


@pytest.mark.parametrize("value, masked", [("410711197612233848", "4107**********3848"),
                                           ("410711761223384", "4107*******3384"), ("12345", "***45")])
def test_mask_identifier(value, masked):
    assert mask_identifier(value) == masked


@pytest.mark.parametrize("value, masked", [("15855608283", "158****8283"), ("  13784660762 ", "137****0762"),
                                           ("110", "*10")])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked
