"""Run the parse in a forked worker with a memory cap and a wall-clock limit (隔离执行).

pdfminer on a hostile file can loop for minutes or take gigabytes. The parse
runs in a child process whose address space is capped (`RLIMIT_AS` = its size
at start + `max_memory_mb`); the parent kills it after `max_seconds`. Lambda
has no /dev/shm, so multiprocessing queues and pools are out; a bare
`os.fork` with `os.pipe` works there.

Forking per document costs ~10 ms (fork, page-table copy, exit), as much as
parsing a one-page document, so the child is kept: it serves documents one
after another over the pipes until it is killed (timeout), dies (memory),
grows past half its cap, or has served `_MAX_TASKS`. From its second document
on the parent warms the parsers, so a worker forked again inherits them. One worker per
process, used under a lock: Lambda runs one request per process anyway.

Where fork is unavailable (Windows), the parse runs in-process with only the
pre-checks as protection.
"""
from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import struct
import threading
import time

from .errors import CORRUPT, OUT_OF_MEMORY, TIMEOUT, ExtractionError

_HEADER = struct.Struct("!Q")
_MAX_TASKS = 200


def _address_space() -> int:
    """Current virtual memory size in bytes (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _write_message(fd: int, payload: bytes) -> None:
    view = memoryview(_HEADER.pack(len(payload)) + payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _Deadline(Exception):
    """The worker did not answer in time."""


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    """`size` bytes from `fd`; None at end of file; raises _Deadline when `deadline` passes."""
    chunks, remaining = [], size
    while remaining:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise _Deadline
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int, deadline: float | None = None) -> bytes | None:
    header = _read_exactly(fd, _HEADER.size, deadline)
    if header is None:
        return None
    return _read_exactly(fd, _HEADER.unpack(header)[0], deadline)


def _run(work, args) -> tuple:
    """("ok", result) or ("error", code, detail)."""
    try:
        return ("ok", work(*args))
    except ExtractionError as exc:
        return ("error", exc.code, exc.detail)
    except MemoryError:
        return ("error", OUT_OF_MEMORY, None)
    except RecursionError:
        return ("error", CORRUPT, "recursion")
    except Exception as exc:  # a parser defect on a broken file is a corrupt file, not a crash
        return ("error", CORRUPT, type(exc).__name__)


def _close_inherited_sockets(keep: tuple[int, ...]) -> None:
    import stat

    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return  # not Linux: nothing to tidy
    for fd in descriptors:
        try:
            if fd > 2 and fd not in keep and stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


def _serve(requests: int, responses: int, memory_mb: int) -> None:
    """The worker's loop: one (work, args) in, one outcome out, until told otherwise."""
    import gc
    import resource

    # The parent's objects are the child's too; a collector walking them would
    # touch, and so copy, every page of the parent's heap.
    gc.freeze()
    # The parent's signal handlers (a local server's "stop everything" on SIGTERM)
    # and its sockets (a listening port) are not the worker's business.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _close_inherited_sockets(keep=(requests, responses))
    # pdfminer warns about every oddity of a damaged file; the result already says what matters
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    start = _address_space()
    if memory_mb > 0 and start:
        cap = start + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        message = _read_message(requests)
        if message is None:
            return
        work, args = pickle.loads(message)
        outcome = _run(work, args)
        del work, args, message
        gc.collect()
        # What survives is the worker's own lasting state (the parsers it imported, their caches):
        # frozen too, the next collection walks only the next document's objects (9 ms → 0.2 ms).
        gc.freeze()
        # After a MemoryError, or once fragmentation has eaten half the cap, a
        # fresh worker is cheaper than a struggling one: say so with the answer.
        retire = outcome[1] == OUT_OF_MEMORY or (
            memory_mb > 0 and _address_space() - start > memory_mb * 1024 * 1024 // 2)
        _write_message(responses, pickle.dumps((outcome, retire), protocol=pickle.HIGHEST_PROTOCOL))
        if retire:
            return


class _Worker:
    def __init__(self, memory_mb: int):
        self.memory_mb = memory_mb
        self.owner = os.getpid()
        self.tasks = 0
        self.status: int | None = None  # wait status once reaped
        request_read, self.requests = os.pipe()
        self.responses, response_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # child
            try:
                os.close(self.requests)
                os.close(self.responses)
                _serve(request_read, response_write, memory_mb)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(response_write)

    def submit(self, payload: bytes, seconds: float) -> bytes | None:
        """The pickled outcome, or None when the worker died; raises _Deadline."""
        self.tasks += 1
        _write_message(self.requests, payload)
        return _read_message(self.responses, time.monotonic() + seconds)

    def stop(self) -> int | None:
        """Kill and reap the worker; returns the signal that ended it, if any."""
        for fd in (self.requests, self.responses):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, self.status = os.waitpid(self.pid, 0)
        return os.WTERMSIG(self.status) if os.WIFSIGNALED(self.status) else None

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None


_lock = threading.Lock()
_worker: _Worker | None = None


def _fresh_worker(memory_mb: int) -> _Worker:
    global _worker
    if _worker is not None and _worker.owner != os.getpid():
        _worker = None  # this process was forked from the worker's owner: that worker is not ours to use
    if _worker is not None and (_worker.memory_mb != memory_mb or _worker.tasks >= _MAX_TASKS or _worker.exited()):
        _worker.stop()
        _worker = None
    if _worker is None:
        _worker = _Worker(memory_mb)
    return _worker


def _discard_worker() -> int | None:
    global _worker
    signal_number = _worker.stop() if _worker is not None else None
    _worker = None
    return signal_number


def run_guarded(work, args: tuple, limits):
    """`work(*args)` in the worker process; raises ExtractionError on timeout, OOM or crash."""
    if not hasattr(os, "fork"):
        return work(*args)
    payload = pickle.dumps((work, args), protocol=pickle.HIGHEST_PROTOCOL)
    with _lock:
        try:
            try:
                answer = _fresh_worker(limits.max_memory_mb).submit(payload, limits.max_seconds)
            except BrokenPipeError:  # the worker left between two documents: one retry on a new one
                _discard_worker()
                answer = _fresh_worker(limits.max_memory_mb).submit(payload, limits.max_seconds)
        except _Deadline:
            _discard_worker()
            raise ExtractionError(TIMEOUT, f"over {limits.max_seconds} s") from None
        if answer is None:
            stopped_by = _discard_worker()
            raise ExtractionError(OUT_OF_MEMORY if stopped_by in (signal.SIGKILL, signal.SIGSEGV) else CORRUPT,
                                  "reader stopped without a result")
        outcome, retire = pickle.loads(answer)
        if retire:
            _discard_worker()
    if outcome[0] == "ok":
        return outcome[1]
    raise ExtractionError(outcome[1], outcome[2])


def shutdown() -> None:
    """Stop the worker (at exit, and for tests)."""
    with _lock:
        _discard_worker()


atexit.register(shutdown)
