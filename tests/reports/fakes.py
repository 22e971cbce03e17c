"""An in-memory ReportsStore (the port of services.projections and the reports), for tests without moto."""
from __future__ import annotations

from collections import Counter


class FakeReports:
    def __init__(self):
        self.applied: set[tuple[str, int]] = set()
        self.items: dict[tuple[str, str], dict] = {}

    def add_facts(self, case_id, version, scopes, month, counts, lists, firsts=None) -> bool:
        if (case_id, version) in self.applied:
            return False
        self.applied.add((case_id, version))
        for scope in scopes:
            item = self.items.setdefault((scope, month), {"counts": Counter(), "durations": {}, "examples": {},
                                                                  "firsts": set()})
            item["counts"].update(counts)
            for name, entries in lists.items():
                item["durations"].setdefault(name[2:], []).extend(entries)
            for name, value in sorted((firsts or {}).items()):
                category, slot = name[2:].rsplit("|", 1)
                if name not in item["firsts"]:
                    item["firsts"].add(name)
                    item["examples"].setdefault(category, []).append(value)
        return True

    def months(self, scope, first, last):
        return {m: {"counts": dict(i["counts"]), "durations": i["durations"], "examples": i["examples"]}
                for (s, m), i in self.items.items() if s == scope and first <= m <= last}

    def earn(self, **row) -> bool:
        return False

    def reverse(self, **row) -> bool:
        return False

    def ledger(self, org_id, first, last):
        return []
