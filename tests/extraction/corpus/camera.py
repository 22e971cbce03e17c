"""Phone photos and flatbed scans of corpus documents, as image-only PDFs (issue 10).

Both start from the document's own PDF (any text producer), rendered by
pdfium at 150 dpi, so the truth is the generator's as for the text layer.

- `photograph`: the sheet lies on a desk (textured, darker than paper), seen
  from above and a little in front: keystone (the far edge narrower), turned
  1–4°, lit unevenly from one side with a vignette, slightly out of focus,
  sensor noise, JPEG at quality 60–80, in colour;
- `scan`: a flatbed's grey page, turned a fraction of a degree (0.2–1°), paper
  not quite white, noise and dust, JPEG at quality 75–85.

Pages are wrapped as PDFs of JPEG images only (no text layer), about 0.2–0.4 MB a page.
"""
from __future__ import annotations

import io
import random
from pathlib import Path

_DPI = 150


def _pages(path: str, grey: bool) -> list:
    import numpy as np
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    pages = [np.asarray(page.render(scale=_DPI / 72, grayscale=grey).to_pil().convert("L" if grey else "RGB"))
             for page in document]
    document.close()
    return pages


def _wrap(images, path: str, quality: int) -> None:
    from PIL import Image

    jpegs = []
    for array in images:
        buffer = io.BytesIO()
        Image.fromarray(array).save(buffer, "JPEG", quality=quality)
        jpegs.append(Image.open(io.BytesIO(buffer.getvalue())))
    out = io.BytesIO()
    jpegs[0].save(out, "PDF", resolution=_DPI, save_all=True, append_images=jpegs[1:])
    Path(path).write_bytes(out.getvalue())


def photograph(path: str, rng: random.Random) -> None:
    """Replace the PDF at `path` by phone photos of its pages."""
    _wrap([_photo(page, rng) for page in _pages(path, grey=False)], path, rng.randint(60, 80))


def scan(path: str, rng: random.Random) -> None:
    """Replace the PDF at `path` by flatbed scans of its pages."""
    _wrap([_scan(page, rng) for page in _pages(path, grey=True)], path, rng.randint(75, 85))


def _photo(page, rng: random.Random):
    import cv2
    import numpy as np

    noise = np.random.default_rng(rng.randrange(1 << 30))
    h, w = page.shape[:2]
    width, height = int(w * 1.22), int(h * 1.16)
    desk = np.array([rng.randint(70, 130), rng.randint(60, 110), rng.randint(40, 90)], dtype=np.float32)
    texture = cv2.GaussianBlur(noise.normal(0, 18, (height, width)).astype(np.float32), (0, 0), 3)
    canvas = np.clip(desk + texture[:, :, None], 0, 255)
    keystone = rng.uniform(0.03, 0.07) * w
    left, top = (width - w) / 2, (height - h) / 2
    quad = np.array([[left + keystone, top], [left + w - keystone, top],
                     [left + w, top + h], [left, top + h]], dtype=np.float32)
    quad += noise.uniform(-0.01 * w, 0.01 * w, quad.shape).astype(np.float32)
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), rng.choice((-1, 1)) * rng.uniform(1, 4), 1.0)
    quad = cv2.transform(quad[None], turn)[0].astype(np.float32)
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, quad)
    sheet = cv2.warpPerspective(page.astype(np.float32), matrix, (width, height))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (width, height))[:, :, None]
    image = sheet * mask + canvas * (1 - mask)
    image = image * _light(width, height, rng)[:, :, None]
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.5, 0.9))
    image += noise.normal(0, 4, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


def _light(width: int, height: int, rng: random.Random):
    """A lamp on one side (a linear falloff to 0.6–0.8) and a vignette."""
    import numpy as np

    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    along = (np.cos(angle) * (xs / width - 0.5) + np.sin(angle) * (ys / height - 0.5)) + 0.5
    falloff = 1 - rng.uniform(0.2, 0.4) * np.clip(along, 0, 1)
    radius = ((xs / width - 0.5) ** 2 + (ys / height - 0.5) ** 2) ** 0.5
    return falloff * (1 - 0.25 * radius)


def _scan(page, rng: random.Random):
    import cv2
    import numpy as np

    noise = np.random.default_rng(rng.randrange(1 << 30))
    h, w = page.shape
    paper = rng.randint(225, 242)
    image = page.astype(np.float32) * (paper / 255)
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), rng.choice((-1, 1)) * rng.uniform(0.2, 1.0), 1.0)
    image = cv2.warpAffine(image, turn, (w, h), borderValue=paper)
    image += noise.normal(0, 6, image.shape)
    for _ in range(rng.randint(20, 60)):  # dust on the glass
        cv2.circle(image, (rng.randrange(w), rng.randrange(h)), rng.randint(1, 2), rng.randint(40, 120), -1)
    return np.clip(cv2.GaussianBlur(image, (0, 0), 0.6), 0, 255).astype(np.uint8)
