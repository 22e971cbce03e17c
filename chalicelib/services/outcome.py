"""The end of a mediation: settled (via the agreement), failed or terminated.

The route applies the result (releasing the mediator in the same
transaction) and queues the outcome step; the step renders the 调解不成功记录
(在线调解规则 Art.21, chalicelib.domain.failure_record) for a failure and for
every termination (Art.25 grounds, chalicelib.domain.termination: by the
mediator, the time limit, a respondent's refusal), and sends the court
`case.outcome` with the record's HTML in `data.document_html` (CONTRACT R2).
"""
from __future__ import annotations

from chalicelib.auth import Principal
from chalicelib.domain import failure_record, termination
from chalicelib.domain.documents import FAILURE_RECORD
from chalicelib.errors import BadRequest, use_case
from chalicelib.services.access import load_case
from chalicelib.services.dependencies import Deps
from chalicelib.services.documents import render_and_store
from chalicelib.services.performance import file_outcome
from chalicelib.services.ports import StaleCase
from chalicelib.services.unit_of_work import commit, court_notification, resend, send
from chalicelib.services.validation import LONG, text
from chalicelib.services.views import summary

RESULTS = ("failed", "terminated")  # a settlement comes with the agreement instead


@use_case
def record_outcome(deps: Deps, principal: Principal, case_id: str, body: dict) -> dict:
    """POST /cases/{id}/outcome: `failed` (with the Art.21 record) or `terminated` (on an Art.25 ground)."""
    result, record = body.get("result"), body.get("record") or {}
    if result not in RESULTS:
        raise BadRequest("result must be failed or terminated (a settlement comes with the agreement)",
                         code="invalid_result")
    if not isinstance(record, dict):
        raise BadRequest("record must be an object", code="invalid_record")
    reason = text(body.get("reason"), "reason", max_length=LONG)
    ground = text(body.get("ground"), "ground")
    record = {k: text(record.get(k), f"record.{k}", max_length=LONG) for k in failure_record.ITEMS}
    case = load_case(deps, principal, "case.outcome", case_id)
    if (case.outcome or {}).get("result") == result:
        resend(deps, case_id)  # a retry after a lost message: the change is made, send what it caused
        return summary(case)
    if result == "failed":
        case.fail(reason or "调解不成", record, deps.clock())
    else:
        case.terminate(reason or termination.ground_label(ground) or "", deps.clock(), principal.subject,
                       ground=ground or termination.OTHER, record=record)
    commit(deps, case)
    return summary(case)


def process_outcome(deps: Deps, message: dict) -> None:
    """The outcome step (SQS); safe to run twice (the record is rendered once, the court dedupes by event_id)."""
    case_id, result = message["case_id"], message["result"]
    file_outcome(deps, case_id)  # the mediator's performance file
    document = _failure_record(deps, case_id) if result in RESULTS else None
    if not message.get("court_id"):
        return
    ground = message.get("ground")
    data = {"result": result, "reason": message.get("reason"), "ground": ground,
            "ground_label": termination.ground_label(ground)}
    if document:
        data.update(document=FAILURE_RECORD, document_html=document[0], sha256=document[1])
    send(deps, [court_notification(case_id, message["court_id"], message.get("court_case_ref"), "case.outcome",
                                   result, data)])


def _failure_record(deps: Deps, case_id: str) -> tuple[str, str] | None:
    """The court's copy of the 调解不成功记录 as (html, sha256): rendered and stored once, then read back."""
    case = deps.cases.get(case_id)
    if case is None or case.failure_record is None:
        return None
    stored = case.documents.get(FAILURE_RECORD)
    if stored:
        return deps.documents.get(stored["key"]).decode("utf-8"), stored["sha256"]
    rendered = render_and_store(deps, case, FAILURE_RECORD)
    try:
        deps.cases.commit(case)
    except StaleCase:
        pass  # the case moved on meanwhile; GET renders the record afresh from the case
    return rendered.html, rendered.sha256
