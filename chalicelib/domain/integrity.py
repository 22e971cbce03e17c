"""Integrity signals (恶意串通、虚假调解) read when an agreement is accepted, before any confirmation request.

A false mediation dresses a debt two colluding sides invented (to get ahead of real creditors, to move
assets, to defeat an enforcement) as a settled dispute, then asks the court to confirm it
(最高人民法院关于防范和制裁虚假诉讼的指导意见 ¶1–2; 民事诉讼法 Art.115 and Art.355 (四): a confirmation
that harms a third party is refused). Its marks, each explained in words for the reviewer:

- `repeat_pair`: the same applicant–respondent pair, or sides linked by a shared phone, address or legal
  representative, in several cases (a ring of invented debts between the same people);
- `linked_sides`: an applicant and a respondent of this case share a phone, address or legal representative;
- `claim_burst`: one applicant files many near-identical claims in a short window (manufactured cases);
- `quick_full_concession`: a large amount conceded in full within a day of the mediator's acceptance;
- `third_party_payee`: the agreement pays someone who is not a party;
- `peer_outlier`: the mediator settles far more often or far faster than its peers.

Every threshold is data (`Thresholds`, loaded from JSON: `integrity_thresholds.json` beside this module
unless the settings name another file). The same functions run in production on the lookup records the
service keeps and in `bench/integrity.py` on an in-memory population.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from statistics import median

from chalicelib.domain.deadlines import parse_iso
from chalicelib.domain.exceptions import InvalidValue
from chalicelib.domain.parties import Party
from chalicelib.domain.party_codes import normalise_phone
from chalicelib.domain.performance import Standing

DEFAULT_THRESHOLDS = Path(__file__).with_name("integrity_thresholds.json")
REVIEW_FLAG = "integrity_review"  # held: no confirmation request leaves (Case.consent)
REFERRED_FLAG = "integrity_referred"  # the court was told; still no confirmation request
CONTACTS = ("phone", "address", "legal_representative")
SIDES = ("applicant", "respondent")


@dataclass(frozen=True)
class Thresholds:
    window_days: int = 365
    repeat_pair_min_others: int = 2
    address_exempt_categories: tuple[str, ...] = ("family", "community")
    burst_window_days: int = 15
    burst_min_others: int = 4
    burst_similarity: float = 0.9
    burst_over_usual: float = 3.0
    large_amount: Decimal = Decimal("200000")
    full_concession_ratio: float = 0.98
    quick_hours: int = 24
    peer_min_cases: int = 10
    peer_min_peers: int = 3
    peer_rate_gap: float = 0.3
    peer_speed_ratio: float = 0.25

    @classmethod
    def from_dict(cls, raw: dict) -> "Thresholds":
        """Raises ValueError on a name this class does not know (a typo must not switch a signal off)."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(raw) - set(known) - {"_comment"})
        if unknown:
            raise InvalidValue(f"unknown integrity thresholds: {', '.join(unknown)}", code="invalid_thresholds")
        values = {}
        for name, value in raw.items():
            if name in known:
                default = getattr(cls, name)
                values[name] = tuple(value) if isinstance(default, tuple) else type(default)(str(value)) \
                    if isinstance(default, Decimal) else type(default)(value)
        return cls(**values)

    @classmethod
    def load(cls, path: Path | str = DEFAULT_THRESHOLDS) -> "Thresholds":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Signal:
    code: str
    explanation: str
    cases: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"code": self.code, "explanation": self.explanation, "cases": list(self.cases)}


@dataclass(frozen=True)
class CaseFacts:
    """What the signals read of one case."""

    case_id: str
    created_at: str
    applicants: tuple[Party, ...]
    respondents: tuple[Party, ...]
    claims: tuple[str, ...] = ()
    claim_amount: str | None = None
    category: str | None = None
    settlement_amount: str | None = None
    terms: tuple[str, ...] = ()
    accepted_at: str | None = None
    settled_at: str | None = None


@dataclass(frozen=True)
class IndexRow:
    """One lookup record: a case seen under a key (a party's identity or contact) on one side."""

    key: str
    case_id: str
    created_at: str
    side: str
    claim: str = ""  # the normalised claim text, for near-identical claims

    def to_dict(self) -> dict:
        return dict(vars(self))


@dataclass
class Related:
    """The lookup records found for a case's keys, by key."""

    rows: dict[str, list[IndexRow]] = field(default_factory=dict)

    def cases(self, keys: set[str], side: str, since: datetime, exclude: str) -> dict[str, set[str]]:
        """case id -> the kinds of key (identity, phone, ...) it shares with `keys` on `side`."""
        found: dict[str, set[str]] = {}
        for key in keys:
            for row in self.rows.get(key, ()):
                if row.side == side and row.case_id != exclude and parse_iso(row.created_at) >= since:
                    found.setdefault(row.case_id, set()).add(key.split(":", 1)[0])
        return found


def party_keys(party: Party, category: str | None = None, thresholds: Thresholds | None = None) -> set[str]:
    """The lookup keys of a party: its identity (ID number, credit code, else name) and its contacts.

    Keys are plain text here; the service stores only a keyed digest of each (个人信息保护法 Art.51).
    """
    th = thresholds or Thresholds()
    identity = (party.id_number or party.credit_code or "").strip().upper() or f"name={_squash(party.name)}"
    keys = {f"identity:{identity}"}
    phone = normalise_phone(party.phone)
    if phone:
        keys.add(f"phone:{phone}")
    if party.address and category not in th.address_exempt_categories:
        keys.add(f"address:{_squash(party.address)}")
    if party.legal_representative:
        keys.add(f"legal_representative:{_squash(party.legal_representative)}")
    return keys


def side_keys(facts: CaseFacts, side: str, thresholds: Thresholds | None = None) -> set[str]:
    parties = facts.applicants if side == "applicant" else facts.respondents
    return {k for p in parties for k in party_keys(p, facts.category, thresholds)}


def index_rows(facts: CaseFacts, thresholds: Thresholds | None = None) -> list[IndexRow]:
    claim = normalise_claim(facts.claims)
    return [IndexRow(key, facts.case_id, facts.created_at, side, claim if side == "applicant" else "")
            for side in SIDES for key in sorted(side_keys(facts, side, thresholds))]


def signals(facts: CaseFacts, related: Related, th: Thresholds, own: Standing | None = None,
            peers: list[Standing] = ()) -> list[Signal]:
    found = [_repeat_pair(facts, related, th), _linked_sides(facts, th), _claim_burst(facts, related, th),
             _quick_full_concession(facts, th), _third_party_payee(facts), _peer_outlier(own, list(peers), th)]
    return [s for s in found if s is not None]


def _repeat_pair(facts: CaseFacts, related: Related, th: Thresholds) -> Signal | None:
    since = parse_iso(facts.created_at) - timedelta(days=th.window_days)
    applicants = related.cases(side_keys(facts, "applicant", th), "applicant", since, facts.case_id)
    respondents = related.cases(side_keys(facts, "respondent", th), "respondent", since, facts.case_id)
    both = sorted(set(applicants) & set(respondents))
    if len(both) < th.repeat_pair_min_others:
        return None
    links = sorted({kind for c in both for kind in applicants[c] | respondents[c]})
    return Signal("repeat_pair", f"同一申请人与被申请人（或以相同的{_names(links)}相连的双方）在{th.window_days}天内另有"
                                 f"{len(both)}件案件 — the same applicant and respondent, linked by {', '.join(links)}, "
                                 f"appear together in {len(both)} other cases within {th.window_days} days",
                  tuple(both))


def _linked_sides(facts: CaseFacts, th: Thresholds) -> Signal | None:
    applicant = {k for k in side_keys(facts, "applicant", th) if not k.startswith("identity:")}
    respondent = {k for k in side_keys(facts, "respondent", th) if not k.startswith("identity:")}
    shared = sorted({k.split(":", 1)[0] for k in applicant & respondent})
    if not shared:
        return None
    return Signal("linked_sides", f"申请人与被申请人使用相同的{_names(shared)} — an applicant and a respondent "
                                  f"share the same {', '.join(shared)}")


def _claim_burst(facts: CaseFacts, related: Related, th: Thresholds) -> Signal | None:
    """Many near-identical claims around this one, far above the applicant's own pace over the long window:
    a lender that files steadily all year is not a burst; a new claimant with a sudden stack of them is."""
    created, claim = parse_iso(facts.created_at), normalise_claim(facts.claims)
    if not claim:
        return None
    burst, earlier = timedelta(days=th.burst_window_days), created - timedelta(days=th.window_days)
    identities = {k for k in side_keys(facts, "applicant", th) if k.startswith("identity:")}
    near, before = set(), set()
    for key in identities:
        for row in related.rows.get(key, ()):
            at = parse_iso(row.created_at)
            if row.side != "applicant" or row.case_id == facts.case_id or not earlier <= at <= created + burst \
                    or difflib.SequenceMatcher(None, claim, row.claim).ratio() < th.burst_similarity:
                continue
            (near if at >= created - burst else before).add(row.case_id)
    usual = len(before) * (2 * th.burst_window_days) / max(th.window_days - th.burst_window_days, 1)
    if len(near) < th.burst_min_others or len(near) < th.burst_over_usual * usual:
        return None
    return Signal("claim_burst", f"同一申请人在{th.burst_window_days}天内另提出{len(near)}件几乎相同的请求（平时约{usual:.1f}件）"
                                 f" — the applicant filed {len(near)} other near-identical claims within "
                                 f"{th.burst_window_days} days of this one, against about {usual:.1f} at its usual pace",
                  tuple(sorted(near)))


def _quick_full_concession(facts: CaseFacts, th: Thresholds) -> Signal | None:
    claimed, settled = _money(facts.claim_amount), _money(facts.settlement_amount)
    if claimed is None or settled is None or claimed < th.large_amount or not (facts.accepted_at and facts.settled_at):
        return None
    hours = (parse_iso(facts.settled_at) - parse_iso(facts.accepted_at)).total_seconds() / 3600
    if settled < claimed * Decimal(str(th.full_concession_ratio)) or hours > th.quick_hours:
        return None
    return Signal("quick_full_concession", f"被申请人在受理后{hours:.0f}小时内全额认可{claimed}元 — the respondent "
                                           f"conceded {settled} of {claimed} yuan within {hours:.0f} hours of the "
                                           "mediator's acceptance")


_PAYEE = re.compile(r"(?:向|支付给|付给|给付给|汇入|转入|汇至|转至|打入)"
                    r"(?P<name>[\u4e00-\u9fffA-Za-z（）()·]{2,40}?)"
                    r"(?:一次性|分[一二三四五六七八九十\d]*期|足额|全额|如数|按月|按期)?"
                    r"(?:的?(?:银行)?(?:账户|帐户|账号|名下)|支付|给付|偿还|归还|返还|清偿|付清|人民币|[\d，,。；;]|$)")
_ROLES = re.compile(r"^(?:申请人|被申请人|甲方|乙方|丙方|原告|被告|对方|双方|其|该公司|申请方|被申请方)+")
_NOT_A_NAME = re.compile(r"(?:指定的?|本人|名下)$")  # "申请人指定账户": the party's own account


def payees(terms: tuple[str, ...] | list[str]) -> list[str]:
    """The names the agreement's terms pay money to (roles such as 申请人/甲方 are left out)."""
    names = []
    for term in terms:
        for match in _PAYEE.finditer(term or ""):
            name = _NOT_A_NAME.sub("", _ROLES.sub("", match.group("name")))
            if len(name) >= 2 and name not in names:
                names.append(name)
    return names


def _third_party_payee(facts: CaseFacts) -> Signal | None:
    parties = {_squash(p.name) for p in facts.applicants + facts.respondents}
    strangers = [n for n in payees(facts.terms) if _squash(n) not in parties]
    if not strangers:
        return None
    return Signal("third_party_payee", f"协议约定向非当事人{'、'.join(strangers)}付款 — the agreement pays "
                                       f"{', '.join(strangers)}, who is not a party")


def _peer_outlier(own: Standing | None, peers: list[Standing], th: Thresholds) -> Signal | None:
    peers = [p for p in peers if p.ended >= th.peer_min_cases and (own is None or p.subject != own.subject)]
    if own is None or own.ended < th.peer_min_cases or len(peers) < th.peer_min_peers:
        return None
    rate = median(p.success_rate for p in peers)
    speeds = [p.median_days_to_settle for p in peers if p.median_days_to_settle is not None]
    reasons = []
    if own.success_rate - rate >= th.peer_rate_gap:
        reasons.append(f"成功率{own.success_rate:.0%}，同行中位数{rate:.0%} — settles {own.success_rate:.0%} of "
                       f"its cases against its peers' median {rate:.0%}")
    if speeds and own.median_days_to_settle is not None and \
            own.median_days_to_settle <= median(speeds) * th.peer_speed_ratio:
        reasons.append(f"达成协议中位{own.median_days_to_settle:.1f}天，同行{median(speeds):.1f}天 — settles in "
                       f"{own.median_days_to_settle:.1f} days (median) against its peers' {median(speeds):.1f}")
    if not reasons:
        return None
    return Signal("peer_outlier", f"{own.subject}: " + "; ".join(reasons))


def normalise_claim(claims) -> str:
    """Claims as one string with amounts, dates and spacing folded: templates compare as equal."""
    text = "".join(claims or ())
    return re.sub(r"[\d,.，、\s]+", "#", text)[:300]


def digest(key: str, secret: bytes) -> str:
    """The stored form of a lookup key: a keyed digest, so the records hold no phone or ID number."""
    import hmac

    return hmac.new(secret, key.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


_KEY_NAMES = {"identity": "身份", "phone": "电话", "address": "地址", "legal_representative": "法定代表人"}


def _names(kinds: list[str]) -> str:
    return "、".join(_KEY_NAMES.get(k, k) for k in kinds)


def _squash(text: str | None) -> str:
    return re.sub(r"[\s,，.。·()（）-]+", "", text or "")


def _money(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None
