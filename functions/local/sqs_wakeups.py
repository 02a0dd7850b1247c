"""SQS on moto, telling local consumers when a message arrives.

A queue's local consumers (functions/local/event_sources.py) used to long-poll one second at a
time, eight per queue: some thirty ReceiveMessage calls a second on an idle platform, half a
core. Installed by `EmbeddedAws`, `QueueWakeups` counts every message a queue takes in, and
every message a ChangeMessageVisibility shows again, per queue (`queue_messages(name)`), so an
idle consumer sleeps until its own queue has work, or until a message it cannot see yet
(delayed, or received and not deleted) becomes visible: `next_visible` says when. A message to
one queue wakes that queue's consumers only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from functions.local.wakeups import Wakeups

_QUEUES: dict[str, Wakeups] = {}
_QUEUES_LOCK = threading.Lock()


def queue_messages(queue_name: str) -> Wakeups:
    """The queue's counter: a message was added to it, or one of its messages shows again."""
    with _QUEUES_LOCK:
        return _QUEUES.setdefault(queue_name, Wakeups())


def next_visible(queue_name: str, now_ms: float) -> float | None:
    """Seconds until the queue's next hidden message shows (0: one is visible; None: empty)."""
    from moto.sqs.models import sqs_backends

    waits = [
        max(message.visible_at, message.delayed_until) - now_ms
        for regions in list(sqs_backends.values())
        for backend in list(regions.values())
        if queue_name in backend.queues
        for message in list(backend.queues[queue_name]._messages)
    ]
    return max(0.0, min(waits) / 1000) if waits else None


class QueueWakeups:
    def __init__(self) -> None:
        self._add: Any = None
        self._change: Any = None

    def install(self) -> None:
        from moto.sqs.models import Queue, SQSBackend

        if self._add is not None:
            return
        self._add = Queue.__dict__["add_message"]
        self._change = SQSBackend.__dict__["change_message_visibility"]
        setattr(Queue, "add_message", _announcing_add(self._add))  # noqa: B010
        setattr(SQSBackend, "change_message_visibility", _announcing_change(self._change))  # noqa: B010

    def uninstall(self) -> None:
        from moto.sqs.models import Queue, SQSBackend

        if self._add is not None:
            setattr(Queue, "add_message", self._add)  # noqa: B010
            setattr(SQSBackend, "change_message_visibility", self._change)  # noqa: B010
            self._add = self._change = None


def _announcing_add(add: Callable[..., Any]) -> Callable[..., Any]:
    def announced(queue: Any, *args: Any, **kwargs: Any) -> Any:
        result = add(queue, *args, **kwargs)
        queue_messages(queue.name).added()
        return result

    return announced


def _announcing_change(change: Callable[..., Any]) -> Callable[..., Any]:
    """A visibility change may show a message sooner than the wait its consumers chose."""

    def announced(backend: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        result = change(backend, queue_name, *args, **kwargs)
        queue_messages(queue_name).added()
        return result

    return announced
