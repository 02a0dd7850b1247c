"""The local platform's connections: the WebSocket endpoint's open sockets, in this process.

The use cases run in worker threads (they read and write the table); a frame is handed to the
socket's event loop and waited for, so a closed socket surfaces as ConnectionGone, as API
Gateway's 410 does in the cloud.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Protocol

from functions.live.ports import ConnectionGone

SEND_TIMEOUT_SECONDS = 10


class Socket(Protocol):
    async def send_text(self, data: str) -> None: ...


class LocalConnections:
    def __init__(self) -> None:
        self._sockets: dict[str, tuple[Socket, asyncio.AbstractEventLoop]] = {}
        self._lock = threading.Lock()

    def register(self, connection_id: str, socket: Socket, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            self._sockets[connection_id] = (socket, loop)

    def unregister(self, connection_id: str) -> None:
        with self._lock:
            self._sockets.pop(connection_id, None)

    def send(self, connection_id: str, frame: str) -> None:
        with self._lock:
            found = self._sockets.get(connection_id)
        if found is None:
            raise ConnectionGone(connection_id)
        socket, loop = found
        try:
            asyncio.run_coroutine_threadsafe(socket.send_text(frame), loop).result(
                SEND_TIMEOUT_SECONDS
            )
        except Exception as closed:  # a closed socket or loop: the connection is gone
            self.unregister(connection_id)
            raise ConnectionGone(connection_id) from closed
