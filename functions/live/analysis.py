"""The analysis after a live call (issue 13 item 6): ports as arguments, no wiring.

When the call has ended and the candidate's recording is complete (or 2 minutes after the end
without one: transcript only), answer i is [asked_at_i, asked_at_{i+1}) of the candidate's
recording (the last to the end); its transcript is the candidate's confirmed lines inside its
span (the live transcriber's), else that stretch of the recording's audio transcribed (cut by
seeking, in the interview's language: Whisper does not detect it again). The answers are scored
with the same Analyzer as recorded answers, then the interview as a whole (in the company's
reviewer language), and stored on the live interview with `live_interview.analyzed` first.
What the analysis does not need is off its path: the recording downloads in a worker beside
the scoring (only missing answers wait for it), the missing answers are transcribed in that
worker while the answers with live lines are scored, and only after the analysis is stored is
the recording cut into one MP4 clip per answer under media/<company>/live-<live id>/
(re-encoding the call's video takes longer than the analysis: benchmarks/live), each answer's
clip_key (its video_url) stored. A candidate who asked for a human-only review is transcribed,
never scored (analysis_status "skipped").
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from functions.analysis.ports import AnswerAnalysis, AnswerForScoring, InterviewAnalysis
from functions.domain.errors import Conflict
from functions.events import producers as events
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
TRANSCRIBING_AT_ONCE = 2  # missing answers transcribed side by side
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
    with (
        tempfile.TemporaryDirectory(prefix="live-analysis-") as work,
        ThreadPoolExecutor(max_workers=2, thread_name_prefix="live-analysis") as pool,
    ):
        folder = Path(work)
        # The recording downloads beside the scoring: only missing answers wait for it.
        source = pool.submit(_download, recording, tools.blobs, folder)
        try:
            answers = [
                _answer(live, recording, lines, entry, start, end)
                for entry, start, end in spans(live)
            ]
            missing = [answer for answer in answers if _missing(answer, recording)]
            heard = (
                pool.submit(_transcribed, missing, source, tools, folder, live.candidate.language)
                if missing
                else None
            )
            skipped = live.consent is not None and live.consent.human_review_only
            answers, analysis = _analyzed(live, answers, heard, tools.analyzer, reviewer_language,
                                          score=not skipped)  # fmt: skip
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
        if recording is None or stored is None:
            return stored
        return _clipped(lives, stored, source, tools, folder)


def _download(recording: LiveRecording | None, blobs: BlobStore, folder: Path) -> Path | None:
    if recording is None:
        return None
    source = folder / f"recording.{recording.object_key.rsplit('.', 1)[-1]}"
    blobs.download(recording.object_key, source)
    return source


def _missing(answer: LiveAnswer, recording: LiveRecording | None) -> bool:
    """No confirmed line in the answer's span: its stretch of the recording is transcribed."""
    return (
        not answer.transcript
        and recording is not None
        and answer.end_seconds > answer.start_seconds
    )


def _transcribed(
    missing: list[LiveAnswer],
    source: Future[Path | None],
    tools: Tools,
    folder: Path,
    language: str,
) -> dict[int, str]:
    """Each missing answer's stretch of the recording (16 kHz mono, cut by seeking, not by
    decoding the whole call) transcribed in the interview's language (as the live
    transcriber hears it: no detection), TRANSCRIBING_AT_ONCE at a time (Groq's requests
    wait on the network; the local Whisper runs one decode at a time anyway); by number."""
    recording = source.result()
    if recording is None:  # answers are missing only when there is a recording
        return {}
    audio: dict[int, Path] = {}
    for answer in missing:
        audio[answer.number] = folder / f"answer-{answer.number}.wav"
        duration = answer.end_seconds - answer.start_seconds
        tools.media.cut_speech_audio(
            str(recording), audio[answer.number], answer.start_seconds, duration
        )

    def heard(number: int) -> str:
        said = tools.transcriber.transcribe(AudioInput(path=audio[number], language=language))
        return said.text.strip()

    with ThreadPoolExecutor(TRANSCRIBING_AT_ONCE, thread_name_prefix="live-whisper") as pool:
        return dict(zip(audio, pool.map(heard, audio), strict=True))


def _clipped(
    lives: LiveInterviewRepository,
    live: LiveInterview,
    downloaded: Future[Path | None],
    tools: Tools,
    folder: Path,
) -> LiveInterview | None:
    """Each answer's clip, cut from the recording and stored after the analysis (its
    video_url appears then); a clip that fails is logged and left out, the analysis stands."""
    try:
        source = downloaded.result()
    except Exception:
        logger.exception("live recording download failed", extra={"live_interview_id": live.id})
        return live
    if source is None:
        return live
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
    lines: list[TranscriptLine],
    entry: TimelineEntry,
    start: datetime,
    end: datetime,
) -> LiveAnswer:
    """The answer's span on the recording's clock and its confirmed lines' text (empty: none)."""
    origin = recording.started_at if recording else live.started_at or start
    start_s = max(0.0, (start - origin).total_seconds())
    end_s = max(start_s, (end - origin).total_seconds())
    said = [line.text.strip() for line in lines if start <= line.start < end and line.text.strip()]
    return LiveAnswer(
        number=entry.number,
        kind=entry.kind,
        question_text=entry.text,
        start_seconds=round(start_s, 3),
        end_seconds=round(end_s, 3),
        transcript=" ".join(said),
        transcript_source="live",
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


def _analyzed(
    live: LiveInterview,
    answers: list[LiveAnswer],
    heard: Future[dict[int, str]] | None,
    analyzer: Analyzer,
    reviewer_language: str,
    *,
    score: bool,
) -> tuple[list[LiveAnswer], InterviewAnalysis | None]:
    """The answers with their transcripts and scores, and the interview's analysis (None: not
    scored, or nothing was said). The answers with live lines are scored while the missing
    ones are transcribed (`heard`), then those."""
    scored: dict[int, tuple[AnswerForScoring, AnswerAnalysis]] = {}

    def scored_answer(answer: LiveAnswer) -> LiveAnswer:
        if not score or not answer.transcript:
            return answer
        scoring = _for_scoring(live, answer)
        scored[answer.number] = (scoring, analyzer.score_answer(scoring))
        return answer.model_copy(update={"analysis": scored[answer.number][1]})

    answers = [scored_answer(answer) for answer in answers]
    texts = heard.result() if heard is not None else {}
    answers = [
        scored_answer(answer.model_copy(update={"transcript": texts[answer.number],
                                                "transcript_source": "recording"}))
        if answer.number in texts
        else answer
        for answer in answers
    ]  # fmt: skip
    pairs = [scored[answer.number] for answer in answers if answer.number in scored]
    if not pairs:
        return answers, None
    return answers, analyzer.analyze_interview(pairs, None, reviewer_language)
