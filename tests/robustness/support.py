"""Small helpers shared by the robustness tests."""


def snapshot(stack, case_id: str) -> dict:
    """What a refused or repeated request must leave alone: the stored case and its history."""
    case = stack.deps.cases.get(case_id)
    return vars(case) | {"history": stack.deps.cases.history(case_id)}
