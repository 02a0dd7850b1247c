"""Webhooks end to end on the embedded AWS: the outbox publisher polling the table's stream,
EventBridge -> SQS -> fan-out -> SQS -> deliverer, all as the local platform runs them, and
real HTTP receivers on 127.0.0.1 (loopback allowed here, as `make dev` allows it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.accounts.use_cases import add_user, register_company
from functions.billing.plans import PlanName
from functions.domain.clock import utcnow
from functions.domain.companies import Role
from functions.local.aws import EmbeddedAws
from functions.local.event_sources import LocalEventSources
from functions.local.provision import local_settings_env, provision
from functions.resources import ANSWER_UPLOADED_RULE
from functions.settings import get_settings
from tests.fixtures.polling import eventually
from tests.fixtures.webhook_receiver import Receiver, receiving

PASSWORD = "Correct-Horse-42!"
QUESTIONS = [{"text": "Tell us about a project you are proud of.", "time_limit_seconds": 120}]


@pytest.fixture(scope="session")
def platform() -> Iterator[EmbeddedAws]:
    saved = dict(os.environ)
    with EmbeddedAws(port=0, reset=True) as aws:
        os.environ.update(
            {
                "APP_STAGE": "local",
                "APP_AWS_ENDPOINT_URL": aws.endpoint_url,
                "APP_WEBHOOKS_ALLOW_LOOPBACK": "true",
                # The schedule's shape with seconds instead of hours, so a test sees it all.
                "APP_WEBHOOK_RETRY_DELAYS": "[0, 0.3, 0.6, 1]",
                "APP_WEBHOOK_TIMEOUT_SECONDS": "2",
                "APP_WEBHOOK_DEAD_LETTER_REPLAY_DELAY_SECONDS": "0",
            }
        )
        wiring.reset()
        resources = provision(get_settings())
        os.environ.update(local_settings_env(resources, aws.endpoint_url))
        wiring.reset()
        import boto3

        boto3.client("events", endpoint_url=aws.endpoint_url).disable_rule(
            Name=ANSWER_UPLOADED_RULE.name("local"), EventBusName="default"
        )
        sources = LocalEventSources(get_settings()).start()
        yield aws
        sources.stop()
    os.environ.clear()
    os.environ.update(saved)
    wiring.reset()


@pytest.fixture(scope="session")
def client(platform: EmbeddedAws) -> TestClient:
    from functions.api.main import create_app

    return TestClient(create_app(), raise_server_exceptions=False)


@dataclass
class Company:
    id: str
    headers: dict[str, str]  # the recruiter (hr)
    user_id: str
    admin_headers: dict[str, str]


@pytest.fixture
def company(client: TestClient) -> Company:
    import secrets

    suffix = secrets.token_hex(4)
    created, _ = register_company(
        wiring.companies(),
        wiring.users(),
        wiring.identity(),
        wiring.billing(),
        company_name=f"Hooks {suffix}",
        admin_email=f"admin-{suffix}@hooks.test",
        admin_name="Ada Admin",
        admin_password=PASSWORD,
        now=utcnow(),
        plan=PlanName.PRO,
    )
    hr = add_user(
        wiring.users(),
        wiring.identity(),
        company_id=created.id,
        email=f"hr-{suffix}@hooks.test",
        name="Hal HR",
        role=Role.HR,
        password=PASSWORD,
        now=utcnow(),
    )
    return Company(
        created.id,
        _sign_in(client, hr.email),
        hr.id,
        _sign_in(client, f"admin-{suffix}@hooks.test"),
    )


def _sign_in(client: TestClient, email: str) -> dict[str, str]:
    login = client.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


@pytest.fixture
def receiver() -> Iterator[Callable[[], Receiver]]:
    with ExitStack() as running:

        def start() -> Receiver:
            return running.enter_context(receiving())

        yield start


def wait_for(condition: Callable[[], Any], timeout: float = 20.0) -> Any:
    return eventually(condition, "the webhook condition", timeout, interval=0.05)


def publish_template(client: TestClient, company: Company, correlation: str = "") -> str:
    created = client.post(
        "/templates", json={"name": "Backend", "questions": QUESTIONS}, headers=company.headers
    )
    assert created.status_code == 201, created.text
    headers = (
        {**company.headers, "X-Correlation-Id": correlation} if correlation else company.headers
    )
    published = client.post(f"/templates/{created.json()['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    return str(created.json()["id"])
