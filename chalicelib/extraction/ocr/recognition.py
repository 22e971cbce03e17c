"""Text recognition with RapidOCR (PP-OCRv4 detection + recognition, ONNX, CPU).

One engine per process, made on first use (~0.4 s: the models load from the
wheel). The direction classifier is left off: `pages` straightens each page
first, and upside-down pages are not what phones and flatbeds deliver.
"""
from __future__ import annotations

from dataclasses import dataclass

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
        _engine = RapidOCR(**options)
    return _engine


def recognise(image, threads: int = 0) -> list[Box]:
    """Boxes of text on a greyscale page image (numpy array), top to bottom."""
    import numpy as np

    rgb = np.dstack([image] * 3) if image.ndim == 2 else image
    found, _ = _recogniser(threads)(rgb, use_cls=False)
    boxes = []
    for points, text, score in found or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append(Box(text, float(score), min(xs), min(ys), max(xs), max(ys)))
    return sorted(boxes, key=lambda b: (b.top, b.x0))
