"""The corpus: a fixed, seeded list of cases, each written to PDF on demand.

`cases()` is cheap (no PDF is drawn) so tests can parametrise on it at
collection time; `materialise(case, directory)` writes `<name>.pdf` and
`<name>.json` (the ground truth) once and reuses them afterwards, so several
pytest workers can share one cache directory.
"""

from __future__ import annotations

import io
import json
import os
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    acroform_producer,
    camera,
    canvas_producer,
    platypus_producer,
    raw_producer,
    rltable_producer,
    webprint_producer,
    wordform_producer,
)
from .blocks import agreement_blocks, application_blocks
from .content import CATEGORIES, Options, Styles, agreement, application
from .fake import DATE_STYLES, MONEY_STYLES, MORE_DATE_STYLES, PHONE_STYLES

SEED = "sutiao-corpus-v1"
PRODUCERS = ("runin", "labelled", "platypus", "wordform", "rltable", "raw", "scan", "ocrscan",
             "multiparty", "instalment", "acroform", "webprint")


@dataclass(frozen=True)
class Case:
    name: str
    producer: str
    document_type: str
    options: Options
    look: dict = field(default_factory=dict, hash=False, compare=False)

    def rng(self) -> random.Random:
        return random.Random(f"{SEED}:{self.name}")

    def document(self):
        rng = self.rng()
        styles = Styles(date=self.look.get("date", "cn"), money=self.look.get("money", "plain"),
                        phone=self.look.get("phone", "plain"), id_lower_x=self.look.get("id_lower_x", False),
                        mixed_money=self.look.get("mixed_money", False))
        make = application if self.document_type == "application" else agreement
        return make(rng, self.options, styles)


SIDES = [  # (applicant kinds, respondent kinds)
    (("person",), ("organization",)),
    (("organization",), ("organization",)),
    (("person",), ("person",)),
    (("organization",), ("person",)),
    (("person", "person"), ("organization",)),
    (("organization",), ("person", "organization")),
    (("person", "organization"), ("organization", "person")),
]
UNSIGNED = [None, "respondent", None, "applicant", "mediator", None, "seal", "respondent"]
COUNTS = {"runin": 10, "labelled": 9, "platypus": 6, "wordform": 9, "rltable": 8, "raw": 6}


def _options(producer: str, kind: str, i: int) -> Options:
    sides = SIDES[i % len(SIDES)] if kind == "application" else SIDES[i % 6]
    broken_side = "applicants[0]" if i % 2 else "respondents[0]"
    options = Options(
        category=CATEGORIES[(i + len(producer)) % len(CATEGORIES)],
        applicants=sides[0], respondents=sides[1],
        broken=broken_side if i % 5 == 3 else None,
        authority="NY"[i % 2] if i % 4 == 2 else None,
        agent=i % 3 == 0,
    )
    if kind == "agreement":
        options.unsigned = UNSIGNED[(i + len(producer)) % len(UNSIGNED)]
        options.installments = i % 3 == 1
    if producer == "platypus":
        options.extra_facts = 8 + 3 * i
    if kind == "application" and (producer, i) in (("runin", 2), ("wordform", 6)):
        options.applicants = ("person",)
        options.mismatch, options.broken = "applicants[0]", None
    return options


def _look(producer: str, i: int) -> dict:
    money_styles = MONEY_STYLES + ("yen_full",)
    look = {"date": DATE_STYLES[(i + len(producer)) % len(DATE_STYLES)],
            "money": money_styles[(i * 3 + len(producer)) % len(money_styles)],
            "phone": PHONE_STYLES[(i + 2 * len(producer)) % 5] if (i + 2 * len(producer)) % 5 < 3 else "plain",
            "id_lower_x": i % 7 == 4,
            "mixed_money": i % 4 == 1}
    if producer in ("runin", "labelled"):
        look["fake_bold"] = {1: "labels", 4: "all", 7: "labels"}.get(i)
        look["fullwidth_digits"] = i % 4 == 2
        look["justified"] = i % 3 == 2
        look["shuffled"] = i % 4 == 3
        look["watermark"] = i in (5, 8)
        look["rules"] = i % 3 == 1
        look["condensed"] = i % 5 == 3
    if producer == "platypus":
        look["watermark"] = i % 2 == 1
        look["large"] = i % 2 == 0  # bigger type: fewer characters a line, more pages
    if producer == "rltable":
        look["by_column"] = i % 2 == 1
        look["official"] = i % 3 == 2
    if producer == "raw":
        look["labelled"] = i % 2 == 1
    if producer == "wordform":
        look["inline_cells"] = i % 3 == 1
        look["radicals"] = i % 3 == 2
        look["fullwidth_digits"] = i % 4 == 1
    return look


def _series(counts: dict[str, int], options, look, kinds=("application", "agreement")) -> list[Case]:
    """`count` cases of each producer and document type, numbered from 00."""
    return [Case(f"{producer}-{kind[:3]}-{i:02d}", producer, kind, options(producer, kind, i), look(producer, i))
            for producer, count in counts.items() for kind in kinds for i in range(count)]


def cases() -> list[Case]:
    out = _series(COUNTS, _options, _look)
    for i, kind in enumerate(("application", "agreement")):
        out.append(Case(f"scan-{kind[:3]}-{i:02d}", "scan", kind,
                        _options("scan", kind, i), {"date": "cn", "money": "upper"}))
    for i, (producer, date_style) in enumerate((("runin", "upper"), ("labelled", "cn"))):
        options = _options(producer, "agreement", i)
        options.category, options.installments, options.after_signing = "contract", False, True
        out.append(Case(f"{producer}-agr-after-signing-{i:02d}", producer, "agreement", options,
                        {**_look(producer, i), "date": date_style}))
    for i in range(2):  # agreements left out: a page image would cover every signature slot
        out.append(Case(f"ocrscan-app-{i:02d}", "ocrscan", "application", _options("ocrscan", "application", i),
                        _look("ocrscan", i)))
    return out + newer_cases()


NEWER_COUNTS = {"multiparty": 7, "acroform": 6, "webprint": 6}  # per document type
KINDS = ("person", "organization")


def _newer_options(producer: str, kind: str, i: int) -> Options:
    """Issue 10's variation: 2-4 parties a side, branches, agents with ids, interest, seals, tables."""
    rng = random.Random(f"{SEED}:{producer}:{kind}:{i}:options")
    many = producer == "multiparty" or i % 3 == 0
    sides = [tuple(rng.choice(KINDS) for _ in range(rng.randint(2, 4) if many else rng.randint(1, 2)))
             for _ in range(2)]
    options = Options(category=CATEGORIES[(i + len(producer) + len(kind)) % len(CATEGORIES)],
                      applicants=sides[0], respondents=sides[1],
                      broken=rng.choice(["applicants[0]", "respondents[0]"]) if i % 4 == 1 else None,
                      branches=i % 2 == 0, relatives=many, interest=kind == "application" and i % 2 == 1,
                      seal_only=kind == "agreement" and i % 2 == 0, agent=not many and i % 3 == 1)
    if kind == "agreement":
        options.unsigned = (None, "seal", "respondent", None, "mediator")[i % 5]
        options.schedule = 0 if producer == "multiparty" and i % 2 else 2 + i % 3
        if options.schedule:
            options.category = ("contract", "labor", "tort", "financial")[i % 4]  # disputes settled in money
    return options


def _newer_look(producer: str, i: int) -> dict:
    money = ("wan", "upper", "plain_and_upper", "comma", "upper_and_yen", "rmb_plain", "yen_full")
    return {"date": (MORE_DATE_STYLES + ("cn", "upper"))[i % 5], "money": money[(i + len(producer)) % len(money)],
            "phone": PHONE_STYLES[i % 3], "mixed_money": i % 3 == 2, "radicals": producer == "webprint",
            "labelled": i % 2 == 1, "flattened": i % 2 == 1}


def newer_cases() -> list[Case]:
    return (_series(NEWER_COUNTS, _newer_options, _newer_look)  # then agreements paid by instalments in a table
            + _series({"instalment": 10}, _newer_options, _newer_look, kinds=("agreement",)))


CAMERA = {"photo": camera.photograph, "flatscan": camera.scan}  # image-only: read by OCR (camera.py)
CAMERA_SOURCES = ("runin", "labelled", "multiparty")


def camera_cases(count: int = 10) -> list[Case]:
    """`count` phone photos and `count` flatbed scans of run-in, labelled and multi-party documents,
    applications and agreements in turn (issue 10); kept out of `cases()`, which the text engine reads."""
    out = []
    for producer in CAMERA:
        for i in range(count):
            source = CAMERA_SOURCES[i % len(CAMERA_SOURCES)]
            kind = ("application", "agreement")[i % 2]
            if source == "multiparty":
                options, look = _newer_options(source, kind, i), _newer_look(source, i)
            else:
                # full-width digits run past the right margin in a few lines: on paper they would be cut off
                options, look = _options(source, kind, i), {**_look(source, i), "watermark": False,
                                                             "fullwidth_digits": False}
            out.append(Case(f"{producer}-{kind[:3]}-{i:02d}", producer, kind, options, {**look, "source": source}))
    return out


def random_case(seed: int) -> Case:
    """A document drawn at random from every knob above (for fuzzing beyond the fixed corpus)."""
    rng = random.Random(f"{SEED}:random:{seed}")
    producer = rng.choice(("runin", "labelled", "platypus", "wordform", "rltable"))
    if random.Random(f"{SEED}:raw:{seed}").random() < 0.15:  # own draw: older seeds keep their documents
        producer = "raw"
    kind = rng.choice(("application", "agreement"))
    options = _options(producer, kind, rng.randrange(60))
    options.category = rng.choice(CATEGORIES)
    options.extra_facts = min(options.extra_facts, 20)  # past that the filler drowns the dispute itself
    look = _look(producer, rng.randrange(60))
    for knob in ("fake_bold", "justified", "shuffled", "watermark", "rules", "condensed", "fullwidth_digits"):
        if knob in look:
            look[knob] = rng.random() < 0.25 and ("labels" if knob == "fake_bold" else True)
    return Case(f"{producer}-{kind[:3]}-random{seed}", producer, kind, options, look)


def owner_locked_case() -> Case:
    """A run-in application encrypted with an owner password only (readable without one)."""
    return Case("runin-app-owner-locked", "runin", "application", _options("runin", "application", 3),
                {"date": "cn", "money": "yen", "owner_password": True})


def long_case(pages: int = 50) -> Case:
    """A flowing application of about `pages` pages (for the memory benchmark)."""
    options = Options(category="contract", extra_facts=round(pages * 12.7), agent=True)
    return Case(f"platypus-long-{pages}p", "platypus", "application", options, {"date": "cn", "money": "upper"})


# ---------------------------------------------------------------------------


def _render(case: Case, doc, path: str) -> int:
    if case.producer in CAMERA:  # drawn by its source producer, photographed or scanned afterwards
        return _render(Case(case.name, case.look["source"], case.document_type, case.options, case.look), doc, path)
    rng = random.Random(f"{SEED}:{case.name}:layout")
    make_blocks = application_blocks if case.document_type == "application" else agreement_blocks
    if case.producer in ("runin", "labelled", "scan", "ocrscan"):
        style = "labelled" if case.producer == "labelled" else "runin"
        knobs = ("fake_bold", "fullwidth_digits", "owner_password", "justified", "shuffled", "watermark", "rules",
                 "condensed")
        look = canvas_producer.CanvasLook(**{k: case.look[k] for k in knobs if k in case.look})
        blocks = make_blocks(doc, style, rng)
        if case.producer == "ocrscan":  # draw once, photograph the pages, draw the text again unseen
            canvas_producer.produce(blocks, path, look, random.Random(f"{SEED}:{case.name}:marks"))
            look.backgrounds = tuple(_page_images(path))
        return canvas_producer.produce(blocks, path, look, random.Random(f"{SEED}:{case.name}:marks"))
    if case.producer == "multiparty":
        style = "labelled" if case.look.get("labelled") else "runin"
        return canvas_producer.produce(make_blocks(doc, style, rng), path, canvas_producer.CanvasLook(),
                                       random.Random(f"{SEED}:{case.name}:marks"))
    if case.producer == "instalment":
        return platypus_producer.produce(make_blocks(doc, "runin", rng), path, rng, running_title=doc.title)
    if case.producer == "acroform":
        return acroform_producer.produce(doc, make_blocks(doc, "labelled", rng), path, case.look, rng)
    if case.producer == "webprint":
        return webprint_producer.produce(doc, make_blocks(doc, "table", rng), path, case.look, rng)
    if case.producer == "platypus":
        title = doc.title if case.document_type == "application" else f"{doc.title}  {doc.number}"
        size, leading = (17, 34) if case.look.get("large") else (13, 26)
        return platypus_producer.produce(make_blocks(doc, "runin", rng), path, rng, running_title=title,
                                         watermark=case.look.get("watermark", False), size=size, leading=leading)
    if case.producer == "rltable":
        return rltable_producer.produce(doc, path, rng, by_column=case.look.get("by_column", False),
                                        official=case.look.get("official", False))
    if case.producer == "raw":
        style = "labelled" if case.look.get("labelled") else "runin"
        return raw_producer.produce(make_blocks(doc, style, rng), path, rng)
    return wordform_producer.produce(doc, make_blocks(doc, "table", rng), path, case.look, rng)


def _page_images(path: str) -> list[bytes]:
    """Each page of the PDF at `path` as a greyscale 150 dpi PNG."""
    out = []
    for image in _pictures(path):
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        out.append(buffer.getvalue())
    return out


def _pictures(path: str) -> list:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    images = [page.render(scale=150 / 72, grayscale=True).to_pil().convert("L") for page in document]
    document.close()
    return images


def _rasterise(path: str) -> None:
    """Replace the PDF at `path` by page images only: a scan without a text layer."""
    images = _pictures(path)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    Path(path).write_bytes(buffer.getvalue())


def materialise(case: Case, directory: str | os.PathLike) -> tuple[Path, dict]:
    """Write the case's PDF and truth under `directory` unless already there."""
    directory = Path(directory)
    pdf, truth_file = directory / f"{case.name}.pdf", directory / f"{case.name}.json"
    if pdf.exists() and truth_file.exists():
        return pdf, json.loads(truth_file.read_text(encoding="utf-8"))
    if case.producer == "webprint":  # printed once by Chromium and committed (CI may have no browser)
        committed = webprint_producer.COMMITTED / pdf.name
        return committed, json.loads(committed.with_suffix(".json").read_text(encoding="utf-8"))
    return generate(case, directory)


def generate(case: Case, directory: Path) -> tuple[Path, dict]:
    """Draw the case's PDF and write it with its truth under `directory`."""
    pdf, truth_file = directory / f"{case.name}.pdf", directory / f"{case.name}.json"
    directory.mkdir(parents=True, exist_ok=True)
    doc = case.document()
    truth = doc.truth()
    with tempfile.TemporaryDirectory(dir=directory) as scratch:
        scratch_pdf = os.path.join(scratch, "out.pdf")
        truth["pages"] = _render(case, doc, scratch_pdf)
        if case.producer == "scan":
            _rasterise(scratch_pdf)
            truth["text_layer"] = False
            truth["scan"] = True
        if case.producer in CAMERA:
            CAMERA[case.producer](scratch_pdf, random.Random(f"{SEED}:{case.name}:camera"))
            truth["text_layer"] = False
            truth["ocr"] = case.producer
            truth["fields"]["signatures"] = None  # marks on an image are not judged (extraction.ocr.marking)
        scratch_json = os.path.join(scratch, "out.json")
        Path(scratch_json).write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(scratch_pdf, pdf)  # atomic: a concurrent worker sees all or nothing
        os.replace(scratch_json, truth_file)
    return pdf, truth
