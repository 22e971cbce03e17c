"""The roster: courts, organizations, mediators, loaded calendars, and the demo seed."""
from __future__ import annotations

import secrets
from urllib.parse import urlparse

from chalicelib.auth import Principal, demo_court_secret
from chalicelib.domain.roster import CATEGORIES, MEDIATOR_STATUSES, Court, Mediator, Organization
from chalicelib.domain.workdays import YearSchedule
from chalicelib.errors import BadRequest, Conflict, Forbidden, NotFound, Unprocessable
from chalicelib.services.access import require_role
from chalicelib.services.dependencies import Deps
from chalicelib.services.validation import text, texts

DEMO_COURT = Court("weibin", "新乡市卫滨区人民法院", address="河南省新乡市卫滨区", org_id="xx-sme")
DEMO_ORG = Organization("xx-sme", "新乡市中小企业协会调解委员会", address="河南省新乡市卫滨区")
DEMO_MEDIATORS = (
    Mediator("m-wang", "王建国", "xx-sme", specialties=["contract"], capacity=5),
    Mediator("m-li", "李秀兰", "xx-sme", specialties=["labor", "family", "community"], capacity=5),
    Mediator("m-zhang", "张志强", "xx-sme", specialties=["financial", "contract", "other"], capacity=5),
    Mediator("m-zhao", "赵丽娟", "xx-sme", specialties=["tort", "community", "other", "family"], capacity=5),
)


def seed_demo(deps: Deps | None = None) -> dict:
    """The demo roster of CONTRACT §1; running it again changes nothing and keeps the court's secret."""
    deps = deps or _default()
    court = deps.roster.court(DEMO_COURT.court_id, fresh=True)
    if court is None:
        court = Court(**{**vars(DEMO_COURT), "invited_roster": [m.mediator_id for m in DEMO_MEDIATORS],
                         "webhook_secret": demo_court_secret(DEMO_COURT.court_id)})
        deps.roster.save_court(court)
    if deps.roster.organization(DEMO_ORG.org_id, fresh=True) is None:
        deps.roster.save_organization(DEMO_ORG)
    for mediator in DEMO_MEDIATORS:
        deps.roster.add_mediator(Mediator(**vars(mediator)))
    return {"court_secret": court.webhook_secret, "court_id": court.court_id, "org_id": DEMO_ORG.org_id,
            "mediator_ids": [m.mediator_id for m in DEMO_MEDIATORS]}


def court_secret(court_id: str, deps: Deps | None = None) -> str:
    court = (deps or _default()).roster.court(court_id, fresh=True)
    if court is None or not court.webhook_secret:
        raise NotFound(f"no court {court_id}", code="court_not_found")
    return court.webhook_secret


def put_court(deps: Deps, principal: Principal, court_id: str, body: dict) -> dict:
    """PUT /courts/{id}: create or change a court's settings; a new court's secret is shown once."""
    require_role(principal, "org_admin")
    existing = deps.roster.court(court_id, fresh=True)
    callback = text(body.get("callback_url"), "callback_url", max_length=2_000)
    if callback is not None and urlparse(callback).scheme not in ("http", "https"):
        raise BadRequest("callback_url must be an http(s) URL", code="invalid_callback_url")
    try:
        roster = texts(body.get("invited_roster", existing.invited_roster if existing else []), "invited_roster",
                       max_items=500)
    except BadRequest:
        raise BadRequest("invited_roster must be a list of mediator ids", code="invalid_roster") from None
    name = text(body.get("name"), "name") or (existing.name if existing else None)
    if not name:
        raise Unprocessable("a new court needs a name", code="missing_name")  # the schema cannot know it is new
    kept = vars(existing) if existing else {"address": None, "callback_url": None, "org_id": principal.org_id}
    court = Court(court_id, name,
                  address=text(body["address"], "address") if "address" in body else kept["address"],
                  callback_url=callback if "callback_url" in body else kept["callback_url"],
                  invited_roster=roster,
                  org_id=text(body["org_id"], "org_id") if "org_id" in body else kept["org_id"],
                  webhook_secret=existing.webhook_secret if existing else secrets.token_hex(32))
    deps.roster.save_court(court)
    shown = court.public_dict()
    if existing is None:
        shown["webhook_secret"] = court.webhook_secret
    return shown


def add_organization(deps: Deps, principal: Principal, body: dict) -> dict:
    require_role(principal, "org_admin")
    org_id = text(body.get("org_id"), "org_id", required=True)
    name = text(body.get("name"), "name", required=True)
    if org_id != principal.org_id:
        raise Forbidden("an organization admin manages only their own organization", code="other_org")
    org = Organization(org_id, name, address=text(body.get("address"), "address"))
    deps.roster.save_organization(org)
    return org.to_dict()


_TEXTS = ("id_number", "phone")
_LISTS = ("relatives", "colleagues", "affiliations")


def add_mediator(deps: Deps, principal: Principal, body: dict) -> dict:
    require_role(principal, "org_admin")
    mediator = _mediator_from(body, principal.org_id)
    if not deps.roster.add_mediator(mediator):
        raise Conflict(f"mediator {mediator.mediator_id} exists", code="mediator_exists")
    return mediator.to_dict()


def list_mediators(deps: Deps, principal: Principal, params: dict | None = None) -> dict:
    """The organization's mediators, or (`court_id`) those of them on a court's invited roster."""
    require_role(principal, "org_admin")
    court_id = text((params or {}).get("court_id"), "court_id")
    if court_id:
        court = deps.roster.court(court_id)
        if court is None:
            raise NotFound(f"no court {court_id}", code="court_not_found")
        mediators = deps.roster.mediators(court.invited_roster) if court.invited_roster else []
    else:
        mediators = deps.roster.organization_mediators(principal.org_id)
    return {"mediators": [m.to_dict() for m in mediators if m.org_id == principal.org_id]}


def load_calendar(deps: Deps, principal: Principal, year: int, body: dict) -> dict:
    """PUT /calendars/{year}: the State Council's schedule for a year (holidays, make-up working days)."""
    require_role(principal, "org_admin")
    try:
        schedule = YearSchedule.from_dict({**body, "year": year})
    except (KeyError, ValueError, TypeError) as err:  # well-formed (the schema checked): a date of another year
        raise Unprocessable(f"invalid schedule: {err}", code="invalid_calendar") from None
    deps.roster.save_calendar(schedule)
    return schedule.to_dict()


def _mediator_from(body: dict, org_id: str) -> Mediator:
    values = {"mediator_id": text(body.get("mediator_id"), "mediator_id", required=True),
              "name": text(body.get("name"), "name", required=True)}
    specialties = body.get("specialties", [])
    if not isinstance(specialties, list) or not all(s in CATEGORIES for s in specialties if isinstance(s, str)) \
            or not all(isinstance(s, str) for s in specialties):
        raise BadRequest(f"specialties must be among {', '.join(CATEGORIES)}", code="invalid_specialties")
    capacity = body.get("capacity", 5)
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= 1000:
        raise BadRequest("capacity must be an integer from 1 to 1000", code="invalid_capacity")
    status = body.get("status", "active")
    if status not in MEDIATOR_STATUSES:
        raise BadRequest("status must be active or suspended", code="invalid_status")
    values |= {k: text(body.get(k), k) for k in _TEXTS}
    values |= {k: texts(body.get(k), k, max_items=200) for k in _LISTS}
    return Mediator(org_id=org_id, specialties=specialties, capacity=capacity, status=status, **values)


def _default() -> Deps:
    from chalicelib.bootstrap import default_deps

    return default_deps()
