from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.api.conftest import Member

ALL = ["jobs:write", "candidates:write", "interviews:write", "hooks:write"]


def create_key(
    client: TestClient, admin: Member, scopes: list[str] | None = None
) -> dict[str, Any]:
    response = client.post(
        "/integrations/api-keys",
        json={"name": "Greenhouse", "scopes": scopes or ALL},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def bearer(key: dict[str, Any] | str) -> dict[str, str]:
    secret = key if isinstance(key, str) else key["key"]
    return {"Authorization": f"Bearer {secret}"}
