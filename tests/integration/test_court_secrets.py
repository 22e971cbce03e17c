"""Courts' webhook secrets are sealed with KMS in the roster table (issue 8), through moto's KMS."""
import botocore.exceptions
import pytest

from chalicelib.adapters.models import RosterModel
from chalicelib.adapters.roster_repository import RosterRepository, SecretsUnprotected
from chalicelib.auth import demo_court_secret
from chalicelib.domain.roster import Court
from chalicelib.settings import reset_settings

SECRET = "f" * 64


@pytest.fixture
def court(deps):
    court = Court("qixian", "淇县人民法院", callback_url="https://court.example/cb", webhook_secret=SECRET)
    deps.roster.save_court(court)
    return court


def test_the_table_holds_the_secret_only_sealed(court):
    item = RosterModel.get("COURT#qixian")
    assert item.body["webhook_secret"] is None
    assert item.sealed_secret and SECRET not in item.sealed_secret
    assert SECRET not in str(item.serialize())


def test_a_function_holding_the_key_reads_the_secret_back(court):
    assert RosterRepository().court("qixian").webhook_secret == SECRET


def test_a_function_without_the_key_reads_the_court_but_not_its_secret(court, monkeypatch):
    monkeypatch.delenv("COURT_SECRETS_KEY")
    reset_settings()
    read = RosterRepository().court("qixian")
    assert read.name == "淇县人民法院" and read.webhook_secret is None


def test_a_sealed_secret_moved_to_another_court_does_not_open(court):
    stolen = RosterModel.get("COURT#qixian").sealed_secret
    RosterModel("COURT#weibin-copy", kind="court", body={"court_id": "weibin-copy", "name": "x",
                                                        "webhook_secret": None}, sealed_secret=stolen).save()
    with pytest.raises(botocore.exceptions.ClientError):  # the encryption context names qixian
        RosterRepository().court("weibin-copy")


def test_a_court_stored_before_sealing_keeps_working_and_is_sealed_when_saved(deps):
    legacy = {"court_id": "old", "name": "旧法院", "webhook_secret": SECRET}  # written before sealing existed
    RosterModel("COURT#old", kind="court", body=legacy).save()
    old = deps.roster.court("old")
    assert old.webhook_secret == SECRET
    deps.roster.save_court(old)
    assert RosterModel.get("COURT#old").body["webhook_secret"] is None
    assert deps.roster.court("old", fresh=True).webhook_secret == SECRET


def test_off_the_local_stage_a_secret_is_never_stored_in_plain_text(deps, monkeypatch):
    monkeypatch.setenv("STAGE", "prod")
    monkeypatch.delenv("COURT_SECRETS_KEY")
    reset_settings()
    with pytest.raises(SecretsUnprotected):
        RosterRepository().save_court(Court("qixian", "淇县人民法院", webhook_secret=SECRET))
    with pytest.raises(RosterModel.DoesNotExist):
        RosterModel.get("COURT#qixian")


def test_the_demo_secret_derived_from_the_jwt_key_exists_on_the_local_stage_only(monkeypatch):
    assert len(demo_court_secret("weibin")) == 40
    for stage in ("dev", "prod"):
        monkeypatch.setenv("STAGE", stage)
        monkeypatch.setenv("JWT_SECRET", "a-deployed-key")
        reset_settings()
        with pytest.raises(RuntimeError, match="local stage only"):
            demo_court_secret("weibin")
    monkeypatch.undo()
    reset_settings()
