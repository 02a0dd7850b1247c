"""Routers imported with the first request that may be theirs (cold start, issue 18).

Each of the API's routers is included in the app, in its place, as an empty `LazyRouter` that
knows only the path prefixes of its routes. A request whose path starts with one of them imports
the router's module (its schemas, use cases and routes) before FastAPI matches it; a request for
another part of the API never pays for it. Matching is FastAPI's own and the order is the eager
app's, so a request is served by the same route either way. The OpenAPI document loads them all,
and so does an init that no request waits for (`init_before_requests`: SnapStart's snapshot, a
provisioned instance). tests/unit/test_api_lazy_routes.py checks that every route lies under its
router's prefixes.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Iterable

from fastapi import APIRouter, FastAPI
from starlette.routing import Match
from starlette.types import Scope

# Lambda's init types that run before any request is waiting (the snapshot SnapStart restores,
# a provisioned instance): there the whole app is built at init, as if nothing were lazy.
_INIT_BEFORE_REQUESTS = frozenset({"snap-start", "provisioned-concurrency"})


class LazyRouter(APIRouter):
    """The router `attribute` of `module`, included into this one when first needed."""

    def __init__(self, module: str, attribute: str, prefixes: Iterable[str]) -> None:
        super().__init__()
        self.source = f"{module}:{attribute}"
        self.prefixes = tuple(prefixes)
        self._module, self._attribute = module, attribute
        self._loaded = False
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._loaded

    def covers(self, path: str) -> bool:
        """Whether a route of this router may match `path`."""
        return any(path == prefix or path.startswith(f"{prefix}/") for prefix in self.prefixes)

    def load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                router = getattr(importlib.import_module(self._module), self._attribute)
                self.include_router(router)
                self._loaded = True

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if not self._loaded and self.covers(_route_path(scope)):
            self.load()
        return super().matches(scope)


def _route_path(scope: Scope) -> str:
    """The path routes match: without the root path an ASGI server may have put before it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(f"{root}/"):
        return path[len(root) :]
    return path


def init_before_requests() -> bool:
    """Whether this Lambda init runs before any request waits for it (AWS sets the variable)."""
    return os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE", "") in _INIT_BEFORE_REQUESTS


def include(app: FastAPI, routers: Iterable[LazyRouter]) -> None:
    """Include `routers` in `app`, in this order, each loaded when first needed."""
    lazy = list(routers)
    app.state.lazy_routers = lazy
    for router in lazy:
        app.include_router(router)


def load_all(app: FastAPI) -> None:
    """Import every lazy router of `app` (the OpenAPI document lists every operation)."""
    for router in getattr(app.state, "lazy_routers", ()):
        router.load()
