"""The roster store's contract (`deps.roster`): RosterRepository on moto and FakeRoster alike."""
from __future__ import annotations

from datetime import date

from chalicelib.domain.roster import Court, Mediator, Organization
from chalicelib.domain.workdays import YearSchedule


def test_a_mediator_is_added_once_and_the_first_kept(stores):
    assert stores.roster.add_mediator(Mediator("m1", "王建国", "xx-sme", specialties=["contract"])) is True
    assert stores.roster.add_mediator(Mediator("m1", "李四", "xx-sme")) is False
    got = stores.roster.mediator("m1")
    assert (got.name, got.specialties, got.active_load, got.status) == ("王建国", ["contract"], 0, "active")
    assert stores.roster.mediator("nobody") is None


def test_mediators_by_id_skip_the_unknown_and_come_in_id_order(stores):
    for mediator_id in ("m2", "m1"):
        stores.roster.add_mediator(Mediator(mediator_id, mediator_id, "xx-sme"))
    assert [m.mediator_id for m in stores.roster.mediators(["m2", "ghost", "m1", "m2"])] == ["m1", "m2"]


def test_an_organizations_mediators_are_its_own(stores):
    stores.roster.add_mediator(Mediator("m1", "王建国", "xx-sme"))
    stores.roster.add_mediator(Mediator("m2", "李四", "other-org"))
    assert [m.mediator_id for m in stores.roster.organization_mediators("xx-sme")] == ["m1"]
    assert stores.roster.organization_mediators("nobody") == []


def test_courts_and_organizations_read_back_as_saved(stores):
    court = Court("weibin", "新乡市卫滨区人民法院", address="新乡市卫滨区", org_id="xx-sme", invited_roster=["m1"],
                  callback_url="https://court.example/hook")
    stores.roster.save_court(court)
    stores.roster.save_organization(Organization("xx-sme", "新乡市中小企业协会调解委员会", address="新乡市"))
    assert stores.roster.court("weibin", fresh=True) == court
    assert stores.roster.organization("xx-sme", fresh=True) == Organization("xx-sme", "新乡市中小企业协会调解委员会",
                                                                            address="新乡市")
    assert stores.roster.court("nowhere", fresh=True) is None and stores.roster.organization("none") is None


def test_a_saved_court_replaces_the_earlier_settings(stores):
    stores.roster.save_court(Court("weibin", "旧名", invited_roster=["m1"]))
    stores.roster.save_court(Court("weibin", "新名", invited_roster=[]))
    assert (stores.roster.court("weibin", fresh=True).name, stores.roster.court("weibin", fresh=True).invited_roster) \
        == ("新名", [])


def test_a_loaded_calendar_reads_back_and_an_absent_year_is_none(stores):
    schedule = YearSchedule(2027, holidays=frozenset({date(2027, 1, 1)}), workdays=frozenset({date(2027, 2, 7)}))
    stores.roster.save_calendar(schedule)
    assert stores.roster.calendar(2027) == schedule
    assert stores.roster.calendar(2031) is None


def test_an_edit_changes_the_profile_and_capacity_but_never_the_standing_or_load(stores):
    stores.roster.add_mediator(Mediator("m1", "王建国", "xx-sme", specialties=["contract"], status="suspended",
                                        active_load=2, phone="13800000001"))
    edited = Mediator("m1", "王建民", "xx-sme", specialties=["labor", "tort"], capacity=9, phone="13800000009",
                      status="active", active_load=0, relatives=["王小明"])
    assert stores.roster.edit_mediator(edited) is True
    got = stores.roster.mediator("m1")
    assert (got.name, got.specialties, got.capacity, got.phone, got.relatives) == (
        "王建民", ["labor", "tort"], 9, "13800000009", ["王小明"])
    assert (got.status, got.active_load) == ("suspended", 2)


def test_a_removed_mediator_and_an_unknown_one_are_not_edited(stores):
    stores.roster.add_mediator(Mediator("m1", "王建国", "xx-sme", status="removed"))
    assert stores.roster.edit_mediator(Mediator("m1", "改名", "xx-sme")) is False
    assert stores.roster.mediator("m1").name == "王建国"
    assert stores.roster.edit_mediator(Mediator("ghost", "无人", "xx-sme")) is False
    assert stores.roster.mediator("ghost") is None
