"""Page images made ready for recognition: rendered, the sheet found, straightened, evened out.

- A phone photo shows the sheet on a desk, in perspective (梯形畸变): the
  largest bright four-sided outline is the sheet, warped back to a rectangle
  of the A4 proportion.
- What is left of a turn (a photo's 1–4°, a scan's fraction of a degree) is
  found by the projection profile: rows of text are sharpest, so the turn
  whose row sums vary most wins.
- Uneven light (a lamp on one side, a shadow) is divided out by the page's
  own background, estimated by a wide closing.
"""
from __future__ import annotations

_DPI = 150  # what recognition needs for 10.5–12 pt type; more only costs time
_A4 = 297 / 210
_MAX_TURN = 5.0  # degrees searched either way
_TURN_STEP = 0.25


def page_images(data: bytes, limits):
    """Each page (up to `limits.ocr_max_pages`) as a straightened greyscale numpy array (uint8), one at a time."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for index in range(min(len(document), limits.ocr_max_pages)):
            page = document[index]
            bitmap = page.render(scale=_DPI / 72, grayscale=True)
            image = bitmap.to_numpy().copy()
            bitmap.close()
            page.close()
            yield straighten(image[:, :, 0] if image.ndim == 3 else image)
    finally:
        document.close()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def straighten(grey):
    """The page with perspective, turn and uneven light corrected."""
    return _even_light(_deskew(_unwarp(grey)))


def _unwarp(grey):
    import cv2
    import numpy as np

    small_scale = 800 / max(grey.shape)
    small = cv2.resize(grey, None, fx=small_scale, fy=small_scale, interpolation=cv2.INTER_AREA)
    _, sheet = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    sheet = cv2.morphologyEx(sheet, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return grey
    outline = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(outline) / (small.shape[0] * small.shape[1])
    if not 0.3 < area < 0.97:  # a scan: the sheet is the whole image
        return grey
    corners = cv2.approxPolyDP(cv2.convexHull(outline), 0.02 * cv2.arcLength(outline, True), True)
    if len(corners) != 4:
        return grey
    quad = _ordered(corners.reshape(4, 2).astype("float32") / small_scale)
    width = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]))
    height = width * _A4
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype="float32")
    matrix = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(grey, matrix, (int(width), int(height)), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def _ordered(points):
    """Top-left, top-right, bottom-right, bottom-left."""
    import numpy as np

    sums, diffs = points.sum(axis=1), points[:, 1] - points[:, 0]
    return np.array([points[sums.argmin()], points[diffs.argmin()], points[sums.argmax()], points[diffs.argmax()]],
                    dtype="float32")


def _deskew(grey):
    import cv2
    import numpy as np

    scale = 600 / grey.shape[1]
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    centre = (small.shape[1] / 2, small.shape[0] / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), ink.shape[::-1],
                                flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    angles = np.arange(-_MAX_TURN, _MAX_TURN + _TURN_STEP / 2, _TURN_STEP)
    best = max(angles, key=sharpness)
    if abs(best) < _TURN_STEP / 2:
        return grey
    matrix = cv2.getRotationMatrix2D((grey.shape[1] / 2, grey.shape[0] / 2), float(best), 1.0)
    return cv2.warpAffine(grey, matrix, grey.shape[::-1], flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _even_light(grey):
    import cv2
    import numpy as np

    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, np.ones((31, 31), np.uint8))
    background = cv2.GaussianBlur(background, (0, 0), 15)
    return cv2.divide(grey, np.maximum(background, 1), scale=255)
