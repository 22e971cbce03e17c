"""Which court may confirm an agreement (《民事诉讼法》第205条), from a court directory.

- Delegated (委派) cases go back to the delegating court; entrusted (委托) ones
  stay with the court that filed them (which issues a 调解书 rather than
  confirming).
- Direct applications may go to the basic court where a party lives (住所地),
  where the subject property is (标的物所在地) or where the mediation
  organization sits (调解组织所在地). Where several fit, the parties choose one
  together (《民诉法解释》第352条), so every fitting court is returned.

The directory lives in `chalicelib/data/courts.json` (inside the Lambda
package), read once per process; districts are matched as substrings of an
address. Its entries are `DirectoryCourt`s (every basic and intermediate court
and its districts), not the roster's `Court` (a court docked with the platform).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from chalicelib.domain.exceptions import InvalidValue

if TYPE_CHECKING:
    from chalicelib.domain.case import Case
    from chalicelib.domain.roster import Court, Organization

DIRECTORY_FILE = Path(__file__).resolve().parent.parent / "data" / "courts.json"

GROUND_LABELS = {
    "delegating_court": "委派调解的人民法院",
    "entrusting_court": "委托调解的人民法院（受诉法院）",
    "party_domicile": "当事人住所地",
    "property_location": "标的物所在地",
    "organization_seat": "调解组织所在地",
}


@dataclass(frozen=True)
class DirectoryCourt:
    court_id: str
    name: str
    level: str  # basic | intermediate
    districts: tuple[str, ...]
    address: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class CourtRef:
    """A competent court and why: `grounds` are keys of GROUND_LABELS, `reasons` say whose address."""

    court_id: str
    name: str
    address: str | None
    grounds: tuple[str, ...]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"court_id": self.court_id, "name": self.name, "address": self.address,
                "grounds": list(self.grounds), "reasons": list(self.reasons)}


@dataclass(frozen=True)
class CourtDirectory:
    courts: tuple[DirectoryCourt, ...]

    def get(self, court_id: str) -> DirectoryCourt | None:
        return next((c for c in self.courts if c.court_id == court_id), None)

    def basic_court_for(self, address: str | None) -> DirectoryCourt | None:
        """The basic court whose district the address names first (province → city → district order)."""
        if not address:
            return None
        best: tuple[int, DirectoryCourt] | None = None
        for court in self.courts:
            if court.level != "basic":
                continue
            for district in court.districts:
                at = address.find(district)
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, court)
        return best[1] if best else None

    def intermediate_for(self, court_id: str) -> DirectoryCourt | None:
        """The intermediate court above a basic one (the same city), for Art.205's 相应的中级人民法院."""
        court = self.get(court_id)
        if court is None or court.level == "intermediate":
            return court
        return next((c for c in self.courts if c.level == "intermediate" and c.city == court.city), None)


def parse_court_directory(raw: dict) -> CourtDirectory:
    """Build the directory from the JSON document; a malformed entry is an InvalidValue."""
    courts = []
    for entry in raw.get("courts", []):
        try:
            courts.append(DirectoryCourt(
                court_id=entry["court_id"],
                name=entry["name"],
                level=entry.get("level", "basic"),
                districts=tuple(entry.get("districts", ())),
                address=entry.get("address"),
                city=entry.get("city"),
            ))
        except (KeyError, TypeError) as exc:
            raise InvalidValue(f"malformed court entry {entry!r}: {exc}", code="invalid_court_directory") from None
    ids = [c.court_id for c in courts]
    if len(ids) != len(set(ids)):
        raise InvalidValue("duplicate court_id in the court directory", code="invalid_court_directory")
    return CourtDirectory(tuple(courts))


def load_court_directory(path: str | Path | None = None) -> CourtDirectory:
    """The packaged directory (read once per process), or the one in `path`."""
    return _packaged_directory() if path is None else _read_directory(path)


@lru_cache(maxsize=1)
def _packaged_directory() -> CourtDirectory:
    return _read_directory(DIRECTORY_FILE)


def _read_directory(path: str | Path) -> CourtDirectory:
    with open(path, encoding="utf-8") as fh:
        return parse_court_directory(json.load(fh))


def competent_courts(case: Case, directory: CourtDirectory, *, court: Court | None = None,
                     organization: Organization | None = None,
                     property_location: str | None = None) -> list[CourtRef]:
    """Every court the joint application may go to, in the order first found.

    `court` is the case's court on the roster (a referred case's), `organization` the mediation
    organization. An empty list means no court in the directory fits (e.g. every address lies
    outside its districts): the parties must name one themselves.
    """
    if case.referral in ("delegated", "entrusted"):
        return [_referring_court(court, directory, case.referral)]
    found: dict[str, tuple[DirectoryCourt, list[str], list[str]]] = {}

    def add(address: str | None, ground: str, reason: str) -> None:
        listed = directory.basic_court_for(address)
        if listed is None:
            return
        _, grounds, reasons = found.setdefault(listed.court_id, (listed, [], []))
        if ground not in grounds:
            grounds.append(ground)
        reasons.append(reason)

    for party in case.parties:
        add(party.address, "party_domicile", f"{party.name}住所地")
    add(property_location, "property_location", "标的物所在地")
    if organization is not None:
        add(organization.address, "organization_seat", f"{organization.name or '调解组织'}所在地")
    return [CourtRef(c.court_id, c.name, c.address, tuple(g), tuple(r)) for c, g, r in found.values()]


def intermediate_courts(options: list[CourtRef], directory: CourtDirectory) -> list[CourtRef]:
    """The same grounds, each moved up to its intermediate court (第205条: 向相应的中级人民法院提出)."""
    moved: dict[str, CourtRef] = {}
    for option in options:
        court = directory.intermediate_for(option.court_id)
        if court is None:
            continue
        seen = moved.get(court.court_id)
        grounds = tuple(dict.fromkeys((*(seen.grounds if seen else ()), *option.grounds)))
        reasons = (*(seen.reasons if seen else ()), *option.reasons)
        moved[court.court_id] = CourtRef(court.court_id, court.name, court.address, grounds, reasons)
    return list(moved.values())


def _referring_court(court: Court | None, directory: CourtDirectory, referral: str) -> CourtRef:
    known = directory.get(court.court_id) if court else None
    ground = "delegating_court" if referral == "delegated" else "entrusting_court"
    return CourtRef(
        court_id=(court.court_id if court else None) or (known.court_id if known else ""),
        name=(court.name if court else None) or (known.name if known else ""),
        address=(court.address if court else None) or (known.address if known else None),
        grounds=(ground,),
        reasons=(GROUND_LABELS[ground],),
    )
