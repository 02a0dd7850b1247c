"""The SPA's bucket name and Content-Security-Policy, shared by the web stack (which owns the
bucket and serves the SPA) and the api stack (whose function serves the candidate page from
that bucket's index.html under the same policy, with each company's frame-ancestors).

Names, not construct references: the web stack depends on the api stack (its origin), so the
api stack may not refer to web-stack resources.
"""

from __future__ import annotations

from collections.abc import Sequence

from functions.resources import UPLOADS_BUCKET, resource_name


def site_bucket_name(stage: str, account: str) -> str:
    return f"{resource_name(stage, 'web')}-{account}"


def upload_origins(stage: str, account: str, region: str) -> tuple[str, str]:
    """The uploads bucket as browsers reach it: presigned uploads and playback."""
    uploads = UPLOADS_BUCKET.name(stage, account)
    return (
        f"https://{uploads}.s3.{region}.amazonaws.com",
        f"https://{uploads}.s3.amazonaws.com",
    )


def signalling_origin(api_id: str, region: str, url_suffix: str = "amazonaws.com") -> str:
    """The live interviews' signalling WebSocket API as browsers reach it (wss://, no path)."""
    return f"wss://{api_id}.execute-api.{region}.{url_suffix}"


def page_csp(uploads: Sequence[str], signalling: Sequence[str] = ()) -> str:
    """The SPA's policy without frame-ancestors: only itself, the uploads bucket and the live
    interviews' signalling WebSocket (connect-src: the rooms' offers, answers, audio frames)."""
    s3_origins = " ".join(uploads)
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {s3_origins}",
            f"media-src 'self' blob: {s3_origins}",
            " ".join(("connect-src 'self'", *uploads, *signalling)),
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "upgrade-insecure-requests",
        )
    )


def spa_csp(
    uploads: Sequence[str], embed_origins: Sequence[str], signalling: Sequence[str] = ()
) -> str:
    """The SPA's policy with its frame ancestors: itself and the given origins."""
    ancestors = " ".join(("'self'", *embed_origins))
    return f"{page_csp(uploads, signalling)}; frame-ancestors {ancestors}"
