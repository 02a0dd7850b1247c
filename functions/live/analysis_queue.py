"""The queue of analyses after live calls (SQS; the local platform's embedded SQS)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

MAX_DELAY_SECONDS = 900  # SQS's limit: a longer wait is looked at again then


class LiveAnalysisQueue(Protocol):
    def send(self, company_id: str, live_id: str, delay_seconds: float = 0) -> None:
        """Look at the call's analysis (again) after `delay_seconds`."""
        ...


class SqsLiveAnalysisQueue:
    def __init__(self, client: SQSClient, queue_url: str) -> None:
        self._client = client
        self._url = queue_url

    def send(self, company_id: str, live_id: str, delay_seconds: float = 0) -> None:
        body = json.dumps({"company_id": company_id, "live_interview_id": live_id})
        delay = max(0, min(MAX_DELAY_SECONDS, round(delay_seconds)))
        self._client.send_message(QueueUrl=self._url, MessageBody=body, DelaySeconds=delay)
