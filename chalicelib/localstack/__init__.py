"""The local stack: moto, the same resources as infra/, the app over HTTP, and local event delivery.

Run it with `python -m chalicelib.localstack` (`make run`). Tests reuse the
pieces: `start_moto`, `create_stack`/`load_template`, `QueueDispatcher`,
`Scheduler`. Never imported on Lambda (infra/package.py leaves it out).
"""
from chalicelib.localstack.dispatcher import QueueDispatcher, failed_message_ids, sqs_event
from chalicelib.localstack.resources import Stack, create_stack, load_template
from chalicelib.localstack.scheduler import Scheduler, scheduled_event
from chalicelib.localstack.server import start_moto

__all__ = [
    "QueueDispatcher", "Scheduler", "Stack", "create_stack", "failed_message_ids", "load_template",
    "scheduled_event", "sqs_event", "start_moto",
]
