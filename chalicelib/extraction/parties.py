"""Parties (当事人) from the head of an application or agreement.

The party area is cut into units (sentences and lines). A unit that starts
with a role label (申请人, 被申请人, 甲方, 乙方, numbered or with an alias such
as `甲方（申请人）`) opens a party; `法定代表人`/`负责人` units belong to the
open party; agent units (委托代理人) are skipped until the next role, so an
agent's phone or address never lands on the party. Within a party the same
field patterns read run-in prose (`，男，1980年5月6日出生，汉族，住……`),
label-per-line forms and serialised table rows (`性别：女，民族：满族`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import find_dates, iso
from .identifiers import find_phone
from .result import empty_party
from .vocabulary import (
    ADDRESS_LABELS,
    AGENTS,
    APPLICANT_ROLES,
    BIRTH_LABELS,
    CREDIT_LABELS,
    ETHNICITIES,
    FIELD_LABELS,
    ID_LABELS,
    NAME_LABELS,
    ORGANIZATION_SUFFIXES,
    OTHER_ROLES,
    PHONE_LABELS,
    POSITION_LABELS,
    REPRESENTATIVES,
    RESPONDENT_ROLES,
    ROLES,
    alternation,
)

# A value ends at punctuation, a wide gap, or a space before the next label (`住址 河南… 电话 138…`)
_END = rf"[，,。；;\n]|\s{{2,}}|\s+(?:{alternation(FIELD_LABELS + REPRESENTATIVES + AGENTS)})|$"
_ROLE_RE = re.compile(
    rf"^\s*(?P<role>{alternation(ROLES)})\s*(?P<num>[一二三四五六七八九十0-9]{{0,2}})\s*"
    r"(?:[（(](?P<alias>[^）)]{1,12})[）)])?\s*(?:[：:]\s*|\s+|(?=[\u4e00-\u9fff])|$)(?P<rest>.*)$", re.S)
_AGENT_RE = re.compile(rf"^\s*(?:{alternation(AGENTS)})\s*(?:[（(][^）)]*[）)])?\s*[：:]?")
_NOTE = r"(?:[（(][^）)]{0,8}[）)])?"  # `姓名（名称）：`, `住所地（住址）：`
_REP_RE = re.compile(rf"^\s*(?P<label>{alternation(REPRESENTATIVES)})\s*{_NOTE}\s*[：:]?\s*(?P<rest>.*)$", re.S)
_NAME_RE = re.compile(rf"(?:^|[，,。；\s])(?:{alternation(NAME_LABELS)})\s*{_NOTE}\s*[：:]\s*(?P<v>.+?)(?={_END})")
_GENDER_RE = re.compile(r"(?:性\s*别\s*[：:]?\s*(?P<a>[男女])|(?:^|[，,\s])(?P<b>[男女])(?:性)?(?=[，,。；\s]|$))")
_BIRTH_LABEL_RE = re.compile(rf"(?:{alternation(BIRTH_LABELS)})\s*[：:]?\s*")
_ETHNIC_RE = re.compile(rf"(?:民\s*族\s*[：:]?\s*(?P<a>{'|'.join(sorted(ETHNICITIES, key=len, reverse=True))})族?"
                        rf"|(?:^|[，,\s])(?P<b>{'|'.join(sorted(ETHNICITIES, key=len, reverse=True))})族(?=[，,。；\s]|$))")
_ID_RE = re.compile(rf"(?:{alternation(ID_LABELS)})\s*{_NOTE}\s*[：:为是]?\s*(?P<v>[0-9Xx][0-9Xx\s]{{16,24}})")
_BARE_ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx](?![0-9A-Za-z])")
_CREDIT_RE = re.compile(rf"(?:{alternation(CREDIT_LABELS)})\s*{_NOTE}\s*[：:为是]?\s*(?P<v>[0-9A-Za-z][0-9A-Za-z\s]{{16,24}})")
_ADDRESS_RE = re.compile(rf"(?:^|[，,。；\s])(?:{alternation(ADDRESS_LABELS + ('住',))})\s*{_NOTE}"
                         rf"\s*(?:[：:]|在|于)?\s*(?P<v>[^，,。；;\s].*?)(?={_END})")
_PHONE_LABEL_RE = re.compile(rf"(?:{alternation(PHONE_LABELS)})\s*{_NOTE}\s*[：:]?")
_POSITION_LABEL_RE = re.compile(rf"(?:{alternation(POSITION_LABELS)})\s*{_NOTE}\s*[：:]?\s*(?P<v>[^，,。；;\s]+)")
_POSITIONS = ("执行事务合伙人", "执行董事", "董事长", "副总经理", "总经理", "经理", "董事", "监事", "厂长", "主任", "负责人",
              "合伙人", "会长", "理事长", "站长", "校长", "院长", "店长", "社长", "行长", "局长", "总裁", "所长", "村长",
              "书记", "主席", "股东", "法定代表人", "经营者", "投资人", "总监", "部长", "队长", "园长", "馆长")
_POSITION_RE = re.compile(
    r"(?:系|任|为|是)?(?:该|本)?(?:分公司|公司|单位|厂|中心|店|企业|社|协会|委员会|集团|银行|所|合作社)?的?"
    rf"(?P<v>[\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(_POSITIONS)}))(?={_END}|[（(])")


@dataclass
class _Block:
    side: str  # "applicants" | "respondents" | "other"
    text: str
    rep: list[str] = field(default_factory=list)


# `…，法定代表人：李某，职务：经理`, `…，委托代理人：张某，律师`, `…；被申请人：李四` inside a sentence
_INNER_START = re.compile(
    rf"[，,；;]\s*(?=(?:{alternation(REPRESENTATIVES + AGENTS + ROLES)})\s*(?:[（(][^）)]*[）)])?\s*[：:])")


def _units(paragraphs: list[str]) -> list[str]:
    """Sentences and lines: `。` ends a unit, so `法定代表人：…` after a company sentence
    starts one; a representative or agent named mid-sentence starts one too."""
    units = []
    for para in paragraphs:
        for sentence in re.split(r"(?<=。)", para):
            units += [u.strip() for u in _INNER_START.split(sentence) if u.strip()]
    return units


def _side(role: str, alias: str | None) -> str:
    for label in (alias or "", role):
        bare = re.sub(r"\s+", "", label)
        for candidate in sorted(ROLES, key=len, reverse=True):
            if bare.startswith(candidate):
                if candidate in APPLICANT_ROLES:
                    return "applicants"
                if candidate in RESPONDENT_ROLES:
                    return "respondents"
                if candidate in OTHER_ROLES:
                    return "other"
    return "other"


def split_blocks(paragraphs: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    mode = None  # None before the first party, "party", "agent", "rep"
    for unit in _units(paragraphs):
        role = _ROLE_RE.match(unit)
        if role and not _AGENT_RE.match(unit):
            blocks.append(_Block(_side(role.group("role"), role.group("alias")), role.group("rest")))
            mode = "party"
        elif _AGENT_RE.match(unit):
            mode = "agent" if blocks else None
        elif _REP_RE.match(unit) and blocks:
            blocks[-1].rep.append(unit)
            mode = "rep"
        elif mode == "party":
            blocks[-1].text += "，" + unit
        elif mode == "rep":
            blocks[-1].rep[-1] += "，" + unit
    return blocks


def _first(regex: re.Pattern, text: str, group: str = "v") -> str | None:
    m = regex.search(text)
    value = m.group(group) if m else None
    return value.strip() if value else None


def _name(rest: str) -> str | None:
    labelled = _first(_NAME_RE, "，" + rest)
    if labelled:
        return labelled
    m = re.match(rf"\s*(?P<v>[^，,。；;\n]+?)(?={_END})", rest)
    if not m:
        return None
    name = m.group("v").strip()
    if re.match(rf"^{alternation(NAME_LABELS + ADDRESS_LABELS + PHONE_LABELS + ID_LABELS + CREDIT_LABELS)}", name):
        return None  # `申请人：` left blank and the next unit starts with a field label
    if re.fullmatch(r"(?:的)?(?:基本)?(?:情况|信息|资料)(?:如下)?|[（(][^）)]*[）)]", name):
        return None  # a heading (`申请人基本情况`), the name follows under 姓名/名称
    # a trailing parenthetical on a person's name is a note (`张三（曾用名张山）`)
    if not name.endswith(tuple(ORGANIZATION_SUFFIXES)):
        name = re.sub(r"[（(][^）)]*[）)]$", "", name)
    return name.strip() or None


def _is_organization(name: str | None, credit_code: str | None, rep: str | None) -> bool:
    if credit_code or rep:
        return True
    if not name:
        return False
    for suffix in ORGANIZATION_SUFFIXES:
        if name.endswith(suffix) and len(name) >= (5 if len(suffix) == 1 else 4):
            return True
    return False


def _compact_code(value: str | None, length: int = 18) -> str | None:
    if not value:
        return None
    code = re.sub(r"\s+", "", value).upper()
    return code[:length] if len(code) >= length else None


def _address(text: str) -> str | None:
    m = _ADDRESS_RE.search("，" + text)
    if not m:
        return None
    value = m.group("v").strip()
    return value if len(value) >= 4 else None


def _phone(text: str) -> str | None:
    m = _PHONE_LABEL_RE.search(text)
    if m:
        phone = find_phone(text[m.end():m.end() + 30])
        if phone:
            return phone
    return find_phone(_without_ids(text))


def _without_ids(text: str) -> str:
    return _ID_RE.sub("", _CREDIT_RE.sub("", text))


def _birth_date(text: str) -> str | None:
    m = _BIRTH_LABEL_RE.search(text)
    if m:
        found = find_dates(text[m.end():m.end() + 20])
        if found and found[0][1] == 0:
            return iso(found[0][0])
    for value, start, end in find_dates(text):
        if re.match(r"\s*(?:出生|生)", text[end:end + 3]) or text[max(0, start - 2):start] == "生于":
            return iso(value)
    return None


def _representative(units: list[str]) -> tuple[str | None, str | None, str | None]:
    """(name, position, phone) from `法定代表人：谭芳，该公司董事长，联系电话…`."""
    for unit in units:
        m = _REP_RE.match(unit)
        rest = m.group("rest") if m else unit
        name_m = re.match(r"\s*(?P<v>[^，,。；;\s（(]+)", rest)
        if not name_m:
            continue
        name = name_m.group("v")
        after = rest[name_m.end():]
        position = _first(_POSITION_LABEL_RE, after)
        if not position:
            paren = re.match(r"\s*[（(](?P<v>[^）)]{1,10})[）)]", after)
            position = paren.group("v") if paren else None
        if not position:
            for clause in re.split(r"[，,。；;]", after):
                pm = _POSITION_RE.fullmatch(clause.strip())
                if pm:
                    position = pm.group("v")
                    break
        return name, position, _phone(after)
    return None, None, None


def parse_block(block: _Block) -> dict:
    party = empty_party()
    text = block.text
    party["name"] = _name(text)
    rep_text = "，".join(block.rep)
    # the company's own details sometimes follow its representative (`法定代表人：…，住所：…`)
    credit_code = _compact_code(_first(_CREDIT_RE, text) or _first(_CREDIT_RE, rep_text))
    rep_name, rep_position, rep_phone = _representative(block.rep)
    if rep_position is None and rep_name:
        rep_position = _first(_POSITION_LABEL_RE, text)
    organization = _is_organization(party["name"], credit_code, rep_name)
    party["kind"] = "organization" if organization else "person"
    party["address"] = _address(text) or (_address(rep_text) if organization else None)
    party["phone"] = _phone(text) or rep_phone
    if organization:
        if not credit_code:
            bare = re.search(r"(?<![0-9A-Z])[0-9A-Y]{2}[0-9]{6}[0-9A-Y]{10}(?![0-9A-Z])", _without_ids(text))
            credit_code = bare.group(0) if bare and re.search("[A-Z]", bare.group(0)) else None
        party.update(credit_code=credit_code, legal_representative=rep_name, position=rep_position)
    else:
        id_number = _compact_code(_first(_ID_RE, text))
        if not id_number:
            bare = _BARE_ID_RE.search(text)
            id_number = bare.group(0).upper() if bare else None
        party.update(
            gender=_gender(text),
            birth_date=_birth_date(text),
            ethnicity=_ethnicity(text),
            id_number=id_number,
        )
    return party


def _gender(text: str) -> str | None:
    m = _GENDER_RE.search(text)
    return (m.group("a") or m.group("b")) if m else None


def _ethnicity(text: str) -> str | None:
    m = _ETHNIC_RE.search(text)
    if not m:
        return None
    return (m.group("a") or m.group("b")) + "族"


def parse_parties(paragraphs: list[str]) -> tuple[list[dict], list[dict]]:
    """(applicants, respondents) from the party area's paragraphs."""
    applicants, respondents = [], []
    for block in split_blocks(paragraphs):
        if block.side == "other":
            continue
        party = parse_block(block)
        if party["name"] is None and not any(party[k] for k in ("id_number", "credit_code", "address")):
            continue
        (applicants if block.side == "applicants" else respondents).append(party)
    return applicants, respondents
