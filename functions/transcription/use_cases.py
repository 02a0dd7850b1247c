"""Transcription steps of the answer pipeline: one audio part (run in parallel by the state
machine's Map), then the whole answer's transcript, segments and WebVTT captions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pydantic import BaseModel

from functions.domain.interviews import Answer, AnswerMedia, AnswerStatus
from functions.media.errors import NoSpeech
from functions.media.ports import AudioPart, BlobStore
from functions.media.use_cases import AnswerRef, change_answer, media_prefix
from functions.storage.repositories import InterviewRepository
from functions.transcription.captions import merge, webvtt
from functions.transcription.ports import AudioInput, Transcriber, Transcript


class PartTranscript(BaseModel):
    key: str  # the part's Transcript as JSON
    offset_seconds: float
    language: str


def part_transcript_key(part: AudioPart) -> str:
    return part.key.rsplit(".", 1)[0] + ".transcript.json"


def transcribe_audio_part(
    blobs: BlobStore, transcriber: Transcriber, part: AudioPart
) -> PartTranscript:
    if transcriber.wants_url:
        transcript = transcriber.transcribe(AudioInput(url=blobs.url_for_reading(part.key)))
    else:
        with tempfile.TemporaryDirectory(prefix="part-") as folder:
            path = Path(folder) / Path(part.key).name
            blobs.download(part.key, path)  # one part: at most transcription_part_seconds
            transcript = transcriber.transcribe(AudioInput(path=path))
    key = part_transcript_key(part)
    blobs.put_bytes(key, transcript.model_dump_json().encode(), "application/json")
    return PartTranscript(key=key, offset_seconds=part.offset_seconds, language=transcript.language)


class SavedTranscript(BaseModel):
    language: str
    words: int
    transcript_key: str
    captions_key: str
    # The candidate asked for a human-only review: the state machine skips the AI score.
    human_review_only: bool = False


def save_transcript(
    interviews: InterviewRepository,
    blobs: BlobStore,
    ref: AnswerRef,
    parts: list[PartTranscript],
    audio_key: str | None,
) -> SavedTranscript:
    loaded = [
        (p.offset_seconds, Transcript.model_validate_json(blobs.get_bytes(p.key))) for p in parts
    ]
    transcript = merge(loaded)
    if not transcript.text.strip():
        raise NoSpeech(
            "no speech was recognised in the recording; check the microphone and record again"
        )
    prefix = media_prefix(ref)
    transcript_key, captions_key = prefix + "transcript.json", prefix + "captions.vtt"
    blobs.put_bytes(transcript_key, transcript.model_dump_json().encode(), "application/json")
    blobs.put_bytes(captions_key, webvtt(transcript.segments).encode(), "text/vtt")

    def transcribed(answer: Answer) -> Answer | None:
        if answer.status is not AnswerStatus.PROCESSING:
            return None  # already past this step (a retried state)
        # Only the audio's key: RecordMedia sets the video's and images' (the other branch).
        # None: transcribed from the recorder's chunks, no whole-file audio was made.
        media = (answer.media_keys or AnswerMedia()).model_copy(update={"audio_key": audio_key})
        return answer.model_copy(
            update={
                "media_keys": media,
                "status": AnswerStatus.TRANSCRIBED,
                "transcript": transcript.text,
                "language": transcript.language,
                "transcript_key": transcript_key,
                "captions_key": captions_key,
            }
        )

    change_answer(interviews, ref, transcribed)
    found = interviews.get(ref.company_id, ref.interview_id)
    return SavedTranscript(
        human_review_only=found is not None and found[0].human_review_only,
        language=transcript.language,
        words=len(transcript.text.split()),
        transcript_key=transcript_key,
        captions_key=captions_key,
    )
