"""The analysis after a live call: the candidate's real recording (generated speech, real
FFmpeg) cut at the timeline, answers' transcripts from the confirmed lines or from the clip,
scored by the same Analyzer, stored with `live_interview.analyzed`; human-only: not scored."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.analysis.offline import OfflineAnalyzer
from functions.analysis.ports import AnswerAnalysis, AnswerForScoring
from functions.domain.clock import utcnow
from functions.live.analysis import (
    WAIT_FOR_RECORDING,
    Tools,
    analyze_live_interview,
    seconds_to_wait,
)
from functions.live.analysis_handlers import analyze_after_call
from functions.live.domain import (
    LiveAnalysisStatus,
    LiveInterview,
    LiveStatus,
    TimelineEntry,
    TimelineKind,
)
from functions.live.store import LiveInterviewRepository
from functions.live.transcript import TranscriptLine
from functions.media.ffmpeg import Ffmpeg
from functions.media.s3 import S3BlobStore
from functions.transcription.local import LocalWhisperTranscriber
from functions.transcription.ports import AudioInput, Transcript
from tests.fixtures import media
from tests.integration.api.conftest import Tenant
from tests.integration.live.test_participation import (
    _put_parts,
    candidate_headers,
    consent,
    write_line,
)
from tests.integration.live.test_scheduling import _events, _starts, schedule
from tests.integration.notifications.test_notifier import Context

SECONDS = 16.0


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("live-media")
    speech = media.long_speech_wav("en", folder, SECONDS)
    return media.browser_webm(speech, folder / "candidate.webm", size="160x120")


def _call(
    client: TestClient, tenant: Tenant, video: Path, *, line: bool = True, **choices: Any
) -> dict[str, Any]:
    """A call whose candidate recorded `video`: two questions (the second a follow-up), the
    first answered in a confirmed live line (unless not `line`), then ended and the recording
    completed."""
    live = schedule(
        client, tenant, starts_at=_starts(hours=0.1),
        questions=[{"text": "Tell us about a project.", "ideal_answer": "Concrete results."}],
    )  # fmt: skip
    consent(client, live, **choices)
    headers = candidate_headers(live)
    grant = client.post(
        "/interviews/live/candidate/recordings", json={"content_type": "video/webm"},
        headers=headers,
    ).json()  # fmt: skip
    lives = wiring.live_interviews()
    found = lives.get(tenant.company_id, live["id"])
    assert found is not None
    stored, revision = found
    t0 = stored.recordings[0].started_at
    asked = [t0 + timedelta(seconds=0.2), t0 + timedelta(seconds=SECONDS / 2)]
    timeline = [
        TimelineEntry(number=1, kind=TimelineKind.TEMPLATE, index=0, text="Tell us about a "
                      "project.", asked_at=asked[0], asked_by=tenant.interviewer.id),
        TimelineEntry(number=2, kind=TimelineKind.FOLLOWUP, index=None, text="Why?",
                      asked_at=asked[1], asked_by=tenant.interviewer.id),
    ]  # fmt: skip
    ended = stored.model_copy(
        update={"status": LiveStatus.ENDED, "started_at": t0, "timeline": timeline,
                "ended_at": t0 + timedelta(seconds=SECONDS)},
    )  # fmt: skip
    lives.save(ended, revision)
    said = TranscriptLine(
        live_id=live["id"], speaker="candidate", role="candidate", seq=0,
        text="I led the migration of our billing system.", language="en",
        start=asked[0] + timedelta(seconds=1), end=asked[0] + timedelta(seconds=3),
    )  # fmt: skip
    if line:
        write_line(tenant.company_id, said)
    # No recording yet: the analysis waits until 2 minutes after the end.
    assert seconds_to_wait(ended, utcnow()) == pytest.approx(120 + SECONDS, abs=5)
    parts = _put_parts(grant, [video.read_bytes()])
    done = client.post(
        f"/interviews/live/candidate/recordings/{grant['recording_id']}/complete",
        json={"parts": parts}, headers=headers,
    )  # fmt: skip
    assert done.status_code == 200, done.text
    return live


def _analyzed(client: TestClient, tenant: Tenant, live_id: str) -> dict[str, Any]:
    """The message the API queued on completing the recording, through the catalog's
    analyze-live-interview handler (as the queue's event source calls it), then
    getLiveInterview."""
    sqs = wiring.sqs()
    url = wiring.get_settings().live_analysis_queue_url
    records: list[dict[str, Any]] = []
    for _ in range(5):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for m in got.get("Messages", []):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            if json.loads(m["Body"]).get("live_interview_id") == live_id:
                records.append({
                    "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"], "attributes": {}, "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"], "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:live-analysis",
                    "awsRegion": "eu-west-1",
                })  # fmt: skip
        if records:
            break
    assert len(records) == 1
    done = analyze_after_call({"Records": records}, Context())
    assert done == {"batchItemFailures": []}
    return dict(client.get(f"/interviews/live/{live_id}", headers=tenant.hr.headers).json())


def test_the_completed_recording_is_cut_at_the_timeline_transcribed_where_no_line_was_and_scored(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    # Completing the candidate's recording after the end queues the analysis; the local
    # platform's consumer (the catalog's analyze-live-interview) runs it.
    live = _call(client, tenant, recording)
    got = _analyzed(client, tenant, live["id"])
    assert got["analysis_status"] == "analyzed", got
    first, second = got["answers"]
    assert (first["transcript_source"], first["transcript"]) == (
        "live",
        "I led the migration of our billing system.",
    )
    assert second["transcript_source"] == "recording" and len(second["transcript"].split()) >= 3
    assert first["start_seconds"] == pytest.approx(0.2, abs=0.01)
    assert second["end_seconds"] == pytest.approx(SECONDS, abs=0.01)
    assert first["analysis"] is not None and second["analysis"] is not None
    assert got["analysis"]["language"] == "en"  # the company's reviewer language
    clip = wiring.media_tool().probe(second["video_url"])
    assert clip.duration_seconds == pytest.approx(SECONDS / 2, abs=0.6)
    [event] = [
        e
        for e in _events(tenant.company_id, "live_interview.analyzed")
        if e.data["live_interview_id"] == live["id"]
    ]
    assert event.data["overall_score"] == got["analysis"]["overall_score"]
    # Done: another trigger changes nothing.
    stored = wiring.live_interviews().get(tenant.company_id, live["id"])
    assert stored is not None and seconds_to_wait(stored[0], utcnow()) is None


def test_a_human_only_review_is_transcribed_never_scored(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    live = _call(client, tenant, recording, human_review_only=True)
    got = _analyzed(client, tenant, live["id"])
    assert got["analysis_status"] == "skipped" and got["analysis"] is None
    assert all(a["analysis"] is None and a["transcript"] for a in got["answers"])
    assert not [
        e
        for e in _events(tenant.company_id, "live_interview.analyzed")
        if e.data["live_interview_id"] == live["id"]
    ]


def test_without_a_recording_two_minutes_after_the_end_the_transcript_alone_is_analyzed(
    client: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    lives = wiring.live_interviews()
    found = lives.get(tenant.company_id, live["id"])
    assert found is not None
    t0 = utcnow()
    entry = TimelineEntry(number=1, kind=TimelineKind.TEMPLATE, index=0, text="Walk us "
                          "through it.", asked_at=t0, asked_by=tenant.interviewer.id)  # fmt: skip
    ended = found[0].model_copy(update={"status": LiveStatus.ENDED, "started_at": t0,
        "timeline": [entry], "ended_at": t0 + timedelta(seconds=30)})  # fmt: skip
    lives.save(ended, found[1])
    write_line(tenant.company_id, TranscriptLine(
        live_id=live["id"], speaker="candidate", role="candidate", seq=0,
        text="We split the monolith into services.", start=t0 + timedelta(seconds=2),
        end=t0 + timedelta(seconds=5),
    ))  # fmt: skip
    tools = Tools(wiring.blobs(), wiring.media_tool(), wiring.transcriber(), wiring.analyzer())
    early = analyze_live_interview(
        lives, wiring.live_transcripts(), tools, company_id=tenant.company_id,
        live_id=live["id"], reviewer_language="de", now=t0 + timedelta(seconds=60),
    )  # fmt: skip
    assert early is None  # still waiting for the recording
    later = t0 + timedelta(seconds=30) + WAIT_FOR_RECORDING
    analyzed = analyze_live_interview(
        lives, wiring.live_transcripts(), tools, company_id=tenant.company_id,
        live_id=live["id"], reviewer_language="de", now=later,
    )  # fmt: skip
    assert analyzed is not None and analyzed.analysis_status == "analyzed"
    [answer] = analyzed.answers
    assert answer.transcript == "We split the monolith into services."
    assert answer.clip_key is None and answer.analysis is not None
    assert analyzed.analysis is not None and analyzed.analysis.language == "de"


class _WatchedFfmpeg(Ffmpeg):
    """The real FFmpeg, noting the live interview's stored analysis status at each clip."""

    def __init__(self, company_id: str, live_id: str) -> None:
        super().__init__()
        self.at_clip: list[str] = []
        self._where = (company_id, live_id)

    def clip(self, source: str, target: Path, start_seconds: float, end_seconds: float) -> None:
        found = wiring.live_interviews().get(*self._where)
        assert found is not None
        self.at_clip.append(str(found[0].analysis_status))
        super().clip(source, target, start_seconds, end_seconds)


def test_the_analysis_is_stored_before_the_clips_are_cut_and_their_urls_follow(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    # Re-encoding a 10-minute call's clips takes longer than the analysis (benchmarks/live):
    # the analysis is readable first, each answer's video_url once its clip is stored.
    live = _call(client, tenant, recording)
    watched = _WatchedFfmpeg(tenant.company_id, live["id"])
    tools = Tools(wiring.blobs(), watched, wiring.transcriber(), wiring.analyzer())
    analyzed = analyze_live_interview(
        wiring.live_interviews(), wiring.live_transcripts(), tools,
        company_id=tenant.company_id, live_id=live["id"], reviewer_language="en", now=utcnow(),
    )  # fmt: skip
    assert watched.at_clip == ["analyzed", "analyzed"]
    assert analyzed is not None and all(a.clip_key for a in analyzed.answers)
    got = client.get(f"/interviews/live/{live['id']}", headers=tenant.hr.headers).json()
    assert got["analysis_status"] == "analyzed" and all(a["video_url"] for a in got["answers"])
    assert all(a["analysis"] is not None for a in got["answers"])


# Only what the old code would never do makes these wait this long: each waits for an event
# the new order sets (no timing is asserted).
NEVER = 60.0


class _ScoringAnalyzer(OfflineAnalyzer):
    """The offline analyzer, telling when it has scored an answer."""

    def __init__(self) -> None:
        self.scored = threading.Event()

    def score_answer(self, answer: AnswerForScoring) -> AnswerAnalysis:
        try:
            return super().score_answer(answer)
        finally:
            self.scored.set()


class _HearingTranscriber(LocalWhisperTranscriber):
    """The local Whisper (the warm model of the process), noting what it is asked for and
    whether an answer had been scored by the time it had transcribed."""

    def __init__(self, scored: threading.Event) -> None:
        model = wiring.transcriber()
        assert isinstance(model, LocalWhisperTranscriber)
        super().__init__(wiring.get_settings().whisper_model_dir)
        self._model = model.model()
        self.asked: list[AudioInput] = []
        self.scored_meanwhile: list[bool] = []
        self._scored = scored

    def transcribe(self, audio: AudioInput) -> Transcript:
        self.asked.append(audio)
        heard = super().transcribe(audio)
        self.scored_meanwhile.append(self._scored.wait(NEVER))
        return heard


def test_missing_answers_are_transcribed_in_the_interviews_language_while_the_others_are_scored(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    # The Whisper fallback is the slow part of a 10-minute call's analysis (benchmarks/live):
    # answer 1 (live lines) is scored while answer 2 (none) is transcribed, in the candidate's
    # language as the live transcriber hears it, not detected again.
    live = _call(client, tenant, recording)
    analyzer = _ScoringAnalyzer()
    transcriber = _HearingTranscriber(analyzer.scored)
    tools = Tools(wiring.blobs(), wiring.media_tool(), transcriber, analyzer)
    analyzed = analyze_live_interview(
        wiring.live_interviews(), wiring.live_transcripts(), tools,
        company_id=tenant.company_id, live_id=live["id"], reviewer_language="en", now=utcnow(),
    )  # fmt: skip
    assert transcriber.scored_meanwhile == [True]
    assert [a.language for a in transcriber.asked] == ["en"]
    assert analyzed is not None and analyzed.analysis_status == "analyzed"
    first, second = analyzed.answers
    assert (first.transcript_source, second.transcript_source) == ("live", "recording")
    assert len(second.transcript.split()) >= 3 and second.analysis is not None


class _SlowDownload(S3BlobStore):
    """The uploads bucket, whose recording download waits for the analysis to be stored."""

    def __init__(self, stored: threading.Event) -> None:
        super().__init__(wiring.s3(), wiring.get_settings().uploads_bucket)
        self._stored = stored
        self.after_analysis: list[bool] = []

    def download(self, key: str, path: Path) -> None:
        self.after_analysis.append(self._stored.wait(NEVER))
        super().download(key, path)


class _WatchedLives(LiveInterviewRepository):
    def __init__(self) -> None:
        super().__init__()
        self.analyzed = threading.Event()

    def save(self, live: LiveInterview, revision: int | None, events: Any = ()) -> int:
        saved = super().save(live, revision, events)
        if live.analysis_status is LiveAnalysisStatus.ANALYZED:
            self.analyzed.set()
        return saved


def test_with_every_answer_in_the_live_transcript_the_analysis_does_not_wait_for_the_recording(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    # The recording is needed for the clips only: its download (a 10-minute call's is tens of
    # MB) is not on the analysis's path.
    live = _call(client, tenant, recording)
    found = wiring.live_interviews().get(tenant.company_id, live["id"])
    assert found is not None
    second = found[0].timeline[1].asked_at
    write_line(tenant.company_id, TranscriptLine(
        live_id=live["id"], speaker="candidate", role="candidate", seq=1,
        text="Because the old system lost invoices.", language="en",
        start=second + timedelta(seconds=1), end=second + timedelta(seconds=3),
    ))  # fmt: skip
    lives = _WatchedLives()
    blobs = _SlowDownload(lives.analyzed)
    tools = Tools(blobs, wiring.media_tool(), wiring.transcriber(), wiring.analyzer())
    analyzed = analyze_live_interview(
        lives, wiring.live_transcripts(), tools, company_id=tenant.company_id,
        live_id=live["id"], reviewer_language="en", now=utcnow(),
    )  # fmt: skip
    assert blobs.after_analysis == [True]
    assert analyzed is not None and analyzed.analysis_status == "analyzed"
    assert [a.transcript_source for a in analyzed.answers] == ["live", "live"]
    assert all(a.clip_key and a.analysis for a in analyzed.answers)  # the clips followed


class _MeetingTranscriber(LocalWhisperTranscriber):
    """The local Whisper (the process's warm model), whose calls each wait for a second one
    to be under way before transcribing."""

    def __init__(self) -> None:
        model = wiring.transcriber()
        assert isinstance(model, LocalWhisperTranscriber)
        super().__init__(wiring.get_settings().whisper_model_dir)
        self._model = model.model()
        self._both = threading.Barrier(2)
        self.met: list[bool] = []

    def transcribe(self, audio: AudioInput) -> Transcript:
        try:
            self._both.wait(NEVER)
            self.met.append(True)
        except threading.BrokenBarrierError:
            self.met.append(False)
        return super().transcribe(audio)


def test_several_missing_answers_are_transcribed_side_by_side(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    # In the cloud each is a Groq request that waits on the network: one after the other, the
    # fallback's time would grow with the number of missing answers.
    live = _call(client, tenant, recording, line=False)
    transcriber = _MeetingTranscriber()
    tools = Tools(wiring.blobs(), wiring.media_tool(), transcriber, wiring.analyzer())
    analyzed = analyze_live_interview(
        wiring.live_interviews(), wiring.live_transcripts(), tools,
        company_id=tenant.company_id, live_id=live["id"], reviewer_language="en", now=utcnow(),
    )  # fmt: skip
    assert transcriber.met == [True, True]
    assert analyzed is not None and analyzed.analysis_status == "analyzed"
    assert [a.transcript_source for a in analyzed.answers] == ["recording", "recording"]
    assert all(len(a.transcript.split()) >= 3 and a.analysis for a in analyzed.answers)
