"""The OpenAPI document states every error an operation can answer, derived from what the
operation declares (its security, parameters and body).

Errors are application/problem+json (functions/api/problems.py). Rather than list them by hand on
each route, they follow from the operation:

- a staff or API-key credential: 401 (no or bad credential) and 403 (role, MFA or key scope);
- any credential: 429 (its request rate, functions/domain/rate_limits.py);
- the candidate's invitation token: 401 and 410 (the link expired, was cancelled or is done), and
  on a write 409 (the interview's state refuses it: answers in order, retakes used up);
- a path parameter, or a body field that refers to another resource (`*_id`, `*_ids`): 404 (no
  such resource in the caller's tenant);
- a write to an existing resource (path parameter and not GET): 409 (its state refuses it);
- a request body: 400 (not parseable as its content type);
- an Idempotency-Key: 409 (the same key still in flight) and 422 (the key reused with another body);
- any input at all (body, query, path or header): 422 (validation, naming the field).

A route adds what cannot be derived with `responses={status: {"model": Problem}}`; it is
documented as problem+json like the derived ones.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from functions.api.lazy_routes import load_all
from functions.api.problems import PROBLEM_JSON, Problem

_DESCRIPTIONS = {
    400: "The request cannot be served as sent",
    401: "No credential, or one that is not valid",
    402: "The plan's interviews for this month are used up: `plan`, `usage`, `limit`, "
    "`resets_at` and `upgrade_url` say which and where to upgrade",
    403: "The credential is valid but not allowed to do this",
    404: "No such resource in your company",
    409: "The resource's current state does not allow this",
    410: "The invitation link can no longer be used",
    422: "A field is not valid; `errors` names each one",
    429: "Too many requests: `Retry-After` says when to try again (RateLimit-* fields)",
}
# Declared by the routes that create interviews (it cannot be derived from the operation).
QUOTA_REFUSAL: dict[int | str, dict[str, Any]] = {
    402: {"model": Problem, "description": _DESCRIPTIONS[402]}
}
# Declared by the routes that need a recording the retention purge may have deleted.
RECORDINGS_DELETED: dict[int | str, dict[str, Any]] = {
    410: {
        "model": Problem,
        "description": "The recordings were deleted under the company's retention period",
    }
}
_STAFF_SCHEMES = {"HTTPBearer", "ApiKey"}
_CANDIDATE_SCHEMES = {"CandidateToken", "LiveCandidateToken"}
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def error_statuses(method: str, operation: dict[str, Any], schemas: dict[str, Any]) -> set[int]:
    """The problem+json statuses an operation can answer, from what it declares."""
    schemes = {name for requirement in operation.get("security", []) for name in requirement}
    where = {p["in"] for p in operation.get("parameters", [])}
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    write = method.upper() in _WRITES
    statuses: set[int] = set()
    if schemes & _STAFF_SCHEMES:
        statuses |= {401, 403, 429}
    if schemes & _CANDIDATE_SCHEMES:
        statuses |= {401, 410, 429} | ({409} if write else set())
    if "path" in where:
        statuses |= {404} | ({409} if write else set())
    if "idempotency-key" in headers:
        statuses |= {409, 422}
    if "requestBody" in operation:
        statuses |= {400, 422} | ({404} if _refers(operation, schemas) else set())
    if where:
        statuses.add(422)
    return statuses


def _refers(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """Whether the JSON body names another resource by id (a template, a question...)."""
    schema = _schema_of(operation["requestBody"]) or {}
    ref: str = schema.get("$ref", "")
    body = schemas.get(ref.rsplit("/", 1)[-1], schema) if ref else schema
    properties: dict[str, Any] = body.get("properties", {})
    return any(name.endswith(("_id", "_ids")) for name in properties)


def _schema_of(part: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of a request body's or response's first content type."""
    for media in part.get("content", {}).values():
        schema: dict[str, Any] | None = media.get("schema")
        return schema
    return None


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _PROBLEM_REF}}}


def _document_operation(operation: dict[str, Any], statuses: set[int]) -> None:
    responses: dict[str, Any] = operation["responses"]
    declared = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
    for status in sorted(statuses | declared):
        existing = responses.get(str(status), {})
        schema = _schema_of(existing)
        if existing and schema not in (None, _PROBLEM_REF, {"$ref": _VALIDATION_REF}):
            continue  # a route's own body for this status (e.g. the health report's 503)
        description = existing.get("description")
        if not description or description in {"Validation Error", "Successful Response"}:
            description = _DESCRIPTIONS.get(status, "The request was refused")
        responses[str(status)] = _problem_response(description)


_VALIDATION_REF = "#/components/schemas/HTTPValidationError"


def _problem_schemas() -> dict[str, Any]:
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    return {**defs, "Problem": schema}


def build_openapi(app: FastAPI) -> dict[str, Any]:
    load_all(app)  # every operation, including the routers no request has needed yet
    spec = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for operations in spec["paths"].values():
        for method, operation in operations.items():
            _document_operation(operation, error_statuses(method, operation, schemas))
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas.update(_problem_schemas())
    return spec


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
