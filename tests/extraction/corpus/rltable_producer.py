"""ReportLab platypus tables with ReportLab's own TrueType embedding (many
256-glyph subsets of WenQuanYi Zen Hei): a court-style 申请表 form where each
party is a group of rows under a merged role cell (or, `by_column`, one
column per party side by side), claims and facts sit in big cells, and the
signatures of an agreement go in a ruled grid; agreements may follow the
Ministry of Justice 人民调解协议书 form."""

from __future__ import annotations

import random

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .blocks import Wording, enumerate_items, signature_slots
from .content import Agreement, Application, roles
from .fake import Party, write_date
from .marks import draw_on_canvas
from .wordform_producer import FONT_FILE

FONT = "ZenHeiRL"


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))


class Mark(Flowable):
    """A signature or seal drawn inside a table cell."""

    def __init__(self, kind: str | None, width: float, height: float, rng: random.Random):
        super().__init__()
        self.kind, self.width, self.height, self.rng = kind, width, height, rng

    def wrap(self, *_):
        return self.width, self.height

    def draw(self):
        if not self.kind:
            return
        if self.kind in ("seal", "stamp"):
            side = self.height - 4
            box = (self.rng.uniform(0, self.width - side), 2, side, side)
        else:
            box = (self.rng.uniform(0, 30), 4, self.rng.uniform(60, self.width - 40), self.height - 8)
        draw_on_canvas(self.canv, self.kind, box, self.height, self.rng)


def _party_rows(role: str, party: Party, date_style: str, p) -> tuple[list[list], int]:
    """Rows of one party and how many there are (the role cell spans them)."""
    if party.kind == "person":
        rows = [[p(role), p("姓名"), p(party.name), p("性别"), p(party.gender)],
                ["", p("出生日期"), p(write_date(party.birth_date, date_style)), p("民族"), p(party.ethnicity or "")],
                ["", p("身份证号码"), p(party.shown_id or ""), "", ""],
                ["", p("住址"), p(party.address), "", ""],
                ["", p("联系电话"), p(party.shown_phone), "", ""]]
    else:
        title = "负责人" if party.name.endswith("业主委员会") else "法定代表人"
        rows = [[p(role), p("名称"), p(party.name), "", ""],
                ["", p("统一社会信用代码"), p(party.credit_code), "", ""],
                ["", p("住所地"), p(party.address), "", ""],
                ["", p(title), p(party.legal_representative), p("职务"), p(party.position)],
                ["", p("联系电话"), p(party.shown_phone), "", ""]]
    if party.agent:
        rows.append([p("委托代理人"), p("姓名"), p(party.agent.name), p("电话"), p(party.agent.phone)])
    return rows, 5


def _span_styles(first_row: int, rows: list[list], group: int) -> list[tuple]:
    styles = [("SPAN", (0, first_row), (0, first_row + group - 1))]
    for offset, row in enumerate(rows[:group]):
        if row[3] == "" and row[4] == "":
            styles.append(("SPAN", (2, first_row + offset), (4, first_row + offset)))
    return styles


def _by_column(doc, p) -> tuple[list[list], list[tuple], list[float]]:
    """One column per party: the 申请表 layout with 申请人 and 被申请人 side by side."""
    parties = roles(doc)

    def value(party: Party, key: str) -> str:
        if key == "birth_date":
            return write_date(party.birth_date, doc.styles.date) if party.birth_date else ""
        if key == "agent":
            return f"{party.agent.name} {party.agent.phone}" if party.agent else ""
        return {"phone": party.shown_phone, "id_number": party.shown_id}.get(key, getattr(party, key)) or ""

    labels = [("姓名（名称）", "name"), ("性别", "gender"), ("出生日期", "birth_date"), ("民族", "ethnicity"),
              ("身份证号码", "id_number"), ("统一社会信用代码", "credit_code"), ("住所地（住址）", "address"),
              ("法定代表人", "legal_representative"), ("职务", "position"), ("联系电话", "phone"),
              ("委托代理人", "agent")]
    rows = [[""] + [p(role) for role, _ in parties]]
    rows += [[p(label)] + [p(value(party, key)) for _, party in parties] for label, key in labels]
    width = (450 - 96) / len(parties)
    return rows, [], [96] + [width] * len(parties)


def produce(doc, path: str, rng: random.Random, by_column: bool = False, official: bool = False) -> int:
    """`official`: an agreement on the Ministry of Justice 人民调解协议书 form —
    the organisation named above the title, facts and agreement in ruled cells."""
    register_font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=30, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    p = lambda text: Paragraph(text, body)  # noqa: E731
    words = Wording.pick(rng)
    is_agreement = isinstance(doc, Agreement)
    official = official and is_agreement
    story = [Paragraph(doc.organization, title)] if official else []
    story.append(Paragraph(doc.title if is_agreement else rng.choice([doc.title, "民事纠纷调解申请表"]), title))
    if is_agreement:
        story.append(Paragraph(doc.number, right))
    story.append(Spacer(1, 8))

    rows, styles, widths = [], [], [62, 92, 150, 46, 100]
    if by_column:
        rows, styles, widths = _by_column(doc, p)
    else:
        for role, party in roles(doc):
            group, size = _party_rows(role, party, doc.styles.date, p)
            styles += _span_styles(len(rows), group, size)
            rows += group
    if isinstance(doc, Application):
        claims = "<br/>".join(enumerate_items([c.text for c in doc.dispute.claims], rng))
        filler = [""] * (len(widths) - 2)
        rows.append([p(words.claims.rstrip("：")), p(claims)] + filler)
        rows.append([p(words.facts.rstrip("：")), p("<br/>".join(doc.dispute.facts))] + filler)
        last = len(widths) - 1
        styles += [("SPAN", (1, len(rows) - 2), (last, len(rows) - 2)), ("SPAN", (1, len(rows) - 1), (last, len(rows) - 1))]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + styles))
    story += [table, Spacer(1, 10)]

    if is_agreement:
        story += _agreement_tail(doc, words, rng, p, official)
    else:
        story += [p("此致"), p(doc.court), Spacer(1, 14), Paragraph(f"申请人{words.party_sign}", right),
                  Paragraph(write_date(doc.date, doc.styles.date), right)]
    document = SimpleDocTemplate(path, pagesize=A4, leftMargin=66, rightMargin=66, topMargin=60,
                                 bottomMargin=60, invariant=1)
    document.build(story)
    return document.page


def _official_cells(doc: Agreement, rng: random.Random, p) -> list:
    rows = [[p("纠纷主要事实、争议事项"), p("<br/>".join(doc.dispute.facts))],
            [p("经调解，自愿达成如下协议"), p("<br/>".join(enumerate_items(doc.terms, rng)))]]
    table = Table(rows, colWidths=[110, 300])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [table, Spacer(1, 8)]


def _agreement_tail(doc: Agreement, words: Wording, rng: random.Random, p, official: bool) -> list:
    if official:
        out = _official_cells(doc, rng, p)
    else:
        out = [p("纠纷简要情况：")] + [p("　　" + f) for f in doc.dispute.facts]
        out += [p(words.agreed)] + [p(t) for t in enumerate_items(doc.terms, rng)]
        out += [p(f"调解组织：{doc.organization}")]
    if not words.mediator_in_slot:
        out.append(p(f"{words.mediator}{doc.mediator}"))
    out.append(Spacer(1, 8))
    rows = []
    for block in signature_slots(doc, words):
        height = 80 if block.slot == "organization" else (50 if block.mark == "stamp" else 34)
        rows.append([p(block.text.rstrip("：")), Mark(block.mark, 200, height, random.Random(rng.random()))])
    grid = Table(rows, colWidths=[200, 210])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                              ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    date = write_date(doc.signed_date, doc.styles.date)
    return out + [grid, Spacer(1, 8), p(rng.choice([f"签订日期：{date}", date]))]
