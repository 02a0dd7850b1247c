"""Self-serve sign-up (issue 16): registerCompany makes a company on the Free plan and its first
admin, who signs in after confirming the code emailed to them (test_registration_confirmation.py
for the code's rules), refuses an email anyone has without naming whose, names the fields of bad
input, and counts attempts per client address (10 an hour)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.accounts.sign_up import LIMIT, WINDOW, SignUpLimits, count_attempt
from functions.billing.plans import PlanName
from functions.domain.clock import utcnow
from functions.domain.errors import TooManyRequests
from functions.notifications.adapters.outbox import LocalOutbox
from functions.notifications.ports import SentEmail
from functions.storage.sign_up_attempts import SignUpWindow
from tests.integration.api.conftest import (
    PASSWORD,
    Member,
    Tenant,
    assert_problem,
    invite,
    published_template,
)

_last_octet = iter(range(1, 255))


@pytest.fixture
def own(client: TestClient) -> Iterator[TestClient]:
    """A client of an address of its own, so its sign-ups use no other test's allowance."""
    address = f"198.51.100.{next(_last_octet)}"
    with TestClient(client.app, client=(address, 50000), raise_server_exceptions=False) as c:
        yield c


def _body(**overrides: Any) -> dict[str, Any]:
    suffix = secrets.token_hex(4)
    body = {
        "company_name": f"Startup {suffix}",
        "admin_name": "Sam Founder",
        "email": f"founder-{suffix}@startup.test",
        "password": PASSWORD,
        "language": "de",
    }
    body.update(overrides)
    return body


def code_emails(email: str) -> list[SentEmail]:
    outbox = wiring.mailer()
    assert isinstance(outbox, LocalOutbox)
    return [m for m in outbox.messages() if m.to == email.lower() and m.kind == "registration_code"]


def emailed_code(email: str) -> str:
    """The code of the last confirmation email to `email`, read as a person reads it."""
    last = code_emails(email)[-1]
    found = re.search(r"^\s*(\d{6})\s*$", last.text, re.MULTILINE)
    assert found, last.text
    return found.group(1)


def _sign_in(client: TestClient, email: str) -> Member:
    response = client.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    me = client.get("/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"})
    body = me.json()
    return Member(body["id"], email, body["role"], response.json()["access_token"])


def test_a_sign_up_makes_a_free_company_whose_admin_signs_in(own: TestClient) -> None:
    body = _body(email="Founder-" + secrets.token_hex(4) + "@Startup.test")
    created = own.post("/auth/register", json=body)
    assert created.status_code == 201, created.text
    company, admin = created.json()["company"], created.json()["admin"]
    assert company["name"] == body["company_name"] and company["default_language"] == "de"
    assert (admin["email"], admin["role"], admin["language"]) == (
        body["email"].lower(),
        "admin",
        "de",
    )
    account = wiring.billing().account(company["id"])
    assert account is not None and account[0].plan is PlanName.FREE
    assert created.json()["confirmation_required"] is True

    # No sign-in before the email is confirmed: a 403 that says how.
    early = own.post("/auth/login", json={"email": body["email"], "password": PASSWORD})
    assert_problem(early, 403, detail_contains="confirmRegistration")
    assert early.json()["code"] == "email_not_confirmed"
    assert "resendRegistrationCode" in early.json()["detail"]
    # The code came in the admin's language (German here) and confirms the address.
    (sent,) = code_emails(body["email"])
    assert sent.language == "de" and sent.subject.startswith("Ihr Code")
    confirmed = own.post(
        "/auth/register/confirm", json={"email": body["email"], "code": emailed_code(body["email"])}
    )
    assert confirmed.status_code == 204, confirmed.text

    founder = _sign_in(own, body["email"])
    me = own.get("/me", headers=founder.headers).json()
    assert me["company"]["id"] == company["id"] and me["role"] == "admin"
    # The Free plan: three interviews this month, the fourth is refused with 402.
    template = published_template(own, founder)
    for _ in range(3):
        invite(own, founder, template["id"])
    refused = own.post(
        "/interviews",
        json={"template_id": template["id"], "candidate": {"name": "C", "email": "c@example.com"}},
        headers=founder.headers,
    )
    assert_problem(refused, 402, detail_contains="Free plan")


def test_an_email_anyone_has_is_refused_without_naming_whose(
    own: TestClient, tenant: Tenant
) -> None:
    first = _body()
    assert own.post("/auth/register", json=first).status_code == 201
    taken_by_sign_up = own.post(
        "/auth/register", json=_body(email=first["email"].upper(), company_name="Other One")
    )
    taken_by_member = own.post("/auth/register", json=_body(email=tenant.hr.email))
    for refused in (taken_by_sign_up, taken_by_member):
        assert_problem(refused, 409, detail_contains="cannot be used to sign up")
        text = refused.text.lower()
        assert first["company_name"].lower() not in text and "acme" not in text
        assert tenant.company_id not in refused.text
    # The same answer whoever holds the address.
    assert taken_by_sign_up.json() == taken_by_member.json()
    # The member's own sign-in is untouched.
    assert (
        own.post("/auth/login", json={"email": tenant.hr.email, "password": PASSWORD}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"company_name": ""}, "company_name"),
        ({"admin_name": "Line\nbreak"}, "admin_name"),
        ({"email": "not-an-email"}, "email"),
        ({"password": "short-1A!"}, "password"),
        ({"password": "no-digits-or-upper!"}, "password"),
        ({"language": "fr"}, "language"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    own: TestClient, overrides: dict[str, Any], field: str
) -> None:
    body = _body(**overrides)
    response = own.post("/auth/register", json=body)
    assert_problem(response, 422)
    assert {e["field"] for e in response.json()["errors"]} == {field}
    assert wiring.users().by_email(body["email"]) is None


def test_a_missing_field_is_named(own: TestClient) -> None:
    body = _body()
    del body["language"]
    response = own.post("/auth/register", json=body)
    assert_problem(response, 422)
    assert {e["field"] for e in response.json()["errors"]} == {"language"}


def test_ten_sign_ups_an_hour_from_one_address_then_429(own: TestClient, tenant: Tenant) -> None:
    # Refused attempts count too: probing emails costs the same allowance.
    for _ in range(LIMIT - 1):
        assert_problem(own.post("/auth/register", json=_body(email=tenant.hr.email)), 409)
    assert own.post("/auth/register", json=_body()).status_code == 201
    fresh = _body()
    refused = own.post("/auth/register", json=fresh)
    assert_problem(refused, 429, detail_contains="too many sign-ups from your network address")
    assert 1 <= int(refused.headers["Retry-After"]) <= int(WINDOW.total_seconds())
    assert wiring.users().by_email(fresh["email"]) is None  # nothing was made
    # Another address is not limited by this one.
    with TestClient(own.app, client=("198.51.100.254", 1), raise_server_exceptions=False) as other:
        assert other.post("/auth/register", json=fresh).status_code == 201


def test_the_allowance_comes_back_when_the_window_ends() -> None:
    address = f"2001:db8::{secrets.token_hex(2)}"
    start = utcnow()
    clock = [start]
    limits = SignUpLimits(wiring.sign_up_attempts(), address, now=lambda: clock[0])
    for _ in range(LIMIT):
        count_attempt(limits)
    with pytest.raises(TooManyRequests):
        count_attempt(limits)
    clock[0] = start + WINDOW - timedelta(seconds=1)
    with pytest.raises(TooManyRequests):
        count_attempt(limits)
    clock[0] = start + WINDOW
    count_attempt(limits)
    assert wiring.sign_up_attempts().get(address)[0] == SignUpWindow(
        attempts=1, started_at=start + WINDOW
    )
