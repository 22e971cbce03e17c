"""The end of a mediation: settled (via the agreement), failed or terminated.

The route applies the result (releasing the mediator in the same
transaction) and queues the outcome step; the step renders what the result
needs (the 调解不成功记录 for a failure) and queues the court notification.
"""
from __future__ import annotations

from chalicelib.adapters.exceptions import StaleCase
from chalicelib.auth import Principal
from chalicelib.errors import BadRequest
from chalicelib.services.access import load_case
from chalicelib.services.changes import commit, court_notification, resend, send
from chalicelib.services.dependencies import Deps
from chalicelib.services.documents import render_and_store
from chalicelib.services.errors import use_case
from chalicelib.services.performance import file_outcome
from chalicelib.services.validation import LONG, text
from chalicelib.services.views import summary

FAILURE_RECORD = "failure-record"
RESULTS = ("failed", "terminated")  # a settlement comes with the agreement instead
RECORD_KEYS = ("basic_facts", "reasons", "disputed_points", "cost_increasing_conduct", "undisputed_facts")


@use_case
def record_outcome(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/outcome: `failed` (with the Art.21 record) or `terminated`."""
    result, record = body.get("result"), body.get("record") or {}
    if result not in RESULTS:
        raise BadRequest("result must be failed or terminated (a settlement comes with the agreement)",
                         code="invalid_result")
    if not isinstance(record, dict):
        raise BadRequest("record must be an object", code="invalid_record")
    reason = text(body.get("reason"), "reason", max_length=LONG)
    record = {k: text(record.get(k), f"record.{k}", max_length=LONG) for k in RECORD_KEYS}
    case = load_case(deps, principal, "case.outcome", case_id)
    if (case.outcome or {}).get("result") == result:
        resend(deps, case_id)  # a retry after a lost message: the change is made, send what it caused
        return summary(case)
    if result == "failed":
        case.fail(reason or "调解不成", record, deps.clock())
    else:
        case.terminate(reason or "", deps.clock(), principal.subject)
    commit(deps, case)
    return summary(case)


def process_outcome(deps: Deps, message: dict) -> None:
    """The outcome step (SQS); safe to run twice."""
    case_id, result = message["case_id"], message["result"]
    file_outcome(deps, case_id)  # the mediator's performance file
    if result == "failed":
        _store_failure_record(deps, case_id)
    if message.get("court_id"):
        send(deps, [court_notification(case_id, message["court_id"], message.get("court_case_ref"), "case.outcome",
                                       result, {"result": result, "reason": message.get("reason")})])


def _store_failure_record(deps: Deps, case_id: str) -> None:
    """Render and store the 调解不成功记录 once."""
    case = deps.cases.get(case_id)
    if case is None or case.failure_record is None or FAILURE_RECORD in case.documents:
        return
    render_and_store(deps, case, FAILURE_RECORD)
    try:
        deps.cases.commit(case)
    except StaleCase:
        pass  # the case moved on meanwhile; GET renders the record afresh from the case
