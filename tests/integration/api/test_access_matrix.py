"""Every operation, from the OpenAPI document: no token and a bad token are 401 problems;
manager-only operations refuse an interviewer; another tenant's ids are 404."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions.api.main import app
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template

PUBLIC = {"login", "respondToLoginChallenge", "getHealth"}
OPERATIONS = [
    (method.upper(), path, op["operationId"])
    for path, item in app.openapi()["paths"].items()
    for method, op in item.items()
]
PROTECTED = [o for o in OPERATIONS if o[2] not in PUBLIC]


def _url(path: str) -> str:
    return path.replace("{", "").replace("}", "")  # /templates/template_id: any id will do


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=[o[2] for o in PROTECTED])
def test_no_token_is_401(client: TestClient, method: str, path: str, operation: str) -> None:
    assert_problem(client.request(method, _url(path), json={}), 401)


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=[o[2] for o in PROTECTED])
def test_bad_token_is_401(client: TestClient, method: str, path: str, operation: str) -> None:
    headers = {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}
    assert_problem(client.request(method, _url(path), json={}, headers=headers), 401)


def test_every_operation_is_in_the_matrix() -> None:
    covered = set(MANAGER_ONLY) | set(EVERY_ROLE) | set(CANDIDATE) | PUBLIC | SELF
    missing = {o[2] for o in OPERATIONS} - covered
    assert not missing, f"add these operations to the access matrix: {missing}"


MANAGER_ONLY = {
    "createTemplate": ("POST", "/templates", {"name": "x"}),
    "updateTemplate": ("PATCH", "/templates/{template}", {"name": "x"}),
    "publishTemplate": ("POST", "/templates/{template}/publish", None),
    "archiveTemplate": ("POST", "/templates/{template}/archive", None),
    "createInterview": (
        "POST",
        "/interviews",
        {"template_id": "{template}", "candidate": {"name": "C", "email": "c@example.com"}},
    ),
    "cancelInterview": ("POST", "/interviews/{interview}/cancel", None),
    "resendInvitation": ("POST", "/interviews/{interview}/resend", None),
    "decideInterview": ("POST", "/interviews/{interview}/decision", {"outcome": "hire"}),
    "reprocessAnswer": ("POST", "/interviews/{interview}/answers/{answer}/reprocess", None),
    "listUsers": ("GET", "/users", None),
    "createUser": ("POST", "/users", {"email": "a@acme.test", "name": "A", "role": "hr"}),
    "updateUser": ("PATCH", "/users/{user}", {"name": "x"}),
    "updateCompany": ("PATCH", "/company", {"name": "x"}),
}
EVERY_ROLE = {"listTemplates", "getTemplate", "listInterviews", "getInterview", "getCompany"}
SELF = {"getMe", "updateMe", "setupMfa", "verifyMfa"}
CANDIDATE = {
    "getCandidateSession",
    "createAnswerUpload",
    "completeAnswerUpload",
    "finishInterview",
}


def _ids(client: TestClient, owner: Tenant) -> dict[str, str]:
    template = published_template(client, owner.hr)
    invitation = invite(client, owner.hr, template["id"])
    return {
        "template": template["id"],
        "interview": invitation["id"],
        "answer": "any",
        "user": owner.hr.id,
    }


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("operation", sorted(MANAGER_ONLY))
def test_manager_only_operations_refuse_an_interviewer(
    client: TestClient, tenant: Tenant, operation: str
) -> None:
    if operation not in {o[2] for o in OPERATIONS}:
        pytest.skip(f"{operation} is not part of the API yet")
    ids = _ids(client, tenant)
    method, path, body = MANAGER_ONLY[operation]
    response = client.request(
        method, _fill(path, ids), json=_fill(body, ids), headers=tenant.interviewer.headers
    )
    assert_problem(response, 403)


CROSS_TENANT = {
    **{k: v for k, v in MANAGER_ONLY.items() if "{" in v[1] or "{template}" in str(v[2])},
    "getTemplate": ("GET", "/templates/{template}", None),
    "getInterview": ("GET", "/interviews/{interview}", None),
}


@pytest.mark.parametrize("operation", sorted(CROSS_TENANT))
def test_another_tenants_ids_are_404(
    client: TestClient, tenant: Tenant, other_tenant: Tenant, operation: str
) -> None:
    if operation not in {o[2] for o in OPERATIONS}:
        pytest.skip(f"{operation} is not part of the API yet")
    ids = _ids(client, other_tenant)
    method, path, body = CROSS_TENANT[operation]
    response = client.request(
        method, _fill(path, ids), json=_fill(body, ids), headers=tenant.admin.headers
    )
    assert_problem(response, 404)
