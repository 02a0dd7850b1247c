"""What the candidate pages need beyond the interview itself: closed-link reasons with the
company's branding, an upload speed check, renewed part URLs, and framing by career pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from functions.api.main import create_app
from functions.local.platform import with_frontend
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)


def _invitation(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    return invite(client, tenant.hr, published_template(client, tenant.hr)["id"])


def test_a_closed_link_says_why_in_the_candidates_language_and_brand(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _invitation(client, tenant)
    client.post(f"/interviews/{invitation['id']}/cancel", headers=tenant.hr.headers)
    closed = client.get("/candidate/session", headers=candidate_headers(invitation))
    assert_problem(closed, 410)
    body = closed.json()
    assert body["reason"] == "cancelled" and body["language"] == "es"
    assert body["company"]["name"].startswith("Acme")
    assert body["company"]["branding"]["primary_color"].startswith("#")


def test_upload_speed_check_reads_the_body(client: TestClient, tenant: Tenant) -> None:
    invitation = _invitation(client, tenant)
    headers = candidate_headers(invitation)
    measured = client.post("/candidate/speedtest", content=b"x" * 1024 * 1024, headers=headers)
    assert measured.status_code == 204
    too_much = client.post(
        "/candidate/speedtest", content=b"x" * (3 * 1024 * 1024), headers=headers
    )
    assert_problem(too_much, 422, detail_contains="at most")
    assert_problem(client.post("/candidate/speedtest", content=b"x"), 401)


def test_unfinished_multipart_uploads_get_fresh_part_urls(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _invitation(client, tenant)
    headers = candidate_headers(invitation)
    session = client.get("/candidate/session", headers=headers).json()
    grant = client.post(
        "/candidate/answers",
        json={"question_id": session["current_question"]["id"], "content_type": "video/webm"},
        headers=headers,
    ).json()
    first = httpx.put(grant["parts"][0]["url"], content=b"a" * (5 * 1024 * 1024))
    renewed = client.post(f"/candidate/answers/{grant['answer_id']}/parts", headers=headers)
    assert renewed.status_code == 200, renewed.text
    body = renewed.json()
    assert body["answer_id"] == grant["answer_id"] and body["method"] == "MULTIPART"
    last = httpx.put(body["parts"][1]["url"], content=b"end")
    parts = [
        {"part_number": 1, "etag": first.headers["etag"]},
        {"part_number": 2, "etag": last.headers["etag"]},
    ]
    done = client.post(
        f"/candidate/answers/{grant['answer_id']}/complete", json={"parts": parts}, headers=headers
    )
    assert done.status_code == 200 and done.json()["size_bytes"] == 5 * 1024 * 1024 + 3
    again = client.post(f"/candidate/answers/{grant['answer_id']}/parts", headers=headers)
    assert_problem(again, 409, detail_contains="not an unfinished multipart")


def test_only_allow_listed_career_pages_may_frame_the_candidate_flow(
    client: TestClient, tenant: Tenant, tmp_path: Path
) -> None:
    bad = client.patch(
        "/company",
        json={"embed_origins": ["http://careers.acme.test/jobs"]},
        headers=tenant.admin.headers,
    )
    assert_problem(bad, 422)
    ok = client.patch(
        "/company",
        json={"embed_origins": ["https://careers.acme.test"]},
        headers=tenant.admin.headers,
    )
    assert ok.status_code == 200 and ok.json()["embed_origins"] == ["https://careers.acme.test"]

    (tmp_path / "index.html").write_text("<!doctype html><title>app</title>")
    web = TestClient(with_frontend(create_app(), tmp_path))
    invitation = _invitation(client, tenant)
    page = web.get(f"/i/{invitation['token']}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == (
        "frame-ancestors 'self' https://careers.acme.test"
    )
    assert "x-frame-options" not in page.headers
    recruiter_page = web.get("/app/interviews", headers={"Accept": "text/html"})
    assert recruiter_page.headers["content-security-policy"] == "frame-ancestors 'self'"
    unknown = web.get("/i/not-a-token", headers={"Accept": "text/html"})
    assert unknown.headers["content-security-policy"] == "frame-ancestors 'self'"


def test_preparation_tips_come_in_the_candidates_language_and_stay(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _invitation(client, tenant)  # a Spanish-speaking candidate
    headers = candidate_headers(invitation)
    first = client.get("/candidate/preparation-tips", headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["language"] == "es" and len(body["tips"]) >= 3
    assert all(isinstance(tip, str) and tip for tip in body["tips"])
    question_texts = [q["text"] for q in published_template(client, tenant.hr)["questions"]]
    assert not any(text in tip for tip in body["tips"] for text in question_texts)
    again = client.get("/candidate/preparation-tips", headers=headers).json()
    assert again == body  # made once, then kept with the invitation
