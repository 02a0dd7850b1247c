from __future__ import annotations

import time

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from tests.integration.api.conftest import PASSWORD, Tenant, assert_problem


def test_login_returns_a_verified_access_token(client: TestClient, tenant: Tenant) -> None:
    response = client.post("/auth/login", json={"email": tenant.hr.email, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["token_use"] == "access" and claims["cognito:groups"] == ["hr"]


def test_login_is_case_insensitive_on_email(client: TestClient, tenant: Tenant) -> None:
    response = client.post(
        "/auth/login", json={"email": tenant.hr.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200


def test_wrong_password_and_unknown_email_are_the_same_401(
    client: TestClient, tenant: Tenant
) -> None:
    wrong = client.post("/auth/login", json={"email": tenant.hr.email, "password": "nope-nope"})
    unknown = client.post("/auth/login", json={"email": "ghost@acme.test", "password": PASSWORD})
    assert_problem(wrong, 401, detail_contains="email or password is wrong")
    assert_problem(unknown, 401, detail_contains="email or password is wrong")


def test_login_validation_lists_the_failing_fields(client: TestClient) -> None:
    response = client.post("/auth/login", json={"email": "not-an-email"})
    assert_problem(response, 422)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"email", "password"}


def test_get_me_shows_the_user_and_company(client: TestClient, tenant: Tenant) -> None:
    response = client.get("/me", headers=tenant.interviewer.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == tenant.interviewer.id
    assert body["role"] == "interviewer"
    assert body["company"]["id"] == tenant.company_id


def test_get_me_without_a_token_is_401(client: TestClient) -> None:
    response = client.get("/me")
    assert_problem(response, 401, detail_contains="Authorization: Bearer")
    assert response.headers["www-authenticate"] == "Bearer"


def test_get_me_with_garbage_token_is_401(client: TestClient) -> None:
    assert_problem(client.get("/me", headers={"Authorization": "Bearer abc.def.ghi"}), 401)


def test_a_token_signed_by_someone_else_is_401(client: TestClient, tenant: Tenant) -> None:
    real = jwt.decode(tenant.hr.token, options={"verify_signature": False})
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(real, key, algorithm="RS256", headers={"kid": "dummy"})
    response = client.get("/me", headers={"Authorization": f"Bearer {forged}"})
    assert_problem(response, 401, detail_contains="not valid")


def test_an_expired_token_is_401(client: TestClient, tenant: Tenant) -> None:
    # Re-signed with moto's own pool key (the one its JWKS publishes), but already expired.
    from joserfc import jwk
    from joserfc import jwt as jose_jwt
    from moto.utilities.utils import load_resource

    private = load_resource("cognitoidp/resources/jwks-private.json")
    claims = jwt.decode(tenant.hr.token, options={"verify_signature": False})
    claims["exp"] = int(time.time()) - 60
    expired = jose_jwt.encode(
        {"kid": "dummy", "alg": "RS256"}, claims, jwk.RSAKey.import_key(private)
    )
    response = client.get("/me", headers={"Authorization": f"Bearer {expired}"})
    assert_problem(response, 401, detail_contains="expired")


def test_an_id_token_is_refused(client: TestClient, tenant: Tenant) -> None:
    login = client.post("/auth/login", json={"email": tenant.hr.email, "password": PASSWORD})
    id_token = login.json()["id_token"]
    response = client.get("/me", headers={"Authorization": f"Bearer {id_token}"})
    assert_problem(response, 401, detail_contains="access token")
