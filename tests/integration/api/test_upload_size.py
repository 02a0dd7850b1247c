"""The size a candidate declares for an upload is the size that must be stored (issue 11): the
POST policy lets S3 accept only that size, and a multipart upload (whose parts can add up to
anything) is refused at completion when it differs."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)

MiB = 1024 * 1024


def _invitation(client: TestClient, tenant: Tenant) -> tuple[dict[str, Any], str]:
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    return invitation, session["current_question"]["id"]


def _grant(
    client: TestClient, invitation: dict[str, Any], question_id: str, size: int
) -> dict[str, Any]:
    grant = client.post(
        "/candidate/answers",
        json={"question_id": question_id, "content_type": "video/webm", "size_bytes": size},
        headers=candidate_headers(invitation),
    )
    assert grant.status_code == 201, grant.text
    return dict(grant.json())


def test_the_post_policy_accepts_exactly_the_declared_size(
    client: TestClient, tenant: Tenant
) -> None:
    invitation, qid = _invitation(client, tenant)
    grant = _grant(client, invitation, qid, 1000)
    assert grant["method"] == "POST"
    policy = json.loads(base64.b64decode(grant["fields"]["policy"]))
    assert ["content-length-range", 1000, 1000] in policy["conditions"]
    # moto does not check POST policies (S3 would refuse this): completing it refuses it too.
    other = httpx.post(
        grant["url"], data=grant["fields"], files={"file": ("a.webm", b"x" * 999, "video/webm")}
    )
    assert other.status_code == 204, other.text
    done = client.post(
        f"/candidate/answers/{grant['answer_id']}/complete", headers=candidate_headers(invitation)
    )
    assert_problem(done, 422, detail_contains="999 bytes, not the 1000 bytes that were announced")


def test_a_multipart_upload_of_another_size_than_declared_is_refused_and_may_be_recorded_again(
    client: TestClient, tenant: Tenant
) -> None:
    invitation, qid = _invitation(client, tenant)
    declared = 40 * MiB  # over the multipart threshold: parts, which S3 assembles at any size
    grant = _grant(client, invitation, qid, declared)
    assert grant["method"] == "MULTIPART"
    chunks = [b"\x1aE\xdf\xa3" + b"a" * (5 * MiB), b"only-this-much"]
    parts = []
    for part, chunk in zip(grant["parts"], chunks, strict=False):
        put = httpx.put(part["url"], content=chunk)
        assert put.status_code == 200, put.text
        parts.append({"part_number": part["part_number"], "etag": put.headers["etag"]})
    h = candidate_headers(invitation)
    done = client.post(
        f"/candidate/answers/{grant['answer_id']}/complete", json={"parts": parts}, headers=h
    )
    stored = sum(len(c) for c in chunks)
    assert_problem(done, 422, detail_contains=f"{stored} bytes, not the {declared} bytes")

    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    [answer] = detail["answers"]
    assert answer["status"] == "failed" and "announced" in answer["failure_reason"]
    # A rejected upload does not use up the allowance: the candidate records again.
    session = client.get("/candidate/session", headers=h).json()
    assert session["current_question"]["id"] == qid
    assert _grant(client, invitation, qid, 1000)["attempt"] == 2


def test_when_the_pipeline_judges_a_wrong_size_first_completing_is_refused_all_the_same(
    client: TestClient, tenant: Tenant
) -> None:
    """The S3 event can reach the pipeline's VerifyUpload before the candidate's completion
    arrives: the completion must then hear the same 422, not a 200 with a failed answer."""
    from functions import wiring
    from functions.candidates.use_cases import parse_answer_key
    from functions.domain.errors import UploadRejected
    from functions.media.use_cases import AnswerRef, verify_upload
    from functions.settings import get_settings

    invitation, qid = _invitation(client, tenant)
    declared = 40 * MiB
    grant = _grant(client, invitation, qid, declared)
    put = httpx.put(grant["parts"][0]["url"], content=b"\x1aE\xdf\xa3 too small")
    assert put.status_code == 200, put.text
    h = candidate_headers(invitation)
    # Assemble the parts as S3 would before the completion call reaches the API.
    settings = get_settings()
    found = wiring.interviews().answer(tenant.company_id, invitation["id"], grant["answer_id"])
    assert found is not None
    stored, _ = found
    assert stored.multipart_upload_id is not None
    wiring.recordings().complete_multipart(
        stored.object_key, stored.multipart_upload_id, [(1, put.headers["etag"])]
    )
    company_id, interview_id, answer_id = parse_answer_key(stored.object_key)
    ref = AnswerRef(
        company_id=company_id,
        interview_id=interview_id,
        answer_id=answer_id,
        bucket=settings.uploads_bucket,
        key=stored.object_key,
        correlation_id="pipeline-first",
    )
    try:
        verify_upload(wiring.interviews(), wiring.recordings(), settings, ref)
    except UploadRejected:
        pass
    else:
        raise AssertionError("the pipeline accepted a recording of the wrong size")

    parts = [{"part_number": 1, "etag": put.headers["etag"]}]
    done = client.post(
        f"/candidate/answers/{grant['answer_id']}/complete", json={"parts": parts}, headers=h
    )
    assert_problem(done, 422, detail_contains=f"not the {declared} bytes")
    # Asking again hears the same verdict.
    again = client.post(
        f"/candidate/answers/{grant['answer_id']}/complete", json={"parts": parts}, headers=h
    )
    assert_problem(again, 422, detail_contains=f"not the {declared} bytes")
