"""A retried create with the same Idempotency-Key has one effect and returns the first answer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.api.conftest import (
    QUESTIONS,
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)


def test_a_retried_invitation_creates_one_interview(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.hr)
    body = {
        "template_id": template["id"],
        "candidate": {"name": "Rita Retry", "email": "rita@example.com"},
    }
    headers = {**tenant.hr.headers, "Idempotency-Key": "invite-rita-1"}
    first = client.post("/interviews", json=body, headers=headers)
    second = client.post("/interviews", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()  # same id, same link
    listed = client.get(f"/interviews?template_id={template['id']}", headers=tenant.hr.headers)
    assert len(listed.json()["items"]) == 1
    other = client.post(
        "/interviews",
        json={**body, "candidate": {"name": "X", "email": "x@example.com"}},
        headers=headers,
    )
    assert_problem(other, 422, detail_contains="different request")


def test_keys_are_per_user_and_per_operation(client: TestClient, tenant: Tenant) -> None:
    body = {"name": "Same key", "questions": QUESTIONS}
    mine = client.post(
        "/templates", json=body, headers={**tenant.hr.headers, "Idempotency-Key": "k"}
    )
    theirs = client.post(
        "/templates", json=body, headers={**tenant.admin.headers, "Idempotency-Key": "k"}
    )
    assert mine.json()["id"] != theirs.json()["id"]


def test_a_retried_upload_grant_does_not_use_up_a_retake(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    body = {"question_id": session["current_question"]["id"], "content_type": "video/webm"}
    headers = {**candidate_headers(invitation), "Idempotency-Key": "q1-take-1"}
    first = client.post("/candidate/answers", json=body, headers=headers)
    again = client.post("/candidate/answers", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["answer_id"] == again.json()["answer_id"]
    assert again.json()["attempt"] == 1
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    assert session["questions"][0]["attempts_used"] == 1
