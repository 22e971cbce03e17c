"""fpdf2 with an embedded TrueType subset (WenQuanYi Zen Hei), laid out like
a Word/WPS form exported to PDF: parties in a bordered table whose narrow
value cells wrap identifiers and addresses, signatures in a bordered grid."""

from __future__ import annotations

import datetime as dt
import logging
import random

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from .blocks import Block, compat_text
from .content import Agreement, roles
from .fake import Party, write_date
from .marks import draw_on_fpdf

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FAMILY = "zenhei"



class Form(FPDF):
    def __init__(self, look: dict):
        super().__init__(unit="pt", format="A4")
        self.look = look
        self.set_margins(64, 56, 64)
        self.set_auto_page_break(True, 60)
        self.add_font(FAMILY, fname=FONT_FILE, collection_font_number=0)
        self.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))

    def t(self, text: str) -> str:
        return compat_text(text, self.look.get("fullwidth_digits", False), self.look.get("radicals", False))

    def para(self, text: str, size: float = 10.5, align: str = "L") -> None:
        self.set_font(FAMILY, size=size)
        self.multi_cell(0, size * 1.7, self.t(text), align=align, wrapmode=WrapMode.CHAR,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _party_rows(label: str, party: Party, date_style: str) -> list[list[str]]:
    if party.kind == "person":
        rows = [[label, party.name, "性别", party.gender],
                ["出生日期", write_date(party.birth_date, date_style), "民族", party.ethnicity or ""],
                ["身份证号码", party.shown_id or "", "联系电话", party.shown_phone],
                ["住址", party.address, "", ""]]
    else:
        title = "负责人" if party.name.endswith("业主委员会") else "法定代表人"
        rows = [[label, party.name, "统一社会信用代码", party.credit_code],
                ["住所地", party.address, "联系电话", party.shown_phone],
                [title, party.legal_representative, "职务", party.position]]
    if party.agent:
        rows.append(["委托代理人", party.agent.name, "联系电话", party.agent.phone])
    return rows


def _parties_table(pdf: Form, doc, rng: random.Random) -> None:
    rows = []
    for label, party in roles(doc):
        rows += _party_rows(label, party, doc.styles.date)
    pdf.set_font(FAMILY, size=10.5)
    value_width = rng.choice([92, 100, 108])  # narrow enough that an 18-digit id wraps
    widths = (100, value_width, 112, 100)
    if pdf.look.get("inline_cells"):  # WPS style: `label：value` inside one cell
        rows = [[f"{a}：{b}" if a else "", f"{c}：{d}" if c else ""] for a, b, c, d in rows]
        widths = (200, 212)
    with pdf.table(col_widths=widths, width=sum(widths), first_row_as_headings=False,
                   text_align="LEFT", wrapmode=WrapMode.CHAR, line_height=14, align="LEFT",
                   v_align="TOP", padding=3) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(pdf.t(cell))
    pdf.ln(6)


def _slots(pdf: Form, blocks: list[Block], organization: str | None, rng: random.Random) -> None:
    label_width, mark_width = 230, 200
    for block in blocks:
        height = 96 if block.slot == "organization" else (
            52 if block.mark == "stamp" else 34)
        if pdf.will_page_break(height):
            pdf.add_page()
        x, top = pdf.get_x(), pdf.get_y()
        label = block.text.rstrip("：")
        if organization and block.slot == "organization":
            label += organization  # the organisation's name written inside its slot
        pdf.set_font(FAMILY, size=10.5)
        pdf.multi_cell(label_width, 15, pdf.t(label), border=0, wrapmode=WrapMode.CHAR,
                       new_x=XPos.LEFT, new_y=YPos.TOP)
        pdf.rect(x, top, label_width, height)
        pdf.rect(x + label_width, top, mark_width, height)
        if block.mark:
            inner = x + label_width + rng.uniform(8, 40)
            if block.mark in ("seal", "stamp"):
                side = height - 8
                draw_on_fpdf(pdf, block.mark, (inner, top + 4, side, side), rng)
            else:
                draw_on_fpdf(pdf, block.mark, (inner, top + 4, rng.uniform(60, 120), height - 8), rng)
        pdf.set_xy(x, top + height)
    pdf.ln(4)


def produce(doc, blocks: list[Block], path: str, look: dict, rng: random.Random) -> int:
    """`blocks` (built with the "table" party style) become the page; returns the page count."""
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "BDF not subset" noise
    pdf = Form(look)
    pdf.add_page()
    body = [b for b in blocks if b.kind != "slot"]
    slots = [b for b in blocks if b.kind == "slot"]
    in_slot = isinstance(doc, Agreement) and rng.random() < 0.5
    for block in body:
        if block.kind == "parties":
            _parties_table(pdf, doc, rng)
        elif in_slot and block.text.startswith("调解组织："):
            continue  # this form names the organisation inside the seal slot instead
        else:
            if slots and block is body[-1]:  # the signing grid sits just above the date
                _slots(pdf, slots, doc.organization if in_slot else None, rng)
            size, align = {"title": (16, "C"), "number": (10.5, "R"), "right": (10.5, "R")}.get(block.kind, (10.5, "L"))
            pdf.para(block.text, size=size, align=align)
    pdf.output(path)
    return pdf.pages_count
