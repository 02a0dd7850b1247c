"""Lambda handlers of the transcription steps: thin, typed, Powertools-instrumented."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from functions import wiring
from functions.batches import process_sqs_batch
from functions.media.handlers import annotate
from functions.media.ports import AudioPart
from functions.media.use_cases import AnswerRef, AudioResult, MediaStep
from functions.observability import lambda_handler, logger
from functions.settings import get_settings
from functions.transcription import chunks, use_cases
from functions.transcription.chunks import ChunkResult
from functions.transcription.use_cases import PartTranscript


class PartStep(AnswerRef):
    """One item of the Map over the answer's audio parts."""

    part: AudioPart


class TranscriptStep(AnswerRef):
    # ExtractAudio's result (the whole speech audio and its parts) and their transcripts; or,
    # when the chunks were stitched, StitchChunks' result (no whole-file audio was made).
    audio: AudioResult | None = None
    transcription_parts: list[PartTranscript] = []
    chunks: ChunkResult | None = None

    @property
    def parts(self) -> list[PartTranscript]:
        if self.chunks is not None and self.chunks.stitched:
            return self.chunks.parts
        return self.transcription_parts


@lambda_handler(PartStep)
def transcribe_audio_part(event: PartStep, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    part = use_cases.transcribe_audio_part(wiring.blobs(), wiring.transcriber(), event.part)
    return part.model_dump(mode="json")


@lambda_handler(TranscriptStep)
def save_transcript(event: TranscriptStep, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    audio_key = event.audio.audio_key if event.audio is not None else None
    saved = use_cases.save_transcript(
        wiring.interviews(), wiring.blobs(), event, event.parts, audio_key
    )
    return _dump(saved)


@lambda_handler(MediaStep)
def transcribe_from_chunks(event: MediaStep, context: LambdaContext) -> dict[str, Any]:
    """StitchChunks: the transcript from the chunks, or stitched false (the whole file)."""
    annotate(event)
    result = chunks.transcribe_from_chunks(
        wiring.blobs(),
        wiring.transcriber(),
        wiring.media_tool(),
        event,
        wait_seconds=get_settings().chunk_transcript_wait_seconds,
    )
    logger.info("chunk transcripts", extra=result.model_dump(exclude={"parts"}))
    return _dump(result)


def _chunk_arrived(record: SQSRecord) -> None:
    # S3 -> EventBridge -> SQS: the body is the EventBridge event.
    key = json.loads(record.body)["detail"]["object"]["key"]
    chunks.transcribe_arrived_chunk(wiring.blobs(), wiring.transcriber(), key)


@lambda_handler()
def transcribe_audio_chunks(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The audio-chunks queue's consumer: each chunk transcribed as it arrives. Idempotent by
    its effect: a re-sent event writes the same transcript to the same key."""
    return process_sqs_batch(event, context, _chunk_arrived)


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
