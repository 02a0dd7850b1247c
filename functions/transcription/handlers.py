"""Lambda handlers of the transcription steps: thin, typed, Powertools-instrumented."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from functions import wiring
from functions.media.handlers import annotate
from functions.media.ports import AudioPart
from functions.media.use_cases import AnswerRef, AudioResult
from functions.observability import lambda_handler
from functions.transcription import use_cases
from functions.transcription.use_cases import PartTranscript


class PartStep(AnswerRef):
    """One item of the Map over the answer's audio parts."""

    part: AudioPart


class TranscriptStep(AnswerRef):
    audio: AudioResult  # ExtractAudio's result: the whole speech audio and its parts
    transcription_parts: list[PartTranscript]


@lambda_handler(PartStep)
def transcribe_audio_part(event: PartStep, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    part = use_cases.transcribe_audio_part(wiring.blobs(), wiring.transcriber(), event.part)
    return part.model_dump(mode="json")


@lambda_handler(TranscriptStep)
def save_transcript(event: TranscriptStep, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    saved = use_cases.save_transcript(
        wiring.interviews(), wiring.blobs(), event, event.transcription_parts, event.audio.audio_key
    )
    return _dump(saved)


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
