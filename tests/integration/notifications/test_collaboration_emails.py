"""Team collaboration's emails: an assigned reviewer hears of it in their language, once."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from functions.events.catalog import Event, parse_data
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.notifications import handlers
from functions.notifications.adapters.outbox import LocalOutbox
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, invite, published_template
from tests.integration.notifications.test_notifier import Context, _deliver, _mine


def written_events(company_id: str, event_type: str) -> list[Event]:
    """What the API wrote to the outbox (in the same transaction as the change)."""
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    found = [Event.model_validate(r.data.as_dict()) for r in records]
    return [e for e in found if e.type == event_type]


def add_member(client: TestClient, tenant: Tenant, name: str, language: str) -> dict[str, Any]:
    email = f"{name.lower()}-{tenant.company_id}@example.com"
    created = client.post(
        "/users",
        json={"email": email, "name": name, "role": "interviewer", "language": language},
        headers=tenant.admin.headers,
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


def test_an_assigned_reviewer_is_emailed_in_their_language_once(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    member = add_member(client, tenant, "Greta", "de")
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"])
    assigned = client.post(
        f"/interviews/{interview['id']}/reviewers",
        json={"user_ids": [member["id"]]},
        headers=tenant.hr.headers,
    )
    assert assigned.status_code == 200, assigned.text
    [event] = [
        e
        for e in written_events(tenant.company_id, "reviewer.assigned")
        if e.data["user_id"] == member["id"]
    ]
    records = _deliver(platform, parse_data(event), tenant.company_id)
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    (sent,) = _mine(outbox, member["email"])
    assert (sent.kind, sent.language) == ("reviewer_assigned", "de")
    assert "Carla Candidate" in sent.subject and "bewerten" in sent.subject
    assert f"/app/interviews/{interview['id']}" in sent.text
    # An SQS re-delivery of the same event: no second email.
    handlers.notify({"Records": records}, Context())
    assert len(_mine(outbox, member["email"])) == 1


def test_no_email_when_unassigned_before_it_went_out(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    member = add_member(client, tenant, "Ivo", "ru")
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"], reviewer_ids=[member["id"]])
    removed = client.delete(
        f"/interviews/{interview['id']}/reviewers/{member['id']}", headers=tenant.hr.headers
    )
    assert removed.status_code == 200, removed.text
    [event] = [
        e
        for e in written_events(tenant.company_id, "reviewer.assigned")
        if e.data["user_id"] == member["id"]
    ]
    records = _deliver(platform, parse_data(event), tenant.company_id)
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    assert _mine(outbox, member["email"]) == []
