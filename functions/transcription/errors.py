"""Provider errors of the pipeline's outside calls. ASL names them by class name:
ProviderUnavailable (5xx, timeouts, broken replies) is retried with backoff and jitter, then
dead-lettered; ProviderThrottled (429) is caught and waited out for the provider's Retry-After;
TranscriptionFailed is final.

ProviderThrottled's message is JSON ({"retry_after_seconds": n, "detail": ...}) because ASL can
read a number only from JSON: the state machine parses the Lambda error's message with
States.StringToJson and waits that many seconds (a Wait state with SecondsPath).
"""

from __future__ import annotations

import json
import math

DEFAULT_RETRY_AFTER_SECONDS = 5
MAX_RETRY_AFTER_SECONDS = 120


class ProviderThrottled(Exception):
    def __init__(self, detail: str, retry_after_seconds: float | None = None) -> None:
        wait = DEFAULT_RETRY_AFTER_SECONDS if retry_after_seconds is None else retry_after_seconds
        self.retry_after_seconds = min(MAX_RETRY_AFTER_SECONDS, max(1, math.ceil(wait)))
        self.detail = detail
        super().__init__(
            json.dumps({"retry_after_seconds": self.retry_after_seconds, "detail": detail})
        )


class ProviderUnavailable(Exception):
    """The provider failed transiently: a 5xx, a timeout, a broken connection or reply."""


class TranscriptionFailed(Exception):
    """The provider refused this audio for good (e.g. 400/413); retrying will not help."""
