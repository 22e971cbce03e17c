"""The local stack: moto, the same resources as infra/, the app over HTTP, and local event delivery.

Run it with `python -m chalicelib.localstack` (`make run`), or in-process with
`running_stack(port)` (benches). Tests reuse the pieces: `start_moto`,
`create_stack`/`load_template`, `QueueDispatcher`, `Scheduler`. Never imported
on Lambda (infra/package.py leaves it out).
"""
from chalicelib.localstack.dispatcher import QueueDispatcher, failed_message_ids, sqs_event
from chalicelib.localstack.resources import Stack, create_stack, load_template
from chalicelib.localstack.runtime import PortUnavailable, RunningStack, running_stack
from chalicelib.localstack.scheduler import Scheduler, scheduled_event
from chalicelib.localstack.server import start_moto

__all__ = [
    "PortUnavailable", "QueueDispatcher", "RunningStack", "Scheduler", "Stack", "create_stack",
    "failed_message_ids", "load_template", "running_stack", "scheduled_event", "sqs_event", "start_moto",
]
