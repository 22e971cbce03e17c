"""Web-system print views: a case system's HTML page printed by headless Chromium.

What such prints carry: a system bar with the system's own 案件编号 and
打印时间 (neither the agreement number nor the application date); party blocks
as CSS grids (label cell | value cell, the address spanning three cells) or
`<dl>` lists; a QR code; `@page` footers `第 X 页 共 Y 页`; e-signature images with their
电子签名时间; seals as SVG, the name set on a circular path in red.  With
Noto CJK, Chromium writes Type 3 fonts whose ToUnicode maps many characters
to Kangxi / CJK radical code points (⼈ ⺠ ⻰).

CI may lack Chromium, so the PDFs are generated once and committed with
their truth under `webprint/`; regenerate them with

    .venv/bin/python -m tests.extraction.corpus.webprint_producer
"""

from __future__ import annotations

import base64
import html
import random
import subprocess
import tempfile
from pathlib import Path

from .blocks import Block, enumerate_items
from .content import Agreement, roles
from .fake import write_date
from .marks import scribble_png

COMMITTED = Path(__file__).with_name("webprint")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer")

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
        @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC"; font-size: 11pt; color: #222; }
.bar { display: flex; justify-content: space-between; font-size: 8.5pt; color: #555;
       border-bottom: 1px solid #999; padding-bottom: 4px; margin-bottom: 14px; }
h1 { text-align: center; font-size: 18pt; margin: 6px 0 4px; }
.number { text-align: center; margin-bottom: 10px; }
h3 { font-size: 11.5pt; margin: 12px 0 4px; background: #eef2f7; padding: 3px 6px; }
.grid { display: grid; grid-template-columns: 160px 1fr 160px 1fr; border-top: 1px solid #ccd; }
.grid div { padding: 4px 6px; border-bottom: 1px solid #ccd; }
.grid .label { background: #f6f7f9; color: #444; }
.grid .wide { grid-column: span 3; }
dl { display: grid; grid-template-columns: 160px 1fr; margin: 0; }
dt { color: #444; padding: 2px 0; } dd { margin: 0; padding: 2px 0; }
dl.stacked { display: block; } dl.stacked dt { font-size: 9pt; padding-top: 5px; }
.section { margin-top: 12px; } .section h2 { font-size: 12pt; margin: 0 0 4px; }
ol { margin: 2px 0 2px 0; padding-left: 0; list-style: none; } li { margin: 2px 0; }
p { margin: 3px 0; text-indent: 2em; line-height: 1.6; }
table.plan { border-collapse: collapse; margin: 4px 0 6px 2em; }
table.plan td { border: 1px solid #555; padding: 3px 10px; }
.right { text-align: right; margin-right: 30px; }
.slots { display: grid; grid-template-columns: 1fr 1fr; gap: 10px 30px; margin-top: 16px; }
.slot { min-height: 112px; position: relative; break-inside: avoid; }
.slot img { height: 34px; vertical-align: middle; }
.slot svg { position: absolute; left: 150px; top: 0; }
.stamp-time { font-size: 8pt; color: #666; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _seal_svg(name: str, size: int, rng: random.Random) -> str:
    """A round red seal: the name on a circular path, a star in the middle."""
    r = size / 2 - 3
    ident = f"p{rng.randrange(10 ** 9)}"
    return (f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}">'
            f'<defs><path id="{ident}" d="M {size / 2 - r + 9},{size / 2} a {r - 9},{r - 9} 0 1,1 {2 * (r - 9)},0"/></defs>'
            f'<circle cx="{size / 2}" cy="{size / 2}" r="{r}" fill="none" stroke="#d11" stroke-width="2.5"/>'
            f'<text fill="#d11" font-size="{max(7, int(size / 9))}"><textPath href="#{ident}" startOffset="50%" '
            f'text-anchor="middle">{_e(name)}</textPath></text>'
            f'<text x="{size / 2}" y="{size / 2 + 6}" fill="#d11" font-size="18" text-anchor="middle">★</text></svg>')


def _qr_svg(rng: random.Random, modules: int = 21, size: int = 54) -> str:
    """A QR-like square of black modules with its three finder patterns (the system links the case)."""
    cell = size / modules
    dark = {(x, y) for x in range(modules) for y in range(modules) if rng.random() < 0.5}
    for fx, fy in ((0, 0), (modules - 7, 0), (0, modules - 7)):
        ring = {(fx + i, fy + j) for i in range(7) for j in range(7) if i in (0, 6) or j in (0, 6) or 2 <= i <= 4 and 2 <= j <= 4}
        dark = (dark - {(fx + i, fy + j) for i in range(7) for j in range(7)}) | ring
    rects = "".join(f'<rect x="{x * cell:.2f}" y="{y * cell:.2f}" width="{cell:.2f}" height="{cell:.2f}"/>'
                    for x, y in sorted(dark))
    return f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" fill="#000">{rects}</svg>'


def _signature_img(rng: random.Random) -> str:
    data = base64.b64encode(scribble_png(rng, 120, 40)).decode()
    return f'<img src="data:image/png;base64,{data}" alt="">'


def _person_cells(party, date_style: str) -> list[tuple[str, str]]:
    cells = [("姓名", party.name), ("性别", party.gender)]
    if party.ethnicity:
        cells.append(("民族", party.ethnicity))
    cells.append(("出生日期", write_date(party.birth_date, date_style)))
    if party.id_number:
        cells.append(("公民身份号码", party.shown_id))
    return cells + [("联系电话", party.shown_phone), ("住址", party.address)]


def _organization_cells(party) -> list[tuple[str, str]]:
    head = "负责人" if party.branch or party.name.endswith("业主委员会") else "法定代表人"
    return [("名称", party.name), ("统一社会信用代码", party.credit_code), (head, party.legal_representative),
            ("职务", party.position), ("联系电话", party.shown_phone), ("住所地", party.address)]


def _party_html(role: str, party, date_style: str, layout: str, colon: str) -> str:
    cells = _person_cells(party, date_style) if party.kind == "person" else _organization_cells(party)
    if layout in ("dl", "stacked"):  # stacked: each value on the line under its label
        rows = "".join(f"<dt>{_e(k)}{colon}</dt><dd>{_e(v)}</dd>" for k, v in cells)
        body = f'<dl class="{layout}">{rows}</dl>'

    else:  # rows of two label|value pairs; a long value takes a row of its own, spanning three cells
        out, pending = [], []
        for key, value in cells:
            cell = f'<div class="label">{_e(key)}{colon}</div>'
            if key in ("住址", "住所地", "名称", "统一社会信用代码") or len(value) > 14:
                out.append(cell + f'<div class="wide">{_e(value)}</div>')
            else:
                pending.append(cell + f"<div>{_e(value)}</div>")
                if len(pending) == 2:
                    out.append("".join(pending))
                    pending = []
        if pending:
            out.append(pending[0] + '<div class="label"></div><div></div>')
        body = '<div class="grid">' + "".join(out) + "</div>"
    agent = ""
    if party.agent:
        agent = (f'<dl><dt>委托代理人{colon}</dt><dd>{_e(party.agent.name)}，{_e(party.agent.description)}，'
                 f'电话{_e(party.agent.phone)}</dd></dl>')
    return f"<h3>{_e(role)}</h3>{body}{agent}"


def _items(items: list[str], rng: random.Random) -> str:
    return "<ol>" + "".join(f"<li>{_e(t)}</li>" for t in enumerate_items(items, rng)) + "</ol>"


def _bar(doc, rng: random.Random) -> str:
    day = doc.date if hasattr(doc, "date") else doc.signed_date
    printed = f"{day.year + rng.choice((0, 1))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} " \
              f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    number = f"SD{day.year}{rng.randint(100000, 999999)}"
    system = rng.choice(["新乡市诉调对接平台", "中小企业纠纷多元化解系统", "人民法院调解平台"])
    return (f'<div class="bar"><span>{system}</span><span>案件编号：{number}</span>'
            f'<span>打印时间：{printed}</span>{_qr_svg(rng)}</div>')


def page_html(doc, blocks: list[Block], rng: random.Random) -> str:
    layout, colon = rng.choice(["grid", "dl", "stacked"]), rng.choice(["", "："])
    label_width = rng.choice([160, 160, 120, 104])  # narrow: long labels wrap in their cell (`统一社会信用代` | `码`)
    date_style = doc.styles.date
    parts = [_bar(doc, rng), f"<h1>{_e(doc.title)}</h1>"]
    if isinstance(doc, Agreement):
        parts.append(f'<div class="number">协议编号：{_e(doc.number)}</div>')
    parts += [_party_html(role, party, date_style, layout, colon) for role, party in roles(doc)]
    if isinstance(doc, Agreement):
        parts.append(_agreement_body(doc, rng))
    else:
        parts.append(f'<div class="section"><h2>请求事项：</h2>{_items([c.text for c in doc.dispute.claims], rng)}</div>')
        parts.append('<div class="section"><h2>事实与理由：</h2>'
                     + "".join(f"<p>{_e(p)}</p>" for p in doc.dispute.facts) + "</div>")
        parts.append(f"<p>此致</p><p>{_e(doc.court)}</p>")
        signed = write_date(doc.date, date_style)
        parts.append(f'<div class="right">申请人（签名）：{_signature_img(rng)}<br>'
                     f'<span class="stamp-time">电子签名时间：{doc.date.isoformat()} {rng.randint(8, 18):02d}:'
                     f'{rng.randint(10, 59)}</span><br>{rng.choice(["申请日期：", ""])}{_e(signed)}</div>')
    css = CSS.replace("160px", f"{label_width}px")
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head>'
            f'<body>{"".join(parts)}</body></html>')


def _agreement_body(doc: Agreement, rng: random.Random) -> str:
    parts = ['<div class="section"><h2>纠纷简要情况：</h2>' + "".join(f"<p>{_e(p)}</p>" for p in doc.dispute.facts)
             + "</div>", '<div class="section"><h2>经调解，双方自愿达成如下协议：</h2>']
    items = enumerate_items(doc.terms, rng)
    for index, item in enumerate(items):
        if doc.table and index == doc.table_after:
            rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in doc.table)
            parts.append(f'<p>{_e(item[:-1])}：</p><table class="plan">{rows}</table>')
        else:
            parts.append(f"<p>{_e(item)}</p>")
    parts.append("</div>")
    parts.append(f"<p>调解组织：{_e(doc.organization)}</p><p>调解员：{_e(doc.mediator)}</p>")
    slots = []
    for role, party in roles(doc):
        mark = doc.marks.get(party.name)
        if mark == "stamp":
            sign = _seal_svg(party.name, 92, rng)
        elif mark:
            sign = _signature_img(rng) + f'<br><span class="stamp-time">电子签名时间：{doc.signed_date.isoformat()}</span>'
        else:
            sign = ""
        slots.append(f'<div class="slot">{_e(role.partition("（")[0])}（签名或盖章）：{sign}</div>')
    slots.append(f'<div class="slot">调解员（签名）：{_signature_img(rng) if doc.mediator_signed else ""}</div>')
    seal = _seal_svg(doc.organization, 110, rng) if doc.seal else ""
    slots.append(f'<div class="slot">调解组织（盖章）：{seal}</div>')
    parts.append('<div class="slots">' + "".join(slots) + "</div>")
    parts.append(f'<p class="right">{rng.choice(["签订日期：", "日期：", ""])}{_e(write_date(doc.signed_date, doc.styles.date))}</p>')
    return "".join(parts)



def print_pdf(page: str, path: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch, "page.html")
        source.write_text(page, encoding="utf-8")
        subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--print-to-pdf={path}", source.as_uri()],
                       check=True, capture_output=True, timeout=120)


def produce(doc, blocks: list[Block], path: str, look: dict, rng: random.Random) -> int:
    """Print the page with Chromium; returns the page count."""
    import pypdfium2 as pdfium

    print_pdf(page_html(doc, blocks, rng), path)
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    """Regenerate the committed print views and their truth."""
    from .build import cases, generate

    COMMITTED.mkdir(exist_ok=True)
    for case in cases():
        if case.producer == "webprint":
            generate(case, COMMITTED)
            print(case.name)


if __name__ == "__main__":
    main()
