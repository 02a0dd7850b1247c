"""Per-user preferences and signed unsubscribe links: a recruiter turns one kind of email off,
a candidate stops deadline reminders, and a forged link changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.events.catalog import InterviewAnalyzed
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.notifications import handlers, use_cases
from functions.notifications.adapters.outbox import LocalOutbox
from functions.notifications.unsubscribe import Unsubscription, sign
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template
from tests.integration.notifications.test_notifier import Context, _deliver, _mine


def _link(text: str) -> str:
    found = re.search(r"(/notifications/unsubscribe\?token=[A-Za-z0-9_.=-]+)", text)
    assert found, text
    return found.group(1)


def _analyzed(client: TestClient, tenant: Tenant, platform: Any) -> None:
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    data = InterviewAnalyzed(
        interview_id=invitation["id"], overall_score=80, recommendation="hire", analysis_version=1
    )
    handlers.notify({"Records": _deliver(platform, data, tenant.company_id)}, Context())


def test_a_recruiter_unsubscribes_from_one_kind_of_email(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    _analyzed(client, tenant, platform)
    (first,) = _mine(outbox, tenant.hr.email)
    link = _link(first.text)
    assert link in first.html.replace("&amp;", "&")

    page = client.get(link)  # a mail scanner following the link changes nothing
    assert page.status_code == 200 and "<form" in page.text
    assert client.get("/me", headers=tenant.hr.headers).json()["muted_notifications"] == []
    done = client.post(link)
    assert done.status_code == 200 and "no longer receive" in done.text
    assert client.post(link).status_code == 200  # twice: one effect
    me = client.get("/me", headers=tenant.hr.headers).json()
    assert me["muted_notifications"] == ["analysis_ready"]

    _analyzed(client, tenant, platform)
    assert len(_mine(outbox, tenant.hr.email)) == 1  # nothing more of that kind

    back_on = client.patch("/me", json={"muted_notifications": []}, headers=tenant.hr.headers)
    assert back_on.json()["muted_notifications"] == []
    _analyzed(client, tenant, platform)
    assert len(_mine(outbox, tenant.hr.email)) == 2


def test_a_forged_or_altered_link_is_refused(client: TestClient, tenant: Tenant) -> None:
    assert_problem(client.post("/notifications/unsubscribe?token=abc.def-ghi-jkl"), 422)
    assert_problem(client.get("/notifications/unsubscribe?token=not-a-real-token"), 422)


def test_a_candidate_stops_reminders(
    client: TestClient, tenant: Tenant, outbox: LocalOutbox
) -> None:
    template = published_template(client, tenant.hr)
    start = utcnow()

    def invited(n: int) -> dict[str, Any]:
        candidate = {"name": "R", "email": f"r{n}-{tenant.company_id}@example.com"}
        deadline = (start + timedelta(hours=72)).isoformat()
        return invite(client, tenant.hr, template["id"], candidate=candidate, deadline=deadline)

    keeps, stops = invited(1), invited(2)
    # The link a reminder would carry for `stops`, signed the way the notifier signs it.
    token = sign(
        Unsubscription(company_id=tenant.company_id, kind="reminder", interview_id=stops["id"]),
        wiring.unsubscribe_key(),
    )
    assert client.post(f"/notifications/unsubscribe?token={token}").status_code == 200

    report = use_cases.run_schedule(
        handlers.notifier(),
        iter([tenant.company_id]),
        now=start + timedelta(hours=60),
        remind_before=timedelta(hours=24),
    )
    assert report.reminded == [keeps["id"]]
    (reminder,) = _mine(outbox, keeps["candidate"]["email"])
    assert "/notifications/unsubscribe?token=" in reminder.text  # every reminder can be stopped
    assert not _mine(outbox, stops["candidate"]["email"])
