"""Integrity oversight (恶意串通、虚假调解): lookup records as cases open, signals when an agreement is
accepted, and the admin's review (`POST /cases/{id}/review`, CONTRACT R2).

- Every new case writes one lookup record per party identity and contact (a keyed digest: the table
  holds no phone or ID number) in the oversight table, in one BatchWriteItem, so the cross-case signals
  read a few partitions (one Query per key of the settling case) instead of scanning the cases. A case
  whose write failed (logged) is missing from others' lookups; its own screening still runs.
- When the mediator's agreement settles the case, the signals of chalicelib.domain.integrity are read
  with the thresholds the settings name; any signal holds the case with the flag `integrity_review`
  (`Case.consent` then sends no confirmation request, whoever consents).
- The org admin decides: `clear` lets the confirmation go (at once when every party has consented);
  `refer` keeps it held and tells the court (`integrity.referred`, with the signals).
Parties and the mediator see only the flag; the signals are the organization's (and, once referred, the
court's) to read (chalicelib.services.views).
"""
from __future__ import annotations

from functools import lru_cache

from chalicelib.auth import Principal
from chalicelib.domain import integrity as rules
from chalicelib.domain.case import Case
from chalicelib.domain.deadlines import iso
from chalicelib.domain.performance import Standing
from chalicelib.errors import use_case
from chalicelib.observability import logger
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.discipline import organization_records
from chalicelib.services.unit_of_work import commit
from chalicelib.services.validation import LONG, text
from chalicelib.settings import get_settings


@lru_cache(maxsize=4)
def _thresholds_from(path: str | None) -> rules.Thresholds:
    return rules.Thresholds.load(path) if path else rules.Thresholds.load()


def thresholds() -> rules.Thresholds:
    return _thresholds_from(get_settings().integrity_thresholds)


def facts_of(case: Case, *, accepted_at: str | None = None, settled_at: str | None = None) -> rules.CaseFacts:
    agreement = case.agreement or {}
    return rules.CaseFacts(case.case_id, case.created_at, case.applicants, case.respondents, tuple(case.claims),
                           case.claim_amount, case.dispute_category, agreement.get("settlement_amount"),
                           tuple(agreement.get("terms") or ()), accepted_at, settled_at)


def index_case(deps: Deps, case: Case) -> None:
    """The case's lookup records; writing them again changes nothing."""
    secret = _lookup_key()
    deps.oversight.put_many([(_lookup(row.key, secret), f"{row.created_at}#{row.case_id}#{row.side}", row.to_dict())
                             for row in rules.index_rows(facts_of(case), thresholds())])


def index_new_case(deps: Deps, case: Case) -> None:
    """Right after a case is opened; a failure leaves the case as it stands (the settlement indexes it again)."""
    try:
        index_case(deps, case)
    except Exception:
        logger().warning("lookup records not written; the settlement writes them", extra={"case_id": case.case_id})


def screen_settlement(deps: Deps, case: Case) -> list[rules.Signal]:
    """Read the signals of a case just settled; hold it for review when there are any."""
    th, now = thresholds(), deps.clock()
    facts = facts_of(case, accepted_at=case.accepted_at, settled_at=iso(now))
    found = rules.signals(facts, _related(deps, facts, th), th, *_standings(deps, case))
    if found:
        case.hold_for_review([s.to_dict() for s in found], now)
        logger().info("held for integrity review", extra={"case_id": case.case_id,
                                                          "signals": [s.code for s in found]})
    return found


def _related(deps: Deps, facts: rules.CaseFacts, th: rules.Thresholds) -> rules.Related:
    secret, related = _lookup_key(), rules.Related()
    for side in rules.SIDES:
        for key in rules.side_keys(facts, side, th):
            related.rows[key] = [rules.IndexRow(key, r["case_id"], r["created_at"], r["side"], r.get("claim", ""))
                                 for r in deps.oversight.query(_lookup(key, secret))]
    return related


def _standings(deps: Deps, case: Case) -> tuple[Standing | None, list[Standing]]:
    """The mediator's figures and its organization's other mediators' (kept by services.performance)."""
    if not case.org_id:
        return None, []
    rows = deps.oversight.query(organization_records(case.org_id), "STANDING#")
    standings = [Standing(r["subject"], r["ended"], r["settled"], r["median_days_to_settle"]) for r in rows]
    own = next((s for s in standings if s.subject == case.mediator_id), None)
    return own, [s for s in standings if s.subject != case.mediator_id]


@use_case
def review_case(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    from chalicelib.services.confirmation import request_confirmation
    from chalicelib.services.views import summary

    decision, note = body.get("decision"), text(body.get("note"), "note", max_length=LONG)
    case = load_case(deps, principal, "case.review", case_id)
    now = deps.clock()
    ready = case.decide_review(decision, note, principal.subject, now)
    if decision == "refer":
        commit(deps, case)  # Case.decide_review raised IntegrityReferred: the court is told
        return {**summary(case), "integrity": case.integrity, "court_told": bool(case.court_id)}
    if ready and case.court_id:
        case.request_confirmation(now, principal.subject)
        request_confirmation(deps, case)
    else:
        commit(deps, case)
    return {**summary(case), "integrity": case.integrity}


def _lookup(key: str, secret: bytes) -> str:
    return f"LOOKUP#{rules.digest(key, secret)}"


def _lookup_key() -> bytes:
    import hashlib

    from chalicelib.auth.keys import signing_key

    return hashlib.sha256(b"sutiao integrity lookups|" + signing_key().encode("utf-8")).digest()

