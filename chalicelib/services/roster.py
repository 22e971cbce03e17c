"""The roster: courts, organizations, mediators, loaded calendars, and the demo seed."""
from __future__ import annotations

import secrets
from dataclasses import replace

from chalicelib.auth import Principal, demo_court_secret
from chalicelib.domain.deadlines import iso
from chalicelib.domain.roster import (
    CATEGORIES,
    CONTACT_PHONE,
    DECLARATIONS,
    MAX_CAPACITY,
    MEDIATOR_STATUSES,
    Court,
    Mediator,
    Organization,
)
from chalicelib.domain.workdays import YearSchedule
from chalicelib.errors import BadRequest, Conflict, NotFound, Unprocessable, use_case
from chalicelib.services.authorization import Scope, authorize
from chalicelib.services.dependencies import Deps
from chalicelib.services.validation import text, texts

DEMO_COURT = Court("weibin", "新乡市卫滨区人民法院", address="河南省新乡市卫滨区", org_id="xx-sme")
DEMO_ORG = Organization("xx-sme", "新乡市中小企业协会调解委员会", address="河南省新乡市卫滨区", phone="0373-0000000")
# Demo phones (no one's): the mediators' notices land in the local outbox (GET /_local/messages).
DEMO_MEDIATORS = (
    Mediator("m-wang", "王建国", "xx-sme", specialties=["contract"], capacity=5, phone="13800000001"),
    Mediator("m-li", "李秀兰", "xx-sme", specialties=["labor", "family", "community"], capacity=5,
             phone="13800000002"),
    Mediator("m-zhang", "张志强", "xx-sme", specialties=["financial", "contract", "other"], capacity=5,
             phone="13800000003"),
    Mediator("m-zhao", "赵丽娟", "xx-sme", specialties=["tort", "community", "other", "family"], capacity=5,
             phone="13800000004"),
)


def seed_demo(deps: Deps) -> dict:
    """The demo roster of CONTRACT §1; running it again changes nothing and keeps the court's secret."""
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


def court_secret(court_id: str, deps: Deps) -> str:
    court = deps.roster.court(court_id, fresh=True)
    if court is None or not court.webhook_secret:
        raise NotFound(f"no court {court_id}", code="court_not_found")
    return court.webhook_secret


@use_case
def put_court(deps: Deps, principal: Principal, court_id: str, body: dict) -> dict:
    """PUT /courts/{id}: create or change a court's settings; a new court's secret is shown once.

    The court owns its settings (CONTRACT R2): the platform operator registers a court and may change
    any; the court's own clerk may change its name, address, callback_url and invited roster, but not
    the organization it is docked with (`org_id`: the cooperation agreement, the operator's to record).
    Every invited-roster entry must be a mediator on the roster.
    """
    existing = deps.roster.court(court_id, fresh=True)
    docking = "org_id" in body and (existing is None or body["org_id"] != existing.org_id)
    action = "court.create" if existing is None else "court.dock" if docking else "court.update"
    authorize(principal, action, existing or Scope(court_id=court_id))
    callback = text(body.get("callback_url"), "callback_url", max_length=2_000)
    if callback is not None:
        deps.notifier.vet(callback)  # the SSRF rule of chalicelib.domain.callbacks (every send checks again)
    try:
        roster = texts(body.get("invited_roster", existing.invited_roster if existing else []), "invited_roster",
                       max_items=MAX_INVITED)
    except BadRequest:
        raise BadRequest("invited_roster must be a list of mediator ids", code="invalid_roster") from None
    if "invited_roster" in body:
        _check_mediators_exist(deps, roster)
    name = text(body.get("name"), "name") or (existing.name if existing else None)
    if not name:
        raise Unprocessable("a new court needs a name", code="missing_name")  # the schema cannot know it is new
    kept = vars(existing) if existing else {"address": None, "callback_url": None, "org_id": None}
    court = Court(court_id, name,
                  address=text(body["address"], "address") if "address" in body else kept["address"],
                  callback_url=callback if "callback_url" in body else kept["callback_url"],
                  invited_roster=roster,
                  org_id=text(body["org_id"], "org_id") if "org_id" in body else kept["org_id"],
                  webhook_secret=existing.webhook_secret if existing else new_webhook_secret(),
                  secret_rotated_at=existing.secret_rotated_at if existing else None)
    deps.roster.save_court(court)
    shown = court.public_dict()
    if existing is None:
        shown["webhook_secret"] = court.webhook_secret
    return shown


def new_webhook_secret() -> str:
    """256 random bits, hex: what a court's system signs its webhooks with (CONTRACT §3, HMAC-SHA256)."""
    return secrets.token_hex(32)


@use_case
def court_settings(deps: Deps, principal: Principal, court_id: str) -> dict:
    """GET /courts/{id}: the court's settings for its clerk (or the operator), never its webhook secret."""
    court = _court_for(deps, principal, "court.read", court_id)
    return {**court.public_dict(), "webhook_secret_set": bool(court.webhook_secret)}


@use_case
def rotate_webhook_secret(deps: Deps, principal: Principal, court_id: str) -> dict:
    """POST /courts/{id}/webhook-secret: a new secret, shown in this answer once and never again.

    No overlap window: the old secret is refused from the moment the new one is stored, by every process
    that reads the court afresh. A process that cached the court (RosterRepository.CACHE_SECONDS, a minute)
    reads it again when a signature does not match (services.webhooks), so the new secret works everywhere at
    once and the old one stops within that minute at most. The court's system is changed to the new secret
    right after; its webhooks refused meanwhile are retried by it with the same event id, applied once.
    """
    court = _court_for(deps, principal, "court.rotate_secret", court_id)
    rotated = replace(court, webhook_secret=new_webhook_secret(), secret_rotated_at=iso(deps.clock()))
    deps.roster.save_court(rotated)
    return {"court_id": court_id, "webhook_secret": rotated.webhook_secret,
            "secret_rotated_at": rotated.secret_rotated_at}


def _court_for(deps: Deps, principal: Principal, action: str, court_id: str) -> Court:
    authorize(principal, action, Scope(court_id=court_id))
    court = deps.roster.court(court_id, fresh=True)
    if court is None:
        raise NotFound(f"no court {court_id}", code="court_not_found")
    return court


def _check_mediators_exist(deps: Deps, mediator_ids: list[str]) -> None:
    known = {m.mediator_id for m in deps.roster.mediators(mediator_ids)} if mediator_ids else set()
    unknown = sorted(set(mediator_ids) - known)
    if unknown:
        raise Unprocessable(f"the invited roster names mediators not on the roster: {', '.join(unknown[:10])}",
                            code="unknown_mediator", details={"unknown": unknown})


def add_organization(deps: Deps, principal: Principal, body: dict) -> dict:
    """POST /organizations: the platform operator registers any; an org admin (re)writes only their own."""
    org_id = text(body.get("org_id"), "org_id", required=True)
    authorize(principal, "organization.create", Scope(org_id=org_id))
    name = text(body.get("name"), "name", required=True)
    org = Organization(org_id, name, address=text(body.get("address"), "address"), phone=contact_phone(body))
    deps.roster.save_organization(org)
    return org.to_dict()


def organization_contact(deps: Deps, org_id: str) -> dict:
    """GET /organizations/{org_id}: whom a party is told to contact (name, phone, address), for anyone to read.

    This is what the organization publishes on its door; the pages show it wherever they say "contact us".
    """
    org = deps.roster.organization(org_id)
    if org is None:
        raise NotFound(f"no organization {org_id}", code="organization_not_found")
    return org.to_dict()


def contact_phone(body: dict) -> str | None:
    """An organization's 联系电话: a landline (0373-1234567) or a mobile, written as people write it."""
    phone = text(body.get("phone"), "phone", max_length=30)
    if phone is not None and not CONTACT_PHONE.fullmatch(phone):
        raise Unprocessable("phone must be a telephone number such as 0373-1234567", code="invalid_phone")
    return phone


MAX_INVITED = 500  # mediators on one court's invited roster
MAX_DECLARED = 200  # entries in one declaration list


def add_mediator(deps: Deps, principal: Principal, body: dict) -> dict:
    """POST /mediators: an org admin adds a mediator to their own organization (the only one it can name)."""
    authorize(principal, "mediator.create", Scope(org_id=principal.org_id))
    mediator = _mediator_from(body, principal.org_id)
    if not deps.roster.add_mediator(mediator):
        raise Conflict(f"mediator {mediator.mediator_id} exists", code="mediator_exists")
    return mediator.to_dict()


def list_mediators(deps: Deps, principal: Principal, params: dict | None = None) -> dict:
    """The organization's mediators, or (`court_id`) those of them on a court's invited roster.

    A court clerk reads their own court's invited roster (every organization's mediators on it); only
    an org admin adds mediators.
    """
    court_id = text((params or {}).get("court_id"), "court_id") or principal.court_id
    authorize(principal, "mediator.list", Scope(org_id=principal.org_id, court_id=court_id))
    if court_id:
        court = deps.roster.court(court_id)
        if court is None:
            raise NotFound(f"no court {court_id}", code="court_not_found")
        mediators = deps.roster.mediators(court.invited_roster) if court.invited_roster else []
    else:
        mediators = deps.roster.organization_mediators(principal.org_id)
    if principal.org_id:  # an org admin sees only their organization's mediators, on any court's roster
        mediators = [m for m in mediators if m.org_id == principal.org_id]
    return {"mediators": [m.to_dict() for m in mediators]}


def load_calendar(deps: Deps, principal: Principal, year: int, body: dict) -> dict:
    """PUT /calendars/{year}: the State Council's schedule for a year (holidays, make-up working days).

    It sets every deadline of every court and organization, so only the platform operator loads it.
    """
    authorize(principal, "calendar.load")
    try:
        schedule = YearSchedule.from_dict({**body, "year": year})
    except (KeyError, ValueError, TypeError) as err:  # well-formed (the schema checked): a date of another year
        raise Unprocessable(f"invalid schedule: {err}", code="invalid_calendar") from None
    deps.roster.save_calendar(schedule)
    deps.calendars.forget(year)
    return schedule.to_dict()


def _mediator_from(body: dict, org_id: str) -> Mediator:
    mediator_id = text(body.get("mediator_id"), "mediator_id", required=True)
    status = body.get("status", "active")
    if status not in MEDIATOR_STATUSES:
        raise BadRequest("status must be active or suspended", code="invalid_status")
    profile = _profile({"name": None, **body})  # a new mediator needs a name
    return Mediator(mediator_id, org_id=org_id, status=status, id_number=text(body.get("id_number"), "id_number"),
                    **profile)


def _profile(body: dict) -> dict:
    """The profile fields present in `body` (chalicelib.domain.roster.PROFILE_FIELDS), each checked."""
    found = {}
    if "name" in body:
        found["name"] = text(body["name"], "name", required=True)
    if "specialties" in body:
        specialties = body["specialties"]
        if not isinstance(specialties, list) or not all(isinstance(s, str) and s in CATEGORIES for s in specialties):
            raise BadRequest(f"specialties must be among {', '.join(CATEGORIES)}", code="invalid_specialties")
        found["specialties"] = specialties
    if "capacity" in body:
        capacity = body["capacity"]
        if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= MAX_CAPACITY:
            raise BadRequest(f"capacity must be an integer from 1 to {MAX_CAPACITY}", code="invalid_capacity")
        found["capacity"] = capacity
    if "phone" in body:
        found["phone"] = text(body["phone"], "phone")
    found |= {k: texts(body[k], k, max_items=MAX_DECLARED) for k in DECLARATIONS if k in body}
    return found


@use_case
def edit_mediator(deps: Deps, principal: Principal, mediator_id: str, body: dict) -> dict:
    """PUT /mediators/{id}: the admin of the mediator's organization changes its name, specialties, capacity,
    phone or declarations. Its standing changes only by a sanction (suspend, reinstate, remove); a capacity
    below the cases it holds keeps them and sends it no new one until it is under again (Mediator.has_room)."""
    from chalicelib.services.discipline import mediator_in_scope

    mediator = mediator_in_scope(deps, principal, "mediator.update", mediator_id)
    edited = mediator.with_profile(_profile(body))
    if not deps.roster.edit_mediator(edited):
        raise Conflict("the mediator was removed meanwhile", code="mediator_removed")
    return deps.roster.mediator(mediator_id).to_dict()
