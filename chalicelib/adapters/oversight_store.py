"""The association's oversight records in the oversight table (infra/resources.yaml, OversightTable).

Item kinds, by partition key (`pk`) and sort key (`sk`):
- `MEDIATOR#{id}`: the performance file's records — `OUTCOME#{case}` (written again, never added to,
  when a step is redelivered), `DECLINE#{at}#{case}`, `COMPLAINT#{at}#{suffix}`, `RATING#{case}#{party
  digest}` (once per party), `SANCTION#{at}#{kind}`;
- `ORG#{id}`: `STANDING#{mediator}` (each mediator's figures, for peer comparison), `REPORT#{id}` (a
  court's misconduct report waiting for the organization's decision; `state` open/decided) and
  `COMPLAINT#{id}` (a party's complaint waiting for the organization's answer; `state` open/answered);
- `LOOKUP#{digest}`: sk `{created_at}#{case_id}#{side}` — a case seen under one party identity or
  contact (a keyed digest, never the phone or ID number), read by the integrity signals.
Every read is a GetItem or a Query of one partition: nothing scans.
"""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, UpdateError

from chalicelib import aws
from chalicelib.adapters.models import _LazyMeta, _SettingsModel


class OversightModel(_SettingsModel):
    Meta = _LazyMeta("oversight_table")

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    body = JSONAttribute()
    state = UnicodeAttribute(null=True)  # a report's open/decided, conditioned on when deciding


def _forget_connection() -> None:
    OversightModel._connection = None


aws.on_reset(_forget_connection)


class OversightStore:
    def put(self, pk: str, sk: str, body: dict, *, only_new: bool = False, state: str | None = None) -> bool:
        """Write the record; with `only_new`, False (and nothing written) when it exists already."""
        model = OversightModel(pk, sk, body=body, state=state)
        try:
            model.save(condition=OversightModel.sk.does_not_exist() if only_new else None)
            return True
        except PutError as err:
            if only_new and err.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise

    def put_many(self, rows: list[tuple[str, str, dict]]) -> None:
        with OversightModel.batch_write() as batch:
            for pk, sk, body in rows:
                batch.save(OversightModel(pk, sk, body=body))

    def get(self, pk: str, sk: str) -> tuple[dict, str | None] | None:
        try:
            model = OversightModel.get(pk, sk, consistent_read=True)
        except OversightModel.DoesNotExist:
            return None
        return model.body, model.state

    def query(self, pk: str, prefix: str = "") -> list[dict]:
        condition = OversightModel.sk.startswith(prefix) if prefix else None
        return [{**m.body, "sk": m.sk} for m in OversightModel.query(pk, condition)]

    def page(self, pk: str, prefix: str, *, state: str | None = None, limit: int = 20,
             cursor: str | None = None) -> tuple[list[dict], str | None]:
        """Newest first, one page of one partition's records under `prefix` (in `state` when given);
        `cursor` continues a previous page of this same partition."""
        from chalicelib.adapters.case_repository import decode_cursor, encode_cursor

        start = decode_cursor(cursor)
        if start is not None and (set(start) != {"pk", "sk"} or start["pk"]["S"] != pk
                                  or not start["sk"]["S"].startswith(prefix)):
            raise ValueError("the cursor is not one this API returned for this list")
        pages = OversightModel.query(pk, OversightModel.sk.startswith(prefix), scan_index_forward=False,
                                     filter_condition=(OversightModel.state == state) if state else None,
                                     limit=limit, last_evaluated_key=start)
        found = [{**m.body, "sk": m.sk, "state": m.state} for m in pages]
        return found, encode_cursor(pages.last_evaluated_key)

    def settle_state(self, pk: str, sk: str, expected: str, state: str, body: dict) -> bool:
        """Move a record from `expected` to `state`; False when someone else moved it first."""
        try:
            OversightModel(pk, sk).update(actions=[OversightModel.state.set(state), OversightModel.body.set(body)],
                                          condition=OversightModel.state == expected)
            return True
        except UpdateError as err:
            if err.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
