"""Messages onto the SQS queues named in the settings."""
from __future__ import annotations

import json

from chalicelib import aws
from chalicelib.observability import logger
from chalicelib.settings import get_settings

QUEUES = {"assignment": "assignment_queue", "outcome": "outcome_queue",
          "notifications": "notifications_queue", "uploads": "uploads_queue"}


class SqsPublisher:
    def __init__(self, sqs=None):
        self._sqs = sqs

    def send(self, queue: str, body: dict, delay_seconds: int = 0) -> None:
        name = getattr(get_settings(), QUEUES[queue])
        sqs = self._sqs or aws.client("sqs")
        sqs.send_message(QueueUrl=aws.queue_url(name), MessageBody=json.dumps(body, ensure_ascii=False),
                         DelaySeconds=delay_seconds)

    def delay_redelivery(self, queue_arn: str, receipt_handle: str, seconds: int) -> None:
        """Best effort: keep a failed message hidden for `seconds` before SQS offers it again."""
        import botocore.exceptions

        sqs = self._sqs or aws.client("sqs")
        try:
            sqs.change_message_visibility(QueueUrl=aws.queue_url(queue_arn.rsplit(":", 1)[-1]),
                                          ReceiptHandle=receipt_handle, VisibilityTimeout=seconds)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
            logger().warning("could not delay the redelivery", extra={"queue": queue_arn})
