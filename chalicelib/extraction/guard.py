"""Run the parse in a forked child with a memory cap and a wall-clock limit (隔离执行).

pdfminer on a hostile file can loop for minutes or take gigabytes. The child
gets `RLIMIT_AS` = its current address space + `max_memory_mb` and is killed
after `max_seconds`; its result comes back pickled over a pipe. Lambda has no
/dev/shm, so multiprocessing queues and pools are out; a bare `os.fork` with
`os.pipe` works there. pdfplumber and pypdfium2 are imported before the fork
so the child starts warm (and fork copies them for free).

Where fork is unavailable (Windows), the parse runs in-process with only the
pre-checks as protection.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import time

from .errors import CORRUPT, OUT_OF_MEMORY, TIMEOUT, ExtractionError

_HEADER = struct.Struct("!Q")


def _address_space() -> int:
    """Current virtual memory size in bytes (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(work, args, write_fd: int, memory_mb: int, seconds: int) -> None:
    import resource

    try:
        if memory_mb > 0:
            cap = _address_space() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 2))
        try:
            outcome = ("ok", work(*args))
        except ExtractionError as exc:
            outcome = ("error", exc.code, exc.detail)
        except MemoryError:
            outcome = ("error", OUT_OF_MEMORY, None)
        except RecursionError:
            outcome = ("error", CORRUPT, "recursion")
        except Exception as exc:  # any parser defect on a broken file is a corrupt file, not a crash
            outcome = ("error", CORRUPT, type(exc).__name__)
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(_HEADER.pack(len(payload)) + payload)
    finally:
        os._exit(0)


def _read_all(read_fd: int, deadline: float) -> bytes | None:
    """Bytes the child wrote before it closed the pipe, or None at the deadline."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([read_fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(read_fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def run_guarded(work, args: tuple, limits):
    """`work(*args)` in a child process; raises ExtractionError on timeout, OOM or crash."""
    if not hasattr(os, "fork"):
        return work(*args)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child(work, args, write_fd, limits.max_memory_mb, limits.max_seconds)
    os.close(write_fd)
    try:
        data = _read_all(read_fd, time.monotonic() + limits.max_seconds)
    finally:
        os.close(read_fd)
    if data is None:
        _kill(pid)
        raise ExtractionError(TIMEOUT, f"over {limits.max_seconds} s")
    _, status = os.waitpid(pid, 0)
    if len(data) < _HEADER.size or len(data) != _HEADER.size + _HEADER.unpack(data[:_HEADER.size])[0]:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGKILL, signal.SIGSEGV, signal.SIGXCPU):
            code = TIMEOUT if os.WTERMSIG(status) == signal.SIGXCPU else OUT_OF_MEMORY
            raise ExtractionError(code, f"reader stopped by signal {os.WTERMSIG(status)}")
        raise ExtractionError(CORRUPT, "reader ended without a result")
    outcome = pickle.loads(data[_HEADER.size:])
    if outcome[0] == "ok":
        return outcome[1]
    raise ExtractionError(outcome[1], outcome[2])


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
