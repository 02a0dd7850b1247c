"""The analysis after a live call: the candidate's real recording (generated speech, real
FFmpeg) cut at the timeline, answers' transcripts from the confirmed lines or from the clip,
scored by the same Analyzer, stored with `live_interview.analyzed`; human-only: not scored."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.live.analysis import Tools, analyze_live_interview, seconds_to_wait
from functions.live.domain import LiveStatus, TimelineEntry, TimelineKind
from functions.live.transcript import TranscriptLine
from tests.fixtures import media
from tests.integration.api.conftest import Tenant
from tests.integration.live.test_participation import (
    _put_parts,
    candidate_headers,
    consent,
    write_line,
)
from tests.integration.live.test_scheduling import _events, _starts, schedule

SECONDS = 16.0


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("live-media")
    speech = media.long_speech_wav("en", folder, SECONDS)
    return media.browser_webm(speech, folder / "candidate.webm", size="160x120")


def _tools() -> Tools:
    return Tools(wiring.blobs(), wiring.media_tool(), wiring.transcriber(), wiring.analyzer())


def _call(client: TestClient, tenant: Tenant, video: Path, **choices: Any) -> dict[str, Any]:
    """A call whose candidate recorded `video`: two questions (the second a follow-up), the
    first answered in a confirmed live line, then ended and the recording completed."""
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
    line = TranscriptLine(
        live_id=live["id"], speaker="candidate", role="candidate", seq=0,
        text="I led the migration of our billing system.", language="en",
        start=asked[0] + timedelta(seconds=1), end=asked[0] + timedelta(seconds=3),
    )  # fmt: skip
    write_line(tenant.company_id, line)
    # No recording yet: the analysis waits until 2 minutes after the end.
    assert seconds_to_wait(ended, utcnow()) == pytest.approx(120 + SECONDS, abs=5)
    parts = _put_parts(grant, [video.read_bytes()])
    done = client.post(
        f"/interviews/live/candidate/recordings/{grant['recording_id']}/complete",
        json={"parts": parts}, headers=headers,
    )  # fmt: skip
    assert done.status_code == 200, done.text
    return live


def test_the_recording_is_cut_at_the_timeline_transcribed_where_no_line_was_and_scored(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    live = _call(client, tenant, recording)
    analyzed = analyze_live_interview(
        wiring.live_interviews(), wiring.live_transcripts(), _tools(),
        company_id=tenant.company_id, live_id=live["id"], reviewer_language="de", now=utcnow(),
    )  # fmt: skip
    assert analyzed is not None and analyzed.analysis_status == "analyzed"
    first, second = analyzed.answers
    assert (first.transcript_source, first.transcript) == (
        "live",
        "I led the migration of our billing system.",
    )
    assert second.transcript_source == "recording" and len(second.transcript.split()) >= 3
    assert first.start_seconds == pytest.approx(0.2, abs=0.01)
    assert second.end_seconds == pytest.approx(SECONDS, abs=0.01)
    assert first.analysis is not None and second.analysis is not None
    assert analyzed.analysis is not None and analyzed.analysis.language == "de"
    clip = wiring.media_tool().probe(wiring.blobs().url_for_reading(second.clip_key or ""))
    assert clip.duration_seconds == pytest.approx(SECONDS / 2, abs=0.6)
    got = client.get(f"/interviews/live/{live['id']}", headers=tenant.hr.headers).json()
    assert got["analysis_status"] == "analyzed" and got["answers"][1]["video_url"]
    assert got["analysis"]["overall_score"] == analyzed.analysis.overall_score
    [event] = [
        e
        for e in _events(tenant.company_id, "live_interview.analyzed")
        if e.data["live_interview_id"] == live["id"]
    ]
    assert event.data["overall_score"] == analyzed.analysis.overall_score
    # Done: a second trigger changes nothing.
    assert seconds_to_wait(analyzed, utcnow()) is None


def test_a_human_only_review_is_transcribed_never_scored(
    client: TestClient, tenant: Tenant, recording: Path
) -> None:
    live = _call(client, tenant, recording, human_review_only=True)
    analyzed = analyze_live_interview(
        wiring.live_interviews(), wiring.live_transcripts(), _tools(),
        company_id=tenant.company_id, live_id=live["id"], reviewer_language="en", now=utcnow(),
    )  # fmt: skip
    assert analyzed is not None and analyzed.analysis_status == "skipped"
    assert analyzed.analysis is None and all(a.analysis is None for a in analyzed.answers)
    assert all(a.transcript for a in analyzed.answers)
    assert not [
        e
        for e in _events(tenant.company_id, "live_interview.analyzed")
        if e.data["live_interview_id"] == live["id"]
    ]
