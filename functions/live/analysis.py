"""The analysis after a live call (issue 13 item 6): ports as arguments, no wiring.

When the call has ended and the candidate's recording is complete (or 2 minutes after the end
without one: transcript only), answer i is [asked_at_i, asked_at_{i+1}) of the candidate's
recording (the last to the end); its transcript is the candidate's confirmed lines inside its
span (the live transcriber's), else that stretch of the recording's audio transcribed. The
answers are scored with the same Analyzer as recorded answers, then the interview as a whole
(in the company's reviewer language), and stored on the live interview with
`live_interview.analyzed` first; only then is the recording cut into one MP4 clip per answer
under media/<company>/live-<live id>/ (re-encoding the call's video takes longer than the
analysis: benchmarks/live), and each answer's clip_key (its video_url) stored. A candidate who
asked for a human-only review is transcribed, never scored (analysis_status "skipped").
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from functions.analysis.ports import AnswerAnalysis, AnswerForScoring, InterviewAnalysis
from functions.domain.errors import Conflict
from functions.events import producers as events
from functions.events.catalog import Event
from functions.live.domain import (
    LiveAnalysisStatus,
    LiveAnswer,
    LiveInterview,
    LiveRecording,
    LiveStatus,
    TimelineEntry,
    TimelineKind,
    object_prefixes,
)
from functions.observability import logger
from functions.transcription.ports import AudioInput

if TYPE_CHECKING:
    from functions.analysis.ports import Analyzer
    from functions.live.store import LiveInterviewRepository
    from functions.live.transcript import LiveTranscripts, TranscriptLine
    from functions.media.ports import BlobStore, MediaTool
    from functions.transcription.ports import Transcriber

WAIT_FOR_RECORDING = timedelta(minutes=2)
# Longer than a run may take (the Lambda's 15 minutes): an older "analyzing" has stopped.
RUN_LIMIT = timedelta(minutes=16)
_DONE = frozenset(
    {LiveAnalysisStatus.ANALYZED, LiveAnalysisStatus.SKIPPED, LiveAnalysisStatus.FAILED}
)


@dataclass(frozen=True)
class Tools:
    """The ports the analysis needs besides the live interviews and their transcripts."""

    blobs: BlobStore
    media: MediaTool
    transcriber: Transcriber
    analyzer: Analyzer


def seconds_to_wait(live: LiveInterview, now: datetime) -> float | None:
    """0: analyze now; > 0: look again then; None: nothing to do (not over, or done with the
    recording there is)."""
    if live.status is not LiveStatus.ENDED or live.ended_at is None:
        return None
    recording = live.candidate_recording()
    used = live.analysis_recording_id
    started = live.analysis_started_at
    running = live.analysis_status is LiveAnalysisStatus.ANALYZING
    if running and started is not None and now < started + RUN_LIMIT:
        return None  # another run is at it
    if live.analysis_status in _DONE and (recording is None or used == recording.recording_id):
        return None
    if recording is not None:
        return 0
    return max(0.0, (live.ended_at + WAIT_FOR_RECORDING - now).total_seconds())


def analyze_live_interview(
    lives: LiveInterviewRepository,
    transcripts: LiveTranscripts,
    tools: Tools,
    *,
    company_id: str,
    live_id: str,
    reviewer_language: str,
    now: datetime,
) -> LiveInterview | None:
    """Analyze the call if it is due (see seconds_to_wait); the stored result, else None."""
    found = lives.get(company_id, live_id)
    if found is None or seconds_to_wait(found[0], now) != 0:
        return None
    live, revision = found
    recording = live.candidate_recording()
    try:
        lives.save(
            live.model_copy(update={"analysis_status": LiveAnalysisStatus.ANALYZING}), revision
        )
    except Conflict:
        return None  # another run took it
    lines = [
        line for line in transcripts.confirmed(company_id, live_id) if line.role == "candidate"
    ]
    with tempfile.TemporaryDirectory(prefix="live-analysis-") as work:
        folder = Path(work)
        try:
            source = _download(recording, tools.blobs, folder)
            answers = [
                _answer(live, recording, source, lines, tools, folder, entry, start, end)
                for entry, start, end in spans(live)
            ]
            skipped = live.consent is not None and live.consent.human_review_only
            analysis = None if skipped else _score(live, answers, tools.analyzer, reviewer_language)
        except Exception:
            logger.exception("live analysis failed", extra={"live_interview_id": live_id})
            _store(lives, live.id, company_id, {"analysis_status": LiveAnalysisStatus.FAILED})
            raise
        status = LiveAnalysisStatus.SKIPPED if analysis is None else LiveAnalysisStatus.ANALYZED
        change: dict[str, object] = {
            "analysis_status": status,
            "answers": answers,
            "analysis": analysis,
            "analyzed_at": now,
            "analysis_recording_id": recording.recording_id if recording else None,
        }
        stored = _store(lives, live.id, company_id, change, analysis)
        if source is None or stored is None:
            return stored
        return _clipped(lives, stored, source, tools, folder)


def _download(recording: LiveRecording | None, blobs: BlobStore, folder: Path) -> Path | None:
    if recording is None:
        return None
    source = folder / f"recording.{recording.object_key.rsplit('.', 1)[-1]}"
    blobs.download(recording.object_key, source)
    return source


def _clipped(
    lives: LiveInterviewRepository, live: LiveInterview, source: Path, tools: Tools, folder: Path
) -> LiveInterview | None:
    """Each answer's clip, cut from the recording and stored after the analysis (its
    video_url appears then); a clip that fails is logged and left out, the analysis stands."""
    answers = [answer.model_copy() for answer in live.answers]
    for answer in answers:
        if answer.end_seconds <= answer.start_seconds:
            continue
        clip = folder / f"answer-{answer.number}.mp4"
        key = f"{object_prefixes(live.company_id, live.id)[1]}answer-{answer.number}.mp4"
        try:
            tools.media.clip(str(source), clip, answer.start_seconds, answer.end_seconds)
            tools.blobs.upload_file(clip, key, "video/mp4")
        except Exception:
            logger.exception("live answer clip failed", extra={"live_interview_id": live.id})
            continue
        answer.clip_key = key
    return _store(lives, live.id, live.company_id, {"answers": answers})


def _store(
    lives: LiveInterviewRepository,
    live_id: str,
    company_id: str,
    change: Mapping[str, object],
    analysis: InterviewAnalysis | None = None,
) -> LiveInterview | None:
    for _ in range(5):
        found = lives.get(company_id, live_id)
        if found is None:
            return None
        current, revision = found
        updated = current.model_copy(update=dict(change))
        produced = (
            [
                events.live_interview_analyzed(
                    updated, analysis.overall_score, analysis.recommendation, 1
                )
            ]
            if analysis is not None
            else []
        )
        try:
            lives.save(updated, revision, events=produced)
        except Conflict:
            continue
        return updated
    raise Conflict(f"live interview {live_id} is being changed concurrently")


def _analyzed(live: LiveInterview, analysis: InterviewAnalysis) -> Event:
    return events.live_interview_analyzed(live, analysis.overall_score, analysis.recommendation, 1)


def spans(live: LiveInterview) -> list[tuple[TimelineEntry, datetime, datetime]]:
    """Each asked question with its answer's span: to the next question, the last to the end."""
    end = live.ended_at or live.ends_at
    timeline = live.timeline
    return [
        (entry, entry.asked_at, timeline[i + 1].asked_at if i + 1 < len(timeline) else end)
        for i, entry in enumerate(timeline)
    ]


def _answer(
    live: LiveInterview,
    recording: LiveRecording | None,
    source: Path | None,
    lines: list[TranscriptLine],
    tools: Tools,
    folder: Path,
    entry: TimelineEntry,
    start: datetime,
    end: datetime,
) -> LiveAnswer:
    origin = recording.started_at if recording else live.started_at or start
    start_s = max(0.0, (start - origin).total_seconds())
    end_s = max(start_s, (end - origin).total_seconds())
    said = [line.text.strip() for line in lines if start <= line.start < end and line.text.strip()]
    text = " ".join(said)
    where: Literal["live", "recording"] = "live"
    if not text and source is not None and end_s > start_s:
        audio = folder / f"answer-{entry.number}.wav"
        tools.media.cut_speech_audio(str(source), audio, start_s, end_s - start_s)
        text, where = (
            tools.transcriber.transcribe(AudioInput(path=audio)).text.strip(),
            "recording",
        )
    return LiveAnswer(
        number=entry.number,
        kind=entry.kind,
        question_text=entry.text,
        start_seconds=round(start_s, 3),
        end_seconds=round(end_s, 3),
        transcript=text,
        transcript_source=where,
    )


def _for_scoring(live: LiveInterview, answer: LiveAnswer) -> AnswerForScoring:
    entry = live.timeline[answer.number - 1]
    question = (
        live.questions[entry.index]
        if entry.kind is TimelineKind.TEMPLATE and entry.index is not None
        else None
    )
    return AnswerForScoring(
        question=answer.question_text,
        ideal_answer=question.ideal_answer if question else None,
        competencies=list(question.competencies) if question else [],
        transcript=answer.transcript,
        answer_language=live.candidate.language,
        interview_language=live.candidate.language,
    )


def _score(
    live: LiveInterview, answers: list[LiveAnswer], analyzer: Analyzer, reviewer_language: str
) -> InterviewAnalysis | None:
    """Every answer with words scored; then the interview (None: nothing was said)."""
    pairs: list[tuple[AnswerForScoring, AnswerAnalysis]] = []
    for answer in answers:
        if not answer.transcript:
            continue
        scoring = _for_scoring(live, answer)
        answer.analysis = analyzer.score_answer(scoring)
        pairs.append((scoring, answer.analysis))
    if not pairs:
        return None
    return analyzer.analyze_interview(pairs, None, reviewer_language)
