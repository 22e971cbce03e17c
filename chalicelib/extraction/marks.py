"""Marks that may be signatures or seals (签名、印章) and their colour.

Images and freehand drawings (curves, slanted strokes); red ones are seals
(an image's pixels sampled only when asked); red characters (a vector seal's
lettering) become marks too, in `layout.read_page`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .pdfobjects import PageObjects
from .safety import inflate_bounded


@dataclass
class Mark:
    """An image or a drawing that could be a signature or a seal."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    kind: str  # "image" | "drawing" | "text"
    colour: bool | None  # red? None for an image not looked at yet
    image: dict | None = None

    @property
    def red(self) -> bool:
        """Red ink (a seal). An image's pixels are only sampled when someone asks:
        most marks sit in a party's or the mediator's slot, where colour does not matter."""
        if self.colour is None:
            self.colour = image_is_red(self.image) if self.image else False
            self.image = None
        return self.colour

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


# ---------------------------------------------------------------- colours

def is_red(color) -> bool:
    """RGB (r high, g/b low) or CMYK (magenta + yellow, little cyan/black)."""
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return False
    if len(color) == 3:
        r, g, b = color
        return r > 0.55 and g < 0.45 and b < 0.45 and r - max(g, b) > 0.3
    if len(color) == 4:
        c, m, y, k = color
        return m > 0.5 and y > 0.3 and c < 0.35 and k < 0.35
    return False


def image_is_red(image: dict) -> bool:
    """Sample an image's pixels; red when a noticeable share is clearly red."""
    try:
        pixels = _image_pixels(image)
    except Exception:  # undecodable image data: treat as not red, never fail
        return False
    if not pixels:
        return False
    red = sum(1 for r, g, b in pixels if r > 140 and g < 110 and b < 110 and r - max(g, b) > 60)
    return red >= 5 and red / len(pixels) >= 0.01


def _image_pixels(image: dict, limit: int = 4000) -> list[tuple[int, int, int]]:
    if "pixels" in image:  # sampled when pdfium read the page (pdfium_page)
        return image["pixels"]
    stream = image["stream"]
    filters = stream.get_filters()
    names = [getattr(f, "name", str(f)) for f, _ in filters]
    if "DCTDecode" in names or "JPXDecode" in names:
        import io

        from PIL import Image

        raw = stream.get_rawdata() if hasattr(stream, "get_rawdata") else stream.rawdata
        with Image.open(io.BytesIO(raw)) as img:
            img.draft("RGB", (64, 64))
            small = img.convert("RGB").resize((48, 48))
            return list(small.getdata())
    width, height = image["srcsize"]
    if not width or not height or image.get("bits") != 8:
        return []
    channels, palette = _colour_model(image.get("colorspace") or [])
    if channels not in (1, 3, 4) or width * height > 4_000_000:  # a photo, not a seal: not worth inflating
        return []
    # PNG predictors add one byte per row; anything beyond that is a lie or a bomb
    data = inflate_bounded(stream, width * height * channels + height + 1024)
    if data is None or len(data) < width * height * channels:
        return []
    step = max(1, (width * height) // limit)
    out = []
    for i in range(0, width * height, step):
        px = data[i * channels:(i + 1) * channels]
        if palette is not None:
            out.append(palette[px[0]] if px[0] < len(palette) else (255, 255, 255))
        elif channels == 3:
            out.append((px[0], px[1], px[2]))
        elif channels == 4:
            c, m, y, k = px
            out.append((255 - min(255, c + k), 255 - min(255, m + k), 255 - min(255, y + k)))
        else:
            out.append((px[0], px[0], px[0]))
    return out


def _colour_model(space: list) -> tuple[int, list | None]:
    """(components per pixel, RGB palette of an Indexed image) for an image colour space."""
    from pdfminer.pdftypes import PDFStream, resolve1

    name = str(resolve1(space[0])) if space else ""
    if "Indexed" in name and len(space) >= 4:
        base_channels, _ = _colour_model([resolve1(space[1])])
        lookup = resolve1(space[3])
        table = lookup.get_data() if isinstance(lookup, PDFStream) else lookup
        if base_channels != 3 or not isinstance(table, bytes):
            return 0, None
        return 1, [tuple(table[i:i + 3]) for i in range(0, len(table) - 2, 3)]
    if "ICCBased" in name and len(space) >= 2:
        profile = resolve1(space[1])
        components = resolve1(profile.get("N")) if isinstance(profile, PDFStream) else None
        return (components if components in (1, 3, 4) else 0), None
    if "RGB" in name:
        return 3, None
    if "CMYK" in name:
        return 4, None
    if "Gray" in name:
        return 1, None
    return 0, None


# ---------------------------------------------------------------- marks

def drawing_marks(page: PageObjects) -> list[Mark]:
    """Freehand strokes: curves, slanted or short lines; ruling lines and underlines are not marks."""
    marks = []
    for obj in page.curves + page.lines + page.rects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        red = is_red(obj.get("stroking_color")) or (obj.get("fill") and is_red(obj.get("non_stroking_color")))
        kind = obj["object_type"]
        axis_aligned = w < 2 or h < 2
        if kind == "rect" and not red:
            continue  # cell shading, boxes
        if kind == "line" and axis_aligned and not red:
            continue  # table rulings, underlines for a signature
        if max(w, h) < 1:
            continue
        marks.append(Mark(page.number, obj["x0"], obj["top"], obj["x1"], obj["bottom"], "drawing", bool(red)))
    # A seal or stamp is drawn whole (ring, star): two parties' stamps that touch stay two marks
    red = [m for m in marks if m.colour and max(m.x1 - m.x0, m.bottom - m.top) >= 8]
    return merge_marks([m for m in marks if not m.colour]) + red


def merge_marks(marks: list[Mark], gap: float = 6.0) -> list[Mark]:
    """Strokes of one signature, close to each other, become one mark; red
    (a seal) and other ink stay apart, as a seal often overlaps a signature."""
    merged: list[Mark] = []
    for m in sorted(marks, key=lambda m: (m.top, m.x0)):
        for other in merged:
            if (m.red == other.red and m.x0 <= other.x1 + gap and other.x0 <= m.x1 + gap
                    and m.top <= other.bottom + gap and other.top <= m.bottom + gap):
                other.x0, other.top = min(other.x0, m.x0), min(other.top, m.top)
                other.x1, other.bottom = max(other.x1, m.x1), max(other.bottom, m.bottom)
                break
        else:
            merged.append(m)
    return [m for m in merged if max(m.x1 - m.x0, m.bottom - m.top) >= 8]


def is_scanned(page: PageObjects) -> bool:
    area = page.width * page.height
    return any((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) > 0.5 * area for i in page.images)


def image_marks(page: PageObjects) -> list[Mark]:
    area = page.width * page.height
    marks = []
    for image in page.images:
        w, h = image["x1"] - image["x0"], image["bottom"] - image["top"]
        if w * h > 0.5 * area or w < 4 or h < 4:
            continue  # a scanned page background or a speck, not a signature
        marks.append(Mark(page.number, image["x0"], image["top"], image["x1"], image["bottom"], "image", None, image))
    return marks
