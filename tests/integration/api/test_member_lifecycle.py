"""A team member's lifecycle: one company per email (even when two admins race), no hint of
who else holds an address, deactivation and sign-out that end access at once."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import Any

import jwt
import pytest
from botocore.exceptions import ClientError
from fastapi.testclient import TestClient

from functions import wiring
from functions.accounts.use_cases import add_user, update_profile
from functions.domain.clock import utcnow
from functions.domain.companies import Role
from functions.domain.errors import InvalidInput
from functions.settings import get_settings
from tests.integration.api.conftest import PASSWORD, Member, Tenant, assert_problem


def _create(client: TestClient, admin: Member, email: str, role: str = "hr") -> Any:
    body = {"email": email, "name": "Someone", "role": role}
    return client.post("/users", json=body, headers=admin.headers)


def _cognito_user(email: str) -> dict[str, Any]:
    pool = get_settings().user_pool_id
    return dict(wiring.cognito().admin_get_user(UserPoolId=pool, Username=email))


def _login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    response = client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def test_two_admins_adding_one_email_at_once_leave_it_in_exactly_one_company(
    client: TestClient, make_tenant: Callable[[], Tenant]
) -> None:
    for _ in range(3):
        first, second = make_tenant(), make_tenant()
        email = f"contested-{secrets.token_hex(4)}@acme.test"
        start = Barrier(2)

        def add(admin: Member, email: str = email, start: Barrier = start) -> int:
            start.wait()
            return int(_create(client, admin, email, role="admin").status_code)

        with ThreadPoolExecutor(max_workers=2) as pool:
            codes = sorted(pool.map(add, [first.admin, second.admin]))
        assert codes == [201, 409]
        holders = [
            tenant.company_id
            for tenant in (first, second)
            if any(u.email == email for u in wiring.users().members(tenant.company_id))
        ]
        assert len(holders) == 1, f"{email} is a member of {len(holders)} companies"
        owner = wiring.users().by_email(email)
        assert owner is not None and owner.company_id == holders[0]
        assert _cognito_user(email)["Enabled"] is True


def test_an_email_taken_anywhere_is_refused_the_same_way(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    own = _create(client, tenant.admin, tenant.hr.email)
    elsewhere = _create(client, tenant.admin, other_tenant.hr.email)
    assert_problem(own, 409)
    assert_problem(elsewhere, 409)
    assert other_tenant.hr.email not in elsewhere.text
    assert own.json() == {**elsewhere.json(), "instance": own.json().get("instance")}
    # The other company's member is untouched.
    assert client.get("/me", headers=other_tenant.hr.headers).json()["id"] == other_tenant.hr.id


def test_a_refused_sign_in_account_takes_the_profile_and_claim_back(tenant: Tenant) -> None:
    """Cognito refuses the new user (here: a password too weak for the pool); nothing stays."""
    email = f"weak-{secrets.token_hex(4)}@acme.test"
    with pytest.raises(InvalidInput, match="too weak"):
        add_user(
            wiring.users(),
            wiring.identity(),
            company_id=tenant.company_id,
            email=email,
            name="Weak Password",
            role=Role.HR,
            password="short",
            now=utcnow(),
        )
    assert wiring.users().by_email(email) is None
    assert email not in {u.email for u in wiring.users().members(tenant.company_id)}
    with pytest.raises(ClientError, match="UserNotFoundException"):
        _cognito_user(email)
    added = add_user(
        wiring.users(),
        wiring.identity(),
        company_id=tenant.company_id,
        email=email,
        name="Strong Password",
        role=Role.HR,
        password=PASSWORD,
        now=utcnow(),
    )
    assert wiring.users().by_email(email) == added  # the address was free again


def test_a_cognito_user_left_without_a_profile_is_replaced(
    client: TestClient, tenant: Tenant
) -> None:
    """Left by a crash, or by a retried call whose answer was lost: no profile claims it."""
    email = f"orphan-{secrets.token_hex(4)}@acme.test"
    pool = get_settings().user_pool_id
    wiring.cognito().admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS")
    created = _create(client, tenant.admin, email)
    assert created.status_code == 201, created.text
    password = _first_sign_in(client, email, created.json()["temporary_password"])
    me = client.get("/me", headers={"Authorization": f"Bearer {_login(client, email, password)}"})
    assert me.json()["id"] == created.json()["id"]
    assert me.json()["company"]["id"] == tenant.company_id


def test_a_deactivated_member_is_refused_at_once_and_can_come_back(
    client: TestClient, tenant: Tenant
) -> None:
    assert client.get("/me", headers=tenant.hr.headers).status_code == 200
    done = client.post(f"/users/{tenant.hr.id}/deactivate", headers=tenant.admin.headers)
    assert done.status_code == 200, done.text
    assert done.json()["active"] is False
    # The access token they already hold stops working now, not when it expires.
    assert_problem(client.get("/me", headers=tenant.hr.headers), 401)
    assert_problem(client.get("/interviews", headers=tenant.hr.headers), 401)
    refused = client.post("/auth/login", json={"email": tenant.hr.email, "password": PASSWORD})
    assert_problem(refused, 401)
    assert _cognito_user(tenant.hr.email)["Enabled"] is False
    listed = {
        u["id"]: u for u in client.get("/users", headers=tenant.admin.headers).json()["items"]
    }
    assert listed[tenant.hr.id]["active"] is False

    back = client.post(f"/users/{tenant.hr.id}/reactivate", headers=tenant.admin.headers)
    assert back.status_code == 200 and back.json()["active"] is True
    assert_problem(client.get("/me", headers=tenant.hr.headers), 401)  # old token stays dead
    fresh = _login(client, tenant.hr.email)
    me = client.get("/me", headers={"Authorization": f"Bearer {fresh}"})
    assert me.status_code == 200 and me.json()["id"] == tenant.hr.id


def test_admins_cannot_deactivate_themselves_or_the_last_active_admin(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    own = client.post(f"/users/{tenant.admin.id}/deactivate", headers=tenant.admin.headers)
    assert_problem(own, 403, detail_contains="yourself")
    second = _create(client, tenant.admin, f"second-{secrets.token_hex(4)}@acme.test", "admin")
    assert second.status_code == 201, second.text
    # The second admin deactivates the first: allowed while another admin stays active...
    password = _first_sign_in(client, second.json()["email"], second.json()["temporary_password"])
    other_admin = {"Authorization": f"Bearer {_login(client, second.json()['email'], password)}"}
    first_out = client.post(f"/users/{tenant.admin.id}/deactivate", headers=other_admin)
    assert first_out.status_code == 200, first_out.text
    # ...and with the first one gone, nobody can make the company admin-less by demotion either.
    demoted = client.patch(
        f"/users/{second.json()['id']}", json={"role": "hr"}, headers=other_admin
    )
    assert_problem(demoted, 403, detail_contains="admin")
    assert_problem(client.post(f"/users/{other_tenant.hr.id}/deactivate", headers=other_admin), 404)
    for member in (tenant.hr, tenant.interviewer):
        refused = client.post(f"/users/{tenant.interviewer.id}/deactivate", headers=member.headers)
        assert_problem(refused, 403)


def _first_sign_in(client: TestClient, email: str, temporary: str) -> str:
    step = client.post("/auth/login", json={"email": email, "password": temporary}).json()
    chosen = "A-much-Better-passw0rd"
    done = client.post(
        "/auth/challenge",
        json={
            "email": email,
            "challenge": "NEW_PASSWORD_REQUIRED",
            "session": step["session"],
            "new_password": chosen,
        },
    )
    assert done.status_code == 200, done.text
    return chosen


def test_logout_ends_every_session_of_the_user(client: TestClient, tenant: Tenant) -> None:
    second_device = _login(client, tenant.interviewer.email)
    out = client.post("/auth/logout", headers=tenant.interviewer.headers)
    assert out.status_code == 204, out.text
    assert_problem(client.get("/me", headers=tenant.interviewer.headers), 401)
    assert_problem(client.get("/me", headers={"Authorization": f"Bearer {second_device}"}), 401)
    again = _login(client, tenant.interviewer.email)
    assert client.get("/me", headers={"Authorization": f"Bearer {again}"}).status_code == 200
    assert client.get("/me", headers=tenant.hr.headers).status_code == 200  # others stay in


def test_a_members_own_edit_in_flight_cannot_undo_a_deactivation(
    client: TestClient, tenant: Tenant
) -> None:
    """The member's request read their profile before the admin deactivated them; its write
    applies their change to the stored profile, never their stale copy of it."""
    users = wiring.users()
    in_flight = users.get(tenant.company_id, tenant.interviewer.id)
    assert in_flight is not None and in_flight.active
    done = client.post(f"/users/{tenant.interviewer.id}/deactivate", headers=tenant.admin.headers)
    assert done.status_code == 200, done.text
    update_profile(users, in_flight, {"language": "de"})
    stored = users.get(tenant.company_id, tenant.interviewer.id)
    assert stored is not None and stored.language == "de"
    assert stored.active is False and stored.tokens_valid_after is not None
    assert_problem(client.get("/me", headers=tenant.interviewer.headers), 401)


def test_a_sign_in_in_the_second_of_a_sign_out_still_gets_working_tokens(
    client: TestClient, tenant: Tenant
) -> None:
    """Token times are whole seconds: tokens issued in the sign-out's second are refused, so
    `login` refreshes them once that second has passed instead of handing out dead ones."""
    revoked = utcnow() + timedelta(milliseconds=500)  # the sign-out's second covers this sign-in
    wiring.users().update(
        tenant.company_id,
        tenant.hr.id,
        lambda u: u.model_copy(update={"tokens_valid_after": revoked}),
    )
    token = _login(client, tenant.hr.email)
    issued = jwt.decode(token, options={"verify_signature": False})["iat"]
    assert issued > int(revoked.timestamp())
    assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert_problem(client.get("/me", headers=tenant.hr.headers), 401)
