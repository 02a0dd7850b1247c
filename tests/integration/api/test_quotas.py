"""Plans' monthly interview quotas: createInterview and the ATS bulk invite answer 402 beyond
them, race-free, all or nothing, per calendar month."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.billing.plans import PlanName, quota_resets_at, usage_month
from functions.domain.clock import utcnow
from functions.events.catalog import Event, QuotaWarning, parse_data
from functions.storage.records import Record
from functions.storage.repositories import UsageClaim, claim_usage, company_pk
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template
from tests.integration.integrations.support import bearer, create_key

CANDIDATE = {"name": "Carla Candidate", "email": "carla@example.com"}


def _used(tenant: Tenant) -> int:
    return wiring.billing().used(tenant.company_id, usage_month(utcnow()))


def _create(client: TestClient, tenant: Tenant, template_id: str, **headers: str) -> Any:
    body = {"template_id": template_id, "candidate": CANDIDATE}
    return client.post("/interviews", json=body, headers={**tenant.hr.headers, **headers})


def _count(client: TestClient, tenant: Tenant) -> int:
    listed = client.get("/interviews", params={"limit": 100}, headers=tenant.hr.headers)
    return len(listed.json()["items"])


def test_free_plan_takes_three_interviews_a_month_then_402(
    client: TestClient, make_tenant: Callable[..., Tenant]
) -> None:
    tenant = make_tenant(PlanName.FREE)
    template = published_template(client, tenant.hr)
    for _ in range(3):
        invite(client, tenant.hr, template["id"])
    refused = _create(client, tenant, template["id"])
    assert_problem(refused, 402, detail_contains="Free plan")
    body = refused.json()
    now = utcnow()
    assert body["type"] == "/problems/quota-exceeded"
    assert (body["plan"], body["usage"], body["limit"], body["requested"]) == ("free", 3, 3, 1)
    assert body["resets_at"] == quota_resets_at(now).isoformat()
    assert body["upgrade_url"] == "http://localhost:8000/app/billing"
    assert _count(client, tenant) == 3 and _used(tenant) == 3


def test_twenty_parallel_creates_with_two_left_make_exactly_two(
    client: TestClient, make_tenant: Callable[..., Tenant]
) -> None:
    tenant = make_tenant(PlanName.FREE)
    template = published_template(client, tenant.hr)
    invite(client, tenant.hr, template["id"])
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(
            pool.map(lambda _: _create(client, tenant, template["id"]).status_code, range(20))
        )
    assert sorted(statuses).count(201) == 2, statuses
    assert statuses.count(402) == 18, statuses
    assert _count(client, tenant) == 3 and _used(tenant) == 3


def test_a_retried_create_with_its_idempotency_key_counts_once(
    client: TestClient, make_tenant: Callable[..., Tenant]
) -> None:
    tenant = make_tenant(PlanName.FREE)
    template = published_template(client, tenant.hr)
    first = _create(client, tenant, template["id"], **{"Idempotency-Key": "quota-retry-1"})
    again = _create(client, tenant, template["id"], **{"Idempotency-Key": "quota-retry-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert _used(tenant) == 1


def test_last_months_interviews_do_not_count(
    client: TestClient, make_tenant: Callable[..., Tenant]
) -> None:
    tenant = make_tenant(PlanName.FREE)
    now = utcnow()
    last_month = usage_month(now.replace(day=1) - timedelta(days=1))
    claim_usage(UsageClaim(tenant.company_id, last_month, 3, None))
    template = published_template(client, tenant.hr)
    assert _create(client, tenant, template["id"]).status_code == 201


def test_pro_is_not_limited_and_still_counted(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.hr)
    for _ in range(5):
        invite(client, tenant.hr, template["id"])
    assert _used(tenant) == 5


def _directory(client: TestClient, tenant: Tenant, key: dict[str, Any], n: int) -> list[str]:
    people = [
        {"external_id": f"q-{i}", "name": f"Person {i}", "email": f"p{i}@example.com"}
        for i in range(n)
    ]
    imported = client.post(
        "/integrations/candidates", json={"candidates": people}, headers=bearer(key)
    )
    assert imported.status_code == 200, imported.text
    return [item["candidate"]["id"] for item in imported.json()["items"]]


def test_ats_bulk_invites_are_all_or_nothing_against_the_quota(
    client: TestClient, make_tenant: Callable[..., Tenant]
) -> None:
    tenant = make_tenant(PlanName.FREE)
    template = published_template(client, tenant.hr)
    invite(client, tenant.hr, template["id"])  # 2 left
    key = create_key(client, tenant.admin)
    ids = _directory(client, tenant, key, 3)
    body = {"template_id": template["id"], "candidate_ids": ids}
    refused = client.post("/integrations/interviews", json=body, headers=bearer(key))
    assert_problem(refused, 402, detail_contains="these 3 interviews")
    assert (refused.json()["usage"], refused.json()["requested"]) == (1, 3)
    assert _count(client, tenant) == 1 and _used(tenant) == 1
    body["candidate_ids"] = ids[:2]
    accepted = client.post("/integrations/interviews", json=body, headers=bearer(key))
    assert accepted.status_code == 201, accepted.text
    assert len(accepted.json()["items"]) == 2
    assert _count(client, tenant) == 3 and _used(tenant) == 3
    body["candidate_ids"] = ids[2:]
    assert_problem(client.post("/integrations/interviews", json=body, headers=bearer(key)), 402)


def test_a_recruiters_csv_batch_is_all_or_nothing_against_the_quota(
    client: TestClient, make_tenant: Callable[..., Tenant]
) -> None:
    tenant = make_tenant(PlanName.FREE)
    template = published_template(client, tenant.hr)
    invite(client, tenant.hr, template["id"])  # 2 left
    people = [{"name": f"Row {i}", "email": f"row{i}@example.com"} for i in range(3)]
    body: dict[str, Any] = {"template_id": template["id"], "candidates": people}
    refused = client.post("/interviews/batch", json=body, headers=tenant.hr.headers)
    assert_problem(refused, 402, detail_contains="these 3 interviews")
    assert (refused.json()["usage"], refused.json()["requested"]) == (1, 3)
    assert _count(client, tenant) == 1 and _used(tenant) == 1  # none of the three
    body["candidates"] = people[:2]
    accepted = client.post("/interviews/batch", json=body, headers=tenant.hr.headers)
    assert accepted.status_code == 201, accepted.text
    items = accepted.json()["items"]
    assert [i["candidate"]["email"] for i in items] == ["row0@example.com", "row1@example.com"]
    assert all(i["candidate_url"].endswith(i["token"]) for i in items)
    assert _count(client, tenant) == 3 and _used(tenant) == 3
    assert [w.percent for w in _warnings(tenant)] == [100]
    body["candidates"] = people[2:]
    assert_problem(client.post("/interviews/batch", json=body, headers=tenant.hr.headers), 402)
    # A bad row refuses the whole batch before anything is counted, naming the row's field.
    tenant2 = make_tenant(PlanName.FREE)
    template2 = published_template(client, tenant2.hr)
    bad = {"template_id": template2["id"], "candidates": [people[0], {"name": "X", "email": "x"}]}
    invalid = client.post("/interviews/batch", json=bad, headers=tenant2.hr.headers)
    assert_problem(invalid, 422)
    assert {e["field"] for e in invalid.json()["errors"]} == {"candidates.1.email"}
    assert _count(client, tenant2) == 0 and _used(tenant2) == 0


def _warnings(tenant: Tenant) -> list[QuotaWarning]:
    records = Record.query(company_pk(tenant.company_id), Record.sk.startswith("OUTBOX#"))
    events = [Event.model_validate(r.data.as_dict()) for r in records]
    found = [parse_data(e) for e in events if e.type == "billing.quota_warning"]
    return [w for w in found if isinstance(w, QuotaWarning)]


def test_reaching_the_limit_warns_the_admins_once_a_month(
    client: TestClient, make_tenant: Callable[..., Tenant]
) -> None:
    tenant = make_tenant(PlanName.FREE)
    template = published_template(client, tenant.hr)
    for _ in range(2):
        invite(client, tenant.hr, template["id"])
    assert _warnings(tenant) == []
    invite(client, tenant.hr, template["id"])  # 3 of 3: 100 %, which covers 80 %
    month = usage_month(utcnow())
    expected = QuotaWarning(plan="Free", used=3, limit=3, percent=100, month=month)
    assert _warnings(tenant) == [expected]
    assert_problem(_create(client, tenant, template["id"]), 402)
    assert _warnings(tenant) == [expected]


def test_the_bulk_invite_warns_too(client: TestClient, make_tenant: Callable[..., Tenant]) -> None:
    tenant = make_tenant(PlanName.FREE)
    template = published_template(client, tenant.hr)
    key = create_key(client, tenant.admin)
    ids = _directory(client, tenant, key, 3)
    body = {"template_id": template["id"], "candidate_ids": ids}
    assert (
        client.post("/integrations/interviews", json=body, headers=bearer(key)).status_code == 201
    )
    assert [w.percent for w in _warnings(tenant)] == [100]
