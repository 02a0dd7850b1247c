"""The API against the embedded AWS (moto server in this process, resources from the catalog).

One platform per test session; tests stay apart the way tenants do: each makes its own company.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.accounts.use_cases import add_user, register_company
from functions.billing.plans import PlanName
from functions.domain.clock import utcnow
from functions.domain.companies import Role
from functions.domain.consent import CONSENT_TEXT_VERSIONS
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources, local_settings_env, provision
from functions.resources import ANSWER_UPLOADED_RULE
from functions.settings import get_settings

PASSWORD = "Correct-Horse-42!"


@pytest.fixture(scope="session")
def platform() -> Iterator[tuple[EmbeddedAws, LocalResources]]:
    saved = dict(os.environ)
    with EmbeddedAws(port=0, reset=True) as aws:
        os.environ.update({"APP_STAGE": "local", "APP_AWS_ENDPOINT_URL": aws.endpoint_url})
        wiring.reset()
        resources = provision(get_settings())
        os.environ.update(local_settings_env(resources, aws.endpoint_url))
        wiring.reset()
        yield aws, resources
    os.environ.clear()
    os.environ.update(saved)
    wiring.reset()


@pytest.fixture(scope="session", autouse=True)
def _answer_pipeline_off(platform: tuple[EmbeddedAws, LocalResources]) -> Iterator[None]:
    """The API suite tests the API: its uploads are placeholder bytes, which the media pipeline
    would (rightly) fail. Its S3 trigger is off here; `completeAnswerUpload` confirms uploads on
    its own. tests/integration/pipeline runs the pipeline on real media."""
    aws, _ = platform
    events = boto3.client("events", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    rule = ANSWER_UPLOADED_RULE.name("local")
    events.disable_rule(Name=rule, EventBusName="default")
    yield
    events.enable_rule(Name=rule, EventBusName="default")


@pytest.fixture(scope="session")
def client(platform: tuple[EmbeddedAws, LocalResources]) -> TestClient:
    from functions.api.main import create_app

    return TestClient(create_app(), raise_server_exceptions=False)


@dataclass
class Member:
    id: str
    email: str
    role: Role
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Tenant:
    company_id: str
    admin: Member
    hr: Member
    interviewer: Member


def _login(client: TestClient, email: str) -> str:
    response = client.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture(scope="session")
def make_tenant(client: TestClient) -> Callable[..., Tenant]:
    def make(plan: PlanName = PlanName.PRO) -> Tenant:
        """A company with an admin, a recruiter and an interviewer, on Pro unless asked
        (the suites test their features, not the Free plan's three interviews a month)."""
        suffix = secrets.token_hex(4)
        now = utcnow()
        company, admin = register_company(
            wiring.companies(),
            wiring.users(),
            wiring.identity(),
            wiring.billing(),
            company_name=f"Acme {suffix}",
            admin_email=f"admin-{suffix}@acme.test",
            admin_name="Ada Admin",
            admin_password=PASSWORD,
            now=now,
            plan=plan,
        )
        members = {Role.ADMIN: admin}
        for role in (Role.HR, Role.INTERVIEWER):
            members[role] = add_user(
                wiring.users(),
                wiring.identity(),
                company_id=company.id,
                email=f"{role.value}-{suffix}@acme.test",
                name=f"{role.value.title()} Person",
                role=role,
                password=PASSWORD,
                now=now,
            )
        signed_in = {
            role: Member(user.id, user.email, role, _login(client, user.email))
            for role, user in members.items()
        }
        return Tenant(
            company.id, signed_in[Role.ADMIN], signed_in[Role.HR], signed_in[Role.INTERVIEWER]
        )

    return make


@pytest.fixture
def tenant(make_tenant: Callable[..., Tenant]) -> Tenant:
    return make_tenant()


@pytest.fixture(scope="session")
def other_tenant(make_tenant: Callable[..., Tenant]) -> Tenant:
    return make_tenant()


QUESTIONS = [
    {"text": "Tell us about a project you are proud of.", "time_limit_seconds": 120, "retakes": 1},
    {"text": "How do you handle disagreement in a team?", "think_time_seconds": 20},
    {"text": "Why this role?", "time_limit_seconds": 60, "retakes": 0},
]


def create_template(client: TestClient, member: Member, **overrides: Any) -> dict[str, Any]:
    body = {"name": "Backend engineer", "description": "Screening", "questions": QUESTIONS}
    body.update(overrides)
    response = client.post("/templates", json=body, headers=member.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def published_template(client: TestClient, member: Member, **overrides: Any) -> dict[str, Any]:
    template = create_template(client, member, **overrides)
    response = client.post(f"/templates/{template['id']}/publish", headers=member.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def invite(
    client: TestClient,
    member: Member,
    template_id: str,
    *,
    consent: bool = True,
    **overrides: Any,
) -> dict[str, Any]:
    """An invitation whose candidate has consented to recording and AI analysis (as the
    welcome page has them do before any recording), unless `consent=False`."""
    body: dict[str, Any] = {
        "template_id": template_id,
        "candidate": {"name": "Carla Candidate", "email": "carla@example.com", "language": "es"},
    }
    body.update(overrides)
    response = client.post("/interviews", json=body, headers=member.headers)
    assert response.status_code == 201, response.text
    invitation = dict(response.json())
    if consent:
        give_consent(client, invitation)
    return invitation


CONSENT_TEXT_VERSION = CONSENT_TEXT_VERSIONS[-1]


def give_consent(
    client: TestClient, invitation: dict[str, Any], *, human_review_only: bool = False
) -> dict[str, Any]:
    """The candidate consents on the welcome page (giveConsent)."""
    response = client.post(
        "/candidate/consent",
        json={
            "text_version": CONSENT_TEXT_VERSION,
            "language": invitation["candidate"]["language"],
            "recording_and_ai_analysis": True,
            "human_review_only": human_review_only,
        },
        headers=candidate_headers(invitation),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def candidate_headers(invitation: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {invitation['token']}"}


def assert_problem(response: Any, status: int, *, detail_contains: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("/problems/")
    if detail_contains:
        assert detail_contains.lower() in body["detail"].lower(), body["detail"]
