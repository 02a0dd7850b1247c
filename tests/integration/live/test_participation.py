"""Taking part in a live interview through the API: the candidate's session and consent (the
room refuses them without it), each member's private notes, and every participant's own
resumable recording of the call."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import timedelta
from typing import Any

import httpx
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.consent import CONSENT_TEXT_VERSIONS
from functions.domain.retention import add_months
from functions.live import signalling
from functions.live.domain import LiveStatus, object_prefixes
from functions.live.ports import ConnectionGone
from functions.live.retention import purge_due_live_recordings
from functions.live.store import transcript_sk
from functions.live.transcript import TranscriptLine
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem
from tests.integration.live.test_scheduling import _starts, schedule

CONSENT = {
    "text_version": CONSENT_TEXT_VERSIONS[-1],
    "language": "en",
    "recording_and_ai_analysis": True,
}


def candidate_headers(live: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {live['token']}"}


def consent(client: TestClient, live: dict[str, Any], **choices: Any) -> dict[str, Any]:
    response = client.post(
        "/interviews/live/candidate/consent",
        json={**CONSENT, **choices},
        headers=candidate_headers(live),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_the_candidate_session_shows_the_interview_and_consent_is_stored_once(
    client: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant)
    headers = candidate_headers(live)
    session = client.get("/interviews/live/candidate/session", headers=headers)
    assert session.status_code == 200, session.text
    body = session.json()
    assert body["live_interview_id"] == live["id"] and body["consent"] is None
    assert body["candidate_name"] == "Lena Live" and body["ends_at"] == live["ends_at"]
    assert body["signalling_url"] == live["signalling_url"]
    assert_problem(client.get("/interviews/live/candidate/session", headers={
        "Authorization": "Bearer not-a-live-token"}), 401)  # fmt: skip
    refused = client.post(
        "/interviews/live/candidate/consent",
        json={**CONSENT, "recording_and_ai_analysis": False},
        headers=headers,
    )
    assert_problem(refused, 422)
    assert "recording_and_ai_analysis" in refused.json()["detail"]
    unknown = client.post(
        "/interviews/live/candidate/consent",
        json={**CONSENT, "text_version": "1999-01-01"},
        headers=headers,
    )
    assert_problem(unknown, 422)
    first = consent(client, live, human_review_only=True)
    assert consent(client, live, human_review_only=True) == first
    got = client.get(f"/interviews/live/{live['id']}", headers=tenant.hr.headers).json()
    assert got["consent"] == first and got["consent"]["human_review_only"] is True
    assert (
        client.get("/interviews/live/candidate/session", headers=headers).json()["consent"] == first
    )


class _Frames:
    def __init__(self) -> None:
        self.sent: dict[str, list[str]] = {}

    def send(self, connection_id: str, data: str) -> None:
        self.sent.setdefault(connection_id, []).append(data)

    def close(self, connection_id: str) -> None:
        raise ConnectionGone(connection_id)


def test_the_room_refuses_the_candidates_join_until_they_consented(
    client: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    frames = _Frames()
    room = signalling.Room(
        wiring.live_interviews(), wiring.live_connections(), frames, lambda _: []
    )
    now = utcnow()
    identity = signalling.candidate_identity(wiring.live_interviews(), live["token"], now)
    signalling.connect(room, "c-1", identity, now)
    signalling.receive(room, "c-1", '{"type":"join"}', now)
    assert '"code":"consent_required"' in frames.sent["c-1"][-1]
    consent(client, live)
    signalling.receive(room, "c-1", '{"type":"join"}', now)
    assert '"type":"joined"' in frames.sent["c-1"][-1]


def test_notes_are_private_to_the_member_who_wrote_them_and_sealed_in_the_table(
    client: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant)
    url = f"/interviews/live/{live['id']}"
    saved = client.put(
        f"{url}/notes", json={"text": "Strong on caching"}, headers=tenant.interviewer.headers
    )
    assert saved.status_code == 204, saved.text
    assert client.get(url, headers=tenant.interviewer.headers).json()["my_notes"] == (
        "Strong on caching"
    )
    assert client.get(url, headers=tenant.hr.headers).json()["my_notes"] is None
    too_long = client.put(f"{url}/notes", json={"text": "x" * 20001}, headers=tenant.hr.headers)
    assert_problem(too_long, 422)
    assert "text" in too_long.text
    raw = Record._get_connection().get_item(
        company_pk(tenant.company_id), f"LIVENOTE#{live['id']}#{tenant.interviewer.id}"
    )
    assert "Strong on caching" not in str(raw)


def _put_parts(grant: dict[str, Any], chunks: list[bytes]) -> list[dict[str, Any]]:
    parts = []
    for part, chunk in zip(grant["parts"], chunks, strict=False):
        put = httpx.put(part["url"], content=chunk)
        assert put.status_code == 200, put.text
        parts.append({"part_number": part["part_number"], "etag": put.headers["ETag"]})
    return parts


def test_each_participant_records_the_call_resumably_and_the_candidate_only_after_consent(
    client: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    cand = candidate_headers(live)
    body = {"content_type": "video/webm"}
    refused = client.post("/interviews/live/candidate/recordings", json=body, headers=cand)
    assert_problem(refused, 409)
    assert refused.json()["code"] == "consent_required"
    consent(client, live)
    created = client.post("/interviews/live/candidate/recordings", json=body, headers=cand)
    assert created.status_code == 201, created.text
    grant = created.json()
    assert grant["method"] == "MULTIPART" and grant["part_size_bytes"] >= 5 * 1024 * 1024
    first = _put_parts(grant, [b"a" * (5 * 1024 * 1024)])
    rid = grant["recording_id"]
    renewed = client.post(f"/interviews/live/candidate/recordings/{rid}/parts", headers=cand)
    assert renewed.status_code == 200, renewed.text
    rest = _put_parts({"parts": renewed.json()["parts"][1:]}, [b"end"])
    done = client.post(
        f"/interviews/live/candidate/recordings/{rid}/complete",
        json={"parts": first + rest},
        headers=cand,
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "uploaded" and done.json()["role"] == "candidate"
    member = client.post(
        f"/interviews/live/{live['id']}/recordings", json=body, headers=tenant.interviewer.headers
    )
    assert member.status_code == 201, member.text
    # One participant cannot touch another's recording.
    other = client.post(
        f"/interviews/live/{live['id']}/recordings/{rid}/parts", headers=tenant.interviewer.headers
    )
    assert_problem(other, 404)
    got = client.get(f"/interviews/live/{live['id']}", headers=tenant.hr.headers).json()
    recordings = {r["recording_id"]: r for r in got["recordings"]}
    assert recordings[rid]["status"] == "uploaded"
    assert recordings[member.json()["recording_id"]]["participant_id"] == tenant.interviewer.id
    stored = wiring.recordings().head(f"live/{tenant.company_id}/{live['id']}/{rid}.webm")
    assert stored is not None and stored.size_bytes == 5 * 1024 * 1024 + 3
    bad = client.post("/interviews/live/candidate/recordings", json={"content_type": "text/x"},
                      headers=cand)  # fmt: skip
    assert_problem(bad, 422)
    assert "content_type" in bad.json()["detail"]


def _line(live_id: str, seq: int, text: str) -> TranscriptLine:
    start = utcnow()
    return TranscriptLine(
        live_id=live_id, speaker="candidate", role="candidate", seq=seq, text=text,
        start=start, end=start + timedelta(seconds=2),
    )  # fmt: skip


def write_line(company_id: str, line: TranscriptLine) -> None:
    """A confirmed line as the live transcriber stores it (the shape both sides agreed on)."""
    Record(
        company_pk(company_id), transcript_sk(line), kind="live_transcript_line",
        data=line.model_dump(mode="json"),
    ).save()  # fmt: skip


def _recorded_live(client: TestClient, tenant: Tenant, email: str) -> tuple[dict[str, Any], str]:
    candidate = {"name": "Rita Recorded", "email": email}
    live = schedule(client, tenant, candidate=candidate, starts_at=_starts(hours=0.1))
    consent(client, live)
    grant = client.post(
        "/interviews/live/candidate/recordings",
        json={"content_type": "video/webm"},
        headers=candidate_headers(live),
    ).json()
    parts = _put_parts(grant, [b"recording"])
    done = client.post(
        f"/interviews/live/candidate/recordings/{grant['recording_id']}/complete",
        json={"parts": parts},
        headers=candidate_headers(live),
    )
    assert done.status_code == 200, done.text
    url = f"/interviews/live/{live['id']}/notes"
    saved = client.put(url, json={"text": "Calm under pressure"}, headers=tenant.hr.headers)
    assert saved.status_code == 204
    write_line(tenant.company_id, _line(live["id"], 0, "I built a queue."))
    return live, grant["recording_id"]


def test_export_and_erasure_cover_the_recordings_notes_and_transcript(
    client: TestClient, tenant: Tenant
) -> None:
    email = f"rita.{uuid.uuid4().hex[:8]}@example.com"
    live, rid = _recorded_live(client, tenant, email)
    got = client.get(f"/interviews/live/{live['id']}", headers=tenant.hr.headers).json()
    assert [line["text"] for line in got["transcript"]] == ["I built a queue."]
    admin = tenant.admin.headers
    exported = client.post("/candidates/privacy/exports", json={"email": email}, headers=admin)
    assert exported.status_code == 201, exported.text
    archive = zipfile.ZipFile(io.BytesIO(httpx.get(exported.json()["download_url"]).content))
    folder = f"live_interviews/{live['id']}"
    assert archive.read(f"{folder}/recordings/{rid}.webm") == b"recording"
    assert json.loads(archive.read(f"{folder}/notes.json"))[0]["text"] == "Calm under pressure"
    assert json.loads(archive.read(f"{folder}/transcript.json"))[0]["text"] == "I built a queue."
    erased = client.post("/candidates/privacy/erasures", json={"email": email}, headers=admin)
    assert erased.status_code == 200, erased.text
    prefix = object_prefixes(tenant.company_id, live["id"])[0]
    assert wiring.recordings().head(f"{prefix}{rid}.webm") is None
    pk = company_pk(tenant.company_id)
    for left in ("LIVENOTE#", "LIVETX#"):
        assert list(Record.query(pk, Record.sk.startswith(f"{left}{live['id']}#"))) == []


def test_the_retention_purge_deletes_a_live_calls_recordings_once_its_period_ran_out(
    client: TestClient, tenant: Tenant
) -> None:
    live, rid = _recorded_live(client, tenant, f"p.{uuid.uuid4().hex[:8]}@example.com")
    lives = wiring.live_interviews()
    found = lives.get(tenant.company_id, live["id"])
    assert found is not None
    ended = found[0].model_copy(update={"status": LiveStatus.ENDED, "ended_at": utcnow()})
    lives.save(ended, found[1])
    key = f"{object_prefixes(tenant.company_id, live['id'])[0]}{rid}.webm"
    store = wiring.recordings()
    soon = purge_due_live_recordings(lives, wiring.companies(), store, now=utcnow())
    assert store.head(key) is not None and soon.purged == 0
    later = add_months(utcnow(), 24) + timedelta(days=1)
    purged = purge_due_live_recordings(lives, wiring.companies(), store, now=later)
    assert purged.purged >= 1 and store.head(key) is None
    after = lives.get(tenant.company_id, live["id"])
    assert after is not None and after[0].recordings_deleted_at == later
    again = purge_due_live_recordings(lives, wiring.companies(), store, now=later)
    assert live["id"] not in {i for _, i, _ in lives.retention_candidates(later)}
    assert again.failed == 0
