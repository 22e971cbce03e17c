"""Issues for identifiers that fail their checks (校验): value kept, issue raised."""
from __future__ import annotations

from datetime import date

from .identifiers import ric_problems, uscc_problems


def identifier_issues(fields: dict) -> list[dict]:
    issues = []
    for side in ("applicants", "respondents"):
        for index, party in enumerate(fields.get(side) or []):
            prefix = f"{side}[{index}]"
            if party.get("id_number"):
                birth = date.fromisoformat(party["birth_date"]) if party.get("birth_date") else None
                for problem in ric_problems(party["id_number"], birth, party.get("gender")):
                    issues.append({"field": f"{prefix}.id_number", "code": problem.code, "message": problem.message})
            if party.get("credit_code"):
                for problem in uscc_problems(party["credit_code"]):
                    issues.append({"field": f"{prefix}.credit_code", "code": problem.code, "message": problem.message})
    return issues
