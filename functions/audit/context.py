"""Who is acting in this request, for the audit entries its writes carry.

The API's middleware opens one `Request` holder per request (request id, source address, the
ASGI scope that later names the operation); the authentication dependency fills in the actor.
The holder is shared by reference, so what the dependency records (in FastAPI's worker thread,
in a copy of the context) is what the endpoint's writes see. Outside a request, or before
anyone is authenticated, there is no actor and writes carry no audit entry.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

ActorKind = Literal["user", "api_key"]


@dataclass(frozen=True)
class Actor:
    company_id: str
    actor_id: str
    kind: ActorKind
    role: str  # admin / hr / interviewer, or "api_key"
    action: str  # the API operation (operationId), e.g. updateCompany
    source_ip: str | None
    request_id: str | None


@dataclass
class _Request:
    request_id: str | None
    source_ip: str | None
    scope: MutableMapping[str, Any] = field(default_factory=dict)
    who: tuple[str, str, ActorKind, str] | None = None  # company, id, kind, role


_request: ContextVar[_Request | None] = ContextVar("audit_request", default=None)
_explicit: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


def begin_request(
    scope: MutableMapping[str, Any], request_id: str | None, source_ip: str | None
) -> object:
    """Called by the API middleware; the token goes back to `end_request`."""
    return _request.set(_Request(request_id=request_id, source_ip=source_ip, scope=scope))


def end_request(token: object) -> None:
    _request.reset(token)  # type: ignore[arg-type]


def identify(company_id: str, actor_id: str, kind: ActorKind, role: str) -> None:
    """The authenticated caller of the current request (no-op outside one)."""
    current = _request.get()
    if current is not None:
        current.who = (company_id, actor_id, kind, role)


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    """An actor outside the API's request cycle (a sign-in, a command, a test)."""
    token = _explicit.set(actor)
    try:
        yield
    finally:
        _explicit.reset(token)


def current_actor() -> Actor | None:
    explicit = _explicit.get()
    if explicit is not None:
        return explicit
    current = _request.get()
    if current is None or current.who is None:
        return None
    company_id, actor_id, kind, role = current.who
    route = current.scope.get("route")
    action = getattr(route, "operation_id", None) or f"{current.scope.get('method', '')} " + str(
        current.scope.get("path", "")
    )
    return Actor(
        company_id=company_id,
        actor_id=actor_id,
        kind=kind,
        role=role,
        action=action,
        source_ip=current.source_ip,
        request_id=current.request_id,
    )
