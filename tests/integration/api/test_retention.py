"""Issue 17, retention: a company's recordings are deleted (every stored version, and the media
made from them) once its retention period after the decision has run out, and not before; the
recruiter sees when; a shorter period reaches existing recordings; nothing is deleted twice.

The retention clock is moved by dating this test's own decisions back (the purge runs at the real
now), so the other tests' interviews sharing the embedded AWS are never due."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.retention import add_months
from functions.recordings.retention import purge_due_recordings, recording_prefixes
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)
from tests.integration.api.test_candidate import upload_answer


def _decided_interview(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    """An interview whose every answer is uploaded (with derived media beside it), finished and
    decided; its recording also has an older version, as a re-upload leaves in the bucket."""
    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"])
    h = candidate_headers(invitation)
    questions = client.get("/candidate/session", headers=h).json()["questions"]
    answers = [upload_answer(client, invitation, q["id"]) for q in questions]
    assert client.post("/candidate/finish", headers=h).status_code == 200
    decided = client.post(
        f"/interviews/{invitation['id']}/decision",
        json={"outcome": "reject"},
        headers=tenant.hr.headers,
    )
    assert decided.status_code == 200, decided.text
    s3, bucket = wiring.s3(), wiring.get_settings().uploads_bucket
    for answer in answers:
        prefix = f"media/{tenant.company_id}/{invitation['id']}/{answer['answer_id']}/"
        s3.put_object(Bucket=bucket, Key=prefix + "video.mp4", Body=b"mp4")
        s3.put_object(Bucket=bucket, Key=prefix + "captions.vtt", Body=b"WEBVTT")
    repo = wiring.interviews()
    (first, _), *_ = repo.answers(tenant.company_id, invitation["id"])
    s3.put_object(Bucket=bucket, Key=first.object_key, Body=b"a second version of the recording")
    return invitation


def _date_decision_back(company_id: str, interview_id: str, decided_at: datetime) -> None:
    repo = wiring.interviews()
    interview, revision = repo.get(company_id, interview_id) or (None, 0)
    assert interview is not None and interview.decision is not None
    decision = interview.decision.model_copy(update={"decided_at": decided_at})
    repo.save(interview.model_copy(update={"decision": decision}), revision)


def _stored(company_id: str, interview_id: str) -> list[str]:
    """Every version and delete marker left under the interview's prefixes."""
    s3, bucket = wiring.s3(), wiring.get_settings().uploads_bucket
    left = []
    for prefix in recording_prefixes(company_id, interview_id):
        listed = s3.list_object_versions(Bucket=bucket, Prefix=prefix)
        left += [v["Key"] for v in [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]]
    return left


def _purge(now: datetime) -> Any:
    return purge_due_recordings(
        wiring.interviews(), wiring.companies(), wiring.recordings(), now=now
    )


def test_recordings_are_deleted_when_the_retention_period_after_the_decision_runs_out(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _decided_interview(client, tenant)
    iid = invitation["id"]
    detail = client.get(f"/interviews/{iid}", headers=tenant.hr.headers).json()
    decided_at = datetime.fromisoformat(detail["decision"]["decided_at"])
    # The recruiter sees when: 12 months (the default) after the decision.
    assert datetime.fromisoformat(detail["recordings_delete_on"]) == add_months(decided_at, 12)
    assert detail["recordings_deleted_at"] is None
    stored = _stored(tenant.company_id, iid)
    assert len(stored) == 3 * 3 + 1  # per answer: recording, video, captions; one old version

    now = utcnow()
    # A day short of the period: nothing goes.
    _date_decision_back(tenant.company_id, iid, add_months(now, -12) + timedelta(days=1))
    _purge(now)
    assert sorted(_stored(tenant.company_id, iid)) == sorted(stored)

    _date_decision_back(tenant.company_id, iid, add_months(now, -12) - timedelta(days=1))
    first = _purge(now)
    assert first.purged >= 1 and first.objects_deleted >= len(stored)
    assert _stored(tenant.company_id, iid) == []

    after = client.get(f"/interviews/{iid}", headers=tenant.hr.headers).json()
    assert after["recordings_deleted_at"] is not None and after["recordings_delete_on"] is None
    for answer in after["answers"]:  # transcript text and scores stay; no link to deleted media
        assert all(url is None for url in answer["media"].values()), answer["media"]
    assert after["decision"]["outcome"] == "reject"
    answer_id = after["answers"][0]["id"]
    assert_problem(
        client.post(f"/interviews/{iid}/answers/{answer_id}/reprocess", headers=tenant.hr.headers),
        410,
        detail_contains="retention",
    )
    # Purged interviews leave the index: the next run finds nothing of this one to do.
    again = _purge(now)
    assert again.failed == 0
    assert (tenant.company_id, iid) not in {
        (c, i) for c, i, _ in wiring.interviews().retention_candidates(now)
    }


def test_a_shorter_retention_period_reaches_existing_recordings(
    client: TestClient, make_tenant: Any, tenant: Tenant
) -> None:
    short = make_tenant()
    kept = _decided_interview(client, tenant)  # the default 12 months
    shortened = _decided_interview(client, short)
    now = utcnow()
    forty_days_ago = now - timedelta(days=40)
    _date_decision_back(tenant.company_id, kept["id"], forty_days_ago)
    _date_decision_back(short.company_id, shortened["id"], forty_days_ago)

    bad = client.patch(
        "/company", json={"recording_retention_months": 0}, headers=short.admin.headers
    )
    assert_problem(bad, 422, detail_contains="recording_retention_months")
    assert_problem(
        client.patch("/company", json={"recording_retention_months": 1}, headers=short.hr.headers),
        403,
    )
    changed = client.patch(
        "/company", json={"recording_retention_months": 1}, headers=short.admin.headers
    )
    assert changed.status_code == 200 and changed.json()["recording_retention_months"] == 1
    detail = client.get(f"/interviews/{shortened['id']}", headers=short.hr.headers).json()
    assert datetime.fromisoformat(detail["recordings_delete_on"]) == add_months(forty_days_ago, 1)

    _purge(now)
    assert _stored(short.company_id, shortened["id"]) == []
    assert len(_stored(tenant.company_id, kept["id"])) == 10  # 40 days of its 12 months
