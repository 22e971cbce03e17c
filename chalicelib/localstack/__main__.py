"""`python -m chalicelib.localstack` (what `make run` runs): the whole system on one machine.

1. moto on 127.0.0.1 (a free port), holding the tables, queues and bucket that
   infra/resources.yaml declares, created from that file;
2. the settings pointed at it (endpoint, names as created, fake credentials);
3. the demo roster (unless SEED=0);
4. the Chalice app object from app.py over HTTP on 127.0.0.1:$PORT (default 8000);
5. one dispatcher per SQS handler and a scheduler per scheduled handler, calling
   the same handler objects Lambda calls, found from the app's event sources
   and the template's event wiring.

Ctrl-C or SIGTERM stops everything within a few seconds.
"""
from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from chalice.app import ScheduledEventConfig, SQSEventConfig
from chalice.cli.factory import CLIFactory
from chalice.local import create_local_server
from chalice.utils import to_cfn_resource_name

from chalicelib.localstack.dispatcher import QueueDispatcher
from chalicelib.localstack.resources import Stack, create_stack, load_template
from chalicelib.localstack.scheduler import Scheduler
from chalicelib.localstack.server import FAKE_CREDENTIALS, start_moto

ROOT = Path(__file__).resolve().parents[2]
LOCAL_REGION = "us-east-1"
LOCAL_STAGE = "local"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    for chatty in ("botocore", "boto3", "pynamodb"):  # credential and settings notes on every client
        logging.getLogger(chatty).setLevel(logging.WARNING)
    port = int(os.environ.get("PORT") or 8000)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    started = time.perf_counter()
    moto, endpoint = start_moto()
    try:
        return _serve(port, endpoint, stop, started)
    finally:
        stop.set()
        moto.stop()


def _serve(port: int, endpoint: str, stop: threading.Event, started: float) -> int:
    from chalicelib import aws
    from chalicelib.settings import reset_settings

    config = CLIFactory(project_dir=str(ROOT)).create_config_obj(chalice_stage_name=LOCAL_STAGE)
    for name, value in config.environment_variables.items():
        os.environ.setdefault(name, value)
    os.environ.update(FAKE_CREDENTIALS, AWS_REGION=LOCAL_REGION, AWS_DEFAULT_REGION=LOCAL_REGION,
                      SUTIAO_AWS_ENDPOINT_URL=endpoint)
    os.environ.pop("AWS_PROFILE", None)
    reset_settings()

    template = load_template()
    public_url = os.environ.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{port}"
    stack = create_stack(template, aws.client, LOCAL_REGION, {"PublicBaseUrl": public_url})
    os.environ.update(stack.environment(template))
    reset_settings()

    demo = seed_demo_roster() if os.environ.get("SEED", "1") != "0" else None

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    app_module = importlib.import_module("app")
    try:
        http = create_local_server(app_module.app, config, "127.0.0.1", port)
    except OSError as err:
        print(f"cannot listen on 127.0.0.1:{port}: {err.strerror}; set PORT to a free port", file=sys.stderr)
        return 1
    workers = _event_workers(app_module.app, config, template, stack, stop)
    http_thread = threading.Thread(target=http.server.serve_forever, name="http", daemon=True)
    for thread in (http_thread, *workers):
        thread.start()

    print(banner(port, endpoint, stack, workers, demo, _seconds_since_process_start(started)), flush=True)
    while not stop.wait(0.5):
        pass
    print("stopping the local stack ...", flush=True)
    http.server.shutdown()
    for worker in workers:
        worker.join(timeout=2)
    return 0


def _seconds_since_process_start(fallback_started: float) -> float:
    """Wall time since the interpreter started (Linux /proc), imports included; else since main()."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            return float(uptime.read().split()[0]) - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - fallback_started


def _event_workers(app, config, template: dict, stack: Stack, stop: threading.Event) -> list[threading.Thread]:
    """A dispatcher per SQS handler and a scheduler per scheduled handler of the app."""
    from chalicelib import aws

    workers: list[threading.Thread] = []
    interval = float(os.environ.get("SCHEDULE_INTERVAL_SECONDS") or 60)
    for source in app.event_sources:
        handler = _handler(source.handler_string)
        if isinstance(source, SQSEventConfig):
            queue = stack.event_queue(template, to_cfn_resource_name(source.name))
            function = config.scope(LOCAL_STAGE, source.name)
            workers.append(QueueDispatcher(
                queue or source.queue, handler, sqs=aws.client("sqs"), region=stack.region, stop=stop,
                batch_size=source.batch_size, function_name=source.name,
                memory_mb=function.lambda_memory_size, timeout_seconds=function.lambda_timeout))
        elif isinstance(source, ScheduledEventConfig):
            workers.append(Scheduler(source.name, handler, interval, region=stack.region,
                                     account_id=stack.account_id, stop=stop))
    return workers


def _handler(handler_string: str):
    """Resolve "app.handle_assignment" as Lambda does."""
    module_name, attribute = handler_string.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), attribute)


def seed_demo_roster() -> dict | None:
    """Seed CONTRACT section 1's demo roster with the lifecycle's `chalicelib.services.roster.seed_demo()`.

    Returns its summary (court_id, org_id, mediator_ids, court_secret), or None
    when the service is not there to seed with.
    """
    try:
        roster = importlib.import_module("chalicelib.services.roster")
    except ModuleNotFoundError as err:
        if err.name != "chalicelib.services.roster":
            raise
        return None
    seed = getattr(roster, "seed_demo", None)
    return seed() if seed else None


def banner(port: int, endpoint: str, stack: Stack, workers: list, demo: dict | None, seconds: float) -> str:
    from chalicelib.auth import mint_token

    api = f"http://127.0.0.1:{port}"
    names = lambda kind: ", ".join(stack.names(kind).values())  # noqa: E731
    lines = [
        f"Sutiao local stack ready in {seconds:.1f} s. Data lives in memory: stopping discards it.",
        f"  API            {api}   (OpenAPI {api}/openapi.json)",
        f"  AWS (moto)     {endpoint}",
        f"    tables       {names('AWS::DynamoDB::Table')}",
        f"    queues       {names('AWS::SQS::Queue')}",
        f"    bucket       {names('AWS::S3::Bucket')}",
        "  handlers       " + "; ".join(_describe(w) for w in workers),
    ]
    if demo is None:
        lines.append("  demo roster    not seeded" + (" (SEED=0)" if os.environ.get("SEED") == "0" else ""))
        return "\n".join(lines + ["  Ctrl-C stops everything."])
    court, org, mediators = demo["court_id"], demo["org_id"], demo["mediator_ids"]
    lines += [
        f"  demo roster    court {court}, organization {org}, mediators {', '.join(mediators)}",
        "  demo tokens    (Authorization: Bearer <token>; more: python -m chalicelib.cli token --help)",
        f"    org_admin   {org}  {mint_token('org_admin', org_id=org)}",
        f"    court_clerk {court}  {mint_token('court_clerk', court_id=court)}",
        f"    mediator    {mediators[0]}  {mint_token('mediator', mediator_id=mediators[0])}",
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
