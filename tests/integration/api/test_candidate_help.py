"""The candidate's way to help (issue 12): whom to ask, on the session and on a closed link, and
a new link asked for on an expired page, which tells the recruiter at most once a day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.notifications.adapters.outbox import LocalOutbox
from functions.notifications.ports import SentEmail
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)


def _invitation(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    return invite(client, tenant.hr, published_template(client, tenant.hr)["id"])


def _expire(invitation: dict[str, Any], tenant: Tenant, *, ago: timedelta) -> None:
    """The deadline passed `ago` (the schedule job has not run yet: the status is still open)."""
    repo = wiring.interviews()
    found = repo.get(tenant.company_id, invitation["id"])
    assert found is not None
    interview, revision = found
    repo.save(interview.model_copy(update={"deadline": utcnow() - ago}), revision)


def _asked(invitation: dict[str, Any]) -> list[SentEmail]:
    outbox = wiring.mailer()
    assert isinstance(outbox, LocalOutbox)
    return [
        m for m in outbox.messages() if m.kind == "link_requested" and invitation["id"] in m.text
    ]


def test_the_session_names_the_recruiter_then_the_company_support_address(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _invitation(client, tenant)
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    assert session["contact"] == {"name": "Hr Person", "email": tenant.hr.email}

    changed = client.patch(
        "/company", json={"support_email": "jobs@acme.test"}, headers=tenant.admin.headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["support_email"] == "jobs@acme.test"
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    assert session["contact"]["email"] == "jobs@acme.test"

    bad = client.patch("/company", json={"support_email": "jobs@"}, headers=tenant.admin.headers)
    assert_problem(bad, 422)
    assert "support_email" in bad.text


def test_an_expired_link_names_whom_to_ask(client: TestClient, tenant: Tenant) -> None:
    invitation = _invitation(client, tenant)
    _expire(invitation, tenant, ago=timedelta(minutes=5))
    closed = client.get("/candidate/session", headers=candidate_headers(invitation))
    assert_problem(closed, 410)
    assert closed.json()["reason"] == "expired"
    assert closed.json()["contact"]["email"] in (tenant.hr.email, "jobs@acme.test")


def test_a_new_link_is_asked_for_once_a_day_and_the_recruiter_is_told_in_their_language(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _invitation(client, tenant)
    _expire(invitation, tenant, ago=timedelta(hours=2))
    first = client.post("/candidate/link-request", headers=candidate_headers(invitation))
    assert first.status_code == 202, first.text
    assert first.json()["recruiter_notified"] is True
    (sent,) = _asked(invitation)
    assert sent.to == tenant.hr.email and sent.language == "en"
    assert "Carla Candidate" in sent.subject and "new link" in sent.subject

    seen = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    assert seen["link_requested_at"] == first.json()["requested_at"]

    again = client.post("/candidate/link-request", headers=candidate_headers(invitation))
    assert again.status_code == 202, again.text
    assert again.json() == {**first.json(), "recruiter_notified": False}
    assert len(_asked(invitation)) == 1, "one email a day per interview"

    # A day later the recruiter is told again.
    repo = wiring.interviews()
    found = repo.get(tenant.company_id, invitation["id"])
    assert found is not None and found[0].link_requested_at is not None
    earlier = found[0].link_requested_at - timedelta(days=1, seconds=1)
    repo.save(found[0].model_copy(update={"link_requested_at": earlier}), found[1])
    later = client.post("/candidate/link-request", headers=candidate_headers(invitation))
    assert later.json()["recruiter_notified"] is True
    assert len(_asked(invitation)) == 2


@pytest.mark.parametrize("state", ["open", "cancelled"])
def test_only_an_expired_link_can_ask(client: TestClient, tenant: Tenant, state: str) -> None:
    invitation = _invitation(client, tenant)
    if state == "cancelled":
        cancelled = client.post(f"/interviews/{invitation['id']}/cancel", headers=tenant.hr.headers)
        assert cancelled.status_code == 200, cancelled.text
    refused = client.post("/candidate/link-request", headers=candidate_headers(invitation))
    assert_problem(refused, 409, detail_contains="only an expired link")
    assert _asked(invitation) == []


def test_an_unknown_token_cannot_ask(client: TestClient) -> None:
    refused = client.post("/candidate/link-request", headers={"Authorization": "Bearer nope"})
    assert_problem(refused, 401)
