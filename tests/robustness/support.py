"""Small helpers shared by the robustness tests."""
from tests.integration.http import post_json

FAILURE_RECORD = {"basic_facts": "买卖合同纠纷", "reasons": "被申请人不同意还款", "disputed_points": "货款金额"}


def snapshot(stack, case_id: str) -> dict:
    """What a refused or repeated request must leave alone: the stored case and its history."""
    case = stack.deps.cases.get(case_id)
    return vars(case) | {"history": stack.deps.cases.history(case_id)}


def record_failure(stack, case_id: str, mediator: dict):
    """The mediator records a failed mediation (with the Art.21 record); the HTTP answer."""
    return post_json(stack.client, f"/cases/{case_id}/outcome",
                     {"result": "failed", "reason": "分歧", "record": FAILURE_RECORD}, mediator)
