"""Per-user, per-API-key and per-invitation request limits (issue 17): every answer carries
RateLimit-* fields, and an empty bucket is a 429 problem with Retry-After, for that subject
only."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.rate_limits import POLICIES, Bucket, Subject
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)


def _empty(subject: Subject, subject_id: str) -> None:
    """As if the subject had just used up its bucket. Dated 3 s ahead: times are whole seconds,
    so `now` would refill a second's worth of tokens whenever the next request crossed into the
    next second (a user's bucket refills 10 a second)."""
    buckets = wiring.rate_limits()
    _, revision = buckets.get(subject, subject_id)
    empty = Bucket(tokens=0.0, updated_at=utcnow() + timedelta(seconds=3))
    buckets.save(subject, subject_id, empty, revision)


def test_a_user_s_answers_count_down_and_an_empty_bucket_is_a_429(
    client: TestClient, tenant: Tenant
) -> None:
    first = client.get("/interviews", headers=tenant.hr.headers)
    second = client.get("/interviews", headers=tenant.hr.headers)
    limit = POLICIES["user"].capacity
    assert first.headers["RateLimit-Limit"] == str(limit)
    assert int(second.headers["RateLimit-Remaining"]) < int(first.headers["RateLimit-Remaining"])
    _empty("user", tenant.hr.id)
    refused = client.get("/interviews", headers=tenant.hr.headers)
    assert_problem(refused, 429, detail_contains="too many requests")
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["RateLimit-Remaining"] == "0"
    # Someone else in the company is not slowed down by it.
    assert client.get("/interviews", headers=tenant.admin.headers).status_code == 200
    # Once a token has refilled, the user is served again.
    buckets = wiring.rate_limits()
    _, revision = buckets.get("user", tenant.hr.id)
    refilled = Bucket(tokens=0.0, updated_at=utcnow() - timedelta(seconds=1))
    buckets.save("user", tenant.hr.id, refilled, revision)
    assert client.get("/interviews", headers=tenant.hr.headers).status_code == 200


def test_a_candidate_link_has_its_own_bucket(client: TestClient, tenant: Tenant) -> None:
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    session = client.get("/candidate/session", headers=candidate_headers(invitation))
    assert session.headers["RateLimit-Limit"] == str(POLICIES["candidate"].capacity)
    _empty("candidate", invitation["id"])
    assert_problem(client.get("/candidate/session", headers=candidate_headers(invitation)), 429)
    assert client.get("/interviews", headers=tenant.hr.headers).status_code == 200


def test_an_api_key_has_its_own_bucket(client: TestClient, tenant: Tenant) -> None:
    created = client.post(
        "/integrations/api-keys",
        json={"name": "ATS", "scopes": ["hooks:write"]},
        headers=tenant.admin.headers,
    )
    assert created.status_code == 201, created.text
    key = created.json()
    headers = {"Authorization": f"Bearer {key['key']}"}
    samples = client.get("/integrations/hooks/samples", headers=headers)
    assert samples.status_code == 200, samples.text
    assert samples.headers["RateLimit-Limit"] == str(POLICIES["api_key"].capacity)
    _empty("api_key", key["id"])
    assert_problem(client.get("/integrations/hooks/samples", headers=headers), 429)
