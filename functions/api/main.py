"""The HTTP API: one FastAPI app, served by Mangum on Lambda and by uvicorn locally."""

from __future__ import annotations

import gc

# Cold start (issue 18): the import below creates ~100k objects (FastAPI's routes, the pydantic
# schemas and validators, the modules), all of them kept for the life of the process, and the
# cyclic collector would walk them again and again while they are made (~230 collections) and
# find nothing to free. It is paused for the import; at the end (after the app is built) it is
# resumed and what the import made is frozen out of its generations, so neither the import nor
# the first requests' full collections scan it.
_collecting = gc.isenabled()
gc.disable()

import time
import uuid
from typing import Any, cast

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from mangum import Mangum
from starlette.middleware.base import RequestResponseEndpoint

from functions.api import contract, origin, problems
from functions.api.client import client_address
from functions.api.lazy_routes import LazyRouter, include, init_before_requests, load_all
from functions.audit import context as audit_context
from functions.observability import LazyTracer, logger, metrics, tracer
from functions.settings import get_settings

API_VERSION = "1.0.0"
_ROUTERS = "functions.api.routers"

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


# The routers in the order they match, with the path prefixes of their routes: each is imported
# with the first request under one of them (functions/api/lazy_routes.py).
ROUTERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (f"{_ROUTERS}.accounts", "router", ("/auth", "/company", "/me", "/users")),
    (f"{_ROUTERS}.templates", "router", ("/templates",)),
    # before interviews: /interviews/live is not an interview id
    (f"{_ROUTERS}.live", "router", ("/interviews/live",)),
    (f"{_ROUTERS}.interviews", "router", ("/interviews",)),
    (f"{_ROUTERS}.candidate", "router", ("/candidate",)),
    (f"{_ROUTERS}.candidate_page", "router", ("/i",)),
    (f"{_ROUTERS}.health", "router", ("/health",)),
    (f"{_ROUTERS}.webhooks", "router", ("/webhooks",)),
    (f"{_ROUTERS}.integrations", "router", ("/integrations",)),
    (f"{_ROUTERS}.candidates_directory", "router", ("/candidates",)),
    (f"{_ROUTERS}.notifications", "router", ("/notifications",)),
    (f"{_ROUTERS}.billing", "router", ("/billing",)),
    (f"{_ROUTERS}.audit", "router", ("/company/audit-log",)),
    (f"{_ROUTERS}.analytics", "router", ("/company/analytics",)),
    # Team collaboration (issue 15)
    (f"{_ROUTERS}.collaboration", "router", ("/interviews",)),
    (f"{_ROUTERS}.scorecards", "router", ("/company/scorecard-templates", "/interviews")),
    (f"{_ROUTERS}.inbox", "router", ("/notifications",)),
    # Candidates' data-protection rights (issue 17)
    (f"{_ROUTERS}.privacy", "router", ("/candidates/privacy",)),
    (f"{_ROUTERS}.privacy", "candidate_router", ("/candidate/privacy",)),
    # Interview actions (issue 12): share links for a hiring manager
    (f"{_ROUTERS}.share_links", "router", ("/interviews",)),
    # Templates (issue 12): the question bank
    (f"{_ROUTERS}.question_bank", "router", ("/templates/bank/questions",)),
)


def create_app() -> FastAPI:
    app = FastAPI(
        title="Interviews API",
        version=API_VERSION,
        description="AI video interviews: templates, invitations, candidate sessions and "
        "uploads, results and decisions. Errors are application/problem+json (RFC 9457).",
    )
    problems.install(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=get_settings().cors_origins,
        allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        max_age=600,
    )
    origin.install(app)  # only CloudFront may call the API (when a secret is configured)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        # One correlation id per request: the caller's, else API Gateway's request id, else new.
        correlation_id = _correlation_id(request)
        logger.set_correlation_id(correlation_id)
        started = time.perf_counter()
        # Who acts is filled in by authentication; the request's writes carry its audit entry.
        audit = audit_context.begin_request(request.scope, correlation_id, client_address(request))
        try:
            response = await call_next(request)
        finally:
            audit_context.end_request(audit)
        response.headers["X-Correlation-Id"] = correlation_id
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": _logged_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        # /docs needs its own scripts; every API response forbids framing and caching.
        if not request.url.path.startswith(("/docs", "/redoc")):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        if "frame-ancestors" in response.headers.get("content-security-policy", ""):
            # The page states who may frame it; the blanket DENY would contradict that.
            del response.headers["x-frame-options"]
        return response

    include(app, (LazyRouter(*source) for source in ROUTERS))
    contract.install(app)  # every operation's errors, derived from its route
    return app


def _logged_path(request: Request) -> str:
    """The path, without the invitation token of a candidate page (a credential; the candidate
    API takes it in a header, which is not logged)."""
    path = request.url.path
    return "/i/{token}" if path.startswith("/i/") else path


def _correlation_id(request: Request) -> str:
    supplied = request.headers.get("x-correlation-id", "")
    if 0 < len(supplied) <= 128 and supplied.replace("-", "").isalnum():
        return supplied
    event = request.scope.get("aws.event") or {}
    request_id = event.get("requestContext", {}).get("requestId")
    return str(request_id) if request_id else uuid.uuid4().hex


app = create_app()
_mangum = Mangum(app, lifespan="off")
if init_before_requests():
    # SnapStart's snapshot or a provisioned instance: no request waits for this init, so it
    # loads what a first request would (every router, the X-Ray SDK behind the tracer).
    load_all(app)
    cast(LazyTracer, tracer).built  # noqa: B018 - built for its import, used per invocation
if _collecting:
    gc.enable()
gc.freeze()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    response: dict[str, Any] = _mangum(event, context)  # type: ignore[arg-type]
    return response
