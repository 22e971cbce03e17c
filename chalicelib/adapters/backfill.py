"""Once after a deploy that adds an index key (issue 14): the derived keys written onto items stored before it.

Every save writes a case's `next_deadline` and `flag_set` (deadline-index, the organization's list nearest
deadline first) and an account's top-level `org_id` (the accounts table's org-index, an organization's staff
list). An item not saved since that deploy lacks them, so those lists would leave it out until its next change;
this pass writes them. It scans — an operator's one-off, never a request's path — and updates each item
conditioned on its version (PynamoDB's VersionAttribute), so an item changed meanwhile (which wrote its own
keys) is skipped, not overwritten. Running it again finds nothing left to do.
"""
from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.accounts import AccountModel
from chalicelib.adapters.case_repository import to_case, to_model
from chalicelib.adapters.models import CaseModel


def backfill_index_keys() -> dict:
    """{"cases": written, "accounts": written, "skipped": changed meanwhile}."""
    counts = {"cases": 0, "accounts": 0, "skipped": 0}
    for model in CaseModel.scan(CaseModel.next_deadline.does_not_exist()):
        derived = to_model(to_case(model), None)
        actions = [attr.set(value) for attr, value in ((CaseModel.next_deadline, derived.next_deadline),
                                                       (CaseModel.flag_set, derived.flag_set)) if value]
        _update(model, actions, "cases", counts)
    for model in AccountModel.scan(AccountModel.pk.startswith("ACCOUNT#") & AccountModel.org_id.does_not_exist()):
        org_id = model.body.get("org_id")
        _update(model, [AccountModel.org_id.set(org_id)] if org_id else [], "accounts", counts)
    return counts


def _update(model, actions: list, kind: str, counts: dict) -> None:
    if not actions:  # an ended case without flags, an account of no organization: off those indexes by design
        return
    try:
        model.update(actions=actions)
    except UpdateError as err:
        if getattr(err, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise
        counts["skipped"] += 1
        return
    counts[kind] += 1
