"""Scheduling live interviews: the API, the link whose hash only is stored, the invitation
emails with their calendar entry, the reminder, and who may see what."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.events.catalog import Event, parse_data
from functions.live.scheduling import remind_live_interviews
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.notifications import handlers, use_cases
from functions.notifications.adapters.outbox import LocalOutbox
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem, published_template
from tests.integration.notifications.test_notifier import Context, _deliver, _mine


def _starts(hours: float = 30) -> str:
    moment = datetime.now(UTC) + timedelta(hours=hours)
    return moment.replace(microsecond=0).isoformat()


def schedule(
    client: TestClient, tenant: Tenant, *, language: str = "en", **overrides: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "candidate": {
            "name": "Lena Live",
            "email": f"lena-{tenant.company_id}@example.com",
            "language": language,
        },
        "questions": [{"text": "Walk us through a system you designed."}],
        "starts_at": _starts(),
        "duration_minutes": 45,
        "interviewer_ids": [tenant.interviewer.id],
        **overrides,
    }
    response = client.post("/interviews/live", json=body, headers=tenant.hr.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _events(company_id: str, event_type: str) -> list[Event]:
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    found = [Event.model_validate(r.data.as_dict()) for r in records]
    return [e for e in found if e.type == event_type]


def unfolded(ics: str) -> dict[str, list[str]]:
    """The calendar's content lines (RFC 5545: CRLF, folded lines unfolded) by name."""
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    lines = ics.replace("\r\n ", "").split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    by_name: dict[str, list[str]] = {}
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0]
        by_name.setdefault(name, []).append(line)
    return by_name


def _value(lines: dict[str, list[str]], name: str) -> str:
    return lines[name][0].split(":", 1)[1]


def test_scheduling_stores_only_the_hash_and_emails_an_ics_in_the_candidates_language(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    live = schedule(client, tenant, language="de", title="Backend, Senior; Panel")
    token = live["token"]
    assert live["candidate_url"].endswith(f"/i/live/{token}")
    assert live["status"] == "scheduled" and live["questions"][0]["id"]
    assert live["signalling_url"].startswith(("ws://", "wss://"))
    record = Record.get(company_pk(tenant.company_id), f"LIVE#{live['id']}")
    stored = str(record.data.as_dict())
    assert token not in stored
    assert record.data.as_dict()["token_hash"] == hashlib.sha256(token.encode()).hexdigest()

    [event] = [
        e
        for e in _events(tenant.company_id, "live_interview.scheduled")
        if e.data["live_interview_id"] == live["id"]
    ]
    assert event.data["candidate_url"] == live["candidate_url"]
    records = _deliver(platform, parse_data(event), tenant.company_id)
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}

    (sent,) = _mine(outbox, live["candidate"]["email"])
    assert (sent.kind, sent.language) == ("live_invitation", "de")
    assert live["candidate_url"] in sent.text and "Live-Videointerview" in sent.subject
    (ics,) = sent.attachments
    assert ics.filename == "invite.ics" and ics.content_type.startswith("text/calendar")
    lines = unfolded(ics.content)
    assert _value(lines, "METHOD") == "REQUEST"
    assert _value(lines, "UID") == f"live-{live['id']}@interviews"
    starts = datetime.fromisoformat(live["starts_at"])
    assert _value(lines, "DTSTART") == starts.strftime("%Y%m%dT%H%M%SZ")
    assert _value(lines, "DTEND") == (starts + timedelta(minutes=45)).strftime("%Y%m%dT%H%M%SZ")
    assert lines["ORGANIZER"][0].endswith(":mailto:no-reply@interviews.local")
    attendees = [line.rsplit("mailto:", 1)[1] for line in lines["ATTENDEE"]]
    assert attendees == [live["candidate"]["email"], tenant.interviewer.email]
    # Commas and semicolons of the title are escaped; the link is the candidate's own.
    assert "Backend\\, Senior\\; Panel" in _value(lines, "SUMMARY")
    assert _value(lines, "URL") == live["candidate_url"]

    (panel,) = _mine(outbox, tenant.interviewer.email)
    assert panel.kind == "live_invitation_interviewer"
    assert f"/app/live/{live['id']}" in panel.text and token not in panel.text
    assert _value(unfolded(panel.attachments[0].content), "UID") == f"live-{live['id']}@interviews"


def test_the_reminder_goes_out_once_with_the_same_link(
    client: TestClient, tenant: Tenant, outbox: LocalOutbox
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=3))
    lives = wiring.live_interviews()
    soon = datetime.now(UTC) + timedelta(hours=2)
    due = remind_live_interviews(
        lives, [tenant.company_id], now=soon, remind_before=timedelta(hours=2)
    )
    assert [d.id for d in due] == [live["id"]]
    # The scheduled job rebuilds the link from the key: the candidate's link, again.
    handlers.run_schedule({}, Context())  # the real job: nothing more is due now
    from functions.events.producers import live_join_url
    from functions.live.domain import join_token

    token = join_token(wiring.unsubscribe_key(), tenant.company_id, live["id"], 1)
    assert live_join_url(token) == live["candidate_url"]
    use_cases.remind_live(handlers.notifier(), due[0], live_join_url(token))
    reminders = [m for m in _mine(outbox, live["candidate"]["email"]) if m.kind == "live_reminder"]
    assert len(reminders) == 1 and live["candidate_url"] in reminders[0].text
    assert reminders[0].attachments[0].content.count("BEGIN:VEVENT") == 1
    again = remind_live_interviews(
        lives, [tenant.company_id], now=soon, remind_before=timedelta(hours=2)
    )
    assert again == []


def test_interviewers_see_only_their_live_interviews_and_cannot_schedule(
    client: TestClient, tenant: Tenant, make_tenant: Any
) -> None:
    theirs = schedule(client, tenant)
    other = schedule(client, tenant, interviewer_ids=[tenant.hr.id])
    me = tenant.interviewer.headers
    listed = client.get("/interviews/live", headers=me).json()["items"]
    assert theirs["id"] in {i["id"] for i in listed}
    assert other["id"] not in {i["id"] for i in listed}
    assert client.get(f"/interviews/live/{theirs['id']}", headers=me).status_code == 200
    assert_problem(client.get(f"/interviews/live/{other['id']}", headers=me), 404)
    assert "token" not in client.get(f"/interviews/live/{theirs['id']}", headers=me).json()
    body = {"candidate": {"name": "X", "email": "x@example.com"}, "starts_at": _starts(),
            "duration_minutes": 30, "interviewer_ids": [tenant.interviewer.id]}  # fmt: skip
    assert_problem(client.post("/interviews/live", json=body, headers=me), 403)


def test_questions_from_a_template_or_written_but_not_both_and_refusals_name_the_field(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(client, tenant.hr)
    live = schedule(client, tenant, questions=None, template_id=template["id"])
    assert live["template_id"] == template["id"] and live["title"] == template["name"]
    assert [q["id"] for q in live["questions"]] == [q["id"] for q in template["questions"]]
    both = {"template_id": template["id"], "questions": [{"text": "Why us?"}]}
    response = client.post(
        "/interviews/live",
        json={**_valid(tenant), **both},
        headers=tenant.hr.headers,
    )
    assert_problem(response, 422, detail_contains="not both")
    for field, value in (
        ("starts_at", "2020-01-01T10:00:00Z"),
        ("duration_minutes", 5),
        ("interviewer_ids", []),
    ):
        response = client.post(
            "/interviews/live", json={**_valid(tenant), field: value}, headers=tenant.hr.headers
        )
        assert_problem(response, 422, detail_contains=field)
    stranger = client.post(
        "/interviews/live",
        json={**_valid(tenant), "interviewer_ids": ["nobody"]},
        headers=tenant.hr.headers,
    )
    assert_problem(stranger, 404, detail_contains="nobody")


def _valid(tenant: Tenant) -> dict[str, Any]:
    return {
        "candidate": {"name": "Val", "email": "val@example.com"},
        "starts_at": _starts(),
        "duration_minutes": 30,
        "interviewer_ids": [tenant.interviewer.id],
    }


def test_cancelling_withdraws_the_calendar_entry_and_an_ended_one_cannot_be_cancelled(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    live = schedule(client, tenant, language="es")
    path = f"/interviews/live/{live['id']}/cancel"
    cancelled = client.post(path, headers=tenant.hr.headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_by"] == tenant.hr.id
    assert client.post(path, headers=tenant.hr.headers).json()["status"] == "cancelled"
    [event] = [
        e
        for e in _events(tenant.company_id, "live_interview.cancelled")
        if e.data["live_interview_id"] == live["id"]
    ]  # cancelling again wrote no second event
    records = _deliver(platform, parse_data(event), tenant.company_id)
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    [sent] = [m for m in _mine(outbox, live["candidate"]["email"]) if m.kind == "live_cancelled"]
    assert sent.language == "es" and "Cancelada" in sent.subject
    lines = unfolded(sent.attachments[0].content)
    assert _value(lines, "METHOD") == "CANCEL" and _value(lines, "STATUS") == "CANCELLED"
    assert _value(lines, "UID") == f"live-{live['id']}@interviews"
    assert int(_value(lines, "SEQUENCE")) > 0
    assert [m.kind for m in _mine(outbox, tenant.interviewer.email)][-1] == "live_cancelled"
    # The scheduled event arriving late (after the cancellation) invites nobody.
    [scheduled] = [
        e
        for e in _events(tenant.company_id, "live_interview.scheduled")
        if e.data["live_interview_id"] == live["id"]
    ]
    records = _deliver(platform, parse_data(scheduled), tenant.company_id)
    handlers.notify({"Records": records}, Context())
    assert not [m for m in _mine(outbox, live["candidate"]["email"]) if m.kind == "live_invitation"]
    lives = wiring.live_interviews()
    ended = schedule(client, tenant)
    stored, revision = lives.get(tenant.company_id, ended["id"]) or (None, 0)
    assert stored is not None
    from functions.live.domain import LiveStatus

    lives.save(stored.model_copy(update={"status": LiveStatus.ENDED}), revision)
    response = client.post(f"/interviews/live/{ended['id']}/cancel", headers=tenant.hr.headers)
    assert_problem(response, 409)
