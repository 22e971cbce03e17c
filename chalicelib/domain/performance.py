"""A mediator's performance file (业绩档案): what the association rewards and disciplines by.

The file is built from records kept per mediator as cases change (one per ended case, decline,
complaint, rating, sanction), never from a scan of the cases: the outcome record of a case is
written again, not added to, when a step is redelivered, so the figures count each case once.
Success (调解成功) is a settled mediation; durations run from acceptance to the end of mediation.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from statistics import median

from chalicelib.domain.deadlines import parse_iso

RECORD_KINDS = ("outcome", "decline", "complaint", "rating", "sanction")
RATING_SCORES = range(1, 6)
# a complaint in the organization's queue: waiting for its answer, or answered (特邀调解规定 Art.24)
COMPLAINT_OPEN, COMPLAINT_ANSWERED = "open", "answered"
COMPLAINT_STATES = (COMPLAINT_OPEN, COMPLAINT_ANSWERED)
COMMENT_MAX = 500


@dataclass(frozen=True)
class Standing:
    """The figures peers are compared on (chalicelib.domain.integrity, peer_outlier)."""

    subject: str  # a mediator or organization id
    ended: int
    settled: int
    median_days_to_settle: float | None

    @property
    def success_rate(self) -> float | None:
        return self.settled / self.ended if self.ended else None

    def to_dict(self) -> dict:
        return {**asdict(self), "success_rate": self.success_rate}


def outcome_record(case_id: str, result: str, category: str | None, accepted_at: str | None,
                   ended_at: str) -> dict:
    days = None
    if accepted_at:
        days = round((parse_iso(ended_at) - parse_iso(accepted_at)).total_seconds() / 86400, 2)
    return {"kind": "outcome", "case_id": case_id, "result": result, "category": category,
            "accepted_at": accepted_at, "ended_at": ended_at, "days": days}


def standing(subject: str, records: list[dict]) -> Standing:
    outcomes = [r for r in records if r.get("kind") == "outcome"]
    settled = [r for r in outcomes if r["result"] == "settled"]
    speeds = [r["days"] for r in settled if r.get("days") is not None]
    return Standing(subject, len(outcomes), len(settled), median(speeds) if speeds else None)


def performance_file(mediator: dict, records: list[dict]) -> dict:
    by_kind = {kind: sorted((r for r in records if r.get("kind") == kind),
                            key=lambda r: r.get("at") or r.get("ended_at") or "") for kind in RECORD_KINDS}
    outcomes = by_kind["outcome"]
    durations = [r["days"] for r in outcomes if r.get("days") is not None]
    scores = [r["score"] for r in by_kind["rating"]]
    return {
        "mediator": mediator,
        "cases_by_outcome": dict(Counter(r["result"] for r in outcomes)),
        "cases_by_category": dict(Counter(r["category"] for r in outcomes if r.get("category"))),
        "success_rate": standing(mediator["mediator_id"], records).success_rate,
        "average_days": round(sum(durations) / len(durations), 2) if durations else None,
        "declines": [{k: r.get(k) for k in ("case_id", "reason", "at")} for r in by_kind["decline"]],
        "complaints": [{k: r.get(k) for k in ("complaint_id", "case_id", "text", "at", "answer", "answered_at")}
                       for r in by_kind["complaint"]],
        "sanctions": [{"kind": r.get("sanction"), **{k: r.get(k) for k in ("reason", "by", "at", "from_status",
                                                                         "to_status")}} for r in by_kind["sanction"]],
        "ratings": {"count": len(scores), "average": round(sum(scores) / len(scores), 2) if scores else None,
                    "items": [{k: r.get(k) for k in ("case_id", "score", "comment", "at")} for r in by_kind["rating"]]},
    }
