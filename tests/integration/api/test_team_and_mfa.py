"""Team members, company settings, first sign-in and TOTP for the roles that require it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import jwt
import pyotp
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from tests.integration.api.conftest import (
    PASSWORD,
    Tenant,
    assert_problem,
    invite,
    published_template,
)


def totp(secret: str) -> str:
    """What an authenticator app shows for `secret` now."""
    return pyotp.TOTP(secret).now()


def wrong_code(secret: str) -> str:
    """Six digits no authenticator would show now (nor one step before or after)."""
    totp = pyotp.TOTP(secret)
    valid = {totp.at(time.time() + 30 * step) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


@pytest.fixture
def hr_must_use_mfa() -> Iterator[None]:
    os.environ["APP_MFA_REQUIRED_ROLES"] = '["hr"]'
    wiring.reset()
    yield
    del os.environ["APP_MFA_REQUIRED_ROLES"]
    wiring.reset()


def test_admin_adds_a_member_who_chooses_a_password_on_first_sign_in(
    client: TestClient, tenant: Tenant
) -> None:
    created = client.post(
        "/users",
        json={"email": "New.Person@acme.test", "name": "New Person", "role": "interviewer"},
        headers=tenant.admin.headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["email"] == "new.person@acme.test" and body["role"] == "interviewer"
    first = client.post(
        "/auth/login",
        json={"email": "new.person@acme.test", "password": body["temporary_password"]},
    ).json()
    assert first["challenge"] == "NEW_PASSWORD_REQUIRED" and first["access_token"] is None
    weak = client.post(
        "/auth/challenge",
        json={
            "email": "new.person@acme.test",
            "challenge": "NEW_PASSWORD_REQUIRED",
            "session": first["session"],
            "new_password": "short",
        },
    )
    assert_problem(weak, 422)
    done = client.post(
        "/auth/challenge",
        json={
            "email": "new.person@acme.test",
            "challenge": "NEW_PASSWORD_REQUIRED",
            "session": first["session"],
            "new_password": "A-much-Better-passw0rd",
        },
    ).json()
    assert done["access_token"]
    me = client.get("/me", headers={"Authorization": f"Bearer {done['access_token']}"}).json()
    assert me["role"] == "interviewer" and me["company"]["id"] == tenant.company_id
    again = client.post(
        "/users",
        json={"email": "new.person@acme.test", "name": "Dup", "role": "hr"},
        headers=tenant.admin.headers,
    )
    assert_problem(again, 409)


def test_only_admins_manage_members_and_managers_list_them(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    body = {"email": "x@acme.test", "name": "X", "role": "hr"}
    assert_problem(client.post("/users", json=body, headers=tenant.hr.headers), 403)
    bad = client.post("/users", json={**body, "role": "owner"}, headers=tenant.admin.headers)
    assert_problem(bad, 422)
    listed = client.get("/users", headers=tenant.hr.headers).json()["items"]
    assert {u["id"] for u in listed} == {tenant.admin.id, tenant.hr.id, tenant.interviewer.id}
    assert_problem(client.get("/users", headers=tenant.interviewer.headers), 403)
    foreign = client.patch(
        f"/users/{other_tenant.hr.id}", json={"name": "Hijack"}, headers=tenant.admin.headers
    )
    assert_problem(foreign, 404)


def test_a_role_change_applies_at_once_and_reaches_cognito(
    client: TestClient, tenant: Tenant
) -> None:
    changed = client.patch(
        f"/users/{tenant.hr.id}", json={"role": "interviewer"}, headers=tenant.admin.headers
    )
    assert changed.status_code == 200 and changed.json()["role"] == "interviewer"
    # The old token names the old group: it is refused now, and a new sign-in gets the new one.
    refused = client.post("/templates", json={"name": "x"}, headers=tenant.hr.headers)
    assert_problem(refused, 401, detail_contains="sign in again")
    login = client.post("/auth/login", json={"email": tenant.hr.email, "password": PASSWORD})
    claims = jwt.decode(login.json()["access_token"], options={"verify_signature": False})
    assert claims["cognito:groups"] == ["interviewer"]
    fresh = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert client.get("/me", headers=fresh).json()["role"] == "interviewer"
    assert_problem(client.post("/templates", json={"name": "x"}, headers=fresh), 403)


def test_the_last_admin_cannot_be_demoted(client: TestClient, tenant: Tenant) -> None:
    response = client.patch(
        f"/users/{tenant.admin.id}", json={"role": "hr"}, headers=tenant.admin.headers
    )
    assert_problem(response, 403, detail_contains="at least one admin")


def test_users_set_their_own_language(client: TestClient, tenant: Tenant) -> None:
    updated = client.patch("/me", json={"language": "de"}, headers=tenant.interviewer.headers)
    assert updated.status_code == 200 and updated.json()["language"] == "de"
    assert_problem(client.patch("/me", json={"language": "fr"}, headers=tenant.hr.headers), 422)


def test_company_branding_reaches_candidate_pages(client: TestClient, tenant: Tenant) -> None:
    branding = {"logo_url": "https://cdn.acme.test/logo.svg", "primary_color": "#112233"}
    updated = client.patch(
        "/company",
        json={"name": "Acme Renamed", "branding": branding, "default_language": "es"},
        headers=tenant.admin.headers,
    )
    assert updated.status_code == 200, updated.text
    assert client.get("/company", headers=tenant.interviewer.headers).json()["name"] == (
        "Acme Renamed"
    )
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    session = client.get(
        "/candidate/session", headers={"Authorization": f"Bearer {invitation['token']}"}
    ).json()
    assert session["company"] == {"name": "Acme Renamed", "branding": branding}
    refused = client.patch("/company", json={"name": "x"}, headers=tenant.hr.headers)
    assert_problem(refused, 403)
    bad = client.patch(
        "/company", json={"branding": {"primary_color": "red"}}, headers=tenant.admin.headers
    )
    assert_problem(bad, 422)


def test_totp_enrolment_then_sign_in_asks_for_a_code(client: TestClient, tenant: Tenant) -> None:
    """Codes are checked against each user's own secret (locally too: moto checks nothing)."""
    setup = client.post("/me/mfa/setup", headers=tenant.hr.headers).json()
    assert setup["otpauth_uri"].startswith("otpauth://totp/Interviews:")
    assert f"secret={setup['secret']}" in setup["otpauth_uri"]
    other = client.post("/me/mfa/setup", headers=tenant.interviewer.headers).json()
    assert other["secret"] != setup["secret"]
    wrong = client.post(
        "/me/mfa/verify", json={"code": wrong_code(setup["secret"])}, headers=tenant.hr.headers
    )
    assert_problem(wrong, 422, detail_contains="code")
    assert client.get("/me", headers=tenant.hr.headers).json()["mfa_enabled"] is False
    # Another user's code is no good either.
    foreign = client.post(
        "/me/mfa/verify", json={"code": totp(other["secret"])}, headers=tenant.hr.headers
    )
    if totp(other["secret"]) != totp(setup["secret"]):
        assert_problem(foreign, 422, detail_contains="code")
    verified = client.post(
        "/me/mfa/verify", json={"code": totp(setup["secret"])}, headers=tenant.hr.headers
    )
    assert verified.status_code == 200 and verified.json()["mfa_enabled"] is True

    step = client.post("/auth/login", json={"email": tenant.hr.email, "password": PASSWORD})
    assert step.json()["challenge"] == "SOFTWARE_TOKEN_MFA"
    answer = {"email": tenant.hr.email, "challenge": "SOFTWARE_TOKEN_MFA"}
    missing = client.post("/auth/challenge", json={**answer, "session": step.json()["session"]})
    assert_problem(missing, 422, detail_contains="code")
    refused = client.post(
        "/auth/challenge",
        json={**answer, "session": step.json()["session"], "code": wrong_code(setup["secret"])},
    )
    assert_problem(refused, 422, detail_contains="code")
    assert refused.json().get("access_token") is None
    step = client.post("/auth/login", json={"email": tenant.hr.email, "password": PASSWORD})
    done = client.post(
        "/auth/challenge",
        json={**answer, "session": step.json()["session"], "code": totp(setup["secret"])},
    )
    assert done.status_code == 200 and done.json()["access_token"]


@pytest.mark.usefixtures("hr_must_use_mfa")
def test_a_role_that_requires_mfa_is_held_until_enrolled(
    client: TestClient, tenant: Tenant
) -> None:
    held = client.get("/templates", headers=tenant.hr.headers)
    assert_problem(held, 403, detail_contains="authenticator")
    me = client.get("/me", headers=tenant.hr.headers).json()
    assert me["mfa_required"] is True and me["mfa_enabled"] is False
    assert client.get("/templates", headers=tenant.admin.headers).status_code == 200  # not admin
    setup = client.post("/me/mfa/setup", headers=tenant.hr.headers).json()
    client.post("/me/mfa/verify", json={"code": totp(setup["secret"])}, headers=tenant.hr.headers)
    assert client.get("/templates", headers=tenant.hr.headers).status_code == 200
