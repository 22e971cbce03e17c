"""Parties (当事人) as value objects, in the PARTY shape of CONTRACT §2."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from chalicelib.domain.exceptions import InvalidValue

KINDS = ("person", "organization")  # 自然人 / 法人或其他组织


@dataclass(frozen=True)
class Party:
    name: str
    kind: str = "person"  # person | organization
    gender: str | None = None
    birth_date: str | None = None
    ethnicity: str | None = None
    id_number: str | None = None  # 居民身份证号码
    credit_code: str | None = None  # 统一社会信用代码
    address: str | None = None
    phone: str | None = None
    legal_representative: str | None = None
    position: str | None = None

    @classmethod
    def from_dict(cls, raw: dict) -> "Party":
        """Raises InvalidValue for anything but an object of string (or null) values with a name."""
        if not isinstance(raw, dict):
            raise InvalidValue("a party must be an object", code="invalid_party")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        if any(v is not None and not isinstance(v, str) for v in values.values()):
            raise InvalidValue("party fields must be strings or null", code="invalid_party")
        if not (values.get("name") or "").strip():
            raise InvalidValue("every party needs a name", code="invalid_party")
        values["name"] = values["name"].strip()
        if values.get("kind") not in KINDS:
            values["kind"] = "organization" if values.get("credit_code") else "person"
        return cls(**values)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def identifiers(self) -> set[str]:
        """Name and registered numbers: what roster declarations are matched against."""
        return {v for v in (self.name, self.id_number, self.credit_code) if v}

    @property
    def people(self) -> set[str]:
        """Natural persons behind the party (itself, or its legal representative)."""
        return {v for v in (self.name if self.kind == "person" else None, self.legal_representative) if v}


# The free-text fields beside the name and kind (what the schema and the validators check as text).
PARTY_TEXT_FIELDS = tuple(f.name for f in fields(Party) if f.name not in ("name", "kind"))


def parties_from(raw: list | None) -> tuple[Party, ...]:
    return tuple(Party.from_dict(p) for p in (raw or []))
