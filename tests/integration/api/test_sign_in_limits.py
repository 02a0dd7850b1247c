"""Wrong passwords meet 429s (issue 17): after 5 failures for an account, or 20 from one
address, within 15 minutes, sign-in answers 429 problem+json with Retry-After, without asking
Cognito (the right password waits too), and the account's owner is emailed once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.sign_in_limits import Attempts
from functions.notifications.adapters.outbox import LocalOutbox
from functions.notifications.ports import SentEmail
from tests.integration.api.conftest import PASSWORD, Tenant, assert_problem


@pytest.fixture
def from_address(client: TestClient) -> Iterator[TestClient]:
    """A client of its own address, so its failures lock no other test's sign-ins."""
    address = f"203.0.113.{utcnow().microsecond % 250 + 1}"
    with TestClient(client.app, client=(address, 50000), raise_server_exceptions=False) as own:
        yield own
    _, revision = wiring.sign_in_attempts().get("address", address)
    if revision is not None:
        wiring.sign_in_attempts().save("address", address, Attempts(), revision, utcnow())


def _sign_in(client: TestClient, email: str, password: str) -> Any:
    return client.post("/auth/login", json={"email": email, "password": password})


def _locked_emails(email: str) -> list[SentEmail]:
    outbox = wiring.mailer()
    assert isinstance(outbox, LocalOutbox)
    return [m for m in outbox.messages() if m.to == email and m.kind == "sign_in_locked"]


def test_five_wrong_passwords_lock_the_account_and_email_its_owner(
    from_address: TestClient, tenant: Tenant
) -> None:
    email = tenant.hr.email
    for _ in range(5):
        assert_problem(_sign_in(from_address, email, "wrong-password-1"), 401)
    refused = _sign_in(from_address, email, PASSWORD)  # the right one waits too
    assert_problem(refused, 429, detail_contains="too many failed sign-ins for this account")
    assert 1 <= int(refused.headers["Retry-After"]) <= 30
    assert refused.json()["retry_after_seconds"] == int(refused.headers["Retry-After"])
    # Once, in the owner's language, with no password or count in it.
    (sent,) = _locked_emails(email)
    assert sent.language == "en" and PASSWORD not in sent.text
    assert_problem(_sign_in(from_address, email, "wrong-password-2"), 429)
    assert len(_locked_emails(email)) == 1
    # Another account from the same address is not locked by this one.
    assert _sign_in(from_address, tenant.admin.email, PASSWORD).status_code == 200


def test_when_the_lock_ends_the_right_password_signs_in_and_clears_the_count(
    from_address: TestClient, tenant: Tenant
) -> None:
    email = tenant.interviewer.email
    for _ in range(5):
        _sign_in(from_address, email, "wrong-password")
    assert_problem(_sign_in(from_address, email, PASSWORD), 429)
    repo = wiring.sign_in_attempts()
    attempts, revision = repo.get("account", email)
    ended = utcnow() - timedelta(seconds=1)  # as if 30 seconds had passed
    repo.save("account", email, attempts.model_copy(update={"locked_until": ended}), revision,
              utcnow())  # fmt: skip
    assert _sign_in(from_address, email, PASSWORD).status_code == 200
    assert repo.get("account", email)[0] == Attempts()


def test_twenty_failures_from_one_address_lock_that_address(
    from_address: TestClient, tenant: Tenant
) -> None:
    for n in range(20):  # 20 different made-up accounts: no account reaches its own limit
        assert_problem(_sign_in(from_address, f"nobody-{n}@example.com", "guess"), 401)
    refused = _sign_in(from_address, tenant.hr.email, PASSWORD)
    assert_problem(refused, 429, detail_contains="from your network address")
    assert int(refused.headers["Retry-After"]) >= 1
    assert _locked_emails("nobody-0@example.com") == []  # no account, nobody to tell


def test_a_new_password_signs_the_user_out_everywhere(
    from_address: TestClient, tenant: Tenant
) -> None:
    """changePassword: the old password and every token stop working at once."""
    member = tenant.interviewer
    other_device = _sign_in(from_address, member.email, PASSWORD).json()["access_token"]
    wrong = from_address.post(
        "/me/password",
        json={"current_password": "not-it", "new_password": "Brand-New-Pass-7!"},
        headers=member.headers,
    )
    assert_problem(wrong, 422, detail_contains="current_password is wrong")
    weak = from_address.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=member.headers,
    )
    assert_problem(weak, 422, detail_contains="password")
    changed = from_address.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": "Brand-New-Pass-7!"},
        headers=member.headers,
    )
    assert changed.status_code == 204, changed.text
    for token in (member.token, other_device):
        me = from_address.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert_problem(me, 401)
    assert_problem(_sign_in(from_address, member.email, PASSWORD), 401)
    assert _sign_in(from_address, member.email, "Brand-New-Pass-7!").status_code == 200
