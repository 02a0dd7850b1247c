"""Imports are idempotent by external id and accept Greenhouse and Lever shapes; imported
candidates are invited in bulk and appear, with every interview, in the directory."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from functions.storage.records import Record
from tests.integration.api.conftest import Tenant, assert_problem, published_template
from tests.integration.integrations.support import bearer, create_key
from tests.unit.test_ats_payloads import GREENHOUSE_CANDIDATE, LEVER_OPPORTUNITY


def _items(company_id: str) -> list[str]:
    return sorted(r.sk for r in Record.query(f"COMPANY#{company_id}", consistent_read=True))


def _import(client: TestClient, key: dict[str, Any], source: str, items: list[Any]) -> Any:
    body = {"source": source, "candidates": items}
    response = client.post("/integrations/candidates", json=body, headers=bearer(key))
    assert response.status_code == 200, response.text
    return response.json()


OURS = [
    {
        "external_id": "cand-1",
        "name": "Ana Díaz",
        "email": "ana@example.com",
        "language": "es",
        "tags": ["backend"],
    },
    {"external_id": "cand-2", "name": "Ben Berg", "email": "ben@example.com", "language": "de"},
]


def test_the_same_payload_twice_creates_nothing_new(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin)
    first = _import(client, key, "api", OURS)
    assert (first["created"], first["unchanged"]) == (2, 0)
    before = _items(tenant.company_id)
    again = _import(client, key, "api", OURS)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert _items(tenant.company_id) == before
    assert [i["candidate"]["id"] for i in again["items"]] == [
        i["candidate"]["id"] for i in first["items"]
    ]
    changed = _import(client, key, "api", [{**OURS[0], "name": "Ana Díaz López"}])
    assert (
        changed["updated"] == 1
        and changed["items"][0]["candidate"]["id"] == (first["items"][0]["candidate"]["id"])
    )
    after = _items(tenant.company_id)
    # The update changed the same item; only its candidate.imported event (outbox) is new.
    assert [i for i in after if not i.startswith("OUTBOX#")] == [
        i for i in before if not i.startswith("OUTBOX#")
    ]
    assert len(set(after) - set(before)) == 1 and next(iter(set(after) - set(before))).startswith(
        "OUTBOX#"
    )


def test_jobs_are_idempotent_too(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin)
    job = {"id": 107761, "name": "UX Designer", "offices": [{"name": "Berlin"}]}
    body = {"source": "greenhouse", "job": job}
    outcomes = [
        client.post("/integrations/jobs", json=body, headers=bearer(key)).json()["outcome"]
        for _ in range(2)
    ]
    assert outcomes == ["created", "unchanged"]
    jobs = [sk for sk in _items(tenant.company_id) if sk.startswith("JOB#")]
    assert len(jobs) == 1


def test_greenhouse_and_lever_payloads_import(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin)
    greenhouse = _import(client, key, "greenhouse", [GREENHOUSE_CANDIDATE])["items"][0]
    lever = _import(client, key, "lever", [LEVER_OPPORTUNITY])["items"][0]
    assert greenhouse["candidate"]["external"] == {
        "source": "greenhouse",
        "candidate_id": "53883394",
        "job_id": "107761",
    }
    assert greenhouse["candidate"]["email"] == "john.locke@example.com"
    assert lever["candidate"]["external"]["source"] == "lever"
    assert lever["candidate"]["name"] == "Shane Smith"
    # The same person id in another ATS is another record; the same one again is not.
    assert _import(client, key, "greenhouse", [GREENHOUSE_CANDIDATE])["unchanged"] == 1
    assert _import(client, key, "lever", [LEVER_OPPORTUNITY])["unchanged"] == 1


def test_a_bad_record_stores_nothing(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin)
    bad = {**LEVER_OPPORTUNITY, "emails": []}
    body = {"source": "lever", "candidates": [{**LEVER_OPPORTUNITY, "id": "ok-1"}, bad]}
    response = client.post("/integrations/candidates", json=body, headers=bearer(key))
    assert_problem(response, 422, detail_contains="no email")
    assert not [sk for sk in _items(tenant.company_id) if sk.startswith("CANDIDATE#")]


def test_bulk_invitation_carries_external_ids_into_the_directory(
    client: TestClient, tenant: Tenant
) -> None:
    key = create_key(client, tenant.admin)
    imported = _import(client, key, "api", OURS)["items"]
    ids = [i["candidate"]["id"] for i in imported]
    template = published_template(client, tenant.hr)
    body = {"template_id": template["id"], "candidate_ids": ids}
    response = client.post("/integrations/interviews", json=body, headers=bearer(key))
    assert response.status_code == 201, response.text
    invited = response.json()["items"]
    assert [i["candidate"]["language"] for i in invited] == ["es", "de"]
    assert invited[0]["external"] == {"source": "api", "candidate_id": "cand-1", "job_id": None}
    assert invited[0]["candidate_url"].startswith("http") and "/i/" in invited[0]["candidate_url"]

    detail = client.get(f"/candidates/{ids[0]}", headers=tenant.hr.headers)
    assert detail.status_code == 200, detail.text
    assert [i["id"] for i in detail.json()["interviews"]] == [invited[0]["id"]]
    interview = client.get(f"/interviews/{invited[0]['id']}", headers=tenant.hr.headers).json()
    assert interview["candidate"]["email"] == "ana@example.com"


def test_directory_search_and_tags(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin)
    _import(client, key, "api", OURS)

    def names(**query: str) -> list[str]:
        response = client.get("/candidates", params=query, headers=tenant.hr.headers)
        assert response.status_code == 200, response.text
        return sorted(c["name"] for c in response.json()["items"])

    assert names() == ["Ana Díaz", "Ben Berg"]
    assert names(search="berg") == ["Ben Berg"]
    assert names(search="ana@example.com") == ["Ana Díaz"]
    assert names(tag="backend") == ["Ana Díaz"]
    assert names(search="nobody") == []
    assert_problem(client.get("/candidates", headers=tenant.interviewer.headers), 403)
