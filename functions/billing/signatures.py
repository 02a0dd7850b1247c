"""Stripe's webhook signatures: verified with the Stripe library itself; made (for the local
stand-in and the tests) the way Stripe documents them: `t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<payload>" under the endpoint's signing secret>`."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from functions.domain.errors import DomainError
from functions.metrics_catalog import STRIPE_SIGNATURES_REFUSED
from functions.observability import metrics

TOLERANCE_SECONDS = 300  # Stripe's default: older signatures are refused (replays)


class SignatureRefused(DomainError):
    status = 400
    slug = "signature-refused"
    title = "Webhook signature refused"


def sign(payload: bytes, secret: str, at: int | None = None) -> str:
    timestamp = int(time.time()) if at is None else at
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verified_event(payload: bytes, signature: str | None, secret: str) -> dict[str, Any]:
    """The event, if `signature` (the Stripe-Signature header) signs `payload` with `secret`
    within the tolerance; SignatureRefused (400) otherwise."""
    try:
        return _verified(payload, signature, secret)
    except SignatureRefused:
        # Counted for the alarm: a wrong signing secret refuses every real event.
        metrics.add_metric(name=STRIPE_SIGNATURES_REFUSED, unit=MetricUnit.Count, value=1)
        raise


def _verified(payload: bytes, signature: str | None, secret: str) -> dict[str, Any]:
    import stripe

    if not signature:
        raise SignatureRefused("the Stripe-Signature header is missing")
    try:
        stripe.Webhook.construct_event(payload, signature, secret, tolerance=TOLERANCE_SECONDS)
    except stripe.SignatureVerificationError:
        raise SignatureRefused("the Stripe-Signature header does not sign this body") from None
    except ValueError:
        raise SignatureRefused("the body is not JSON") from None
    event: dict[str, Any] = json.loads(payload)
    return event
