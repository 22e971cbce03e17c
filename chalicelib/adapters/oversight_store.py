"""The association's oversight records in the oversight table (infra/resources.yaml, OversightTable).

Item kinds, by partition key (`pk`) and sort key (`sk`):
- `MEDIATOR#{id}`: the performance file's records — `OUTCOME#{case}` (written again, never added to,
  when a step is redelivered), `DECLINE#{at}#{case}`, `COMPLAINT#{at}#{suffix}`, `RATING#{case}#{party
  digest}` (once per party), `SANCTION#{at}#{kind}`;
- `ORG#{id}`: `STANDING#{mediator}` (each mediator's figures, for peer comparison) and `REPORT#{id}` (a
  court's misconduct report waiting for the organization's decision; `state` open/decided);
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
