"""The party-access store's contract (`deps.party_access`): PartyAccessStore on moto and the fake alike."""
from __future__ import annotations

import pytest

from chalicelib.domain.party_codes import IssuedCode
from chalicelib.services.ports import StaleRecord
from tests.contract.conftest import NOW

KEY = "case-1#13784660762"


def test_a_code_reads_back_with_its_version_and_a_stale_update_is_refused(stores):
    assert stores.party_access.code(KEY) is None
    code = IssuedCode.issue("digest-1", NOW)
    stores.party_access.put_code(KEY, code)
    got, version = stores.party_access.code(KEY)
    assert got == code
    stores.party_access.update_code(KEY, code.after_wrong_try(), version)
    assert stores.party_access.code(KEY)[0].tries == 1
    with pytest.raises(StaleRecord):
        stores.party_access.update_code(KEY, code.after_use(), version)
    assert stores.party_access.code(KEY)[0] == code.after_wrong_try()


def test_a_new_code_replaces_the_old_one(stores):
    stores.party_access.put_code(KEY, IssuedCode.issue("digest-1", NOW))
    stores.party_access.put_code(KEY, IssuedCode.issue("digest-2", NOW))
    assert stores.party_access.code(KEY)[0].digest == "digest-2"


def test_send_windows_start_empty_and_read_back_as_saved(stores):
    windows = stores.party_access.windows({"phone#13784660762": 5, "case#case-1": 10})
    assert {k: (w.limit, w.sent, v) for k, (w, v) in windows.items()} == \
        {"phone#13784660762": (5, (), None), "case#case-1": (10, (), None)}
    window, version = windows["phone#13784660762"]
    stores.party_access.save_windows({"phone#13784660762": (window.with_send(NOW), version)}, NOW)
    again, _ = stores.party_access.windows({"phone#13784660762": 5})["phone#13784660762"]
    assert again.sent == (NOW,)
