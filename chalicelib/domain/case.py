"""The Case aggregate: one mediation matter from intake to closure.

Every change goes through a method that checks the transition table, appends a
history entry and records domain events; the repository persists all three
together, so nothing is half-written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chalicelib.domain import disclosures as disclosure_rule
from chalicelib.domain import events as ev
from chalicelib.domain import extensions, respondent_consent, termination
from chalicelib.domain import failure_record as record_rule
from chalicelib.domain import status as st
from chalicelib.domain.deadlines import iso, parse_iso
from chalicelib.domain.exceptions import InvalidTransition, RuleViolation
from chalicelib.domain.integrity import REFERRED_FLAG, REVIEW_FLAG
from chalicelib.domain.parties import Party
from chalicelib.domain.party_codes import normalise_phone
from chalicelib.domain.roster import CATEGORIES

SOURCES = ("party", "court")
PROCEDURES = ("pre_filing", "simple", "ordinary")
RULINGS = {"confirmed": st.CONFIRMED, "rejected": st.CONFIRMATION_REJECTED}  # 裁定确认 / 裁定驳回申请
# A party token works while the case is open and this long after it ends (issue 8, Privacy: no access for ever).
PARTY_TOKEN_LIFETIME_AFTER_END = timedelta(days=90)
AWAITING_VERIFICATION = "awaiting_verification"  # a public application no person has confirmed yet
READING = "reading"  # an image-only application the upload worker is reading by OCR (issue 10)
UNREADABLE_SCAN = "unreadable_scan"  # an image-only file OCR could not read as an application: a person reads it
UNNAMED_APPLICANT = "applicant"  # who a token issued before the file was read speaks for
READ_FIELDS = ("applicants", "respondents", "dispute_category", "claims", "claim_amount", "facts")
MEDIATOR_WITHDRAWN = "mediator_withdrawn"  # the mediator was suspended or removed mid-mediation: the admin reassigns
REVIEW_DECISIONS = ("clear", "refer")
# What keeps a public application in the organization's intake queue (受理审查) until a person decides.
INTAKE_FLAGS = (AWAITING_VERIFICATION, "phone_missing", READING, UNREADABLE_SCAN, "scanned_application",
                "extraction_issues", "out_of_scope")
MAX_KEPT_ISSUES = 50
REFUSAL_MAX = 50  # a refusal's reason rides in the SMS to the party (templates/sms/application-refused.txt)
SEND_ON, REFUSE = INTAKE_DECISIONS = ("send_on", "refuse")  # 受理并分派 / 不予受理


@dataclass
class Case:
    case_id: str
    source: str
    procedure: str
    created_at: str
    status: str = st.RECEIVED
    referral: str | None = None  # "delegated" 委派 (before filing), "entrusted" 委托 (after filing), None: direct
    court_id: str | None = None
    org_id: str | None = None
    court_case_ref: str | None = None
    court_case_number: str | None = None
    dispute_category: str | None = None
    claims: list[str] = field(default_factory=list)
    claim_amount: str | None = None
    facts: str | None = None
    applicants: tuple[Party, ...] = ()
    respondents: tuple[Party, ...] = ()
    mediator_id: str | None = None
    mediator_name: str | None = None
    joint_choice: str | None = None  # the mediator the parties chose together, if any (在线调解规则 Art.10)
    assignment_basis: dict | None = None  # why the assigned mediator (domain.ranking.choose)
    excluded_mediators: list[str] = field(default_factory=list)
    party_tokens: dict[str, dict] = field(default_factory=dict)  # token hash -> {party, issued_at}
    phone_verified: bool = False  # a phone on a public application answered an SMS code (CONTRACT R2 §3)
    ended_at: str | None = None  # when the case first reached an ended status (status.ENDED)
    consents: list[str] = field(default_factory=list)  # party names that joined the confirmation
    court_choice: dict | None = None  # the court the parties apply to, and each consent (domain.court_choice)
    accepted_at: str | None = None  # when the mediator accepted: the day this mediation began
    intermediate_court: dict | None = None  # {reason, basis}: the dispute is an intermediate court's (Art.205)
    deadlines: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    documents: dict[str, dict] = field(default_factory=dict)  # name -> {key, sha256}
    disclosures: list[str] = field(default_factory=list)
    disclosure_answers: dict[str, dict] = field(default_factory=dict)  # party -> domain.disclosures.answer
    respondent_consents: dict[str, dict] = field(default_factory=dict)  # respondent -> respondent_consent.entry
    extension: dict | None = None  # the last proposal to extend (domain.extensions)
    agreement: dict | None = None
    failure_record: dict | None = None
    outcome: dict | None = None  # {result, reason, ground (a termination's, domain.termination)}
    ruling: dict | None = None
    accepted_at: str | None = None  # when the mediator accepted: the performance file's durations start here
    mediation_ended_at: str | None = None  # ... and end here (settled, failed or terminated)
    integrity: dict | None = None  # {signals, at, decision?}: the integrity review (chalicelib.domain.integrity)
    extraction_issues: list[dict] = field(default_factory=list)  # what the reading of the application doubted
    intake_decision: dict | None = None  # {decision, reason, by, at}: the organization's intake decision
    updated_at: str | None = None
    version: int | None = None
    history: list[dict] = field(default_factory=list)  # entries not yet persisted
    events: list[ev.Event] = field(default_factory=list)  # events not yet published

    def __post_init__(self) -> None:
        # Cases stored before tokens carried their issue time map a hash straight to the party's name.
        self.party_tokens = {h: v if isinstance(v, dict) else {"party": v, "issued_at": None}
                             for h, v in self.party_tokens.items()}

    @classmethod
    def open(cls, case_id: str, now: datetime, actor: str, **fields) -> "Case":
        """A new case in status `received`, with its first history entry."""
        if fields.get("source") not in SOURCES or fields.get("procedure") not in PROCEDURES:
            raise RuleViolation("unknown source or procedure", code="invalid_case")
        case = cls(case_id=case_id, created_at=iso(now), updated_at=iso(now), **fields)
        case.history.append({"at": iso(now), "actor": actor, "from_status": None, "to_status": st.RECEIVED,
                             "reason": f"received from {case.source}"})
        case.events.append(ev.CaseReceived(case_id, case.source))
        return case

    # ---- reading ----
    @property
    def parties(self) -> tuple[Party, ...]:
        return self.applicants + self.respondents

    @property
    def party_names(self) -> list[str]:
        return [p.name for p in self.parties]

    @property
    def in_scope(self) -> bool:
        return self.dispute_category in CATEGORIES and bool(self.applicants) and bool(self.respondents)

    def deadline(self, name: str) -> datetime | None:
        value = self.deadlines.get(name)
        return parse_iso(value) if value else None

    @property
    def next_deadline(self) -> str | None:
        """The nearest of the case's deadlines (ISO, UTC), while it is open: what the admin's list orders by."""
        if self.status in st.ENDED or not self.deadlines:
            return None
        return min(self.deadlines.values(), key=parse_iso)

    # ---- changing ----
    def _move(self, target: str, now: datetime, actor: str, reason: str | None = None) -> None:
        if not st.can_move(self.status, target):
            raise InvalidTransition(f"a case in status {self.status} cannot become {target}",
                                    details={"status": self.status, "target": target})
        self.history.append({"at": iso(now), "actor": actor, "from_status": self.status,
                             "to_status": target, "reason": reason})
        self.status = target
        self.updated_at = iso(now)
        if target not in st.ENDED:
            self.ended_at = None
        elif self.ended_at is None:
            self.ended_at = iso(now)

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)

    def unflag(self, name: str) -> None:
        if name in self.flags:
            self.flags.remove(name)

    def note_extraction_issues(self, issues: list[dict]) -> None:
        """What the reading doubted, kept for the person who reviews the application (a bounded number)."""
        self.flag("extraction_issues")
        self.extraction_issues = [dict(i) for i in issues[:MAX_KEPT_ISSUES]]

    def record_reading(self, fields: dict, now: datetime) -> None:
        """The OCR of an image-only application is done: its fields fill the case (a person confirms them)."""
        self._require_status(st.RECEIVED)
        for name in READ_FIELDS:
            setattr(self, name, fields[name])
        for held in self.party_tokens.values():
            if held["party"] == UNNAMED_APPLICANT and self.applicants:
                held["party"] = self.applicants[0].name
        self.unflag(READING)
        self.updated_at = iso(now)
        self.history.append({"at": iso(now), "actor": "system", "from_status": self.status,
                             "to_status": self.status, "reason": "application read by OCR"})

    def request_assignment(self, now: datetime, actor: str = "system") -> None:
        """Queue the case for a mediator when it is in scope; otherwise flag it for the admin.

        A public application waits until a phone on it answered an SMS code: no stranger's
        script can reserve a mediator (issue 8, Abuse). A court's case is vouched for by the
        court's signature.
        """
        self._require_status(st.RECEIVED)
        if self.source == "party" and not self.phone_verified:
            self.flag(AWAITING_VERIFICATION)
            if self.applicant_phone is None:
                self.flag("phone_missing")  # no code can be sent: the organization sees why it waits
            return
        if not self.in_scope:
            self.flag("out_of_scope")
            return
        self._move(st.PENDING_ASSIGNMENT, now, actor, "in scope")
        self.events.append(ev.AssignmentRequested(self.case_id))

    def assign(self, mediator_id: str, now: datetime, acceptance_due: datetime, mediator_name: str | None = None,
               basis: dict | None = None) -> None:
        self._move(st.ASSIGNED, now, "system", f"assigned to {mediator_id}")
        self.mediator_id, self.mediator_name, self.assignment_basis = mediator_id, mediator_name, basis
        self.deadlines["acceptance"] = iso(acceptance_due)
        self.unflag("no_candidate")
        self.events.append(ev.MediatorAssigned(self.case_id, mediator_id))

    def note_no_candidate(self) -> None:
        self.flag("no_candidate")

    def accept(self, mediator_id: str, now: datetime, mediation_due: datetime, disclosures: list[str]) -> None:
        self._require_mediator(mediator_id)
        self._move(st.MEDIATING, now, f"mediator:{mediator_id}", "accepted")
        self.disclosures, self.disclosure_answers, self.extension = list(disclosures), {}, None
        self.accepted_at = iso(now)
        self.deadlines.pop("acceptance", None)
        self.deadlines["mediation"] = iso(mediation_due)
        self.events.append(ev.CaseAccepted(self.case_id, mediator_id))

    def decline(self, mediator_id: str, reason: str, now: datetime) -> None:
        self._require_mediator(mediator_id)
        if not (reason or "").strip():
            raise RuleViolation("a decline needs a reason", code="reason_required")
        self._release_and_requeue(now, f"mediator:{mediator_id}", f"declined: {reason}")

    def replace_unanswered(self, now: datetime) -> None:
        """The mediator let the acceptance deadline pass: another one is found."""
        self._release_and_requeue(now, "system", "acceptance deadline passed")

    def _release_and_requeue(self, now: datetime, actor: str, reason: str, status: str = st.ASSIGNED) -> None:
        self._require_status(status)  # once accepted, only the parties' request replaces the mediator
        released = self.mediator_id
        self._move(st.PENDING_ASSIGNMENT, now, actor, reason)
        self.excluded_mediators.append(released)
        self.mediator_id = self.mediator_name = self.assignment_basis = None
        self.deadlines.pop("acceptance", None)
        self.deadlines.pop("mediation", None)
        self.disclosures, self.disclosure_answers, self.extension = [], {}, None
        self.events += [ev.MediatorReleased(self.case_id, released), ev.AssignmentRequested(self.case_id)]

    # ---- the parties' choices (在线调解规则 Art.13, 15, 24) ----
    def answer_disclosure(self, party_name: str, decision: str, reason: str | None, now: datetime) -> None:
        """A party consents to the mediator continuing after the disclosures, or asks for another (Art.13)."""
        self._require_status(st.MEDIATING)
        self._require_party(party_name)
        answer = disclosure_rule.answer(decision, reason, iso(now))
        self.disclosure_answers[party_name] = answer
        if decision == disclosure_rule.REPLACE:
            self._release_and_requeue(now, f"party:{party_name}", f"another mediator asked for: {reason}",
                                      status=st.MEDIATING)

    def record_respondent_consent(self, respondent: str, agreed: bool, channel: str, now: datetime, actor: str,
                                  note: str | None = None) -> None:
        """The respondent agrees to mediation or declines it (Art.15); a refusal terminates the case."""
        if self.status in st.ENDED or self.status in (st.SETTLED, st.CONFIRMATION_REQUESTED):
            raise InvalidTransition(f"the mediation is over (status {self.status})",
                                    details={"status": self.status})
        if respondent not in [p.name for p in self.respondents]:
            raise RuleViolation(f"{respondent} is not a respondent of this case", code="not_a_respondent")
        self.respondent_consents[respondent] = respondent_consent.entry(agreed, channel, iso(now), actor, note)
        if not agreed:
            self.terminate(f"{respondent}不同意调解", now, actor, ground=termination.RESPONDENT_DECLINED)

    def propose_extension(self, days: int, reason: str | None, now: datetime) -> None:
        """The mediator proposes to extend the time limit; every party answers for itself (Art.24)."""
        self._require_status(st.MEDIATING)
        if self.extension and self.extension["state"] == extensions.PROPOSED:
            raise InvalidTransition("an extension is already waiting for the parties' answers",
                                    code="extension_pending")
        self.extension = extensions.proposal(days, reason, iso(now))
        self._note(now, f"mediator:{self.mediator_id}", f"extension of {days} days proposed")

    def answer_extension(self, party_name: str, agreed: bool, now: datetime, extended_due: datetime | None) -> str:
        """One party's own answer; the last agreement moves the time limit to `extended_due`."""
        self._require_status(st.MEDIATING)
        self._require_party(party_name)
        state = extensions.answer(self.extension, party_name, agreed, iso(now), self.party_names)
        days = self.extension["days"]
        if state == extensions.REFUSED:
            self._note(now, f"party:{party_name}", f"extension of {days} days refused by {party_name}")
        elif state == extensions.AGREED:
            self.deadlines["mediation"] = iso(extended_due)
            self.extension["new_deadline"] = iso(extended_due)
            self._note(now, f"party:{party_name}", f"extended by {days} days, agreed by all parties")
            self.events.append(ev.MediationExtended(self.case_id, days, iso(extended_due),
                                                    tuple(a["party"] for a in extensions.agreed_by(self.extension))))
        return state

    def _note(self, now: datetime, actor: str, reason: str) -> None:
        self.history.append({"at": iso(now), "actor": actor, "from_status": self.status,
                             "to_status": self.status, "reason": reason})

    def _require_party(self, party_name: str) -> None:
        if party_name not in self.party_names:
            raise RuleViolation(f"{party_name} is not a party to this case", code="unknown_party")

    def settle(self, agreement: dict, now: datetime) -> None:
        self._move(st.SETTLED, now, f"mediator:{self.mediator_id}", "agreement signed")
        self.agreement = agreement
        self._end_mediation("settled", None, now)

    def fail(self, reason: str, record: dict, now: datetime) -> None:
        missing = record_rule.missing_for_failure(record)
        if missing:
            raise RuleViolation("a failed mediation needs the record of 在线调解规则 Art.21",
                                code="failure_record_incomplete", details={"missing": missing})
        self._move(st.FAILED, now, f"mediator:{self.mediator_id}", reason)
        self.failure_record = record_rule.cleaned(record)
        self._end_mediation("failed", reason, now)

    def terminate(self, reason: str, now: datetime, actor: str, ground: str = termination.OTHER,
                  record: dict | None = None) -> None:
        """End the mediation on an Art.25 ground (chalicelib.domain.termination), with the Art.21 record."""
        if not (reason or "").strip():
            raise RuleViolation("termination needs a reason", code="reason_required")
        if ground not in termination.GROUNDS:
            raise RuleViolation(f"ground must be one of {', '.join(termination.GROUNDS)}", code="invalid_ground")
        self._move(st.TERMINATED, now, actor, reason)
        self.failure_record = record_rule.cleaned(record)  # the court gets a record of every ending (Art.21)
        self._end_mediation("terminated", reason, now, ground)

    def _end_mediation(self, result: str, reason: str | None, now: datetime, ground: str | None = None) -> None:
        self.outcome = {"result": result, "reason": reason, **({"ground": ground} if ground else {})}
        self.mediation_ended_at = iso(now)
        self.deadlines.pop("mediation", None)
        self.deadlines.pop("acceptance", None)
        if self.mediator_id:
            self.events.append(ev.MediatorReleased(self.case_id, self.mediator_id))
        self.events.append(ev.MediationEnded(self.case_id, result, reason, ground))

    def add_party_token(self, token_hash: str, party_name: str, now: datetime, *, revoke_earlier: bool = True,
                        channel: dict | None = None) -> None:
        """Give a party a new token; by default the party's earlier tokens stop working (issue 8, Privacy).

        A case opened from an unreadable upload has no parties yet: its uploader follows it as "applicant".
        `channel` says how the party was verified (domain.court_choice.CHANNELS), for the record of a consent.
        """
        if self.parties and party_name not in self.party_names:
            raise RuleViolation(f"{party_name} is not a party to this case", code="unknown_party")
        if revoke_earlier:
            self.party_tokens = {h: t for h, t in self.party_tokens.items() if t["party"] != party_name}
        self.party_tokens[token_hash] = {"party": party_name, "issued_at": iso(now), "channel": channel}

    def token_holder(self, token_hash: str | None) -> str | None:
        """The party a token was given to (None: unknown or revoked), whether or not it still works."""
        entry = self.party_tokens.get(token_hash or "")
        return entry["party"] if entry else None

    def token_channel(self, token_hash: str | None) -> dict | None:
        """How the holder of this token was verified (None: a token issued before channels were kept)."""
        return (self.party_tokens.get(token_hash or "") or {}).get("channel")

    def party_for_token(self, token_hash: str | None, now: datetime) -> str | None:
        """The party a token speaks for, or None when it is unknown, revoked or expired."""
        ended = self.ended_at or (self.updated_at if self.status in st.ENDED else None)
        if ended and now >= parse_iso(ended) + PARTY_TOKEN_LIFETIME_AFTER_END:
            return None
        return self.token_holder(token_hash)

    def party_with_phone(self, phone: str) -> str | None:
        """The party whose phone on the case is this mobile number (both read by normalise_phone)."""
        wanted = normalise_phone(phone)
        return next((p.name for p in self.parties if wanted and normalise_phone(p.phone) == wanted), None)

    @property
    def applicant_phone(self) -> str | None:
        """Where a public application's verification code goes: the first applicant's mobile number."""
        return next((normalise_phone(p.phone) for p in self.applicants if normalise_phone(p.phone)), None)

    def confirm_phone(self, now: datetime) -> None:
        """A party answered an SMS code: a waiting public application is queued for a mediator."""
        self.phone_verified = True
        if AWAITING_VERIFICATION in self.flags:
            self.unflag(AWAITING_VERIFICATION)
            self.request_assignment(now, "party")

    def consent(self, party_name: str, now: datetime) -> bool:
        """Record one party's consent; True when this completes the joint application."""
        if self.status != st.SETTLED:
            raise InvalidTransition(f"consent is given on a settled case (status {self.status})")
        if party_name not in self.consents:
            self.consents.append(party_name)
        if set(self.party_names) - set(self.consents) or self.held_for_integrity:
            return False
        self.request_confirmation(now, f"party:{party_name}")
        return True

    def request_confirmation(self, now: datetime, actor: str) -> None:
        """Every party consented (and no integrity review holds the case): the application is due."""
        self._move(st.CONFIRMATION_REQUESTED, now, actor, "all parties consented")

    def apply_for_confirmation(self, document: str, html: str, sha256: str, materials: list[dict]) -> None:
        """Once every party consented, the rendered application goes to the court (民诉法 Art.205), with the
        court the parties chose and the materials of 民诉法解释 Art.354."""
        self._require_status(st.CONFIRMATION_REQUESTED)
        self.events.append(ev.ConfirmationRequested(self.case_id, document, html, sha256, self.court_choice,
                                                    self.intermediate_court, tuple(materials)))

    # ---- integrity review (恶意串通、虚假调解) and a withdrawn mediator ----
    @property
    def held_for_integrity(self) -> bool:
        """No confirmation request leaves while an admin has not cleared the case (issue 13)."""
        return REVIEW_FLAG in self.flags or REFERRED_FLAG in self.flags

    def hold_for_review(self, signals: list[dict], now: datetime) -> None:
        self.flag(REVIEW_FLAG)
        self.integrity = {"signals": signals, "at": iso(now)}
        self.history.append({"at": iso(now), "actor": "system", "from_status": self.status, "to_status": self.status,
                             "reason": "held for integrity review: " + ", ".join(s["code"] for s in signals)})

    def decide_review(self, decision: str, note: str | None, actor: str, now: datetime) -> bool:
        """`clear` lets the confirmation go (True when every party has consented already, so it may leave
        now); `refer` keeps it held and the court is told."""
        if REVIEW_FLAG not in self.flags:
            raise InvalidTransition("this case is not held for integrity review", code="not_under_review")
        if decision not in REVIEW_DECISIONS:
            raise RuleViolation("decision must be clear or refer", code="invalid_decision")
        self.unflag(REVIEW_FLAG)
        self.integrity = {**(self.integrity or {}), "decision": decision, "note": note, "by": actor, "decided_at": iso(now)}
        self.history.append({"at": iso(now), "actor": actor, "from_status": self.status, "to_status": self.status,
                             "reason": f"integrity review: {decision}"})
        if decision == "refer":
            self.flag(REFERRED_FLAG)
            self.events.append(ev.IntegrityReferred(self.case_id, tuple(self.integrity.get("signals") or ()), note))
            return False
        return self.status == st.SETTLED and bool(self.party_names) and not set(self.party_names) - set(self.consents)

    def withdraw_mediator(self, mediator_id: str, reason: str, now: datetime, actor: str) -> bool:
        """The mediator was suspended or removed: an assigned case is found another mediator at once; a case
        in mediation is flagged for the admin to reassign. True when this changed the case."""
        if self.mediator_id != mediator_id:
            return False
        if self.status == st.ASSIGNED:
            self._release_and_requeue(now, actor, reason)
            return True
        if self.status == st.MEDIATING and MEDIATOR_WITHDRAWN not in self.flags:
            self.flag(MEDIATOR_WITHDRAWN)
            self.history.append({"at": iso(now), "actor": actor, "from_status": self.status,
                                 "to_status": self.status, "reason": reason})
            return True
        return False

    # ---- the organization's intake review (受理审查) of a public application ----
    def correct_fields(self, fields: dict, now: datetime, actor: str) -> list[str]:
        """A person corrects what the reading got wrong (READ_FIELDS only); the names changed, for the record."""
        self._require_status(st.RECEIVED)
        changed = [name for name in READ_FIELDS if name in fields and fields[name] != getattr(self, name)]
        for name in changed:
            setattr(self, name, fields[name])
        if changed:
            self._note(now, actor, "corrected: " + ", ".join(changed))
        return changed

    def decide_intake(self, decision: str, reason: str | None, now: datetime, actor: str) -> bool:
        """Send the application on to assignment (the path a verified one takes) or refuse it, once.

        True when this decided it; False when the same decision was made already (a retry). Another
        decision after the first is refused (409 `intake_decided`). A refusal closes the case and the
        party is told the reason (不予受理); a court's case (waiting out of scope) is only sent on.
        """
        if decision not in INTAKE_DECISIONS:
            raise RuleViolation("decision must be send_on or refuse", code="invalid_decision")
        earlier = self.intake_decision
        if earlier:
            if earlier["decision"] != decision:
                raise InvalidTransition(f"this application was decided already ({earlier['decision']})",
                                        code="intake_decided", details={"decision": earlier["decision"]})
            return False
        self._require_status(st.RECEIVED)
        if decision == REFUSE and not (reason or "").strip():
            raise RuleViolation("a refusal needs the reason the party is told", code="reason_required")
        if decision == REFUSE and self.source != "party":
            raise RuleViolation("a court's case is not refused here: correct it and send it on, or tell the court",
                                code="court_case")
        if decision == SEND_ON and not self.in_scope:
            raise RuleViolation("the case needs applicants, respondents and a dispute category in scope before it "
                                "is sent on; correct the fields first", code="incomplete_application")
        self.intake_decision = {"decision": decision, "reason": reason, "by": actor, "at": iso(now)}
        for name in INTAKE_FLAGS:
            self.unflag(name)
        if decision == SEND_ON:
            self._move(st.PENDING_ASSIGNMENT, now, actor, f"sent on by the organization{': ' + reason if reason else ''}")
            self.events.append(ev.AssignmentRequested(self.case_id))
        else:
            self._move(st.CLOSED, now, actor, f"refused: {reason}")
            self.events += [ev.CaseClosed(self.case_id), ev.ApplicationRefused(self.case_id, reason)]
        return True

    def reassign(self, mediator_id: str, now: datetime, acceptance_due: datetime, actor: str, reason: str, *,
                 mediator_name: str | None = None, basis: dict | None = None) -> str:
        """The organization hands the case to another mediator (a withdrawn one's, or at its own judgment):
        the old one's capacity is released and the new one's reserved in the same change; the new mediator
        accepts as any assigned one does. Returns the mediator released."""
        if self.status not in st.HOLDS_MEDIATOR:
            raise InvalidTransition(f"only an assigned case or one in mediation is reassigned, not {self.status}",
                                    details={"status": self.status})
        if not (reason or "").strip():
            raise RuleViolation("a reassignment needs a reason", code="reason_required")
        self.require_other_mediator(mediator_id)
        released = self.mediator_id
        self._move(st.PENDING_ASSIGNMENT, now, actor, f"reassigned: {reason}")
        self.excluded_mediators.append(released)
        self.deadlines.pop("mediation", None)
        self.disclosures, self.disclosure_answers, self.extension = [], {}, None
        self.unflag(MEDIATOR_WITHDRAWN)
        self.events.append(ev.MediatorReleased(self.case_id, released))
        self.assign(mediator_id, now, acceptance_due, mediator_name, basis)
        self.events.append(ev.MediatorReplaced(self.case_id, released, mediator_id, reason))
        return released

    def require_other_mediator(self, mediator_id: str | None) -> None:
        if mediator_id == self.mediator_id:
            raise RuleViolation("the case is already this mediator's", code="same_mediator")

    def rule(self, ruling: str, ruling_number: str | None, reason: str | None, now: datetime,
             actor: str | None = None) -> bool:
        """The court's ruling on the confirmation (裁定确认 / 裁定驳回申请), from its system or its clerk's console.

        One application is ruled once (民诉法解释 Art.358: the court rules on it by 裁定): the same ruling
        told again (a webhook after the console, a retried request) changes nothing and returns False; a
        different one is a conflict (`already_ruled`).
        """
        target = RULINGS.get(ruling)
        if target is None:
            raise RuleViolation("ruling must be confirmed or rejected", code="invalid_ruling")
        if self.status != st.CONFIRMATION_REQUESTED and self.ruling:
            if (self.ruling.get("ruling"), self.ruling.get("ruling_number")) == (ruling, ruling_number):
                return False
            raise InvalidTransition("the court has already ruled on this confirmation", code="already_ruled",
                                    details={"status": self.status, "ruling": self.ruling})
        self._move(target, now, actor or f"court:{self.court_id}", reason or ruling_number)
        self.ruling = {"ruling": ruling, "ruling_number": ruling_number, "reason": reason}
        self.events.append(ev.ConfirmationRuled(self.case_id, ruling))
        return True

    def mediate_again(self, now: datetime, actor: str) -> None:
        """After a rejected confirmation the parties try again, with a new mediator."""
        self._require_status(st.CONFIRMATION_REJECTED)
        self._move(st.PENDING_ASSIGNMENT, now, actor, "mediate again after rejected confirmation")
        self.consents, self.agreement, self.mediator_id, self.mediator_name = [], None, None, None
        self.court_choice = None
        self.events.append(ev.AssignmentRequested(self.case_id))

    def file(self, court_case_number: str | None, now: datetime, actor: str | None = None) -> bool:
        """The court filed the case (立案), from its system or its clerk's console: once. The same filing told
        again changes nothing and returns False; another case number is a conflict (`already_filed`)."""
        if self.status == st.FILED:
            if court_case_number == self.court_case_number:
                return False
            raise InvalidTransition("the court has already filed this case", code="already_filed",
                                    details={"status": self.status, "court_case_number": self.court_case_number})
        self._move(st.FILED, now, actor or f"court:{self.court_id}", "case filed")
        self.court_case_number = court_case_number
        self.events.append(ev.CaseFiled(self.case_id, court_case_number))
        return True

    def close(self, reason: str, now: datetime, actor: str) -> None:
        self._move(st.CLOSED, now, actor, reason)
        self.events.append(ev.CaseClosed(self.case_id))

    def _require_status(self, wanted: str) -> None:
        """For commands narrower than the table (which also serves other commands from that status)."""
        if self.status != wanted:
            raise InvalidTransition(f"this needs a case in status {wanted}, not {self.status}",
                                    details={"status": self.status, "target": wanted})

    def _require_mediator(self, mediator_id: str) -> None:
        if mediator_id != self.mediator_id:
            raise InvalidTransition("this case is not assigned to you", code="not_assigned")

    def take_events(self) -> list[ev.Event]:
        taken, self.events = self.events, []
        return taken
