"""The whole local stack in one context manager, for `make run`, benches and tests.

    with running_stack(port=8000) as running:
        running.url, running.endpoint, running.stack, running.demo

1. moto on 127.0.0.1 (a free port), holding the tables, queues and bucket that
   infra/resources.yaml declares, created from that file;
2. the settings pointed at it (endpoint, names as created, fake credentials);
3. the demo roster (unless `seed=False`);
4. the Chalice app object from app.py over HTTP on 127.0.0.1:`port`;
5. one dispatcher per SQS handler and a scheduler per scheduled handler, calling
   the same handler objects Lambda calls, found from the app's event sources
   and the template's event wiring.

Leaving the block stops all of it. It changes `os.environ` (that is how the
settings learn the endpoint and names), so run one per process.
"""
from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from chalice.app import ScheduledEventConfig, SQSEventConfig
from chalice.cli.factory import CLIFactory
from chalice.local import (
    ChaliceRequestHandler,
    ForbiddenError,
    LocalDevServer,
    LocalGatewayException,
    create_local_server,
)
from chalice.utils import to_cfn_resource_name

from chalicelib.localstack.dispatcher import QueueDispatcher
from chalicelib.localstack.resources import Stack, create_stack, load_template
from chalicelib.localstack.scheduler import Scheduler
from chalicelib.localstack.server import FAKE_CREDENTIALS, start_moto

ROOT = Path(__file__).resolve().parents[2]
LOCAL_REGION = "us-east-1"
LOCAL_STAGE = "local"
DEFAULT_SCHEDULE_SECONDS = 60.0


class PortUnavailable(OSError):
    """The API port is taken (or not ours to bind)."""


@dataclass
class RunningStack:
    url: str  # the API
    endpoint: str  # moto
    stack: Stack  # what was created from the template
    workers: list[threading.Thread]  # dispatchers and schedulers
    demo: dict | None  # seed_demo()'s summary, None when not seeded


@contextmanager
def running_stack(port: int, *, seed: bool = True, schedule_seconds: float = DEFAULT_SCHEDULE_SECONDS,
                  ) -> Iterator[RunningStack]:
    """Start everything on 127.0.0.1:`port`; stop it all on exit. PortUnavailable if the port is taken."""
    moto, endpoint = start_moto()
    stop = threading.Event()
    try:
        config = _point_settings_at(endpoint)
        template = load_template()
        stack = _create_resources(template, port)
        demo = seed_demo_roster() if seed else None
        app = _app()
        try:
            http = create_local_server(app, config, "127.0.0.1", port)
        except OSError as err:
            raise PortUnavailable(f"cannot listen on 127.0.0.1:{port}: {err.strerror}") from err
        http.server.RequestHandlerClass = functools.partial(ContractErrorsRequestHandler, app_object=app,
                                                            config=config)
        workers = _event_workers(app, config, template, stack, stop, schedule_seconds)
        with _serving(http, workers, stop):
            yield RunningStack(f"http://127.0.0.1:{port}", endpoint, stack, workers, demo)
    finally:
        stop.set()
        moto.stop()


class ContractErrorsRequestHandler(ChaliceRequestHandler):
    """Chalice's local request handler, with its own refusals in CONTRACT's error shape, and API Gateway's
    10 MB body limit.

    chalice.local answers a path no route matches (before app.py runs) with API Gateway's
    403 {"message": "Missing Authentication Token"}; the deployed API's gateway responses
    (infra/resources.yaml) turn that into a JSON 404, and so does this.
    """

    def _generic_handle(self) -> None:
        """CONTRACT R2: a body over API Gateway's 10 MB limit is a 413 before a byte of it is read."""
        from chalicelib.settings import get_settings

        limit = get_settings().requests.max_body_bytes
        length = self.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > limit:
            self.close_connection = True  # the unread body must not be taken for the next request
            status, message = (413, f"the request body is over {limit // (1024 * 1024)} MB; send larger PDFs "
                                    "through POST /uploads") if length.isdigit() else (400, "bad Content-Length")
            code = "payload_too_large" if status == 413 else "bad_request"
            body = json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")
            self._send_http_response(status, {"Content-Type": "application/json", "Connection": "close"}, body)
            return
        super()._generic_handle()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle  # (bound by name there)

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if isinstance(error, ForbiddenError):  # no route matches the path
            status, code, message = 404, "not_found", "no route matches this method and path"
        else:
            status, code = error.CODE, "unauthorized" if error.CODE == 401 else "gateway_error"
            message = json.loads(error.body or b"{}").get("message") or "refused by the gateway"
        body = json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")
        self._send_http_response(status, {**error.headers, "Content-Type": "application/json"}, body)


def _point_settings_at(endpoint: str):
    """The `local` stage's environment from .chalice/config.json, the endpoint and fake credentials."""
    from chalicelib.settings import reset_settings

    config = CLIFactory(project_dir=str(ROOT)).create_config_obj(chalice_stage_name=LOCAL_STAGE)
    for name, value in config.environment_variables.items():
        os.environ.setdefault(name, value)
    os.environ.update(FAKE_CREDENTIALS, AWS_REGION=LOCAL_REGION, AWS_DEFAULT_REGION=LOCAL_REGION,
                      SUTIAO_AWS_ENDPOINT_URL=endpoint)
    os.environ.pop("AWS_PROFILE", None)
    reset_settings()
    return config


def _create_resources(template: dict, port: int) -> Stack:
    from chalicelib import aws
    from chalicelib.settings import reset_settings

    public_url = os.environ.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{port}"
    stack = create_stack(template, aws.client, LOCAL_REGION, {"PublicBaseUrl": public_url})
    os.environ.update(stack.environment(template))
    reset_settings()
    return stack


def _app():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("app").app


@contextmanager
def _serving(http: LocalDevServer, workers: list[threading.Thread], stop: threading.Event) -> Iterator[None]:
    http_thread = threading.Thread(target=http.server.serve_forever, name="http", daemon=True)
    for thread in (http_thread, *workers):
        thread.start()
    try:
        yield
    finally:
        stop.set()
        http.server.shutdown()
        http.server.server_close()
        for worker in workers:
            worker.join(timeout=2)  # a long poll ends within a second; a busy handler is abandoned (daemon)


def _event_workers(app, config, template: dict, stack: Stack, stop: threading.Event,
                   schedule_seconds: float) -> list[threading.Thread]:
    """A dispatcher per SQS handler and a scheduler per scheduled handler of the app."""
    from chalicelib import aws

    workers: list[threading.Thread] = []
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
            workers.append(Scheduler(source.name, handler, schedule_seconds, region=stack.region,
                                     account_id=stack.account_id, stop=stop))
    return workers


def _handler(handler_string: str):
    """Resolve "app.handle_assignment" as Lambda does."""
    module_name, attribute = handler_string.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), attribute)


def seed_demo_roster() -> dict | None:
    """Seed CONTRACT section 1's demo roster with the lifecycle's `chalicelib.services.roster.seed_demo()`,
    and R2's staff accounts.

    Returns its summary (court_id, org_id, mediator_ids, court_secret, accounts), or None
    when the service is not there to seed with.
    """
    try:
        roster = importlib.import_module("chalicelib.services.roster")
    except ModuleNotFoundError as err:
        if err.name != "chalicelib.services.roster":
            raise
        return None
    seed = getattr(roster, "seed_demo", None)
    if seed is None:
        return None
    from chalicelib.bootstrap import default_deps

    demo = seed(default_deps())
    demo["accounts"] = seed_demo_accounts(demo)
    return demo


def seed_demo_accounts(demo: dict) -> list[str]:
    """CONTRACT R2 §3's seeded staff accounts (password `demo-password`), as usernames."""
    from chalicelib.bootstrap import default_deps
    from chalicelib.services.accounts import seed_demo_accounts as seed

    return seed(default_deps(), demo)
