"""Shared fixtures: the generated corpus (cached once per run, shared by xdist
workers) and the engine's results on it (computed once per worker)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.extraction.corpus import accuracy, materialise

_accuracy_pairs: list = []


def pytest_configure(config):
    config.addinivalue_line("markers", "corpus: extraction accuracy against the generated corpus")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One directory for the whole run: under xdist, the workers' common parent."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / "extraction-corpus"


@pytest.fixture(scope="session")
def engine():
    from chalicelib.extraction import extract_file

    return extract_file


@pytest.fixture(scope="session")
def extracted(engine, cache_dir):
    """`extracted(case)` → (truth, result); each document is extracted once per run,
    and xdist workers share results through the cache directory."""
    results: dict[str, tuple[dict, dict]] = {}
    shared = cache_dir / "results"
    shared.mkdir(parents=True, exist_ok=True)

    def run(case):
        if case.name not in results:
            path, truth = materialise(case, cache_dir)
            saved = shared / f"{case.name}.json"
            if saved.exists():
                result = json.loads(saved.read_text(encoding="utf-8"))
            else:
                result = engine(str(path))
                scratch = shared / f".{case.name}.{os.getpid()}"
                scratch.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
                os.replace(scratch, saved)
            results[case.name] = (truth, result)
            if not truth.get("scan"):
                _accuracy_pairs.append(results[case.name])
        return results[case.name]

    return run


def pytest_terminal_summary(terminalreporter):
    if _accuracy_pairs:
        matched, total = accuracy(_accuracy_pairs)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        terminalreporter.write_line(
            f"extraction field accuracy{f' ({worker})' if worker else ''}: "
            f"{matched}/{total} = {100 * matched / total:.1f}% over {len(_accuracy_pairs)} documents")
