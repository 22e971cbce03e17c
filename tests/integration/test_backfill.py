"""`python -m chalicelib.cli backfill-index-keys` on moto: cases and accounts stored before issue 14's indexes
existed join the deadline-ordered list and the staff list, once; an item changed meanwhile is left to its own write."""
from chalicelib.adapters.accounts import AccountModel
from chalicelib.adapters.backfill import backfill_index_keys
from chalicelib.adapters.models import CaseModel
from chalicelib.cli import main
from chalicelib.domain.accounts import Account
from tests.integration.http import staff
from tests.integration.test_admin_cases import _mediating_court_case

ADMIN = staff("org_admin", org_id="xx-sme")


def _as_stored_before_the_deploy(case_id: str) -> None:
    CaseModel.get(case_id).update(actions=[CaseModel.next_deadline.remove(), CaseModel.flag_set.remove()])


def _listed(client) -> list[str]:
    return [c["case_id"] for c in client.http.get("/cases?order=deadline", headers=ADMIN).json_body["cases"]]


def test_an_older_case_joins_the_deadline_order_and_a_second_run_finds_nothing(client, deps, demo, clock, capsys):
    case_id = _mediating_court_case(client, demo, clock)
    _as_stored_before_the_deploy(case_id)
    assert case_id not in _listed(client)

    assert main(["backfill-index-keys"]) == 0
    assert '"cases": 1' in capsys.readouterr().out
    assert _listed(client) == [case_id]
    assert CaseModel.get(case_id).next_deadline == deps.cases.get(case_id).deadlines["mediation"]
    assert backfill_index_keys() == {"cases": 0, "accounts": 0, "skipped": 0}


def test_an_older_account_joins_its_organizations_staff_list(client, deps, clock):
    deps.accounts.save(Account("old-admin", "org_admin", clock(), status="active", org_id="xx-sme"), None)
    AccountModel.get("ACCOUNT#old-admin").update(actions=[AccountModel.org_id.remove()])
    assert client.http.get("/accounts", headers=ADMIN).json_body["accounts"] == []

    assert backfill_index_keys() == {"cases": 0, "accounts": 1, "skipped": 0}
    assert [a["username"] for a in client.http.get("/accounts", headers=ADMIN).json_body["accounts"]] == ["old-admin"]


def test_a_case_changed_between_the_scan_and_its_update_is_skipped(client, deps, demo, clock, monkeypatch):
    case_id = _mediating_court_case(client, demo, clock)
    _as_stored_before_the_deploy(case_id)
    scan = CaseModel.scan

    def scan_then_a_change(*args, **kwargs):  # the change lands after the scan read the item
        items = list(scan(*args, **kwargs))
        deps.cases.get(case_id)
        CaseModel.get(case_id).update(actions=[CaseModel.updated_at.set(clock().isoformat())])
        return iter(items)

    monkeypatch.setattr(CaseModel, "scan", scan_then_a_change)
    assert backfill_index_keys() == {"cases": 0, "accounts": 0, "skipped": 1}
