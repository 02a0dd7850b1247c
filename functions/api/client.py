"""The network address a request came from, for per-address limits (sign-in)."""

from __future__ import annotations

from fastapi import Request

from functions import wiring

# Set by the CloudFront function on the API's behaviours (cdk/stacks/web.py) from the viewer's
# address, overwriting any value the viewer sent. API Gateway itself only sees CloudFront.
VIEWER_ADDRESS_HEADER = "X-Viewer-Address"


def client_address(request: Request) -> str | None:
    """Behind CloudFront (the origin check is on), the viewer's address CloudFront wrote;
    locally, the peer's. None when unknown: only per-account limits apply then."""
    if wiring.origin_secret() is not None:
        return request.headers.get(VIEWER_ADDRESS_HEADER) or None
    return request.client.host if request.client else None
