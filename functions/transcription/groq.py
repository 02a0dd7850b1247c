"""Groq's hosted Whisper (whisper-large-v3-turbo): verbose JSON with segment timestamps.

The audio goes by presigned URL when Groq can reach the bucket (the cloud), else as a file.
The SDK's own retries are off: the state machine owns retries (backoff and jitter for 5xx and
timeouts, the provider's Retry-After for 429), so an attempt here is one HTTP request. Each one
counts as one AIProviderCalls and, when it fails, one AIProviderFailures (functions/observability).
"""

from __future__ import annotations

import json
from typing import Any

import groq
from pydantic import BaseModel, ValidationError

from functions.observability import ai_provider_call
from functions.transcription.errors import (
    ProviderThrottled,
    ProviderUnavailable,
    TranscriptionFailed,
)
from functions.transcription.ports import AudioInput, Segment, Transcript

DEFAULT_MODEL = "whisper-large-v3-turbo"


class _VerboseSegment(BaseModel):
    start: float
    end: float
    text: str


class _VerboseJson(BaseModel):
    language: str
    duration: float
    text: str
    segments: list[_VerboseSegment] = []


class GroqTranscriber:
    name = "groq"

    def __init__(self, client: groq.Groq, model: str = DEFAULT_MODEL, by_url: bool = True) -> None:
        self._client = client
        self._model = model
        self._by_url = by_url

    @property
    def wants_url(self) -> bool:
        return self._by_url

    def transcribe(self, audio: AudioInput, prompt: str | None = None) -> Transcript:
        """`prompt`: text said just before this audio (the live transcript's previous words),
        sent only when given."""
        source: dict[str, Any]
        if self._by_url and audio.url:
            source = {"url": audio.url}
        elif audio.path is not None:
            source = {"file": (audio.path.name, audio.path.read_bytes())}
        else:
            raise TranscriptionFailed("no audio to send: neither a URL nor a file")
        if prompt:
            source["prompt"] = prompt
        if audio.language:
            source["language"] = audio.language
        with ai_provider_call(self.name, "transcription"):
            return self._transcript(self._request(source))

    def _request(self, source: dict[str, Any]) -> str:
        try:
            raw = self._client.audio.transcriptions.with_raw_response.create(
                model=self._model,
                response_format="verbose_json",
                timestamp_granularities=["segment"],
                temperature=0.0,
                **source,
            )
        except groq.RateLimitError as error:
            raise ProviderThrottled(
                f"Groq rate limit: {_message(error)}", _retry_after(error.response)
            ) from error
        except (groq.APITimeoutError, groq.APIConnectionError) as error:
            raise ProviderUnavailable(f"Groq did not answer: {error}") from error
        except groq.InternalServerError as error:
            raise ProviderUnavailable(
                f"Groq failed with HTTP {error.status_code}: {_message(error)}"
            ) from error
        except groq.APIStatusError as error:
            raise TranscriptionFailed(
                f"Groq refused the audio (HTTP {error.status_code}): {_message(error)}"
            ) from error
        return str(raw.http_response.text)

    def _transcript(self, body: str) -> Transcript:
        try:
            parsed = _VerboseJson.model_validate_json(body)
        except ValidationError as error:
            # A broken reply is the provider's fault and may not repeat: retried like a 5xx.
            raise ProviderUnavailable(
                f"Groq returned a reply that is not the verbose JSON: {error.errors()[0]['msg']}"
            ) from error
        segments = [
            Segment(start=max(0.0, s.start), end=max(0.0, s.end), text=s.text.strip())
            for s in parsed.segments
        ]
        return Transcript(
            language=_iso(parsed.language),
            text=parsed.text.strip(),
            segments=segments,
            duration_seconds=parsed.duration,
            provider=self.name,
            model=self._model,
        )


def _message(error: groq.APIStatusError) -> str:
    try:
        body = error.response.json()
    except (ValueError, json.JSONDecodeError):
        return error.response.text[:300]
    detail = body.get("error", body) if isinstance(body, dict) else body
    if isinstance(detail, dict):
        return str(detail.get("message", detail))[:300]
    return str(detail)[:300]


def _retry_after(response: Any) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


_NAMES = {"english": "en", "russian": "ru", "german": "de", "spanish": "es"}


def _iso(language: str) -> str:
    """Groq's verbose JSON names the language ("English"); the platform uses ISO 639-1."""
    cleaned = language.strip().lower()
    return _NAMES.get(cleaned, cleaned)
