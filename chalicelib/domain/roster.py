"""The roster: courts, mediation organizations and mediators (特邀调解员名册)."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace

from chalicelib.domain.discipline import REMOVED
from chalicelib.domain.exceptions import InvalidTransition

CATEGORIES = ("labor", "financial", "contract", "community", "family", "tort", "other")
MEDIATOR_STATUSES = ("active", "suspended")
MAX_CAPACITY = 1000  # cases one mediator may hold at once
# What a mediator declares, matched against parties (特邀调解规定 Art.15).
DECLARATIONS = ("relatives", "colleagues", "affiliations")
# What an admin may change on a mediator's entry; standing (status) changes only by a sanction
# (chalicelib.domain.discipline), the load only by assignments.
PROFILE_FIELDS = ("name", "specialties", "capacity", "phone", *DECLARATIONS)
CONTACT_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,28}")  # an organization's landline or mobile, as written


@dataclass
class Mediator:
    """A mediator and what the roster declares about them (特邀调解规定 Art.15)."""

    mediator_id: str
    name: str
    org_id: str
    specialties: list[str] = field(default_factory=list)
    capacity: int = 5
    active_load: int = 0
    status: str = "active"  # one of MEDIATOR_STATUSES
    last_assigned_at: str | None = None
    id_number: str | None = None
    relatives: list[str] = field(default_factory=list)  # 近亲属
    colleagues: list[str] = field(default_factory=list)  # 同事
    affiliations: list[str] = field(default_factory=list)  # employers, shareholdings: names or credit codes
    phone: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def with_profile(self, changes: dict) -> "Mediator":
        """The entry with its profile changed (名册信息). A removed mediator's entry is closed: 除名 is final
        (特邀调解规定 Art.26), so nothing is written on it again."""
        if self.status == REMOVED:
            raise InvalidTransition("a removed mediator's roster entry is closed", code="mediator_removed")
        return replace(self, **{k: v for k, v in changes.items() if k in PROFILE_FIELDS})

    @property
    def has_room(self) -> bool:
        return self.status == "active" and self.active_load < self.capacity


@dataclass
class Court:
    court_id: str
    name: str
    address: str | None = None
    callback_url: str | None = None
    invited_roster: list[str] = field(default_factory=list)  # mediator ids (特邀调解员名册)
    org_id: str | None = None  # the mediation organization docked with this court (诉调对接)
    webhook_secret: str | None = None
    secret_rotated_at: str | None = None  # when the court last replaced its webhook secret (None: never)

    def public_dict(self) -> dict:
        """What may be shown: never the webhook secret."""
        data = asdict(self)
        data.pop("webhook_secret")
        return data


@dataclass
class Organization:
    """A mediation organization; its name, phone and address are what parties are told to contact."""

    org_id: str
    name: str
    address: str | None = None
    phone: str | None = None  # 联系电话: shown wherever a party is told to contact the organization

    def to_dict(self) -> dict:
        return asdict(self)
