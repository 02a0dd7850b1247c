"""Personal data at rest (issue 17): a realistic flow through the API writes names and emails of
a member, a candidate and an imported candidate, and a raw Scan of the table (boto3, past the
repositories) finds none of them, in any attribute of any item: profiles, email claims and their
indexes, interviews and their search attribute, the candidate directory, outbox events, saved
idempotent responses, comments, mentions, sign-in attempts. Reads through the API still show
them, and look-ups by email still find them (blind indexes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.privacy import links
from functions.settings import get_settings
from tests.integration.api.conftest import (
    Tenant,
    candidate_headers,
    give_consent,
    published_template,
)
from tests.integration.api.test_candidate import upload_answer
from tests.integration.integrations.support import bearer, create_key

MEMBER = {"name": "Zebulon Quixwright", "email": "Zebulon.Quixwright@pii-probe.example"}
CANDIDATE = {"name": "Xanthippe Vorstadt", "email": "xanthippe.vorstadt@pii-probe.example"}
IMPORTED = {"name": "Wilhelmina Krzyzanowska", "email": "w.krzyzanowska@pii-probe.example"}
GHOST = "nobody.ghostly@pii-probe.example"
# Every string that must not be found in the table, in any case.
SECRETS = [
    "zebulon",
    "quixwright",
    "xanthippe",
    "vorstadt",
    "wilhelmina",
    "krzyzanowska",
    "nobody.ghostly",
    "pii-probe",
]


def _raw_items() -> list[dict[str, Any]]:
    settings = get_settings()
    table = boto3.client(
        "dynamodb", region_name=settings.aws_region, endpoint_url=settings.aws_endpoint_url
    )
    items: list[dict[str, Any]] = []
    for page in table.get_paginator("scan").paginate(TableName=settings.table_name):
        items.extend(page["Items"])
    return items


def _leaks(items: list[dict[str, Any]]) -> list[str]:
    found = []
    for item in items:
        text = json.dumps(item, default=str).lower()
        for secret in SECRETS:
            if secret in text:
                found.append(f"{secret!r} in {item['pk']['S']} / {item['sk']['S']}")
    return found


def _flow(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    created = client.post(
        "/users",
        json={**MEMBER, "role": "hr"},
        headers={**tenant.admin.headers, "Idempotency-Key": "pii-member"},
    )
    assert created.status_code == 201, created.text
    member_id = created.json()["id"]
    template = published_template(client, tenant.hr)
    interview = _invite_once(client, tenant, template["id"])
    give_consent(client, interview)
    session = client.get("/candidate/session", headers=candidate_headers(interview)).json()
    for question in session["questions"]:
        upload_answer(client, interview, question["id"])
    finished = client.post("/candidate/finish", headers=candidate_headers(interview))
    assert finished.status_code == 200, finished.text
    comment = client.post(
        f"/interviews/{interview['id']}/comments",
        json={"text": "@Zebulon please have a look", "mentioned_user_ids": [member_id]},
        headers=tenant.hr.headers,
    )
    assert comment.status_code == 201, comment.text
    key = create_key(client, tenant.admin)
    imported = client.post(
        "/integrations/candidates",
        json={"source": "api", "candidates": [{"external_id": "pii-1", **IMPORTED}]},
        headers=bearer(key),
    )
    assert imported.status_code == 200, imported.text
    refused = client.post("/auth/login", json={"email": GHOST, "password": "Wrong-Password-1"})
    assert refused.status_code in (400, 401), refused.text
    _about_the_candidate(client, tenant, interview, member_id)
    return interview


def _about_the_candidate(
    client: TestClient, tenant: Tenant, interview: dict[str, Any], member_id: str
) -> None:
    """A decision's note, a live interview, the candidate's data request and an export: each
    names the candidate too."""
    decided = client.post(
        f"/interviews/{interview['id']}/decision",
        json={"outcome": "advance", "note": "Xanthippe Vorstadt explained it well"},
        headers=tenant.hr.headers,
    )
    assert decided.status_code == 200, decided.text
    live = {
        "candidate": {**CANDIDATE, "language": "en"},
        "questions": [{"text": "Tell us about you."}],
        "starts_at": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
        "duration_minutes": 30,
        "interviewer_ids": [member_id],
    }
    scheduled = client.post("/interviews/live", json=live, headers=tenant.hr.headers)
    assert scheduled.status_code == 201, scheduled.text
    token = links.sign(
        links.RequestLink(company_id=tenant.company_id, interview_id=interview["id"]),
        wiring.unsubscribe_key(),
    )
    asked = client.post("/candidate/privacy/requests", json={"token": token, "kind": "export"})
    assert asked.status_code == 202, asked.text
    exported = client.post(
        "/candidates/privacy/exports",
        json={"email": CANDIDATE["email"]},
        headers=tenant.admin.headers,
    )
    assert exported.status_code in (200, 201), exported.text


def _invite_once(client: TestClient, tenant: Tenant, template_id: str) -> dict[str, Any]:
    body = {"template_id": template_id, "candidate": {**CANDIDATE, "language": "en"}}
    headers = {**tenant.hr.headers, "Idempotency-Key": "pii-invite"}
    first = client.post("/interviews", json=body, headers=headers)
    again = client.post("/interviews", json=body, headers=headers)  # the saved response
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json()
    return dict(first.json())


@pytest.fixture(scope="module")
def flowed(client: TestClient, make_tenant: Any) -> tuple[Tenant, dict[str, Any]]:
    tenant = make_tenant()
    return tenant, _flow(client, tenant)


def test_the_raw_table_holds_no_name_or_email(flowed: tuple[Tenant, dict[str, Any]]) -> None:
    tenant, _ = flowed
    items = _raw_items()
    mine = [i for i in items if tenant.company_id in json.dumps(i)]
    kinds = {i["kind"]["S"] for i in mine if "kind" in i}
    written = {"user", "email_claim", "interview", "candidate", "outbox", "comment", "notification"}
    written |= {"decision", "live_interview", "privacy_request", "privacy_export"}
    assert written <= kinds, kinds  # the flow wrote every kind it should (the scan read them)
    assert any(i["pk"]["S"].endswith("#IDEMPOTENCY") for i in mine)  # saved responses
    assert any(i["pk"]["S"].startswith("SIGNIN#") for i in items)  # the refused sign-in
    assert _leaks(items) == []


def test_the_api_still_reads_and_finds_them(
    client: TestClient, flowed: tuple[Tenant, dict[str, Any]]
) -> None:
    tenant, interview = flowed
    shown = client.get(f"/interviews/{interview['id']}", headers=tenant.hr.headers).json()
    assert shown["candidate"]["name"] == CANDIDATE["name"]
    assert shown["candidate"]["email"] == CANDIDATE["email"]
    for q in ("vorstadt", "Xanthippe V", CANDIDATE["email"], CANDIDATE["email"].upper()):
        listed = client.get("/interviews", params={"q": q}, headers=tenant.hr.headers).json()
        assert [i["id"] for i in listed["items"]] == [interview["id"]], q
    other = client.get("/interviews", params={"q": "other@pii.example"}, headers=tenant.hr.headers)
    assert other.json()["items"] == []
    members = client.get("/users", headers=tenant.admin.headers).json()
    assert MEMBER["email"].lower() in [m["email"] for m in members["items"]]
    for search in (IMPORTED["email"], "krzyzan"):
        found = client.get("/candidates", params={"search": search}, headers=tenant.hr.headers)
        assert [c["name"] for c in found.json()["items"]] == [IMPORTED["name"]], search
    again = client.post(
        "/users", json={**MEMBER, "role": "interviewer"}, headers=tenant.admin.headers
    )
    assert again.status_code == 409, again.text  # the email is still unique
