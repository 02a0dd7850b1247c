"""A counter of events (a stream record, a queue message) and a wait for the next one, so the
local pollers block until there is work instead of asking moto several times a second."""

from __future__ import annotations

import threading


class Wakeups:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.count = 0

    def added(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_after(self, count: int, timeout: float, stop: threading.Event) -> bool:
        """True when something was added since `count` was read, waiting up to `timeout`
        (or until `stop` is set and `wake` called)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.count != count or stop.is_set(), timeout)

    def wake(self) -> None:
        """Let waiters look at their stop event."""
        with self._changed:
            self._changed.notify_all()
