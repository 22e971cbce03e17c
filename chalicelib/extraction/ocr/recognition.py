"""Text recognition with RapidOCR (PP-OCRv4 detection + recognition, ONNX, CPU).

One engine per process, made on first use (~0.4 s: the models load from the
wheel). The direction classifier is left off: `pages` straightens each page
first, and upside-down pages are not what phones and flatbeds deliver.

Memory (what sizes the Lambda function): the detector's activations grow with
its input, so it looks at the page reduced to `_DETECT_SIDE` pixels on the long
side, and the boxes it finds are cut from the full page for the recogniser,
which reads each line at its own 48-pixel height either way; the recogniser
takes `_REC_BATCH` lines at a time, since a batch is as wide as its widest
line. After each page the C heap's freed pages go back to the system. On the
camera generators (`bench/ocr.py`) this took the peak from ~950 MB to the
figure the README gives, with the same accuracy.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

_DETECT_SIDE = 960  # RapidOCR's own choice for pages under 960 px; a 150 dpi A4 page is 1754
_REC_BATCH = 2
_engine = None


@dataclass(frozen=True)
class Box:
    """One recognised run of text, in the straightened page image's pixels."""

    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float


def _recogniser(threads: int):
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        options = {"intra_op_num_threads": threads} if threads > 0 else {}
        _engine = RapidOCR(rec_batch_num=_REC_BATCH, **options)
    return _engine


def recognise(image, threads: int = 0) -> list[Box]:
    """Boxes of text on a greyscale page image (numpy array), top to bottom."""
    import cv2
    import numpy as np

    engine = _recogniser(threads)
    rgb = np.dstack([image] * 3) if image.ndim == 2 else image
    scale = min(1.0, _DETECT_SIDE / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    found, _ = engine.text_det(small)
    del small
    boxes = []
    if found is not None and len(found):
        located = engine.sorted_boxes(found / scale)
        read, _ = engine.text_rec(engine.get_crop_img_list(rgb, located))
        for points, (text, score, *_) in zip(located, read):
            if score < engine.text_score:  # what RapidOCR's own pipeline drops
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            boxes.append(Box(text, float(score), min(xs), min(ys), max(xs), max(ys)))
    _give_back_freed_memory()
    return sorted(boxes, key=lambda b: (b.top, b.x0))


def _give_back_freed_memory() -> None:
    """glibc keeps a page's freed arrays for reuse; a peak that stays is what Lambda bills and kills by."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to ask
        pass
