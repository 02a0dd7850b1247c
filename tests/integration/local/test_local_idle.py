"""An idle `make dev` sleeps (issue 18): its queue and stream pollers block until there is work,
instead of some fifty ReceiveMessage / GetRecords calls a second, and still take work at once;
a message wakes the pollers of its own queue only.
Counted in moto's backends over an idle spell, not timed."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from functions import wiring
from functions.local.aws import EmbeddedAws
from functions.local.event_sources import LocalEventSources
from functions.local.provision import local_settings_env, provision
from functions.resources import QUEUES_BY_BASE
from functions.settings import get_settings

IDLE_SECONDS = 3.0


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def counting(self, method: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.count += 1
            return method(*args, **kwargs)

        return counted


@pytest.fixture
def sources(embedded_aws: EmbeddedAws) -> Iterator[LocalEventSources]:
    saved = dict(os.environ)
    os.environ.update({"APP_STAGE": "local", "APP_AWS_ENDPOINT_URL": embedded_aws.endpoint_url})
    wiring.reset()
    resources = provision(get_settings())
    os.environ.update(local_settings_env(resources, embedded_aws.endpoint_url))
    wiring.reset()
    started = LocalEventSources(get_settings()).start()
    yield started
    started.stop()
    os.environ.clear()
    os.environ.update(saved)
    wiring.reset()


def test_idle_pollers_wait_for_work(
    sources: LocalEventSources, embedded_aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.dynamodbstreams.models import DynamoDBStreamsBackend
    from moto.sqs.models import SQSBackend

    polls = Calls()
    monkeypatch.setattr(SQSBackend, "receive_message", polls.counting(SQSBackend.receive_message))
    monkeypatch.setattr(
        DynamoDBStreamsBackend, "get_records", polls.counting(DynamoDBStreamsBackend.get_records)
    )
    time.sleep(IDLE_SECONDS)
    # 33 pollers asked once a second each (the queues') or twenty times (the stream's).
    assert polls.count <= len(sources.pollers)

    before = polls.count
    sqs = boto3.client("sqs", endpoint_url=embedded_aws.endpoint_url)
    url = sqs.get_queue_url(QueueName=QUEUES_BY_BASE["notifications"].name("local"))["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="{}")
    assert sources.wait_until(lambda: polls.count > before, timeout=10)  # woken by the message


class CallsPerQueue:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def counting(self, method: Any) -> Any:
        def counted(backend: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.counts[queue_name] = self.counts.get(queue_name, 0) + 1
            return method(backend, queue_name, *args, **kwargs)

        return counted


def test_a_message_wakes_its_own_queues_pollers_only(
    sources: LocalEventSources, embedded_aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.sqs.models import SQSBackend

    notifications = QUEUES_BY_BASE["notifications"].name("local")
    polls = CallsPerQueue()
    monkeypatch.setattr(SQSBackend, "receive_message", polls.counting(SQSBackend.receive_message))
    time.sleep(IDLE_SECONDS)  # the pollers' first asks, as they start, are over
    with polls.lock:
        polls.counts.clear()
    sqs = boto3.client("sqs", endpoint_url=embedded_aws.endpoint_url)
    url = sqs.get_queue_url(QueueName=notifications)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="{}")
    assert sources.wait_until(lambda: polls.counts.get(notifications, 0) > 0, timeout=10)
    time.sleep(IDLE_SECONDS)  # time for any other poller the message woke to ask its queue
    assert set(polls.counts) == {notifications}


def test_a_visibility_change_wakes_the_queues_pollers(embedded_aws: EmbeddedAws) -> None:
    """A message a consumer hid may show sooner than the hidden time its pollers sleep for."""
    from functions.local.sqs_wakeups import queue_messages

    sqs = boto3.client("sqs", endpoint_url=embedded_aws.endpoint_url)
    url = sqs.create_queue(QueueName="idle-visibility")["QueueUrl"]  # no pollers on it
    arrivals = queue_messages("idle-visibility")
    sqs.send_message(QueueUrl=url, MessageBody="{}")
    sent = arrivals.count
    [message] = sqs.receive_message(QueueUrl=url, VisibilityTimeout=600)["Messages"]
    assert arrivals.count == sent
    sqs.change_message_visibility(
        QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
    )
    assert arrivals.count == sent + 1
