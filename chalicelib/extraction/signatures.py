"""Signature slots of an agreement and the marks inside them (签名与盖章).

A slot is a label such as `甲方（签名或盖章）：`, `调解员（签名）`, `调解组织（盖章）`
after the agreed terms. Each mark (image, freehand drawing, red lettering) is
given to the slot whose label it sits beside: inside the same table row when
the slot is a table cell, otherwise the nearest slot vertically among those
whose horizontal band (label start up to the next slot on the same line) the
mark overlaps. The organization's seal is a mark in the organization's slot,
or a red mark that no party or mediator slot claims.
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
    row: tuple[float, float, float, float] | None  # table row bbox when the slot is a table cell

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _role(word: str) -> str:
    if word in APPLICANT_ROLES:
        return "applicants"
    if word in RESPONDENT_ROLES:
        return "respondents"
    return "mediator" if word.endswith("调解员") else "organization"


def find_slots(lines: list[Line], page_widths: list[float], after: tuple[int, float] | None) -> list[Slot]:
    """Slot labels among `lines` that lie after `after` (page, top): the signature block."""
    slots = []
    for line in lines:
        if after and (line.page, line.top) < after:
            continue
        segments = line.segments[:1] if line.from_table else line.segments
        for i, seg in enumerate(segments):
            text = re.sub(r"\s+", "", seg.text)
            m = _SLOT_RE.match(text)
            if not m:
                continue
            hint, rest = m.group("hint") or "", m.group("rest")
            if not (_SIGN_HINT.search(hint) or _BLANK.match(rest) or _SIGN_HINT.match(rest)
                    or re.search(r"[（(][^）)]{0,6}(?:签|章)[^）)]{0,6}[）)]", rest)):  # `甲方：张三（签字）`
                continue  # `调解员：徐军` names the mediator, it is not a place to sign
            x_end = segments[i + 1].x0 if i + 1 < len(segments) and not line.from_table else page_widths[line.page - 1]
            slots.append(Slot(_role(m.group("role")), text, line.page, seg.x0, x_end, line.top, line.bottom,
                              line.cell if line.from_table else None))
    return slots


def _owner(mark: Mark, slots: list[Slot]) -> Slot | None:
    cx, cy = mark.center
    on_page = [s for s in slots if s.page == mark.page]
    for slot in on_page:
        if slot.row and slot.row[0] - 2 <= cx <= slot.row[2] + 2 and slot.row[1] - 2 <= cy <= slot.row[3] + 2:
            return slot
    best, best_dy = None, None
    for slot in on_page:
        if slot.row or mark.x1 < slot.x0 - 10 or mark.x0 > slot.x_end:
            continue
        height = slot.bottom - slot.top
        dy = cy - slot.cy
        if not -max(40.0, 3 * height) <= dy <= max(70.0, 6 * height):
            continue
        if best is None or abs(dy) < best_dy:
            best, best_dy = slot, abs(dy)
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
