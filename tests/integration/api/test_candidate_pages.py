"""What the candidate pages need beyond the interview itself: closed-link reasons with the
company's branding, an upload speed check, renewed part URLs, and the page itself (/i/<token>),
which only its company's career pages may frame."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.api.main import create_app
from functions.local.aws import EmbeddedAws
from functions.local.platform import with_frontend
from functions.local.provision import LocalResources
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


SHELL = "<!doctype html><title>app</title><div id=root></div>"
BASE_CSP = "default-src 'self'; script-src 'self'; connect-src 'self' https://uploads.test"


Configure = Callable[..., None]


@pytest.fixture
def configure() -> Iterator[Configure]:
    """Sets the candidate page's APP_ variables (as CDK or `make dev` would); the base CSP at
    once. Forgets them afterwards."""
    names: set[str] = set()

    def set_env(**values: str) -> None:
        for name, value in values.items():
            os.environ[f"APP_{name.upper()}"] = value
            names.add(f"APP_{name.upper()}")
        wiring.reset()

    set_env(candidate_page_csp=BASE_CSP)
    yield set_env
    for name in names:
        del os.environ[name]
    wiring.reset()


@pytest.fixture
def site_dir(configure: Configure, tmp_path: Path) -> Path:
    """A built web app in a folder (the local adapter)."""
    (tmp_path / "index.html").write_text(SHELL)
    configure(site_dir=str(tmp_path))
    return tmp_path


def _csp(*origins: str) -> str:
    return "; ".join([BASE_CSP, " ".join(["frame-ancestors 'self'", *origins])])


def _page(client: TestClient, path: str) -> httpx.Response:
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"  # it varies by link
    assert "x-frame-options" not in page.headers  # the CSP says who may frame it
    return page


@pytest.mark.usefixtures("site_dir")
def test_only_allow_listed_career_pages_may_frame_the_candidate_flow(
    client: TestClient, tenant: Tenant, make_tenant: Callable[[], Tenant]
) -> None:
    bad = client.patch(
        "/company",
        json={"embed_origins": ["http://careers.acme.test/jobs"]},
        headers=tenant.admin.headers,
    )
    assert_problem(bad, 422)
    ok = client.patch(
        "/company",
        json={"embed_origins": ["https://careers.acme.test", "https://jobs.acme.test:8443"]},
        headers=tenant.admin.headers,
    )
    assert ok.status_code == 200, ok.text
    origins = ("https://careers.acme.test", "https://jobs.acme.test:8443")
    invitation = _invitation(client, tenant)
    page = _page(client, f"/i/{invitation['token']}")
    assert page.text == SHELL
    assert page.headers["content-security-policy"] == _csp(*origins)
    # Below the link and with the embed flag: still that link's page.
    for path in (f"/i/{invitation['token']}/", f"/i/{invitation['token']}?embed=1"):
        assert _page(client, path).headers["content-security-policy"] == _csp(*origins)
    # A closed link is still its company's page: the app shows why, in the company's brand.
    client.post(f"/interviews/{invitation['id']}/cancel", headers=tenant.hr.headers)
    closed = _page(client, f"/i/{invitation['token']}")
    assert closed.headers["content-security-policy"] == _csp(*origins)

    other = make_tenant()
    elsewhere = _invitation(client, other)
    assert _page(client, f"/i/{elsewhere['token']}").headers["content-security-policy"] == _csp()


@pytest.mark.usefixtures("site_dir")
def test_any_link_gets_the_page_but_an_unknown_one_only_frames_itself(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The app itself tells a candidate that a link is not valid; the page never does."""
    for path in ("/i/not-a-token", "/i/", "/i/not-a-token/more"):
        page = _page(client, path)
        assert page.text == SHELL
        assert page.headers["content-security-policy"] == _csp()
    # A token is a credential: the request log leaves it out.
    logged = [vars(r) for r in caplog.records if r.getMessage() == "request"]
    assert [r["path"] for r in logged] == ["/i/{token}"] * 3
    assert "not-a-token" not in repr(logged)


@pytest.mark.usefixtures("site_dir")
def test_a_link_checker_s_head_request_gets_the_page_headers(client: TestClient) -> None:
    probed = client.head("/i/not-a-token")
    assert probed.status_code == 200 and probed.content == b""
    assert probed.headers["content-security-policy"] == _csp()


def test_without_a_built_app_the_page_is_a_problem(
    client: TestClient, configure: Configure, tmp_path: Path
) -> None:
    assert_problem(client.get("/i/some-token"), 404, detail_contains="run `make frontend`")
    configure(site_dir=str(tmp_path / "not-built"))
    assert_problem(client.get("/i/some-token"), 404, detail_contains="make frontend")


def test_in_the_cloud_the_page_is_the_site_bucket_s_index(
    client: TestClient,
    tenant: Tenant,
    configure: Configure,
    platform: tuple[EmbeddedAws, LocalResources],
) -> None:
    aws, _ = platform
    s3 = boto3.client("s3", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    bucket = f"interviews-local-web-{secrets.token_hex(4)}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    configure(site_bucket=bucket)
    try:
        assert_problem(client.get("/i/some-token"), 404, detail_contains="make frontend")
        wiring.reset()  # the shell is cached for minutes, its absence too
        s3.put_object(Bucket=bucket, Key="index.html", Body=SHELL.encode(), ContentType="text/html")
        client.patch(
            "/company",
            json={"embed_origins": ["https://careers.acme.test"]},
            headers=tenant.admin.headers,
        )
        invitation = _invitation(client, tenant)
        page = _page(client, f"/i/{invitation['token']}")
        assert page.text == SHELL
        assert page.headers["content-security-policy"] == _csp("https://careers.acme.test")
        s3.put_object(Bucket=bucket, Key="index.html", Body=b"<!doctype html><p>new build")
        assert _page(client, "/i/x").text == SHELL  # from the cache until it expires
    finally:
        s3.delete_object(Bucket=bucket, Key="index.html")
        s3.delete_bucket(Bucket=bucket)


def test_make_dev_serves_candidate_pages_through_the_api_and_other_pages_unframed(
    client: TestClient, tenant: Tenant, site_dir: Path
) -> None:
    client.patch(
        "/company",
        json={"embed_origins": ["https://careers.acme.test"]},
        headers=tenant.admin.headers,
    )
    web = TestClient(with_frontend(create_app(), site_dir))
    invitation = _invitation(client, tenant)
    page = _page(web, f"/i/{invitation['token']}")
    assert page.headers["content-security-policy"] == _csp("https://careers.acme.test")
    recruiter_page = web.get("/app/interviews", headers={"Accept": "text/html"})
    assert recruiter_page.status_code == 200 and recruiter_page.text == SHELL
    assert recruiter_page.headers["content-security-policy"] == "frame-ancestors 'self'"


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
