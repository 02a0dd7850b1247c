"""The emailed code of a sign-up (issue 16): a wrong code is 400 naming `code`, five wrong ones
void it (410), an expired one is 410, a new one is sent at most once a minute (429), and a
right one confirms the admin, who then signs in. Addresses with no sign-up waiting get the same
answers and no email."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.accounts import verification
from functions.domain.clock import utcnow
from functions.domain.errors import TooManyRequests
from tests.integration.api.conftest import PASSWORD, Tenant, assert_problem
from tests.integration.api.test_registration import code_emails, emailed_code

_octet = itertools.count(1)


@pytest.fixture
def own(client: TestClient) -> Iterator[TestClient]:
    address = f"192.0.2.{next(_octet)}"
    with TestClient(client.app, client=(address, 50000), raise_server_exceptions=False) as c:
        yield c


def _register(client: TestClient, language: str = "en") -> str:
    email = f"owner-{secrets.token_hex(4)}@signup.test"
    body = {
        "company_name": "Confirm Co",
        "admin_name": "Olga Owner",
        "email": email,
        "password": PASSWORD,
        "language": language,
    }
    assert client.post("/auth/register", json=body).status_code == 201
    return email


def _confirm(client: TestClient, email: str, code: str) -> Any:
    return client.post("/auth/register/confirm", json={"email": email, "code": code})


def _login(client: TestClient, email: str) -> Any:
    return client.post("/auth/login", json={"email": email, "password": PASSWORD})


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_register_confirm_then_sign_in(own: TestClient) -> None:
    email = _register(own, "ru")
    assert_problem(_login(own, email), 403, detail_contains="confirm your email")
    (sent,) = code_emails(email)
    code = emailed_code(email)
    assert sent.language == "ru" and code in sent.subject and code in sent.html
    assert_problem(_confirm(own, email, _wrong(code)), 400, detail_contains="4 more tries")
    assert _confirm(own, email, code).status_code == 204
    signed_in = _login(own, email)
    assert signed_in.status_code == 200 and signed_in.json()["access_token"]
    me = own.get("/me", headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"})
    assert me.json()["role"] == "admin" and me.json()["language"] == "ru"
    # A repeat of the right code (a lost answer retried) is fine; a wrong one is still wrong.
    assert _confirm(own, email, code).status_code == 204
    assert_problem(_confirm(own, email, _wrong(code)), 400)
    # Nothing to resend for a confirmed account, and nothing is sent.
    assert own.post("/auth/register/resend", json={"email": email}).status_code == 202
    assert len(code_emails(email)) == 1


def test_a_wrong_code_names_the_field_and_five_void_it(own: TestClient) -> None:
    email = _register(own)
    code = emailed_code(email)
    for left in range(verification.MAX_WRONG_ATTEMPTS - 1, 0, -1):
        wrong = _confirm(own, email, _wrong(code))
        assert_problem(wrong, 400)
        assert wrong.json()["field"] == "code" and wrong.json()["attempts_left"] == left
    voided = _confirm(own, email, _wrong(code))
    assert_problem(voided, 410, detail_contains="no longer works")
    assert voided.json()["field"] == "code"
    # Even the right code no longer works; the account stays unconfirmed.
    assert_problem(_confirm(own, email, code), 410)
    assert_problem(_login(own, email), 403)


def test_an_expired_code_is_410_and_a_new_one_works(own: TestClient) -> None:
    email = _register(own)
    old = emailed_code(email)
    codes = wiring.registration_codes()
    pending, revision = codes.get(email)
    assert pending is not None
    earlier = utcnow() - verification.CODE_LIFETIME - timedelta(minutes=2)
    codes.save(
        email,
        pending.model_copy(
            update={"issued_at": earlier, "expires_at": utcnow() - timedelta(seconds=1)}
        ),
        revision,
    )
    expired = _confirm(own, email, old)
    assert_problem(expired, 410, detail_contains="expired")
    assert expired.json()["field"] == "code"

    assert own.post("/auth/register/resend", json={"email": email}).status_code == 202
    new = emailed_code(email)
    assert len(code_emails(email)) == 2
    if new != old:  # one chance in a million they match
        assert_problem(_confirm(own, email, old), 400)
    assert _confirm(own, email, new).status_code == 204
    assert _login(own, email).status_code == 200


def test_a_new_code_at_most_once_a_minute(own: TestClient) -> None:
    email = _register(own)
    refused = own.post("/auth/register/resend", json={"email": email})
    assert_problem(refused, 429, detail_contains="new one in")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert len(code_emails(email)) == 1


def test_five_codes_an_hour() -> None:
    email = f"hourly-{secrets.token_hex(4)}@signup.test"
    sent: list[str] = []
    codes = wiring.registration_codes()
    start = utcnow()
    verification.send_first_code(codes, email, start, sent.append)
    users, identity = _Waiting(), _Waiting()
    for minute in range(1, verification.SENDS_PER_HOUR):
        verification.resend_code(
            codes, users, identity, email, start + timedelta(minutes=minute), sent.append
        )
    assert len(sent) == verification.SENDS_PER_HOUR
    with pytest.raises(TooManyRequests) as refused:
        verification.resend_code(
            codes, users, identity, email, start + timedelta(minutes=10), sent.append
        )
    assert refused.value.retry_after_seconds == 50 * 60
    verification.resend_code(
        codes, users, identity, email, start + timedelta(minutes=60), sent.append
    )
    assert len(sent) == verification.SENDS_PER_HOUR + 1


class _Waiting:
    """A user directory and identity provider in which the address waits for confirmation."""

    def by_email(self, email: str) -> object:
        return object()

    def awaiting_confirmation(self, email: str) -> bool:
        return True


def test_addresses_without_a_waiting_sign_up_get_the_same_answers(
    own: TestClient, tenant: Tenant
) -> None:
    for email in (tenant.hr.email, "nobody-here@signup.test"):
        assert own.post("/auth/register/resend", json={"email": email}).status_code == 202
        assert code_emails(email) == []
        assert_problem(_confirm(own, email, "123456"), 410)
    # A confirmed member signs in as before.
    assert _login(own, tenant.hr.email).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "a@b.test", "code": "12345"}, "code"),
        ({"email": "a@b.test", "code": "abcdef"}, "code"),
        ({"email": "not-an-email", "code": "123456"}, "email"),
    ],
)
def test_bad_confirmation_input_is_422_naming_the_field(
    own: TestClient, body: dict[str, str], field: str
) -> None:
    response = own.post("/auth/register/confirm", json=body)
    assert_problem(response, 422)
    assert {e["field"] for e in response.json()["errors"]} == {field}


def test_an_unconfirmed_sign_up_holds_its_address_only_while_its_code_lives(
    own: TestClient,
) -> None:
    email = _register(own)
    again = {
        "company_name": "Real Owner Ltd",
        "admin_name": "Rita Owner",
        "email": email,
        "password": PASSWORD,
        "language": "es",
    }
    # While the code lives, the address is taken (no one can take over a waiting sign-up).
    assert_problem(own.post("/auth/register", json=again), 409)
    codes = wiring.registration_codes()
    pending, revision = codes.get(email)
    assert pending is not None
    long_ago = utcnow() - verification.CODE_LIFETIME - timedelta(seconds=1)
    codes.save(
        email,
        pending.model_copy(update={"issued_at": long_ago, "expires_at": utcnow()}),
        revision,
    )
    # Once it has expired unconfirmed, the address's owner signs up.
    created = own.post("/auth/register", json=again)
    assert created.status_code == 201, created.text
    assert _confirm(own, email, emailed_code(email)).status_code == 204
    signed_in = _login(own, email)
    assert signed_in.status_code == 200
    me = own.get("/me", headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"})
    assert me.json()["company"]["name"] == "Real Owner Ltd" and me.json()["language"] == "es"


def test_a_confirmed_admin_keeps_the_address_however_old_the_code(own: TestClient) -> None:
    email = _register(own)
    assert _confirm(own, email, emailed_code(email)).status_code == 204
    codes = wiring.registration_codes()
    pending, revision = codes.get(email)
    assert pending is not None
    long_ago = utcnow() - verification.CODE_LIFETIME - timedelta(days=1)
    codes.save(email, pending.model_copy(update={"issued_at": long_ago}), revision)
    body = {
        "company_name": "Takeover",
        "admin_name": "T",
        "email": email,
        "password": PASSWORD,
        "language": "en",
    }
    assert_problem(own.post("/auth/register", json=body), 409)
    assert _login(own, email).status_code == 200
