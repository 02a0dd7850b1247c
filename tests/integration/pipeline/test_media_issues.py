"""A recording whose audio is fine but whose video cannot be made: the answer is transcribed
and scored, and what is missing is reported on it (media_issues), never a reason to record
again (issue 11)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from tests.fixtures import media
from tests.integration.api.conftest import Tenant, invite, published_template
from tests.integration.pipeline.conftest import answer_of, entered, upload, wait_for_execution

QUESTION = {"text": "How do you calm an angry customer?", "time_limit_seconds": 15}


def test_a_video_that_cannot_be_made_is_reported_and_the_answer_is_still_scored(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
    tmp_path: Path,
) -> None:
    aws, resources = platform
    damaged = media.damaged_video(english_webm, tmp_path / "damaged-video.webm")
    template = published_template(client, tenant.hr, questions=[QUESTION])
    invitation = invite(client, tenant.hr, template["id"])
    answer_id = upload(client, invitation, damaged.read_bytes())
    run = wait_for_execution(aws, resources.state_machine_arns["process-answer"], answer_id)

    path = entered(run["history"])
    assert run["status"] == "SUCCEEDED", path
    assert {"VideoNotMade", "ImagesNotMade"} <= set(path)
    assert "RecordFailure" not in path and path[-1] == "AnswerProcessed"
    transcodes = [
        e for e in run["history"] if e["type"] == "TaskScheduled" and "transcode-answer" in str(e)
    ]
    assert len(transcodes) == 2  # MediaNotMade is retried once before it is reported

    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "scored", answer["failure_reason"]
    assert answer["video_status"] == "failed"  # the score did not wait for, nor fail with, it
    assert answer["failure_kind"] is None and answer["failure_reason"] is None
    assert "customer" in answer["transcript"].lower()
    assert set(answer["media_issues"]) == {"video", "images"}
    video, images = answer["media_issues"]["video"], answer["media_issues"]["images"]
    assert video == (
        "MediaNotMade: the video could not be converted to MP4 "
        "(Decode error rate 1 exceeds maximum 0.666667)"
    ), video
    assert images.startswith("MediaNotMade: the poster and thumbnails could not be made"), images
    assert answer["media"]["video_url"] is None and answer["media"]["poster_url"] is None
    assert answer["media"]["original_url"]  # the recruiter can still play the original


def test_a_recording_that_is_fine_reports_no_media_issue(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    template = published_template(client, tenant.hr, questions=[QUESTION])
    invitation = invite(client, tenant.hr, template["id"])
    answer_id = upload(client, invitation, english_webm.read_bytes())
    run = wait_for_execution(aws, resources.state_machine_arns["process-answer"], answer_id)
    path = entered(run["history"])
    assert run["status"] == "SUCCEEDED", path
    assert "VideoNotMade" not in path and "ImagesNotMade" not in path
    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["media_issues"] == {} and answer["media"]["video_url"]
    assert answer["video_status"] == "ready"
