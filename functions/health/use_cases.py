"""Is the platform able to serve? Each dependency is checked in parallel with a short budget."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Literal

from pydantic import BaseModel

CHECK_BUDGET_SECONDS = 3.0


class CheckResult(BaseModel):
    status: Literal["ok", "down"]
    latency_ms: int
    detail: str | None = None


class HealthReport(BaseModel):
    healthy: bool
    checks: dict[str, CheckResult]


def _run(check: Callable[[], str | None]) -> CheckResult:
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except Exception as error:
        detail, ok = f"{type(error).__name__}: {error}"[:300], False
    return CheckResult(
        status="ok" if ok else "down",
        latency_ms=int((time.perf_counter() - started) * 1000),
        detail=detail,
    )


def check_health(checks: dict[str, Callable[[], str | None]]) -> HealthReport:
    """Every check within one budget, counted from the start: a dependency that hangs is
    reported down when the budget ends, and the report does not wait for its thread."""
    results: dict[str, CheckResult] = {}
    pool = ThreadPoolExecutor(max_workers=max(len(checks), 1), thread_name_prefix="health")
    deadline = time.monotonic() + CHECK_BUDGET_SECONDS
    try:
        futures = {name: pool.submit(_run, check) for name, check in checks.items()}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=max(deadline - time.monotonic(), 0))
            except FutureTimeout:
                results[name] = CheckResult(
                    status="down",
                    latency_ms=int(CHECK_BUDGET_SECONDS * 1000),
                    detail="no answer in time",
                )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return HealthReport(healthy=all(r.status == "ok" for r in results.values()), checks=results)
