"""Asynchronous deliveries: EventBridge targets and `InvocationType=Event` Lambda invokes.

In AWS both are asynchronous: the PutObject or PutEvents call returns before the target runs.
Running the target inline would block the request that caused it (an upload would wait for
the whole pipeline) and let its failure leak into moto, which swallows it. So deliveries go to
a small thread pool; failures are logged and kept, and tests call `wait_idle()`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryFailure:
    description: str
    error: BaseException


class AsyncDispatcher:
    def __init__(self, max_workers: int = 4) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="local-async"
        )
        self._idle = threading.Condition()
        self._pending = 0
        self.failures: list[DeliveryFailure] = []

    def submit(self, description: str, delivery: Callable[[], None]) -> None:
        with self._idle:
            self._pending += 1
        self._executor.submit(self._run, description, delivery)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every delivery, including ones queued by deliveries, has finished."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _run(self, description: str, delivery: Callable[[], None]) -> None:
        try:
            delivery()
        except Exception as error:
            # The cloud would show this in the target's logs or a DLQ; locally the log is it.
            logger.exception("asynchronous delivery failed: %s", description)
            self.failures.append(DeliveryFailure(description, error))
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()
