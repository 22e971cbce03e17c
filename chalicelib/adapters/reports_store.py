"""Statistics aggregates and the subsidy ledger in the reports table (infra/resources.yaml, ReportsTable).

Item kinds, by partition key / sort key:
- `STATS#ORG#{org_id}` and `STATS#COURT#{court_id}` / `{YYYY-MM}`: one month's counters, each a
  top-level number `c|{fact}|{dimension}|{value}` (DynamoDB's ADD works on top-level attributes
  only), and duration samples `d|{stage}` (a list of seconds). A report is one Query per scope.
- `APPLIED#{case_id}` / `{version}`: the change of that case version is counted. It is written in the
  same transaction as the counters, conditioned on not existing, so a change counted twice (a
  retried call) is counted once.
- `LEDGER#{org_id}` / `{period}#{case_id}#{version}`: a ledger row (补贴台账), put once and never
  changed; a reversal is a row of its own.
- `SUBSIDY#{case_id}` / `-`: the row a case currently earns by, so a case earns at most once until
  reversed, and a reversal knows what it reverses.
- `EARNED#{mediator_id}` / `-`: the running total a mediator earned (the performance file's figure).
- `PERIOD#{org_id}` / `{YYYY-MM}`: a closed period (结算期间已关闭): a write meant for it lands in the
  next open one, checked in the same transaction (ConditionCheck), so closing cannot race a write.

Counters contend when two changes of one organization's month commit at the same moment; DynamoDB
then cancels one transaction (TransactionConflict) and it is retried here.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal

from chalicelib import aws
from chalicelib.domain.statistics import next_month
from chalicelib.settings import get_settings

_ONLY = "-"
_RETRIES = 5
_MONTH_END = "~"  # sorts after every "{period}#..." key of that month


@dataclass(frozen=True)
class LedgerRow:
    period: str
    case_id: str
    kind: str  # earned / reversed
    amount: Decimal
    rule_id: str
    mediator_id: str | None
    court_id: str | None
    source: str
    at: str
    key: str


class PeriodClosedRace(Exception):
    """A period closed between choosing it and writing into it: choose again."""


def _serialize(value):
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer().serialize(value)


def _item(raw: dict) -> dict:
    from boto3.dynamodb.types import TypeDeserializer

    d = TypeDeserializer()
    return {k: d.deserialize(v) for k, v in raw.items()}


def _key(pk: str, sk: str) -> dict:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def _reasons(err) -> list[str]:
    return [r.get("Code", "None") for r in err.response.get("CancellationReasons", [])]


class ReportsStore:
    """The port services.reports uses: record facts and ledger rows, read them back."""

    @property
    def _table(self) -> str:
        return get_settings().reports_table

    @property
    def _ddb(self):
        return aws.client("dynamodb")

    # ---- statistics ----
    def add_facts(self, case_id: str, version: int, scopes: list[str], month: str, counts: dict[str, int],
                  lists: dict[str, list], firsts: dict[str, str] | None = None) -> bool:
        """Add one change's counts, list entries (`d|stage` seconds) and first values (`e|category|slot`: kept
        when the slot is empty) to each scope's month; False when that change was counted before."""
        names, values, adds, sets = {}, {":empty": {"L": []}}, [], []
        for i, (name, n) in enumerate(sorted(counts.items())):
            names[f"#c{i}"], values[f":c{i}"] = f"c|{name}", {"N": str(n)}
            adds.append(f"#c{i} :c{i}")
        for i, (name, entries) in enumerate(sorted(lists.items())):
            names[f"#l{i}"], values[f":l{i}"] = name, {"L": [_serialize(e) for e in entries]}
            sets.append(f"#l{i} = list_append(if_not_exists(#l{i}, :empty), :l{i})")
        for i, (name, value) in enumerate(sorted((firsts or {}).items())):
            names[f"#f{i}"], values[f":f{i}"] = name, _serialize(value)
            sets.append(f"#f{i} = if_not_exists(#f{i}, :f{i})")
        if not lists:
            values.pop(":empty")
        expression = " ".join(part for part in (("ADD " + ", ".join(adds)) if adds else "",
                                                ("SET " + ", ".join(sets)) if sets else "") if part)
        items = [{"Put": {"TableName": self._table, "Item": _key(f"APPLIED#{case_id}", str(version)),
                          "ConditionExpression": "attribute_not_exists(pk)"}}]
        items += [{"Update": {"TableName": self._table, "Key": _key(scope, month), "UpdateExpression": expression,
                              "ExpressionAttributeNames": names, "ExpressionAttributeValues": values}}
                   for scope in scopes]
        try:
            self._transact(items)
        except self._ddb.exceptions.TransactionCanceledException as err:
            if _reasons(err)[0] == "ConditionalCheckFailed":
                return False
            raise
        return True

    def months(self, scope: str, first: str, last: str) -> dict[str, dict]:
        """{month: {"counts", "durations", "examples"}} of one scope: one Query (a page holds 1 MB, years of months)."""
        months: dict[str, dict] = {}
        for item in self._query(scope, "sk BETWEEN :a AND :b", {":a": {"S": first}, ":b": {"S": last}}):
            months[item["sk"]] = {
                "counts": {k[2:]: int(v) for k, v in item.items() if k.startswith("c|")},
                "durations": {k[2:]: [int(s) for s in v] for k, v in item.items() if k.startswith("d|")},
                "examples": _examples(item)}
        return months

    # ---- subsidy ledger ----
    def earn(self, *, org_id: str, month: str, case_id: str, version: int, rule_id: str, amount: Decimal,
             mediator_id: str | None, court_id: str | None, source: str, at: str) -> bool:
        """Write the case's earned row unless it already earns (or this row exists); True when written."""
        row = {"kind": "earned", "case_id": case_id, "rule_id": rule_id, "amount": amount, "source": source,
               "at": at, **({"mediator_id": mediator_id} if mediator_id else {}),
               **({"court_id": court_id} if court_id else {})}

        def items(period: str) -> list[dict]:
            sk = f"{period}#{case_id}#{version}"
            return [
                self._period_open(org_id, period),
                {"Put": {"TableName": self._table, "Item": {**_key(f"LEDGER#{org_id}", sk), **self._attrs(row)},
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Put": {"TableName": self._table,
                         "Item": {**_key(f"SUBSIDY#{case_id}", _ONLY),
                                  **self._attrs({"state": "earned", "row": sk, "org_id": org_id, "amount": amount,
                                                 "rule_id": rule_id, **({"mediator_id": mediator_id}
                                                                        if mediator_id else {})})},
                         "ConditionExpression": "attribute_not_exists(pk) OR #s = :reversed",
                         "ExpressionAttributeNames": {"#s": "state"},
                         "ExpressionAttributeValues": {":reversed": {"S": "reversed"}}}},
                *self._mediator_total(mediator_id, amount),
            ]
        return self._write_in_open_period(org_id, month, items)

    def reverse(self, *, case_id: str, month: str, version: int, at: str) -> bool:
        """Write the reversal of what the case earns, if it earns anything; True when written."""
        raw = self._ddb.get_item(TableName=self._table, Key=_key(f"SUBSIDY#{case_id}", _ONLY),
                                 ConsistentRead=True).get("Item")
        current = _item(raw) if raw else None
        if not current or current["state"] != "earned":
            return False
        org_id, amount, mediator_id = current["org_id"], -Decimal(current["amount"]), current.get("mediator_id")
        earned = _item(self._ddb.get_item(TableName=self._table, Key=_key(f"LEDGER#{org_id}", current["row"]),
                                          ConsistentRead=True)["Item"])
        row = {**{k: v for k, v in earned.items() if k not in ("pk", "sk")}, "kind": "reversed", "amount": amount,
               "at": at, "reverses": current["row"]}

        def items(period: str) -> list[dict]:
            return [
                self._period_open(org_id, period),
                {"Put": {"TableName": self._table,
                         "Item": {**_key(f"LEDGER#{org_id}", f"{period}#{case_id}#{version}"), **self._attrs(row)},
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Update": {"TableName": self._table, "Key": _key(f"SUBSIDY#{case_id}", _ONLY),
                            "UpdateExpression": "SET #s = :reversed",
                            "ConditionExpression": "#s = :earned AND #r = :row",
                            "ExpressionAttributeNames": {"#s": "state", "#r": "row"},
                            "ExpressionAttributeValues": {":reversed": {"S": "reversed"}, ":earned": {"S": "earned"},
                                                          ":row": {"S": current["row"]}}}},
                *self._mediator_total(mediator_id, amount),
            ]
        return self._write_in_open_period(org_id, month, items)

    def ledger(self, org_id: str, first: str, last: str) -> list[LedgerRow]:
        """The organization's rows of the periods `first`..`last`, in period order."""
        return [LedgerRow(period=item["sk"][:7], case_id=item["case_id"], kind=item["kind"],
                          amount=Decimal(item["amount"]).quantize(Decimal("0.01")), rule_id=item["rule_id"],
                          mediator_id=item.get("mediator_id"), court_id=item.get("court_id"), source=item["source"],
                          at=item["at"], key=item["sk"])
                for item in self._query(f"LEDGER#{org_id}", "sk BETWEEN :a AND :b",
                                        {":a": {"S": first}, ":b": {"S": last + _MONTH_END}})]

    def closed_periods(self, org_id: str, first: str, last: str | None = None) -> dict[str, dict]:
        condition, values = ("sk BETWEEN :a AND :b", {":a": {"S": first}, ":b": {"S": last}}) if last else \
            ("sk >= :a", {":a": {"S": first}})
        return {item["sk"]: item for item in self._query(f"PERIOD#{org_id}", condition, values)}

    def close_period(self, org_id: str, period: str, closed_by: str, at: str) -> dict:
        """Close it (once: closing again keeps the first closing)."""
        try:
            self._ddb.put_item(TableName=self._table, ConditionExpression="attribute_not_exists(pk)",
                               Item={**_key(f"PERIOD#{org_id}", period),
                                     **self._attrs({"closed_by": closed_by, "closed_at": at})})
        except self._ddb.exceptions.ConditionalCheckFailedException:
            pass
        return _item(self._ddb.get_item(TableName=self._table, Key=_key(f"PERIOD#{org_id}", period),
                                        ConsistentRead=True)["Item"])

    def earned_by(self, mediator_id: str) -> Decimal:
        """What a mediator earned in all, reversals deducted (the performance file, 业绩档案)."""
        raw = self._ddb.get_item(TableName=self._table, Key=_key(f"EARNED#{mediator_id}", _ONLY)).get("Item")
        return Decimal(_item(raw)["amount"]).quantize(Decimal("0.01")) if raw else Decimal("0.00")

    # ---- plumbing ----
    def _write_in_open_period(self, org_id: str, month: str, items) -> bool:
        """Write into `month`, or when it is closed the next open period (read only then: most writes are
        for the month under way, which nobody has closed)."""
        period = month
        for _ in range(_RETRIES):
            try:
                self._transact(items(period))
                return True
            except self._ddb.exceptions.TransactionCanceledException as err:
                reasons = _reasons(err)
                if reasons[0] == "ConditionalCheckFailed":  # closed: the first open period after it
                    closed = self.closed_periods(org_id, period)
                    while period in closed:
                        period = next_month(period)
                    continue
                if "ConditionalCheckFailed" in reasons:
                    return False  # this row exists, or the case already earns / no longer does
                raise
        raise PeriodClosedRace(f"periods of {org_id} kept closing while a ledger row was written")

    def _period_open(self, org_id: str, period: str) -> dict:
        return {"ConditionCheck": {"TableName": self._table, "Key": _key(f"PERIOD#{org_id}", period),
                                   "ConditionExpression": "attribute_not_exists(pk)"}}

    def _mediator_total(self, mediator_id: str | None, amount: Decimal) -> list[dict]:
        if not mediator_id:
            return []
        return [{"Update": {"TableName": self._table, "Key": _key(f"EARNED#{mediator_id}", _ONLY),
                            "UpdateExpression": "ADD #a :a, #n :n",
                            "ExpressionAttributeNames": {"#a": "amount", "#n": "rows"},
                            "ExpressionAttributeValues": {":a": {"N": str(amount)}, ":n": {"N": "1"}}}}]

    @staticmethod
    def _attrs(values: dict) -> dict:
        return {k: _serialize(v) for k, v in values.items()}

    def _transact(self, items: list[dict]) -> None:
        """TransactWriteItems, retried while another transaction holds one of the items (hot counters)."""
        for attempt in range(_RETRIES):
            try:
                self._ddb.transact_write_items(TransactItems=items)
                return
            except self._ddb.exceptions.TransactionCanceledException as err:
                if "TransactionConflict" not in _reasons(err) or attempt == _RETRIES - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))

    def _query(self, pk: str, condition: str, values: dict):
        """Every item of a key range, page after page."""
        start = None
        while True:
            page = self._ddb.query(TableName=self._table, KeyConditionExpression=f"pk = :pk AND {condition}",
                                   ExpressionAttributeValues={":pk": {"S": pk}, **values},
                                   **({"ExclusiveStartKey": start} if start else {}))
            yield from (_item(raw) for raw in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return


def _examples(item: dict) -> dict[str, list[str]]:
    """{category: [case ids]} from the `e|{category}|{slot}` attributes."""
    examples: dict[str, list[str]] = {}
    for name, value in sorted(item.items()):
        if name.startswith("e|"):
            examples.setdefault(name[2:].rsplit("|", 1)[0], []).append(value)
    return examples
