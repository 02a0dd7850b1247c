"""`make dev`: the whole platform in one process on http://localhost:8000.

moto's server (embedded AWS) with the catalog's resources, the in-process Lambda runtime, the
FastAPI app under uvicorn, and (when built) the web app from frontend/dist. State is restored
from .local/state on start, saved every few seconds and on Ctrl-C.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from pathlib import Path

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from functions import wiring
from functions.local.aws import EmbeddedAws
from functions.local.checkout_page import with_checkout
from functions.local.event_sources import LocalEventSources
from functions.local.outbox_page import with_outbox
from functions.local.provision import local_settings_env, provision
from functions.local.schedules import LocalScheduler
from functions.local.seed import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
    INTERVIEWERS,
    RECRUITER_EMAIL,
    Demo,
    ensure_demo,
)
from functions.local.settings import LocalPlatformSettings, outbox_dir
from functions.local.state import StateKeeper
from functions.settings import get_settings

STOP_SECONDS = 2  # how long Ctrl-C waits for API requests under way
TICKS_PER_SECOND = 10  # uvicorn's on_tick does its once-a-second work when counter % 10 == 0


def with_frontend(app: FastAPI, dist: Path) -> FastAPI:
    """Serve the built SPA beside the API: its assets, and index.html for its client routes.
    Candidate pages (/i/...) are the API's own route, as in the cloud (their framing depends
    on the company); every other page may be framed by the app itself only."""
    index = dist / "index.html"
    if not index.exists():
        return app
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str, request: Request) -> FileResponse:
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        if "text/html" not in request.headers.get("accept", ""):
            raise HTTPException(404, f"there is no resource at /{path}; see /docs for the API")
        return FileResponse(index, headers={"Content-Security-Policy": "frame-ancestors 'self'"})

    return app


def banner(local: LocalPlatformSettings, demo: Demo, aws_url: str, seconds: float) -> str:
    base = f"http://localhost:{local.port}"
    return "\n".join(
        [
            "",
            f"  Interviews platform ready in {seconds:.1f} s on {base}",
            f"    API docs     {base}/docs   (OpenAPI: {base}/openapi.json)",
            f"    Embedded AWS {aws_url}   state kept in {local.state_dir}",
            f"    Recruiter    {RECRUITER_EMAIL} / {DEMO_PASSWORD}",
            f"    Admin        {ADMIN_EMAIL} / {DEMO_PASSWORD}",
            *(f"    Interviewer  {email} / {DEMO_PASSWORD}" for email, _, _ in INTERVIEWERS),
            f"    Candidate    {base}/i/{demo.candidate_token}",
            f"    Sign up      {base}/app/signup   (emails, codes too: {base}/local/outbox)",
            "  Ctrl-C stops and saves.",
            "",
        ]
    )


class AnnouncingServer(uvicorn.Server):
    """uvicorn that prints `announcement` once its port listens, not before: whoever reads the
    banner (a developer, a script waiting for it) can send a request at once."""

    def __init__(self, config: uvicorn.Config, announcement: str) -> None:
        super().__init__(config)
        self.announcement = announcement

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            print(self.announcement, flush=True)

    async def main_loop(self) -> None:
        """uvicorn's loop, ticking once a second instead of ten times: its tick refreshes the
        Date header once a second and looks whether Ctrl-C asked it to stop, which may take up
        to a second now (an idle process's wake-ups: issue 18)."""
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + TICKS_PER_SECOND) % 864000
            await asyncio.sleep(1.0)


def main() -> None:
    started = time.perf_counter()
    local = LocalPlatformSettings()
    with EmbeddedAws(port=local.aws_port) as aws:
        os.environ.update({"APP_STAGE": "local", "APP_AWS_ENDPOINT_URL": aws.endpoint_url})
        os.environ.setdefault("APP_PUBLIC_BASE_URL", f"http://localhost:{local.port}")
        os.environ["APP_OUTBOX_DIR"] = str(outbox_dir(local))
        os.environ["APP_SITE_DIR"] = str(local.frontend_dist)  # the candidate page's shell
        wiring.reset()
        resources = provision(get_settings())
        os.environ.update(local_settings_env(resources, aws.endpoint_url))
        wiring.reset()
        keeper = StateKeeper(
            local.state_dir,
            aws.endpoint_url,
            resources.region,
            local.save_every_seconds,
            gate=aws.gate,
            unfinished=aws.unfinished,
        )
        keeper.restore()
        demo = ensure_demo(local.state_dir)
        keeper.save()
        keeper.start()
        schedules = LocalScheduler(aws.endpoint_url, resources.region, resources.stage)
        schedules.start()  # reminders and expiry, as EventBridge Scheduler does in the cloud
        sources = LocalEventSources(get_settings()).start()  # outbox publisher, webhooks
        from functions.api.main import create_app
        from functions.local.live_signalling import with_live_signalling

        api = with_live_signalling(with_checkout(with_outbox(create_app())))
        app = with_frontend(api, local.frontend_dist)
        config = uvicorn.Config(
            app,
            host=local.host,
            port=local.port,
            log_level="warning",
            timeout_graceful_shutdown=STOP_SECONDS,
        )
        ready = banner(local, demo, aws.endpoint_url, time.perf_counter() - started)
        try:
            AnnouncingServer(config, ready).run()
        finally:
            # No new work; the work in flight is saved with the state and re-driven at the
            # next start, so nothing waits for it (a pipeline may run for minutes).
            sources.stop()
            schedules.stop()
            keeper.stop()
            aws.stop(drain=False)
            print("  Stopped; state saved.", flush=True)


if __name__ == "__main__":
    main()
