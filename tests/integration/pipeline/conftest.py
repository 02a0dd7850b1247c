"""The answer pipeline end to end on the embedded AWS: real ASL (moto's interpreter), the
in-process Lambda runtime, real FFmpeg and the real offline Whisper model, on media generated
here. Its own process (moto's state is process-wide): run this folder as its own pytest run."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.local.aws import EmbeddedAws
from tests.fixtures import media
from tests.fixtures.groq_replay import ReplayServer, load
from tests.integration.api import conftest as api
from tests.integration.api.conftest import Tenant, candidate_headers

# The API suite's fixtures: one embedded AWS per session, tenants as in the API tests (the
# pipeline's S3 trigger stays on here: api's `_answer_pipeline_off` is not taken over).
platform = api.platform
client = api.client
make_tenant = api.make_tenant
tenant = api.tenant


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def speech(media_dir: Path) -> dict[str, Path]:
    return {lang: media.speech_wav(lang, media_dir) for lang in media.SPEECH}


@pytest.fixture(scope="session")
def english_webm(media_dir: Path, speech: dict[str, Path]) -> Path:
    return media.browser_webm(speech["en"], media_dir / "answer-en.webm")


def sfn_client(aws: EmbeddedAws) -> Any:
    return boto3.client("stepfunctions", endpoint_url=aws.endpoint_url, region_name="eu-west-1")


def wait_for_execution(
    aws: EmbeddedAws, machine_arn: str, name: str, timeout: float = 120
) -> dict[str, Any]:
    sfn = sfn_client(aws)
    arn = machine_arn.replace(":stateMachine:", ":execution:") + f":{name}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            execution = sfn.describe_execution(executionArn=arn)
        except sfn.exceptions.ExecutionDoesNotExist:
            time.sleep(0.2)
            continue
        if execution["status"] != "RUNNING":
            history = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
            return {"status": execution["status"], "history": history, **execution}
        time.sleep(0.2)
    raise AssertionError(f"execution {name} did not finish in {timeout}s")


def entered(history: list[dict[str, Any]]) -> list[str]:
    return [
        e["stateEnteredEventDetails"]["name"] for e in history if "stateEnteredEventDetails" in e
    ]


# process-answer's video branch, which runs beside the audio one (their states interleave).
VIDEO_BRANCH = frozenset(
    ["MakeVideo", "Transcode", "VideoNotMade", "MakeImages", "ImagesNotMade", "RecordMedia",
     "MediaNotRecorded"]
)  # fmt: skip


def audio_path(history: list[dict[str, Any]]) -> list[str]:
    """The states entered, without the video branch's: the answer's critical path."""
    return [name for name in entered(history) if name not in VIDEO_BRANCH]


def lambda_invocations(history: list[dict[str, Any]]) -> int:
    return sum(1 for e in history if e["type"] == "TaskScheduled")


def current_question(client: TestClient, invitation: dict[str, Any]) -> str:
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    return str(session["current_question"]["id"])


def upload(
    client: TestClient,
    invitation: dict[str, Any],
    data: bytes,
    content_type: str = "video/webm",
    question_id: str | None = None,
) -> str:
    """The candidate's presigned POST, as the browser sends it; returns the answer id."""
    qid = question_id or current_question(client, invitation)
    grant = client.post(
        "/candidate/answers",
        json={"question_id": qid, "content_type": content_type, "size_bytes": len(data)},
        headers=candidate_headers(invitation),
    )
    assert grant.status_code == 201, grant.text
    body = grant.json()
    stored = httpx.post(
        body["url"], data=body["fields"], files={"file": ("answer", data, content_type)}
    )
    assert stored.status_code in (200, 204), stored.text
    # The recorder confirms the upload; the S3 event has started the pipeline meanwhile.
    client.post(
        f"/candidate/answers/{body['answer_id']}/complete", headers=candidate_headers(invitation)
    )
    return str(body["answer_id"])


def answer_of(client: TestClient, tenant: Tenant, interview_id: str, answer_id: str) -> Any:
    detail = client.get(f"/interviews/{interview_id}", headers=tenant.hr.headers).json()
    return next(a for a in detail["answers"] if a["id"] == answer_id)


@contextmanager
def replayed_groq(cassette: str, *, analyzer: str) -> Iterator[ReplayServer]:
    """Groq transcription (and analysis, with analyzer="groq") replayed over real HTTP from a
    recorded cassette; the settings are put back afterwards."""
    saved = dict(os.environ)
    with ReplayServer(load(cassette)) as server:
        os.environ.update(
            {
                "APP_TRANSCRIBER": "groq",
                "APP_ANALYZER": analyzer,
                "APP_GROQ_API_KEY": "gsk_test",
                "APP_GROQ_BASE_URL": server.url,
                "APP_GROQ_TIMEOUT_SECONDS": "1",
            }
        )
        wiring.reset()
        yield server
    os.environ.clear()
    os.environ.update(saved)
    wiring.reset()
