"""The Case aggregate: one mediation matter from intake to closure.

Every change goes through a method that checks the transition table, appends a
history entry and records domain events; the repository persists all three
together, so nothing is half-written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chalicelib.domain import events as ev
from chalicelib.domain import status as st
from chalicelib.domain.deadlines import MAX_EXTENSION_DAYS, iso, parse_iso
from chalicelib.domain.exceptions import InvalidTransition, RuleViolation
from chalicelib.domain.party_codes import normalise_phone
from chalicelib.domain.parties import Party
from chalicelib.domain.roster import CATEGORIES

SOURCES = ("party", "court")
PROCEDURES = ("pre_filing", "simple", "ordinary")
RULINGS = {"confirmed": st.CONFIRMED, "rejected": st.CONFIRMATION_REJECTED}  # 裁定确认 / 裁定驳回申请
FAILURE_RECORD_REQUIRED = ("basic_facts", "reasons", "disputed_points")  # 在线调解规则 Art.21
# A party token works while the case is open and this long after it ends (issue 8, Privacy: no access for ever).
PARTY_TOKEN_LIFETIME_AFTER_END = timedelta(days=90)
AWAITING_VERIFICATION = "awaiting_verification"  # a public application no person has confirmed yet


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
    joint_choice: str | None = None  # the mediator the parties chose together, if any
    excluded_mediators: list[str] = field(default_factory=list)
    party_tokens: dict[str, dict] = field(default_factory=dict)  # token hash -> {party, issued_at}
    phone_verified: bool = False  # a phone on a public application answered an SMS code (CONTRACT R2 §3)
    ended_at: str | None = None  # when the case first reached an ended status (status.ENDED)
    consents: list[str] = field(default_factory=list)  # party names that joined the confirmation
    deadlines: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    documents: dict[str, dict] = field(default_factory=dict)  # name -> {key, sha256}
    disclosures: list[str] = field(default_factory=list)
    agreement: dict | None = None
    failure_record: dict | None = None
    outcome: dict | None = None  # {result, reason}
    ruling: dict | None = None
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

    def assign(self, mediator_id: str, now: datetime, acceptance_due: datetime, mediator_name: str | None = None) -> None:
        self._move(st.ASSIGNED, now, "system", f"assigned to {mediator_id}")
        self.mediator_id, self.mediator_name = mediator_id, mediator_name
        self.deadlines["acceptance"] = iso(acceptance_due)
        self.unflag("no_candidate")
        self.events.append(ev.MediatorAssigned(self.case_id, mediator_id))

    def note_no_candidate(self) -> None:
        self.flag("no_candidate")

    def accept(self, mediator_id: str, now: datetime, mediation_due: datetime, disclosures: list[str]) -> None:
        self._require_mediator(mediator_id)
        self._move(st.MEDIATING, now, f"mediator:{mediator_id}", "accepted")
        self.disclosures = list(disclosures)
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

    def _release_and_requeue(self, now: datetime, actor: str, reason: str) -> None:
        self._require_status(st.ASSIGNED)  # once accepted, a mediator ends the mediation instead
        released = self.mediator_id
        self._move(st.PENDING_ASSIGNMENT, now, actor, reason)
        self.excluded_mediators.append(released)
        self.mediator_id = self.mediator_name = None
        self.deadlines.pop("acceptance", None)
        self.events += [ev.MediatorReleased(self.case_id, released), ev.AssignmentRequested(self.case_id)]

    def extend(self, days: int, agreed_by: list[str], now: datetime) -> None:
        """Extend the mediation time limit; only when every party agrees."""
        if self.status != st.MEDIATING:
            raise InvalidTransition(f"only a case in mediation can be extended (status {self.status})")
        if not 0 < days <= MAX_EXTENSION_DAYS:
            raise RuleViolation(f"an extension is 1 to {MAX_EXTENSION_DAYS} days", code="invalid_extension")
        missing = sorted(set(self.party_names) - set(agreed_by))
        if missing:
            raise RuleViolation("every party must agree to the extension", code="extension_not_agreed",
                                details={"missing": missing})
        self.deadlines["mediation"] = iso(parse_iso(self.deadlines["mediation"]) + timedelta(days=days))
        self.history.append({"at": iso(now), "actor": f"mediator:{self.mediator_id}", "from_status": self.status,
                             "to_status": self.status, "reason": f"extended by {days} days, agreed by all parties"})

    def settle(self, agreement: dict, now: datetime) -> None:
        self._move(st.SETTLED, now, f"mediator:{self.mediator_id}", "agreement signed")
        self.agreement = agreement
        self._end_mediation("settled", None)

    def fail(self, reason: str, record: dict, now: datetime) -> None:
        missing = [k for k in FAILURE_RECORD_REQUIRED if not (record or {}).get(k)]
        if missing:
            raise RuleViolation("a failed mediation needs the record of 在线调解规则 Art.21",
                                code="failure_record_incomplete", details={"missing": missing})
        self._move(st.FAILED, now, f"mediator:{self.mediator_id}", reason)
        self.failure_record = {k: record.get(k) for k in
                               ("basic_facts", "reasons", "disputed_points", "cost_increasing_conduct",
                                "undisputed_facts")}
        self._end_mediation("failed", reason)

    def terminate(self, reason: str, now: datetime, actor: str) -> None:
        if not (reason or "").strip():
            raise RuleViolation("termination needs a reason", code="reason_required")
        self._move(st.TERMINATED, now, actor, reason)
        self._end_mediation("terminated", reason)

    def _end_mediation(self, result: str, reason: str | None) -> None:
        self.outcome = {"result": result, "reason": reason}
        self.deadlines.pop("mediation", None)
        self.deadlines.pop("acceptance", None)
        if self.mediator_id:
            self.events.append(ev.MediatorReleased(self.case_id, self.mediator_id))
        self.events.append(ev.MediationEnded(self.case_id, result, reason))

    def add_party_token(self, token_hash: str, party_name: str, now: datetime, *, revoke_earlier: bool = True) -> None:
        """Give a party a new token; by default the party's earlier tokens stop working (issue 8, Privacy).

        A case opened from an unreadable upload has no parties yet: its uploader follows it as "applicant".
        """
        if self.parties and party_name not in self.party_names:
            raise RuleViolation(f"{party_name} is not a party to this case", code="unknown_party")
        if revoke_earlier:
            self.party_tokens = {h: t for h, t in self.party_tokens.items() if t["party"] != party_name}
        self.party_tokens[token_hash] = {"party": party_name, "issued_at": iso(now)}

    def token_holder(self, token_hash: str | None) -> str | None:
        """The party a token was given to (None: unknown or revoked), whether or not it still works."""
        entry = self.party_tokens.get(token_hash or "")
        return entry["party"] if entry else None

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
        if set(self.party_names) - set(self.consents):
            return False
        self._move(st.CONFIRMATION_REQUESTED, now, f"party:{party_name}", "all parties consented")
        self.events.append(ev.ConfirmationRequested(self.case_id))
        return True

    def rule(self, ruling: str, ruling_number: str | None, reason: str | None, now: datetime) -> None:
        target = RULINGS.get(ruling)
        if target is None:
            raise RuleViolation("ruling must be confirmed or rejected", code="invalid_ruling")
        self._move(target, now, f"court:{self.court_id}", reason or ruling_number)
        self.ruling = {"ruling": ruling, "ruling_number": ruling_number, "reason": reason}
        self.events.append(ev.ConfirmationRuled(self.case_id, ruling))

    def mediate_again(self, now: datetime, actor: str) -> None:
        """After a rejected confirmation the parties try again, with a new mediator."""
        self._require_status(st.CONFIRMATION_REJECTED)
        self._move(st.PENDING_ASSIGNMENT, now, actor, "mediate again after rejected confirmation")
        self.consents, self.agreement, self.mediator_id, self.mediator_name = [], None, None, None
        self.events.append(ev.AssignmentRequested(self.case_id))

    def file(self, court_case_number: str | None, now: datetime) -> None:
        self._move(st.FILED, now, f"court:{self.court_id}", "case filed")
        self.court_case_number = court_case_number
        self.events.append(ev.CaseFiled(self.case_id, court_case_number))

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
