"""Errors an analyzer raises. The state machine names them by class name in ASL `ErrorEquals`:
ProviderThrottled and ProviderUnavailable are transient (Retry with backoff and jitter);
AnalysisFailed is final (Catch to the failure state, which records the message)."""

from __future__ import annotations


class AnalysisFailed(Exception):
    """The analysis cannot be produced (e.g. the model returned invalid output twice, or the
    input cannot be scored). Retrying the same input will not help."""


class ProviderThrottled(Exception):
    """The provider refused for rate limits (HTTP 429). `retry_after_seconds` is what the
    provider asked us to wait (its Retry-After header), or None when it did not say."""

    def __init__(self, message: str, retry_after_seconds: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ProviderUnavailable(Exception):
    """The provider failed transiently: a 5xx, a timeout or a broken connection."""
