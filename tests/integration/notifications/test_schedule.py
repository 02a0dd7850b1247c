"""Reminders before deadlines and expiry of overdue interviews, driven with a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.events.catalog import InterviewExpired
from functions.notifications import handlers, use_cases
from functions.notifications.adapters.outbox import LocalOutbox
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, invite, published_template


def _run(company_id: str, now: datetime) -> use_cases.ScheduleReport:
    return use_cases.run_schedule(
        handlers.notifier(), iter([company_id]), now=now, remind_before=timedelta(hours=24)
    )


def _outbox_events(company_id: str, event_type: str) -> list[dict[str, Any]]:
    """The events written beside the state changes (the transactional outbox)."""
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    return [r.data.as_dict() for r in records if r.data.as_dict()["type"] == event_type]


def test_reminders_once_and_expiry_on_schedule(
    client: TestClient, tenant: Tenant, outbox: LocalOutbox
) -> None:
    template = published_template(client, tenant.hr)
    start = utcnow()

    def at(hours: int, email: str, language: str) -> dict[str, Any]:
        candidate = {"name": "Cand", "email": email, "language": language}
        deadline = (start + timedelta(hours=hours)).isoformat()
        return invite(client, tenant.hr, template["id"], candidate=candidate, deadline=deadline)

    soon = at(2, f"soon-{tenant.company_id}@example.com", "ru")
    later = at(72, f"later-{tenant.company_id}@example.com", "de")
    far = at(240, f"far-{tenant.company_id}@example.com", "en")

    # Three hours on: the first is overdue, nothing is within 24 h of its deadline yet.
    report = _run(tenant.company_id, start + timedelta(hours=3))
    assert report.expired == [soon["id"]] and report.reminded == []
    stored = wiring.interviews().get(tenant.company_id, soon["id"])
    assert stored is not None and stored[0].status == "expired"
    (event,) = _outbox_events(tenant.company_id, "interview.expired")
    assert InterviewExpired.model_validate(event["data"]).interview_id == soon["id"]
    assert event["company_id"] == tenant.company_id

    # 60 hours on: the second is 12 h from its deadline, so its candidate is reminded, once.
    report = _run(tenant.company_id, start + timedelta(hours=60))
    assert report == use_cases.ScheduleReport(reminded=[later["id"]], expired=[])
    again = _run(tenant.company_id, start + timedelta(hours=61))
    assert again.reminded == [] and again.expired == []
    (reminder,) = [m for m in outbox.messages() if m.to == later["candidate"]["email"]]
    assert (reminder.kind, reminder.language) == ("reminder", "de")
    assert "Erinnerung" in reminder.subject
    assert "/privacy?token=" in reminder.text  # the data-rights link (issue 17)
    assert not [m for m in outbox.messages() if m.to == far["candidate"]["email"]]
    assert len(_outbox_events(tenant.company_id, "interview.expired")) == 1

    # A completed or cancelled interview is never expired.
    client.post(f"/interviews/{far['id']}/cancel", headers=tenant.hr.headers)
    report = _run(tenant.company_id, start + timedelta(hours=500))
    assert far["id"] not in report.expired and report.expired == [later["id"]]
