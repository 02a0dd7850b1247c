"""`make dev` prints its banner once the API listens: a script (or a developer) that sends a
request the moment it reads the banner is answered, not refused."""

from __future__ import annotations

import socket
import threading

import pytest
import uvicorn
from fastapi import FastAPI

from functions.local import platform


def test_the_banner_is_printed_once_the_port_accepts_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connectable_when_announced: list[bool] = []
    announced = threading.Event()

    def record(*_: object, **__: object) -> None:
        with socket.socket() as client:
            connectable_when_announced.append(client.connect_ex(("127.0.0.1", port)) == 0)
        announced.set()

    monkeypatch.setattr("builtins.print", record)
    config = uvicorn.Config(FastAPI(), host="127.0.0.1", port=port, log_level="warning")
    server = platform.AnnouncingServer(config, "ready")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        assert announced.wait(20), "no banner"
    finally:
        server.should_exit = True
        thread.join(20)
    assert connectable_when_announced == [True]
