"""`python -m chalicelib.localstack` (what `make run` runs): the whole system on one machine.

Environment: PORT (default 8000), SEED=0 to skip the demo roster,
SCHEDULE_INTERVAL_SECONDS (default 60) for the scheduled handlers.
Prints one banner; Ctrl-C or SIGTERM stops everything within a few seconds.
"""
from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import threading
import time

from chalicelib.localstack.dispatcher import QueueDispatcher
from chalicelib.localstack.runtime import DEFAULT_SCHEDULE_SECONDS, PortUnavailable, RunningStack, running_stack


def main() -> int:
    started = time.perf_counter()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    for chatty in ("botocore", "boto3", "pynamodb"):  # credential and settings notes on every client
        logging.getLogger(chatty).setLevel(logging.WARNING)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    port = int(os.environ.get("PORT") or 8000)
    seed = os.environ.get("SEED", "1") != "0"
    interval = float(os.environ.get("SCHEDULE_INTERVAL_SECONDS") or DEFAULT_SCHEDULE_SECONDS)
    try:
        with running_stack(port, seed=seed, schedule_seconds=interval) as running:
            print(banner(running, _seconds_since_process_start(started)), flush=True)
            while not stop.wait(0.5):
                pass
            print("stopping the local stack ...", flush=True)
    except PortUnavailable as err:
        print(f"{err}; set PORT to a free port", file=sys.stderr)
        return 1
    # Everything is stopped. Collecting the heap of a process holding moto, boto3 and pdfplumber
    # at interpreter exit took ~2 s on a busy machine, out of the 5 s a SIGTERM allows.
    gc.freeze()
    return 0


def _seconds_since_process_start(fallback_started: float) -> float:
    """Wall time since the interpreter started (Linux /proc), imports included; else since main()."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            return float(uptime.read().split()[0]) - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - fallback_started


def banner(running: RunningStack, seconds: float) -> str:
    from chalicelib.auth import mint_token
    from chalicelib.services.accounts import DEMO_PASSWORD

    api, stack = running.url, running.stack
    names = lambda kind: ", ".join(stack.names(kind).values())  # noqa: E731
    lines = [
        f"Sutiao local stack ready in {seconds:.1f} s. Data lives in memory: stopping discards it.",
        f"  API            {api}   (OpenAPI {api}/openapi.json)",
        f"  AWS (moto)     {running.endpoint}",
        f"    tables       {names('AWS::DynamoDB::Table')}",
        f"    queues       {names('AWS::SQS::Queue')}",
        f"    bucket       {names('AWS::S3::Bucket')}",
        "  handlers       " + "; ".join(_describe(w) for w in running.workers),
    ]
    demo = running.demo
    if demo is None:
        lines.append("  demo roster    not seeded" + (" (SEED=0)" if os.environ.get("SEED") == "0" else ""))
        return "\n".join(lines + ["  Ctrl-C stops everything."])
    court, org, mediators = demo["court_id"], demo["org_id"], demo["mediator_ids"]
    lines += [
        f"  demo roster    court {court}, organization {org}, mediators {', '.join(mediators)}",
        "  demo tokens    (Authorization: Bearer <token>; more: python -m chalicelib.cli token --help)",
        f"    platform_admin  {mint_token('platform_admin')}",
        f"    org_admin   {org}  {mint_token('org_admin', org_id=org)}",
        f"    court_clerk {court}  {mint_token('court_clerk', court_id=court)}",
        f"    mediator    {mediators[0]}  {mint_token('mediator', mediator_id=mediators[0])}",
        f"  sign in        {api}/login  password {DEMO_PASSWORD} for {', '.join(demo.get('accounts', []))}",
        f"  consoles       {api}/admin (the organization's admin), {api}/court (the court's clerk), "
        f"{api}/mediator (a mediator's phone page)",
        f"  court webhook  X-Court-Id: {court}, secret {demo['court_secret']}",
        "  Ctrl-C stops everything.",
    ]
    return "\n".join(lines)


def _describe(worker) -> str:
    if isinstance(worker, QueueDispatcher):
        return f"{worker.queue_name} -> {worker.function_name}"
    return f"{worker.function_name} every {worker.interval_seconds:g} s"


if __name__ == "__main__":
    sys.exit(main())
