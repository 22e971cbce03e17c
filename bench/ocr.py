"""OCR benchmark: the camera generators' phone photos and flatbed scans, read as the upload worker reads them.

    .venv/bin/python bench/ocr.py [--keep DIR] [--json] [--threads N]

Documents: `tests.extraction.corpus.camera_cases()` (10 photos, 10 scans).
All are read by `chalicelib.extraction.extract_with_ocr` in one fresh child
process (what a warm OCR function does after its first upload); the first
file's time includes loading the OCR stack and models (`load_s`, measured
apart). Peak RSS is the child's (`os.wait4`). Per page: wall time and CPU time.

Targets (issue 10): names, ID numbers, credit codes and amounts >= 0.95 on
flatbed scans and >= 0.85 on phone photos (the same floors as
tests/extraction/test_ocr.py).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLOORS = {"flatscan": 0.95, "photo": 0.85}


def child(paths: list[str]) -> None:
    """Read each file; one JSON line per file (runs in the measured process)."""
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()
    from chalicelib.extraction.ocr import recognition

    recognition._recogniser(0)  # what the first upload of a cold OCR function pays before its first page
    print(json.dumps({"load_s": time.perf_counter() - started}), flush=True)
    from chalicelib.extraction import extract_with_ocr

    for path in paths:
        data = Path(path).read_bytes()
        wall, cpu = time.perf_counter(), time.process_time()
        result = extract_with_ocr(data)
        print(json.dumps({"path": path, "s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
                          "result": result}, ensure_ascii=False), flush=True)


def build(directory: Path) -> dict[str, dict]:
    sys.path.insert(0, str(REPO))
    from tests.extraction.corpus import camera_cases, materialise

    return {str(path): truth for path, truth in (materialise(case, directory) for case in camera_cases())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="write the documents here instead of a temporary directory")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--threads", type=int, default=0, help="OCR_THREADS for the child (0: one per core)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        truths = build(args.keep or Path(scratch))
        env = {**os.environ, "OCR_THREADS": str(args.threads)}
        process = subprocess.Popen([sys.executable, __file__, "--child", *truths], cwd=REPO, env=env,
                                   stdout=subprocess.PIPE, text=True)
        rows = [json.loads(line) for line in process.stdout]
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit("the OCR child failed")
    from tests.extraction.corpus.compare import by_field_kind

    load_s, runs = rows[0]["load_s"], rows[1:]
    figures = {"documents": len(runs), "load_s": load_s, "peak_rss_mb": usage.ru_maxrss / 1024, "producers": {}}
    for producer in FLOORS:
        mine = [r for r in runs if Path(r["path"]).name.startswith(producer)]
        pages = sum(r["result"]["pages"] or 0 for r in mine)
        kinds = by_field_kind([(truths[r["path"]], r["result"]) for r in mine])
        figures["producers"][producer] = {
            "documents": len(mine), "pages": pages,
            "s_per_page": sum(r["s"] for r in mine) / pages, "cpu_s_per_page": sum(r["cpu_s"] for r in mine) / pages,
            "median_s_per_document": statistics.median(r["s"] for r in mine),
            "kinds": {kind: {"right": right, "stated": total, "share": right / total if total else None}
                      for kind, (right, total) in kinds.items()}}
    print(json.dumps(figures, indent=1) if args.json else table(figures))
    return 0


def table(f: dict) -> str:
    out = [f"{f['documents']} image-only documents; OCR stack and models load in {f['load_s']:.2f} s; "
           f"peak RSS {f['peak_rss_mb']:.0f} MB"]
    met = True
    for producer, p in f["producers"].items():
        out.append(f"{producer}: {p['documents']} documents, {p['pages']} pages, {p['s_per_page']:.2f} s/page "
                   f"({p['cpu_s_per_page']:.2f} s CPU/page)")
        for kind, k in p["kinds"].items():
            out.append(f"  {kind:12}{k['right']:>4}/{k['stated']:<4}{100 * k['share']:7.1f}%")
            met &= k["share"] is not None and k["share"] >= FLOORS[producer]
    out.append(f"issue 10 OCR targets (>= 95% scans, >= 85% photos per field kind): {'met' if met else 'NOT met'}")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
