from __future__ import annotations

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

RECORDING = b"\x1aE\xdf\xa3" + b"webm-bytes" * 100  # the pipeline's first step checks bytes only


def _start(client: TestClient, tenant: Tenant, **template: Any) -> dict[str, Any]:
    published = published_template(client, tenant.hr, **template)
    return invite(client, tenant.hr, published["id"])


def _session(client: TestClient, invitation: dict[str, Any]) -> dict[str, Any]:
    response = client.get("/candidate/session", headers=candidate_headers(invitation))
    assert response.status_code == 200, response.text
    return dict(response.json())


def _grant(
    client: TestClient, invitation: dict[str, Any], question_id: str, **extra: Any
) -> httpx.Response:
    body = {"question_id": question_id, "content_type": "video/webm", **extra}
    return client.post("/candidate/answers", json=body, headers=candidate_headers(invitation))


def upload_answer(
    client: TestClient, invitation: dict[str, Any], question_id: str, data: bytes = RECORDING
) -> dict[str, Any]:
    grant = _grant(client, invitation, question_id, size_bytes=len(data))
    assert grant.status_code == 201, grant.text
    body = grant.json()
    assert body["method"] == "POST"
    stored = httpx.post(
        body["url"], data=body["fields"], files={"file": ("answer.webm", data, "video/webm")}
    )
    assert stored.status_code in (200, 204), stored.text
    done = client.post(
        f"/candidate/answers/{body['answer_id']}/complete", headers=candidate_headers(invitation)
    )
    assert done.status_code == 200, done.text
    return dict(done.json())


def test_session_shows_one_question_at_a_time(client: TestClient, tenant: Tenant) -> None:
    invitation = _start(client, tenant)
    session = _session(client, invitation)
    assert session["company"]["name"].startswith("Acme")
    assert session["company"]["branding"]["primary_color"].startswith("#")
    assert session["candidate_name"] == "Carla Candidate" and session["language"] == "es"
    current = session["current_question"]
    assert current["index"] == 0 and current["label"] == "Question 1 of 3"
    assert current["text"].startswith("Tell us") and current["attempts_left"] == 2
    assert all("text" not in q for q in session["questions"])
    assert session["progress"]["answered"] == 0 and session["status"] == "pending"


def test_candidate_auth_is_the_link_token(client: TestClient, tenant: Tenant) -> None:
    assert_problem(client.get("/candidate/session"), 401, detail_contains="invitation link")
    bad = client.get("/candidate/session", headers={"Authorization": "Bearer not-a-token"})
    assert_problem(bad, 401, detail_contains="not valid")
    # A recruiter's access token is not a candidate token.
    assert_problem(client.get("/candidate/session", headers=tenant.hr.headers), 401)


def test_single_post_upload_is_stored_and_visible_to_the_recruiter(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _start(client, tenant)
    first = _session(client, invitation)["current_question"]["id"]
    answer = upload_answer(client, invitation, first)
    assert answer["status"] == "uploaded" and answer["size_bytes"] == len(RECORDING)
    session = _session(client, invitation)
    assert session["status"] == "in_progress"
    assert session["progress"]["answered"] == 1
    assert session["current_question"]["label"] == "Question 2 of 3"

    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    assert detail["status"] == "in_progress"
    [stored] = detail["answers"]
    assert stored["status"] == "uploaded" and stored["question_id"] == first
    media = httpx.get(stored["media"]["original_url"])
    assert media.status_code == 200 and media.content == RECORDING


def test_multipart_upload_with_part_urls(client: TestClient, tenant: Tenant) -> None:
    invitation = _start(client, tenant)
    qid = _session(client, invitation)["current_question"]["id"]
    grant = _grant(client, invitation, qid)  # size unknown: streaming while recording
    assert grant.status_code == 201, grant.text
    body = grant.json()
    assert body["method"] == "MULTIPART" and body["url"] is None
    assert body["part_size_bytes"] == 16 * 1024 * 1024 and len(body["parts"]) == 64
    chunks = [b"a" * (5 * 1024 * 1024), b"tail-of-the-recording"]
    etags = []
    for part, chunk in zip(body["parts"], chunks, strict=False):
        put = httpx.put(part["url"], content=chunk)
        assert put.status_code == 200, put.text
        etags.append({"part_number": part["part_number"], "etag": put.headers["etag"]})
    h = candidate_headers(invitation)
    missing = client.post(f"/candidate/answers/{body['answer_id']}/complete", headers=h)
    assert_problem(missing, 422, detail_contains="parts is required")
    done = client.post(
        f"/candidate/answers/{body['answer_id']}/complete", json={"parts": etags}, headers=h
    )
    assert done.status_code == 200, done.text
    assert done.json()["size_bytes"] == sum(len(c) for c in chunks)
    again = client.post(
        f"/candidate/answers/{body['answer_id']}/complete", json={"parts": etags}, headers=h
    )
    assert again.json()["status"] == "uploaded"  # completing twice has one effect


def test_upload_refusals(client: TestClient, tenant: Tenant) -> None:
    invitation = _start(client, tenant)
    session = _session(client, invitation)
    first, second = session["questions"][0]["id"], session["questions"][1]["id"]
    r = _grant(client, invitation, first, content_type="application/pdf")
    assert_problem(r, 422, detail_contains="video/webm")
    r = _grant(client, invitation, first, size_bytes=10 * 1024**3)
    assert_problem(r, 422, detail_contains="over the limit")
    r = _grant(client, invitation, second)
    assert_problem(r, 409, detail_contains="in order")
    r = _grant(client, invitation, "no-such-question")
    assert_problem(r, 404)
    r = client.post("/candidate/answers", json={}, headers=candidate_headers(invitation))
    assert_problem(r, 422)
    nothing = _grant(client, invitation, first, size_bytes=100).json()
    r = client.post(
        f"/candidate/answers/{nothing['answer_id']}/complete",
        headers=candidate_headers(invitation),
    )
    assert_problem(r, 422, detail_contains="no recording has arrived")
    r = client.post("/candidate/answers/nope/complete", headers=candidate_headers(invitation))
    assert_problem(r, 404)


def test_retakes_within_the_allowance_and_in_order(client: TestClient, tenant: Tenant) -> None:
    invitation = _start(client, tenant)
    q = [s["id"] for s in _session(client, invitation)["questions"]]
    upload_answer(client, invitation, q[0])
    retake = upload_answer(client, invitation, q[0])  # retakes=1: a second recording is allowed
    assert retake["attempt"] == 2
    assert_problem(_grant(client, invitation, q[0], size_bytes=10), 409, detail_contains="used")
    upload_answer(client, invitation, q[1])
    # Once question 2 is started, question 1 can no longer be retaken.
    assert_problem(_grant(client, invitation, q[0], size_bytes=10), 409)


def test_finish_needs_every_answer_then_closes_the_link(client: TestClient, tenant: Tenant) -> None:
    invitation = _start(client, tenant)
    h = candidate_headers(invitation)
    q = [s["id"] for s in _session(client, invitation)["questions"]]
    upload_answer(client, invitation, q[0])
    early = client.post("/candidate/finish", headers=h)
    assert_problem(early, 409, detail_contains="questions 2, 3")
    for qid in q[1:]:
        upload_answer(client, invitation, qid)
    assert _session(client, invitation)["current_question"] is None
    finished = client.post("/candidate/finish", headers=h)
    assert finished.status_code == 200 and finished.json()["status"] == "completed"
    assert client.post("/candidate/finish", headers=h).json()["status"] == "completed"
    assert_problem(client.get("/candidate/session", headers=h), 410, detail_contains="finished")
    assert_problem(_grant(client, invitation, q[0], size_bytes=10), 410)

    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    assert detail["status"] == "completed" and detail["progress"]["answered"] == 3
    decided = client.post(
        f"/interviews/{invitation['id']}/decision",
        json={"outcome": "advance", "note": "Clear and specific answers"},
        headers=tenant.hr.headers,
    )
    assert decided.status_code == 200, decided.text
    decision = decided.json()["decision"]
    assert decision["outcome"] == "advance" and decision["decided_by"] == tenant.hr.id


def test_finish_that_loses_a_race_with_the_pipeline_still_completes(
    client: TestClient, tenant: Tenant, monkeypatch: Any
) -> None:
    """The pipeline claims the analysis on the interview item when the last answer is scored,
    which can land between the candidate's read and the finish's write: the candidate must see
    their interview sent, never a 409 (a CI run of the e2e suite met exactly this)."""
    from functions import wiring
    from functions.storage.repositories import InterviewRepository

    invitation = _start(client, tenant)
    for question in _session(client, invitation)["questions"]:
        upload_answer(client, invitation, question["id"])

    repo = wiring.interviews()
    real_save = InterviewRepository.save
    raced: list[bool] = []

    def pipeline_writes_first(
        self: InterviewRepository, interview: Any, revision: int, **kw: Any
    ) -> Any:
        if not raced:
            raced.append(True)
            current, current_revision = repo.get(interview.company_id, interview.id) or (None, 0)
            assert current is not None
            claimed = current.model_copy(update={"analysis_version": current.analysis_version + 1})
            real_save(self, claimed, current_revision)
        return real_save(self, interview, revision, **kw)

    monkeypatch.setattr(InterviewRepository, "save", pipeline_writes_first)
    finished = client.post("/candidate/finish", headers=candidate_headers(invitation))
    assert finished.status_code == 200, finished.text
    assert finished.json()["status"] == "completed" and raced == [True]
    monkeypatch.undo()
    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    assert detail["status"] == "completed"
