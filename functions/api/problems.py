"""Every error the API returns is application/problem+json (RFC 9457), mapped here only."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from functions.domain.errors import DomainError, TooManyRequests
from functions.observability import logger

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    field: str
    message: str
    type: str


class Problem(BaseModel):
    model_config = ConfigDict(extra="allow")  # RFC 9457 extension members, e.g. `reason`

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


def problem(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, object] | None = None,
) -> JSONResponse:
    body = Problem(
        type=f"/problems/{slug}",
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors,
        **(extensions or {}),
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    return ".".join(parts)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(field=_field_name(tuple(e["loc"])) or "body", message=e["msg"], type=e["type"])
        for e in exc.errors()
    ]
    listed = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    return problem(
        request,
        422,
        "validation",
        "Request validation failed",
        f"Fix these fields: {listed}",
        errors,
    )


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if isinstance(exc, TooManyRequests):
        headers = exc.headers
    extensions = dict(exc.extensions)
    # A domain check that names the field it refused, as request validation does.
    named = extensions.pop("errors", None)
    errors = [FieldError.model_validate(e) for e in named] if isinstance(named, list) else None
    return problem(
        request,
        exc.status,
        exc.slug,
        exc.title,
        exc.detail,
        errors,
        headers=headers,
        extensions=extensions,
    )


_HTTP_TITLES = {404: "Not found", 405: "Method not allowed", 401: "Authentication required"}


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "request refused"
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"there is no resource at {request.url.path}; see /docs for the API"
    title = _HTTP_TITLES.get(exc.status_code, "Request refused")
    headers = dict(exc.headers) if exc.headers else None
    return problem(
        request, exc.status_code, f"http-{exc.status_code}", title, detail, headers=headers
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error", extra={"path": request.url.path})
    return problem(
        request,
        500,
        "internal",
        "Internal error",
        "something went wrong on our side; it has been logged, try again shortly",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
