"""Extraction benchmark: the engine against a naive pdfplumber pass, same run.

    .venv/bin/python bench/extraction.py [--rounds N] [--keep DIR] [--json]

Documents: the four samples in ../shared/samples, the generated corpus
(tests/extraction/corpus) and a generated ~50-page application.  Each pass
runs in its own fresh child process (tests/extraction/runner.py), so
imports are paid once and excluded, and peak RSS is the child's — including
any worker the engine forks, which `os.wait4` folds in.  The corpus is built
in another child beforehand: a child's peak RSS starts at its parent's size
when it is forked, so this process stays small until the passes are done.
Per-document time is the best of `--rounds` runs, the engine's and the naive
pass's rounds taking turns (`alternated`).  The naive pass opens each file with
pdfplumber and calls `extract_text` and `extract_tables` on every page.

Cold start (issue 10): one document in a fresh process, what a Lambda cold
start pays for an upload — `python -m chalicelib.cli extract FILE` against a
fresh `runner.py --naive FILE`, alternated, `--cold-runs` times each on a few
files (the samples and one document per producer); per file the median of
each, then the median of the per-file ratios.

Targets: issue 3, median and p95 ratio engine/naive <= 1.0 at >= 98% field
accuracy, peak RSS <= 200 MB on the 50-page document; issue 10, field
accuracy >= 97% on the whole corpus with no producer below 93%, warm ratio
(median per document) <= 0.5, cold ratio <= 1.5, peak RSS <= 100 MB on the
50-page document.
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
SAMPLES = REPO.parent / "shared" / "samples"


def run_pass(paths: list[str], naive: bool, rounds: int) -> tuple[dict[str, dict], float]:
    """({path: {"ms": best of rounds, "result": ...}}, peak RSS in MB of the pass)."""
    command = [sys.executable, str(REPO / "tests" / "extraction" / "runner.py")] + (["--naive"] if naive else [])
    process = subprocess.Popen(command + paths * rounds, cwd=REPO, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{'naive' if naive else 'engine'} pass failed with exit {process.returncode}")
    runs: dict[str, dict] = {}
    for line in output.splitlines():
        row = json.loads(line)
        best = runs.get(row["path"])
        if best is None or row["ms"] < best["ms"]:
            runs[row["path"]] = row
    return runs, usage.ru_maxrss / 1024


def alternated(paths: list[str], rounds: int) -> tuple[tuple[dict, float], tuple[dict, float]]:
    """(engine, naive) passes as `run_pass` gives them, one round of each in turn: on a shared machine
    a burst of load then slows both sides, not one, and the best of the rounds is what each can do."""
    best: dict[bool, tuple[dict, float]] = {}
    for _ in range(rounds):
        for naive in (False, True):
            runs, rss = run_pass(paths[:1] + paths, naive=naive, rounds=1)  # the first file again, warm
            kept, peak = best.get(naive, ({}, 0.0))
            for path, row in runs.items():
                if path not in kept or row["ms"] < kept[path]["ms"]:
                    kept[path] = row
            best[naive] = (kept, max(peak, rss))
    return best[False], best[True]


def cold_runs(paths: list[str], runs: int) -> dict[str, dict]:
    """{path: {"engine_s", "naive_s", "ratio", "cpu_ratio"}}: medians over `runs` fresh processes each, alternated.

    Both run with their bytecode cached (a fresh PYTHONPYCACHEPREFIX, primed by
    one untimed run), as a deployment package built with `compileall` gives
    Lambda, whose file system cannot take `__pycache__`: else the engine alone
    would compile its own sources in every process (pdfplumber's wheels carry
    their bytecode). CPU time (user + system, the worker included) is reported
    beside the wall clock, which other processes on a shared machine disturb.
    """
    engine = [sys.executable, "-m", "chalicelib.cli", "extract"]
    naive = [sys.executable, str(REPO / "tests" / "extraction" / "runner.py"), "--naive"]
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for path in paths:
            samples: dict[str, list[tuple[float, float]]] = {"engine": [], "naive": []}
            for run in range(runs + 1):
                for name, command in (("engine", engine), ("naive", naive)):
                    started = time.perf_counter()
                    process = subprocess.Popen(command + [path], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL)
                    _, status, usage = os.wait4(process.pid, 0)
                    if os.waitstatus_to_exitcode(status):
                        raise SystemExit(f"cold {name} run failed on {path}")
                    if run:  # the first run of each only primes the bytecode cache
                        samples[name].append((time.perf_counter() - started, usage.ru_utime + usage.ru_stime))
            wall = {name: statistics.median(t[0] for t in timings) for name, timings in samples.items()}
            cpu = {name: statistics.median(t[1] for t in timings) for name, timings in samples.items()}
            out[path] = {"engine_s": wall["engine"], "naive_s": wall["naive"], "ratio": wall["engine"] / wall["naive"],
                         "cpu_ratio": cpu["engine"] / cpu["naive"]}
    return out


def cold_files(truths: dict[str, dict]) -> list[str]:
    """The samples and the first document of each producer with a text layer."""
    chosen: dict[str, str] = {}
    for path, truth in truths.items():
        if not truth.get("scan"):
            chosen.setdefault(producer_of(path), path)
    return list(chosen.values())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sample_truths() -> dict[str, dict]:
    path = SAMPLES / "expected.json"
    if not path.exists():
        return {}
    truths = {}
    for name, entry in json.loads(path.read_text(encoding="utf-8")).items():
        fields = {k: v for k, v in entry.items() if k not in ("document_type", "issues")}
        truths[str(SAMPLES / name)] = {"document_type": entry["document_type"], "fields": fields,
                                       "issues": entry["issues"]}
    return truths


def build(directory: Path) -> None:
    """Write the corpus and print {"corpus": {path: truth}, "long": path} (runs in a child)."""
    sys.path.insert(0, str(REPO))
    from tests.extraction.corpus import cases, long_case, materialise

    truths = {}
    for case in cases():
        path, truth = materialise(case, directory)
        truths[str(path)] = truth
    long_path, _ = materialise(long_case(50), directory)
    print(json.dumps({"corpus": truths, "long": str(long_path)}, ensure_ascii=False))


def built(directory: Path) -> tuple[dict[str, dict], str]:
    process = subprocess.run([sys.executable, __file__, "--build", str(directory)], cwd=REPO,
                             capture_output=True, text=True, check=True)
    manifest = json.loads(process.stdout)
    return manifest["corpus"], manifest["long"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the corpus here instead of a temporary directory")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh processes per file for the cold ratio")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build)
        return 0

    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or Path(scratch)
        corpus, long_path = built(directory)
        samples = sample_truths()
        truths = {**samples, **corpus}
        paths = list(truths)

        (engine_runs, engine_rss), (naive_runs, naive_rss) = alternated(paths, args.rounds)
        (long_engine, long_engine_rss), (long_naive, long_naive_rss) = alternated([long_path], args.rounds)
        cold = cold_runs(cold_files(truths), args.cold_runs)

    sys.path.insert(0, str(REPO))
    from tests.extraction.corpus.compare import accuracy, compare  # after the passes: keeps this process small

    scored = [(truth, engine_runs[path]["result"]) for path, truth in truths.items() if not truth.get("scan")]
    matched, total = accuracy(scored)
    sample_matched, sample_total = accuracy([(t, engine_runs[p]["result"]) for p, t in samples.items()])
    engine_ms = [engine_runs[p]["ms"] for p in paths]
    naive_ms = [naive_runs[p]["ms"] for p in paths]
    figures = {
        "documents": len(paths),
        "samples": len(samples),
        "engine_median_ms": statistics.median(engine_ms),
        "engine_p95_ms": percentile(engine_ms, 0.95),
        "naive_median_ms": statistics.median(naive_ms),
        "naive_p95_ms": percentile(naive_ms, 0.95),
        "ratio_median": statistics.median(engine_ms) / statistics.median(naive_ms),
        "ratio_p95": percentile(engine_ms, 0.95) / percentile(naive_ms, 0.95),
        "ratio_total": sum(engine_ms) / sum(naive_ms),
        "engine_peak_rss_mb": engine_rss,
        "naive_peak_rss_mb": naive_rss,
        "long_document_pages": long_engine[long_path]["result"].get("pages"),
        "long_engine_ms": long_engine[long_path]["ms"],
        "long_naive_ms": long_naive[long_path]["ms"],
        "long_engine_peak_rss_mb": long_engine_rss,
        "long_naive_peak_rss_mb": long_naive_rss,
        "field_accuracy": matched / total,
        "fields_matched": matched,
        "fields_total": total,
        "sample_field_accuracy": sample_matched / sample_total if sample_total else None,
        "by_producer": breakdown(truths, engine_runs, compare, lambda path, leaf: producer_of(path)),
        "cold_ratio_median": statistics.median(c["ratio"] for c in cold.values()),
        "cold_cpu_ratio_median": statistics.median(c["cpu_ratio"] for c in cold.values()),
        "cold_engine_median_s": statistics.median(c["engine_s"] for c in cold.values()),
        "cold_naive_median_s": statistics.median(c["naive_s"] for c in cold.values()),
        "cold_by_file": {Path(p).name: c for p, c in cold.items()},
        "misses_by_field": misses(truths, engine_runs, compare),
    }
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print_table(figures)
    return 0


def producer_of(path: str) -> str:
    name = Path(path).name
    return "sample" if Path(path).parent == SAMPLES else name.split("-")[0]


def breakdown(truths: dict, runs: dict, compare, group) -> dict[str, list[int]]:
    """{group: [matched, total]} over the leaves of the documents with a text layer."""
    out: dict[str, list[int]] = {}
    for path, truth in truths.items():
        if truth.get("scan"):
            continue
        for leaf in compare(truth, runs[path]["result"]):
            tally = out.setdefault(group(path, leaf), [0, 0])
            tally[0] += leaf.ok
            tally[1] += 1
    return dict(sorted(out.items()))


def misses(truths: dict, runs: dict, compare) -> dict[str, int]:
    """How many leaves were wrong, by field (party indices folded)."""
    import re

    counts: dict[str, int] = {}
    for path, truth in truths.items():
        if truth.get("scan"):
            continue
        for leaf in compare(truth, runs[path]["result"]):
            if not leaf.ok:
                key = re.sub(r"\[\d+\]", "[]", leaf.path)
                counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def print_table(f: dict) -> None:
    print(f"documents: {f['documents']} ({f['samples']} samples + generated corpus), best of rounds")
    print(f"{'':24}{'median ms':>12}{'p95 ms':>12}{'peak RSS MB':>14}")
    print(f"{'engine':24}{f['engine_median_ms']:12.1f}{f['engine_p95_ms']:12.1f}{f['engine_peak_rss_mb']:14.0f}")
    print(f"{'naive pdfplumber':24}{f['naive_median_ms']:12.1f}{f['naive_p95_ms']:12.1f}{f['naive_peak_rss_mb']:14.0f}")
    print(f"{'ratio engine/naive':24}{f['ratio_median']:12.2f}{f['ratio_p95']:12.2f}"
          f"   (total time ratio {f['ratio_total']:.2f})")
    print(f"{f['long_document_pages']}-page document:  engine {f['long_engine_ms']:.0f} ms, "
          f"peak RSS {f['long_engine_peak_rss_mb']:.0f} MB;  naive {f['long_naive_ms']:.0f} ms, "
          f"peak RSS {f['long_naive_peak_rss_mb']:.0f} MB")
    sample = f"; samples {100 * f['sample_field_accuracy']:.1f}%" if f["sample_field_accuracy"] is not None else ""
    print(f"field accuracy: {f['fields_matched']}/{f['fields_total']} = {100 * f['field_accuracy']:.2f}%{sample}")
    print(f"{'producer':14}{'fields':>12}{'accuracy':>10}")
    for producer, (matched, total) in f["by_producer"].items():
        print(f"{producer:14}{f'{matched}/{total}':>12}{100 * matched / total:9.1f}%")
    if f["misses_by_field"]:
        print("  misses by field: " + ", ".join(f"{k} {n}" for k, n in f["misses_by_field"].items()))
    print(f"cold start, one document in a fresh process (median of {len(f['cold_by_file'])} files): "
          f"engine {f['cold_engine_median_s']:.3f} s, naive {f['cold_naive_median_s']:.3f} s, "
          f"ratio {f['cold_ratio_median']:.2f} (CPU time ratio {f['cold_cpu_ratio_median']:.2f})")
    ok = f["ratio_median"] <= 1.0 and f["ratio_p95"] <= 1.0 and f["field_accuracy"] >= 0.98 \
        and f["long_engine_peak_rss_mb"] <= 200
    print("targets (ratio <= 1.0 at >= 98% accuracy, <= 200 MB on the long document):", "met" if ok else "NOT met")
    lowest = min(m / t for m, t in f["by_producer"].values())
    ok10 = (f["field_accuracy"] >= 0.97 and lowest >= 0.93 and f["ratio_median"] <= 0.5
            and f["cold_ratio_median"] <= 1.5 and f["long_engine_peak_rss_mb"] <= 100)
    print("issue 10 targets (>= 97% overall, no producer below 93%, warm ratio <= 0.5, cold ratio <= 1.5, "
          "<= 100 MB on the long document):", "met" if ok10 else "NOT met")


if __name__ == "__main__":
    sys.exit(main())
