"""The answer's critical path is audio → transcript → score (issue 18): scoring starts as soon
as the speech audio is extracted, beside the video's transcode, and a video that cannot be made
never holds up or fails the score (video_status tells the recruiter)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from tests.fixtures import media
from tests.integration.api.conftest import Tenant, invite, published_template
from tests.integration.pipeline.conftest import answer_of, entered, upload, wait_for_execution


def _event_index(history: list[dict[str, Any]], kind: str, state: str) -> int:
    details = "stateEnteredEventDetails" if kind == "entered" else "stateExitedEventDetails"
    return next(i for i, e in enumerate(history) if e.get(details, {}).get("name") == state)


def test_a_long_hd_answer_is_scored_while_its_video_is_still_transcoding(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    speech: dict[str, Path],
    tmp_path: Path,
) -> None:
    aws, resources = platform
    recording = media.long_hd_mp4(speech["en"], tmp_path / "long-720p.mp4", seconds=90)
    question = {"text": "How do you calm an angry customer?", "time_limit_seconds": 120}
    template = published_template(client, tenant.hr, questions=[question])
    invitation = invite(client, tenant.hr, template["id"])
    answer_id = upload(client, invitation, recording.read_bytes(), "video/mp4")
    run = wait_for_execution(
        aws, resources.state_machine_arns["process-answer"], answer_id, timeout=600
    )
    history = run["history"]
    assert run["status"] == "SUCCEEDED", entered(history)
    # Events are recorded as they happen: scoring began before the transcode had ended, and
    # the audio branch did not wait for the video one.
    transcoded = _event_index(history, "exited", "Transcode")
    scoring = _event_index(history, "entered", "ScoreAnswer")
    assert scoring < transcoded, [(e["timestamp"], e["type"]) for e in history]
    assert _event_index(history, "entered", "ExtractAudio") < transcoded

    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "scored" and "customer" in answer["transcript"].lower()
    assert answer["video_status"] == "ready" and answer["media"]["video_url"]
    assert 89 < answer["duration_seconds"] < 91
