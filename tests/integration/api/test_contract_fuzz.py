"""Schemathesis over every operation of the committed contract, against the real app on moto.

Each operation is called with a valid credential of the kind it declares (a signed-in admin, a
company API key with every scope, or a real invitation token), so the generated requests reach
the handlers. No request may end in a server error, and every response must match the
document: its status, its content type and its body.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from functions.api.main import app
from tests.integration.api.conftest import Tenant, invite, published_template

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded so the whole run stays within a few minutes on two cores.
MAX_EXAMPLES = 25


@dataclass
class Fuzzed:
    """Who the generated requests act as, and real ids to put in their paths."""

    credentials: dict[str, dict[str, str]]
    ids: dict[str, str]
    own_sessions: dict[str, str]


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


@pytest.fixture(scope="module")
def fuzzed(client: TestClient, make_tenant: Any) -> Fuzzed:
    tenant: Tenant = make_tenant()
    admin = tenant.admin.headers
    template = published_template(client, tenant.admin)
    staff_side = invite(client, tenant.admin, template["id"])  # cancelled, decided... by the fuzzer
    candidate_side = invite(client, tenant.admin, template["id"])
    candidate = {"Authorization": f"Bearer {candidate_side['token']}"}
    grant = {"question_id": template["questions"][0]["id"], "content_type": "video/webm"}
    answer = _created(client.post("/candidate/answers", json=grant, headers=candidate))
    auth_key = _created(client.post("/integrations/api-keys", json={"name": "fuzz"}, headers=admin))
    other_key = _created(client.post("/integrations/api-keys", json={"name": "x"}, headers=admin))
    api_key = {"Authorization": f"Bearer {auth_key['key']}"}
    person = {"external_id": "c-1", "name": "Pat Person", "email": "pat@example.com"}
    imported = _created(
        client.post("/integrations/candidates", json={"candidates": [person]}, headers=api_key)
    )
    hook = _created(
        client.post(
            "/integrations/hooks",
            json={
                "target_url": "https://93.184.215.14/hooks/1",  # a public address: no DNS here
                "event_types": ["interview.created"],
            },
            headers=api_key,
        )
    )
    anchors = ["1", "2", "3", "4", "5"]
    scorecard = _created(
        client.post(
            "/company/scorecard-templates",
            json={
                "name": "Panel",
                "competencies": [{"name": f"C{n}", "anchors": anchors} for n in range(3)],
            },
            headers=admin,
        )
    )
    comment = _created(
        client.post(f"/interviews/{staff_side['id']}/comments", json={"text": "x"}, headers=admin)
    )
    # A hiring manager's share link (issue 12): its token opens getSharedInterview.
    share = _created(client.post(f"/interviews/{staff_side['id']}/share-links", headers=admin))
    shared = {"Authorization": f"Bearer {share['token']}"}
    # A live interview's candidate link (issue 13): its token opens the live candidate routes.
    starts = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    live = _created(
        client.post(
            "/interviews/live",
            json={
                "candidate": {"name": "Pat Person", "email": "pat@example.com"},
                "questions": [{"text": "Tell us about you."}],
                "starts_at": starts,
                "duration_minutes": 30,
                "interviewer_ids": [tenant.hr.id],
            },
            headers=admin,
        )
    )
    return Fuzzed(
        credentials={
            "HTTPBearer": admin,
            "CandidateToken": candidate,
            "ApiKey": api_key,
            "ShareToken": shared,
            "LiveCandidateToken": {"Authorization": f"Bearer {live['token']}"},
        },
        # logout ends the caller's sessions: it signs out a member the fuzzer acts as nowhere else.
        own_sessions=tenant.interviewer.headers,
        ids={
            "template_id": template["id"],
            "interview_id": staff_side["id"],
            "answer_id": answer["answer_id"],
            "user_id": tenant.hr.id,  # never the admin the fuzzer acts as
            "key_id": other_key["id"],  # never the key it acts with
            "candidate_id": imported["items"][0]["candidate"]["id"],
            "hook_id": hook["id"],
            "comment_id": comment["id"],
            "scorecard_template_id": scorecard["id"],
            "link_id": share["id"],
            "live_interview_id": live["id"],
        },
    )


# The document as the app serves it; the requests go to the suite's app on the embedded AWS.
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def _auth(case: Any, credentials: dict[str, dict[str, str]]) -> dict[str, str]:
    security = case.operation.definition.raw.get("security") or []
    names = [name for requirement in security for name in requirement]
    return credentials[names[0]] if names else {}


def _with_real_ids(case: Any, ids: dict[str, str]) -> None:
    """Half the generated path ids (chosen by a hash of the value, so runs repeat) become
    real ones, so the fuzzer reaches past 404 into the handlers."""
    for name, value in (case.path_parameters or {}).items():
        if name in ids and zlib.crc32(str(value).encode()) % 2 == 0:
            case.path_parameters[name] = ids[name]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_keeps_its_contract(case: Any, client: TestClient, fuzzed: Fuzzed) -> None:
    _with_real_ids(case, fuzzed.ids)
    generated = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    case.headers = generated
    headers = _auth(case, fuzzed.credentials)
    if case.operation.definition.raw.get("operationId") == "logout":
        headers = fuzzed.own_sessions
    case.call_and_validate(headers=headers, checks=CHECKS, app=client.app)
