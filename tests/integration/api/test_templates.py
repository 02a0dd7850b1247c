from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.api.conftest import QUESTIONS, Tenant, assert_problem, create_template


def test_hr_and_admin_create_a_draft_with_question_ids(client: TestClient, tenant: Tenant) -> None:
    for member in (tenant.hr, tenant.admin):
        template = create_template(client, member)
        assert template["status"] == "draft" and template["version"] == 1
        assert [q["text"] for q in template["questions"]] == [q["text"] for q in QUESTIONS]
        assert all(q["id"] for q in template["questions"])
        assert template["questions"][0]["retakes"] == 1
        assert template["questions"][1]["time_limit_seconds"] == 120  # the default


def test_interviewer_cannot_create_or_edit_templates(client: TestClient, tenant: Tenant) -> None:
    response = client.post("/templates", json={"name": "x"}, headers=tenant.interviewer.headers)
    assert_problem(response, 403, detail_contains="admin, hr")
    template = create_template(client, tenant.hr)
    for call in (
        lambda: client.patch(
            f"/templates/{template['id']}", json={"name": "y"}, headers=tenant.interviewer.headers
        ),
        lambda: client.post(
            f"/templates/{template['id']}/publish", headers=tenant.interviewer.headers
        ),
        lambda: client.post(
            f"/templates/{template['id']}/archive", headers=tenant.interviewer.headers
        ),
    ):
        assert_problem(call(), 403)
    # nor read them (their hints are the scorer's): see test_interviewer_view.py
    assert_problem(
        client.get(f"/templates/{template['id']}", headers=tenant.interviewer.headers), 403
    )


def test_invalid_template_lists_every_failing_field(client: TestClient, tenant: Tenant) -> None:
    body = {
        "name": "",
        "questions": [{"text": "Hi", "time_limit_seconds": 5, "retakes": 9}],
    }
    response = client.post("/templates", json=body, headers=tenant.hr.headers)
    assert_problem(response, 422)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {
        "name",
        "questions.0.text",
        "questions.0.time_limit_seconds",
        "questions.0.retakes",
    }


def test_requests_without_auth_are_401(client: TestClient) -> None:
    assert_problem(client.get("/templates"), 401)
    assert_problem(client.post("/templates", json={"name": "x"}), 401)


def test_draft_edits_in_place_and_reorders(client: TestClient, tenant: Tenant) -> None:
    template = create_template(client, tenant.hr)
    questions = list(reversed(template["questions"]))
    questions[0]["text"] = "Why this role, really?"
    response = client.patch(
        f"/templates/{template['id']}",
        json={"name": "Backend engineer II", "questions": questions},
        headers=tenant.hr.headers,
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["version"] == 1 and updated["name"] == "Backend engineer II"
    assert [q["id"] for q in updated["questions"]] == [q["id"] for q in questions]
    assert updated["questions"][0]["text"] == "Why this role, really?"


def test_publish_then_edit_makes_a_new_version(client: TestClient, tenant: Tenant) -> None:
    template = create_template(client, tenant.hr)
    tid = template["id"]
    published = client.post(f"/templates/{tid}/publish", headers=tenant.hr.headers).json()
    assert published["status"] == "active" and published["published_at"]

    edited = client.patch(f"/templates/{tid}", json={"name": "v2"}, headers=tenant.hr.headers)
    assert edited.json()["version"] == 2 and edited.json()["status"] == "draft"
    v1 = client.get(f"/templates/{tid}?version=1", headers=tenant.hr.headers).json()
    assert v1["status"] == "active" and v1["name"] == "Backend engineer"  # unchanged

    client.post(f"/templates/{tid}/publish", headers=tenant.hr.headers)
    v1 = client.get(f"/templates/{tid}?version=1", headers=tenant.hr.headers).json()
    latest = client.get(f"/templates/{tid}", headers=tenant.hr.headers).json()
    assert v1["status"] == "archived"
    assert latest["version"] == 2 and latest["status"] == "active"
    missing = client.get(f"/templates/{tid}?version=7", headers=tenant.hr.headers)
    assert_problem(missing, 404, detail_contains="no version 7")


def test_publishing_needs_a_draft_with_questions(client: TestClient, tenant: Tenant) -> None:
    empty = create_template(client, tenant.hr, questions=[])
    response = client.post(f"/templates/{empty['id']}/publish", headers=tenant.hr.headers)
    assert_problem(response, 409, detail_contains="at least one question")
    full = create_template(client, tenant.hr)
    client.post(f"/templates/{full['id']}/publish", headers=tenant.hr.headers)
    again = client.post(f"/templates/{full['id']}/publish", headers=tenant.hr.headers)
    assert_problem(again, 409, detail_contains="only a draft")


def test_archived_template_is_read_only(client: TestClient, tenant: Tenant) -> None:
    template = create_template(client, tenant.hr)
    tid = template["id"]
    client.post(f"/templates/{tid}/publish", headers=tenant.hr.headers)
    client.patch(f"/templates/{tid}", json={"name": "draft v2"}, headers=tenant.hr.headers)
    archived = client.post(f"/templates/{tid}/archive", headers=tenant.hr.headers)
    assert archived.json()["status"] == "archived"
    v1 = client.get(f"/templates/{tid}?version=1", headers=tenant.hr.headers).json()
    assert v1["status"] == "archived"  # every version stops taking interviews
    edit = client.patch(f"/templates/{tid}", json={"name": "z"}, headers=tenant.hr.headers)
    assert_problem(edit, 409, detail_contains="archived")
    assert_problem(client.post(f"/templates/{tid}/archive", headers=tenant.hr.headers), 409)


def test_list_paginates_and_filters_by_status(client: TestClient, tenant: Tenant) -> None:
    ids = [create_template(client, tenant.hr, name=f"T{i}")["id"] for i in range(5)]
    client.post(f"/templates/{ids[0]}/publish", headers=tenant.hr.headers)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/templates", params=params, headers=tenant.hr.headers).json()
        assert len(page["items"]) <= 2
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids)  # each exactly once, none from other tenants
    active = client.get("/templates?status=active", headers=tenant.hr.headers).json()
    assert [t["id"] for t in active["items"]] == [ids[0]]


def test_bad_query_parameters_are_422(client: TestClient, tenant: Tenant) -> None:
    assert_problem(client.get("/templates?limit=0", headers=tenant.hr.headers), 422)
    assert_problem(client.get("/templates?status=bogus", headers=tenant.hr.headers), 422)
    bad = client.get("/templates?cursor=!!!", headers=tenant.hr.headers)
    assert_problem(bad, 422, detail_contains="cursor")


def test_another_tenants_template_is_404(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    template = create_template(client, other_tenant.hr)
    tid = template["id"]
    headers = tenant.admin.headers
    assert_problem(client.get(f"/templates/{tid}", headers=headers), 404)
    assert_problem(client.patch(f"/templates/{tid}", json={"name": "x"}, headers=headers), 404)
    assert_problem(client.post(f"/templates/{tid}/publish", headers=headers), 404)
    assert_problem(client.post(f"/templates/{tid}/archive", headers=headers), 404)
    listed = client.get("/templates", headers=headers).json()["items"]
    assert tid not in {t["id"] for t in listed}


def test_a_cursor_from_another_tenant_is_refused(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    for i in range(3):
        create_template(client, other_tenant.hr, name=f"O{i}")
    page = client.get("/templates?limit=1", headers=other_tenant.hr.headers).json()
    assert page["next_cursor"]
    stolen = client.get(f"/templates?cursor={page['next_cursor']}", headers=tenant.hr.headers)
    assert_problem(stolen, 422, detail_contains="cursor")
