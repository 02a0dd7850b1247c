"""Only CloudFront may call the API: it adds a secret header to every request it forwards.

API Gateway HTTP APIs cannot take a WAF web ACL, so the WAF guards the CloudFront distribution
in front of the API (cdk/stacks/web.py). Its execute-api endpoint stays reachable on the
internet, though; this check closes it. CloudFront sends X-Origin-Verify (overwriting any value
a viewer sends), and when the check is on (a secret is configured: always in the cloud, never
locally) every request without the right value gets 403 problem+json, /health included: the
stage's health is checked where users reach it, through CloudFront.

The value is the origin-verify secret in Secrets Manager, re-read every 5 minutes. During a
rotation (docs/deploy.md) CloudFront keeps sending the old value until the web stack is
deployed again, so the previous version is accepted too. Not Powertools' parameters cache: its
cache key ignores the version stage, and it caches no "no previous version" answer, which every
refused request would then pay for.
"""

from __future__ import annotations

import hmac
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from starlette.middleware.base import RequestResponseEndpoint

from functions import wiring
from functions.api import problems

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

HEADER = "X-Origin-Verify"
MAX_AGE_SECONDS = 300.0


class OriginSecret:
    """The values the header may carry, read through `read` at most every `max_age` seconds."""

    def __init__(
        self,
        read: Callable[[], tuple[str, ...]],
        *,
        max_age: float = MAX_AGE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read = read
        self._max_age = max_age
        self._clock = clock
        self._values: tuple[str, ...] = ()
        self._read_at: float | None = None

    def values(self) -> tuple[str, ...]:
        now = self._clock()
        if self._read_at is None or now - self._read_at >= self._max_age:
            self._values = tuple(v for v in self._read() if v)  # an empty value matches nothing
            self._read_at = now
        return self._values

    def accepts(self, supplied: str | None) -> bool:
        if not supplied:
            return False
        given = supplied.encode()
        # Compare with every value, so the timing says nothing about which one matched.
        matches = [hmac.compare_digest(given, value.encode()) for value in self.values()]
        return any(matches)


def fixed(value: str) -> OriginSecret:
    """A value from the environment (tests)."""
    return OriginSecret(lambda: (value,), max_age=math.inf)


def from_secrets_manager(client: SecretsManagerClient, secret_id: str) -> OriginSecret:
    """The secret's current version and, if there is one, its previous version."""

    def read() -> tuple[str, ...]:
        current = client.get_secret_value(SecretId=secret_id)["SecretString"]
        try:
            previous = client.get_secret_value(SecretId=secret_id, VersionStage="AWSPREVIOUS")
        except client.exceptions.ResourceNotFoundException:
            return (current,)
        return (current, previous["SecretString"])

    return OriginSecret(read)


def install(app: FastAPI) -> None:
    """The check, around CORS (preflights are refused too) and inside the request log."""

    @app.middleware("http")
    async def only_through_cloudfront(
        request: Request, call_next: RequestResponseEndpoint
    ) -> Response:
        secret = wiring.origin_secret()
        if secret is not None and not secret.accepts(request.headers.get(HEADER)):
            return problems.problem(
                request,
                403,
                "origin-not-allowed",
                "Forbidden",
                "requests must come through the platform's web address, not the API endpoint",
            )
        return await call_next(request)
