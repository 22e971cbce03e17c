"""Courts, organizations, mediators and loaded holiday calendars in the roster table.

Court and organization items change rarely and are read on every webhook and
notification, so they are cached for a minute per warm process.

A court's webhook secret is sealed with KMS on write (`sealed_secret`, never in
the body) and opened on read by the functions that hold the key; elsewhere a
court reads without its secret. Off the local stage a court is never stored with
its secret in plain text; a court written before sealing existed keeps its plain
secret in the body until it is saved again.
"""
from __future__ import annotations

import time
from dataclasses import replace

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.adapters.court_secrets import CourtSecretSealer
from chalicelib.adapters.models import RosterModel
from chalicelib.domain.discipline import REMOVED
from chalicelib.domain.roster import Court, Mediator, Organization
from chalicelib.domain.workdays import YearSchedule
from chalicelib.settings import get_settings

CACHE_SECONDS = 60
_COUNTERS = ("capacity", "active_load", "status", "last_assigned_at")


class SecretsUnprotected(RuntimeError):
    """A court secret would be stored in plain text outside the local stage (no KMS key configured)."""


class RosterRepository:
    def __init__(self, clock=time.monotonic, sealer: CourtSecretSealer | None = None):
        self._clock = clock
        self._cache: dict[str, tuple[float, object]] = {}
        self._sealer = sealer or CourtSecretSealer()

    # ---- courts ----
    def court(self, court_id: str, *, fresh: bool = False) -> Court | None:
        return self._cached(f"COURT#{court_id}", self._to_court, fresh)

    def save_court(self, court: Court) -> None:
        body, sealed = vars(court).copy(), None
        if court.webhook_secret and self._sealer.available:
            body["webhook_secret"], sealed = None, self._sealer.seal(court.court_id, court.webhook_secret)
        elif court.webhook_secret and get_settings().stage != "local":
            raise SecretsUnprotected("COURT_SECRETS_KEY is not set: a court secret is never stored in plain text")
        previous = self.court(court.court_id, fresh=True)
        RosterModel(f"COURT#{court.court_id}", kind="court", body=body, sealed_secret=sealed).save()
        self._cache.pop(f"COURT#{court.court_id}", None)
        before = set(previous.invited_roster) if previous else set()
        for mediator_id in sorted(set(court.invited_roster) ^ before):
            self._note_rostered(mediator_id, court.court_id, added=mediator_id not in before)

    def _note_rostered(self, mediator_id: str, court_id: str, *, added: bool) -> None:
        item = RosterModel(f"ROSTERED#{mediator_id}")
        change = RosterModel.courts.add({court_id}) if added else RosterModel.courts.delete({court_id})
        item.update(actions=[change, RosterModel.kind.set("rostered"), RosterModel.body.set({})])

    def rostered_courts(self, mediator_id: str) -> list[str]:
        """The courts whose invited roster (特邀调解名册) holds the mediator."""
        found = self._get(f"ROSTERED#{mediator_id}", lambda m: sorted(m.courts or ()))
        return found or []

    def _to_court(self, model: RosterModel) -> Court:
        court = Court(**model.body)
        if model.sealed_secret:
            opened = self._sealer.open(court.court_id, model.sealed_secret) if self._sealer.available else None
            court = replace(court, webhook_secret=opened)
        return court

    # ---- organizations ----
    def organization(self, org_id: str, *, fresh: bool = False) -> Organization | None:
        return self._cached(f"ORG#{org_id}", lambda m: Organization(**m.body), fresh)

    def save_organization(self, org: Organization) -> None:
        RosterModel(f"ORG#{org.org_id}", kind="organization", org_id=org.org_id, body=org.to_dict()).save()
        self._cache.pop(f"ORG#{org.org_id}", None)

    # ---- mediators ----
    def mediator(self, mediator_id: str) -> Mediator | None:
        return self._get(f"MEDIATOR#{mediator_id}", _to_mediator)

    def mediators(self, mediator_ids: list[str]) -> list[Mediator]:
        keys = list(dict.fromkeys(f"MEDIATOR#{m}" for m in mediator_ids))
        return sorted((_to_mediator(m) for m in RosterModel.batch_get(keys)), key=lambda m: m.mediator_id)

    def organization_mediators(self, org_id: str) -> list[Mediator]:
        return [_to_mediator(m) for m in
                RosterModel.org_index.query(org_id, RosterModel.pk.startswith("MEDIATOR#"))]

    def add_mediator(self, mediator: Mediator) -> bool:
        """Create the mediator; False when the id is taken (the existing one is kept)."""
        try:
            _mediator_model(mediator).save(condition=RosterModel.pk.does_not_exist())
            return True
        except PutError as err:
            if err.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise

    def update_mediator_profile(self, mediator: Mediator) -> None:
        """Change what the roster declares, never the live load counters."""
        model = RosterModel(f"MEDIATOR#{mediator.mediator_id}")
        profile = {k: v for k, v in mediator.to_dict().items() if k not in _COUNTERS}
        model.update(actions=[RosterModel.body.set(profile), RosterModel.org_id.set(mediator.org_id),
                              RosterModel.capacity.set(mediator.capacity), RosterModel.status.set(mediator.status)],
                     condition=RosterModel.pk.exists())

    def edit_mediator(self, mediator: Mediator) -> bool:
        """Write an admin's change of the profile and capacity, unless the mediator was removed meanwhile
        (False); its status and load are left as they stand (a sanction may be changing them now)."""
        profile = {k: v for k, v in mediator.to_dict().items() if k not in _COUNTERS}
        try:
            RosterModel(f"MEDIATOR#{mediator.mediator_id}").update(
                actions=[RosterModel.body.set(profile), RosterModel.capacity.set(mediator.capacity)],
                condition=RosterModel.pk.exists() & (RosterModel.status != REMOVED))
            return True
        except UpdateError as err:
            if err.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise

    def set_mediator_status(self, mediator_id: str, status: str, expected: str) -> bool:
        """Change a mediator's status (the one ranking and the capacity reservation read) if it is still
        `expected`; False when it was changed meanwhile."""
        try:
            RosterModel(f"MEDIATOR#{mediator_id}").update(actions=[RosterModel.status.set(status)],
                                                          condition=RosterModel.status == expected)
            return True
        except UpdateError as err:
            if err.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise

    # ---- calendars ----
    def calendar(self, year: int) -> YearSchedule | None:
        return self._get(f"CALENDAR#{year}", lambda m: YearSchedule.from_dict(m.body))

    def save_calendar(self, schedule: YearSchedule) -> None:
        RosterModel(f"CALENDAR#{schedule.year}", kind="calendar", body=schedule.to_dict()).save()

    def _cached(self, pk: str, convert, fresh: bool):
        """Courts and organizations change rarely and are read on every webhook and notification."""
        hit = self._cache.get(pk)
        if hit and not fresh and self._clock() - hit[0] < CACHE_SECONDS:
            return hit[1]
        value = self._get(pk, convert)
        self._cache[pk] = (self._clock(), value)
        return value

    @staticmethod
    def _get(pk: str, convert):
        try:
            return convert(RosterModel.get(pk))
        except RosterModel.DoesNotExist:
            return None


def _mediator_model(mediator: Mediator) -> RosterModel:
    profile = {k: v for k, v in mediator.to_dict().items() if k not in _COUNTERS}
    return RosterModel(f"MEDIATOR#{mediator.mediator_id}", kind="mediator", org_id=mediator.org_id, body=profile,
                       status=mediator.status, capacity=mediator.capacity, active_load=mediator.active_load,
                       last_assigned_at=mediator.last_assigned_at)


def _to_mediator(model: RosterModel) -> Mediator:
    return Mediator(**model.body, status=model.status, capacity=int(model.capacity),
                    active_load=int(model.active_load or 0), last_assigned_at=model.last_assigned_at)
