"""The API's routers load with the first request under their paths (functions/api/lazy_routes.py):
a router whose prefixes leave out one of its routes would answer that route 404, so every route
must lie under them; a request loads only the routers that may serve it, and is served as the
eager app would serve it."""

from __future__ import annotations

import importlib

import pytest
from fastapi.testclient import TestClient

from functions.api.lazy_routes import LazyRouter
from functions.api.main import ROUTERS, create_app


@pytest.mark.parametrize("source", ROUTERS, ids=[f"{m}:{a}" for m, a, _ in ROUTERS])
def test_every_route_lies_under_its_routers_prefixes(source: tuple[str, str, tuple[str]]) -> None:
    module, attribute, prefixes = source
    router = getattr(importlib.import_module(module), attribute)
    lazy = LazyRouter(module, attribute, prefixes)
    outside = [route.path for route in router.routes if not lazy.covers(route.path)]
    assert outside == [], f"{module}:{attribute} serves {outside} outside {prefixes}"


def test_a_prefix_covers_its_subpaths_not_a_longer_word() -> None:
    lazy = LazyRouter("functions.api.routers.candidate", "router", ("/candidate",))
    assert lazy.covers("/candidate") and lazy.covers("/candidate/session")
    assert not lazy.covers("/candidates") and not lazy.covers("/")


def _loaded(app_routers: list[LazyRouter]) -> set[str]:
    return {router.source.rsplit(".", 1)[-1] for router in app_routers if router.loaded}


def test_a_request_loads_only_the_routers_that_may_serve_it() -> None:
    app = create_app()
    routers: list[LazyRouter] = app.state.lazy_routers
    assert _loaded(routers) == set()
    client = TestClient(app)

    response = client.get("/candidate/session")  # no invitation token

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    # /candidate/privacy is not /candidate/session, but `candidate` is its router's prefix too.
    assert _loaded(routers) == {"candidate:router"}

    assert client.get("/interviews/live").status_code == 401
    assert _loaded(routers) == {"candidate:router", "live:router"}
    missing = client.get("/nothing-here")
    assert missing.status_code == 404
    assert _loaded(routers) == {"candidate:router", "live:router"}


def test_a_path_served_for_another_method_is_still_405() -> None:
    # Matched partially (the path, not the method): the router loads and FastAPI answers 405,
    # as the eager app does, not 404.
    client = TestClient(create_app())
    response = client.delete("/candidate/session")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"


def test_the_openapi_document_loads_every_router() -> None:
    app = create_app()
    paths = app.openapi()["paths"]
    assert all(router.loaded for router in app.state.lazy_routers)
    assert {"/candidate/session", "/interviews/live", "/company/analytics"} <= set(paths)
