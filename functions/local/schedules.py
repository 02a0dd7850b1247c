"""The local stand-in for EventBridge Scheduler: each catalog schedule's function is invoked on
its rate, asynchronously through the embedded Lambda (which runs the handler in this process).
"""

from __future__ import annotations

import logging
import threading

import boto3

from functions.resources import CATALOG, FUNCTIONS_BY_BASE, Catalog, Schedule

logger = logging.getLogger(__name__)


class LocalScheduler:
    def __init__(
        self,
        endpoint_url: str,
        region: str,
        stage: str,
        catalog: Catalog = CATALOG,
        seconds_per_minute: float = 60.0,
    ) -> None:
        self._lambda = boto3.client("lambda", endpoint_url=endpoint_url, region_name=region)
        self._stage = stage
        self._schedules = catalog.schedules
        self._seconds_per_minute = seconds_per_minute
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for schedule in self._schedules:
            thread = threading.Thread(
                target=self._loop, args=(schedule,), name=f"schedule-{schedule.base}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _loop(self, schedule: Schedule) -> None:
        period = schedule.every_minutes * self._seconds_per_minute
        while not self._stopped.wait(period):
            self.run(schedule)

    def run(self, schedule: Schedule) -> None:
        name = FUNCTIONS_BY_BASE[schedule.function].name(self._stage)
        try:
            self._lambda.invoke(FunctionName=name, InvocationType="Event", Payload=b"{}")
        except Exception:  # a failed run is logged; the next period tries again, as in AWS
            logger.exception("schedule %s failed to start %s", schedule.base, name)

    def stop(self) -> None:
        self._stopped.set()
        for thread in self._threads:
            thread.join(timeout=5)
