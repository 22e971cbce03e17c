"""Run the engine (or the naive pdfplumber pass) on files in this process and
print one JSON line per file: the result, the milliseconds it took and the
process's peak RSS so far.  Tests and the benchmark start it as a child so a
misbehaving engine cannot take them down, and so each measurement starts fresh.

    python tests/extraction/runner.py [--naive] FILE...

It is run by path, not as a module of the corpus package, so the producers'
imports (ReportLab, fpdf2, Pillow) do not inflate the RSS it reports.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for chalicelib


def naive(path: str) -> dict:
    """What a straightforward pdfplumber reader does: every page's text and tables."""
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # as the engine's worker does: a warning per odd font
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return {"pages": len(pdf.pages)}


def engine(path: str) -> dict:
    from chalicelib.extraction import extract_file

    return extract_file(path)


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def main(argv: list[str]) -> int:
    run = naive if argv[:1] == ["--naive"] else engine
    paths = argv[1:] if run is naive else argv
    if run is engine:
        import chalicelib.extraction  # noqa: F401 - import cost is not per-document cost
    else:
        import pdfplumber  # noqa: F401
    for path in paths:
        started = time.perf_counter()
        result = run(path)
        elapsed = (time.perf_counter() - started) * 1000
        print(json.dumps({"path": path, "ms": elapsed, "peak_rss_mb": peak_rss_mb(), "result": result},
                         ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
