"""Notices to people (通知当事人和调解员): what a case's changes and deadlines tell its people by SMS.

issue 11 "Messages". Parties hear that a court's case reached mediation (case number, the way in), that a
mediator accepted (name, time limit), that the agreement invites their consent to judicial confirmation,
reminders on days 20 and 27 of the 30-day window (《民事诉讼法》第205条), the court's ruling, and a failed or
terminated mediation with what comes next; mediators hear of a new assignment and of each deadline one
working day ahead. Texts: templates/sms/*.txt.

- A change's notices (`for_events`, one entry per event type in `_BY_EVENT`) are stored in its outbox with
  the court messages (queue `sms`) and sent by `deliver`, so they survive a crash as those do
  (services.changes): a failed send leaves them pending, and the sweep or a redelivered step sends them.
- Once per case × event × recipient: `deliver` claims the notice's key in the events table first (a
  conditional put, the protocol of services.idempotency), releases it when the send fails, and marks it done
  after; a redelivered step or a second sweep finds it done and sends nothing. A claim left by a sender that
  died lapses after `LOCK`, as the sweep's resend comes (changes.OUTBOX_GRACE).
- Reminders the clock causes come from the sweep (`remind`), keyed the same way, in daytime only.
- No SMS carries a party token, an ID number or a credit code: links lead to the party page, where the
  party signs in with the case number and a code (个人信息保护法 Art.51). Notices are not party codes: they
  count towards no send window (services.party_access).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Callable

from chalicelib.domain import events as ev
from chalicelib.domain import status as st
from chalicelib.domain.case import Case
from chalicelib.domain.confirmation import confirmation_window_closes
from chalicelib.domain.deadlines import CHINA, china_date, iso
from chalicelib.domain.party_codes import normalise_phone
from chalicelib.observability import logger
from chalicelib.services.dependencies import Deps
from chalicelib.settings import get_settings

QUEUE = "sms"  # the outbox's name for notices: services.changes hands them to `deliver`, not to SQS
LOCK = timedelta(minutes=2)  # a claim whose sender died lapses then, by the time the sweep resends
KEEP = timedelta(days=120)  # sent keys outlive every window a notice belongs to (30 days + extensions)
REMINDER_DAYS = (20, 27)  # days of the 30-day confirmation window (issue 11)
REMINDER_SPAN = 2  # a reminder is due on its day and the next (a sweep that failed all day gets another)
DAYTIME = (time(8), time(20))  # the sweep's reminders go out between these hours, China time
_DONE = "sms-sent"
# What the parties are told happens after a mediation that did not settle, by how the case came.
NEXT_STEP = {"delegated": "法院将依法立案审理", "entrusted": "法院将继续审理本案",
             None: "您可依法向法院起诉"}
DEADLINE_NAMES = {"acceptance": "接受期限", "mediation": "调解期限"}


class NoticeInProgress(Exception):
    """Another sender holds the notice's claim; the sweep sends it once the claim lapses, if it must."""


# ---- a change's notices ----

def for_events(deps: Deps, case: Case, events: list[ev.Event]) -> list[dict]:
    """The outbox entries (queue `sms`) that the committed events cause."""
    return [m for e in events for m in _BY_EVENT.get(type(e), _none)(deps, case, e)]


def deliver(deps: Deps, body: dict) -> bool:
    """Send one notice unless its key was sent already; True when sent now."""
    now = deps.clock()
    earlier = deps.idempotency.claim(body["key"], _DONE, now, now + KEEP, LOCK)
    if earlier is not None:
        if earlier["answer"] is None:
            raise NoticeInProgress(body["key"])
        return False
    try:
        deps.sms.send(body["to"], body["text"], body["kind"], body.get("params"))
    except Exception:
        deps.idempotency.release(body["key"], _DONE, now)
        raise
    deps.idempotency.complete(body["key"], _DONE, now + KEEP, {"sent_at": iso(now)})
    return True


def tell_parties_now(deps: Deps, case: Case, parties: list, event_key: str, template: str, **context) -> None:
    """Send to these parties at once, outside a unit of work, still once per case × event × recipient;
    telling is a courtesy there, so a failure is logged, never raised."""
    places = [(f"party{case.parties.index(p)}", p.phone) for p in parties]
    for message in _to(places, case, event_key, template, **context):
        try:
            deliver(deps, message["body"])
        except Exception:
            logger().exception("notice not sent", extra={"case_id": case.case_id, "sms": template})


def _received(deps: Deps, case: Case, event: ev.CaseReceived) -> list[dict]:
    """A court's case: its parties learn the case number and the way in (a public application's applicant
    hears it when the phone is confirmed: services.party_access)."""
    if event.source != "court":
        return []
    return _to(_parties(case), case, "received", "case-received", referral=case.referral or "",
               url=_party_url(case))


def _assigned(deps: Deps, case: Case, event: ev.MediatorAssigned) -> list[dict]:
    mediator = deps.roster.mediator(event.mediator_id)
    deadline = case.deadline("acceptance")
    if mediator is None or deadline is None:
        return []
    return _to([(f"mediator:{mediator.mediator_id}", mediator.phone)], case, f"assigned:{event.mediator_id}",
               "mediator-assigned", deadline=_day(china_date(deadline)), url=_mediator_url(case))


def _accepted(deps: Deps, case: Case, event: ev.CaseAccepted) -> list[dict]:
    deadline = case.deadline("mediation")
    return _to(_parties(case), case, f"accepted:{event.mediator_id}", "mediation-accepted",
               mediator=case.mediator_name or "", deadline=_day(china_date(deadline)) if deadline else "")


def _ended(deps: Deps, case: Case, event: ev.MediationEnded) -> list[dict]:
    if event.result == "settled":
        closes = _window_closes(deps, case)
        if closes is None:
            return []
        return _to(_parties(case), case, f"settled:{(case.agreement or {}).get('key')}", "consent-invitation",
                   closes=_day(closes), url=_party_url(case))
    org = deps.roster.organization(case.org_id) if case.org_id else None
    return _to(_parties(case), case, f"ended:{event.result}", "mediation-ended",
               terminated=event.result == "terminated", next=NEXT_STEP.get(case.referral, NEXT_STEP[None]),
               phone=(org.phone if org else None) or "")


def _ruled(deps: Deps, case: Case, event: ev.ConfirmationRuled) -> list[dict]:
    number = (case.ruling or {}).get("ruling_number") or ""
    return _to(_parties(case), case, f"ruled:{event.ruling}:{number}", "ruling",
               confirmed=event.ruling == "confirmed")


def _replaced(deps: Deps, case: Case, event: ev.MediatorReplaced) -> list[dict]:
    """The parties hear who mediates now; the released mediator that the case is no longer theirs."""
    key = f"replaced:{event.released}:{event.assigned}"
    released = deps.roster.mediator(event.released)
    return (_to(_parties(case), case, key, "mediator-changed", mediator=case.mediator_name or "") +
            _to([(f"mediator:{event.released}", released.phone if released else None)], case, key,
                "mediator-released"))


def _refused(deps: Deps, case: Case, event: ev.ApplicationRefused) -> list[dict]:
    org = deps.roster.organization(case.org_id) if case.org_id else None
    return _to(_parties(case), case, "refused", "application-refused", reason=event.reason,
               phone=(org.phone if org else None) or "")


def _none(deps: Deps, case: Case, event: ev.Event) -> list[dict]:
    return []


_BY_EVENT: dict[type, Callable[[Deps, Case, ev.Event], list[dict]]] = {
    ev.CaseReceived: _received,
    ev.MediatorAssigned: _assigned,
    ev.CaseAccepted: _accepted,
    ev.MediationEnded: _ended,
    ev.ConfirmationRuled: _ruled,
    ev.MediatorReplaced: _replaced,
    ev.ApplicationRefused: _refused,
}


# ---- reminders the clock causes (the sweep) ----

def remind(deps: Deps, now: datetime) -> int:
    """Send every reminder due now and not sent yet; how many went out."""
    start, end = DAYTIME
    if not start <= now.astimezone(CHINA).time() < end:
        return 0
    due = [m for case in deps.cases.in_status(st.SETTLED) for m in _confirmation_reminders(deps, case, now)]
    for status, deadline in ((st.ASSIGNED, "acceptance"), (st.MEDIATING, "mediation")):
        due += [m for case in deps.cases.in_status(status) for m in _deadline_reminder(deps, case, deadline, now)]
    sent = 0
    for message in due:
        try:
            sent += deliver(deps, message["body"])
        except Exception:  # one phone's failure holds back no one else's; the next sweep tries again
            logger().exception("reminder not sent", extra={"case_id": message["body"]["key"].split(":")[1]})
    return sent


def _confirmation_reminders(deps: Deps, case: Case, now: datetime) -> list[dict]:
    """Day 20 and day 27 of the window, to the parties who have not consented yet (one reminder a day number)."""
    signed = (case.agreement or {}).get("signed_date")
    closes = _window_closes(deps, case)
    if not signed or closes is None:
        return []
    today = china_date(now)
    day = (today - date.fromisoformat(signed[:10])).days  # the day it took effect is day 0 (Art.85)
    due = [d for d in REMINDER_DAYS if d <= day < d + REMINDER_SPAN]
    if not due or today > closes:
        return []
    waiting = [(key, phone) for key, phone, name in _party_phones(case) if name not in case.consents]
    return _to(waiting, case, f"reminder:{signed[:10]}:{due[-1]}", "confirmation-reminder",
               days=str((closes - today).days), closes=_day(closes), url=_party_url(case))


def _deadline_reminder(deps: Deps, case: Case, name: str, now: datetime) -> list[dict]:
    """On the working day before the deadline's day (and until it passes), to the mediator."""
    deadline = case.deadline(name)
    if deadline is None or now >= deadline or not case.mediator_id:
        return []
    day = china_date(deadline)
    if china_date(now) < deps.calendars.calendar().working_day_before(day):
        return []
    mediator = deps.roster.mediator(case.mediator_id)
    if mediator is None:
        return []
    return _to([(f"mediator:{mediator.mediator_id}", mediator.phone)], case, f"due:{name}:{iso(deadline)}",
               "deadline-reminder", what=DEADLINE_NAMES[name], deadline=_day(day), url=_mediator_url(case))


# ---- shared ----

def _to(recipients: list[tuple[str, str | None]], case: Case, event_key: str, template: str, **context) -> list[dict]:
    """One outbox entry per recipient with a mobile number, keyed case × event × recipient."""
    from chalicelib.rendering.sms import render_sms  # jinja2 only when a notice is due

    context = {"case_id": case.case_id, **context}
    text = render_sms(template, **context)
    params = {k: str(v) for k, v in context.items()}
    out, seen = [], set()
    for recipient, phone in recipients:
        phone = normalise_phone(phone)
        if phone and phone not in seen:
            seen.add(phone)
            out.append({"queue": QUEUE, "body": {"key": f"sms:{case.case_id}:{event_key}:{recipient}", "to": phone,
                                                 "text": text, "kind": template, "params": params}})
    return out


def _party_phones(case: Case) -> list[tuple[str, str | None, str]]:
    """(recipient key, phone, name) of every party; the key is the party's place, never a name or number."""
    return [(f"party{i}", p.phone, p.name) for i, p in enumerate(case.parties)]


def _parties(case: Case) -> list[tuple[str, str | None]]:
    return [(key, phone) for key, phone, _ in _party_phones(case)]


def _window_closes(deps: Deps, case: Case) -> date | None:
    signed = (case.agreement or {}).get("signed_date")
    if not signed:
        return None
    return confirmation_window_closes(date.fromisoformat(signed[:10]), deps.calendars.calendar().is_workday)


def _party_url(case: Case) -> str:
    return f"{get_settings().public_base_url}/my-case?case={case.case_id}"


def _mediator_url(case: Case) -> str:
    return f"{get_settings().public_base_url}/mediator?case={case.case_id}"


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"
