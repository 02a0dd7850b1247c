"""The answer pipeline's media steps: start one execution per answer attempt, verify the stored
upload, probe it, then (in parallel branches of the state machine) transcode, extract speech
audio and make images, and record what was made. Each step returns a small model of S3 keys."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.candidates.use_cases import parse_answer_key, record_upload
from functions.domain.errors import Conflict, NotFound, UploadRejected
from functions.domain.interviews import Answer, AnswerMedia, AnswerStatus, VideoStatus
from functions.events import producers as events
from functions.events.catalog import Event
from functions.media.errors import (
    CorruptMedia,
    MediaNotMade,
    MediaRejected,
    NotMedia,
    RecordingTooLong,
)
from functions.media.ports import AudioPart, BlobStore, MediaTool
from functions.observability import logger
from functions.recordings.ports import RecordingStore
from functions.settings import Settings
from functions.storage.repositories import InterviewRepository

if TYPE_CHECKING:
    from mypy_boto3_stepfunctions import SFNClient


class AnswerRef(BaseModel):
    """The execution input: which answer, where its bytes are, and the correlation id."""

    company_id: str
    interview_id: str
    answer_id: str
    bucket: str
    key: str
    correlation_id: str


class StartResult(BaseModel):
    started: bool
    execution_name: str | None = None
    reason: str | None = None


def media_prefix(ref: AnswerRef) -> str:
    """Where an answer's derived media live (outside answers/, so they start no pipeline)."""
    return f"media/{ref.company_id}/{ref.interview_id}/{ref.answer_id}/"


def execution_name(answer_id: str, processing_attempt: int) -> str:
    """The answer id names the first run; a reprocess adds its attempt number."""
    return answer_id if processing_attempt == 1 else f"{answer_id}-{processing_attempt}"


def start_answer_processing(
    sfn: SFNClient, state_machine_arn: str, bucket: str, key: str, correlation_id: str
) -> StartResult:
    try:
        company_id, interview_id, answer_id = parse_answer_key(key)
    except UploadRejected as error:
        logger.warning("ignoring object that is not an answer", extra={"key": key})
        return StartResult(started=False, reason=error.detail)
    ref = AnswerRef(
        company_id=company_id,
        interview_id=interview_id,
        answer_id=answer_id,
        bucket=bucket,
        key=key,
        correlation_id=correlation_id,
    )
    # The answer id names the execution: a duplicate S3 event cannot start a second run.
    try:
        sfn.start_execution(
            stateMachineArn=state_machine_arn, name=answer_id, input=ref.model_dump_json()
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        logger.info("duplicate upload event; execution already exists", extra={"key": key})
        return StartResult(started=False, execution_name=answer_id, reason="duplicate event")
    return StartResult(started=True, execution_name=answer_id)


class VerifiedUpload(BaseModel):
    status: AnswerStatus
    size_bytes: int | None
    content_type: str


def verify_upload(
    interviews: InterviewRepository, store: RecordingStore, settings: Settings, ref: AnswerRef
) -> VerifiedUpload:
    answer = _answer(interviews, ref)
    stored = store.head(ref.key)
    if stored is None:
        raise UploadRejected(f"the upload {ref.key} is not in the bucket")
    confirmed = record_upload(interviews, settings, answer, stored)
    if confirmed.status is AnswerStatus.FAILED:
        # completeAnswerUpload judged it first (e.g. not the announced size): stop here too.
        raise UploadRejected(confirmed.failure_reason or "the recording was rejected")
    return VerifiedUpload(
        status=confirmed.status,
        size_bytes=confirmed.size_bytes,
        content_type=confirmed.content_type,
    )


# Errors after which the candidate should record again; anything else is the platform's or a
# provider's fault and lands in the dead-letter path (a recruiter can reprocess the answer).
RECORDING_ERRORS = frozenset(
    {"UploadRejected", "MediaRejected", "NotMedia", "CorruptMedia", "NoAudioTrack",
     "RecordingTooLong", "NoSpeech"}
)  # fmt: skip


def record_answer_failure(
    interviews: InterviewRepository, ref: AnswerRef, error: str, cause: str
) -> Answer:
    """Mark the answer failed with a reason a recruiter can read; the upload stays in S3."""
    reason = failure_reason(error, cause)
    kind = "recording" if error in RECORDING_ERRORS else "provider"

    def fail(answer: Answer) -> Answer | None:
        if answer.status is AnswerStatus.FAILED:
            return None
        return answer.model_copy(
            update={"status": AnswerStatus.FAILED, "failure_reason": reason, "failure_kind": kind}
        )

    failed = change_answer(interviews, ref, fail, produce=lambda a: [events.answer_failed(a)])
    logger.warning("answer failed", extra={"answer_id": ref.answer_id, "reason": reason})
    return failed


def change_answer(
    interviews: InterviewRepository,
    ref: AnswerRef,
    change: Callable[[Answer], Answer | None],
    produce: Callable[[Answer], list[Event]] | None = None,
) -> Answer:
    """Read-modify-write of one answer, again on a fresh read when someone wrote meanwhile.
    `change` returns None when there is nothing to write (the step ran before); `produce`
    gives the events the written answer causes (written with it, in one transaction)."""
    for _ in range(5):
        answer, revision = _answer_with_revision(interviews, ref)
        updated = change(answer)
        if updated is None:
            return answer
        try:
            interviews.save_answer(updated, revision, events=produce(updated) if produce else ())
        except Conflict:
            continue
        return updated
    raise Conflict(f"answer {ref.answer_id} is being changed concurrently")


# ---------------------------------------------------------------------------------------------
# Probe
# ---------------------------------------------------------------------------------------------


class ProbeResult(BaseModel):
    format_name: str
    duration_seconds: float
    has_video: bool
    remux: bool  # already H.264/AAC: copied into MP4, not re-encoded


def probe_answer(
    interviews: InterviewRepository,
    blobs: BlobStore,
    tool: MediaTool,
    settings: Settings,
    ref: AnswerRef,
) -> ProbeResult:
    answer = _answer(interviews, ref)
    interview = interviews.get(ref.company_id, ref.interview_id)
    if interview is None:
        raise NotFound(f"interview {ref.interview_id} not found")
    source = blobs.url_for_reading(ref.key)
    info = tool.probe(source)
    if info.duration_seconds <= 0:
        raise NotMedia("the recording has no length; record the answer again")
    limit = _length_limit(
        settings, interview[0].questions[answer.question_index].time_limit_seconds
    )
    if info.duration_seconds > limit:
        raise RecordingTooLong(
            f"the recording lasts {info.duration_seconds:.0f} s, longer than the {limit} s this "
            "question allows; record a shorter answer"
        )
    tool.verify_decodes(source)

    def processing(current: Answer) -> Answer | None:
        if current.status not in (AnswerStatus.UPLOADED, AnswerStatus.PROCESSING):
            return None
        return current.model_copy(
            update={
                "status": AnswerStatus.PROCESSING,
                "duration_seconds": info.duration_seconds,
                "video_status": VideoStatus.PROCESSING,
            }
        )

    change_answer(interviews, ref, processing)
    return ProbeResult(
        format_name=info.format_name,
        duration_seconds=info.duration_seconds,
        has_video=info.has_video,
        remux=info.remuxable,
    )


def _length_limit(settings: Settings, question_limit_seconds: int) -> int:
    return min(settings.max_answer_seconds, question_limit_seconds + settings.answer_grace_seconds)


# ---------------------------------------------------------------------------------------------
# The three parallel branches: video, speech audio, images
# ---------------------------------------------------------------------------------------------


class MediaStep(AnswerRef):
    """A branch's input: the answer and what the probe found."""

    probe: ProbeResult


class MediaIssue(BaseModel):
    """What the state machine caught when a video or images branch failed (Error, Cause)."""

    Error: str
    Cause: str = ""


class VideoResult(BaseModel):
    """The transcoded video; or, when it could not be made, the issue (no key)."""

    video_key: str | None = None
    remuxed: bool = False
    issue: MediaIssue | None = None


class AudioResult(BaseModel):
    audio_key: str
    parts: list[AudioPart]


class ImagesResult(BaseModel):
    poster_key: str | None = None
    thumbnails_key: str | None = None
    issue: MediaIssue | None = None


def _workdir() -> tempfile.TemporaryDirectory[str]:
    # Outputs only (the original is streamed from S3); removed when the step ends.
    return tempfile.TemporaryDirectory(prefix="answer-")


def transcode_answer(blobs: BlobStore, tool: MediaTool, step: MediaStep) -> VideoResult:
    key = media_prefix(step) + "video.mp4"
    probe = step.probe
    with _workdir() as folder:
        target = Path(folder) / "video.mp4"
        source = blobs.url_for_reading(step.key)
        _media_call(
            lambda: tool.to_mp4(source, target, remux=probe.remux, has_video=probe.has_video),
            MediaNotMade("the video could not be converted to MP4"),
        )
        blobs.upload_file(target, key, "video/mp4")
    return VideoResult(video_key=key, remuxed=probe.remux)


def extract_answer_audio(
    blobs: BlobStore, tool: MediaTool, settings: Settings, step: MediaStep
) -> AudioResult:
    prefix = media_prefix(step)
    audio_key = prefix + "audio.flac"
    part_seconds = settings.transcription_part_seconds
    with _workdir() as folder:
        audio = Path(folder) / "audio.flac"
        _media_call(lambda: tool.to_speech_audio(blobs.url_for_reading(step.key), audio))
        blobs.upload_file(audio, audio_key, "audio/flac")
        if step.probe.duration_seconds <= part_seconds:
            whole = AudioPart(
                key=audio_key, offset_seconds=0, duration_seconds=step.probe.duration_seconds
            )
            return AudioResult(audio_key=audio_key, parts=[whole])
        parts_dir = Path(folder) / "parts"
        parts_dir.mkdir()
        parts = []
        for index, path in enumerate(tool.split_audio(audio, parts_dir, part_seconds)):
            key = f"{prefix}audio-part-{index:03d}.flac"
            blobs.upload_file(path, key, "audio/flac")
            offset = index * part_seconds
            length = min(part_seconds, step.probe.duration_seconds - offset)
            parts.append(AudioPart(key=key, offset_seconds=offset, duration_seconds=length))
            path.unlink()  # bound /tmp: one part at a time besides the whole
    return AudioResult(audio_key=audio_key, parts=parts)


def make_answer_images(
    blobs: BlobStore, tool: MediaTool, settings: Settings, step: MediaStep
) -> ImagesResult:
    if not step.probe.has_video:
        return ImagesResult(poster_key=None, thumbnails_key=None)
    duration = step.probe.duration_seconds
    prefix = media_prefix(step)
    with _workdir() as folder:
        poster, strip = Path(folder) / "poster.jpg", Path(folder) / "thumbnails.jpg"
        at = min(1.0, duration / 2)
        not_made = MediaNotMade("the poster and thumbnails could not be made from the video")
        _media_call(lambda: tool.poster(blobs.url_for_reading(step.key), poster, at), not_made)
        _media_call(
            lambda: tool.thumbnail_strip(
                blobs.url_for_reading(step.key), strip, duration, settings.thumbnail_count
            ),
            not_made,
        )
        blobs.upload_file(poster, prefix + "poster.jpg", "image/jpeg")
        blobs.upload_file(strip, prefix + "thumbnails.jpg", "image/jpeg")
    return ImagesResult(poster_key=prefix + "poster.jpg", thumbnails_key=prefix + "thumbnails.jpg")


def _media_call(run: Callable[[], None], not_made: MediaNotMade | None = None) -> None:
    """FFmpeg failing on a file the probe accepted means the file is damaged. For the speech
    audio that makes the recording unusable (CorruptMedia: record again); for the video and
    images (`not_made`) it is a missing derived file, reported on an answer that is still
    transcribed and scored."""
    try:
        run()
    except MediaRejected:
        raise
    except RuntimeError as error:
        if not_made is not None:
            raise MediaNotMade(f"{not_made} ({_ffmpeg_reason(str(error))})") from error
        raise CorruptMedia(
            f"the recording could not be converted ({str(error)[:300]}); record the answer again"
        ) from error


def _ffmpeg_reason(stderr: str) -> str:
    """FFmpeg's last line that says what went wrong, without its [component @ address]
    prefixes and the thread bookkeeping after it."""
    noise = ("Terminating thread", "Task finished with error")
    lines = [
        line for line in stderr.splitlines() if line.strip() and not any(n in line for n in noise)
    ]
    last = lines[-1] if lines else stderr
    return last.rsplit("] ", 1)[-1].strip()[:200]


class MediaMade(BaseModel):
    """The video branch's results (MakeVideo's two branches, as that Parallel shapes them)."""

    video: VideoResult
    images: ImagesResult


def record_answer_media(interviews: InterviewRepository, ref: AnswerRef, made: MediaMade) -> Answer:
    """Store what was made and what could not be (`media_issues`: "video" / "images" -> why,
    for the recruiter; the original upload stays playable) and the video's status.

    It runs while the audio branch writes the same answer (SaveTranscript, ScoreAnswer): each
    change starts from a fresh read and sets only its own fields (here the video and images
    keys, media_issues and video_status), and a revision conflict re-reads and applies it
    again (`change_answer`), so neither write undoes the other."""
    issues = {
        what: failure_reason(issue.Error, issue.Cause)
        for what, issue in (("video", made.video.issue), ("images", made.images.issue))
        if issue is not None
    }
    if issues:
        logger.warning("answer media not made", extra={"answer_id": ref.answer_id, **issues})

    video_status = VideoStatus.FAILED if made.video.issue else VideoStatus.READY

    def store(answer: Answer) -> Answer | None:
        media = (answer.media_keys or AnswerMedia()).model_copy(
            update={
                "video_key": made.video.video_key,
                "poster_key": made.images.poster_key,
                "thumbnails_key": made.images.thumbnails_key,
            }
        )
        current = (answer.media_keys, answer.media_issues, answer.video_status)
        if current == (media, issues, video_status):
            return None
        return answer.model_copy(
            update={"media_keys": media, "media_issues": issues, "video_status": video_status}
        )

    return change_answer(interviews, ref, store)


def failure_reason(error: str, cause: str) -> str:
    # A Lambda error's Cause is its JSON payload; the message is what a person can act on.
    try:
        message = json.loads(cause).get("errorMessage")
    except (ValueError, AttributeError):
        message = None
    return f"{error}: {message or cause or 'no detail'}"[:1000]


def _answer_with_revision(interviews: InterviewRepository, ref: AnswerRef) -> tuple[Answer, int]:
    found = interviews.answer(ref.company_id, ref.interview_id, ref.answer_id)
    if found is None:
        raise NotFound(f"answer {ref.answer_id} of interview {ref.interview_id} not found")
    return found


def _answer(interviews: InterviewRepository, ref: AnswerRef) -> Answer:
    return _answer_with_revision(interviews, ref)[0]
