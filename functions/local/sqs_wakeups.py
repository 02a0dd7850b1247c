"""SQS on moto, telling local consumers when a message arrives.

A queue's local consumers (functions/local/event_sources.py) used to long-poll one second at a
time, eight per queue: some thirty ReceiveMessage calls a second on an idle platform, half a
core. Installed by `EmbeddedAws`, `QueueWakeups` counts every message a queue takes in
(`QUEUE_MESSAGES`), so an idle consumer sleeps until a message arrives, or until one it cannot
see yet (delayed, or received and not deleted) becomes visible: `next_visible` says when.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from functions.local.wakeups import Wakeups

QUEUE_MESSAGES = Wakeups()  # a message was added to a queue


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
        self._original: Any = None

    def install(self) -> None:
        from moto.sqs.models import Queue

        if self._original is not None:
            return
        self._original = Queue.__dict__["add_message"]
        setattr(Queue, "add_message", _announcing(self._original))  # noqa: B010

    def uninstall(self) -> None:
        from moto.sqs.models import Queue

        if self._original is not None:
            setattr(Queue, "add_message", self._original)  # noqa: B010
            self._original = None


def _announcing(add: Callable[..., Any]) -> Callable[..., Any]:
    def announced(queue: Any, *args: Any, **kwargs: Any) -> Any:
        result = add(queue, *args, **kwargs)
        QUEUE_MESSAGES.added()
        return result

    return announced
