"""getHealth answers within its budget even when a dependency hangs: the hanging check is
reported down and the report does not wait for its thread (nor add one budget per check)."""

from __future__ import annotations

import threading

import pytest

from functions.health import use_cases


def test_hanging_checks_are_down_and_the_report_does_not_wait_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(use_cases, "CHECK_BUDGET_SECONDS", 0.2)
    release = threading.Event()
    finished: list[str] = []

    def hangs(name: str) -> str:
        release.wait(30)
        finished.append(name)
        return "late"

    try:
        report = use_cases.check_health(
            {
                "table": lambda: "ok",
                "bucket": lambda: hangs("bucket"),
                "queue": lambda: hangs("queue"),
            }
        )
        # Returned while both hanging checks were still blocked on `release`.
        assert finished == []
    finally:
        release.set()
    assert not report.healthy
    assert report.checks["table"].status == "ok"
    assert {report.checks[n].detail for n in ("bucket", "queue")} == {"no answer in time"}
