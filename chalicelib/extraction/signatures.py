"""Signature slots of an agreement and the marks inside them (签名与盖章).

A slot is a label such as `甲方（签名或盖章）：`, `调解员（签名）`, `调解组织（盖章）`
after the agreed terms (a party's own table row, `甲方 | 谭强`, is not one).
Each mark (image, freehand drawing, red lettering) is given to the slot whose
box holds it (a ruled grid's row, up to the next slot cell), otherwise to the
nearest slot vertically among those whose horizontal band (label start up to
the next slot on the same line) it overlaps: beside, above or below its
label. The organization's seal is a mark in the organization's slot, or a red
mark that no party or mediator slot claims (stamped over the name or date).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Line, Mark
from .vocabulary import APPLICANT_ROLES, RESPONDENT_ROLES

_SLOT_RE = re.compile(
    r"^(?P<role>被申请人|申请人|甲方|乙方|被申请方|申请方|人民调解员|调解员|人民调解委员会|调解委员会|调解组织|调解机构|调解单位)"
    r"(?P<num>[一二三四五六七八九十0-9]?)(?P<hint>[（(][^）)]{0,12}[）)]|签名|签字|签章|盖章|签名或盖章|签字或盖章)?[：:]?(?P<rest>.*)$")
_SIGN_HINT = re.compile(r"签|章|印|捺|押")
_BLANK = re.compile(r"^[_＿\s]*$")


@dataclass
class Slot:
    role: str  # "applicants" | "respondents" | "mediator" | "organization"
    label: str
    page: int
    x0: float
    x_end: float
    top: float
    bottom: float
    in_table: bool  # a cell of a ruled grid: its box is the whole row up to the next slot

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _role(word: str) -> str:
    if word in APPLICANT_ROLES:
        return "applicants"
    if word in RESPONDENT_ROLES:
        return "respondents"
    return "mediator" if word.endswith("调解员") else "organization"


def _is_slot(text: str) -> re.Match | None:
    m = _SLOT_RE.match(text)
    if not m:
        return None
    hint, rest = m.group("hint") or "", m.group("rest")
    if (_SIGN_HINT.search(hint) or _BLANK.match(rest) or _SIGN_HINT.match(rest)
            or re.search(r"[（(][^）)]{0,6}(?:签|章)[^）)]{0,6}[）)]", rest)):  # `甲方：张三（签字）`
        return m
    return None  # `调解员：徐军` names the mediator, it is not a place to sign


def _filled_by_a_value(cells, index: int) -> bool:
    """`甲方 | 谭强 | 性别 | 女` is a party's row, not a place to sign: the next cell holds text."""
    following = cells[index + 1].text.strip() if index + 1 < len(cells) else ""
    return bool(following) and not _is_slot(re.sub(r"\s+", "", following))


def find_slots(lines: list[Line], page_widths: list[float], after: tuple[int, float] | None) -> list[Slot]:
    """Slot labels among `lines` that lie after `after` (page, top): the signature block.

    A slot reaches right to the next slot on its line (or table row), else to
    the row's or the page's edge; in a table it spans its row.
    """
    slots = []
    for line in lines:
        if after and (line.page, line.top) < after:
            continue
        found = [(seg, m) for i, seg in enumerate(line.segments) if (m := _is_slot(re.sub(r"\s+", "", seg.text)))
                 and not (line.from_table and _filled_by_a_value(line.segments, i))]
        right = line.cell[2] if line.from_table and line.cell else page_widths[line.page - 1]
        for i, (seg, m) in enumerate(found):
            x_end = found[i + 1][0].x0 if i + 1 < len(found) else right
            top, bottom = (line.cell[1], line.cell[3]) if line.from_table and line.cell else (line.top, line.bottom)
            slots.append(Slot(_role(m.group("role")), re.sub(r"\s+", "", seg.text), line.page, seg.x0, x_end,
                              top, bottom, line.from_table))
    return slots


def _owner(mark: Mark, slots: list[Slot]) -> Slot | None:
    """The slot a mark belongs to: the one whose box holds its centre, else the
    nearest one vertically (a signature written beside, above or below its label)."""
    cx, cy = mark.center
    best, best_distance = None, None
    for slot in slots:
        if slot.page != mark.page or mark.x1 < slot.x0 - 10 or mark.x0 > slot.x_end:
            continue
        if slot.x0 - 2 <= cx <= slot.x_end + 2 and slot.top - 2 <= cy <= slot.bottom + 2 and slot.in_table:
            return slot
        height = min(slot.bottom - slot.top, 30.0)
        dy = cy - slot.cy
        if not -max(40.0, 3 * height) <= dy <= max(70.0, 6 * height):
            continue
        if best is None or abs(dy) < best_distance:
            best, best_distance = slot, abs(dy)
    return best


def read_signatures(slots: list[Slot], marks: list[Mark], applicants: list[dict], respondents: list[dict]) -> dict:
    """CONTRACT `signatures`: names of parties whose slot holds a mark, mediator mark, seal."""
    marked: set[int] = set()
    mediator = seal = False
    for mark in marks:
        slot = _owner(mark, slots)
        if slot is None:
            seal = seal or mark.red  # a seal stamped over the organisation's name, away from any slot
        elif slot.role == "organization":
            seal = True
        elif slot.role == "mediator":
            mediator = True
        else:
            marked.add(id(slot))
    names = []
    for side, parties in (("applicants", applicants), ("respondents", respondents)):
        side_slots = [s for s in slots if s.role == side]
        for slot_index, slot in enumerate(side_slots):
            if id(slot) not in marked:
                continue
            names += [p["name"] for p in _parties_of(slot, slot_index, side_slots, parties) if p["name"]]
    return {"parties": list(dict.fromkeys(names)), "mediator": mediator, "seal": seal}


def _parties_of(slot: Slot, index: int, side_slots: list[Slot], parties: list[dict]) -> list[dict]:
    named = [p for p in parties if p["name"] and p["name"] in slot.label]
    if named:
        return named
    if len(side_slots) == 1:
        return parties  # one slot for the whole side
    return [parties[index]] if index < len(parties) else []
