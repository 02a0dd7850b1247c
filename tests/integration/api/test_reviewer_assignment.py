"""Assigning reviewers: an interviewer sees exactly the interviews assigned to them, and each
assignment is one `reviewer.assigned` event written with the interview (the outbox)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from functions.events.catalog import Event
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template


def _events(company_id: str, event_type: str) -> list[dict[str, Any]]:
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    return [
        Event.model_validate(r.data.as_dict()).data
        for r in records
        if r.data.as_dict()["type"] == event_type
    ]


def test_assigning_opens_the_interview_to_the_interviewer_and_unassigning_closes_it(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"])
    other = invite(client, tenant.hr, template["id"])
    path = f"/interviews/{interview['id']}"
    me = tenant.interviewer.headers

    assert_problem(client.get(path, headers=me), 404)
    assert client.get("/interviews", headers=me).json()["items"] == []

    assigned = client.post(
        f"{path}/reviewers", json={"user_ids": [tenant.interviewer.id]}, headers=tenant.hr.headers
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json() == {
        "interview_id": interview["id"],
        "reviewer_ids": [tenant.interviewer.id],
    }
    assert client.get(path, headers=me).status_code == 200
    listed = client.get("/interviews", headers=me).json()["items"]
    assert [i["id"] for i in listed] == [interview["id"]]
    assert_problem(client.get(f"/interviews/{other['id']}", headers=me), 404)

    # Assigning again changes nothing and writes no second event.
    again = client.post(
        f"{path}/reviewers", json={"user_ids": [tenant.interviewer.id]}, headers=tenant.hr.headers
    )
    assert again.status_code == 200
    events = [e for e in _events(tenant.company_id, "reviewer.assigned")]
    assert events == [
        {
            "interview_id": interview["id"],
            "user_id": tenant.interviewer.id,
            "assigned_by": tenant.hr.id,
        }
    ]

    removed = client.delete(
        f"{path}/reviewers/{tenant.interviewer.id}", headers=tenant.admin.headers
    )
    assert removed.status_code == 200, removed.text
    assert removed.json()["reviewer_ids"] == []
    assert_problem(client.get(path, headers=me), 404)
    assert client.get("/interviews", headers=me).json()["items"] == []


def test_an_interviewer_cannot_assign_invite_or_decide(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"], reviewer_ids=[tenant.interviewer.id])
    me = tenant.interviewer.headers
    path = f"/interviews/{interview['id']}"
    assert_problem(
        client.post(f"{path}/reviewers", json={"user_ids": [tenant.interviewer.id]}, headers=me),
        403,
    )
    assert_problem(client.delete(f"{path}/reviewers/{tenant.interviewer.id}", headers=me), 403)
    assert_problem(client.post(f"{path}/decision", json={"outcome": "hire"}, headers=me), 403)
    assert_problem(
        client.post(
            "/interviews",
            json={"template_id": template["id"], "candidate": {"name": "C", "email": "c@x.com"}},
            headers=me,
        ),
        403,
    )


def test_reviewers_named_at_invitation_are_assigned_with_an_event_each(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(client, tenant.hr)
    interview = invite(
        client, tenant.hr, template["id"], reviewer_ids=[tenant.interviewer.id, tenant.admin.id]
    )
    mine = [e for e in _events(tenant.company_id, "reviewer.assigned")]
    assert sorted(e["user_id"] for e in mine if e["interview_id"] == interview["id"]) == sorted(
        [tenant.interviewer.id, tenant.admin.id]
    )


def test_only_active_members_of_the_company_can_be_assigned(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"])
    path = f"/interviews/{interview['id']}/reviewers"
    for stranger in ("nobody", other_tenant.interviewer.id):
        response = client.post(path, json={"user_ids": [stranger]}, headers=tenant.hr.headers)
        assert_problem(response, 404, detail_contains=stranger)
    assert_problem(client.post(path, json={"user_ids": []}, headers=tenant.hr.headers), 422)
    deactivated = client.post(
        f"/users/{tenant.interviewer.id}/deactivate", headers=tenant.admin.headers
    )
    assert deactivated.status_code == 200, deactivated.text
    response = client.post(
        path, json={"user_ids": [tenant.interviewer.id]}, headers=tenant.hr.headers
    )
    assert_problem(response, 404, detail_contains="active member")
