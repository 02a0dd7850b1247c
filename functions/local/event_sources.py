"""The catalog's event source mappings, run locally: pollers that call the same handlers.

moto has mappings for queues and table streams, but they invoke the function synchronously
inside the write (a PutEvents would wait for a webhook's HTTP call) and ignore message delays.
So, as Lambda does: a thread per source polls it (SQS ReceiveMessage, the dynamodbstreams
API), calls the function's handler through the in-process runtime, deletes what succeeded
(partial batch responses honoured) and leaves failures to come back after their visibility
timeout, or for a stream, retries the same records (never skipped). An idle poller sleeps until
moto announces a message or a stream record (functions/local/sqs_wakeups.py, dynamodb_streams.py)
or a hidden message of its queue shows, so an idle platform makes no calls: a queue's pollers
wake for their own queue only, and with nothing to wait for, only every IDLE_WAIT_SECONDS
(a stream's reader keeps its shard iterator, which expires after 15 minutes, alive).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import datetime
from typing import Any

import boto3

from functions.local.dynamodb_streams import STREAM_WRITES
from functions.local.lambda_runtime import FunctionSpec, run_handler
from functions.local.sqs_wakeups import next_visible, queue_messages
from functions.resources import CATALOG, FUNCTIONS_BY_BASE, QUEUES_BY_BASE, EventSource
from functions.settings import Settings

logger = logging.getLogger(__name__)
# An idle poller's longest sleep: new work wakes it sooner. Below the 15 minutes a shard
# iterator lives (functions/local/dynamodb_streams.py), so an idle reader's stays valid.
IDLE_WAIT_SECONDS = 600.0


def _spec(settings: Settings, function_base: str) -> FunctionSpec:
    fn = FUNCTIONS_BY_BASE[function_base]
    name = fn.name(settings.stage)
    return FunctionSpec(
        name=name,
        arn=f"arn:aws:lambda:{settings.aws_region}:{settings.aws_account_id}:function:{name}",
        handler=fn.handler,
        timeout_seconds=fn.timeout_seconds,
        memory_mb=fn.memory_mb,
    )


def _epoch(value: Any) -> Any:
    """boto3 parses ApproximateCreationDateTime; Lambda receives epoch seconds."""
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _invoke(spec: FunctionSpec, event: dict[str, Any]) -> dict[str, Any] | None:
    """The handler's result, or None when it failed (the whole batch is retried)."""
    result = run_handler(spec, json.dumps(event, default=_epoch))
    if result.failed:
        logger.warning("%s failed: %s", spec.name, result.payload[:500])
        return None
    loaded = json.loads(result.payload or b"null")
    return loaded if isinstance(loaded, dict) else {}


class _Poller(threading.Thread):
    def __init__(self, name: str, settings: Settings, source: EventSource) -> None:
        super().__init__(name=name, daemon=True)
        self.settings = settings
        self.source = source
        self.spec = _spec(settings, source.function)
        self.stopping = threading.Event()
        session = boto3.session.Session(region_name=settings.aws_region)
        self.session = session

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.settings.aws_endpoint_url)  # type: ignore[call-overload]

    def run(self) -> None:
        failed = False
        while not self.stopping.is_set():
            try:
                if failed:
                    self.recover()
                    failed = False
                if not self.poll_once():
                    self.idle()
            except Exception:  # the poller must outlive a failure, as Lambda's does
                logger.exception("event source %s", self.name)
                failed = True
                self.stopping.wait(1.0)

    def poll_once(self) -> bool:
        raise NotImplementedError

    def idle(self) -> None:
        self.stopping.wait(0.05)

    def recover(self) -> None:
        """After a failed poll: make the next one possible."""

    def stop(self) -> None:
        self.stopping.set()


class QueuePoller(_Poller):
    def __init__(self, settings: Settings, source: EventSource) -> None:
        super().__init__(f"sqs:{source.source}:{source.kind}", settings, source)
        queue = QUEUES_BY_BASE[source.source]
        name = (
            queue.dead_letter_name(settings.stage)
            if source.kind == "dead_letters"
            else queue.name(settings.stage)
        )
        self.sqs = self.client("sqs")
        self.name_in_queue = name
        self.arrivals = queue_messages(name)
        self.messages = self.arrivals.count
        self.url = self.sqs.get_queue_url(QueueName=name)["QueueUrl"]
        self.arn = f"arn:aws:sqs:{settings.aws_region}:{settings.aws_account_id}:{name}"

    def poll_once(self) -> bool:
        self.messages = self.arrivals.count
        received = self.sqs.receive_message(
            QueueUrl=self.url,
            MaxNumberOfMessages=self.source.batch_size,
            WaitTimeSeconds=0,
            AttributeNames=["All"],
        ).get("Messages", [])
        if not received:
            return False
        result = _invoke(self.spec, {"Records": [self.record(m) for m in received]})
        if result is None:
            return True  # all come back after the visibility timeout
        failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        for message in received:
            if message["MessageId"] not in failed:
                self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
        return True

    def idle(self) -> None:
        """Until a message arrives, or one of this queue's hidden ones shows."""
        shows = next_visible(self.name_in_queue, time.time() * 1000)
        wait = IDLE_WAIT_SECONDS if shows is None else min(IDLE_WAIT_SECONDS, shows + 0.05)
        self.arrivals.wait_after(self.messages, wait, self.stopping)

    def stop(self) -> None:
        super().stop()
        self.arrivals.wake()

    def record(self, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": message.get("Attributes", {}),
            "messageAttributes": {},
            "md5OfBody": message.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": self.arn,
            "awsRegion": self.settings.aws_region,
        }


class StreamPoller(_Poller):
    def __init__(self, settings: Settings, source: EventSource) -> None:
        super().__init__(f"stream:{source.source}", settings, source)
        table = next(t for t in CATALOG.tables if t.base == source.source)
        described = self.client("dynamodb").describe_table(TableName=table.name(settings.stage))
        self.stream_arn = described["Table"]["LatestStreamArn"]
        self.streams = self.client("dynamodbstreams")
        self.processed: str | None = None  # the sequence number of the last record handled
        self.writes = STREAM_WRITES.count
        self.iterator = self.new_iterator()

    def new_iterator(self) -> str:
        """From the oldest record kept, or after the last one handled."""
        shards = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
        where: dict[str, Any] = (
            {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": self.processed}
            if self.processed
            else {"ShardIteratorType": "TRIM_HORIZON"}
        )
        iterator: str = self.streams.get_shard_iterator(
            StreamArn=self.stream_arn, ShardId=shards["Shards"][0]["ShardId"], **where
        )["ShardIterator"]
        return iterator

    def poll_once(self) -> bool:
        self.writes = STREAM_WRITES.count
        page = self.streams.get_records(ShardIterator=self.iterator, Limit=self.source.batch_size)
        records = page.get("Records", [])
        if records:
            batch = [{**r, "eventSourceARN": self.stream_arn} for r in records]
            while _invoke(self.spec, {"Records": batch}) is None:  # retried, never skipped
                if self.stopping.wait(0.5):
                    return True
            self.processed = records[-1]["dynamodb"]["SequenceNumber"]
        self.iterator = page.get("NextShardIterator") or self.iterator
        return bool(records)

    def idle(self) -> None:
        """Until the next stream record (none is missed: the count was read before the poll)."""
        STREAM_WRITES.wait_after(self.writes, IDLE_WAIT_SECONDS, self.stopping)

    def recover(self) -> None:
        self.iterator = self.new_iterator()  # an iterator expires after 15 minutes

    def stop(self) -> None:
        super().stop()
        STREAM_WRITES.wake()


class LocalEventSources:
    """Starts pollers per catalog event source; `stop` ends them. A queue gets several, as
    Lambda scales a queue's consumers, so one slow message does not hold up the others; a
    stream shard has one (its records stay in order)."""

    def __init__(self, settings: Settings, queue_concurrency: int = 8) -> None:
        self.settings = settings
        self.queue_concurrency = queue_concurrency
        self.pollers: list[_Poller] = []

    def start(self) -> LocalEventSources:
        for source in CATALOG.event_sources:
            if source.kind == "table_stream":
                self.pollers.append(StreamPoller(self.settings, source))
                continue
            self.pollers += [
                QueuePoller(self.settings, source) for _ in range(self.queue_concurrency)
            ]
        for poller in self.pollers:
            poller.start()
        return self

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()
        for poller in self.pollers:
            poller.join(timeout=5)
        self.pollers = []

    def wait_until(self, condition: Any, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return False
