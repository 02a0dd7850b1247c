"""process-answer and analyze-interview, from the candidate's upload to scored, through every
path: the happy path in four languages, a remux, each recording failure, and the provider's
429 / 5xx / dead-letter / reprocess paths (Groq replayed over HTTP)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import boto3
import httpx
import pytest
from fastapi.testclient import TestClient

from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from tests.fixtures import media
from tests.fixtures.groq_replay import ReplayServer, load
from tests.integration.api.conftest import (
    Tenant,
    candidate_headers,
    give_consent,
    invite,
    published_template,
)
from tests.integration.pipeline.conftest import (
    answer_of,
    entered,
    replayed_groq,
    upload,
    wait_for_execution,
)

HAPPY_PATH = [
    "VerifyUpload",
    "Probe",
    "ProcessAnswer",
    "StitchChunks",  # no audio chunks: the whole recording is transcribed
    "ChunksStitched",
    "ExtractAudio",
    "TranscribeParts",
    "TranscribePart",
    "SaveTranscript",
    "HumanReviewOnly",
    "PrepareScoring",
    "ScoreAnswer",
    "RequestInterviewAnalysis",
    "MakeVideo",
    "Transcode",
    "MakeImages",
    "RecordMedia",
    "AnalysisRequested",
    "AnswerProcessed",
]
QUESTION = {"text": "How do you calm an angry customer?", "time_limit_seconds": 15}


def _process(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    data: bytes,
    content_type: str = "video/webm",
    questions: list[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    aws, resources = platform
    template = published_template(client, tenant.hr, questions=questions or [QUESTION])
    invitation = invite(client, tenant.hr, template["id"])
    answer_id = upload(client, invitation, data, content_type)
    run = wait_for_execution(aws, resources.state_machine_arns["process-answer"], answer_id)
    return invitation, answer_id, run


def _state_output(history: list[dict[str, Any]], state: str) -> Any:
    for event in history:
        details = event.get("stateExitedEventDetails")
        if details and details["name"] == state:
            return json.loads(details["output"])
    raise AssertionError(f"{state} never exited")


def test_a_browser_recording_goes_from_upload_to_scored_and_the_interview_is_analyzed(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
    tmp_path: Path,
) -> None:
    aws, resources = platform
    invitation, answer_id, run = _process(client, tenant, platform, english_webm.read_bytes())
    assert run["status"] == "SUCCEEDED", run["history"][-3:]
    assert sorted(entered(run["history"])) == sorted(HAPPY_PATH)
    final = json.loads(run["output"])
    assert set(final) >= {"upload", "probe", "processed"}
    audio = final["processed"]["audio"]
    assert set(audio) >= {"audio", "transcription_parts", "transcript", "score"}
    assert final["processed"]["media"]["video"]["remuxed"] is False  # VP8/Opus is re-encoded
    assert audio["interview_analysis"]["started"] is True

    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "scored" and answer["language"] == "en"
    assert answer["video_status"] == "ready" and answer["media_issues"] == {}
    assert "customer" in answer["transcript"].lower()
    assert 4 < answer["duration_seconds"] < 15
    assert set(answer["analysis"]["criteria"]) == {"relevance", "completeness", "clarity", "depth"}

    video = tmp_path / "video.mp4"
    video.write_bytes(httpx.get(answer["media"]["video_url"]).content)
    with av.open(str(video)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.name == "aac"
    head = video.read_bytes()[:4096]
    assert b"moov" in head  # faststart: the index comes before the media data
    poster = httpx.get(answer["media"]["poster_url"]).content
    strip = httpx.get(answer["media"]["thumbnails_url"]).content
    assert poster[:2] == b"\xff\xd8" and strip[:2] == b"\xff\xd8"
    captions = httpx.get(answer["media"]["captions_url"]).text
    assert captions.startswith("WEBVTT") and "-->" in captions
    segments = httpx.get(answer["media"]["transcript_url"]).json()["segments"]
    assert segments and segments[0]["start"] < segments[-1]["end"]

    analysis = wait_for_execution(
        aws, resources.state_machine_arns["analyze-interview"], f"{invitation['id']}-v1"
    )
    assert analysis["status"] == "SUCCEEDED"
    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    assert detail["analysis"]["recommendation"] in {"hire", "consider", "reject"}
    assert detail["analysis"]["version"] == 1


def test_a_human_only_review_is_transcribed_but_never_scored_or_analyzed(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    # The candidate asked for people alone to review: the transcript and media are made for
    # the reviewers, and no AI score, recommendation or interview analysis (issue 17 item 2).
    aws, resources = platform
    template = published_template(client, tenant.hr, questions=[QUESTION])
    invitation = invite(client, tenant.hr, template["id"], consent=False)
    give_consent(client, invitation, human_review_only=True)
    answer_id = upload(client, invitation, english_webm.read_bytes())
    run = wait_for_execution(aws, resources.state_machine_arns["process-answer"], answer_id)
    assert run["status"] == "SUCCEEDED", run["history"][-3:]
    path = entered(run["history"])
    assert {"SaveTranscript", "HumanReviewOnly", "ScoringSkipped", "RecordMedia"} <= set(path)
    assert not {"PrepareScoring", "ScoreAnswer", "RequestInterviewAnalysis"} & set(path)
    assert path[-1] == "AnswerProcessed"

    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "transcribed" and answer["analysis"] is None
    assert "customer" in answer["transcript"].lower()
    assert answer["media"]["captions_url"] and answer["video_status"] == "ready"

    finished = client.post("/candidate/finish", headers=candidate_headers(invitation))
    assert finished.status_code == 200, finished.text
    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    assert detail["status"] == "completed" and detail["human_review_only"] is True
    assert detail["analysis"] is None and detail["overall_score"] is None
    sfn = boto3.client("stepfunctions", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    arn = resources.state_machine_arns["analyze-interview"].replace(":stateMachine:", ":execution:")
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.describe_execution(executionArn=f"{arn}:{invitation['id']}-v1")


def test_four_languages_are_detected_and_the_interview_analysis_starts_exactly_once(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    speech: dict[str, Path],
    media_dir: Path,
) -> None:
    aws, resources = platform
    languages = ["de", "es", "ru"]
    template = published_template(
        client, tenant.hr, questions=[dict(QUESTION, text=f"Question {n}") for n in languages]
    )
    invitation = invite(client, tenant.hr, template["id"])
    ids = []
    session_questions = client.get(
        "/candidate/session", headers={"Authorization": f"Bearer {invitation['token']}"}
    ).json()["questions"]
    assert len(session_questions) == 3
    for language in languages:  # uploaded back to back: the executions overlap
        audio = media_dir / f"answer-{language}.webm"
        media.ffmpeg("-i", str(speech[language]), "-c:a", "libopus", str(audio))
        ids.append(upload(client, invitation, audio.read_bytes(), "audio/webm"))
    runs = [wait_for_execution(aws, resources.state_machine_arns["process-answer"], i) for i in ids]
    assert [r["status"] for r in runs] == ["SUCCEEDED"] * 3
    detected = [answer_of(client, tenant, invitation["id"], i)["language"] for i in ids]
    assert detected == languages
    requests = [json.loads(r["output"])["processed"]["audio"]["interview_analysis"] for r in runs]
    started = [r["started"] for r in requests]
    assert started.count(True) == 1  # whichever finished last, exactly one started it
    sfn = boto3_sfn(aws)
    executions = sfn.list_executions(
        stateMachineArn=resources.state_machine_arns["analyze-interview"]
    )["executions"]
    assert [e["name"] for e in executions if e["name"].startswith(invitation["id"])] == [
        f"{invitation['id']}-v1"
    ]
    images = answer_of(client, tenant, invitation["id"], ids[0])["media"]
    assert images["poster_url"] is None and images["video_url"]  # audio only: no images
    assert answer_of(client, tenant, invitation["id"], ids[0])["video_status"] == "ready"


def boto3_sfn(aws: EmbeddedAws) -> Any:
    from tests.integration.pipeline.conftest import sfn_client

    return sfn_client(aws)


def test_an_h264_aac_recording_is_remuxed_not_reencoded(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    speech: dict[str, Path],
    media_dir: Path,
) -> None:
    mp4 = media.h264_mp4(speech["en"], media_dir / "safari.mp4")
    invitation, answer_id, run = _process(client, tenant, platform, mp4.read_bytes(), "video/mp4")
    assert run["status"] == "SUCCEEDED"
    assert _state_output(run["history"], "MakeVideo")["media"]["video"]["remuxed"] is True
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "scored"


def _failing_media(media_dir: Path, english_webm: Path) -> dict[str, tuple[bytes, str]]:
    return {
        "not media": (b"%PDF-1.4 definitely not a video" * 20, "is not a recording"),
        "no audio track": (
            media.silent_video(media_dir / "mute.webm", 2, with_audio=False).read_bytes(),
            "has no sound",
        ),
        "too long": (
            media.silent_video(media_dir / "long.webm", 35).read_bytes(),
            "longer than the 30 s",
        ),
        "corrupt": (
            media.truncated(english_webm, media_dir / "cut.webm").read_bytes(),
            "damaged",
        ),
        "silence": (
            media.silent_video(media_dir / "silent.webm", 3).read_bytes(),
            "no speech",
        ),
    }


@pytest.mark.parametrize("case", ["not media", "no audio track", "too long", "corrupt", "silence"])
def test_a_recording_that_cannot_be_used_fails_with_a_reason_and_can_be_retaken(
    case: str,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
    media_dir: Path,
) -> None:
    data, reason = _failing_media(media_dir, english_webm)[case]
    invitation, answer_id, run = _process(client, tenant, platform, data)
    assert run["status"] == "FAILED"
    path = entered(run["history"])
    assert path[-2:] == ["RecordFailure", "AnswerFailed"]
    assert "DeadLetter" not in path
    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "failed" and answer["failure_kind"] == "recording"
    assert reason in answer["failure_reason"], answer["failure_reason"]
    assert httpx.get(answer["media"]["original_url"]).content == data  # the original is kept
    retake = client.post(
        "/candidate/answers",
        json={"question_id": answer["question_id"], "content_type": "video/webm", "size_bytes": 9},
        headers={"Authorization": f"Bearer {invitation['token']}"},
    )
    assert retake.status_code == 201 and retake.json()["attempt"] == 2


@pytest.fixture
def groq_replay(request: pytest.FixtureRequest) -> Iterator[ReplayServer]:
    """Groq for transcription, replayed; the offline analyzer stays."""
    with replayed_groq(request.param, analyzer="offline") as server:
        yield server


@pytest.mark.parametrize("groq_replay", ["transcription_429_then_ok"], indirect=True)
def test_a_429_is_waited_out_for_its_retry_after_in_the_state_machine(
    groq_replay: ReplayServer,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    invitation, answer_id, run = _process(client, tenant, platform, english_webm.read_bytes())
    assert run["status"] == "SUCCEEDED", entered(run["history"])
    path = entered(run["history"])
    loop = ["PartThrottled", "PartRetryAfter", "PartTooOften", "PartWaitRetryAfter"]
    assert all(state in path for state in loop)
    assert path.count("TranscribePart") == 2
    waits = [e for e in run["history"] if e["type"] == "WaitStateEntered"]
    assert json.loads(waits[0]["stateEnteredEventDetails"]["input"])["throttle"]["wait"] == {
        "retry_after_seconds": 1,
        "detail": pytest.approx(
            json.loads(waits[0]["stateEnteredEventDetails"]["input"])["throttle"]["wait"]["detail"]
        ),
    }
    assert len(groq_replay.replay.requests) == 2
    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "scored" and answer["transcript"].startswith("I calmed")


@pytest.mark.parametrize("groq_replay", ["transcription_500"], indirect=True)
def test_5xx_is_retried_then_dead_lettered_and_a_recruiter_reprocesses_it(
    groq_replay: ReplayServer,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation, answer_id, run = _process(client, tenant, platform, english_webm.read_bytes())
    assert run["status"] == "FAILED"
    assert entered(run["history"])[-2:] == ["DeadLetter", "AnswerDeadLettered"]
    assert len(groq_replay.replay.requests) == 4  # the first try and three retries
    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "failed" and answer["failure_kind"] == "provider"
    assert "ProviderUnavailable" in answer["failure_reason"]

    url = f"/interviews/{invitation['id']}/answers/{answer_id}/reprocess"
    assert client.post(url, headers=tenant.interviewer.headers).status_code == 403
    groq_replay.replay.exchanges[:] = load("transcription_ok")
    groq_replay.replay.requests.clear()
    again = client.post(url, headers=tenant.hr.headers)
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "uploaded" and again.json()["processing_attempt"] == 2
    assert client.post(url, headers=tenant.hr.headers).status_code == 409  # not failed now
    rerun = wait_for_execution(
        aws, resources.state_machine_arns["process-answer"], f"{answer_id}-2"
    )
    assert rerun["status"] == "SUCCEEDED"
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "scored"


def test_ffmpeg_is_the_pinned_static_binary() -> None:
    version = subprocess.run(  # noqa: S603 - the pinned binary
        [media.bundled_ffmpeg(), "-version"], capture_output=True, text=True, check=True
    ).stdout
    assert "--enable-libx264" in version
