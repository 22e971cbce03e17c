"""A mediator's roster entry (chalicelib.domain.roster): what an edit may change, and the closed entry."""
import pytest

from chalicelib.domain.exceptions import InvalidTransition
from chalicelib.domain.roster import Mediator


def test_an_edit_changes_the_profile_only():
    mediator = Mediator("m1", "王建国", "xx-sme", specialties=["contract"], status="suspended", active_load=3)
    edited = mediator.with_profile({"name": "王建民", "capacity": 2, "status": "active", "active_load": 0,
                                    "org_id": "other-org"})
    assert (edited.name, edited.capacity) == ("王建民", 2)
    assert (edited.status, edited.active_load, edited.org_id) == ("suspended", 3, "xx-sme")
    assert not edited.has_room  # below its load: keeps its cases, gets no new one


def test_a_removed_mediators_entry_is_closed():
    with pytest.raises(InvalidTransition) as refused:
        Mediator("m1", "王建国", "xx-sme", status="removed").with_profile({"name": "改名"})
    assert refused.value.code == "mediator_removed"
