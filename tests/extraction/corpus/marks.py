"""Signatures and seals: drawn strokes, scribble images, red stamps.

Coordinates given to the draw functions are a box (x, top, width, height) in
points measured from the page's top-left, whatever the producer's own origin.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw

RED = (0.85, 0.1, 0.1)
INKS = [(0.05, 0.05, 0.05), (0.1, 0.15, 0.55)]


def scribble(rng: random.Random, width: float, height: float) -> list[list[tuple[float, float]]]:
    """One to three strokes of a handwritten name, as polylines inside the box."""
    strokes = []
    for _ in range(rng.randint(1, 3)):
        points, x = [], rng.uniform(0, width * 0.2)
        while x < width * rng.uniform(0.7, 1.0):
            points.append((x, rng.uniform(height * 0.1, height * 0.9)))
            x += rng.uniform(width * 0.04, width * 0.12)
        if len(points) >= 2:
            strokes.append(points)
    return strokes or [[(0, height / 2), (width, height / 3)]]


def star(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    return points


def scribble_png(rng: random.Random, width: int, height: int) -> bytes:
    scale = 3
    image = Image.new("RGBA", (width * scale, height * scale), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    ink = tuple(int(c * 255) for c in rng.choice(INKS)) + (255,)
    for stroke in scribble(rng, width * scale, height * scale):
        draw.line(stroke, fill=ink, width=2 * scale, joint="curve")
    return _png(image)


def scribble_jpeg(rng: random.Random, width: int, height: int) -> bytes:
    """A photographed signature: opaque white background, JPEG."""
    scale = 3
    image = Image.new("RGB", (width * scale, height * scale), (250, 250, 247))
    draw = ImageDraw.Draw(image)
    for stroke in scribble(rng, width * scale, height * scale):
        draw.line(stroke, fill=(20, 20, 60), width=2 * scale, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def fingerprint_png(rng: random.Random, width: int = 18, height: int = 24) -> bytes:
    """A red thumbprint (按指印): concentric ridges in an oval."""
    scale = 4
    image = Image.new("RGBA", (width * scale, height * scale), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 20, 30, 210)
    cx, cy = width * scale / 2, height * scale / 2
    for ring in range(1, 9):
        rx, ry = ring * width * scale / 18, ring * height * scale / 18
        start = rng.uniform(0, 60)
        draw.arc([cx - rx, cy - ry, cx + rx, cy + ry], start, start + rng.uniform(250, 340), fill=red, width=scale)
    return _png(image)


def seal_png(rng: random.Random, size: int) -> bytes:
    scale = 3
    side = size * scale
    image = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 30, 30, 230)
    margin = 3 * scale
    draw.ellipse([margin, margin, side - margin, side - margin], outline=red, width=3 * scale)
    draw.polygon(star(side / 2, side / 2, side * 0.18), fill=red)
    for i in range(rng.randint(8, 14)):  # the arc of characters, as blotches
        angle = math.pi * (0.15 + 0.7 * i / 13)
        cx = side / 2 - math.cos(angle) * side * 0.33
        cy = side / 2 - math.sin(angle) * side * 0.33
        draw.rectangle([cx - 4 * scale, cy - 4 * scale, cx + 4 * scale, cy + 4 * scale], outline=red, width=scale)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# ReportLab canvas (origin bottom-left)


def draw_on_canvas(canvas, kind: str, box: tuple[float, float, float, float], page_height: float,
                   rng: random.Random) -> None:
    from reportlab.lib.utils import ImageReader

    x, top, width, height = box
    bottom = page_height - top - height
    canvas.saveState()
    if kind == "strokes":
        canvas.setStrokeColorRGB(*rng.choice(INKS))
        canvas.setLineWidth(rng.uniform(0.8, 1.6))
        canvas.setLineCap(1)
        for stroke in scribble(rng, width, height):
            path = canvas.beginPath()
            path.moveTo(x + stroke[0][0], bottom + stroke[0][1])
            for px, py in stroke[1:]:
                path.lineTo(x + px, bottom + py)
            canvas.drawPath(path, stroke=1, fill=0)
    elif kind == "image":
        canvas.drawImage(ImageReader(io.BytesIO(scribble_png(rng, int(width), int(height)))),
                         x, bottom, width, height, mask="auto")
    elif kind == "photo":
        canvas.drawImage(ImageReader(io.BytesIO(scribble_jpeg(rng, int(width), int(height)))),
                         x, bottom, width, height)
    elif kind == "fingerprint":
        canvas.drawImage(ImageReader(io.BytesIO(fingerprint_png(rng))), x, bottom + height / 2 - 12, 18, 24,
                         mask="auto")
    elif kind in ("stamp", "seal") and rng.random() < 0.5:
        side = min(width, height)
        canvas.drawImage(ImageReader(io.BytesIO(seal_png(rng, int(side)))), x, bottom, side, side, mask="auto")
    elif kind in ("stamp", "seal"):
        side = min(width, height)
        cx, cy = x + side / 2, bottom + side / 2
        canvas.setStrokeColorRGB(*RED)
        canvas.setFillColorRGB(*RED)
        canvas.setLineWidth(2.2)
        canvas.circle(cx, cy, side / 2 - 2, stroke=1, fill=0)
        path = canvas.beginPath()
        points = star(cx, cy, side * 0.18)
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


# ---------------------------------------------------------------------------
# fpdf2 (origin top-left, unit pt)


def draw_on_fpdf(pdf, kind: str, box: tuple[float, float, float, float], rng: random.Random) -> None:
    x, top, width, height = box
    if kind == "strokes":
        pdf.set_draw_color(*[int(c * 255) for c in rng.choice(INKS)])
        pdf.set_line_width(rng.uniform(0.8, 1.6))
        for stroke in scribble(rng, width, height):
            pdf.polyline([(x + px, top + height - py) for px, py in stroke])
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.5)
    elif kind == "image":
        pdf.image(io.BytesIO(scribble_png(rng, int(width), int(height))), x=x, y=top, w=width, h=height)
    elif kind == "photo":
        pdf.image(io.BytesIO(scribble_jpeg(rng, int(width), int(height))), x=x, y=top, w=width, h=height)
    elif kind == "fingerprint":
        pdf.image(io.BytesIO(fingerprint_png(rng)), x=x, y=top + height / 2 - 12, w=18, h=24)
    elif kind in ("stamp", "seal"):
        side = min(width, height)
        if rng.random() < 0.5:
            pdf.image(io.BytesIO(seal_png(rng, int(side))), x=x, y=top, w=side, h=side)
            return
        pdf.set_draw_color(217, 26, 26)
        pdf.set_fill_color(217, 26, 26)
        pdf.set_line_width(2.2)
        pdf.circle(x=x + side / 2, y=top + side / 2, radius=side / 2 - 2, style="D")
        pdf.polygon(star(x + side / 2, top + side / 2, side * 0.18), style="F")
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.5)
