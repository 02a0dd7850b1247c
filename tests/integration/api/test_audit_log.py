"""Issue 17, audit log: every change a member or an API key makes is written with the change
(who, what, which item, when, from where, in which request), only ids inside; admins read it,
filtered, paged and as CSV; an entry cannot be overwritten."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pynamodb.exceptions import PutError

from functions import wiring
from functions.audit.log import AuditEntry
from functions.domain.clock import utcnow
from tests.integration.api.conftest import (
    PASSWORD,
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)
from tests.integration.api.test_access_matrix import _webhook
from tests.integration.api.test_candidate import upload_answer


def _entries(client: TestClient, tenant: Tenant, **params: Any) -> list[dict[str, Any]]:
    response = client.get(
        "/company/audit-log", params={"limit": 500, **params}, headers=tenant.admin.headers
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def _one(entries: list[dict[str, Any]], action: str) -> dict[str, Any]:
    found = [e for e in entries if e["action"] == action]
    assert len(found) == 1, (action, [e["action"] for e in entries])
    return found[0]


def test_each_change_is_audited_with_who_what_where_and_the_request(
    client: TestClient, make_tenant: Any
) -> None:
    tenant: Tenant = make_tenant()
    admin, hr = tenant.admin, tenant.hr
    renamed = client.patch("/company", json={"name": "Acme Renamed"}, headers=admin.headers)
    assert renamed.status_code == 200
    template = published_template(client, hr)
    invitation = invite(client, hr, template["id"])
    h = candidate_headers(invitation)
    for question in client.get("/candidate/session", headers=h).json()["questions"]:
        upload_answer(client, invitation, question["id"])  # a candidate: no audit entry
    assert client.post("/candidate/finish", headers=h).status_code == 200
    decided = client.post(
        f"/interviews/{invitation['id']}/decision", json={"outcome": "hire"}, headers=hr.headers
    )
    assert decided.status_code == 200
    key = client.post("/integrations/api-keys", json={"name": "ATS"}, headers=admin.headers)
    assert key.status_code == 201
    role = client.patch(
        f"/users/{tenant.interviewer.id}", json={"role": "hr"}, headers=admin.headers
    )
    assert role.status_code == 200, role.text
    hook = _webhook(tenant)  # stored directly: creating one needs a resolvable public host
    assert client.delete(f"/webhooks/{hook}", headers=admin.headers).status_code == 204
    signed_in = client.post("/auth/login", json={"email": hr.email, "password": PASSWORD})
    assert signed_in.status_code == 200

    entries = _entries(client, tenant)
    company = _one(entries, "updateCompany")
    assert company["actor_id"] == admin.id and company["actor_role"] == "admin"
    assert company["target_kind"] == "company" and company["source_ip"] == "testclient"
    assert company["request_id"] == renamed.headers["X-Correlation-Id"]
    assert _one(entries, "createTemplate")["actor_id"] == hr.id
    assert _one(entries, "publishTemplate")["target_id"] == f"TEMPLATE#{template['id']}"
    decision = _one(entries, "decideInterview")
    assert decision["target_id"] == f"INTERVIEW#{invitation['id']}"
    assert decision["actor_role"] == "hr"
    assert _one(entries, "createApiKey")["target_kind"] == "api_key"
    assert _one(entries, "updateUser")["target_id"] == f"USER#{tenant.interviewer.id}"
    assert _one(entries, "deleteWebhook")["target_kind"] == "webhook_endpoint.deleted"
    # Each member's sign-in (the tenant's three, then hr's again), newest first.
    logins = [e for e in entries if e["action"] == "login"]
    assert len(logins) == 4 and logins[0]["actor_id"] == hr.id
    assert logins[0]["target_kind"] == "sign_in" and logins[0]["target_id"] == f"USER#{hr.id}"
    # The candidate's answers and finish were not a member's changes.
    assert not {"createAnswerUpload", "completeAnswerUpload", "finishInterview"} & {
        e["action"] for e in entries
    }
    # Ids only: no name or email of a member or of the candidate anywhere.
    raw = json.dumps(entries)
    for personal in (admin.email, hr.email, "Carla Candidate", "carla@example.com", "ATS"):
        assert personal not in raw, personal

    # Filters, newest first, pages, CSV.
    mine = _entries(client, tenant, actor_id=admin.id)
    assert mine and all(e["actor_id"] == admin.id for e in mine)
    assert [e["action"] for e in _entries(client, tenant, action="decideInterview")] == [
        "decideInterview"
    ]
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    first = client.get("/company/audit-log", params={"limit": 2}, headers=admin.headers).json()
    second = client.get(
        "/company/audit-log",
        params={"limit": 2, "cursor": first["next_cursor"]},
        headers=admin.headers,
    ).json()
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in entries[:4]]
    as_csv = client.get("/company/audit-log", params={"format": "csv"}, headers=admin.headers)
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {r["id"] for r in rows} == {e["id"] for e in entries[: len(rows)]}
    assert rows[0].keys() == set(AuditEntry.model_fields)


def test_only_admins_read_it_and_only_their_own_company(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    assert_problem(client.get("/company/audit-log", headers=tenant.hr.headers), 403)
    assert_problem(client.get("/company/audit-log", headers=tenant.interviewer.headers), 403)
    client.patch("/company", json={"name": "Other Renamed"}, headers=other_tenant.admin.headers)
    theirs = {e["id"] for e in _entries(client, other_tenant)}
    assert theirs and not theirs & {e["id"] for e in _entries(client, tenant)}
    foreign = client.get(
        "/company/audit-log", params={"limit": 1}, headers=other_tenant.admin.headers
    )
    cursor = foreign.json()["next_cursor"]
    if cursor:  # a cursor from another company's log is refused, never followed
        assert_problem(
            client.get(
                "/company/audit-log", params={"cursor": cursor}, headers=tenant.admin.headers
            ),
            422,
        )
    assert_problem(
        client.get(
            "/company/audit-log",
            params={"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
            headers=tenant.admin.headers,
        ),
        422,
        detail_contains="since",
    )


def test_an_entry_cannot_be_overwritten(client: TestClient, tenant: Tenant) -> None:
    client.patch("/company", json={"name": "Acme Once"}, headers=tenant.admin.headers)
    entry = AuditEntry.model_validate(_entries(client, tenant)[0])
    forged = entry.model_copy(update={"actor_id": "someone-else", "at": utcnow()})
    with pytest.raises(PutError):
        wiring.audit_log().add(tenant.company_id, forged)
    assert _entries(client, tenant)[0]["actor_id"] == entry.actor_id
