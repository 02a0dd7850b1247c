"""createAnswerAudioChunk (issue 18 item 2): a presigned POST per audio chunk of the answer
being recorded, bound to its key, type and size, and only while the answer is uploading."""

from __future__ import annotations

import base64
import io
import json
import wave
from typing import Any

import httpx
from fastapi.testclient import TestClient

from functions.domain.audio_chunks import CHUNK_MAX_BYTES, CHUNK_MAX_SECONDS, WAV_HEADER_BYTES
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)
from tests.integration.api.test_candidate import RECORDING, _grant, _session


def _wav(seconds: float) -> bytes:
    data = io.BytesIO()
    with wave.open(data, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(bytes(2 * round(seconds * 16_000)))
    return data.getvalue()


def _answer(client: TestClient, tenant: Tenant) -> tuple[dict[str, Any], dict[str, Any]]:
    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"])
    question = _session(client, invitation)["current_question"]["id"]
    grant = _grant(client, invitation, question, size_bytes=len(RECORDING))
    assert grant.status_code == 201, grant.text
    return invitation, grant.json()


def _chunk(
    client: TestClient, invitation: dict[str, Any], answer_id: str, n: Any, start_ms: Any = 0
) -> httpx.Response:
    return client.post(  # type: ignore[return-value]
        f"/candidate/answers/{answer_id}/chunks/{n}",
        json={"start_ms": start_ms},
        headers=candidate_headers(invitation),
    )


def _post(body: dict[str, Any], data: bytes, content_type: str = "audio/wav") -> httpx.Response:
    return httpx.post(
        body["url"], data=body["fields"], files={"file": ("chunk.wav", data, content_type)}
    )


def test_a_chunk_is_granted_while_recording_and_s3_holds_it_to_its_type_and_size(
    client: TestClient, tenant: Tenant
) -> None:
    invitation, grant = _answer(client, tenant)
    granted = _chunk(client, invitation, grant["answer_id"], 3, 11_500)
    assert granted.status_code == 201, granted.text
    body = granted.json()
    assert body["index"] == 3 and body["content_type"] == "audio/wav"
    assert body["fields"]["key"].endswith(f"{grant['answer_id']}/chunks/0003-11500.wav")
    assert body["max_bytes"] == CHUNK_MAX_BYTES
    assert _post(body, _wav(4.5)).status_code in (200, 204)
    # The signed policy binds the key, the type and the size: S3 refuses the rest (moto does
    # not check policies, so the policy itself is read here).
    policy = json.loads(base64.b64decode(body["fields"]["policy"]))["conditions"]
    assert {"Content-Type": "audio/wav"} in policy
    assert ["content-length-range", WAV_HEADER_BYTES + 2, CHUNK_MAX_BYTES] in policy
    assert {"key": body["fields"]["key"]} in policy
    assert len(_wav(CHUNK_MAX_SECONDS)) <= CHUNK_MAX_BYTES < len(_wav(CHUNK_MAX_SECONDS + 0.1))


def test_bad_chunk_numbers_and_starts_are_problems_naming_the_field(
    client: TestClient, tenant: Tenant
) -> None:
    invitation, grant = _answer(client, tenant)
    answer = grant["answer_id"]
    assert_problem(_chunk(client, invitation, answer, 1000), 422, detail_contains="n must be")
    assert_problem(_chunk(client, invitation, answer, -1), 422, detail_contains="n must be")
    refused = _chunk(client, invitation, answer, 0, -5)
    assert refused.status_code == 422 and "start_ms" in refused.text
    assert_problem(
        _chunk(client, invitation, answer, 0, 99_000_000), 422, detail_contains="start_ms"
    )
    assert _chunk(client, invitation, answer, "x").status_code == 422


def test_chunks_only_for_the_candidates_own_answer_while_it_uploads(
    client: TestClient, tenant: Tenant
) -> None:
    invitation, grant = _answer(client, tenant)
    other, _ = _answer(client, tenant)
    assert_problem(_chunk(client, other, grant["answer_id"], 0), 404)
    stored = httpx.post(
        grant["url"], data=grant["fields"], files={"file": ("a.webm", RECORDING, "video/webm")}
    )
    assert stored.status_code in (200, 204)
    done = client.post(
        f"/candidate/answers/{grant['answer_id']}/complete", headers=candidate_headers(invitation)
    )
    assert done.status_code == 200, done.text
    assert_problem(
        _chunk(client, invitation, grant["answer_id"], 0), 409, detail_contains="being recorded"
    )
