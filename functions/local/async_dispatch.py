"""Asynchronous deliveries: EventBridge targets and `InvocationType=Event` Lambda invokes.

In AWS both are asynchronous: the PutObject or PutEvents call returns before the target runs.
Running the target inline would block the request that caused it (an upload would wait for
the whole pipeline) and let its failure leak into moto, which swallows it. So deliveries go to
a few worker threads; failures are logged and kept, and tests call `wait_idle()`.

The workers are daemon threads: stopping the platform does not wait for a delivery (a whole
answer pipeline, say). Each delivery carries what would start it again (`Redrive`), and
`unfinished()` lists those not finished yet, which the state snapshot keeps and the next
start re-drives (functions/local/state.py).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryFailure:
    description: str
    error: BaseException


@dataclass(frozen=True)
class Redrive:
    """What starts a delivery again: an asynchronous Lambda invoke, or an execution."""

    kind: str  # "lambda" (target: function name) or "states" (target: state machine ARN)
    target: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


_Job = tuple[int, str, Callable[[], None]]


class AsyncDispatcher:
    def __init__(self, max_workers: int = 4) -> None:
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()  # None: stop
        self._idle = threading.Condition()
        self._pending = 0
        self._unfinished: dict[int, Redrive] = {}
        self._ids = itertools.count()
        self.failures: list[DeliveryFailure] = []
        self._workers = [
            threading.Thread(target=self._work, name=f"local-async-{n}", daemon=True)
            for n in range(max_workers)
        ]
        for worker in self._workers:
            worker.start()

    def submit(
        self, description: str, delivery: Callable[[], None], redrive: Redrive | None = None
    ) -> None:
        number = next(self._ids)
        with self._idle:
            self._pending += 1
            if redrive is not None:
                self._unfinished[number] = redrive
        self._queue.put((number, description, delivery))

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every delivery, including ones queued by deliveries, has finished."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def unfinished(self) -> list[Redrive]:
        """Deliveries queued or running, in the order they were submitted."""
        with self._idle:
            return [self._unfinished[n] for n in sorted(self._unfinished)]

    def shutdown(self, wait: bool = True) -> None:
        """Ends the workers once the queue is done (`wait`), or leaves them (daemons) at once."""
        for _ in self._workers:
            self._queue.put(None)
        if wait:
            for worker in self._workers:
                worker.join()

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            self._run(*job)

    def _run(self, number: int, description: str, delivery: Callable[[], None]) -> None:
        try:
            delivery()
        except Exception as error:
            # The cloud would show this in the target's logs or a DLQ; locally the log is it.
            logger.exception("asynchronous delivery failed: %s", description)
            self.failures.append(DeliveryFailure(description, error))
        finally:
            with self._idle:
                self._pending -= 1
                self._unfinished.pop(number, None)
                self._idle.notify_all()
